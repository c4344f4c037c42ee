package org.jclick.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.jclick.compiler.CompiledGraph;
import org.jclick.compiler.GraphPlan;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementRegistry;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.Handler;
import org.jclick.dataplane.runtime.Clock;
import org.jclick.dataplane.runtime.Router;
import org.jclick.lang.ConfigResult;
import org.jclick.lang.Unparser;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The compiled engine against the interpreter: every bundled configuration runs twice on the same input, once
 * interpreted and once compiled (with the class-file verifier on), in simulated time, and both runs must write the
 * same bytes to every output file and give the same value for every read handler of every element. Inputs: the
 * configuration's demo trace and a corpus of 100,000 random valid and malformed frames ({@link RandomFrames}).
 * The golden cases are compared the same way in the tests module.
 */
class EngineEquivalenceTest {

    static final int RANDOM_FRAMES = 100_000;

    /** Configuration, demo trace mode (null: random frames only), output defines. */
    static Stream<Arguments> cases() {
        final List<Arguments> l = new ArrayList<>();
        for (String input : List.of("demo", "random")) {
            l.add(Arguments.of("firewall.click", input, DemoTrace.Mode.CHAIN, List.of("OUT", "DENIED")));
            l.add(Arguments.of("nat.click", input, DemoTrace.Mode.NAT, List.of("OUT", "RET")));
            l.add(Arguments.of("lb.click", input, DemoTrace.Mode.LB, List.of("OUT", "RET")));
            l.add(Arguments.of("nfv-chain.click", input, DemoTrace.Mode.CHAIN, List.of("OUT", "RET", "DENIED")));
            l.add(Arguments.of("forwarder.click", input, DemoTrace.Mode.CHAIN, List.of("OUT")));
            l.add(Arguments.of("router.click", input, null, List.of("OUT0", "OUT1")));
        }
        return l.stream();
    }

    @ParameterizedTest(name = "{0} on {1} frames")
    @MethodSource("cases")
    void compiledEqualsInterpreted(String file, String input, DemoTrace.Mode mode, List<String> outputs,
            @TempDir Path dir) throws IOException {
        final ElementRegistry registry = Catalogs.runtime();
        Assumptions.assumeTrue(registry != null, "the element library is not on the class path");
        final Map<String, String> inputs = new LinkedHashMap<>();
        if (file.equals("router.click")) {
            if (input.equals("demo")) {
                DemoTrace.writeRouter(dir.resolve("in0.pcap"), dir.resolve("in1.pcap"), 50);
            } else {
                RandomFrames.write(dir.resolve("in0.pcap"), RANDOM_FRAMES / 2, 11);
                RandomFrames.write(dir.resolve("in1.pcap"), RANDOM_FRAMES / 2, 12);
            }
            inputs.put("IN0", dir.resolve("in0.pcap").toString());
            inputs.put("IN1", dir.resolve("in1.pcap").toString());
        } else {
            final Path in = dir.resolve("in.pcap");
            if (input.equals("demo")) {
                DemoTrace.writeNfv(in, DemoCommand.NFV_FLOWS, DemoCommand.NFV_SEED, mode);
            } else {
                RandomFrames.write(in, RANDOM_FRAMES, 7);
            }
            inputs.put("IN", in.toString());
        }
        final Outcome interpreted = run(file, inputs, outputs, dir.resolve("interpret"), EngineOptions.Engine.interpret);
        final Outcome compiled = run(file, inputs, outputs, dir.resolve("compiled"), EngineOptions.Engine.compiled);
        assertNotNull(compiled.graph, "the compiled engine compiled " + file + ": " + compiled.messages);
        assertTrue(compiled.graph.fallbacks().isEmpty(), "nothing fell back: " + compiled.graph.fallbacks());
        assertTrue(compiled.graph.count(GraphPlan.Kind.ACTION) > 0, compiled.graph.summary());
        assertEquals(interpreted.messages, compiled.messages, "messages");
        long bytes = 0;
        for (String o : outputs) {
            final byte[] a = interpreted.files.get(o);
            final byte[] b = compiled.files.get(o);
            bytes += a.length - 24;
            final long at = Arrays.mismatch(a, b);
            assertEquals(-1, at, () -> o + ": the engines' outputs differ (" + a.length + " and " + b.length
                    + " bytes) from byte " + at + ": interpreted " + hex(a, (int) at) + ", compiled " + hex(b, (int) at));
        }
        assertTrue(bytes > 0, "some packets were written");
        final List<String> differ = new ArrayList<>();
        for (Map.Entry<String, String> e : interpreted.handlers.entrySet()) {
            if (!java.util.Objects.equals(e.getValue(), compiled.handlers.get(e.getKey()))) {
                differ.add(e.getKey() + ": interpreted " + abbreviate(e.getValue()) + ", compiled "
                        + abbreviate(compiled.handlers.get(e.getKey())));
            }
        }
        assertEquals(interpreted.handlers.keySet(), compiled.handlers.keySet(), "the same handlers");
        assertTrue(differ.isEmpty(), "handler values differ:\n" + String.join("\n", differ));
        assertTrue(interpreted.handlers.size() > 10, "handlers were read: " + interpreted.handlers.keySet());
    }

    private static String hex(byte[] b, int from) {
        final StringBuilder sb = new StringBuilder();
        for (int i = Math.max(0, from); i < Math.min(b.length, from + 48); i++) {
            sb.append(String.format("%02x", b[i] & 0xFF));
        }
        return sb.toString();
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "(none)";
        }
        final String one = s.replace("\n", "\\n");
        return one.length() > 160 ? one.substring(0, 160) + "..." : one;
    }

    record Outcome(Map<String, byte[]> files, Map<String, String> handlers, String messages, CompiledGraph graph) {
    }

    static Outcome run(String file, Map<String, String> inputs, List<String> outputs, Path outDir,
            EngineOptions.Engine engine) throws IOException {
        Files.createDirectories(outDir);
        final ElementRegistry registry = Catalogs.runtime();
        final Map<String, String> defines = new LinkedHashMap<>(inputs);
        for (String o : outputs) {
            defines.put(o, outDir.resolve(o + ".pcap").toString());
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final Streams io = Streams.of(new ByteArrayInputStream(new byte[0]), out, err);
        final String config = Run.root().resolve("configs").resolve(file).toString();
        final ConfigResult r = ConfigArgs.load(config, defines, registry, null, io);
        assertTrue(ConfigArgs.report(r, io, false), err.toString());
        final PrintStream errs = new PrintStream(err, true, Streams.CHARSET);
        final ErrorHandler errh = ErrorHandler.printing(errs);
        final Router router = Router.build(r.router(), registry,
                new Router.Options(Clock.simulated(1_700_000_000_000_000_000L), 1, "", Unparser.unparse(r.router())),
                errh);
        assertNotNull(router, err.toString());
        assertEquals(0, router.initialize(errh), err.toString());
        // every handler is read below, as a ControlSocket client could: the compiler must keep them all
        final List<String> readable = new ArrayList<>();
        for (Element e : router.elements()) {
            for (Handler h : router.handlers().of(e)) {
                readable.add(e.name() + "." + h.name());
            }
        }
        final CompiledGraph graph = EngineOptions.apply(router, file, engine, null, true, readable, errs);
        final PrintStream saved = System.out;
        System.setOut(new PrintStream(out, true, Streams.CHARSET));
        try {
            router.run();
        } finally {
            System.setOut(saved);
        }
        final Map<String, String> handlers = new TreeMap<>();
        for (Element e : router.elements()) {
            for (Handler h : router.handlers().of(e)) {
                if (h.readable() && !h.raw() && (h.flags() & Handler.BUTTON) == 0) {
                    final String v = h.callRead("", ErrorHandler.silent());
                    // output files are named after the run's own folder
                    handlers.put(e.name() + "." + h.name(), v == null ? null : v.replace(outDir.toString(), "OUT"));
                }
            }
        }
        router.cleanup();
        final Map<String, byte[]> files = new LinkedHashMap<>();
        for (String o : outputs) {
            files.put(o, Files.readAllBytes(outDir.resolve(o + ".pcap")));
        }
        return new Outcome(files, handlers, out.toString(Streams.CHARSET) + err.toString(Streams.CHARSET), graph);
    }
}
