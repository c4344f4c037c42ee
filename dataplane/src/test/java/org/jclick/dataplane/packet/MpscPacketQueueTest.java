package org.jclick.dataplane.packet;

import org.junit.jupiter.api.Test;

import java.util.IdentityHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MpscPacketQueueTest
{
    @Test
    void fifoAndBounded()
    {
        final MpscPacketQueue queue = new MpscPacketQueue(2);
        final Packet a = new Packet(null);
        final Packet b = new Packet(null);
        assertNull(queue.poll());
        assertTrue(queue.offer(a));
        assertTrue(queue.offer(b));
        assertFalse(queue.offer(a), "full");
        assertSame(a, queue.poll());
        assertTrue(queue.offer(a), "room again after a poll");
        assertSame(b, queue.poll());
        assertSame(a, queue.poll());
        assertNull(queue.poll());
    }

    @Test
    void everyPacketFromEveryProducerArrivesOnce() throws InterruptedException
    {
        final int producers = 3;
        final int perProducer = 100_000;
        final Packet[] packets = new Packet[producers * perProducer];
        for (int i = 0; i < packets.length; i++)
        {
            packets[i] = new Packet(null);
        }
        final MpscPacketQueue queue = new MpscPacketQueue(64);
        final Thread[] threads = new Thread[producers];
        for (int t = 0; t < producers; t++)
        {
            final int first = t * perProducer;
            threads[t] = Thread.ofPlatform().start(() ->
            {
                for (int i = first; i < first + perProducer; i++)
                {
                    while (!queue.offer(packets[i]))
                    {
                        Thread.onSpinWait();
                    }
                }
            });
        }
        final Map<Packet, Boolean> seen = new IdentityHashMap<>();
        while (seen.size() < packets.length)
        {
            final Packet p = queue.poll();
            if (p != null)
            {
                assertNull(seen.put(p, Boolean.TRUE), "delivered twice");
            }
        }
        for (final Thread thread : threads)
        {
            thread.join();
        }
        assertNull(queue.poll());
        assertEquals(packets.length, seen.size());
    }
}
