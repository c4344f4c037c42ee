package org.jclick.elements.queues;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jclick.dataplane.packet.PacketAllocator;
import org.jclick.elements.RouterFixture;
import org.junit.jupiter.api.Test;

/**
 * Packets made on one scheduler thread and killed on another: the kill goes back to the owner thread's pool
 * (never touching its free lists from the other thread), so after the run every buffer is free again and
 * nothing was lost or freed twice.
 */
class CrossThreadTest
{
    @Test
    void packetsKilledOnAnotherThreadGoBackToTheirPool()
    {
        final int n = 200_000;
        try (RouterFixture f = RouterFixture.wall(
            "src :: InfiniteSource(LIMIT " + n + ", BURST 64, STOP false) -> q :: ThreadSafeQueue(4096)"
                + " -> uq :: Unqueue(BURST 64) -> c :: Counter -> d :: Discard;"
                + " StaticThreadSched(src 0, uq 1);"
                + " Script(label w, wait 10ms, goto w $(lt $(add $(c.count) $(q.drops)) " + n + "), stop);", 2))
        {
            final PacketAllocator made = f.router().allocator(0);
            assertNotEquals(made, f.router().allocator(1), "two threads, two allocators");
            f.run();
            // every packet made is either counted after the queue or dropped (and counted) at the full queue
            final long counted = Long.parseLong(f.read("c.count"));
            assertEquals(n, counted + Long.parseLong(f.read("q.drops")));
            assertTrue(counted > 0);
            assertEquals(null, made.owner(), "ownership ends with the run");
            // every buffer made on thread 0 is given back, although thread 1 killed the packets (the source's
            // template packet goes at cleanup)
            f.router().cleanup();
            assertEquals(made.bufferCount(), made.availableBuffers(), "no buffer lost or freed twice");
        }
    }
}
