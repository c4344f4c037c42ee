package org.jclick.elements.queues;

import static org.jclick.elements.queues.QueueTestSupport.runFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jclick.elements.RouterFixture;
import org.junit.jupiter.api.Test;

class RatedUnqueueTest
{
    @Test
    void ratedUnqueueFollowsItsTokenBucket()
    {
        // Click's RatedUnqueue-01 (read just before the 10 s mark)
        try (RouterFixture f = RouterFixture.simtime("""
            InfiniteSource() -> Queue(10) -> u1 :: RatedUnqueue(RATE 2) -> c1 :: Counter -> Discard;
            InfiniteSource() -> Queue(10) -> u2 :: RatedUnqueue(RATE 2, BURST_SIZE 50) -> c2 :: Counter -> Discard;
            InfiniteSource() -> Queue(10) -> u3 :: RatedUnqueue(RATE 2, BURST_DURATION 25) -> c3 :: Counter -> Discard;
            InfiniteSource() -> Queue(10) -> u4 :: RatedUnqueue(RATE 100, BURST_SIZE 1) -> c4 :: Counter -> Discard;
            """))
        {
            runFor(f, 9.999);
            assertEquals("20", f.read("c1.count"));
            assertEquals("69", f.read("c2.count"));
            assertEquals("69", f.read("c3.count"));
            // one token, 100 per second: the bucket refills in 11 ticks, so a packet every 11 ms (Click's 909/910)
            final String c4 = f.read("c4.count");
            assertTrue(c4.equals("909") || c4.equals("910"), c4);
            assertEquals("2", f.read("u1.rate"));
        }
    }

    @Test
    void bandwidthRatedUnqueueCountsBytes()
    {
        try (RouterFixture f = RouterFixture.simtime("""
            InfiniteSource(LENGTH 100) -> Queue(10) -> u1 :: BandwidthRatedUnqueue(RATE 200Bps) -> c1 :: Counter -> Discard;
            InfiniteSource(LENGTH 100) -> Queue(10) -> u4 :: BandwidthRatedUnqueue(RATE 10000Bps, BURST_BYTES 100)
              -> c4 :: Counter -> Discard;
            InfiniteSource(LENGTH 100) -> Queue(10) -> u2 :: BandwidthRatedUnqueue(RATE 200Bps, BURST_BYTES 5000)
              -> c2 :: Counter -> Discard;
            """))
        {
            runFor(f, 9.999);
            assertEquals("21", f.read("c1.count"));
            assertEquals("1001", f.read("c4.count"));
            assertEquals("71", f.read("c2.count"));
        }
    }

    @Test
    void inactiveUntilWritten()
    {
        try (RouterFixture f = RouterFixture.simtime(
            "InfiniteSource(LIMIT 20) -> q :: Queue -> u :: RatedUnqueue(10, ACTIVE false) -> c :: Counter -> Discard;"))
        {
            runFor(f, 1.05, QueueTestSupport.at(0.5, () -> f.write("u.active", "true")));
            // bucket of one token, full at start, refilled in 101 ticks: t = 0.5, 0.601, ..., 1.005
            assertEquals("6", f.read("c.count"));
            assertEquals("14", f.read("q.length"));
        }
    }

    @Test
    void burstDurationAndSizeExclusive()
    {
        final String e = RouterFixture.errorsOf(
            "InfiniteSource -> Queue -> RatedUnqueue(10, BURST_SIZE 3, BURST_DURATION 1) -> Discard;");
        assertTrue(e.contains("cannot specify both BURST_DURATION and BURST_SIZE"), e);
    }
}
