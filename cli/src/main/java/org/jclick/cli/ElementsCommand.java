package org.jclick.cli;

import java.util.TreeSet;
import java.util.concurrent.Callable;

import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ElementRegistry;
import org.jclick.lang.ElementCatalog;
import org.jclick.lang.Suggestions;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "elements", mixinStandardHelpOptions = true,
        description = {"Lists the element classes of the element library, one per line, or describes one class."},
        footer = {"", "Exit status: 0 ok, 1 unknown class (or no element library to ask), 2 usage error."})
final class ElementsCommand implements Callable<Integer> {

    static final String NOT_BUILT = "jclick: the element library is not built yet, so no element classes are known; "
            + "the Click language itself defines only the pseudo-elements 'input' and 'output' of compound elements";

    @Parameters(paramLabel = "CLASS", arity = "0..1", description = "An element class to describe.")
    String name;

    private final Streams io;

    ElementsCommand(Streams io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        final ElementCatalog catalog = Catalogs.registry();
        if (catalog == null) {
            io.err().println(NOT_BUILT);
            return name == null ? 0 : 1;
        }
        if (name == null) {
            final StringBuilder sb = new StringBuilder();
            for (String c : new TreeSet<>(catalog.classNames())) {
                sb.append(c).append('\n');
            }
            io.out().print(sb);
            io.out().flush();
            return 0;
        }
        if (!catalog.isElementClass(name)) {
            final String near = Suggestions.closest(name, catalog.classNames());
            io.err().println("jclick: unknown element class '" + name + "'"
                    + (near == null ? "" : " (did you mean '" + near + "'?)"));
            return 1;
        }
        final StringBuilder sb = new StringBuilder();
        if (catalog instanceof ElementRegistry registry && registry.doc(name) != null) {
            describe(sb, name, registry);
        } else {
            sb.append(name).append('\n');
            final String ports = catalog.portCount(name);
            sb.append("  ports: ").append(ports == null ? "unknown" : ports + " (inputs/outputs)").append('\n');
            sb.append("  documentation: none\n");
        }
        io.out().print(sb);
        io.out().flush();
        return 0;
    }

    /** Click's element documentation sections, from the class's {@link ElementDoc}. */
    static void describe(StringBuilder sb, String name, ElementRegistry registry) {
        final ElementDoc doc = registry.doc(name);
        final org.jclick.dataplane.element.Element proto = registry.prototype(name);
        sb.append("NAME\n    ").append(name).append(doc.category().isEmpty() ? "" : " (" + doc.category() + ")")
                .append("\n\nSYNOPSIS\n    ").append(doc.synopsis()).append("\n\nPORTS\n    ")
                .append(doc.ports().isEmpty() ? "" : doc.ports() + "; ")
                .append("port count ").append(proto.portCount()).append(", processing ").append(proto.processing())
                .append("\n\nDESCRIPTION\n");
        for (String line : doc.description().strip().split("\n")) {
            sb.append("    ").append(line.strip()).append('\n');
        }
        section(sb, "KEYWORDS", doc.keywords());
        section(sb, "HANDLERS", doc.handlers());
        if (!doc.example().isEmpty()) {
            sb.append("\nEXAMPLE\n");
            for (String line : doc.example().split("\n")) {
                sb.append("    ").append(line).append('\n');
            }
        }
        if (doc.seeAlso().length > 0) {
            sb.append("\nSEE ALSO\n    ").append(String.join(", ", doc.seeAlso())).append('\n');
        }
    }

    private static void section(StringBuilder sb, String title, String[] items) {
        if (items.length == 0) {
            return;
        }
        sb.append('\n').append(title).append('\n');
        for (String item : items) {
            sb.append("    ").append(item).append('\n');
        }
    }
}
