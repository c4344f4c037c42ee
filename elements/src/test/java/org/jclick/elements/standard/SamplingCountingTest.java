package org.jclick.elements.standard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SamplingCountingTest
{
    @Test
    void randomSampleSplitsAboutP()
    {
        try (StdFixture f = StdFixture.of(
            "InfiniteSource(LIMIT 10000, STOP true) -> r :: RandomSample(0.25) -> c0 :: Counter -> Discard;"
                + " r[1] -> c1 :: Counter -> Discard;"))
        {
            assertEquals("0.25", f.read("r.sampling_prob"));
            assertEquals("0.75", f.read("r.drop_prob"));
            f.run();
            final long c0 = Long.parseLong(f.read("c0.count"));
            assertEquals(10000, c0 + Long.parseLong(f.read("c1.count")));
            assertEquals(Long.toString(10000 - c0), f.read("r.drops"));
            assertTrue(c0 > 2300 && c0 < 2700, "c0 " + c0);
            assertEquals(0, f.write("r.drop_prob", "0.1"));
            assertEquals("0.9", f.read("r.sampling_prob"));
        }
    }

    @Test
    void randomSampleDropKeywordAndInactive()
    {
        try (StdFixture f = StdFixture.of(
            "InfiniteSource(LIMIT 100, STOP true) -> r :: RandomSample(DROP 1, ACTIVE false) -> c0 :: Counter -> Discard;"))
        {
            assertEquals("0", f.read("r.sampling_prob"));
            f.run();
            assertEquals("100", f.read("c0.count"));
        }
        assertTrue(StdFixture.errorsOf("Idle -> RandomSample -> Discard;").contains("P or DROP"));
    }

    @Test
    void averageCounterRate()
    {
        try (StdFixture f = StdFixture.of(
            "RatedSource(RATE 10, LIMIT 11, STOP true, LENGTH 100) -> a :: AverageCounter -> Discard;"))
        {
            f.run();
            assertEquals("11", f.read("a.count"));
            assertEquals("1100", f.read("a.byte_count"));
            final double rate = Double.parseDouble(f.read("a.rate"));
            assertTrue(rate > 10.8 && rate < 11.1, "rate " + rate);
            assertEquals(Double.parseDouble(f.read("a.byte_rate")) * 8, Double.parseDouble(f.read("a.bit_rate")), 1e-6);
            f.write("a.reset", "");
            assertEquals("0", f.read("a.count"));
            assertEquals("0", f.read("a.rate"));
        }
    }
}
