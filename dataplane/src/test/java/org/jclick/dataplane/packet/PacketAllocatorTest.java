package org.jclick.dataplane.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** How the allocator grows: small first chunks that double, and the buffer limit. */
class PacketAllocatorTest
{
    @Test
    void theFirstChunkIsSmallAndEachNewChunkDoublesTheTier()
    {
        try (PacketAllocator a = new PacketAllocator())
        {
            final List<Packet> held = new ArrayList<>();
            held.add(a.make(60));
            assertEquals(1024, a.bufferCount(), "one packet does not make a 32768-buffer chunk");
            for (int i = 1; i < 1025; i++)
            {
                held.add(a.make(60));
            }
            assertEquals(2048, a.bufferCount());
            for (int i = 1025; i < 2049; i++)
            {
                held.add(a.make(60));
            }
            assertEquals(4096, a.bufferCount());
            held.forEach(Packet::kill);
        }
    }

    /**
     * A minimum-size frame lives in a 512-byte compact buffer; grown past it (Pad(1000), a tail that does not fit),
     * it moves to a larger buffer of the same allocator, keeps its bytes, annotations and headers, and both pools get
     * back what they lent when it and its clone die.
     */
    @Test
    void aPacketThatOutgrowsItsCompactBufferMovesToALargerOne()
    {
        try (PacketAllocator a = new PacketAllocator())
        {
            final Packet p = a.make(60);
            assertEquals(PacketAllocator.COMPACT_BUFFER_BYTES, p.bufferLength());
            for (int i = 0; i < 60; i++)
            {
                p.setU8(i, i);
            }
            p.setNetworkHeader(14, 20);
            p.setDstIpAnno(0x0A000001);
            final PacketPool compact = p.pool();

            assertSame(p, p.put(940));
            assertEquals(1000, p.length());
            assertNotSame(compact, p.bufferPool(), "the buffer is a larger pool's");
            assertSame(compact, p.pool(), "the packet object stays its own pool's");
            assertTrue(p.bufferLength() >= PacketAllocator.DEFAULT_HEADROOM_BYTES + 1000, "" + p.bufferLength());
            for (int i = 0; i < 60; i++)
            {
                assertEquals(i, p.u8(i), "byte " + i);
            }
            assertEquals(14, p.networkHeaderOffset());
            assertEquals(0x0A000001, p.dstIpAnno());

            final Packet c = p.clone();
            assertSame(p.bufferPool(), c.bufferPool());
            assertTrue(c.shared() && p.shared());
            c.kill();
            p.kill();
            assertEquals(a.bufferCount(), a.availableBuffers(), "the compact buffer and the larger one are both free");
            assertEquals(compact.bufferCount(), compact.availableBuffers());
            assertEquals(compact.bufferCount() * 2L, compact.availablePackets(), "both packet objects are back");

            // past the largest buffer it still fails, killed and counted
            final Packet q = a.make(60);
            assertNull(q.put(PacketAllocator.LARGE_BUFFER_BYTES));
        }
    }

    @Test
    void growthStopsAtTheLimit()
    {
        // 8192 ordinary buffers at most (the smallest limit): 1500-byte packets come from the ordinary tier
        try (PacketAllocator a = new PacketAllocator(PacketAllocator.DEFAULT_HEADROOM_BYTES, 1))
        {
            final List<Packet> held = new ArrayList<>();
            for (int i = 0; i < PacketAllocator.SMALL_BUFFERS_PER_CHUNK; i++)
            {
                final Packet p = a.make(1500);
                assertNotNull(p, "packet " + i);
                held.add(p);
            }
            assertEquals(PacketAllocator.SMALL_BUFFERS_PER_CHUNK, a.bufferCount());
            // the ordinary tier is full: the next one takes a 64 KiB buffer from a new large chunk (16 buffers)
            final Packet over = a.make(1500);
            assertNotNull(over);
            assertEquals(PacketAllocator.SMALL_BUFFERS_PER_CHUNK + 16, a.bufferCount(), "a large chunk");
            assertEquals(0, a.failureCount());
            over.kill();
            held.forEach(Packet::kill);
        }
    }
}
