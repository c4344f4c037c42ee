package org.jclick.dataplane.packet;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PacketPoolTest
{
    @Test
    void makeGivesDefaultHeadroomLengthAndTailroom()
    {
        try (PacketPool pool = PacketPool.allocate(4, 2048, 128))
        {
            final Packet p = pool.make(60);
            assertEquals(128, p.headroom());
            assertEquals(60, p.length());
            assertEquals(2048 - 128 - 60, p.tailroom());
            assertEquals(2048, p.bufferLength());
            assertEquals(3, pool.availableBuffers());
            assertEquals(0, p.buffer().address() % 64, "buffers start cache-line aligned");
            assertEquals(pool.slab().address() + 2048L * p.bufferIndex() + 128, p.dataAddress());
            p.kill();
            assertEquals(4, pool.availableBuffers());
        }
    }

    @Test
    void bufferExhaustionReturnsNullAndIsCounted()
    {
        try (PacketPool pool = PacketPool.allocate(2, 256, 64))
        {
            final Packet a = pool.make(10);
            final Packet b = pool.make(10);
            assertNotNull(a);
            assertNotNull(b);
            assertNull(pool.make(10));
            assertNull(pool.make(10));
            assertEquals(2, pool.exhaustionCount());
            assertEquals(2, pool.bufferExhaustionCount());
            assertEquals(0, pool.packetExhaustionCount());
            a.kill();
            final Packet c = pool.make(10);
            assertNotNull(c, "a killed packet's buffer is reused");
            assertEquals(2, pool.exhaustionCount());
        }
    }

    @Test
    void packetObjectExhaustionIsCountedSeparately()
    {
        try (PacketPool pool = PacketPool.allocate(2, 256, 64, 2))
        {
            final Packet a = pool.make(10);
            assertNotNull(a);
            final Packet b = pool.make(10);
            assertNotNull(b);
            assertNull(a.clone());
            assertEquals(1, pool.packetExhaustionCount());
            assertEquals(1, pool.exhaustionCount());
        }
    }

    @Test
    void oversizeRequestsFailWithoutTakingABuffer()
    {
        try (PacketPool pool = PacketPool.allocate(2, 256, 64))
        {
            assertNull(pool.make(256 - 64 + 1));
            assertEquals(1, pool.oversizeCount());
            assertEquals(2, pool.availableBuffers());
            assertNotNull(pool.make(256 - 64));
        }
    }

    @Test
    void makeCopiesData()
    {
        try (PacketPool pool = PacketPool.allocate(2, 256, 64))
        {
            final Packet p = pool.make(new byte[] {9, 1, 2, 3, 9}, 1, 3);
            assertEquals(3, p.length());
            assertEquals(0x010203, p.u16(0) << 8 | p.u8(2));
        }
    }

    @Test
    void makeFromABadRangeThrowsWithoutLeakingABuffer()
    {
        try (PacketPool pool = PacketPool.allocate(2, 256, 64); Arena arena = Arena.ofConfined())
        {
            assertThrows(IndexOutOfBoundsException.class, () -> pool.make(new byte[10], 5, 6));
            assertThrows(IndexOutOfBoundsException.class, () -> pool.make(arena.allocate(10), 5, 6));
            assertEquals(2, pool.availableBuffers());
            assertEquals(4, pool.availablePackets());
        }
    }

    @Test
    void reusedPacketHasClearedAnnotations()
    {
        try (PacketPool pool = PacketPool.allocate(1, 256, 64))
        {
            final Packet p = pool.make(20);
            p.setPaintAnno(7);
            p.setTimestampNs(5);
            p.setNetworkHeader(0, 20);
            p.setPacketType(PacketType.OUTGOING);
            p.kill();
            final Packet q = pool.make(20);
            assertEquals(0, q.paintAnno());
            assertEquals(0, q.timestampNs());
            assertEquals(PacketType.HOST, q.packetType());
            assertTrue(!q.hasNetworkHeader() && !q.hasTransportHeader() && !q.hasMacHeader());
        }
    }

    @Test
    void rejectsBadGeometry()
    {
        assertThrows(IllegalArgumentException.class, () -> PacketPool.allocate(4, 2000, 128));
        assertThrows(IllegalArgumentException.class, () -> PacketPool.allocate(4, 2048, 32));
        assertThrows(IllegalArgumentException.class, () -> PacketPool.allocate(0, 2048, 128));
        assertThrows(IllegalArgumentException.class, () -> PacketPool.allocate(4, 2048, 128, 3));
    }

    @Test
    void wrapsAnExternalSlabWithoutOwningIt()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment slab = arena.allocate(8 * 512L, 4096);
            final PacketPool pool = PacketPool.wrap(slab, 512, 64, 8);
            assertEquals(8, pool.bufferCount());
            final Packet p = pool.make(4);
            p.setU32(0, 0xCAFEBABE);
            assertEquals((byte)0xCA, slab.get(java.lang.foreign.ValueLayout.JAVA_BYTE,
                512L * p.bufferIndex() + 64));
            pool.close();
            assertEquals(0xCAFEBABE, p.u32(0), "close() leaves a wrapped slab alone");
        }
    }

    @Test
    void otherThreadsGiveBackPacketsThroughTheOwner() throws InterruptedException
    {
        try (PacketPool pool = PacketPool.allocate(64, 256, 64))
        {
            final List<Packet> packets = new ArrayList<>();
            for (int i = 0; i < 64; i++)
            {
                packets.add(pool.make(10));
            }
            assertEquals(0, pool.availableBuffers());
            final CountDownLatch done = new CountDownLatch(2);
            for (int t = 0; t < 2; t++)
            {
                final List<Packet> share = packets.subList(t * 32, t * 32 + 32);
                Thread.ofPlatform().start(() ->
                {
                    for (final Packet p : share)
                    {
                        while (!pool.killFromOtherThread(p))
                        {
                            Thread.onSpinWait();
                        }
                    }
                    done.countDown();
                });
            }
            int drained = 0;
            final long deadlineNs = System.nanoTime() + 10_000_000_000L;
            while (drained < 64 && System.nanoTime() < deadlineNs)
            {
                drained += pool.drainOtherThreadKills();
            }
            done.await();
            assertEquals(64, drained);
            assertEquals(64, pool.availableBuffers());
        }
    }
}
