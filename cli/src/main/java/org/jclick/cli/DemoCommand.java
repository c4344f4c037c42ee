package org.jclick.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementRegistry;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.runtime.Clock;
import org.jclick.dataplane.runtime.Router;
import org.jclick.lang.ConfigResult;
import org.jclick.lang.Unparser;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Checks, flattens and draws every bundled example configuration (configs/*.click), "
                + "writing FLAT.click, DOT and (with Graphviz) SVG files, and prints a summary per configuration. "
                + "Then runs forwarder.click and nfv-chain.click (firewall -> NAT -> load balancer) on traces it "
                + "makes, prints their counters, drops and rates, writes the output pcaps and draws nfv-chain's "
                + "graph with the packet counts on its edges."},
        footer = {"", "Exit status: 0 every configuration is fine, 1 some configuration has errors, 2 usage error."})
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--configs", paramLabel = "DIR", description = "Where the configurations are (default: the bundled configs/).")
    Path configs;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Where to write the results (default: out/demo/ in the jclick directory).")
    Path out;

    private final Streams io;
    private final Catalogs.ForCommands catalogs;

    DemoCommand(Streams io, Catalogs.ForCommands catalogs) {
        this.io = io;
        this.catalogs = catalogs;
    }

    @Override
    public Integer call() throws IOException {
        final Path home = Main.home();
        final Path dir = configs != null ? configs : home.resolve("configs");
        final Path outDir = out != null ? out : home.resolve("out").resolve("demo");
        if (!Files.isDirectory(dir)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no configuration directory " + shown(dir));
        }
        final List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.click")) {
            ds.forEach(files::add);
        }
        files.sort(null);
        if (files.isEmpty()) {
            io.err().println("jclick: no *.click files in " + shown(dir));
            return 1;
        }
        Files.createDirectories(outDir);
        final boolean graphviz = Graphviz.find() != null;
        int width = 0;
        for (Path f : files) {
            width = Math.max(width, f.getFileName().toString().length());
        }

        io.out().println("jclick demo: " + files.size() + " configurations in " + shown(dir) + " -> " + shown(outDir));
        int failed = 0;
        for (Path f : files) {
            final String file = f.getFileName().toString();
            final String base = file.substring(0, file.length() - ".click".length());
            final ConfigResult r = ConfigArgs.load(f.toString(), Map.of(), catalogs.get(), null, io);
            io.out().flush();
            if (!ConfigArgs.report(r, io, true)) {
                failed++;
                io.out().printf("  %-" + width + "s  ERRORS (see above)%n", file);
                continue;
            }
            final int elements = r.router().elements().size();
            final int connections = r.router().connections().size();
            Files.writeString(outDir.resolve(base + ".flat.click"), Unparser.unparse(r.router()), Streams.CHARSET);
            final String dot = new DotRenderer(false, true).render(r.router(), file);
            final Path dotFile = outDir.resolve(base + ".dot");
            Files.writeString(dotFile, dot, Streams.CHARSET);
            Path picture = dotFile;
            if (graphviz) {
                final Path svg = outDir.resolve(base + ".svg");
                try {
                    Graphviz.render(dot, "svg", svg);
                    picture = svg;
                } catch (Graphviz.GraphvizException e) {
                    io.err().println("jclick: " + file + ": " + e.getMessage());
                }
            }
            io.out().printf("  %-" + width + "s  %3d elements, %3d connections  -> %s%n", file, elements, connections,
                    shown(picture));
        }
        if (!graphviz) {
            io.out().println("  (" + Graphviz.MISSING + " to get SVG drawings; the DOT files are written)");
        }
        io.out().println(failed == 0
                ? "All " + files.size() + " configurations check, flatten and draw."
                : failed + " of " + files.size() + " configurations have errors.");
        io.out().flush();
        if (failed == 0 && Files.isRegularFile(dir.resolve("forwarder.click"))) {
            failed += runForwarder(dir.resolve("forwarder.click"), outDir);
        }
        if (failed == 0 && Files.isRegularFile(dir.resolve("nfv-chain.click"))) {
            failed += runNfvChain(dir.resolve("nfv-chain.click"), outDir, graphviz);
        }
        return failed == 0 ? 0 : 1;
    }

    /** Runs forwarder.click on a trace the demo makes, and reports its counters. */
    private int runForwarder(Path config, Path outDir) throws IOException {
        final ElementRegistry registry = Catalogs.runtime();
        if (registry == null) {
            return 0;
        }
        final Path in = outDir.resolve("demo-in.pcap");
        final Path outPcap = outDir.resolve("demo-out.pcap");
        final int packets = 100_000;
        DemoTrace.write(in, packets, 1000, 7);
        final Map<String, String> defines = Map.of("IN", in.toString(), "OUT", outPcap.toString());
        final ConfigResult r = ConfigArgs.load(config.toString(), defines, registry, null, io);
        if (!ConfigArgs.report(r, io, true)) {
            return 1;
        }
        final ErrorHandler errh = ErrorHandler.printing(io.err());
        final Router router = Router.build(r.router(), registry,
                new Router.Options(Clock.wall(), 1, "", Unparser.unparse(r.router())), errh);
        if (router == null || router.initialize(errh) < 0) {
            if (router != null) {
                router.cleanup();
            }
            io.err().println("jclick demo: forwarder.click could not be initialized");
            return 1;
        }
        EngineOptions.apply(router, "forwarder.click", EngineOptions.defaultEngine(), null, false, io.err());
        final long t0 = System.nanoTime();
        Interrupts.run(router);
        final double seconds = (System.nanoTime() - t0) / 1e9;
        final ErrorHandler.Buffer e = new ErrorHandler.Buffer();
        final String count = router.handler("link/count.count", null, e).callRead("", e).strip();
        final String bytes = router.handler("link/count.byte_count", null, e).callRead("", e).strip();
        router.cleanup();
        router.releaseMemory();
        io.out().printf(java.util.Locale.ROOT,
                "Ran forwarder.click on %s (%d packets made by the demo): link/count.count=%s byte_count=%s, "
                        + "%.2f s, %.2f Mpps -> %s%n", shown(in), packets, count, bytes, seconds,
                Long.parseLong(count) / seconds / 1e6, shown(outPcap));
        io.out().flush();
        return Long.parseLong(count) == packets ? 0 : 1;
    }

    /** Flows in the demo's nfv-chain trace, and the seed that makes it. */
    static final int NFV_FLOWS = 3000;
    static final long NFV_SEED = 11;
    /** Rounds of traffic in the demo's router.click traces. */
    static final int ROUTER_ROUNDS = 200;

    /**
     * Runs nfv-chain.click on a trace the demo makes (DemoTrace.writeNfv), prints every Counter's count and the
     * drops of every element that has a drops handler, and the rate; draws the graph with the packet counts on
     * its edges. Fails if a counter differs from what the trace was made to contain.
     */
    private int runNfvChain(Path config, Path outDir, boolean graphviz) throws IOException {
        final ElementRegistry registry = Catalogs.runtime();
        if (registry == null) {
            return 0;
        }
        final Path in = outDir.resolve("nfv-in.pcap");
        final DemoTrace.NfvStats expect = DemoTrace.writeNfv(in, NFV_FLOWS, NFV_SEED);
        // the same clients with replies addressed for nat.click and lb.click alone, for trying those by hand
        DemoTrace.writeNfv(outDir.resolve("nat-in.pcap"), NFV_FLOWS, NFV_SEED, DemoTrace.Mode.NAT);
        DemoTrace.writeNfv(outDir.resolve("lb-in.pcap"), NFV_FLOWS, NFV_SEED, DemoTrace.Mode.LB);
        // and the two interface traces of router.click (run it with --simtime IN0=... IN1=...)
        DemoTrace.writeRouter(outDir.resolve("router-in0.pcap"), outDir.resolve("router-in1.pcap"), ROUTER_ROUNDS);
        final Map<String, String> defines = Map.of("IN", in.toString(),
                "OUT", outDir.resolve("nfv-out.pcap").toString(),
                "RET", outDir.resolve("nfv-ret.pcap").toString(),
                "DENIED", outDir.resolve("nfv-denied.pcap").toString());
        final ConfigResult r = ConfigArgs.load(config.toString(), defines, registry, null, io);
        if (!ConfigArgs.report(r, io, true)) {
            return 1;
        }
        final ErrorHandler errh = ErrorHandler.printing(io.err());
        final Router router = Router.build(r.router(), registry,
                new Router.Options(Clock.wall(), 1, "", Unparser.unparse(r.router())), errh);
        if (router == null || router.initialize(errh) < 0) {
            if (router != null) {
                router.cleanup();
            }
            io.err().println("jclick demo: nfv-chain.click could not be initialized");
            return 1;
        }
        EngineOptions.apply(router, "nfv-chain.click", EngineOptions.defaultEngine(), null, false, io.err());
        final long t0 = System.nanoTime();
        Interrupts.run(router);
        final double seconds = (System.nanoTime() - t0) / 1e9;
        final ErrorHandler.Buffer e = new ErrorHandler.Buffer();
        final Map<String, Long> counts = new LinkedHashMap<>();     // Counter name -> count
        final List<String> lines = new ArrayList<>();
        for (Element el : router.elements()) {
            final boolean counter = el.className().equals("Counter");
            final String h = counter ? "count" : router.handlers().find(el, "drops") != null ? "drops" : null;
            if (h == null) {
                continue;
            }
            final long v = Long.parseLong(router.handler(el.name() + "." + h, null, e).callRead("", e).strip());
            if (counter) {
                counts.put(el.name(), v);
            }
            lines.add(String.format(java.util.Locale.ROOT, "    %-22s %8d", el.name() + "." + h, v));
            if (!counter) {
                counts.put(el.name() + ".drops", v);
            }
        }
        router.cleanup();
        router.releaseMemory();
        final long packets = counts.getOrDefault("in", 0L);
        io.out().printf(java.util.Locale.ROOT, "Ran nfv-chain.click (firewall -> NAT -> load balancer) on %s "
                + "(%d packets, %d flows made by the demo): %.2f s, %.3f Mpps (one run on a cold JVM; "
                + "jclick bench measures steady-state rates)%n", shown(in), expect.packets(),
                NFV_FLOWS, seconds, packets / seconds / 1e6);
        lines.forEach(io.out()::println);

        // the graph, with each Counter's count on the connections into and out of it
        final Map<Integer, String> names = new java.util.HashMap<>();
        final Map<Integer, Integer> inputs = new java.util.HashMap<>();
        for (org.jclick.lang.FlatRouter.Element fe : r.router().elements()) {
            names.put(fe.index(), fe.name());
        }
        for (org.jclick.lang.FlatRouter.Connection c : r.router().connections()) {
            inputs.merge(c.to(), 1, Integer::sum);
        }
        final String dot = new DotRenderer(false, true).render(r.router(), "nfv-chain.click", c -> {
            final Long from = counts.get(names.get(c.from()));
            if (from != null) {
                return Long.toString(from);
            }
            final Long to = counts.get(names.get(c.to()));
            return to != null && inputs.get(c.to()) == 1 ? Long.toString(to) : null;
        });
        final Path dotFile = outDir.resolve("nfv-chain.run.dot");
        Files.writeString(dotFile, dot, Streams.CHARSET);
        Path picture = dotFile;
        if (graphviz) {
            try {
                Graphviz.render(dot, "svg", outDir.resolve("nfv-chain.run.svg"));
                picture = outDir.resolve("nfv-chain.run.svg");
            } catch (Graphviz.GraphvizException ex) {
                io.err().println("jclick: nfv-chain.click: " + ex.getMessage());
            }
        }
        io.out().println("  -> " + shown(outDir.resolve("nfv-out.pcap")) + " (to backends and resolvers), "
                + shown(outDir.resolve("nfv-ret.pcap")) + " (to clients), " + shown(outDir.resolve("nfv-denied.pcap"))
                + "; graph with packet counts: " + shown(picture));

        final Map<String, Long> wanted = new LinkedHashMap<>();
        wanted.put("in", (long) expect.packets());
        wanted.put("c_bad", (long) expect.malformed());
        wanted.put("c_nonip", (long) expect.nonIp());
        wanted.put("c_deny", (long) expect.denied());
        wanted.put("c_out_web", (long) expect.webOut());
        wanted.put("c_ret_web", (long) expect.webReplies());
        wanted.put("c_out_dns", (long) expect.dnsQueries());
        wanted.put("c_ret_dns", (long) expect.dnsAnswers());
        wanted.put("nat.drops", (long) expect.unsolicitedDns());
        wanted.put("lb.drops", (long) expect.unsolicitedWeb());
        final List<String> wrong = new ArrayList<>();
        wanted.forEach((k, v) -> {
            if (!v.equals(counts.get(k))) {
                wrong.add(k + "=" + counts.get(k) + " (the trace has " + v + ")");
            }
        });
        io.out().println(wrong.isEmpty() ? "  Every counter matches what the trace was made to contain."
                : "  Counters differ from the trace: " + String.join(", ", wrong));
        io.out().flush();
        return wrong.isEmpty() ? 0 : 1;
    }

    /** A path as the user would type it from the current directory. */
    static String shown(Path p) {
        try {
            final Path cwd = Path.of("").toAbsolutePath();
            final Path abs = p.toAbsolutePath().normalize();
            if (abs.startsWith(cwd)) {
                final String rel = cwd.relativize(abs).toString();
                return rel.isEmpty() ? "." : rel;
            }
            return abs.toString();
        } catch (RuntimeException e) {
            return p.toString();
        }
    }
}
