package org.jclick.dataplane.ip;

import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketPool;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Ipv4Test
{
    @Test
    void incrementalTtlChecksumEqualsAFullRecomputation()
    {
        final SplittableRandom random = new SplittableRandom(7);
        try (PacketPool pool = PacketPool.allocate(1, 256, 64))
        {
            final Packet p = pool.make(20);
            for (int round = 0; round < 200_000; round++)
            {
                for (int i = 0; i < 20; i += 4)
                {
                    p.setU32(i, random.nextInt());
                }
                p.setU8(Ipv4Descriptor.TTL_OFFSET, 2 + random.nextInt(254));
                if (round % 3 == 0)
                {
                    p.setU16(0, 0xFFFF); // words of all ones exercise the end-around carry
                }
                p.setU16(Ipv4Descriptor.CHECKSUM_OFFSET, Ipv4.headerChecksum(p, 0, 20));
                final int ttl = p.u8(Ipv4Descriptor.TTL_OFFSET);

                Ipv4.decrementTtl(p, 0);

                assertEquals(ttl - 1, p.u8(Ipv4Descriptor.TTL_OFFSET));
                assertEquals(Ipv4.headerChecksum(p, 0, 20), p.u16(Ipv4Descriptor.CHECKSUM_OFFSET),
                    "round " + round);
            }
        }
    }

    @Test
    void knownHeader()
    {
        // RFC 1071-style example: 45 00 00 73 00 00 40 00 40 11 [b8 61] c0 a8 00 01 c0 a8 00 c7
        final int[] header = {0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0x00, 0x00,
            0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7};
        try (PacketPool pool = PacketPool.allocate(1, 256, 64))
        {
            final Packet p = pool.make(20);
            for (int i = 0; i < 20; i++)
            {
                p.setU8(i, header[i]);
            }
            assertEquals(0xB861, Ipv4.headerChecksum(p, 0, 20));
            p.setU16(10, 0xB861);
            Ipv4.decrementTtl(p, 0);
            assertEquals(0x3F, p.u8(8));
            assertEquals(0xB961, p.u16(10));
        }
    }

    private static Packet packet(final PacketPool pool, final String hex)
    {
        final Packet p = pool.make(hex.length() / 2);
        for (int i = 0; i < hex.length(); i += 2)
        {
            p.setU8(i / 2, Integer.parseInt(hex.substring(i, i + 2), 16));
        }
        return p;
    }

    @Test
    void fullChecksumsOfHandBuiltPackets()
    {
        try (PacketPool pool = PacketPool.allocate(4, 256, 64))
        {
            // 10.0.0.1 -> 10.0.0.2 TCP SYN 1234 -> 80, IP checksum 0x549a, TCP checksum 0x76bd
            final Packet tcp = packet(pool,
                "45000028123400004006549a0a0000010a00000204d2005000000001000000005002200076bd0000");
            assertEquals(0, Ipv4.checksum(tcp, 0, 20));
            assertEquals(0x549A, Ipv4.headerChecksum(tcp, 0, 20));
            assertEquals(0, Ipv4.transportChecksum(tcp, 0, 20, Ipv4Descriptor.PROTO_TCP, 20));
            tcp.setU16(20 + Ipv4Descriptor.TCP_CHECKSUM_OFFSET, 0);
            assertEquals(0x76BD, Ipv4.transportChecksum(tcp, 0, 20, Ipv4Descriptor.PROTO_TCP, 20));
            Ipv4.setHeaderChecksum(tcp, 0, 20);
            assertEquals(0x549A, tcp.u16(Ipv4Descriptor.CHECKSUM_OFFSET));

            // UDP 1234 -> 53 with a 4-byte payload: UDP checksum 0x6f33; ICMP echo: checksum 0x7f63
            final Packet udp = packet(pool, "4500002012340000401154970a0000010a00000204d20035000c6f33aabbccdd");
            assertEquals(0, Ipv4.transportChecksum(udp, 0, 20, Ipv4Descriptor.PROTO_UDP, 12));
            final Packet icmp = packet(pool, "4500002012340000400154a70a0000010a00000208007f6301020001aabbccdd");
            assertEquals(0, Ipv4.checksum(icmp, 20, 12));
            icmp.setU16(22, 0);
            assertEquals(0x7F63, Ipv4.checksum(icmp, 20, 12));
            // an odd length counts the last byte as a high byte
            icmp.setU8(31, 0);
            assertEquals(Ipv4.checksum(icmp, 20, 11), Ipv4.checksum(icmp, 20, 12));
        }
    }

    @Test
    void incrementalUpdatesMatchRecomputation()
    {
        final SplittableRandom random = new SplittableRandom(11);
        try (PacketPool pool = PacketPool.allocate(1, 256, 64))
        {
            final Packet p = pool.make(20);
            for (int round = 0; round < 50_000; round++)
            {
                for (int i = 0; i < 20; i += 4)
                {
                    p.setU32(i, random.nextInt());
                }
                Ipv4.setHeaderChecksum(p, 0, 20);
                final int old = p.u32(Ipv4Descriptor.SRC_OFFSET);
                final int now = random.nextInt();
                p.setU32(Ipv4Descriptor.SRC_OFFSET, now);
                final int updated = Ipv4.updateChecksum32(p.u16(10), old, now);
                // one's complement has two zeros; compare as sums that verify
                p.setU16(10, updated);
                assertEquals(0, Ipv4.checksum(p, 0, 20) % 0xFFFF, "round " + round);
                final int word = p.u16(0);
                Ipv4.setU16Updating(p, 0, word ^ 0x00FC, 10);
                assertEquals(0, Ipv4.checksum(p, 0, 20) % 0xFFFF, "round " + round);
            }
        }
    }

    @Test
    void fieldTests()
    {
        assertEquals(true, Ipv4.isMulticast(0xE0000001));
        assertEquals(false, Ipv4.isMulticast(0x0A000001));
        try (PacketPool pool = PacketPool.allocate(1, 256, 64))
        {
            final Packet p = packet(pool, "4600002c00002000");
            assertEquals(24, Ipv4.headerLength(p, 0));
            assertEquals(true, Ipv4.isFragment(p, 0));
            assertEquals(false, Ipv4.isLaterFragment(p, 0));
        }
    }
}
