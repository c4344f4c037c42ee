package org.jclick.elements.standard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Click's token-bucket numbers, which the rate elements' Click test counts depend on. */
class TokenBucketArithmeticTest
{
    @Test
    void refillTimesRoundUp()
    {
        // rate 10, one token: 42949672 per tick, full after 101 ticks (not 100)
        final TokenBucket b10 = new TokenBucket(10, 1);
        assertEquals(42949672L, b10.tokensPerTick());
        assertEquals(101, b10.timeUntilFull());
        // rate 2, one token: 501 ticks; rate 100, one token: 11 ticks
        assertEquals(501, new TokenBucket(2, 1).timeUntilFull());
        assertEquals(11, new TokenBucket(100, 1).timeUntilFull());
    }

    @Test
    void aFullBucketGivesItsCapacityThenRefillsByTicks()
    {
        final TokenBucket b = new TokenBucket(2, 50);
        b.refill(1000);
        for (int i = 0; i < 50; i++)
        {
            assertTrue(b.removeIf(1), "token " + i);
        }
        assertFalse(b.removeIf(1));
        // 85899345 per token, 171798 per tick: 501 ticks for the first token (with the 45 left over)
        assertEquals(501, b.timeUntilContains(1));
        b.refill(1500);
        assertFalse(b.contains(1));
        b.refill(1501);
        assertTrue(b.contains(1));
    }

    @Test
    void capacityAndSpecialRates()
    {
        assertEquals(1, TokenBucket.capacityFor(2, 20, -1, false));
        // BURST_DURATION 25 (seconds) at 2 per second
        assertEquals(50, TokenBucket.capacityFor(2, 25_000, -1, false));
        assertEquals(5000 + TokenBucket.BANDWIDTH_THRESH, TokenBucket.capacityFor(200, 20, 5000, true));
        assertEquals(TokenBucket.MAX_TOKENS, TokenBucket.capacityFor(0xFFFF_FFFFL, 1_000_000, -1, false));
        final TokenBucket idle = new TokenBucket();
        idle.refill(123456);
        assertTrue(idle.empty());
        assertEquals(TokenBucket.NEVER, idle.timeUntilContains(1));
        final TokenBucket unlimited = new TokenBucket();
        unlimited.assign(true);
        unlimited.refill(5);
        assertTrue(unlimited.full());
        assertEquals(0, unlimited.timeUntilContains(1000));
        // more than the capacity is never contained
        final TokenBucket small = new TokenBucket(1000, 4);
        assertFalse(small.contains(5));
        assertEquals(TokenBucket.NEVER, small.timeUntilContains(5));
    }

    @Test
    void timeGoingBackwardsAddsNothing()
    {
        final TokenBucket b = new TokenBucket(1000, 10);
        b.refill(5000);
        b.clear();
        b.refill(4000);
        assertTrue(b.empty());
        b.refill(4003);
        assertEquals(3, b.size());
    }
}
