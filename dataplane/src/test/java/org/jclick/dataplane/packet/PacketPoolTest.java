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

    @Test
    void makeIntoAddsUpToTheCountAndStopsAtTheBatchsRoomOrThePoolsEnd()
    {
        try (PacketPool pool = PacketPool.allocate(12, 2048, 128))
        {
            final PacketBatch batch = new PacketBatch(8);
            batch.add(pool.make(10));
            batch.add(pool.make(10));
            batch.add(pool.make(10));
            assertEquals(3, pool.makeInto(batch, 3, 64));
            assertEquals(6, batch.size());
            for (int i = 3; i < 6; i++)
            {
                final Packet p = batch.get(i);
                assertEquals(64, p.length());
                assertEquals(128, p.headroom());
                assertTrue(!p.hasMacHeader() && p.timestampNs() == 0, "cleared annotations");
            }
            assertEquals(2, pool.makeInto(batch, 5, 64), "two slots left in the batch");
            assertEquals(0, pool.exhaustionCount(), "a full batch is not an exhausted pool");
            assertEquals(4, pool.availableBuffers());
            final PacketBatch more = new PacketBatch(8);
            assertEquals(4, pool.makeInto(more, 5, 64), "the pool's last four buffers");
            assertEquals(1, pool.bufferExhaustionCount());
            assertEquals(0, pool.makeInto(more, 1, 4096), "oversize");
            assertEquals(1, pool.oversizeCount());
            batch.killAll();
            more.killAll();
            assertEquals(12, pool.availableBuffers());
            assertEquals(24, pool.availablePackets());
        }
    }

    @Test
    void killAllFreesTheSliceSkipsNullsAndClearsTheSlots()
    {
        try (PacketPool pool = PacketPool.allocate(8, 2048, 128);
             PacketPool other = PacketPool.allocate(2, 2048, 128))
        {
            final Packet[] slots = new Packet[6];
            slots[0] = pool.make(10);
            slots[1] = pool.make(10);
            slots[3] = pool.make(10);
            final Packet clone = slots[3].clone(); // shares slot 3's buffer
            slots[4] = other.make(10); // another pool's packet: freed into its own pool
            slots[5] = pool.make(10); // outside the slice
            assertEquals(4, pool.killAll(slots, 0, 5));
            for (int i = 0; i < 5; i++)
            {
                assertNull(slots[i], "slot " + i);
            }
            assertNotNull(slots[5]);
            assertEquals(2, other.availableBuffers(), "the other pool's packet went home");
            assertEquals(8 - 2, pool.availableBuffers(), "slot 3's buffer is still held by its clone, slot 5 kept");
            clone.kill();
            assertEquals(8 - 1, pool.availableBuffers());
            final Packet killed = pool.make(10);
            killed.kill();
            final Packet[] twice = {killed};
            assertThrows(IllegalStateException.class, () -> pool.killAll(twice, 0, 1), "killed twice");
            assertThrows(IndexOutOfBoundsException.class, () -> pool.killAll(slots, 4, 3));
            assertEquals(1, pool.killAll(slots, 5, 1));
            assertEquals(8, pool.availableBuffers());
            assertEquals(16, pool.availablePackets(), "every packet object is back");
        }
    }

    @Test
    void killAllFromAThreadThatDoesNotOwnThePoolQueuesTheKills() throws Exception
    {
        try (PacketPool pool = PacketPool.allocate(4, 2048, 128))
        {
            final Packet[] slots = {pool.make(10), pool.make(10)};
            final Thread owner = new Thread(() -> { });
            pool.owner = owner; // as PacketAllocator.bindOwner does
            final Thread other = new Thread(() -> assertEquals(2, pool.killAll(slots, 0, 2)));
            other.start();
            other.join();
            assertEquals(2, pool.availableBuffers(), "not freed by the other thread");
            pool.owner = null;
            assertEquals(2, pool.drainOtherThreadKills(), "the owner frees them");
            assertEquals(4, pool.availableBuffers());
        }
    }
}
