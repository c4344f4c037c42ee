package org.jclick.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.FieldModel;
import java.lang.classfile.MethodModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketBatch;
import org.jclick.dataplane.runtime.Router;
import org.junit.jupiter.api.Test;

/**
 * Fused segments (a chain of simple elements and the classifier it feeds, run in one loop per batch) and handler
 * liveness (machinery that no handler call can reach is left out).
 */
class FusedSegmentTest {

    private static final String CHAIN = """
            src :: InfiniteSource(ACTIVE false)
              -> Strip(14)
              -> chk :: CheckIPHeader
              -> Paint(7)
              -> cls :: IPClassifier(tcp dst port 80, tcp dst port 22, -)
              -> web :: Counter -> Discard;
            cls[1] -> ssh :: Counter -> Discard;
            cls[2] -> other :: Counter -> Discard;
            chk[1] -> bad :: Counter -> Discard;
            """;

    /** 40 frames: every 5th has a broken IP checksum; destination ports 80, 22 and 53 in turn. */
    private static void push(Router r) {
        final PacketBatch b = new PacketBatch(64);
        for (int i = 0; i < 40; i++) {
            final Packet p = GraphCompilerTest.tcpFrame(r, 1000 + i, i % 3 == 0 ? 80 : i % 3 == 1 ? 22 : 53);
            p.setU32(26, 0x0A000001);
            p.setU32(30, 0x0A000002 + i);
            int sum = 0;
            for (int k = 14; k < 34; k += 2) {
                sum += p.u16(k);
            }
            sum = (sum & 0xFFFF) + (sum >>> 16);
            sum = (sum & 0xFFFF) + (sum >>> 16);
            p.setU16(24, i % 5 == 4 ? 0x1234 : ~sum & 0xFFFF);
            b.add(p);
        }
        r.find("src").output(0).pushBatch(b);
    }

    private static String read(Router r, String handler) {
        final ErrorHandler.Buffer errh = new ErrorHandler.Buffer();
        final String v = r.handler(handler, null, errh).callRead("", errh);
        return v == null ? "error: " + errh.text().trim() : v;
    }

    private static List<String> counts(Router r) {
        final List<String> out = new ArrayList<>();
        for (String c : List.of("web", "ssh", "other", "bad")) {
            out.add(c + "=" + read(r, c + ".count"));
        }
        return out;
    }

    @Test
    void aChainAndItsClassifierRunInOneLoopAndCountAsTheInterpreterDoes() {
        final Router interpreted = GraphCompilerTest.router(CHAIN);
        push(interpreted);
        final Router compiled = GraphCompilerTest.router(CHAIN);
        final CompiledGraph g = GraphCompiler.install(compiled, GraphCompiler.Options.of("t.click").withVerify(true),
                System.err);
        push(compiled);
        assertEquals(List.of("web=11", "ssh=10", "other=11", "bad=8"), counts(interpreted));
        assertEquals(counts(interpreted), counts(compiled));

        // the segment of Strip holds the chain (Strip, chk, Paint) and the classifier's decision code
        final String strip = g.classes().keySet().stream().filter(n -> n.startsWith("org.jclick.gen.t.Strip_") && !n.contains("$")).findFirst()
                .orElseThrow(() -> new AssertionError(g.classes().keySet().toString()));
        final ClassModel m = ClassFile.of().parse(g.classes().get(strip));
        final Set<String> fields = new java.util.TreeSet<>();
        for (FieldModel f : m.fields()) {
            fields.add(f.fieldName().stringValue());
        }
        // every output of the classifier ends in a Counter and a Discard: the loop runs them (sink tails), and
        // no output batch is left
        assertTrue(fields.containsAll(Set.of("E", "F1", "F2", "TE", "TPROG", "S0_0", "S1_0", "S2_0", "D0", "D1", "D2")),
                fields.toString());
        assertTrue(fields.stream().noneMatch(f -> f.startsWith("TOUT")), fields.toString());
        assertTrue(g.summary().contains("#   in the same loop: cls[2] -> other -> Discard@"), g.summary());
        final Set<String> methods = new java.util.TreeSet<>();
        for (MethodModel mm : m.methods()) {
            methods.add(mm.methodName().stringValue());
        }
        assertTrue(methods.contains("tmatch"), methods.toString());
        compiled.cleanup();
        interpreted.cleanup();
    }

    @Test
    void aPatternRewrittenAtRunTimeReachesTheFusedSegment() {
        final List<List<String>> results = new ArrayList<>();
        for (boolean compile : new boolean[] {false, true}) {
            final Router r = GraphCompilerTest.router(CHAIN);
            if (compile) {
                GraphCompiler.install(r, GraphCompiler.Options.of("t.click"), System.err);
            }
            final ErrorHandler.Buffer errh = new ErrorHandler.Buffer();
            // output 0 now takes port 22 (first match wins, so output 1 gets nothing); the compiled code's program
            // is the old one: the fused loop must hand the classifier's packets to the element's own code
            assertEquals(0, r.handler("cls.pattern0", null, errh).callWrite("tcp dst port 22", errh), errh.text());
            push(r);
            results.add(counts(r));
            r.cleanup();
        }
        assertEquals(List.of("web=10", "ssh=0", "other=22", "bad=8"), results.get(0));
        assertEquals(results.get(0), results.get(1));
    }

    /** Two outputs that meet in one Queue (not sink tails: their order matters) and one that ends in a Discard. */
    private static final String MIXED = """
            src :: InfiniteSource(ACTIVE false)
              -> Strip(14)
              -> chk :: CheckIPHeader
              -> cls :: IPClassifier(tcp dst port 80, tcp dst port 22, -)
              -> web :: Counter -> q :: Queue(100) -> Discard(ACTIVE false);
            cls[1] -> ssh :: Counter -> q;
            cls[2] -> other :: Counter -> gone :: Discard;
            chk[1] -> bad :: Counter -> Discard;
            """;

    @Test
    void outputsThatMeetKeepTheirBatchesAndTheInterpretersOrder() {
        final List<String> orders = new ArrayList<>();
        final List<List<String>> results = new ArrayList<>();
        String summary = null;
        for (boolean compile : new boolean[] {false, true}) {
            final Router r = GraphCompilerTest.router(MIXED);
            if (compile) {
                summary = GraphCompiler.install(r, GraphCompiler.Options.of("t.click").withVerify(true), System.err)
                        .summary();
            }
            push(r);
            final StringBuilder order = new StringBuilder();
            for (Packet p = r.find("q").pull(0); p != null; p = r.find("q").pull(0)) {
                order.append(p.u16(22)).append(' ');
                p.kill();
            }
            orders.add(order.toString());
            final List<String> c = new ArrayList<>(counts(r));
            c.add("gone=" + read(r, "gone.count"));
            results.add(c);
            r.cleanup();
        }
        assertEquals(List.of("web=11", "ssh=10", "other=11", "bad=8", "gone=11"), results.get(0));
        assertEquals(results.get(0), results.get(1));
        // the interpreter sorts a batch into one batch per output and pushes output 0's first: so does the loop
        assertTrue(orders.get(0).matches("(80 ){11}(22 ){10}"), orders.get(0));
        assertEquals(orders.get(0), orders.get(1));
        assertTrue(summary.contains("#   in the same loop: cls[2] -> other -> gone, packet by packet"), summary);
        assertTrue(!summary.contains("cls[0] ->") && !summary.contains("cls[1] ->"), summary);
    }

    private static final String RATES = """
            src :: InfiniteSource(ACTIVE false) -> c :: Counter -> Discard;
            """;

    @Test
    void aRateNothingReadsIsNotMeasuredAndSaysSoWhenReadAnyway() {
        final Router r = GraphCompilerTest.router(RATES);
        GraphCompiler.install(r, GraphCompiler.Options.of("t.click"), System.err);
        push(r);
        assertEquals("40", read(r, "c.count"));
        assertEquals("error: 'c.rate' was not measured: the graph compiler found nothing that reads it"
                + " (name it with -h, or run with --engine=interpret)", read(r, "c.rate"));
        r.cleanup();
    }

    @Test
    void aRateTheConfigurationOrTheCommandLineReadsIsMeasured() {
        final Router byScript = GraphCompilerTest.router(RATES
                + "Script(TYPE PASSIVE, return $(c.rate));\n");
        GraphCompiler.install(byScript, GraphCompiler.Options.of("t.click"), System.err);
        push(byScript);
        assertTrue(read(byScript, "c.rate").matches("[0-9.]+"), read(byScript, "c.rate"));
        byScript.cleanup();

        final Router byOption = GraphCompilerTest.router(RATES);
        GraphCompiler.install(byOption, GraphCompiler.Options.of("t.click").withCalledHandlers(List.of("c.bit_rate")),
                System.err);
        push(byOption);
        assertTrue(read(byOption, "c.bit_rate").matches("[0-9.]+"), read(byOption, "c.bit_rate"));
        byOption.cleanup();

        final Router interpreted = GraphCompilerTest.router(RATES);
        push(interpreted);
        assertTrue(read(interpreted, "c.rate").matches("[0-9.]+"), read(interpreted, "c.rate"));
        interpreted.cleanup();
    }

    @Test
    void handlerNamesAreWordsOfTheConfigurationOrTheCommandLineAndAControlSocketKeepsThemAll(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        final Router plain = GraphCompilerTest.router(RATES + "Script(TYPE PASSIVE, return $(c.byte_rate));\n");
        assertTrue(HandlerLiveness.of(plain, List.of()).test("byte_rate"));
        assertTrue(!HandlerLiveness.of(plain, List.of()).test("rate"));
        assertTrue(HandlerLiveness.of(plain, List.of("c.rate")).test("rate"));
        plain.cleanup();

        final Router served = GraphCompilerTest.router(RATES + "ControlSocket(unix, " + dir.resolve("sock") + ");\n");
        assertTrue(HandlerLiveness.of(served, List.of()).test("rate"));
        GraphCompiler.install(served, GraphCompiler.Options.of("t.click"), System.err);
        push(served);
        assertTrue(read(served, "c.rate").matches("[0-9.]+"), read(served, "c.rate"));
        served.cleanup();
    }
}
