package org.jclick.elements.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.jclick.elements.RouterFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AggregateIPFlowsTest
{
    @TempDir
    Path tmp;

    private Path file(final String name, final String text) throws IOException
    {
        final Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private static List<String> body(final Path file) throws IOException
    {
        return Files.readAllLines(file).stream().filter(l -> !l.startsWith("!")).collect(Collectors.toList());
    }

    /** Runs the dump through AggregateIPFlows(KEYWORDS) and returns the output dump's lines (FIELDS). */
    private List<String> flows(final String input, final String keywords, final String fields, final String extra)
        throws IOException
    {
        final Path in = file("in.ipsd", input);
        final Path out = tmp.resolve("out.ipsd");
        try (RouterFixture f = RouterFixture.simtime("FromIPSummaryDump(\"" + in + "\", STOP true, ZERO true)"
            + " -> a :: AggregateIPFlows(" + keywords + ") -> ToIPSummaryDump(\"" + out + "\", FIELDS " + fields
            + ");" + extra))
        {
            f.run();
        }
        return body(out);
    }

    @Test
    void udpFlowsBothDirectionsAndHeldFragments() throws IOException
    {
        // Click's analysis/AggregateIPFlows-01: later fragments wait for their first fragment, 'clear' flushes
        final Path in = file("in.ipsd", """
            !data src sport dst dport proto ip_id ip_fragoff ip_len
            18.26.4.44 30 10.0.0.4 40 U 1 0 100
            18.26.4.44 30 18.26.4.44 41 U 2 0 100
            10.0.0.4 40 18.26.4.44 30 U 3 0 100
            18.26.4.44 41 18.26.4.44 30 U 4 0 100
            18.26.4.44 41 18.26.4.44 30 U 5 24 80
            18.26.4.44 30 18.26.4.44 41 U 6 24 84
            18.26.4.44 41 18.26.4.44 30 U 5 0+ 24
            18.26.4.44 30 18.26.4.44 41 U 6 0+ 24
            """);
        final Path out = tmp.resolve("out.ipsd");
        try (RouterFixture f = RouterFixture.simtime("FromIPSummaryDump(\"" + in + "\", STOP true, ZERO true)"
            + " -> SetTimestamp -> a :: AggregateIPFlows -> c :: Counter"
            + " -> ToIPSummaryDump(\"" + out + "\", FIELDS aggregate link ip_len ip_id);"
            + " DriverManager(pause, write a.clear, stop);"))
        {
            f.run();
            assertEquals("8", f.read("c.count"));
        }
        assertEquals(List.of("1 0 100 1", "2 0 100 2", "1 1 100 3", "2 1 100 4", "2 1 80 5", "2 0 84 6",
            "2 1 24 5", "2 0 24 6"), body(out));
    }

    @Test
    void fragmentsAreHeldUntilClearOnly() throws IOException
    {
        final Path in = file("in.ipsd", """
            !data src sport dst dport proto ip_id ip_fragoff ip_len
            1.0.0.1 10 2.0.0.2 20 U 5 24 80
            1.0.0.1 10 2.0.0.2 20 U 5 0+ 24
            """);
        try (RouterFixture f = RouterFixture.simtime("FromIPSummaryDump(\"" + in + "\", STOP true)"
            + " -> SetTimestamp -> a :: AggregateIPFlows -> c :: Counter -> Discard;"
            + " DriverManager(pause, write c.reset);"))
        {
            f.run();
            assertEquals("0", f.read("c.count"));
            assertEquals(0, f.write("a.clear", ""));
            assertEquals("2", f.read("c.count"));
        }
    }

    @Test
    void tcpFlowsEndWithFinsAndRestartOnSyn() throws IOException
    {
        final List<String> lines = flows("""
            !data timestamp src sport dst dport proto tcp_flags
            1 1.0.0.1 10 2.0.0.2 20 T S
            2 2.0.0.2 20 1.0.0.1 10 T SA
            3 1.0.0.1 10 2.0.0.2 20 T FA
            4 2.0.0.2 20 1.0.0.1 10 T FA
            5 1.0.0.1 10 2.0.0.2 20 T S
            6 3.0.0.3 30 1.0.0.1 10 T S
            7 2.0.0.2 20 1.0.0.1 10 T SA
            8 1.0.0.1 10 2.0.0.2 20 T R
            9 2.0.0.2 20 1.0.0.1 10 T S
            """, "", "aggregate link", "");
        assertEquals(List.of("1 0", "1 1", "1 0", "1 1", "2 0", "3 0", "2 1", "2 0", "4 0"), lines);
    }

    @Test
    void udpTimeoutStartsANewFlow() throws IOException
    {
        final List<String> lines = flows("""
            !data timestamp src sport dst dport proto
            1 1.0.0.1 10 2.0.0.2 20 U
            3 2.0.0.2 20 1.0.0.1 10 U
            10 2.0.0.2 20 1.0.0.1 10 U
            11 1.0.0.1 10 2.0.0.2 20 U
            12 1.0.0.1 11 2.0.0.2 20 U
            """, "UDP_TIMEOUT 5", "aggregate link", "");
        assertEquals(List.of("1 0", "1 1", "2 0", "2 1", "3 0"), lines);
    }

    @Test
    void sameHostFlowsUsePortOrder() throws IOException
    {
        final List<String> lines = flows("""
            !data timestamp src sport dst dport proto
            1 1.0.0.1 7 1.0.0.1 7 U
            2 1.0.0.1 7 1.0.0.1 7 U
            3 1.0.0.1 9 1.0.0.1 8 U
            4 1.0.0.1 8 1.0.0.1 9 U
            """, "", "aggregate link", "");
        assertEquals(List.of("1 0", "1 0", "2 0", "2 1"), lines);
    }

    @Test
    void otherPacketsLeaveOnOutputOne() throws IOException
    {
        final Path in = file("in.ipsd", """
            !data timestamp src sport dst dport proto ip_fragoff
            1 1.0.0.1 10 2.0.0.2 20 U 0
            2 1.0.0.1 - 2.0.0.2 - I 0
            3 1.0.0.1 10 2.0.0.2 20 U 16
            4 0.0.0.0 10 0.0.0.0 20 T 0
            """);
        try (RouterFixture f = RouterFixture.simtime("FromIPSummaryDump(\"" + in + "\", STOP true)"
            + " -> a :: AggregateIPFlows(FRAGMENTS false) -> ok :: Counter -> Discard;"
            + " a[1] -> other :: Counter -> Discard;"))
        {
            f.run();
            assertEquals("1", f.read("ok.count"));
            assertEquals("3", f.read("other.count"));
        }
    }

    @Test
    void icmpErrorsJoinTheFlowTheyQuote() throws IOException
    {
        // an ICMP unreachable quoting the UDP packet 1.0.0.1:10 -> 2.0.0.2:20
        final String quote = "\"\\<4500001c 00000000 40110000 01000001 02000002 000a0014 00080000>\"";
        final String input = "!data timestamp src sport dst dport proto icmp_type payload\n"
            + "1 1.0.0.1 10 2.0.0.2 20 U - -\n"
            + "2 3.0.0.3 - 1.0.0.1 - I 3 " + quote + "\n"
            + "3 2.0.0.2 20 1.0.0.1 10 U - -\n";
        assertEquals(List.of("1 0 U", "1 2 I", "1 1 U"), flows(input, "ICMP true", "aggregate link ip_proto", ""));
        // without ICMP, the error is not a flow's
        assertEquals(List.of("1 0 U", "1 1 U"), flows(input, "", "aggregate link ip_proto", ""));
    }

    @Test
    void traceinfoDescribesEachFlow() throws IOException
    {
        final Path info = tmp.resolve("info.xml");
        flows("""
            !data timestamp src sport dst dport proto
            1.5 1.0.0.1 10 2.0.0.2 20 U
            3.5 2.0.0.2 20 1.0.0.1 10 U
            4 2.0.0.2 20 1.0.0.1 10 U
            """, "TRACEINFO \"" + info + "\"", "aggregate", "");
        assertEquals("""
            <?xml version='1.0' standalone='yes'?>
            <trace>
            <flow aggregate='1' src='1.0.0.1' sport='10' dst='2.0.0.2' dport='20' begin='1.500000' duration='2.500000'>
              <stream dir='0' packets='1' /><stream dir='1' packets='2' />
            </flow>
            </trace>
            """, Files.readString(info));
    }

    @Test
    void fragmentsTrueNeedsPush()
    {
        final String e = RouterFixture.errorsOf("i :: InfiniteSource(LIMIT 1) -> q :: Queue"
            + " -> AggregateIPFlows(FRAGMENTS true) -> u :: Unqueue -> Discard;");
        assertTrue(e.contains("'FRAGMENTS true' is incompatible with pull"), e);
        try (RouterFixture f = RouterFixture.simtime("i :: InfiniteSource(LIMIT 1) -> q :: Queue"
            + " -> AggregateIPFlows -> u :: Unqueue -> Discard;"))
        {
            f.router();
        }
    }
}
