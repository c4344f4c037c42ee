package org.jclick.elements.queues;

import static org.jclick.elements.queues.QueueTestSupport.at;
import static org.jclick.elements.queues.QueueTestSupport.runFor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.jclick.elements.RouterFixture;
import org.junit.jupiter.api.Test;

class QueueTest
{
    @Test
    void sourceQueueUnqueueDeliversEverything()
    {
        try (RouterFixture f = RouterFixture.simtime(
            "InfiniteSource(LIMIT 5, STOP true) -> q :: Queue -> u :: Unqueue -> c :: Counter -> Discard;"))
        {
            f.run();
            assertEquals("5", f.read("c.count"));
            assertEquals("5", f.read("u.count"));
            assertEquals("0", f.read("q.length"));
            assertEquals("0", f.read("q.drops"));
            assertEquals("1000", f.read("q.capacity"));
        }
    }

    @Test
    void nonfullNotifierAndLiveCapacity()
    {
        // Click's Queue-notifiers-01, driven by timers instead of DriverManager
        try (RouterFixture f = RouterFixture.simtime(
            "i :: InfiniteSource -> q :: Queue -> Unqueue(ACTIVE false) -> Discard;"))
        {
            final List<String> out = new ArrayList<>();
            runFor(f, 0.09,
                at(0.02, () ->
                {
                    out.add(f.read("i.count"));
                    assertEquals(0, f.write("q.capacity", "10"));
                    out.add(f.read("q.config"));
                    out.add(f.read("q.length"));
                }),
                at(0.04, () ->
                {
                    out.add(f.read("i.count"));
                    assertEquals(0, f.write("q.capacity", "1000"));
                    out.add(f.read("q.config"));
                }),
                at(0.06, () -> out.add(f.read("i.count"))),
                at(0.08, () -> out.add(f.read("i.count"))));
            assertEquals(List.of("1000", "CAPACITY 10", "10", "1000", "CAPACITY 1000", "1990", "1990"), out);
            assertEquals("0", f.read("q.drops"));
            assertEquals("1000", f.read("q.highwater_length"));
        }
    }

    @Test
    void capacityWriteReplacesPositionalCapacity()
    {
        try (RouterFixture f = RouterFixture.simtime("i :: InfiniteSource(LIMIT 1) -> q :: Queue(20) -> Unqueue(ACTIVE false) -> Discard;"))
        {
            assertEquals(0, f.write("q.capacity", "7"));
            assertEquals("CAPACITY 7", f.read("q.config"));
            assertEquals("7", f.read("q.capacity"));
            assertEquals(true, f.write("q.capacity", "bogus") < 0);
            assertEquals("7", f.read("q.capacity"));
        }
    }

    @Test
    void simpleQueueDropsWhenFull()
    {
        try (RouterFixture f = RouterFixture.simtime(
            "InfiniteSource(LIMIT 25, STOP true) -> q :: SimpleQueue(10) -> u :: Unqueue(ACTIVE false) -> Discard;"))
        {
            f.run();
            assertEquals("10", f.read("q.length"));
            assertEquals("15", f.read("q.drops"));
            assertEquals("10", f.read("q.highwater_length"));
            assertEquals(0, f.write("q.reset_counts", ""));
            assertEquals("0", f.read("q.drops"));
            assertEquals("10", f.read("q.highwater_length"));
            assertEquals(0, f.write("q.reset", ""));
            assertEquals("0", f.read("q.length"));
            assertEquals("0", f.read("q.drops"));
        }
    }

    @Test
    void batchesAreEnqueuedWholeAndOverflowCounted()
    {
        try (RouterFixture f = RouterFixture.simtime(
            "i :: InfiniteSource(LIMIT 100, BURST 32) -> q :: Queue(50) -> u :: Unqueue(ACTIVE false) -> Discard;"))
        {
            runFor(f, 0.01);
            // 32 fit, then 18 of the next 32; the full queue puts the source to sleep
            assertEquals("64", f.read("i.count"));
            assertEquals("50", f.read("q.length"));
            assertEquals("14", f.read("q.drops"));
        }
        try (RouterFixture f = RouterFixture.simtime(
            "i :: InfiniteSource(LIMIT 100, BURST 32, STOP true) -> q :: SimpleQueue(50) -> Unqueue(ACTIVE false) -> Discard;"))
        {
            f.run();
            assertEquals("50", f.read("q.length"));
            assertEquals("50", f.read("q.drops"));
        }
    }

    @Test
    void burstUnqueueDrainsInBatches()
    {
        try (RouterFixture f = RouterFixture.simtime(
            "i :: InfiniteSource(LIMIT 10000, BURST 64) -> q :: Queue(20000) -> u :: Unqueue(BURST 32, ACTIVE false)"
                + " -> c :: Counter -> Discard;"))
        {
            runFor(f, 0.1,
                at(0.01, () ->
                {
                    assertEquals("10000", f.read("q.length"));
                    f.write("u.active", "true");
                }));
            assertEquals("10000", f.read("c.count"));
            assertEquals("10000", f.read("u.count"));
            assertEquals("0", f.read("q.length"));
            assertEquals("0", f.read("q.drops"));
            assertEquals("false", f.read("u.scheduled"));
        }
    }

    @Test
    void unqueueLimitAndReset()
    {
        try (RouterFixture f = RouterFixture.simtime(
            "i :: InfiniteSource(LIMIT 100) -> q :: Queue -> u :: Unqueue(LIMIT 7, BURST 4) -> c :: Counter -> Discard;"))
        {
            runFor(f, 0.01);
            assertEquals("7", f.read("c.count"));
            assertEquals("93", f.read("q.length"));
        }
        try (RouterFixture f = RouterFixture.simtime(
            "i :: InfiniteSource(LIMIT 100) -> q :: Queue -> u :: Unqueue(LIMIT 7, BURST 4) -> c :: Counter -> Discard;"))
        {
            runFor(f, 0.02, at(0.01, () -> f.write("u.reset", "")));
            assertEquals("14", f.read("c.count"));
            assertEquals("7", f.read("u.count"));
        }
    }

    @Test
    void notifierQueueLetsUnqueueSleep()
    {
        try (RouterFixture f = RouterFixture.simtime(
            "i :: InfiniteSource(LIMIT 3) -> q :: NotifierQueue -> u :: Unqueue -> c :: Counter -> Discard;"))
        {
            runFor(f, 0.01);
            assertEquals("3", f.read("c.count"));
            assertEquals("false", f.read("u.scheduled"));
        }
        try (RouterFixture f = RouterFixture.simtime(
            "i :: InfiniteSource(LIMIT 3) -> q :: FullNoteQueue -> u :: Unqueue -> c :: Counter -> Discard;"))
        {
            runFor(f, 0.01);
            assertEquals("3", f.read("c.count"));
            assertEquals("false", f.read("u.scheduled"));
        }
    }
}
