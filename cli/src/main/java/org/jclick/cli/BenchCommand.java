package org.jclick.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jclick.dataplane.element.ElementRegistry;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.runtime.Clock;
import org.jclick.dataplane.runtime.Router;
import org.jclick.lang.ConfigResult;
import org.jclick.lang.Unparser;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a benchmark configuration several times in one JVM and reports each run and the median.",
                "The configuration reports its own result with a line 'RESULT ... n=PACKETS proc_s=SECONDS "
                        + "mpps=...' (the files of the benchmark kit in ../shared/bench do); jclick adds ns per "
                        + "packet and Gbps (from the trace's mean frame size, plus 24 bytes of Ethernet overhead "
                        + "per frame)."},
        footer = {"", "Example: ./jclick bench ../shared/bench/fwd.click --trace trace-1m.pcap --runs 5"})
final class BenchCommand implements Callable<Integer> {

    private static final Pattern RESULT = Pattern.compile("^RESULT .*$", Pattern.MULTILINE);

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CONFIG|NAME=value", arity = "1..*",
            description = "The benchmark configuration and NAME=value defines.")
    List<String> args;

    @Option(names = "--trace", paramLabel = "FILE", description = {"Trace file, passed as define FILE. Without it "
            + "(and without FILE=...), ./trace-1m.pcap if present, else the benchmark kit's 1M-packet trace, made "
            + "once with ../shared/bench/gen_trace.py and cached in .jclick-build/traces."})
    Path trace;

    @Option(names = "--preload", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Preload the trace before timing (define PRELOAD; default ${DEFAULT-VALUE}).")
    boolean preload;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "5", description = "Runs (default ${DEFAULT-VALUE}).")
    int runs;

    @Mixin
    EngineOptions engineOptions;

    private final Streams io;

    BenchCommand(Streams io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        final ConfigArgs a = ConfigArgs.split(spec, args);
        if (a.files.size() != 1) {
            io.err().println("jclick bench: give exactly one configuration file");
            return 2;
        }
        if (!a.files.get(0).equals("-") && !Files.isRegularFile(Path.of(a.files.get(0)))) {
            // before any trace is made: a wrong path must not cost a minute of trace generation
            io.err().println(a.files.get(0) + ": cannot read file: No such file or directory");
            return 1;
        }
        final ElementRegistry registry = Catalogs.runtime();
        if (registry == null) {
            io.err().println(Catalogs.NO_LIBRARY);
            return 1;
        }
        final Map<String, String> defines = new LinkedHashMap<>(a.defines);
        if (trace != null) {
            defines.put("FILE", trace.toAbsolutePath().toString());
        } else if (!defines.containsKey("FILE") && !Files.isRegularFile(Path.of(KitTrace.NAME))) {
            final Path made = KitTrace.ensure(io.err());
            if (made == null) {
                return 1;
            }
            defines.put("FILE", made.toString());
        }
        if (defines.containsKey("FILE") && !Files.isRegularFile(Path.of(defines.get("FILE")))) {
            io.err().println("jclick bench: no such trace file: " + defines.get("FILE"));
            return 1;
        }
        defines.putIfAbsent("PRELOAD", Boolean.toString(preload));
        double meanFrameBytes = 0;
        final String file = defines.get("FILE");
        if (file != null && Files.isRegularFile(Path.of(file))) {
            meanFrameBytes = meanFrameBytes(Path.of(file));
        }
        final List<Double> mpps = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            final String out = runOnce(a.files.get(0), defines, registry);
            if (out == null) {
                return 1;
            }
            final Matcher m = RESULT.matcher(out);
            if (!m.find()) {
                io.err().println("jclick bench: run " + run + " printed no RESULT line");
                return 1;
            }
            final String line = m.group();
            for (String l : out.split("\n")) {
                if (!l.isEmpty() && !l.startsWith("RESULT ")) {
                    io.out().println(l);
                }
            }
            final double v = field(line, "mpps");
            final double n = field(line, "n");
            final double s = field(line, "proc_s");
            final double rate = s > 0 && n > 0 ? n / s / 1e6 : v;
            mpps.add(rate);
            io.out().printf(Locale.ROOT, "run %d: %.2f Mpps  %.1f ns/packet  %.2f Gbps   (%s)%n", run, rate,
                    1e3 / rate, rate * 1e6 * (meanFrameBytes + 24) * 8 / 1e9, line);
            io.out().flush();
        }
        final List<Double> sorted = new ArrayList<>(mpps);
        sorted.sort(Double::compare);
        final double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        io.out().printf(Locale.ROOT, "median of %d: %.2f Mpps  %.1f ns/packet  %.2f Gbps%n", runs, median,
                1e3 / median, median * 1e6 * (meanFrameBytes + 24) * 8 / 1e9);
        return 0;
    }

    private static double field(String line, String name) {
        final Matcher m = Pattern.compile("(?:^|\\s)" + name + "=([0-9.eE+-]+)").matcher(line);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    /** Runs the configuration once; returns what it printed on standard output (also echoed), or null. */
    private String runOnce(String file, Map<String, String> defines, ElementRegistry registry) {
        final ConfigResult r = ConfigArgs.load(file, defines, registry, null, io);
        if (!ConfigArgs.report(r, io, false)) {
            return null;
        }
        final ErrorHandler errh = ErrorHandler.printing(io.err());
        final Router router = Router.build(r.router(), registry,
                new Router.Options(Clock.wall(), 1, "", Unparser.unparse(r.router())), errh);
        if (router == null || router.initialize(errh) < 0) {
            if (router != null) {
                router.cleanup();
            }
            io.err().println("jclick: router could not be initialized");
            return null;
        }
        engineOptions.apply(router, file, io.err());
        final PrintStream saved = System.out;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                captured.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                captured.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8));
        try {
            Interrupts.run(router);
        } finally {
            System.out.flush();
            System.setOut(saved);
            router.cleanup();
            router.releaseMemory();
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    /** Mean captured frame size of a classic pcap (record lengths only). */
    private static double meanFrameBytes(Path pcap) {
        try (var reader = org.jclick.dataplane.trace.PcapReader.open(pcap, w -> { })) {
            long n = 0;
            long bytes = 0;
            while (reader.next() && n < 100_000) {
                n++;
                bytes += reader.originalLength();
            }
            return n == 0 ? 0 : (double) bytes / n;
        } catch (Exception e) {
            return 0;
        }
    }
}
