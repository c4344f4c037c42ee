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
}
