package org.jclick.dataplane.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

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
