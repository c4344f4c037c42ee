package org.jclick.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** bench --latency, bench with several configurations and --report, --baseline, and run --startup-report. */
class BenchLatencyReportTest {

    private static final int PACKETS = 2000;
    private static final int BURST = 32;

    /** A small preload-then-time harness in the benchmark kit's manner: prints a RESULT line. */
    private static final String HARNESS = """
            define($FILE t.pcap, $N 2000, $PRELOAD true)
            fd :: FromDump($FILE, STOP false, TIMING false, ACTIVE false, END_CALL fd.active false)
              -> q :: Queue(100000)
              -> uq :: Unqueue(ACTIVE false, BURST 32)
              -> in :: Counter(COUNT_CALL $N s.step)
              -> Discard;
            s :: Script(TYPE ACTIVE,
              write fd.active true,
              label wl, wait 1ms, goto wl $(fd.active),
              set t1 $(now),
              write uq.active true,
              pause,
              set t2 $(now),
              wait 5ms,
              print "RESULT config=t n=$(in.count) proc_s=$(sub $t2 $t1) mpps=1 t1=$t1 t2=$t2",
              stop);
            """;

    private static final Pattern LATENCY = Pattern.compile("(?m)^latency (.+?): n=(\\d+) batches  p50 ([0-9.]+) "
            + "p90 ([0-9.]+) p99 ([0-9.]+) p99\\.9 ([0-9.]+)  max ([0-9.]+) us$");

    @TempDir
    Path dir;

    private Path trace;

    @BeforeEach
    void trace() throws IOException {
        Assumptions.assumeTrue(Catalogs.runtime() != null, "the element library is not on the class path");
        trace = dir.resolve("t.pcap");
        DemoTrace.write(trace, PACKETS, 50, 7);
    }

    private Path config(String name) throws IOException {
        final Path p = dir.resolve(name);
        Files.writeString(p, HARNESS, Streams.CHARSET);
        return p;
    }

    @Test
    void latencyPrintsOrderedPercentilesPerRunAndMerged() throws IOException {
        final Run r = Run.of("bench", config("t.click").toString(), "--trace", trace.toString(), "--runs", "2",
                "--latency");
        assertEquals(0, r.status(), r.out() + r.err());
        final Matcher m = LATENCY.matcher(r.out());
        final List<String> labels = new ArrayList<>();
        final int batches = (PACKETS + BURST - 1) / BURST;
        while (m.find()) {
            labels.add(m.group(1));
            final long n = Long.parseLong(m.group(2));
            final double p50 = Double.parseDouble(m.group(3));
            final double p90 = Double.parseDouble(m.group(4));
            final double p99 = Double.parseDouble(m.group(5));
            final double p999 = Double.parseDouble(m.group(6));
            final double max = Double.parseDouble(m.group(7));
            // only Unqueue's runs count (not FromDump's preload, not the Script): one per batch of 32
            assertEquals(m.group(1).startsWith("all") ? 2L * batches : batches, n, m.group());
            assertTrue(p50 > 0 && p50 <= p90 && p90 <= p99 && p99 <= p999 && p999 <= max, m.group());
            assertTrue(max < 10_000_000, "a batch of 32 packets does not take 10 s: " + m.group());
        }
        assertEquals(List.of("run 1", "run 2", "all 2 runs"), labels, r.out());
        assertTrue(r.out().indexOf("median of 2:") < r.out().indexOf("latency all 2 runs"), r.out());
    }

    @Test
    void warmUpRunsArePrintedAndLeftOutOfTheMedian() throws IOException {
        final Run r = Run.of("bench", config("t.click").toString(), "--trace", trace.toString(), "--warmup", "2",
                "--runs", "1", "--latency");
        assertEquals(0, r.status(), r.out() + r.err());
        final String out = r.out();
        assertTrue(out.matches("(?s).*warm-up 1: [0-9.]+ Mpps \\(not counted\\)\n.*"), out);
        assertTrue(out.indexOf("warm-up 2:") > out.indexOf("warm-up 1:"), out);
        assertTrue(out.indexOf("run 1:") > out.indexOf("warm-up 2:"), out);
        assertTrue(out.contains("median of 1:"), out);
        // the latency of warm-up runs is not recorded either: one run's batches in "all 1 runs"
        final Matcher m = LATENCY.matcher(out);
        final List<String> labels = new ArrayList<>();
        while (m.find()) {
            labels.add(m.group(1));
            assertEquals((PACKETS + BURST - 1) / BURST, Long.parseLong(m.group(2)), m.group());
        }
        assertEquals(List.of("run 1", "all 1 runs"), labels, out);
    }

    @Test
    void shardedWarmUpRunsArePrintedAndLeftOutOfTheMedian() throws IOException {
        final Run r = Run.of("bench", config("t.click").toString(), "--trace", trace.toString(), "--warmup", "1",
                "--runs", "1", "--threads", "2");
        assertEquals(0, r.status(), r.out() + r.err());
        final String out = r.out();
        assertTrue(out.matches("(?s).*warm-up 1: [0-9.]+ Mpps \\(not counted\\)\n.*"), out);
        assertTrue(out.indexOf("run 1:") > out.indexOf("warm-up 1:"), out);
        assertTrue(out.matches("(?s).*run 1: [0-9.]+ Mpps .*\\(2 replicas: n=" + PACKETS + " .*"), out);
        assertTrue(out.contains("median of 1:"), out);
        assertFalse(out.contains("run 2:"), out);
    }

    @Test
    void withoutLatencyTheOutputHasNoLatencyLines() throws IOException {
        final Run r = Run.of("bench", config("t.click").toString(), "--trace", trace.toString(), "--runs", "1");
        assertEquals(0, r.status(), r.out() + r.err());
        assertFalse(r.out().contains("latency"), r.out());
        assertFalse(r.out().contains("=="), "one configuration: no header line\n" + r.out());
        assertTrue(r.out().matches("(?s)run 1: [0-9.]+ Mpps .*\nmedian of 1: [0-9.]+ Mpps .*\n"), r.out());
    }

    @Test
    void reportHasOneBarPerConfigurationAndOneCurvePerConfiguration() throws Exception {
        final Path html = dir.resolve("out/report.html");
        final Run r = Run.of("bench", config("alpha.click").toString(), config("beta.click").toString(),
                "--trace", trace.toString(), "--runs", "2", "--latency", "--report", html.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("== " + dir.resolve("alpha.click")), r.out());
        assertTrue(r.out().contains("== " + dir.resolve("beta.click")), r.out());
        final Document d = parse(html);
        assertEquals("html", d.getDocumentElement().getTagName());
        assertEquals(List.of("alpha", "beta"), configsOf(d, "rect", "bar"));
        assertEquals(List.of("alpha", "beta"), configsOf(d, "path", "curve"));
        assertEquals(2, configsOf(d, "path", "whisker").size(), "one whisker per bar");
        final String text = Files.readString(html);
        assertFalse(text.contains("<script") || text.contains("href=\"http") || text.contains("src=\""),
                "self-contained");

        final Path svg = dir.resolve("report.svg");
        assertEquals(0, Run.of("bench", config("alpha.click").toString(), "--trace", trace.toString(), "--runs", "1",
                "--report", svg.toString()).status());
        final Document s = parse(svg);
        assertEquals("svg", s.getDocumentElement().getTagName());
        assertEquals(List.of("alpha"), configsOf(s, "rect", "bar"));
        assertEquals(List.of(), configsOf(s, "path", "curve"), "no latency curve without --latency");
    }

    @Test
    void baselineAddsReferenceBarsAndRatios() throws Exception {
        final Path readme = dir.resolve("README.md");
        Files.writeString(readme, """
                # a kit
                | config | Ref1 | Ref2 | notes |
                |---|---|---|---|
                | alpha (plain) | 2.00 | 4.00 | x=1 |
                | gamma | 1.00 | 1.00 | |

                | config | Other |
                |---|---|
                | alpha | 99 |
                """);
        final Path html = dir.resolve("b.html");
        final Run r = Run.of("bench", config("alpha.click").toString(), "--trace", trace.toString(), "--runs", "1",
                "--baseline=" + readme, "--report", html.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().matches("(?s).*\nbaseline alpha: Ref1 2\\.00 Mpps; (compiled|interpret)/Ref1 = [0-9.]+\n.*"), r.out());
        assertTrue(r.out().contains("baseline alpha: Ref2 4.00 Mpps"), r.out());
        assertFalse(r.out().contains("Other") || r.out().contains("gamma"), r.out());
        assertEquals(List.of("alpha", "alpha"), configsOf(parse(html), "rect", "reference"));

        assertEquals(List.of(new BenchBaseline.Row("alpha", "Ref1", 2.0), new BenchBaseline.Row("alpha", "Ref2", 4.0),
                new BenchBaseline.Row("gamma", "Ref1", 1.0), new BenchBaseline.Row("gamma", "Ref2", 1.0)),
                BenchBaseline.parse(Files.readAllLines(readme)));
        assertEquals(1, Run.of("bench", config("alpha.click").toString(), "--trace", trace.toString(),
                "--baseline=" + dir.resolve("none.md")).status());
    }

    @Test
    void compareEnginesRunsBothAndReportsThemSideBySide() throws Exception {
        final Path html = dir.resolve("engines.html");
        final Run r = Run.of("bench", config("alpha.click").toString(), "--trace", trace.toString(), "--runs", "1",
                "--compare-engines", "--report", html.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        final int interpreted = r.out().indexOf("== " + dir.resolve("alpha.click") + " (interpret)");
        final int compiled = r.out().indexOf("== " + dir.resolve("alpha.click") + " (compiled)");
        assertTrue(interpreted >= 0 && compiled > interpreted, r.out());
        assertEquals(List.of("alpha", "alpha"), configsOf(parse(html), "rect", "bar"));
        final String text = Files.readString(html);
        assertTrue(text.contains("interpret") && text.contains("compiled"), "both engines are labelled");
    }

    @Test
    void engineLabelIsTheEngineInUse() {
        final String old = System.getProperty("jclick.engine");
        try {
            final BenchCommand b = new BenchCommand(Streams.of(new java.io.ByteArrayInputStream(new byte[0]),
                    java.io.OutputStream.nullOutputStream(), java.io.OutputStream.nullOutputStream()));
            b.engineOptions = new EngineOptions();
            System.setProperty("jclick.engine", "interpret");
            assertEquals("interpret", b.engineName());
            System.setProperty("jclick.engine", "compiled");
            assertEquals("compiled", b.engineName());
            b.engineOptions.engine = EngineOptions.Engine.interpret;
            assertEquals("interpret", b.engineName());
        } finally {
            if (old == null) {
                System.clearProperty("jclick.engine");
            } else {
                System.setProperty("jclick.engine", old);
            }
        }
    }

    @Test
    void startupReportIsPrintedWithOrderedTimes() throws IOException {
        final Path c = dir.resolve("s.click");
        Files.writeString(c, "InfiniteSource(LIMIT 100, STOP true) -> Counter -> Discard;\n", Streams.CHARSET);
        final Run r = Run.of("run", "--no-progress", "--startup-report", c.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        final Matcher m = Pattern.compile("(?m)^startup: jvm-start -> first packet (\\d+) ms \\(main at (\\d+) ms, "
                + "run command at (\\d+) ms, config loaded at (\\d+) ms, router built at (\\d+) ms, initialized at "
                + "(\\d+) ms; process cpu \\d+ ms; jvm start: .+\\)$").matcher(r.err());
        assertTrue(m.find(), r.err());
        final long first = Long.parseLong(m.group(1));
        final long main = Long.parseLong(m.group(2));
        final long command = Long.parseLong(m.group(3));
        final long loaded = Long.parseLong(m.group(4));
        final long built = Long.parseLong(m.group(5));
        final long initialized = Long.parseLong(m.group(6));
        assertTrue(main >= 0 && main <= command && command <= loaded && loaded <= built && built <= initialized
                && initialized <= first, m.group());

        final Run quiet = Run.of("run", "--no-progress", c.toString());
        assertFalse(quiet.err().contains("startup:"), quiet.err());
        final Run noPacket = Run.of("run", "-q", "--startup-report", c.toString());
        assertTrue(noPacket.err().contains("startup: jvm-start -> first packet none"), noPacket.err());
    }

    @Test
    void aCommandBuiltAloneHasTheSameHelpAsInTheFullCommandLine() {
        // Main builds only the named command (a cold-start saving); its help must not change
        // a first argument that is not a command name (here --debug) makes Main build every command
        for (String command : List.of("run", "bench", "check", "demo")) {
            final Run alone = Run.of(command, "--help");
            final Run full = Run.of("--debug", command, "--help");
            assertTrue((alone.out() + alone.err()).contains("Usage: jclick " + command), alone.out() + alone.err());
            assertEquals(full.status(), alone.status());
            assertEquals(full.out(), alone.out());
            assertEquals(full.err(), alone.err());
        }
        assertTrue(Run.of("--help").out().contains("bench"), "the command list still has every command");
        final Run typo = Run.of("rn", "x.click");
        assertEquals(2, typo.status());
        assertTrue(typo.err().contains("run"), "picocli suggests the command: " + typo.err());
    }

    private static Document parse(Path file) throws Exception {
        final DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        return f.newDocumentBuilder().parse(file.toFile());
    }

    /** The data-config attributes of the elements {@code tag} of class {@code cls}, in document order. */
    private static List<String> configsOf(Document d, String tag, String cls) {
        final List<String> out = new ArrayList<>();
        final NodeList nodes = d.getElementsByTagName(tag);
        for (int i = 0; i < nodes.getLength(); i++) {
            final Element e = (Element) nodes.item(i);
            if (cls.equals(e.getAttribute("class"))) {
                out.add(e.hasAttribute("data-config") ? e.getAttribute("data-config") : "?");
            }
        }
        return out;
    }
}
