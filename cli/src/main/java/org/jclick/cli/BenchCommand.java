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
        footer = {"", "Example: ./jclick bench ../shared/bench/fwd.click --trace trace-1m.pcap --runs 5",
                "         ./jclick bench fwd.click nat.click --latency --report out.html"})
final class BenchCommand implements Callable<Integer> {

    private static final Pattern RESULT = Pattern.compile("^RESULT .*$", Pattern.MULTILINE);

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CONFIG|NAME=value", arity = "1..*",
            description = "The benchmark configuration(s) and NAME=value defines (each configuration is run "
                    + "--runs times, one after the other).")
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

    @Option(names = "--compare-engines", description = {"Run every configuration on both engines, the "
            + "interpreter first, side by side in the output and in the report."})
    boolean compareEngines;
    @Option(names = "--latency", description = {"Record the duration of every task run that did work (one "
            + "batch pushed through the graph) and print p50/p90/p99/p99.9/max in microseconds per run and for all runs. "
            + "Counted: every task run that reported work, except those of FromDump (the preload) and of "
            + "Script/DriverManager (the harness), so with PRELOAD true only the timed phase counts. Each "
            + "duration includes one System.nanoTime read (about 20-30 ns)."})
    boolean latency;

    @Option(names = "--report", paramLabel = "FILE", description = {"Write a self-contained report: FILE.svg an "
            + "SVG image, otherwise an HTML page with inline SVG: median Mpps per configuration and engine "
            + "(min-max whiskers) and, with --latency, the latency percentile curves."})
    Path report;

    @Option(names = "--baseline", arity = "0..1", paramLabel = "README", fallbackValue = "",
            description = {"Compare with the benchmark kit's baseline table (Click and FastClick medians), read "
                    + "at run time from README (default: ../shared/bench/README.md): prints the ratios and adds "
                    + "the baseline's bars to the report."})
    String baseline;

    private final Streams io;

    BenchCommand(Streams io) {
        this.io = io;
    }

    /**
     * The engine name the report labels results with: the --engine option, else JCLICK_ENGINE (or the system
     * property {@code jclick.engine}), else "compiled".
     */
    String engineName() {
        return engineOptions.engine().name();
    }

    @Override
    public Integer call() throws Exception {
        final ConfigArgs a = ConfigArgs.split(spec, args);
        if (a.files.isEmpty()) {
            io.err().println("jclick bench: give a configuration file");
            return 2;
        }
        if (a.files.size() > 1 && a.files.contains("-")) {
            io.err().println("jclick bench: standard input (-) can only be the only configuration");
            return 2;
        }
        for (String f : a.files) {
            if (!f.equals("-") && !Files.isRegularFile(Path.of(f))) {
                // before any trace is made: a wrong path must not cost a minute of trace generation
                io.err().println(f + ": cannot read file: No such file or directory");
                return 1;
            }
        }
        List<BenchBaseline.Row> baselineRows = List.of();
        if (baseline != null) {
            final Path readme = baseline.isEmpty() ? BenchBaseline.defaultReadme() : Path.of(baseline);
            if (readme == null || !Files.isRegularFile(readme)) {
                io.err().println("jclick bench: no baseline table: " + (readme == null
                        ? "../shared/bench/README.md not found (give --baseline=FILE)" : readme + " not found"));
                return 1;
            }
            baselineRows = BenchBaseline.parse(Files.readAllLines(readme, StandardCharsets.UTF_8));
            if (baselineRows.isEmpty()) {
                io.err().println("jclick bench: " + readme + " has no baseline table");
                return 1;
            }
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
        final List<BenchReport.Result> results = new ArrayList<>();
        final List<BenchReport.Reference> references = new ArrayList<>();
        final List<EngineOptions.Engine> engines = compareEngines
                ? List.of(EngineOptions.Engine.interpret, EngineOptions.Engine.compiled) : List.of(engineOptions.engine());
        for (String config : a.files) {
          for (EngineOptions.Engine engine : engines) {
            engineOptions.engine = engine;
            if (a.files.size() > 1 || engines.size() > 1) {
                io.out().println("== " + config + (engines.size() > 1 ? " (" + engine + ")" : ""));
            }
            final BenchReport.Result result = benchOne(config, defines, registry, meanFrameBytes);
            if (result == null) {
                return 1;
            }
            results.add(result);
            for (BenchBaseline.Row row : baselineRows) {
                if (row.config().equals(result.config())) {
                    if (engine == engines.get(0)) {
                        references.add(new BenchReport.Reference(row.config(), row.engine(), row.mpps()));
                    }
                    io.out().printf(Locale.ROOT, "baseline %s: %s %.2f Mpps; %s/%s = %.2f%n", row.config(),
                            row.engine(), row.mpps(), result.engine(), row.engine(), result.median() / row.mpps());
                }
            }
          }
        }
        if (report != null) {
            final String subtitle = String.format(Locale.ROOT, "%s; trace %s (PRELOAD %s); %d run(s) per "
                    + "configuration; Java %s, %d CPU(s); %s", java.time.ZonedDateTime.now().withNano(0),
                    file == null ? "?" : Path.of(file).getFileName(), defines.get("PRELOAD"), runs,
                    System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                    latency ? "latency per batch recorded (adds 2 clock reads per task run)" : "no latency");
            BenchReport.write(report, results, references, subtitle);
            io.err().println("jclick bench: report written to " + report);
        }
        return 0;
    }

    /** Benchmarks one configuration {@link #runs} times; prints each run and the median; null on failure. */
    private BenchReport.Result benchOne(String config, Map<String, String> defines, ElementRegistry registry,
            double meanFrameBytes) {
        final LatencyRecorder recorder = latency ? new LatencyRecorder() : null;
        final List<Double> mpps = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            final String out = runOnce(config, defines, registry, recorder);
            if (out == null) {
                return null;
            }
            final Matcher m = RESULT.matcher(out);
            if (!m.find()) {
                io.err().println("jclick bench: run " + run + " printed no RESULT line");
                return null;
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
            if (recorder != null) {
                LatencyRecorder.print(io.out(), "run " + run, recorder.endRun());
            }
            io.out().flush();
        }
        final double median = BenchReport.median(mpps);
        io.out().printf(Locale.ROOT, "median of %d: %.2f Mpps  %.1f ns/packet  %.2f Gbps%n", runs, median,
                1e3 / median, median * 1e6 * (meanFrameBytes + 24) * 8 / 1e9);
        if (recorder != null) {
            LatencyRecorder.print(io.out(), "all " + runs + " runs", recorder.merged());
        }
        return new BenchReport.Result(configName(config), engineName(), mpps, recorder == null ? null
                : recorder.merged());
    }

    /** fwd.click -> fwd. */
    static String configName(String file) {
        if (file.equals("-")) {
            return "stdin";
        }
        final String name = Path.of(file).getFileName().toString();
        return name.endsWith(".click") ? name.substring(0, name.length() - ".click".length()) : name;
    }

    private static double field(String line, String name) {
        final Matcher m = Pattern.compile("(?:^|\\s)" + name + "=([0-9.eE+-]+)").matcher(line);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    /** Runs the configuration once; returns what it printed on standard output (also echoed), or null. */
    private String runOnce(String file, Map<String, String> defines, ElementRegistry registry,
            LatencyRecorder recorder) {
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
        if (recorder != null) {
            recorder.startRun();
            router.master().setTaskObserver(recorder);
        }
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
