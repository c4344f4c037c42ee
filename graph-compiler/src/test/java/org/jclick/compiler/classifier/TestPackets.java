package org.jclick.compiler.classifier;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketPool;

/**
 * Random packets for differential tests: IPv4 TCP/UDP/ICMP frames with and without Ethernet headers and header
 * annotations, IP options, fragments, truncated frames, garbage of every length 0..80, packets whose headers were
 * pulled into the headroom, and odd annotations. Bytes around the data (headroom, tailroom) are random, so that
 * code reading outside what {@code match} reads gives different answers.
 */
final class TestPackets
{
    static final int BUFFER_BYTES = 512;

    private static final int[] PORTS = {0, 20, 21, 22, 23, 25, 53, 67, 68, 80, 123, 161, 443, 445, 1023, 1024, 1900,
        3389, 8080, 40000, 65535};
    private static final int[] ADDRS = {0x0A000001, 0x0A000002, 0x0A00FF07, 0x0A000D25, 0x0A00C001, 0xC0A80001,
        0xC0A8FF01, 0xC0A81005, 0xC0A80107, 0x12000001, 0x7F000001, 0xFFFFFFFF, 0, 0x0A0A0A0A, 0xC0A80002};
    private static final int[] ETHERTYPES = {0x0800, 0x0800, 0x0800, 0x0800, 0x0806, 0x86DD, 0x8100, 0x0801};

    private TestPackets()
    {
    }

    static List<Packet> make(final PacketPool pool, final SplittableRandom rnd, final int count)
    {
        final List<Packet> out = new ArrayList<>(count);
        // garbage and truncated frames of every length 0..80, with and without annotations
        for (int len = 0; len <= 80; len++)
        {
            for (int k = 0; k < 3; k++)
            {
                final byte[] b = new byte[len];
                for (int i = 0; i < len; i++)
                {
                    b[i] = (byte)rnd.nextInt(256);
                }
                if (len > 14 && k == 1)
                {
                    b[12] = 8;
                    b[13] = 0;
                    b[14] = (byte)(0x40 | rnd.nextInt(16));
                }
                out.add(finish(pool, rnd, b, k == 2 ? 14 : k == 1 ? 0 : -1, rnd.nextInt(4)));
            }
        }
        while (out.size() < count)
        {
            final boolean ether = rnd.nextInt(3) != 0;
            byte[] b = frame(rnd, ether);
            final int kind = rnd.nextInt(10);
            if (kind == 0)
            {
                final int len = rnd.nextInt(b.length + 1);
                final byte[] t = new byte[len];
                System.arraycopy(b, 0, t, 0, len);
                b = t;
            }
            else if (kind == 1 && b.length > 0)
            {
                b[rnd.nextInt(b.length)] = (byte)rnd.nextInt(256); // a random byte changed
            }
            out.add(finish(pool, rnd, b, ether ? 14 : 0, rnd.nextInt(6)));
        }
        return out;
    }

    /**
     * Makes the packet with random headroom and surroundings, and annotations by {@code mode}: 0 none, 1
     * CheckIPHeader-style (network + transport), 2 also the MAC header, 3 the same then the headers pulled into the
     * headroom, 4 odd annotations (transport only, or a wrong IP header length), 5 network header at a random
     * offset.
     */
    private static Packet finish(final PacketPool pool, final SplittableRandom rnd, final byte[] b, final int ipAt,
        final int mode)
    {
        final int[] headrooms = {0, 2, 14, 34, 64, 100};
        final int headroom = headrooms[rnd.nextInt(headrooms.length)];
        final Packet p = pool.make(headroom, b.length);
        if (p == null)
        {
            throw new IllegalStateException("pool exhausted");
        }
        final MemorySegment buf = p.buffer();
        for (int i = 0; i < BUFFER_BYTES; i++)
        {
            buf.set(ValueLayout.JAVA_BYTE, i, (byte)rnd.nextInt(256));
        }
        p.copyFrom(0, b, 0, b.length);
        final int ihl = ipAt >= 0 && ipAt < b.length ? (b[ipAt] & 0x0F) * 4 : 20;
        switch (mode)
        {
            case 1 ->
            {
                if (ipAt >= 0 && ipAt + ihl <= b.length + 20)
                {
                    p.setNetworkHeader(ipAt, ihl);
                }
            }
            case 2, 3 ->
            {
                if (ipAt == 14)
                {
                    p.setMacHeader(0);
                }
                if (ipAt >= 0)
                {
                    p.setNetworkHeader(ipAt, ihl);
                }
                if (mode == 3)
                {
                    p.pull(rnd.nextBoolean() ? Math.max(ipAt, 0) : Math.min(b.length, Math.max(ipAt, 0) + ihl));
                }
            }
            case 4 ->
            {
                if (rnd.nextBoolean())
                {
                    p.setTransportHeader(Math.min(b.length, Math.max(0, ipAt) + 20));
                }
                else if (ipAt >= 0)
                {
                    p.setNetworkHeader(ipAt, 4 * rnd.nextInt(16));
                }
                if (rnd.nextBoolean())
                {
                    p.setMacHeader(-Math.min(headroom, rnd.nextInt(20)));
                }
            }
            case 5 ->
            {
                p.setNetworkHeader(rnd.nextInt(-headroom, b.length + 1), 4 * rnd.nextInt(16));
                if (rnd.nextBoolean())
                {
                    p.setMacHeader(rnd.nextInt(-headroom, b.length + 1));
                }
            }
            default ->
            {
            }
        }
        return p;
    }

    /** A random, mostly valid, IPv4 frame. */
    private static byte[] frame(final SplittableRandom rnd, final boolean ether)
    {
        final int optionWords = rnd.nextInt(4) == 0 ? rnd.nextInt(1, 11) : 0;
        final int ihl = 5 + optionWords;
        final int[] protos = {6, 6, 6, 17, 17, 1, 1, 2, 47, rnd.nextInt(256)};
        final int proto = protos[rnd.nextInt(protos.length)];
        final int l4 = proto == 6 ? 20 + 4 * (rnd.nextInt(3) == 0 ? rnd.nextInt(1, 4) : 0) : proto == 17 ? 8 : 8;
        final int payload = rnd.nextInt(3) == 0 ? rnd.nextInt(40) : 0;
        final int ipLen = ihl * 4 + l4 + payload;
        final int at = ether ? 14 : 0;
        final byte[] b = new byte[at + ipLen];
        for (int i = 0; i < b.length; i++)
        {
            b[i] = (byte)rnd.nextInt(256);
        }
        if (ether)
        {
            if (rnd.nextInt(4) == 0)
            {
                for (int i = 0; i < 6; i++)
                {
                    b[i] = (byte)0xFF;
                }
            }
            put16(b, 12, ETHERTYPES[rnd.nextInt(ETHERTYPES.length)]);
        }
        final int version = rnd.nextInt(20) == 0 ? 6 : 4;
        b[at] = (byte)((version << 4) | ihl);
        b[at + 1] = (byte)(rnd.nextInt(4) == 0 ? rnd.nextInt(256) : 0);
        put16(b, at + 2, ipLen);
        final int[] frags = {0, 0, 0, 0x4000, 0x2000, 0x2000 | rnd.nextInt(1, 0x2000), rnd.nextInt(1, 0x2000),
            rnd.nextInt(65536)};
        put16(b, at + 6, frags[rnd.nextInt(frags.length)]);
        b[at + 8] = (byte)(rnd.nextInt(4) == 0 ? rnd.nextInt(3) : 64);
        b[at + 9] = (byte)proto;
        put32(b, at + 12, rnd.nextInt(3) == 0 ? rnd.nextInt() : ADDRS[rnd.nextInt(ADDRS.length)]);
        put32(b, at + 16, rnd.nextInt(3) == 0 ? rnd.nextInt() : ADDRS[rnd.nextInt(ADDRS.length)]);
        final int t = at + ihl * 4;
        if (proto == 1)
        {
            b[t] = (byte)(rnd.nextInt(3) == 0 ? rnd.nextInt(256) : rnd.nextInt(19));
            b[t + 1] = (byte)(rnd.nextInt(4) == 0 ? rnd.nextInt(256) : 0);
        }
        else
        {
            put16(b, t, rnd.nextInt(3) == 0 ? rnd.nextInt(65536) : PORTS[rnd.nextInt(PORTS.length)]);
            put16(b, t + 2, rnd.nextInt(3) == 0 ? rnd.nextInt(65536) : PORTS[rnd.nextInt(PORTS.length)]);
            if (proto == 6)
            {
                b[t + 12] = (byte)((l4 / 4) << 4);
                final int[] flags = {0x02, 0x12, 0x10, 0x18, 0x11, 0x04, 0x14, rnd.nextInt(256)};
                b[t + 13] = (byte)flags[rnd.nextInt(flags.length)];
            }
        }
        return b;
    }

    private static void put16(final byte[] b, final int at, final int v)
    {
        b[at] = (byte)(v >>> 8);
        b[at + 1] = (byte)v;
    }

    private static void put32(final byte[] b, final int at, final int v)
    {
        put16(b, at, v >>> 16);
        put16(b, at + 2, v);
    }
}
