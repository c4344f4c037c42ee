package org.jclick.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jclick demo} runs nfv-chain.click on its deterministic trace: exact counters, parsable outputs. */
class NfvDemoTest {

    @TempDir
    Path dir;

    @Test
    void traceHasWhatTheChainShouldCount() throws IOException {
        final DemoTrace.NfvStats s = DemoTrace.writeNfv(dir.resolve("t.pcap"), DemoCommand.NFV_FLOWS,
                DemoCommand.NFV_SEED);
        assertEquals(new DemoTrace.NfvStats(18363, 1793, 8102, 8102, 770, 770, 690, 579, 33, 34, 9, 44), s);
    }

    @Test
    void demoRunsTheChainWithTheExpectedCounters() throws IOException {
        Assumptions.assumeTrue(Catalogs.runtime() != null, "the element library is not on the class path");
        final Path out = dir.resolve("demo");
        final Run r = Run.of("demo", "--configs", Run.root().resolve("configs").toString(), "-o", out.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("Ran nfv-chain.click"), r.out());
        assertTrue(r.out().contains("Every counter matches what the trace was made to contain."), r.out());

        final Map<String, Long> c = new LinkedHashMap<>();
        final Matcher m = Pattern.compile("(?m)^ {4}(\\S+)\\s+(\\d+)$").matcher(r.out());
        while (m.find()) {
            c.put(m.group(1), Long.parseLong(m.group(2)));
        }
        final Map<String, Long> want = new LinkedHashMap<>();
        want.put("in.count", 18363L);
        want.put("c_nonip.count", 9L);
        want.put("c_bad.count", 44L);
        want.put("rx/chk.drops", 44L);
        want.put("c_deny.count", 579L);
        want.put("c_web.count", 8102L);
        want.put("c_dns.count", 770L);
        want.put("c_back.count", 8136L);
        want.put("c_dnsrep.count", 723L);
        want.put("c_out_web.count", 8102L);
        want.put("c_out_dns.count", 770L);
        want.put("c_ret_web.count", 8102L);
        want.put("c_ret_dns.count", 690L);
        want.put("nat.drops", 33L);
        want.put("lb.drops", 34L);
        want.forEach((k, v) -> assertEquals(v, c.get(k), k + " in:\n" + r.out()));

        assertEquals(8102 + 770, TracePackets.checkIPv4(out.resolve("nfv-out.pcap")));
        assertEquals(8102 + 690, TracePackets.checkIPv4(out.resolve("nfv-ret.pcap")));
        assertEquals(579, TracePackets.checkIPv4(out.resolve("nfv-denied.pcap")));
        final String dot = java.nio.file.Files.readString(out.resolve("nfv-chain.run.dot"));
        assertTrue(dot.contains("[label=\"8102\""), dot);
        assertTrue(dot.contains("[label=\"579\""), dot);
    }
}
