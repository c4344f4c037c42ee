package org.jclick.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.jclick.dataplane.element.ElementRegistry;
import org.jclick.lang.ClickFrontEnd;
import org.jclick.lang.ConfigResult;
import org.jclick.lang.ConfigStrings;
import org.jclick.lang.Diagnostic;
import org.jclick.lang.DiagnosticFormatter;
import org.jclick.lang.ElementCatalog;
import org.jclick.lang.FlatRouter;
import org.jclick.lang.PortCheck;
import org.jclick.lang.Unparser;

/**
 * {@code click-undead}: Click's dead-code remover, as a configuration-to-configuration tool. It reads a
 * configuration like click-flatten, and writes it flattened without the code no packet can use:
 *
 * <ol>
 * <li>{@code Null}, {@code StaticSwitch} and {@code StaticPullSwitch} are replaced by the connections they stand
 *     for (a switch's unused ports lose their connections);</li>
 * <li>elements not both reachable from a packet source and leading to a packet sink are removed. A source is an
 *     element of the library that may have outputs and no inputs, with none connected (FromDevice, InfiniteSource,
 *     FromDump, ...), a sink one that may have inputs and no outputs, with none connected (ToDevice, ToDump,
 *     Discard, ...); {@code Idle} is neither. An element of a class the library does not know counts as both, so
 *     it is kept, and so are information elements (no ports);</li>
 * <li>schedulers ({@code RoundRobinSched}, {@code PrioSched}, {@code StrideSched}, ...) lose their unconnected
 *     inputs, and tees ({@code Tee}, {@code PullTee}) their unconnected outputs, the remaining ports renumbered in
 *     order (StrideSched's tickets and Tee's count follow); one with a single port left is replaced by a
 *     connection.</li>
 * </ol>
 *
 * The graph compiler makes the same decisions at run time for the elements it can prove dead (it compiles them
 * as {@code dead}); this tool shows them as a configuration. Unlike Click's, a push {@code Discard} counts as a
 * sink: the counters in front of one are usually read.
 */
final class ClickUndeadTool {

    /** Pull schedulers whose inputs can be dropped and renumbered; StrideSched's arguments are per input. */
    private static final Set<String> SCHEDULERS = Set.of("RoundRobinSched", "PrioSched", "StrideSched", "DRRSched",
            "BalancedThreadSched", "SimplePrioSched", "SimpleRoundRobinSched");
    private static final Set<String> TEES = Set.of("Tee", "PullTee");

    private ClickUndeadTool() {
    }

    static int run(String program, String[] args, Streams io) {
        final int[] status = new int[1];
        final ClickFlattenTool.Request request = ClickFlattenTool.parse(program, "click-undead", args, io,
                () -> usage(program, io), status);
        if (request == null) {
            return status[0];
        }
        if (!request.flatten()) {
            io.err().println(program + ": --classes, --names and --declarations are click-flatten's options");
            return 1;
        }
        final ClickFrontEnd frontEnd = new ClickFrontEnd(ElementCatalog.tools(),
                ConfigInput.libraryPath(request.clickpath())).clickCompatible();
        final ConfigResult result = request.input().loadArchive(frontEnd, request.defines(), io.in()).result();
        for (Diagnostic d : result.diagnostics()) {
            io.err().print(DiagnosticFormatter.click(d));
        }
        if (result.hasErrors()) {
            return 1;
        }
        final FlatRouter undead = transform(result.router(), ElementRegistry.loadDefault());
        return ClickFlattenTool.write(request, Unparser.unparse(undead, true), io);
    }

    // ------------------------------------------------------------------------------------------ the transform

    /** A mutable copy of the flat graph: elements keep their original indexes; removed ones are null. */
    private static final class Graph {
        final FlatRouter.Element[] elements;
        final String[] configs;
        final List<FlatRouter.Connection> connections;

        Graph(FlatRouter router) {
            elements = router.elements().toArray(FlatRouter.Element[]::new);
            configs = new String[elements.length];
            for (int i = 0; i < elements.length; i++) {
                configs[i] = elements[i].config();
            }
            connections = new ArrayList<>(router.connections());
        }

        List<FlatRouter.Connection> into(int e, int port) {
            final List<FlatRouter.Connection> out = new ArrayList<>();
            for (FlatRouter.Connection c : connections) {
                if (c.to() == e && (port < 0 || c.toPort() == port)) {
                    out.add(c);
                }
            }
            return out;
        }

        List<FlatRouter.Connection> from(int e, int port) {
            final List<FlatRouter.Connection> out = new ArrayList<>();
            for (FlatRouter.Connection c : connections) {
                if (c.from() == e && (port < 0 || c.fromPort() == port)) {
                    out.add(c);
                }
            }
            return out;
        }

        /** Removes element {@code e}, joining each connection into {@code inPort} to each one out of {@code outPort}. */
        void bypass(int e, int inPort, int outPort) {
            final List<FlatRouter.Connection> ins = into(e, inPort);
            final List<FlatRouter.Connection> outs = from(e, outPort);
            // the joined connections take the place of the element's first connection
            int at = connections.size();
            for (int i = 0; i < connections.size(); i++) {
                final FlatRouter.Connection c = connections.get(i);
                if (c.from() == e || c.to() == e) {
                    at = Math.min(at, i);
                }
            }
            final List<FlatRouter.Connection> joined = new ArrayList<>();
            for (FlatRouter.Connection in : ins) {
                for (FlatRouter.Connection out : outs) {
                    joined.add(new FlatRouter.Connection(in.from(), in.fromPort(), out.to(), out.toPort(), in.location()));
                }
            }
            remove(e);
            connections.addAll(Math.min(at, connections.size()), joined);
        }

        void remove(int e) {
            connections.removeIf(c -> c.from() == e || c.to() == e);
            elements[e] = null;
        }

        FlatRouter toRouter(List<FlatRouter.Requirement> requirements) {
            final int[] newIndex = new int[elements.length];
            final List<FlatRouter.Element> kept = new ArrayList<>();
            for (int i = 0; i < elements.length; i++) {
                final FlatRouter.Element e = elements[i];
                if (e == null) {
                    newIndex[i] = -1;
                    continue;
                }
                newIndex[i] = kept.size();
                kept.add(new FlatRouter.Element(kept.size(), e.name(), e.className(), configs[i], e.location(),
                        configs[i].equals(e.config()) ? e.configLocation() : null));
            }
            final List<FlatRouter.Connection> conns = new ArrayList<>();
            for (FlatRouter.Connection c : connections) {
                conns.add(new FlatRouter.Connection(newIndex[c.from()], c.fromPort(), newIndex[c.to()], c.toPort(),
                        c.location()));
            }
            return new FlatRouter(kept, conns, requirements);
        }
    }

    static FlatRouter transform(FlatRouter router, ElementRegistry registry) {
        final Graph g = new Graph(router);
        removeSwitches(g);
        removeUnreachable(g, registry);
        for (int e = 0; e < g.elements.length; e++) {
            if (g.elements[e] == null) {
                continue;
            }
            final String cls = g.elements[e].className();
            if (SCHEDULERS.contains(cls)) {
                compactPorts(g, e, true);
            } else if (TEES.contains(cls)) {
                compactPorts(g, e, false);
            }
        }
        return g.toRouter(router.requirements());
    }

    private static void removeSwitches(Graph g) {
        for (int e = 0; e < g.elements.length; e++) {
            final FlatRouter.Element el = g.elements[e];
            if (el == null) {
                continue;
            }
            switch (el.className()) {
                case "Null" -> g.bypass(e, 0, 0);
                case "StaticSwitch" -> {
                    final Integer k = portArgument(el.config());
                    if (k != null) {
                        g.bypass(e, 0, k);
                    }
                }
                case "StaticPullSwitch" -> {
                    final Integer k = portArgument(el.config());
                    if (k != null) {
                        g.bypass(e, k, 0);
                    }
                }
                default -> {
                }
            }
        }
    }

    /** A switch's output number; -1 (no output) for a negative one; null when it is not a number. */
    private static Integer portArgument(String config) {
        try {
            final int k = Integer.parseInt(ConfigStrings.uncomment(config).strip());
            return Math.max(k, -1);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void removeUnreachable(Graph g, ElementRegistry registry) {
        final int n = g.elements.length;
        final BitSet sources = new BitSet(n);
        final BitSet sinks = new BitSet(n);
        final BitSet keep = new BitSet(n);
        for (int e = 0; e < n; e++) {
            final FlatRouter.Element el = g.elements[e];
            if (el == null) {
                continue;
            }
            final String spec = registry.isElementClass(el.className()) ? registry.portCount(el.className()) : null;
            if (spec == null) {
                sources.set(e);
                sinks.set(e);
                continue;
            }
            final PortCheck.PortCount pc = PortCheck.PortCount.parse(spec);
            if (pc.inMax() == 0 && pc.outMax() == 0) {
                keep.set(e); // an information element
            } else if (!el.className().equals("Idle")) {
                // where packets start: no input connected, though the class may have outputs; where they
                // end: no output connected, though the class may have inputs (ToDump's output is optional)
                final boolean connectedIn = !g.into(e, -1).isEmpty();
                final boolean connectedOut = !g.from(e, -1).isEmpty();
                if (pc.inMin() == 0 && !connectedIn && pc.outMax() > 0) {
                    sources.set(e);
                }
                if (pc.outMin() == 0 && !connectedOut && pc.inMax() > 0) {
                    sinks.set(e);
                }
            }
        }
        final BitSet forward = closure(g, sources, true);
        final BitSet backward = closure(g, sinks, false);
        forward.and(backward);
        forward.or(keep);
        for (int e = 0; e < n; e++) {
            if (g.elements[e] != null && !forward.get(e)) {
                g.remove(e);
            }
        }
    }

    private static BitSet closure(Graph g, BitSet start, boolean downstream) {
        final BitSet seen = (BitSet)start.clone();
        final ArrayList<Integer> work = new ArrayList<>();
        start.stream().forEach(work::add);
        while (!work.isEmpty()) {
            final int e = work.removeLast();
            for (FlatRouter.Connection c : g.connections) {
                final int next = downstream ? (c.from() == e ? c.to() : -1) : (c.to() == e ? c.from() : -1);
                if (next >= 0 && !seen.get(next)) {
                    seen.set(next);
                    work.add(next);
                }
            }
        }
        return seen;
    }

    /**
     * Drops a scheduler's unconnected inputs ({@code inputs}) or a tee's unconnected outputs, renumbering the rest
     * in order; an element left with one such port is replaced by a connection.
     */
    private static void compactPorts(Graph g, int e, boolean inputs) {
        final TreeSet<Integer> used = new TreeSet<>();
        for (FlatRouter.Connection c : g.connections) {
            if (inputs && c.to() == e) {
                used.add(c.toPort());
            } else if (!inputs && c.from() == e) {
                used.add(c.fromPort());
            }
        }
        if (used.size() == 1) {
            final int port = used.first();
            g.bypass(e, inputs ? port : 0, inputs ? 0 : port);
            return;
        }
        if (used.isEmpty()) {
            return;
        }
        final Integer[] ports = used.toArray(Integer[]::new);
        boolean dense = true;
        for (int i = 0; i < ports.length; i++) {
            dense &= ports[i] == i;
        }
        if (dense) {
            return;
        }
        for (int i = 0; i < g.connections.size(); i++) {
            final FlatRouter.Connection c = g.connections.get(i);
            if (inputs && c.to() == e) {
                g.connections.set(i, new FlatRouter.Connection(c.from(), c.fromPort(), c.to(),
                        Arrays.binarySearch(ports, c.toPort()), c.location()));
            } else if (!inputs && c.from() == e) {
                g.connections.set(i, new FlatRouter.Connection(c.from(), Arrays.binarySearch(ports, c.fromPort()),
                        c.to(), c.toPort(), c.location()));
            }
        }
        final String cls = g.elements[e].className();
        final List<String> args = ConfigStrings.argvec(g.configs[e]);
        if (cls.equals("StrideSched") && args.size() > ports[ports.length - 1]) {
            final List<String> keptArgs = new ArrayList<>();
            for (int p : ports) {
                keptArgs.add(args.get(p));
            }
            g.configs[e] = String.join(", ", keptArgs);
        } else if (TEES.contains(cls) && args.size() == 1 && portArgument(args.get(0)) != null) {
            g.configs[e] = Integer.toString(ports.length);
        }
    }

    static void usage(String program, Streams io) {
        final PrintStream out = io.out();
        out.print("""
                'Click-undead' reads a Click configuration and writes it flattened, without the
                elements and ports no packet can use: Null and static switches, elements not
                between a packet source and a packet sink, unused scheduler inputs and tee
                outputs.

                Usage: %1$s [OPTION]... [ROUTERFILE] [PARAM=VALUE]...

                Options:
                  -f, --file FILE           Read router configuration from FILE.
                  -e, --expression EXPR     Use EXPR as router configuration.
                  -o, --output FILE         Write output configuration to FILE.
                  -C, --clickpath PATH      Use PATH for CLICKPATH.
                      --help                Print this message and exit.
                  -v, --version             Print version number and exit.
                """.formatted(program));
        out.flush();
    }

    /** For tests: the transform of a configuration already flattened. */
    static FlatRouter transform(FlatRouter router) {
        return transform(router, ElementRegistry.loadDefault());
    }
}
