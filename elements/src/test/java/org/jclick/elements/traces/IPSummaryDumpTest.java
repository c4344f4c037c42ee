package org.jclick.elements.traces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.jclick.elements.RouterFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IPSummaryDumpTest
{
    @TempDir
    Path tmp;

    /** The packet lines of a dump (header '!' lines dropped). */
    private static List<String> body(final Path file) throws IOException
    {
        return Files.readAllLines(file).stream().filter(l -> !l.startsWith("!")).collect(Collectors.toList());
    }

    private List<String> through(final String input, final String fromKeywords, final String fields) throws IOException
    {
        final Path in = tmp.resolve("in.ipsd");
        final Path out = tmp.resolve("out.ipsd");
        Files.writeString(in, input);
        try (RouterFixture f = RouterFixture.simtime("FromIPSummaryDump(\"" + in + "\", STOP true" + fromKeywords +
            ") -> t :: ToIPSummaryDump(\"" + out + "\", FIELDS " + fields + ");"))
        {
            f.run();
        }
        return body(out);
    }

    @Test
    void tcpFieldsRoundTrip() throws IOException
    {
        final List<String> lines = through("""
            !data sport dport tcp_urp tcp_opt
            1 2 3 wscale10
            2 3 4 wscale10
            5 6 7 mss1460;sackok;ts1:2;wscale3
            5 6 7 .
            """, ", ZERO true", "sport dport tcp_urp tcp_opt");
        assertEquals(List.of("1 2 3 wscale10", "2 3 4 wscale10", "5 6 7 mss1460;sackok;ts1:2;wscale3", "5 6 7 ."),
            lines);
    }

    @Test
    void icmpNamesAndProto() throws IOException
    {
        final List<String> lines = through("""
            !data src dst icmp_type
            !proto I
            18.26.4.44 10.0.0.4 echo
            10.0.0.4 18.26.4.44 echo-reply
            """, ", CHECKSUM true", "src dst icmp_type_name ip_proto icmp_type");
        assertEquals(List.of("18.26.4.44 10.0.0.4 echo I 8", "10.0.0.4 18.26.4.44 echo-reply I 0"), lines);
    }

    @Test
    void headerAndManyFields() throws IOException
    {
        final String fields = "timestamp ip_src ip_dst ip_proto ip_id ip_ttl ip_tos ip_fragoff ip_len sport dport "
            + "tcp_seq tcp_ack tcp_flags tcp_window payload_len count aggregate";
        final String input = "!IPSummaryDump 1.3\n!data " + fields + "\n"
            + "1.000020 1.0.0.1 1.0.0.2 T 7 64 0 0 540 1000 80 4294967295 12 SA 8192 500 1 3\n"
            + "2.123456789 10.0.0.1 10.0.0.2 U 8 1 16 0+ 100 53 53 - - - - 72 2 0\n"
            + "3.5 10.0.0.1 10.0.0.2 U 9 1 16 1480 100 - - - - - - 80 1 0\n";
        final List<String> lines = through(input, "", fields);
        assertEquals(List.of(
            "1.000020 1.0.0.1 1.0.0.2 T 7 64 0 0 540 1000 80 4294967295 12 SA 8192 500 1 3",
            "2.123456789 10.0.0.1 10.0.0.2 U 8 1 16 0+ 100 53 53 - - - - 72 2 0",
            "3.500000 10.0.0.1 10.0.0.2 U 9 1 16 1480 100 - - - - - - 80 1 0"), lines);
        final List<String> all = Files.readAllLines(tmp.resolve("out.ipsd"));
        assertEquals("!IPSummaryDump 1.3", all.get(0));
        assertEquals("!data " + fields, all.get(1));
    }

    @Test
    void payloadAndDigests() throws IOException
    {
        final List<String> lines = through("""
            !data ip_proto payload
            U "hi there\\n"
            T ""
            """, "", "payload payload_len payload_md5 payload_md5_hex");
        assertEquals(List.of(
            "\"hi there\\n\" 9 sy@Uze03MHB84qQruJ_zma 12f6bb1941df66b8f138a446d4e8670c",
            "\"\" 0 u3bJz@iaYsq6aMaMSJVq_b d41d8cd98f00b204e9800998ecf8427e"), lines);
    }

    @Test
    void ipLenBeyondThePayloadIsExtraLengthOrHeaderPadding() throws IOException
    {
        // as Click's FromIPSummaryDump: with tcp_opt and ip_opt given ('.'), the headers stay as they are and the
        // missing bytes become the extra length annotation (standard/Pad-01); without them, the TCP header, then
        // the IP header, grow by end-of-option bytes, in 4-byte steps
        final List<String> lines = through("""
            !data ip_src ip_opt tcp_opt ip_len payload
            1.0.0.1 . . 50 "HiFart"
            1.0.0.2 . . - "HiFart"
            """, "", "ip_src ip_len ip_capture_len payload");
        assertEquals(List.of("1.0.0.1 50 46 \"HiFart\"", "1.0.0.2 46 46 \"HiFart\""), lines);
        final List<String> padded = through("""
            !data ip_src ip_len payload
            1.0.0.1 51 "HiFart"
            1.0.0.2 200 "HiFart"
            1.0.0.3 46 "HiFart"
            """, "", "ip_src ip_len ip_capture_len ip_hl tcp_off payload");
        assertEquals(List.of("1.0.0.1 51 50 20 24 \"HiFart\"", "1.0.0.2 200 126 60 60 \"HiFart\"",
            "1.0.0.3 46 46 20 20 \"HiFart\""), padded);
    }

    @Test
    void multipacketAndHandlers() throws IOException
    {
        final Path in = tmp.resolve("m.ipsd");
        Files.writeString(in, "!data src count\n1.2.3.4 3\n5.6.7.8 1\n");
        try (RouterFixture f = RouterFixture.simtime("fd :: FromIPSummaryDump(\"" + in +
            "\", STOP true, MULTIPACKET true) -> c :: Counter -> Discard;"))
        {
            f.run();
            assertEquals("4", f.read("c.count"));
            assertEquals("IP", f.read("fd.encap"));
            assertEquals("false", f.read("fd.active"));
        }
    }

    @Test
    void pcapToSummaryAndBack() throws IOException
    {
        final Path shared = TraceTestSupport.shared();
        assumeTrue(shared != null && Files.isDirectory(shared.resolve("corpus/pcaps")), "shared corpus absent");
        final String fields = "timestamp ip_src ip_dst ip_proto ip_id ip_ttl ip_tos ip_fragoff ip_len sport dport "
            + "tcp_seq tcp_ack tcp_flags tcp_window icmp_type icmp_code";
        for (final String name : List.of("zeek/icmp_5-pings.pcap", "tcpdump/tcp_eight_lowest_weight_flags_set.pcap",
            "zeek/ipv4_fragmented-4.pcap", "pcapplusplus/IcmpPackets.pcap"))
        {
            final Path pcap = shared.resolve("corpus/pcaps").resolve(name);
            final Path a = tmp.resolve("a.ipsd");
            final Path b = tmp.resolve("b.ipsd");
            TraceTestSupport.captureStderr(() ->
            {
                try (RouterFixture f = RouterFixture.simtime("FromDump(\"" + pcap +
                    "\", STOP true, FORCE_IP true) -> ToIPSummaryDump(\"" + a + "\", FIELDS " + fields + ");"))
                {
                    f.run();
                }
                try (RouterFixture f = RouterFixture.simtime("FromIPSummaryDump(\"" + a +
                    "\", STOP true) -> ToIPSummaryDump(\"" + b + "\", FIELDS " + fields + ");"))
                {
                    f.run();
                }
                return null;
            });
            final List<String> first = body(a);
            assertTrue(!first.isEmpty(), name);
            assertEquals(first, body(b), name);
        }
    }

    @Test
    void badPacketsAndMissingHeader() throws IOException
    {
        final Path in = tmp.resolve("b.ipsd");
        final Path out = tmp.resolve("b.out");
        Files.writeString(in, "!data timestamp\n1.5\n");
        try (RouterFixture f = RouterFixture.simtime("FromIPSummaryDump(\"" + in +
            "\", STOP true) -> ToIPSummaryDump(\"" + out + "\", BAD_PACKETS true, FIELDS timestamp ip_src);"))
        {
            f.run();
        }
        final List<String> all = Files.readAllLines(out);
        assertTrue(all.contains("1.500000 -"), all.toString());
        assertTrue(all.stream().anyMatch(l -> l.startsWith("!bad")), all.toString());
    }

    @Test
    void dashWritesStandardOutput() throws IOException
    {
        final Path in = tmp.resolve("s.ipsd");
        Files.writeString(in, "!data src dst\n1.2.3.4 5.6.7.8\n");
        final java.io.PrintStream old = System.out;
        final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(bytes, true));
        try (RouterFixture f = RouterFixture.simtime("FromIPSummaryDump(\"" + in +
            "\", STOP true) -> ToIPSummaryDump(-, FIELDS dst src);"))
        {
            f.run();
        }
        finally
        {
            System.setOut(old);
        }
        assertTrue(bytes.toString().endsWith("!data ip_dst ip_src\n5.6.7.8 1.2.3.4\n"), bytes.toString());
    }

    @Test
    void dataKeywordAndChecksums() throws IOException
    {
        final Path out = tmp.resolve("d.out");
        try (RouterFixture f = RouterFixture.simtime("FromIPSummaryDump(STOP true, CHECKSUM true, DATA \"!data src dst icmp_type\n"
            + "!proto I\n18.26.4.44 10.0.0.4 echo\n10.0.0.4 18.26.4.44 echo-reply\") -> ToIPSummaryDump(\"" + out
            + "\", FIELDS src dst icmp_type_name ip_sum);"))
        {
            f.run();
        }
        final List<String> lines = body(out);
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("18.26.4.44 10.0.0.4 echo "), lines.toString());
        assertTrue(lines.get(1).startsWith("10.0.0.4 18.26.4.44 echo-reply "), lines.toString());
        // the IP checksum is correct: recompute over the header fields that are set (ver/hl 0x45, len 28,
        // default TTL 100, proto 1)
        final long sum = 0x4500L + 28 + 0x6401 + 0x121a + 0x042c + 0x0a00 + 0x0004;
        long s = sum;
        while ((s >>> 16) != 0)
        {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        assertEquals(Long.toString(~s & 0xFFFF), lines.get(0).substring(lines.get(0).lastIndexOf(' ') + 1));
        assertTrue(RouterFixture.errorsOf("FromIPSummaryDump(STOP true) -> Discard;").contains("FILENAME"));
    }

    @Test
    void directionBareWordPayloadAndTiming() throws IOException
    {
        final Path in = tmp.resolve("t.ipsd");
        final Path out = tmp.resolve("t.out");
        Files.writeString(in, """
            !data direction proto timestamp src sport dst dport payload
            # comment
            > T 1 1.0.0.1 11 2.0.0.2 21 XXX
            > T 2 1.0.0.2 12 2.0.0.2 22 XXX
            < U 5 2.0.0.2 21 2.0.0.1 1024 "a b"
            """);
        try (RouterFixture f = RouterFixture.simtime("FromIPSummaryDump(\"" + in
            + "\", STOP true, CHECKSUM true, TIMING true) -> ToIPSummaryDump(\"" + out
            + "\", FIELDS direction proto src sport dst dport payload);"))
        {
            final long t0 = f.router().nowNs();
            f.run();
            final long elapsed = f.router().nowNs() - t0;
            assertTrue(elapsed >= 4_000_000_000L && elapsed < 4_100_000_000L, Long.toString(elapsed));
        }
        assertEquals(List.of("> T 1.0.0.1 11 2.0.0.2 21 \"XXX\"", "> T 1.0.0.2 12 2.0.0.2 22 \"XXX\"",
            "< U 2.0.0.2 21 2.0.0.1 1024 \"a b\""), body(out));
    }

    @Test
    void ipOptionsRouteRecords() throws IOException
    {
        final List<String> lines = through("""
            !data src sport dst dport proto ip_opt
            18.26.4.44 30 10.0.0.4 40 T .
            18.26.4.44 30 10.0.0.4 40 T nop;nop;eol
            18.26.4.44 20 10.0.0.8 80 T ssrr{128.4.45.60,128.4.49.61^1.1.1.1,2.2.2.2}
            18.26.4.44 20 10.0.0.8 80 T ssrr{128.4.45.60,128.4.49.61,^1.1.1.1,2.2.2.2}
            18.26.4.44 10 10.0.0.8 80 T rr{2.3.4.5}+3
            18.26.4.44 11 10.0.0.8 80 T rr{}+1
            """, "", "src sport dst dport proto ip_opt ip_hl");
        assertEquals(List.of(
            "18.26.4.44 30 10.0.0.4 40 T . 20",
            "18.26.4.44 30 10.0.0.4 40 T . 24",
            "18.26.4.44 20 10.0.0.8 80 T ssrr{128.4.45.60,128.4.49.61^1.1.1.1,2.2.2.2} 40",
            "18.26.4.44 20 10.0.0.8 80 T ssrr{128.4.45.60,128.4.49.61^1.1.1.1,2.2.2.2} 40",
            "18.26.4.44 10 10.0.0.8 80 T rr{2.3.4.5}+3 40",
            "18.26.4.44 11 10.0.0.8 80 T rr{}+1 28"), lines);
    }
    @Test
    void shortIpLenCutsTheTransportHeader() throws IOException
    {
        // Click's hard_make_transp: ip_len 20 gives a bare IP header, ip_len 1600 a 40-byte packet and 1560 bytes
        // of extra length (LinkUnqueue-01 relies on both)
        final List<String> lines = through("""
            !data ip_src ip_len
            1.0.0.1 20
            1.0.0.2 30
            1.0.0.3 1600
            """, "", "ip_src ip_len ip_capture_len");
        assertEquals(List.of("1.0.0.1 20 20", "1.0.0.2 30 30", "1.0.0.3 1600 40"), lines);
    }

    @Test
    void ipHlAndTcpOffGrowTheHeaders() throws IOException
    {
        // Click's IPPrint-01 input
        final List<String> lines = through("""
            !data src dst sport dport proto ip_len ip_hl tcp_off tcp_flags
            1.0.0.1 1.0.0.2 10 20 T 1500 40 20 A
            1.0.0.4 1.0.0.5 40 50 T 1000 32 40 A
            """, "", "src ip_hl tcp_off ip_capture_len sport dport");
        assertEquals(List.of("1.0.0.1 40 20 60 10 20", "1.0.0.4 32 40 72 40 50"), lines);
    }
}
