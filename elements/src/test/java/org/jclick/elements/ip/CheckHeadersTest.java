package org.jclick.elements.ip;

import static org.jclick.elements.ip.IpTestSupport.ICMP;
import static org.jclick.elements.ip.IpTestSupport.TCP;
import static org.jclick.elements.ip.IpTestSupport.UDP;
import static org.jclick.elements.ip.IpTestSupport.WIKI;
import static org.jclick.elements.ip.IpTestSupport.line;
import static org.jclick.elements.ip.IpTestSupport.print;
import static org.jclick.elements.ip.IpTestSupport.run;
import static org.jclick.elements.ip.IpTestSupport.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jclick.elements.RouterFixture;
import org.junit.jupiter.api.Test;

class CheckHeadersTest
{
    /** Runs one packet through {@code element} and returns {count of output 0, count of output 1, drops}. */
    private static String[] through(final String hex, final String element)
    {
        final String[] out = new String[3];
        run(source(hex) + " -> e :: " + element + " -> c0 :: Counter -> Discard; e[1] -> c1 :: Counter -> Discard;",
            f ->
            {
                out[0] = f.read("c0.count");
                out[1] = f.read("c1.count");
                out[2] = f.read("e.drops");
            });
        return out;
    }

    private static void assertGood(final String hex, final String element)
    {
        final String[] r = through(hex, element);
        assertEquals("1", r[0], element + " refused " + hex);
        assertEquals("0", r[2]);
    }

    private static void assertBad(final String hex, final String element)
    {
        final String[] r = through(hex, element);
        assertEquals("0", r[0], element + " accepted " + hex);
        assertEquals("1", r[1], "bad packets go to output 1");
        assertEquals("1", r[2]);
    }

    @Test
    void checkIpHeaderAcceptsGoodHeadersAndAnnotates()
    {
        assertGood(WIKI, "CheckIPHeader");
        assertGood(TCP, "CheckIPHeader");
        // the IP header 14 bytes in; the annotation lets GetIPAddress(IP dst) and StripIPHeader work
        final String err = run(source("0000000000000000000000000800" + UDP + "00000000")
            + " -> CheckIPHeader(14) -> StripIPHeader -> " + print("t") + " -> Discard;");
        // the Ethernet trailer beyond the IP total length was cut off, the IP header stripped
        assertEquals(line("t", UDP.substring(40)), err);
    }

    @Test
    void checkIpHeaderRefusesEachKindOfBadPacket()
    {
        assertBad("45000014", "CheckIPHeader");                                  // tiny
        assertBad("65" + WIKI.substring(2), "CheckIPHeader");                    // version 6
        assertBad("44" + WIKI.substring(2), "CheckIPHeader");                    // header length 16
        assertBad("45000015" + WIKI.substring(8), "CheckIPHeader");              // length past the end
        assertBad(WIKI.substring(0, 20) + "b8c1" + WIKI.substring(24), "CheckIPHeader"); // checksum
        // CheckIPHeader2 and CHECKSUM false skip the checksum
        assertGood(WIKI.substring(0, 20) + "b8c1" + WIKI.substring(24), "CheckIPHeader2");
        assertGood(WIKI.substring(0, 20) + "b8c1" + WIKI.substring(24), "CheckIPHeader(CHECKSUM false)");
        assertBad(WIKI.substring(0, 20) + "b8c1" + WIKI.substring(24), "CheckIPHeader2(CHECKSUM true)");
    }

    @Test
    void sourceAddressLists()
    {
        assertBad(WIKI, "CheckIPHeader(BADSRC 192.168.0.1)");
        assertGood(WIKI, "CheckIPHeader(BADSRC 192.168.0.1, GOODDST 192.168.0.199)");
        assertGood(WIKI, "CheckIPHeader(BADSRC 1.2.3.4 5.6.7.8)");
        // old syntax: bad sources positionally (0.0.0.0 and 255.255.255.255 are added)
        assertBad(WIKI, "CheckIPHeader(192.168.0.1)");
        assertGood(WIKI, "CheckIPHeader(1.2.3.4)");
        // INTERFACES: 192.168.0.255 is a directed broadcast source; a packet to the interface is still accepted
        final String bcast = "450000140000400040110000c0a800ffc0a800c7";
        final String fixed = fix(bcast);
        assertBad(fixed, "CheckIPHeader(INTERFACES 192.168.0.7/24)");
        assertGood(fixed, "CheckIPHeader(INTERFACES 192.168.0.199/24)");
        assertTrue(RouterFixture.errorsOf(source(WIKI) + " -> CheckIPHeader(BADSRC x) -> Discard;")
            .contains("BADSRC"));
    }

    /** Sets a correct checksum into a 20-byte header given with a zero checksum. */
    private static String fix(final String hex)
    {
        long sum = 0;
        for (int i = 0; i < 40; i += 4)
        {
            sum += Integer.parseInt(hex.substring(i, i + 4), 16);
        }
        while ((sum >> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return hex.substring(0, 20) + String.format("%04x", ~sum & 0xFFFF) + hex.substring(24);
    }

    @Test
    void dropDetailsAndFirstMessage()
    {
        final String bad = WIKI.substring(0, 20) + "0000" + WIKI.substring(24);
        final String err = run(
            "InfiniteSource(DATA \\<" + bad + ">, LIMIT 3, STOP true) -> c :: CheckIPHeader(DETAILS true) -> Discard;",
            f ->
            {
                assertEquals("3", f.read("c.drops"));
                assertEquals("0\ttiny packet\n0\tbad IP version\n0\tbad IP header length\n0\tbad IP length\n"
                    + "3\tbad IP checksum\n0\tbad source address\n", f.read("c.drop_details"));
            });
        assertEquals("c: IP header check failed: bad IP checksum\n", err);
        final String verbose = run("InfiniteSource(DATA \\<" + bad
            + ">, LIMIT 2, STOP true) -> c :: CheckIPHeader(VERBOSE true) -> Discard;");
        assertEquals(2, verbose.lines().count());
    }

    @Test
    void transportCheckers()
    {
        assertGood(TCP, "CheckIPHeader -> CheckTCPHeader");
        assertGood(UDP, "CheckIPHeader -> CheckUDPHeader");
        assertGood(ICMP, "CheckIPHeader -> CheckICMPHeader");
        // wrong protocol
        final String[] r = through(UDP, "CheckIPHeader -> e2 :: CheckTCPHeader -> Null");
        assertEquals("0", r[0]);
        // corrupted transport checksums (the IP header is still fine)
        final String tcpBad = TCP.substring(0, 72) + "76be" + TCP.substring(76);
        final String udpBad = UDP.substring(0, 52) + "6f34" + UDP.substring(56);
        final String icmpBad = ICMP.substring(0, 44) + "7f64" + ICMP.substring(48);
        assertEquals("0", through(tcpBad, "CheckIPHeader -> CheckTCPHeader")[0]);
        assertEquals("0", through(udpBad, "CheckIPHeader -> CheckUDPHeader")[0]);
        assertEquals("0", through(icmpBad, "CheckIPHeader -> CheckICMPHeader")[0]);
        assertEquals("1", through(tcpBad, "CheckIPHeader -> CheckTCPHeader(CHECKSUM false)")[0]);
        // a zero UDP checksum means none
        assertEquals("1", through(UDP.substring(0, 52) + "0000" + UDP.substring(56),
            "CheckIPHeader -> CheckUDPHeader")[0]);
        // a UDP length past the end
        assertEquals("0", through(UDP.substring(0, 48) + "000d" + UDP.substring(52),
            "CheckIPHeader -> CheckUDPHeader")[0]);
        run(source(tcpBad) + " -> CheckIPHeader -> t :: CheckTCPHeader(DETAILS true) -> Discard;", f ->
        {
            assertEquals("1", f.read("t.drops"));
            assertEquals("0\tnot TCP\n0\tbad packet length\n1\tbad TCP checksum\n", f.read("t.drop_details"));
        });
        // no network header annotation at all
        run(source(ICMP) + " -> i :: CheckICMPHeader(DETAILS true) -> Discard;", f ->
            assertEquals("1\tnot ICMP\n0\tbad packet length\n0\tbad ICMP checksum\n", f.read("i.drop_details")));
    }

    @Test
    void icmpLengthRules()
    {
        // an unreachable message must quote at least 28 bytes: this one quotes 4
        final String unreach = "4500002012340000400154a70a0000010a000002" + "0300fcff00000000aabbccdd";
        final String[] r = through(fixIcmp(unreach), "CheckIPHeader -> e2 :: CheckICMPHeader(DETAILS true) -> Null");
        assertEquals("0", r[0]);
    }

    private static String fixIcmp(final String hex)
    {
        long sum = 0;
        for (int i = 40; i < hex.length(); i += 4)
        {
            if (i != 44)
            {
                sum += Integer.parseInt(hex.substring(i, i + 4), 16);
            }
        }
        while ((sum >> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return hex.substring(0, 44) + String.format("%04x", ~sum & 0xFFFF) + hex.substring(48);
    }
}
