package org.jclick.elements.standard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RatedElementsTest
{
    @Test
    void ratedSourceEmitsAtItsRate()
    {
        try (StdFixture f = StdFixture.of("s :: RatedSource(RATE 10, LIMIT 20, STOP true) -> c :: Counter -> Discard;"))
        {
            assertEquals("10", f.read("s.rate"));
            f.run();
            assertEquals("20", f.read("c.count"));
            assertEquals("20", f.read("s.count"));
            final long ms = f.elapsedNs() / 1_000_000L;
            // 19 gaps of about 100 ms (Click's token arithmetic makes some 101 ms)
            assertTrue(ms >= 1900 && ms <= 1930, "elapsed " + ms);
        }
    }

    @Test
    void ratedSourceInPullContext()
    {
        try (StdFixture f = StdFixture.of("RatedSource(RATE 20) -> c :: Counter -> TimedSink(0.01);"))
        {
            f.runUntil(2.005);
            final long n = Long.parseLong(f.read("c.count"));
            assertTrue(n >= 39 && n <= 41, "count " + n);
        }
    }

    @Test
    void ratedSplitterPassesRateOnOutput0()
    {
        try (StdFixture f = StdFixture.of(
            "RatedSource(RATE 100, LIMIT 500, STOP true) -> rs :: RatedSplitter(RATE 10) -> c0 :: Counter -> Discard;"
                + " rs[1] -> c1 :: Counter -> Discard;"))
        {
            assertEquals("10", f.read("rs.rate"));
            f.run();
            final long c0 = Long.parseLong(f.read("c0.count"));
            final long c1 = Long.parseLong(f.read("c1.count"));
            assertEquals(500, c0 + c1);
            assertTrue(c0 >= 44 && c0 <= 52, "c0 " + c0);
        }
    }

    @Test
    void ratedSplitterBurstSize()
    {
        try (StdFixture f = StdFixture.of(
            "RatedSource(RATE 100, LIMIT 500, STOP true) -> rs :: RatedSplitter(RATE 10, BURST_SIZE 30) -> c0 :: Counter -> Discard;"
                + " rs[1] -> Discard;"))
        {
            f.run();
            final long c0 = Long.parseLong(f.read("c0.count"));
            // the bucket starts with 30 tokens
            assertTrue(c0 >= 77 && c0 <= 81, "c0 " + c0);
        }
        assertTrue(StdFixture.errorsOf("Idle -> RatedSplitter(10, BURST_SIZE 3, BURST_DURATION 1) -> Discard;")
            .contains("cannot specify both"));
    }

    @Test
    void bandwidthRatedSplitter()
    {
        try (StdFixture f = StdFixture.of(
            "RatedSource(LENGTH 100, RATE 100, LIMIT 500, STOP true) -> s :: BandwidthRatedSplitter(1000Bps)"
                + " -> c0 :: Counter -> Discard; s[1] -> c1 :: Counter -> Discard;"))
        {
            assertEquals("8kbps", f.read("s.rate"));
            f.run();
            final long c0 = Long.parseLong(f.read("c0.count"));
            assertEquals(500, c0 + Long.parseLong(f.read("c1.count")));
            assertTrue(c0 >= 48 && c0 <= 53, "c0 " + c0);
        }
    }

    @Test
    void timedSourceAndSink()
    {
        try (StdFixture f = StdFixture.of("t :: TimedSource(0.1, LIMIT 5, STOP true) -> c :: Counter -> Discard;"))
        {
            assertEquals("0.1", f.read("t.interval"));
            f.run();
            assertEquals("5", f.read("c.count"));
            assertEquals(600_000_000L, f.elapsedNs());
        }
        try (StdFixture f = StdFixture.of("InfiniteSource -> c :: Counter -> s :: TimedSink(0.1);"))
        {
            f.runUntil(1.05);
            assertEquals("10", f.read("c.count"));
            assertEquals("0.1", f.read("s.interval"));
        }
    }
}
