package org.jclick.elements.ip;

import static org.jclick.elements.ip.IpTestSupport.ICMP;
import static org.jclick.elements.ip.IpTestSupport.TCP;
import static org.jclick.elements.ip.IpTestSupport.UDP;
import static org.jclick.elements.ip.IpTestSupport.print;
import static org.jclick.elements.ip.IpTestSupport.run;
import static org.jclick.elements.ip.IpTestSupport.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jclick.elements.RouterFixture;
import org.junit.jupiter.api.Test;

class IcmpAndRouterPathTest
{
    @Test
    void pingResponderAnswersEchoRequests()
    {
        // reply: addresses swapped, TTL 255, IP checksum recomputed; ICMP type 0, checksum 0x7f63 + 0x0800 = 0x8763
        final String err = run(source(ICMP) + " -> CheckIPHeader -> r :: ICMPPingResponder -> " + print("r")
            + " -> CheckIPHeader -> CheckICMPHeader -> c :: Counter -> Discard; r[1] -> o :: Counter -> Discard;",
            f ->
            {
                assertEquals("1", f.read("c.count"));
                assertEquals("0", f.read("o.count"));
            });
        assertTrue(err.startsWith("r:   32 | 45000020 12340000 ff01"), err);
        assertTrue(err.contains("0a000002 0a000001 00008763 01020001 aabbccdd"), err);
        // anything else goes to output 1
        run(source(UDP) + " -> CheckIPHeader -> r :: ICMPPingResponder -> c :: Counter -> Discard;"
            + " r[1] -> o :: Counter -> Discard;", f ->
            {
                assertEquals("0", f.read("c.count"));
                assertEquals("1", f.read("o.count"));
                assertEquals("1", f.read("r.drops"));
            });
    }

    @Test
    void pingResponderReplyToAllZeroEchoChecks()
    {
        // echo id 0, seq 0, no payload: the request's checksum is 0xf7ff and the reply's must be 0xffff
        final String zero = "4500001c00000000400166df0a0000010a000002" + "0800f7ff00000000";
        final String err = run(source(zero) + " -> CheckIPHeader -> r :: ICMPPingResponder -> "
            + print("r") + " -> CheckICMPHeader -> c :: Counter -> Discard;",
            f -> assertEquals("1", f.read("c.count")));
        assertTrue(err.contains("0a000002 0a000001 0000ffff 00000000"), err);
    }

    @Test
    void icmpErrorQuotesTheOffendingPacket()
    {
        // TTL-expired TCP packet from 10.0.0.1: a time-exceeded error back to it, quoting all 40 bytes
        final String err = run(source(TCP) + " -> CheckIPHeader -> ICMPError(19.19.19.19, timeexceeded) -> "
            + print("e") + " -> CheckIPHeader -> CheckICMPHeader -> c :: Counter -> Discard;",
            f -> assertEquals("1", f.read("c.count")));
        assertTrue(err.startsWith("e:   68 | 45000044 00010000 c801"), err);
        assertTrue(err.contains("13131313 0a000001 0b00091d 00000000 " + TCP.substring(0, 8)), err);
        // SET_FIX_ANNO then FixIPSrc rewrites the source and the checksum
        final String fixed = run(source(TCP) + " -> CheckIPHeader -> ICMPError(19.19.19.19, unreachable, needfrag,"
            + " PMTU 576) -> FixIPSrc(1.2.3.4) -> " + print("f") + " -> CheckIPHeader -> c :: Counter -> Discard;",
            f -> assertEquals("1", f.read("c.count")));
        assertTrue(fixed.contains("01020304 0a000001 0304"), fixed);
        assertTrue(fixed.contains(" 00000240 45000028"), fixed);
    }

    @Test
    void icmpErrorSuppressions()
    {
        // no errors about ICMP errors, broadcasts, or bad sources
        final String unreach = "4500003812340000400154000a0000010a000002" + "0300fcff00000000" + TCP.substring(0, 56);
        for (final String bad : new String[] {
            fixIp(unreach),
            fixIp(TCP.substring(0, 32) + "ffffffff" + TCP.substring(40)),
            fixIp(TCP.substring(0, 24) + "7f000001" + TCP.substring(32))})
        {
            run(source(bad) + " -> MarkIPHeader -> e :: ICMPError(19.19.19.19, timeexceeded) -> c :: Counter"
                + " -> Discard;", f ->
                {
                    assertEquals("0", f.read("c.count"));
                    assertEquals("1", f.read("e.drops"));
                });
        }
        assertTrue(RouterFixture.errorsOf("Idle -> ICMPError(1.0.0.1, echo) -> Idle;")
            .contains("ICMP type 8 is not an error type"));
    }

    /** Sets a correct IP checksum (the header is the first 20 bytes). */
    private static String fixIp(final String hex)
    {
        long sum = 0;
        for (int i = 0; i < 40; i += 4)
        {
            if (i != 20)
            {
                sum += Integer.parseInt(hex.substring(i, i + 4), 16);
            }
        }
        while ((sum >> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return hex.substring(0, 20) + String.format("%04x", ~sum & 0xFFFF) + hex.substring(24);
    }

    @Test
    void gatewayOptionsRecordRoute()
    {
        // 24-byte header, record route with one free slot (pointer 4), 8 bytes: 07 07 04 00000000 00 (EOL pad)
        final String rr = "47000020000000004006" + "0000" + "0a0000010a000002" + "0707040000000000" + "00000000";
        final String err = run(source(fixIpLong(rr, 28)) + " -> MarkIPHeader -> g :: IPGWOptions(18.26.4.24)"
            + " -> " + print("g") + " -> CheckIPHeader -> c :: Counter -> Discard;",
            f -> assertEquals("1", f.read("c.count")));
        assertTrue(err.contains("07070812 1a041800"), err);
        // a bad option length: refused, ICMP_PARAMPROB annotation points at the length byte (21)
        final String bad = "46000018000000004006" + "0000" + "0a0000010a000002" + "07090400";
        run(source(fixIpLong(bad, 24)) + " -> MarkIPHeader -> g :: IPGWOptions(18.26.4.24) -> c :: Counter"
            + " -> Discard; g[1] -> ICMPError(18.26.4.24, parameterproblem) -> " + print("p")
            + " -> e :: Counter -> Discard;", f ->
            {
                assertEquals("0", f.read("c.count"));
                assertEquals("1", f.read("e.count"));
                assertEquals("1", f.read("g.drops"));
            });
    }

    @Test
    void gatewayOptionsTimestamp()
    {
        // timestamp-only option with two free slots: the pointer moves from 5 to 9
        final String ts = "48000020000000004006" + "0000" + "0a0000010a000002" + "440c0500" + "0000000000000000";
        final String err = run(source(fixIpLong(ts, 32)) + " -> MarkIPHeader -> IPGWOptions(18.26.4.24) -> "
            + print("t") + " -> CheckIPHeader -> c :: Counter -> Discard;", f -> assertEquals("1", f.read("c.count")));
        assertTrue(err.contains("0a000002 440c0900"), err);
        // a full option: the overflow count goes up instead
        final String full = "4700001c000000004006" + "0000" + "0a0000010a000002" + "44080900" + "00000000";
        final String err2 = run(source(fixIpLong(full, 28)) + " -> MarkIPHeader -> IPGWOptions(18.26.4.24) -> "
            + print("t") + " -> CheckIPHeader -> c :: Counter -> Discard;", f -> assertEquals("1", f.read("c.count")));
        assertTrue(err2.contains("0a000002 44080910 00000000"), err2);
        // address-and-timestamp mode records 18.26.4.24 first
        final String addr = "48000020000000004006" + "0000" + "0a0000010a000002" + "440c0501" + "0000000000000000";
        final String err3 = run(source(fixIpLong(addr, 32)) + " -> MarkIPHeader -> IPGWOptions(18.26.4.24) -> "
            + print("t") + " -> Discard;");
        assertTrue(err3.contains("440c0d01 121a0418"), err3);
    }

    private static String fixIpLong(final String hex, final int hlen)
    {
        long sum = 0;
        for (int i = 0; i < hlen * 2; i += 4)
        {
            if (i != 20)
            {
                sum += Integer.parseInt(hex.substring(i, i + 4), 16);
            }
        }
        while ((sum >> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return hex.substring(0, 20) + String.format("%04x", ~sum & 0xFFFF) + hex.substring(24);
    }

    @Test
    void combos()
    {
        final String frame = "0000000000000000000000000800" + TCP;
        run(source(frame) + " -> IPInputCombo(3) -> p :: Paint(0) -> c :: Counter -> Discard;",
            f -> assertEquals("1", f.read("c.count")));
        run(source(frame) + " -> i :: IPInputCombo(3, 10.0.0.1) -> c :: Counter -> Discard;", f ->
        {
            assertEquals("0", f.read("c.count"));
            assertEquals("1", f.read("i.drops"));
        });
        // output path: TTL 64 -> 63 on output 0; painted like the interface: a copy on output 1
        final String err = run(source(frame) + " -> IPInputCombo(3) -> o :: IPOutputCombo(3, 10.0.0.9, 1500) -> "
            + print("o") + " -> Discard; o[1] -> r :: Counter -> Discard; o[2] -> Discard; o[3] -> Discard;"
            + " o[4] -> Discard;", f -> assertEquals("1", f.read("r.count")));
        assertTrue(err.startsWith("o:   40 | 45000028 12340000 3f06559a"), err);
        run(source(frame) + " -> IPInputCombo(3) -> o :: IPOutputCombo(4, 10.0.0.9, 30) -> Discard;"
            + " o[1] -> Discard; o[2] -> Discard; o[3] -> Discard; o[4] -> big :: Counter -> Discard;",
            f -> assertEquals("1", f.read("big.count")));
    }
}
