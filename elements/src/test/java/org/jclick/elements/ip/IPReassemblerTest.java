package org.jclick.elements.ip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.HexFormat;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketAllocator;
import org.jclick.elements.RouterFixture;
import org.junit.jupiter.api.Test;

class IPReassemblerTest
{
    private static final String GRAPH = "Idle -> r :: IPReassembler(%s) -> q :: Queue(1000) -> Idle;"
        + " r[1] -> q1 :: Queue(1000) -> Idle;";
    /** 10.0.0.1 -> 10.0.0.2, UDP, identification 0x1234. */
    private static final byte[] SRC = {10, 0, 0, 1};
    private static final byte[] DST = {10, 0, 0, 2};

    /** A whole UDP datagram of {@code payloadBytes} (UDP header included), bytes 0, 1, 2, ... */
    private static byte[] datagram(final int payloadBytes)
    {
        final byte[] d = new byte[20 + payloadBytes];
        d[0] = 0x45;
        d[2] = (byte)(d.length >> 8);
        d[3] = (byte)d.length;
        d[4] = 0x12;
        d[5] = 0x34;
        d[8] = 64;
        d[9] = 17;
        System.arraycopy(SRC, 0, d, 12, 4);
        System.arraycopy(DST, 0, d, 16, 4);
        for (int i = 0; i < payloadBytes; i++)
        {
            d[20 + i] = (byte)(i * 7 + 3);
        }
        setChecksum(d, 20);
        return d;
    }

    private static void setChecksum(final byte[] d, final int hlen)
    {
        d[10] = 0;
        d[11] = 0;
        long sum = 0;
        for (int i = 0; i < hlen; i += 2)
        {
            sum += ((d[i] & 0xFF) << 8) | (d[i + 1] & 0xFF);
        }
        while ((sum >> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        final int c = (int)~sum & 0xFFFF;
        d[10] = (byte)(c >> 8);
        d[11] = (byte)c;
    }

    /** The fragment of {@code whole} carrying payload bytes [offset, offset + length), with MF as given. */
    private static byte[] fragment(final byte[] whole, final int offset, final int length, final boolean more)
    {
        final byte[] f = new byte[20 + length];
        System.arraycopy(whole, 0, f, 0, 20);
        System.arraycopy(whole, 20 + offset, f, 20, length);
        f[2] = (byte)(f.length >> 8);
        f[3] = (byte)f.length;
        final int field = (more ? 0x2000 : 0) | (offset >> 3);
        f[6] = (byte)(field >> 8);
        f[7] = (byte)field;
        setChecksum(f, 20);
        return f;
    }

    private static void push(final RouterFixture f, final byte[] ip)
    {
        final Element r = f.router().find("r");
        final Packet p = f.router().allocatorFor(r).make(ip, 0, ip.length);
        p.setNetworkHeader(0, 20);
        r.push(0, p);
    }

    private static byte[] pull(final RouterFixture f, final String queue)
    {
        final Packet p = f.router().find(queue).pull(0);
        if (p == null)
        {
            return null;
        }
        final byte[] b = new byte[p.length()];
        p.copyTo(0, b, 0, b.length);
        p.kill();
        return b;
    }

    private static RouterFixture router(final String keywords)
    {
        return RouterFixture.simtime(GRAPH.formatted(keywords));
    }

    @Test
    void fragmentsInAnyOrderGiveTheOriginalDatagram()
    {
        final byte[] whole = datagram(77);
        final int[][] orders = {{0, 1, 2, 3}, {3, 2, 1, 0}, {2, 0, 3, 1}};
        for (final int[] order : orders)
        {
            try (RouterFixture f = router(""))
            {
                final byte[][] frags = {fragment(whole, 0, 24, true), fragment(whole, 24, 24, true),
                    fragment(whole, 48, 24, true), fragment(whole, 72, 5, false)};
                for (int i = 0; i < order.length; i++)
                {
                    push(f, frags[order[i]]);
                    assertEquals(i < 3 ? "1" : "0", f.read("r.queues"), Arrays.toString(order));
                }
                assertArrayEquals(whole, pull(f, "q"), Arrays.toString(order));
                assertNull(pull(f, "q"));
                assertEquals("4", f.read("r.fragments"));
                assertEquals("1", f.read("r.reassembled"));
                assertEquals("0", f.read("r.mem"));
            }
        }
    }

    @Test
    void unfragmentedPacketsPassUnchangedAndPaddingIsTrimmed()
    {
        try (RouterFixture f = router(""))
        {
            final byte[] whole = datagram(30);
            push(f, whole);
            assertArrayEquals(whole, pull(f, "q"));
            assertEquals("0", f.read("r.fragments"));
            // a last fragment with two bytes of link-level padding after its total length
            final byte[] first = fragment(whole, 0, 16, true);
            final byte[] last = fragment(whole, 16, 14, false);
            push(f, Arrays.copyOf(last, last.length + 2));
            push(f, first);
            assertArrayEquals(whole, pull(f, "q"));
        }
    }

    @Test
    void overlapsAndDuplicatesAreHandled()
    {
        try (RouterFixture f = router(""))
        {
            final byte[] whole = datagram(40);
            push(f, fragment(whole, 0, 24, true));
            push(f, fragment(whole, 0, 24, true)); // exact duplicate: dropped
            push(f, fragment(whole, 16, 16, true)); // overlaps the first
            push(f, fragment(whole, 32, 8, false));
            assertArrayEquals(whole, pull(f, "q"));
            assertEquals("1", f.read("r.duplicates"));
            assertEquals("0", f.read("r.queues"));
        }
    }

    @Test
    void malformedFragmentsAreDroppedAndCounted()
    {
        try (RouterFixture f = router(""))
        {
            final byte[] whole = datagram(40);
            final byte[] odd = fragment(whole, 0, 12, true); // MF with a payload not a multiple of 8
            push(f, odd);
            final byte[] truncated = fragment(whole, 0, 16, true);
            push(f, Arrays.copyOf(truncated, truncated.length - 4));
            final byte[] beyond = fragment(whole, 0, 16, false);
            beyond[6] = 0x1F; // offset 0x1FFF * 8: ends past 65,535
            beyond[7] = (byte)0xFF;
            setChecksum(beyond, 20);
            push(f, beyond);
            push(f, fragment(whole, 32, 8, false));
            push(f, fragment(whole, 24, 8, false)); // contradicts the known end
            assertEquals("4", f.read("r.bad"));
            assertEquals("1", f.read("r.queues"));
            assertNull(pull(f, "q"));
        }
    }

    @Test
    void incompleteDatagramsTimeOutToOutput1WithTheirFragmentsAtTheirOffsets()
    {
        try (RouterFixture f = RouterFixture.simtime(GRAPH.formatted("") + " Script(wait 40, stop);"))
        {
            final byte[] whole = datagram(40);
            push(f, fragment(whole, 8, 8, true));
            push(f, fragment(whole, 32, 8, false));
            f.run();
            assertEquals("0", f.read("r.queues"));
            assertEquals("1", f.read("r.failed"));
            final byte[] partial = pull(f, "q1");
            assertNotNull(partial);
            assertEquals(60, partial.length);
            assertEquals(0x20, partial[6] & 0xE0, "More Fragments marks it incomplete");
            assertEquals(0, partial[7]);
            final byte[] expected = whole.clone();
            Arrays.fill(expected, 20, 28, (byte)0);
            Arrays.fill(expected, 36, 52, (byte)0);
            assertArrayEquals(Arrays.copyOfRange(expected, 20, 60), Arrays.copyOfRange(partial, 20, 60));
            assertNull(pull(f, "q"));
        }
    }

    @Test
    void withoutOutput1TimedOutFragmentsAreDropped()
    {
        try (RouterFixture f = RouterFixture.simtime("Idle -> r :: IPReassembler -> Discard; Script(wait 29, stop);"))
        {
            push(f, fragment(datagram(40), 8, 8, true));
            f.run();
            assertEquals("1", f.read("r.queues"), "kept for 30 s");
        }
        try (RouterFixture f = RouterFixture.simtime("Idle -> r :: IPReassembler -> Discard; Script(wait 32, stop);"))
        {
            push(f, fragment(datagram(40), 8, 8, true));
            f.run();
            assertEquals("0", f.read("r.queues"));
            assertEquals("1", f.read("r.failed"));
            assertEquals("0", f.read("r.mem"));
        }
    }

    @Test
    void memoryAboveHimemGivesUpTheOldestDatagrams()
    {
        try (RouterFixture f = router("HIMEM 400"))
        {
            // ten datagrams, each with one 48-byte fragment held: 480 bytes > 400, so the oldest go until <= 300
            for (int id = 0; id < 10; id++)
            {
                final byte[] frag = fragment(datagram(64), 0, 16 + 8 * (id % 2) + 8, true);
                frag[4] = (byte)id;
                setChecksum(frag, 20);
                push(f, frag);
            }
            final int queues = Integer.parseInt(f.read("r.queues"));
            final long mem = Long.parseLong(f.read("r.mem"));
            assertTrue(mem <= 400, "mem " + mem);
            assertEquals(10, queues + Integer.parseInt(f.read("r.failed")));
            // the oldest (identification 0) went to output 1 first
            final byte[] first = pull(f, "q1");
            assertNotNull(first);
            assertEquals(0, first[4]);
        }
    }

    @Test
    void maxMtuAnnotationHoldsTheLargestFragment()
    {
        try (RouterFixture f = router("MAX_MTU_ANNO 20"))
        {
            final byte[] whole = datagram(40);
            push(f, fragment(whole, 0, 32, true));
            push(f, fragment(whole, 32, 8, false));
            final Packet p = f.router().find("q").pull(0);
            assertNotNull(p);
            assertEquals(52, p.annoU16(20));
            assertEquals(0, p.networkHeaderOffset());
            assertEquals(20, p.transportHeaderOffset());
            p.kill();
        }
    }

    @Test
    void theLinkHeaderOfTheFirstFragmentIsKept()
    {
        try (RouterFixture f = router(""))
        {
            final byte[] whole = datagram(40);
            final byte[] eth = HexFormat.of().parseHex("0202020202020101010101010800");
            final Element r = f.router().find("r");
            final PacketAllocator a = f.router().allocatorFor(r);
            for (final byte[] frag : new byte[][] {fragment(whole, 24, 16, false), fragment(whole, 0, 24, true)})
            {
                final byte[] framed = new byte[14 + frag.length];
                System.arraycopy(eth, 0, framed, 0, 14);
                System.arraycopy(frag, 0, framed, 14, frag.length);
                final Packet p = a.make(framed, 0, framed.length);
                p.setMacHeader(0);
                p.setNetworkHeader(14, 20);
                r.push(0, p);
            }
            final byte[] out = pull(f, "q");
            assertNotNull(out);
            assertArrayEquals(eth, Arrays.copyOf(out, 14));
            assertArrayEquals(whole, Arrays.copyOfRange(out, 14, out.length));
        }
    }

    @Test
    void holdingAndReassemblingAllocatesNothing()
    {
        final byte[] whole = datagram(77);
        final byte[][] frags = {fragment(whole, 48, 24, true), fragment(whole, 0, 24, true),
            fragment(whole, 72, 5, false), fragment(whole, 24, 24, true)};
        try (RouterFixture f = RouterFixture.simtime("Idle -> r :: IPReassembler -> Discard;"))
        {
            final Element r = f.router().find("r");
            final PacketAllocator a = f.router().allocatorFor(r);
            final com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
            long best = Long.MAX_VALUE;
            for (int round = 0; round < 5; round++)
            {
                final long before = mx.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 5_000; i++)
                {
                    for (final byte[] frag : frags)
                    {
                        final Packet p = a.make(frag, 0, frag.length);
                        p.setNetworkHeader(0, 20);
                        r.push(0, p);
                    }
                }
                best = Math.min(best, mx.getCurrentThreadAllocatedBytes() - before);
            }
            assertTrue(best < 4_000, "allocated " + best + " bytes for 5000 datagrams");
            assertEquals("25000", f.read("r.reassembled"));
        }
    }
}
