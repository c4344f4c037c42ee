package org.jclick.elements.rewriter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import org.jclick.dataplane.packet.Packet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The shared golden cases nat-snat, lb-rr and chain (real Click's outputs), with the classification that their
 * configurations do with CheckIPHeader/IPClassifier/IPFilter done here in Java, so the rewriters' part is
 * checked packet by packet (IP datagrams byte for byte) and handler by handler. Skipped when the golden folder
 * (JCLICK_GOLDEN, default /work/shared/golden) is absent.
 */
class GoldenCasesTest
{
    private static Path golden(final String name)
    {
        final Path root = Path.of(System.getenv().getOrDefault("JCLICK_GOLDEN", "/work/shared/golden"));
        final Path p = root.resolve(name);
        Assumptions.assumeTrue(Files.isDirectory(p), "no golden case " + p);
        return p;
    }

    /** The IP datagrams of a pcap (Ethernet framing and padding removed). */
    static List<byte[]> datagrams(final Path pcap) throws IOException
    {
        final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(pcap)).order(ByteOrder.LITTLE_ENDIAN);
        final List<byte[]> out = new ArrayList<>();
        int off = 24;
        while (off + 16 <= b.limit())
        {
            final int cl = b.getInt(off + 8);
            off += 16;
            final byte[] frame = Arrays.copyOfRange(b.array(), off, off + cl);
            off += cl;
            final int ipLen = RwFixture.get16(frame, 16);
            out.add(Arrays.copyOfRange(frame, 14, Math.min(frame.length, 14 + ipLen)));
        }
        return out;
    }

    private static final class Run
    {
        final List<List<byte[]>> outs = new ArrayList<>();
        final RwFixture f;

        Run(final RwFixture f, final int sinks)
        {
            this.f = f;
            for (int i = 0; i < sinks; i++)
            {
                outs.add(new ArrayList<>());
            }
        }

        void push(final String element, final int port, final byte[] d)
        {
            f.<RewriterBase>element(element).push(port, f.make(d));
            drain();
        }

        void drain()
        {
            for (int i = 0; i < outs.size(); i++)
            {
                Packet p;
                while ((p = f.sink("s" + i).take()) != null)
                {
                    outs.get(i).add(RwFixture.bytes(p));
                    p.kill();
                }
            }
        }
    }

    private static void assertSame(final List<byte[]> expected, final List<byte[]> actual, final String what)
    {
        assertEquals(expected.size(), actual.size(), what + " count");
        for (int i = 0; i < expected.size(); i++)
        {
            if (!Arrays.equals(expected.get(i), actual.get(i)))
            {
                throw new AssertionError(what + " packet " + i + " differs:\n" + hex(expected.get(i)) + "\n" + hex(actual.get(i)));
            }
        }
    }

    private static String hex(final byte[] b)
    {
        final StringBuilder sb = new StringBuilder();
        for (final byte x : b)
        {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }

    private static String handlerBlock(final Path handlers, final String name) throws IOException
    {
        final String text = Files.readString(handlers);
        final int i = text.indexOf(name + ":\n");
        final int j = text.indexOf("\n\n", i);
        return text.substring(i + name.length() + 2, j + 1);
    }

    private static TreeSet<String> lines(final String s)
    {
        return new TreeSet<>(Arrays.asList(s.split("\n")));
    }

    private static int u8(final byte[] d, final int off)
    {
        return d[off] & 0xFF;
    }

    @Test
    void natSnat() throws IOException
    {
        final Path g = golden("nat-snat");
        try (RwFixture f = RwFixture.of("i :: Idle; nat :: IPRewriter(pattern 203.0.113.1 1024-65535# - - 0 1, drop);"
            + "i -> [0]nat; i[1] -> [1]nat; nat[0] -> s0 :: Sink; nat[1] -> s1 :: Sink;"))
        {
            final Run run = new Run(f, 2);
            for (final byte[] d : datagrams(g.resolve("in_out.pcap")))
            {
                run.push("nat", 0, d);
            }
            for (final byte[] d : datagrams(g.resolve("in_reply.pcap")))
            {
                run.push("nat", 1, d);
            }
            assertSame(datagrams(g.resolve("expected/out_nat.pcap")), run.outs.get(0), "out_nat");
            assertSame(datagrams(g.resolve("expected/reply_nat.pcap")), run.outs.get(1), "reply_nat");
            final Path h = g.resolve("expected/handlers.txt");
            assertEquals(handlerBlock(h, "nat.table_size"), f.read("nat.table_size") + "\n");
            assertEquals(lines(handlerBlock(h, "nat.tcp_table")), lines(f.read("nat.tcp_table")));
            assertEquals(lines(handlerBlock(h, "nat.udp_table")), lines(f.read("nat.udp_table")));
        }
    }

    @Test
    void lbRoundRobin() throws IOException
    {
        final Path g = golden("lb-rr");
        try (RwFixture f = RwFixture.of("rr :: RoundRobinIPMapper(- - 10.20.0.1 8080 0 1, - - 10.20.0.2 8080 0 1,"
            + " - - 10.20.0.3 8080 0 1, - - 10.20.0.4 8080 0 1); i :: Idle; lb :: IPRewriter(rr, drop);"
            + "i -> [0]lb; i[1] -> [1]lb; lb[0] -> s0 :: Sink; lb[1] -> s1 :: Sink;"))
        {
            final Run run = new Run(f, 2);
            final List<byte[]> bypass = new ArrayList<>();
            final int vip = RwFixture.ip("192.0.2.80");
            for (final byte[] d : datagrams(g.resolve("in.pcap")))
            {
                final int hl = (d[0] & 0xF) << 2;
                final boolean tcp = u8(d, 9) == 6;
                final boolean first = (RwFixture.get16(d, 6) & 0x1FFF) == 0;
                if (tcp && first && RwFixture.get32(d, 16) == vip && RwFixture.get16(d, hl + 2) == 80)
                {
                    run.push("lb", 0, d);
                }
                else if (tcp && first && (RwFixture.get32(d, 12) & 0xFFFFFFF8) == RwFixture.ip("10.20.0.0")
                    && RwFixture.get16(d, hl) == 8080)
                {
                    run.push("lb", 1, d);
                }
                else
                {
                    bypass.add(d);
                }
            }
            assertSame(datagrams(g.resolve("expected/bypass.pcap")), bypass, "bypass");
            assertSame(datagrams(g.resolve("expected/to_backends.pcap")), run.outs.get(0), "to_backends");
            assertSame(datagrams(g.resolve("expected/to_clients.pcap")), run.outs.get(1), "to_clients");
            final Path h = g.resolve("expected/handlers.txt");
            assertEquals(handlerBlock(h, "lb.table_size"), f.read("lb.table_size") + "\n");
            assertEquals(handlerBlock(h, "lb.mapping_failures"), f.read("lb.mapping_failures") + "\n");
            assertEquals(lines(handlerBlock(h, "lb.tcp_table")), lines(f.read("lb.tcp_table")));
        }
    }

    @Test
    void chain() throws IOException
    {
        final Path g = golden("chain");
        try (RwFixture f = RwFixture.of("IPRewriterPatterns(SNAT 203.0.113.10 20000-29999# - -);"
            + "rr :: RoundRobinIPMapper(- - 10.9.0.1 - 0 1, - - 10.9.0.2 - 0 1, - - 10.9.0.3 - 0 1);"
            + "nat :: IPRewriter(pattern SNAT 0 1, pattern SNAT 2 3, drop); lb :: IPRewriter(rr, drop);"
            + "i :: Idle; i -> [0]nat; i[1] -> [1]nat; i[2] -> [2]nat; i[3] -> [0]lb; i[4] -> [1]lb;"
            + "nat[0] -> [0]lb; lb[0] -> s0 :: Sink; lb[1] -> [2]nat; nat[1] -> s1 :: Sink; nat[2] -> s2 :: Sink;"
            + "nat[3] -> s3 :: Sink;"))
        {
            final Run run = new Run(f, 4);
            final List<byte[]> denied = new ArrayList<>();
            final int nat = RwFixture.ip("203.0.113.10");
            for (final byte[] d : datagrams(g.resolve("in.pcap")))
            {
                final int hl = (d[0] & 0xF) << 2;
                final int src = RwFixture.get32(d, 12);
                final int dst = RwFixture.get32(d, 16);
                final int proto = u8(d, 9);
                final boolean frag = (RwFixture.get16(d, 6) & 0x3FFF) != 0;
                final int sp = RwFixture.get16(d, hl);
                final int dp = RwFixture.get16(d, hl + 2);
                final boolean inside = (src & 0xFFFF0000) == RwFixture.ip("10.1.0.0");
                if ((src & 0xFFFFFF00) == RwFixture.ip("10.1.66.0") || frag)
                {
                    continue;
                }
                if (inside && dst == RwFixture.ip("198.18.0.80") && proto == 6 && (dp == 80 || dp == 443))
                {
                    run.push("nat", 0, d);
                }
                else if (inside && proto == 17 && dp == 53)
                {
                    run.push("nat", 1, d);
                }
                else if ((src & 0xFFFFFFF8) == RwFixture.ip("10.9.0.0") && dst == nat && proto == 6 && (sp == 80 || sp == 443))
                {
                    run.push("lb", 1, d);
                }
                else if (dst == nat && proto == 17 && sp == 53)
                {
                    run.push("nat", 2, d);
                }
                else
                {
                    denied.add(d);
                }
            }
            assertSame(datagrams(g.resolve("expected/denied.pcap")), denied, "denied");
            assertSame(datagrams(g.resolve("expected/out_web.pcap")), run.outs.get(0), "out_web");
            assertSame(datagrams(g.resolve("expected/rev_web.pcap")), run.outs.get(1), "rev_web");
            assertSame(datagrams(g.resolve("expected/out_dns.pcap")), run.outs.get(2), "out_dns");
            assertSame(datagrams(g.resolve("expected/rev_dns.pcap")), run.outs.get(3), "rev_dns");
            final Path h = g.resolve("expected/handlers.txt");
            assertEquals(handlerBlock(h, "nat.table_size"), f.read("nat.table_size") + "\n");
            assertEquals(handlerBlock(h, "lb.table_size"), f.read("lb.table_size") + "\n");
            assertEquals(handlerBlock(h, "nat.patterns"), f.read("nat.patterns"));
        }
    }
}
