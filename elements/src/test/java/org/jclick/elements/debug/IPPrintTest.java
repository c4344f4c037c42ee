package org.jclick.elements.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.packet.Packet;
import org.jclick.elements.RouterFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IPPrint and ARPPrint: each packet is built here and pushed straight into the element. */
class IPPrintTest
{
    @TempDir
    Path dir;

    static byte[] hex(final String s)
    {
        final String h = s.replaceAll("\\s+", "");
        final byte[] b = new byte[h.length() / 2];
        for (int i = 0; i < b.length; i++)
        {
            b[i] = (byte)Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    /** An IPv4 header: 20 bytes, no checksum. */
    static String ip(final int proto, final int len, final int id, final int off, final String src, final String dst)
    {
        return String.format("4510%04x%04x%04x40%02x0000%s%s", len, id, off, proto, addr(src), addr(dst));
    }

    static String addr(final String dotted)
    {
        final StringBuilder sb = new StringBuilder();
        for (final String part : dotted.split("\\."))
        {
            sb.append(String.format("%02x", Integer.parseInt(part)));
        }
        return sb.toString();
    }

    /**
     * Pushes one packet of {@code data} (network header at {@code nh}, {@code hl} bytes long, none if negative) into
     * the element {@code e} of {@code config}; returns what was printed to standard error.
     */
    static String printed(final String config, final String data, final int nh, final int hl,
        final Consumer<Packet> setup)
    {
        final PrintStream old = System.err;
        final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.ISO_8859_1));
        try (RouterFixture f = RouterFixture.simtime(config))
        {
            final Element e = f.router().find("e");
            final byte[] bytes = hex(data);
            final Packet p = f.router().allocatorFor(e).make(bytes, 0, bytes.length);
            if (nh >= 0)
            {
                p.setNetworkHeader(nh, hl);
            }
            p.setTimestampNs(1_500_000_000L);
            if (setup != null)
            {
                setup.accept(p);
            }
            e.push(0, p);
        }
        finally
        {
            System.setErr(old);
        }
        return buf.toString(StandardCharsets.ISO_8859_1);
    }

    static String ipPrint(final String args, final String data)
    {
        return printed("Idle -> e :: IPPrint(" + args + ") -> Discard;", data, 0, 20, null);
    }

    private static final String SRC = "1.0.0.1";
    private static final String DST = "2.0.0.2";

    @Test
    void tcpLines()
    {
        // SYN: seqlen counts the SYN
        assertEquals("1.500000: 1.0.0.1.1000 > 2.0.0.2.80: S 100:101(1,40,40) win 8192\n",
            ipPrint("", ip(6, 40, 1, 0, SRC, DST) + "03e8 0050 00000064 00000000 5002 2000 0000 0000"));
        // PUSH|ACK with 10 bytes of data
        assertEquals("1.500000: 1.0.0.1.1000 > 2.0.0.2.80: P 100:110(10,50,50) ack 7 win 100\n",
            ipPrint("", ip(6, 50, 1, 0, SRC, DST) + "03e8 0050 00000064 00000007 5018 0064 0000 0000"
                + "30313233343536373839"));
        // ACK only, FIN|RST, sequence wrap-around
        assertEquals("1.500000: 1.0.0.1.1000 > 2.0.0.2.80: FR 4294967295:0(1,40,40) win 0\n",
            ipPrint("", ip(6, 40, 1, 0, SRC, DST) + "03e8 0050 ffffffff 00000000 5005 0000 0000 0000"));
        assertEquals("1.500000: 1.0.0.1.1000 > 2.0.0.2.80: . 5:5(0,40,40) ack 9 win 1\n",
            ipPrint("", ip(6, 40, 1, 0, SRC, DST) + "03e8 0050 00000005 00000009 5010 0001 0000 0000"));
    }

    @Test
    void truncatedHeaders()
    {
        assertEquals("1.500000: 1.0.0.1 > 2.0.0.2: truncated-tcp\n",
            ipPrint("", ip(6, 22, 1, 0, SRC, DST) + "03e8"));
        assertEquals("1.500000: 1.0.0.1.1000 > 2.0.0.2.80: truncated-tcp\n",
            ipPrint("", ip(6, 30, 1, 0, SRC, DST) + "03e8 0050 00000064 0000"));
        // 14 bytes: flags and sequence, but no window (a 34-byte datagram has -6 bytes past a 20-byte TCP header)
        assertEquals("1.500000: 1.0.0.1.1000 > 2.0.0.2.80: . 100:94(-6,34,34) ack 0truncated-tcp\n",
            ipPrint("", ip(6, 34, 1, 0, SRC, DST) + "03e8 0050 00000064 00000000 5010"));
        assertEquals("1.500000: 1.0.0.1.53 > 2.0.0.2.1024: truncated-udp\n",
            ipPrint("", ip(17, 26, 1, 0, SRC, DST) + "0035 0400 0010"));
        assertEquals("1.500000: truncated-ip\n", ipPrint("", "4500"));
        assertEquals("1.500000: 1.0.0.1 > 2.0.0.2: truncated-icmp\n",
            ipPrint("", ip(1, 21, 1, 0, SRC, DST) + "08"));
    }

    @Test
    void udpOtherAndFragments()
    {
        assertEquals("1.500000: 1.0.0.1.53 > 2.0.0.2.1024: udp 16\n",
            ipPrint("", ip(17, 36, 1, 0, SRC, DST) + "0035 0400 0010 0000 0102030405060708"));
        assertEquals("1.500000: 1.0.0.1 > 2.0.0.2: ip-proto-47\n", ipPrint("", ip(47, 24, 1, 0, SRC, DST) + "00000800"));
        // first fragment (MF), then a later one (offset 185 * 8)
        assertEquals("1.500000: 1.0.0.1.53 > 2.0.0.2.1024: udp 16 (frag 77:16@0+)\n",
            ipPrint("", ip(17, 36, 77, 0x2000, SRC, DST) + "0035 0400 0010 0000 0102030405060708"));
        assertEquals("1.500000: 1.0.0.1 > 2.0.0.2: udp (frag 77:8@1480)\n",
            ipPrint("", ip(17, 28, 77, 185, SRC, DST) + "0102030405060708"));
        assertEquals("1.500000: 1.0.0.1 > 2.0.0.2: tcp (frag 77:8@1480+)\n",
            ipPrint("", ip(6, 28, 77, 0x2000 | 185, SRC, DST) + "0102030405060708"));
    }

    @Test
    void icmpLines()
    {
        final String echo = ip(1, 28, 1, 0, SRC, DST) + "0800 0000 0102 0304";
        assertEquals("1.500000: 1.0.0.1 > 2.0.0.2: icmp echo (258, 772)\n", ipPrint("", echo));
        assertEquals("1.500000: 1.0.0.1 > 2.0.0.2: icmp echo (513, 1027)\n", ipPrint("SWAP false", echo));
        assertEquals("1.500000: 1.0.0.1 > 2.0.0.2: icmp echo-reply (1, 2)\n",
            ipPrint("", ip(1, 28, 1, 0, SRC, DST) + "0000 0000 0001 0002"));
        assertEquals("1.500000: 1.0.0.1 > 2.0.0.2: icmp echo truncated-icmp\n",
            ipPrint("", ip(1, 24, 1, 0, SRC, DST) + "0800 0000"));
        // unreachable: the quoted datagram names the destination, protocol and port
        final String quoted = ip(17, 36, 9, 0, DST, "9.9.9.9") + "0400 0035 0010 0000";
        assertEquals("1.500000: 1.0.0.1 > 2.0.0.2: icmp 9.9.9.9 unreachable port udp/53\n",
            ipPrint("", ip(1, 56, 1, 0, SRC, DST) + "0303 0000 00000000" + quoted));
        assertEquals("1.500000: 1.0.0.1 > 2.0.0.2: icmp 9.9.9.9 unreachable protocol udp\n",
            ipPrint("", ip(1, 56, 1, 0, SRC, DST) + "0302 0000 00000000" + quoted));
        assertEquals("1.500000: 1.0.0.1 > 2.0.0.2: icmp 9.9.9.9 unreachable needfrag (mtu 1400)\n",
            ipPrint("", ip(1, 56, 1, 0, SRC, DST) + "0304 0000 00000578" + quoted));
        assertEquals("1.500000: 1.0.0.1 > 2.0.0.2: icmp 9.9.9.9 unreachable code 99\n",
            ipPrint("", ip(1, 56, 1, 0, SRC, DST) + "0363 0000 00000000" + quoted));
        assertEquals("1.500000: 1.0.0.1 > 2.0.0.2: icmp 9.9.9.9 unreachable port protocol 99truncated-icmp\n",
            ipPrint("", ip(1, 48, 1, 0, SRC, DST) + "0303 0000 00000000" + ip(99, 20, 9, 0, DST, "9.9.9.9")));
        assertEquals("1.500000: 1.0.0.1 > 2.0.0.2: icmp 9.9.9.9 unreachable protocol 99\n",
            ipPrint("", ip(1, 48, 1, 0, SRC, DST) + "0302 0000 00000000" + ip(99, 20, 9, 0, DST, "9.9.9.9")));
        assertEquals("1.500000: 1.0.0.1 > 2.0.0.2: icmp unreachable host truncated-icmp\n",
            ipPrint("", ip(1, 36, 1, 0, SRC, DST) + "0301 0000 00000000 45000000 00000000"));
        // other types: names from Click's tables, else numbers
        assertEquals("1.500000: 1.0.0.1 > 2.0.0.2: icmp timeexceeded transit\n",
            ipPrint("", ip(1, 28, 1, 0, SRC, DST) + "0b00 0000 00000000"));
        assertEquals("1.500000: 1.0.0.1 > 2.0.0.2: icmp redirect host\n",
            ipPrint("", ip(1, 28, 1, 0, SRC, DST) + "0501 0000 00000000"));
        assertEquals("1.500000: 1.0.0.1 > 2.0.0.2: icmp sourcequench\n",
            ipPrint("", ip(1, 28, 1, 0, SRC, DST) + "0400 0000 00000000"));
        assertEquals("1.500000: 1.0.0.1 > 2.0.0.2: icmp type 42 code 3\n",
            ipPrint("", ip(1, 28, 1, 0, SRC, DST) + "2a03 0000 00000000"));
    }

    @Test
    void fieldsAndAnnotations()
    {
        final String udp = ip(17, 36, 77, 0, SRC, DST) + "0035 0400 0010 0000 0102030405060708";
        assertEquals("x: id 77 ttl 64 tos 16 length 36 1.0.0.1.53 > 2.0.0.2.1024: udp 16\n",
            ipPrint("x, TIMESTAMP false, ID true, TTL true, TOS true, LENGTH true", udp));
        assertEquals("1.500000: paint 3: 1.0.0.1.53 > 2.0.0.2.1024: udp 16\n",
            printed("Idle -> e :: IPPrint(PAINT true) -> Discard;", udp, 0, 20, p -> p.setPaintAnno(3)));
        assertEquals("#9.3: 1.0.0.1.53 > 2.0.0.2.1024: udp 16\n",
            printed("Idle -> e :: IPPrint(TIMESTAMP false, PAINT true, AGGREGATE true) -> Discard;", udp, 0, 20,
                p ->
                {
                    p.setPaintAnno(3);
                    p.setAggregateAnno(9);
                }));
        assertEquals("#4294967295: 1.0.0.1.53 > 2.0.0.2.1024: udp 16\n",
            printed("Idle -> e :: IPPrint(TIMESTAMP false, AGGREGATE true) -> Discard;", udp, 0, 20,
                p -> p.setAggregateAnno(-1)));
        // the network header need not be at the start of the data
        assertEquals("1.0.0.1.53 > 2.0.0.2.1024: udp 16\n",
            printed("Idle -> e :: IPPrint(TIMESTAMP false) -> Discard;", "0000" + udp, 2, 20, null));
    }

    @Test
    void contentsAndPayload()
    {
        final String udp = ip(17, 36, 77, 0, SRC, DST) + "0035 0400 0010 0000 41424344 0a464748";
        assertEquals("""
            1.0.0.1.53 > 2.0.0.2.1024: udp 16
              4510004d 004d0000 40110000 01000001 02000002 00350400
              00100000 41424344 0a464748
            """.replace("4510004d", "45100024"), ipPrint("TIMESTAMP false, CONTENTS HEX", udp));
        assertEquals("1.0.0.1.53 > 2.0.0.2.1024: udp 16\n  45100024\n",
            ipPrint("TIMESTAMP false, CONTENTS true, MAXLENGTH 4", udp));
        assertEquals("1.0.0.1.53 > 2.0.0.2.1024: udp 16\n  ABCD.FGH\n",
            ipPrint("TIMESTAMP false, PAYLOAD ascii", udp));
        assertEquals("1.0.0.1.53 > 2.0.0.2.1024: udp 16\n  41424344 0a464748\n",
            ipPrint("TIMESTAMP false, PAYLOAD true", udp));
        final String tcp = ip(6, 44, 1, 0, SRC, DST) + "03e8 0050 00000064 00000000 5010 2000 0000 0000 61626364";
        assertEquals("1.0.0.1.1000 > 2.0.0.2.80: . 100:104(4,44,44) ack 0 win 8192\n  abcd\n",
            ipPrint("TIMESTAMP false, PAYLOAD ASCII", tcp));
        // text lines of 48, groups of 8
        final String big = ip(47, 80, 1, 0, SRC, DST) + "41".repeat(60);
        assertEquals("1.0.0.1 > 2.0.0.2: ip-proto-47\n  " + "AAAAAAAA ".repeat(6).trim() + "\n  AAAAAAAA AAAA\n",
            ipPrint("TIMESTAMP false, PAYLOAD ASCII", big));
        // no payload: nothing after the line
        assertEquals("1.0.0.1.53 > 2.0.0.2.1024: udp 8\n",
            ipPrint("TIMESTAMP false, PAYLOAD HEX", ip(17, 28, 1, 0, SRC, DST) + "0035 0400 0008 0000"));
    }

    @Test
    void activeNoNetworkHeaderAndOutfile() throws IOException
    {
        final String udp = ip(17, 28, 1, 0, SRC, DST) + "0035 0400 0008 0000";
        assertEquals("", ipPrint("ACTIVE false", udp));
        assertEquals("", printed("Idle -> e :: IPPrint -> Discard;", udp, -1, 0, null));
        final Path out = dir.resolve("ipprint.txt");
        assertEquals("", ipPrint("a, TIMESTAMP false, OUTFILE " + out, udp));
        assertEquals("a: 1.0.0.1.53 > 2.0.0.2.1024: udp 8\n", Files.readString(out));
        try (RouterFixture f = RouterFixture.simtime("Idle -> e :: IPPrint(ACTIVE false) -> Discard;"))
        {
            assertEquals("false", f.read("e.active"));
            assertEquals(0, f.write("e.active", "true"));
            assertEquals("true", f.read("e.active"));
        }
    }

    @Test
    void configurationErrors()
    {
        assertTrue(RouterFixture.errorsOf("Idle -> IPPrint(CONTENTS bogus) -> Discard;")
            .contains("bad contents value 'BOGUS'; should be 'NONE', 'HEX', or 'ASCII'"));
        assertTrue(RouterFixture.errorsOf("Idle -> IPPrint(CONTENTS hex, PAYLOAD hex) -> Discard;")
            .contains("specify at most one of PAYLOAD and CONTENTS"));
        assertTrue(RouterFixture.errorsOf("Idle -> IPPrint(PAYLOAD maybe) -> Discard;").contains("bad payload value"));
        assertTrue(RouterFixture.errorsOf("Idle -> IPPrint(OUTFILE " + dir.resolve("no/such/dir/x") + ") -> Discard;")
            .contains("no/such/dir/x"));
        assertEquals("", RouterFixture.errorsOf("Idle -> IPPrint(l, CHANNEL x, NBYTES 10, CONTENTS NONE) -> Discard;"));
    }

    // ------------------------------------------------------------------------------------------ ARPPrint

    /** An Ethernet/IPv4 ARP body (28 bytes). */
    static String arp(final int op, final String sha, final String spa, final String tha, final String tpa)
    {
        return String.format("0001 0800 06 04 %04x", op) + sha + addr(spa) + tha + addr(tpa);
    }

    static String arpPrint(final String args, final String data, final int nh)
    {
        return printed("Idle -> e :: ARPPrint(" + args + ") -> Discard;", data, nh, 28, null);
    }

    @Test
    void arpLines()
    {
        final String a = "001122334455";
        final String b = "66778899aabb";
        final String zero = "000000000000";
        assertEquals("1.500000: arp who-has 10.0.0.2 tell 10.0.0.1\n",
            arpPrint("", arp(1, a, "10.0.0.1", zero, "10.0.0.2"), 0));
        assertEquals("1.500000: arp who-has 10.0.0.2 (66-77-88-99-AA-BB) tell 10.0.0.1\n",
            arpPrint("", arp(1, a, "10.0.0.1", b, "10.0.0.2"), 0));
        assertEquals("l: arp reply 10.0.0.2 is-at 66-77-88-99-AA-BB\n",
            arpPrint("l, TIMESTAMP false", arp(2, b, "10.0.0.2", a, "10.0.0.1"), 0));
        assertEquals("rarp who-is 00-11-22-33-44-55 tell 66-77-88-99-AA-BB\n",
            arpPrint("TIMESTAMP false", arp(3, b, "0.0.0.0", a, "0.0.0.0"), 0));
        assertEquals("rarp reply 00-11-22-33-44-55 at 10.0.0.9\n",
            arpPrint("TIMESTAMP false", arp(4, b, "10.0.0.1", a, "10.0.0.9"), 0));
        assertEquals("invarp who-is 00-11-22-33-44-55 tell 66-77-88-99-AA-BB\n",
            arpPrint("TIMESTAMP false", arp(8, b, "0.0.0.0", a, "0.0.0.0"), 0));
        assertEquals("invarp reply 00-11-22-33-44-55 at 10.0.0.9\n",
            arpPrint("TIMESTAMP false", arp(9, b, "10.0.0.1", a, "10.0.0.9"), 0));
        assertEquals("arp-#7\n", arpPrint("TIMESTAMP false", arp(7, b, "10.0.0.1", a, "10.0.0.9"), 0));
        // trailer protocol, other hardware
        assertEquals("trailer-arp reply 10.0.0.2 is-at 66-77-88-99-AA-BBhardware #6\n",
            arpPrint("TIMESTAMP false", "0006 1000 06 04 0002" + b + addr("10.0.0.2") + a + addr("10.0.0.1"), 0));
        // not IP: Click prints nothing
        assertEquals("", arpPrint("TIMESTAMP false", "0001 86dd 06 10 0001" + "00".repeat(20), 0));
        assertEquals("truncated-arp (4)\n", arpPrint("TIMESTAMP false", "00010800", 0));
    }

    @Test
    void arpEtherAndActive()
    {
        final String ether = "ffffffffffff 001122334455 0806";
        final String body = arp(1, "001122334455", "10.0.0.1", "000000000000", "10.0.0.2");
        assertEquals("00-11-22-33-44-55 > FF-FF-FF-FF-FF-FF: arp who-has 10.0.0.2 tell 10.0.0.1\n",
            arpPrint("TIMESTAMP false, ETHER true", ether + body, 14));
        // no room for an Ethernet header before the ARP header: no addresses
        assertEquals("arp who-has 10.0.0.2 tell 10.0.0.1\n", arpPrint("TIMESTAMP false, ETHER true", body, 0));
        assertEquals("", arpPrint("ACTIVE false", body, 0));
        assertEquals("", printed("Idle -> e :: ARPPrint -> Discard;", body, -1, 0, null));
    }
}
