package org.jclick.dataplane.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketAllocator;
import org.jclick.dataplane.trace.LinkType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** FlowHash: symmetric over the two directions of a flow, stable, spread evenly over shards. */
class FlowHashTest
{
    private final PacketAllocator allocator = new PacketAllocator();

    @AfterEach
    void close()
    {
        allocator.close();
    }

    /** An Ethernet/IPv4 frame with ports after a 20-byte header; {@code fragOff} is the IP flags+offset field. */
    private Packet frame(final long dmac, final long smac, final int saddr, final int daddr, final int proto,
        final int sport, final int dport, final int fragField)
    {
        final byte[] b = new byte[60];
        for (int i = 0; i < 6; i++)
        {
            b[i] = (byte)(dmac >>> (40 - 8 * i));
            b[6 + i] = (byte)(smac >>> (40 - 8 * i));
        }
        b[12] = 0x08;
        b[14] = 0x45;
        b[17] = 46;
        b[20] = (byte)(fragField >>> 8);
        b[21] = (byte)fragField;
        b[22] = 64;
        b[23] = (byte)proto;
        putInt(b, 26, saddr);
        putInt(b, 30, daddr);
        b[34] = (byte)(sport >>> 8);
        b[35] = (byte)sport;
        b[36] = (byte)(dport >>> 8);
        b[37] = (byte)dport;
        final Packet p = allocator.make(b, 0, b.length);
        final int off = FlowHash.ipv4HeaderOffset(p, LinkType.ETHERNET);
        if (off >= 0)
        {
            p.setNetworkHeader(off, (p.u8(off) & 0x0F) << 2);
        }
        return p;
    }

    private static void putInt(final byte[] b, final int at, final int v)
    {
        b[at] = (byte)(v >>> 24);
        b[at + 1] = (byte)(v >>> 16);
        b[at + 2] = (byte)(v >>> 8);
        b[at + 3] = (byte)v;
    }

    @Test
    void bothDirectionsOfAFlowHashAlike()
    {
        final SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++)
        {
            final int a = r.nextInt();
            final int b = r.nextInt();
            final int pa = r.nextInt(65536);
            final int pb = r.nextInt(65536);
            final int proto = r.nextBoolean() ? 6 : 17;
            assertEquals(FlowHash.ipv4(a, b, proto, pa, pb), FlowHash.ipv4(b, a, proto, pb, pa));
            final Packet there = frame(0x020000000001L, 0x020000000002L, a, b, proto, pa, pb, 0);
            final Packet back = frame(0x020000000002L, 0x020000000001L, b, a, proto, pb, pa, 0);
            assertEquals(FlowHash.of(there), FlowHash.of(back));
            assertEquals(FlowHash.ipv4(a, b, proto, pa, pb), FlowHash.of(there));
            there.kill();
            back.kill();
        }
    }

    @Test
    void theFiveTupleDecides()
    {
        final int h = FlowHash.ipv4(0x0A000001, 0xC0A80001, 6, 1234, 80);
        assertNotEquals(h, FlowHash.ipv4(0x0A000001, 0xC0A80001, 17, 1234, 80), "protocol");
        assertNotEquals(h, FlowHash.ipv4(0x0A000001, 0xC0A80001, 6, 1235, 80), "source port");
        assertNotEquals(h, FlowHash.ipv4(0x0A000002, 0xC0A80001, 6, 1234, 80), "source address");
        // the Ethernet addresses do not count for IPv4
        final Packet p = frame(1, 2, 0x0A000001, 0xC0A80001, 6, 1234, 80, 0);
        final Packet q = frame(3, 4, 0x0A000001, 0xC0A80001, 6, 1234, 80, 0);
        assertEquals(FlowHash.of(p), FlowHash.of(q));
        // fixed values: the hash is part of the documented behaviour (shards of a trace must not change)
        assertEquals(-1758851346, h);
        p.kill();
        q.kill();
    }

    @Test
    void fragmentsHashWithoutPortsAndOtherProtocolsIgnorePorts()
    {
        final Packet first = frame(1, 2, 0x0A000001, 0xC0A80001, 17, 5000, 53, 0x2000);    // MF
        final Packet later = frame(1, 2, 0x0A000001, 0xC0A80001, 17, 0x1122, 0x3344, 0x0010);
        assertEquals(FlowHash.ipv4(0x0A000001, 0xC0A80001, 17, 0, 0), FlowHash.of(first));
        assertEquals(FlowHash.of(first), FlowHash.of(later));
        final Packet icmp = frame(1, 2, 0x0A000001, 0xC0A80001, 1, 5000, 53, 0);
        assertEquals(FlowHash.ipv4(0x0A000001, 0xC0A80001, 1, 0, 0), FlowHash.of(icmp));
        first.kill();
        later.kill();
        icmp.kill();
    }

    @Test
    void nonIpHashesTheEthernetAddressesSymmetrically()
    {
        final Packet a = frame(0x0200000000AAL, 0x0200000000BBL, 0, 0, 0, 0, 0, 0);
        a.setU16(12, 0x0806);   // ARP
        a.clearNetworkHeader();
        final Packet b = frame(0x0200000000BBL, 0x0200000000AAL, 0, 0, 0, 0, 0, 0);
        b.setU16(12, 0x0806);
        b.clearNetworkHeader();
        final Packet c = frame(0x0200000000BBL, 0x0200000000CCL, 0, 0, 0, 0, 0, 0);
        c.setU16(12, 0x0806);
        c.clearNetworkHeader();
        assertEquals(FlowHash.of(a), FlowHash.of(b));
        assertNotEquals(FlowHash.of(a), FlowHash.of(c));
        final Packet tiny = allocator.make(new byte[] {1, 2, 3}, 0, 3);
        assertEquals(FlowHash.of(tiny), FlowHash.of(tiny));
        a.kill();
        b.kill();
        c.kill();
        tiny.kill();
    }

    @Test
    void shardsAreEvenAndOwnedByExactlyOne()
    {
        final int n = 4;
        final int[] counts = new int[n];
        final SplittableRandom r = new SplittableRandom(11);
        final Shard[] shards = new Shard[n];
        for (int k = 0; k < n; k++)
        {
            shards[k] = Shard.of(k, n);
        }
        for (int i = 0; i < 40_000; i++)
        {
            final int s = FlowHash.shardOf(FlowHash.ipv4(0x0A000000 | r.nextInt(1 << 16),
                0xC0A80000 | r.nextInt(1 << 16), 6, 1024 + r.nextInt(60000), 80), n);
            counts[s]++;
        }
        for (int k = 0; k < n; k++)
        {
            assertTrue(Math.abs(counts[k] - 10_000) < 500, "shard " + k + ": " + counts[k]);
        }
        final Packet p = frame(1, 2, 0x0A000001, 0xC0A80001, 6, 1234, 80, 0);
        int owners = 0;
        for (final Shard s : shards)
        {
            owners += s.owns(p) ? 1 : 0;
        }
        assertEquals(1, owners);
        p.kill();
        assertEquals(0, FlowHash.shardOf(-1, 1));
        assertEquals(1, FlowHash.shardOf(-1, 2));
        assertEquals(0, FlowHash.shardOf(0, 2));
        assertThrows(IllegalArgumentException.class, () -> Shard.of(2, 2));
    }
}
