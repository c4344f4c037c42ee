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

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "0",
            description = {"Untimed runs before the timed ones, printed as such and left out of the median "
                    + "(default ${DEFAULT-VALUE}). Each run builds a new router; the JIT compiles the packet "
                    + "path during the first runs of a process. With --threads N, each warm-up run runs every "
                    + "replica."})
    int warmup;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = {"Shard the trace's flows over N replicas of the router, one thread each (default "
                    + "${DEFAULT-VALUE}), as jclick run --threads does. Replica k gets define N=<packets of its "
                    + "shard> (the trace hashed once beforehand); all replicas preload, then wait for each other "
                    + "when their script activates uq, so processing starts together. Each run reports the "
                    + "aggregate rate (all packets / (latest t2 - common start)), each replica's own rate, and the "
                    + "COUNTERS line summed over the replicas."})
    int threads;

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
        if (threads < 1) {
            io.err().println("jclick bench: --threads must be at least 1");
            return 2;
        }
        if (warmup < 0) {
            io.err().println("jclick bench: --warmup must be 0 or more");
            return 2;
        }
        if (threads > 1) {
            return sharded(a.files.get(0), defines, registry, meanFrameBytes);
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
        for (int w = 1; w <= warmup; w++) {
            final String out = runOnce(config, defines, registry, null);
            final Matcher m = out == null ? null : RESULT.matcher(out);
            if (m == null || !m.find()) {
                io.err().println("jclick bench: warm-up run " + w + " printed no RESULT line");
                return null;
            }
            final double n = field(m.group(), "n");
            final double s = field(m.group(), "proc_s");
            io.out().printf(Locale.ROOT, "warm-up %d: %.2f Mpps (not counted)%n", w, s > 0 ? n / s / 1e6 : 0);
        }
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

    private void printMedian(List<Double> mpps, double meanFrameBytes) {
        final List<Double> sorted = new ArrayList<>(mpps);
        sorted.sort(Double::compare);
        final double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        io.out().printf(Locale.ROOT, "median of %d: %.2f Mpps  %.1f ns/packet  %.2f Gbps%n", runs, median,
                1e3 / median, median * 1e6 * (meanFrameBytes + 24) * 8 / 1e9);
    }

    // ------------------------------------------------------------------------------------------------
    // --threads N

    /** Runs the benchmark {@link #runs} times on {@link #threads} replicas; prints aggregate and per-replica rates. */
    private int sharded(String file, Map<String, String> defines, ElementRegistry registry, double meanFrameBytes) {
        final String trace = defines.get("FILE");
        if (trace == null || !Files.isRegularFile(Path.of(trace))) {
            io.err().println("jclick bench: --threads needs a trace file (--trace FILE) to shard");
            return 1;
        }
        long limit = -1;
        if (defines.containsKey("N")) {
            try {
                limit = Long.parseLong(defines.get("N").trim());
            } catch (NumberFormatException e) {
                io.err().println("jclick bench: N must be an integer to shard it, not '" + defines.get("N") + "'");
                return 1;
            }
        }
        final long[] perShard;
        try {
            perShard = org.jclick.dataplane.runtime.FlowHash.shardCounts(Path.of(trace), threads, limit);
        } catch (java.io.IOException | RuntimeException e) {
            io.err().println("jclick bench: cannot hash " + trace + ": " + e.getMessage());
            return 1;
        }
        for (int k = 0; k < threads; k++) {
            if (perShard[k] == 0) {
                io.err().println("jclick bench: shard " + k + " of " + threads + " gets no packet of " + trace
                        + "; use fewer threads");
                return 1;
            }
        }
        final StringBuilder shares = new StringBuilder();
        long total = 0;
        for (int k = 0; k < threads; k++) {
            shares.append(k == 0 ? "" : ", ").append('[').append(k).append("] ").append(perShard[k]);
            total += perShard[k];
        }
        io.out().printf(Locale.ROOT, "sharded over %d replicas: %d packets: %s%n", threads, total, shares);
        for (int w = 1; w <= warmup; w++) {
            final Double rate = shardedRun(w, true, file, defines, perShard, registry, meanFrameBytes);
            if (rate == null) {
                return 1;
            }
            io.out().printf(Locale.ROOT, "warm-up %d: %.2f Mpps (not counted)%n", w, rate);
        }
        final List<Double> mpps = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            final Double rate = shardedRun(run, false, file, defines, perShard, registry, meanFrameBytes);
            if (rate == null) {
                return 1;
            }
            mpps.add(rate);
        }
        printMedian(mpps, meanFrameBytes);
        return 0;
    }

    /**
     * One run on every replica; prints its lines (none for a warm-up run, whose caller says what it was); returns the
     * aggregate Mpps, or null on failure.
     */
    private Double shardedRun(int run, boolean warm, String file, Map<String, String> defines, long[] perShard,
            ElementRegistry registry, double meanFrameBytes) {
        final int n = perShard.length;
        final ErrorHandler errh = ErrorHandler.printing(io.err());
        final org.jclick.dataplane.runtime.Clock clock = Clock.wall();   // one time base for every replica
        final List<Router> routers = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            final Map<String, String> d = new LinkedHashMap<>(defines);
            d.put("N", Long.toString(perShard[k]));
            final ConfigResult r = ConfigArgs.load(file, d, registry, null, io);
            if (!ConfigArgs.report(r, io, false)) {
                routers.forEach(Router::cleanup);
                return null;
            }
            final Router router = Router.build(r.router(), registry,
                    new Router.Options(clock, 1, "", Unparser.unparse(r.router())), errh);
            if (router != null) {
                router.setShard(org.jclick.dataplane.runtime.Shard.of(k, n));
            }
            if (router == null || router.initialize(errh) < 0) {
                if (router != null) {
                    router.cleanup();
                }
                routers.forEach(Router::cleanup);
                io.err().println("jclick: router could not be initialized");
                return null;
            }
            routers.add(router);
        }
        final Replicas replicas = Replicas.of(routers);
        replicas.applyEngine(engineOptions, file, io.err());
        final StartTogether start = StartTogether.install(replicas, clock);
        if (start == null) {
            io.err().println("jclick bench: --threads: no element 'uq' with an 'active' handler to start the "
                    + "replicas together; they start as their scripts say");
        }
        final List<StringBuilder> outs = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            outs.add(new StringBuilder());
        }
        try {
            replicas.run((k, line) -> outs.get(k).append(line).append('\n'));
        } finally {
            replicas.cleanup();
            replicas.releaseMemory();
        }
        if (start != null && start.broken()) {
            io.err().println("jclick bench: " + (warm ? "warm-up " : "run ") + run + ": the replicas could not start together");
            return null;
        }
        final long startNs = start != null ? start.releaseNs() : Long.MAX_VALUE;
        final Map<String, Long> counters = new LinkedHashMap<>();
        final Map<String, String> nonNumeric = new LinkedHashMap<>();
        boolean sawCounters = false;
        boolean quoted = false;
        long packets = 0;
        double firstT1 = Double.MAX_VALUE;
        double lastT2 = 0;
        final double[] nk = new double[n];
        final double[] t2k = new double[n];
        final double[] t1k = new double[n];
        for (int k = 0; k < n; k++) {
            final String out = outs.get(k).toString();
            final Matcher m = RESULT.matcher(out);
            if (!m.find()) {
                out.lines().forEach(l -> io.out().println("[" + replicaIndex(outs, out) + "] " + l));
                io.err().println("jclick bench: " + (warm ? "warm-up " : "run ") + run + ": replica " + k + " printed no RESULT line");
                return null;
            }
            final String line = m.group();
            nk[k] = field(line, "n");
            t1k[k] = field(line, "t1");
            t2k[k] = field(line, "t2");
            if (nk[k] <= 0 || t2k[k] <= 0 || t1k[k] <= 0) {
                io.err().println("jclick bench: " + (warm ? "warm-up " : "run ") + run + ": replica " + k + "'s RESULT line lacks n, t1 or t2: "
                        + line);
                return null;
            }
            packets += (long) nk[k];
            firstT1 = Math.min(firstT1, t1k[k]);
            lastT2 = Math.max(lastT2, t2k[k]);
            for (String l : out.split("\n")) {
                if (l.startsWith("COUNTERS")) {
                    sawCounters = true;
                    String body = l.substring("COUNTERS".length()).trim();
                    if (body.length() >= 2 && body.startsWith("\"") && body.endsWith("\"")) {
                        quoted = true;   // the kit's Script returns the text quoted
                        body = body.substring(1, body.length() - 1);
                    }
                    for (String kv : body.split("\\s+")) {
                        final int eq = kv.indexOf('=');
                        if (eq <= 0) {
                            continue;
                        }
                        final String key = kv.substring(0, eq);
                        final String value = kv.substring(eq + 1);
                        if (value.matches("[+-]?\\d{1,18}") && !nonNumeric.containsKey(key)) {
                            counters.merge(key, Long.parseLong(value), Long::sum);
                        } else {
                            nonNumeric.putIfAbsent(key, value);
                            counters.remove(key);
                        }
                    }
                } else if (!l.isEmpty() && !l.startsWith("RESULT ") && !warm) {
                    io.out().println("[" + k + "] " + l);
                }
            }
        }
        // the common start: when the last replica reached uq.active (they all started then); else the earliest t1
        final double start0 = startNs != Long.MAX_VALUE ? startNs / 1e9 : firstT1;
        final double seconds = lastT2 - start0;
        final double rate = packets / seconds / 1e6;
        if (warm) {
            return rate;
        }
        if (sawCounters) {
            final StringBuilder sb = new StringBuilder();
            counters.forEach((key, v) -> sb.append(sb.isEmpty() ? "" : " ").append(key).append('=').append(v));
            nonNumeric.forEach((key, v) -> sb.append(sb.isEmpty() ? "" : " ").append(key).append('=').append(v));
            io.out().println("COUNTERS " + (quoted ? "\"" + sb + "\"" : sb.toString()));
        }
        final StringBuilder per = new StringBuilder();
        for (int k = 0; k < n; k++) {
            per.append(String.format(Locale.ROOT, "  [%d] n=%d %.2f Mpps", k, (long) nk[k],
                    nk[k] / (t2k[k] - start0) / 1e6));
        }
        io.out().printf(Locale.ROOT, "run %d: %.2f Mpps  %.1f ns/packet  %.2f Gbps   (%d replicas: n=%d proc_s=%.6f;%s)%n",
                run, rate, 1e3 / rate, rate * 1e6 * (meanFrameBytes + 24) * 8 / 1e9, n, packets, seconds, per);
        io.out().flush();
        return rate;
    }

    private static int replicaIndex(List<StringBuilder> outs, String out) {
        for (int k = 0; k < outs.size(); k++) {
            if (outs.get(k).toString().equals(out)) {
                return k;
            }
        }
        return -1;
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
