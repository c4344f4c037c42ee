package org.jclick.elements.queues;

import static org.jclick.elements.queues.SchedulerTest.pullBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketAllocator;
import org.jclick.elements.RouterFixture;
import org.junit.jupiter.api.Test;

class QueueVariantsTest
{
    private static void pushByte(final RouterFixture f, final String name, final int port, final int b)
    {
        final Element e = f.router().find(name);
        final Packet p = f.router().allocatorFor(e).make(1);
        p.setU8(0, b);
        e.push(port, p);
    }

    @Test
    void mixedQueueFifoOnInputZeroLifoOnInputOne()
    {
        // the order of Click's MixedQueue-01
        try (RouterFixture f = RouterFixture.simtime(
            "src0 :: InfiniteSource(ACTIVE false) -> m :: MixedQueue -> Discard(ACTIVE false); src1 :: InfiniteSource(ACTIVE false) -> [1] m;"))
        {
            pushByte(f, "m", 0, 1);
            pushByte(f, "m", 0, 2);
            pushByte(f, "m", 1, 3);
            pushByte(f, "m", 0, 4);
            pushByte(f, "m", 1, 5);
            assertEquals("5", f.read("m.length"));
            assertEquals(List.of(5, 3, 1, 2, 4, -1), pullBytes(f, "m", 6));
        }
    }

    @Test
    void mixedQueueInputOneDropsTailWhenFull()
    {
        try (RouterFixture f = RouterFixture.simtime(
            "InfiniteSource(ACTIVE false) -> m :: MixedQueue(3) -> Discard(ACTIVE false); InfiniteSource(ACTIVE false) -> [1] m;"))
        {
            pushByte(f, "m", 0, 1);
            pushByte(f, "m", 0, 2);
            pushByte(f, "m", 0, 3);
            pushByte(f, "m", 0, 4);
            pushByte(f, "m", 1, 9);
            assertEquals("2", f.read("m.drops"));
            assertEquals(List.of(9, 1, 2, -1), pullBytes(f, "m", 4));
        }
    }

    @Test
    void frontDropQueueDropsOldest()
    {
        try (RouterFixture f = RouterFixture.simtime("InfiniteSource(ACTIVE false) -> q :: FrontDropQueue(3) -> Discard(ACTIVE false);"))
        {
            for (int i = 1; i <= 5; i++)
            {
                pushByte(f, "q", 0, i);
            }
            assertEquals("2", f.read("q.drops"));
            assertEquals("3", f.read("q.highwater_length"));
            assertEquals(List.of(3, 4, 5, -1), pullBytes(f, "q", 4));
            // Click's FrontDropQueue-01: live reconfiguration works
            assertEquals(0, f.write("q.capacity", "100"));
            assertEquals("100", f.read("q.capacity"));
        }
    }

    @Test
    void shrinkingKeepsOldestPackets()
    {
        try (RouterFixture f = RouterFixture.simtime("InfiniteSource(ACTIVE false) -> q :: Queue(10) -> Discard(ACTIVE false);"))
        {
            for (int i = 1; i <= 8; i++)
            {
                pushByte(f, "q", 0, i);
            }
            assertEquals(0, f.write("q.capacity", "3"));
            assertEquals("3", f.read("q.length"));
            assertEquals(List.of(1, 2, 3, -1), pullBytes(f, "q", 4));
        }
    }

    @Test
    void threadSafeQueueTakesConcurrentPushes() throws InterruptedException
    {
        try (RouterFixture f = RouterFixture.simtime("InfiniteSource(ACTIVE false) -> q :: ThreadSafeQueue(100000) -> Discard(ACTIVE false);"))
        {
            final Element q = f.router().find("q");
            final PacketAllocator alloc = f.router().allocatorFor(q);
            final int threads = 4;
            final int each = 2000;
            final Packet[][] packets = new Packet[threads][each];
            for (int t = 0; t < threads; t++)
            {
                for (int i = 0; i < each; i++)
                {
                    packets[t][i] = alloc.make(1);
                }
            }
            final CountDownLatch go = new CountDownLatch(1);
            final Thread[] ts = new Thread[threads];
            for (int t = 0; t < threads; t++)
            {
                final Packet[] mine = packets[t];
                ts[t] = new Thread(() ->
                {
                    try
                    {
                        go.await();
                    }
                    catch (final InterruptedException e)
                    {
                        return;
                    }
                    for (final Packet p : mine)
                    {
                        q.push(0, p);
                    }
                });
                ts[t].start();
            }
            go.countDown();
            int pulled = 0;
            boolean alive = true;
            while (alive)
            {
                alive = false;
                for (final Thread t : ts)
                {
                    alive |= t.isAlive();
                }
                Packet p;
                while ((p = q.pull(0)) != null)
                {
                    pulled++;
                    p.kill();
                }
            }
            for (final Thread t : ts)
            {
                t.join();
            }
            Packet p;
            while ((p = q.pull(0)) != null)
            {
                pulled++;
                p.kill();
            }
            assertEquals(threads * each, pulled);
            assertEquals("0", f.read("q.drops"));
            assertEquals("0", f.read("q.length"));
        }
    }
}
