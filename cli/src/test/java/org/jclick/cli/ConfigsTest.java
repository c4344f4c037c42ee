package org.jclick.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jclick.dataplane.element.ElementRegistry;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The bundled example configurations check cleanly and flatten the same way through every entry point. */
class ConfigsTest {

    static List<Path> configs() throws IOException {
        try (Stream<Path> s = Files.list(Run.root().resolve("configs"))) {
            final List<Path> l = s.filter(p -> p.toString().endsWith(".click")).sorted().toList();
            assertTrue(l.size() >= 4, "bundled configurations: " + l);
            return l;
        }
    }

    @ParameterizedTest
    @MethodSource("configs")
    void checksWithoutErrorsOrWarnings(Path config) {
        final Run r = Run.of("check", config.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.errWithoutNotice());
        assertEquals("", r.out());
    }

    @ParameterizedTest
    @MethodSource("configs")
    void flattensAlikeEverywhere(Path config) {
        final Run jclick = Run.of("flatten", config.toString());
        final Run tool = Run.of("click-flatten", config.toString());
        assertEquals(0, jclick.status(), jclick.err());
        assertEquals(0, tool.status(), tool.err());
        // the Click driver instantiates the router: it agrees once the library has every class the file uses
        final Run click = Run.of("click", "-qo-", config.toString());
        if (click.status() == 0) {
            assertEquals(jclick.out(), click.out());
        } else {
            // Click's driver initializes the router even with -q: missing classes, or files the defaults name
            assertTrue(click.err().contains("unknown element class") || click.err().contains("undeclared element")
                    || click.err().contains("Router could not be initialized!"), click.err());
        }
        assertEquals(jclick.out(), tool.out().replaceAll("(?m)^#.*\n", ""));
        assertFalse(jclick.out().contains("$"), "every parameter is substituted:\n" + jclick.out());
    }

    /**
     * The trace-driven network functions, the demo trace each runs on, and their pcap outputs (define name) with
     * how many frames each must hold on it.
     */
    static Stream<Arguments> traceDriven() {
        return Stream.of(
                Arguments.of("firewall.click", DemoTrace.Mode.CHAIN, Map.of("OUT", 17731, "DENIED", 579)),
                Arguments.of("nat.click", DemoTrace.Mode.NAT, Map.of("OUT", 9451, "RET", 8102 + 690)),
                Arguments.of("lb.click", DemoTrace.Mode.LB, Map.of("OUT", 8560, "RET", 8102)),
                Arguments.of("nfv-chain.click", DemoTrace.Mode.CHAIN,
                        Map.of("OUT", 8102 + 770, "RET", 8102 + 690, "DENIED", 579)));
    }

    @ParameterizedTest
    @MethodSource("traceDriven")
    void runsOnTheDemoTraceAndWritesPacketsThatParse(String file, DemoTrace.Mode mode, Map<String, Integer> outputs,
            @TempDir Path dir) throws IOException {
        Assumptions.assumeTrue(Catalogs.runtime() != null, "the element library is not on the class path");
        final Path in = dir.resolve("in.pcap");
        DemoTrace.writeNfv(in, DemoCommand.NFV_FLOWS, DemoCommand.NFV_SEED, mode);
        final List<String> args = new ArrayList<>(List.of("run", "-w",
                Run.root().resolve("configs").resolve(file).toString(), "IN=" + in));
        outputs.keySet().forEach(k -> args.add(k + "=" + dir.resolve(k + ".pcap")));
        final Run r = Run.of(args.toArray(String[]::new));
        assertEquals(0, r.status(), r.out() + r.err());
        final Map<String, Integer> got = new TreeMap<>();
        for (String k : outputs.keySet()) {
            got.put(k, TracePackets.checkIPv4(dir.resolve(k + ".pcap")));
        }
        assertEquals(new TreeMap<>(outputs), got, file);
    }

    @Test
    void routerRunsOnItsDemoTracesOnceTheLibraryHasItsElements(@TempDir Path dir) throws IOException {
        final ElementRegistry registry = Catalogs.runtime();
        Assumptions.assumeTrue(registry != null && registry.classNames().containsAll(
                List.of("ARPQuerier", "ARPResponder", "StaticIPLookup")), "no ARP/route lookup elements yet");
        final int frames = DemoTrace.writeRouter(dir.resolve("in0.pcap"), dir.resolve("in1.pcap"), 50);
        final Run r = Run.of("run", "-w", "--simtime", Run.root().resolve("configs/router.click").toString(),
                "IN0=" + dir.resolve("in0.pcap"), "IN1=" + dir.resolve("in1.pcap"),
                "OUT0=" + dir.resolve("out0.pcap"), "OUT1=" + dir.resolve("out1.pcap"),
                "-h", "eth0/in.count", "-h", "eth1/in.count", "-h", "badip.count");
        assertEquals(0, r.status(), r.out() + r.err());
        final Matcher m = Pattern.compile("(?s)eth0/in.count:\\s*(\\d+).*eth1/in.count:\\s*(\\d+).*badip.count:\\s*(\\d+)")
                .matcher(r.out());
        assertTrue(m.find(), r.out());
        assertEquals(frames, Integer.parseInt(m.group(1)) + Integer.parseInt(m.group(2)), r.out());
        assertEquals(50, Integer.parseInt(m.group(3)), r.out());
        assertTrue(TracePackets.checkIPv4OrArp(dir.resolve("out0.pcap")) > 0);
        assertTrue(TracePackets.checkIPv4OrArp(dir.resolve("out1.pcap")) > 0);
    }

    @ParameterizedTest
    @MethodSource("configs")
    void hasCommentsParametersAndACompound(Path config) throws IOException {
        final String text = Files.readString(config);
        assertTrue(text.startsWith("//"), "starts with a comment saying what it is");
        assertTrue(text.contains("define($"), "has parameters");
        assertTrue(text.contains("elementclass "), "has a compound element");
    }
}
