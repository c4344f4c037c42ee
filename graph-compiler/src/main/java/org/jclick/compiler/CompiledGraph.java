package org.jclick.compiler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jclick.compiler.GraphPlan.Kind;
import org.jclick.compiler.GraphPlan.Node;

/** A router's compiled form: the plan, the generated classes, and what fell back to the interpreter. */
public final class CompiledGraph
{
    /** The router attachment under which {@link GraphCompiler#install} leaves the compiled graph. */
    public static final String ATTACHMENT = "jclick.compiled-graph";

    private final GraphPlan plan;
    private final Map<String, byte[]> classes;
    private final List<String> fallbacks;

    CompiledGraph(final GraphPlan plan, final Map<String, byte[]> classes, final List<String> fallbacks)
    {
        this.plan = plan;
        this.classes = Collections.unmodifiableMap(classes);
        this.fallbacks = List.copyOf(fallbacks);
    }

    public GraphPlan plan()
    {
        return plan;
    }

    /** Generated classes: binary name to class-file bytes. */
    public Map<String, byte[]> classes()
    {
        return classes;
    }

    /** Elements that fell back to their interpreted code, with the reason. */
    public List<String> fallbacks()
    {
        return fallbacks;
    }

    /** How many elements got each kind of code. */
    public int count(final Kind kind)
    {
        int n = 0;
        for (final Node node : plan.nodes())
        {
            if (node.kind == kind)
            {
                n++;
            }
        }
        return n;
    }

    /** A readable summary: one line per element with its kind and generated class. */
    public String summary()
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("# compiled graph of ").append(plan.sourceFile()).append(" (package ").append(plan.packageName())
            .append(")\n");
        sb.append("# kinds: action = the element's work called directly, output 0 a direct call; classifier = decision\n"
            + "# program as bytecode, batch split once; linked = the element's own batch code called directly;\n"
            + "# source = no push input (enters compiled code through its ports); dead = no packet can reach it\n");
        for (final Node n : plan.nodes())
        {
            sb.append(String.format(Locale.ROOT, "%-28s %-18s %-10s %s%s%n", n.element.name(), n.element.className(),
                n.kind.name().toLowerCase(Locale.ROOT), n.className == null ? "-" : n.className,
                n.reason.isEmpty() ? "" : "  (" + n.reason + ")"));
            final SegmentEmitter.Fused f = n.className == null ? null : SegmentEmitter.Fused.of(n);
            final SegmentEmitter.SinkTail[] sinks = f == null ? new SegmentEmitter.SinkTail[0] : f.sinks();
            if (f != null && (f.chain().size() > 1 || f.classifier() != null))
            {
                final StringBuilder chain = new StringBuilder();
                for (final Node c : f.chain())
                {
                    chain.append(chain.isEmpty() ? "" : " -> ").append(c.element.name());
                }
                if (f.classifier() != null)
                {
                    chain.append(" -> ").append(f.classifier().element.name());
                }
                sb.append("#   fused: ").append(chain).append(" run packet by packet in one loop per batch\n");
            }
            for (int i = 0; i < sinks.length; i++)
            {
                if (sinks[i] != null)
                {
                    final StringBuilder path = new StringBuilder(f.classifier() == null ? f.last().element.name()
                        : f.classifier().element.name() + "[" + i + "]");
                    for (final Node c : sinks[i].chain())
                    {
                        path.append(" -> ").append(c.element.name());
                    }
                    path.append(" -> ").append(sinks[i].discard().element.name());
                    sb.append("#   in the same loop: ").append(path).append(", packet by packet\n");
                }
            }
        }
        return sb.toString();
    }

    /**
     * Writes every class under {@code dir} (as {@code org/jclick/gen/NAME/Class.class}), the summary as
     * {@code graph.txt}, and a {@code javap} listing of each class beside it as {@code Class.txt}.
     */
    public void dump(final Path dir) throws IOException
    {
        Files.createDirectories(dir);
        final List<Path> written = new ArrayList<>();
        for (final Map.Entry<String, byte[]> e : classes.entrySet())
        {
            final Path file = dir.resolve(e.getKey().replace('.', '/') + ".class");
            Files.createDirectories(file.getParent());
            Files.write(file, e.getValue());
            written.add(file);
        }
        GraphCompiler.writeString(dir.resolve(plan.packageName().replace('.', '/')).resolve("graph.txt"), summary());
        for (final Path file : written)
        {
            final String listing = GraphCompiler.disassemble(List.of(file));
            if (listing != null)
            {
                final String name = file.getFileName().toString();
                GraphCompiler.writeString(file.resolveSibling(name.substring(0, name.length() - 6) + ".txt"), listing);
            }
        }
    }
}
