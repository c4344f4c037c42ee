package org.jclick.elements.standard;

/**
 * Click's {@code TokenBucket} (jiffy clock, 1000 ticks per second): a 32-bit token counter scaled so that a full
 * bucket is {@code 2^32-1}; one token costs {@code tokenScale = (2^32-1) / capacity}, and each elapsed millisecond
 * adds {@code floor(rate * tokenScale / 1000)}. The integer arithmetic (and so the timing of emitted packets) is
 * Click's. Allocation-free.
 */
final class TokenBucket
{
    static final long MAX_TOKENS = 0xFFFF_FFFFL;
    static final long FREQUENCY = 1000;
    /** Click's {@code tb_bandwidth_thresh}: bandwidth buckets get this many extra bytes of capacity. */
    static final long BANDWIDTH_THRESH = 131072;

    private long rate;
    private long capacity;
    private long tokenScale;
    private long tokensPerTick;
    private long tokens;
    private long timePoint = Long.MIN_VALUE;

    /** Sets rate (tokens per second) and capacity (tokens); the bucket contents are kept. */
    void assign(final long rate, final long capacity)
    {
        long cap = Math.max(1, capacity);
        this.rate = rate;
        if (rate != 0)
        {
            final long minCapacity = (rate - 1) / FREQUENCY + 1;
            cap = Math.max(cap, minCapacity);
        }
        this.capacity = Math.min(cap, MAX_TOKENS);
        tokenScale = MAX_TOKENS / this.capacity;
        final java.math.BigInteger tpt = java.math.BigInteger.valueOf(rate)
            .multiply(java.math.BigInteger.valueOf(tokenScale)).divide(java.math.BigInteger.valueOf(FREQUENCY));
        tokensPerTick = Math.min(tpt.longValue(), MAX_TOKENS);
    }

    long rate()
    {
        return rate;
    }

    long capacity()
    {
        return capacity;
    }

    void setFull()
    {
        tokens = MAX_TOKENS;
    }

    void clear()
    {
        tokens = 0;
    }

    /** Sets the contents to {@code t} tokens. */
    void set(final long t)
    {
        tokens = Math.min(MAX_TOKENS, t * tokenScale);
    }

    static long jiffies(final long nowNs)
    {
        return Math.floorDiv(nowNs, 1_000_000L);
    }

    /** Adds the tokens earned since the last refill (Click's {@code refill()}). */
    void refill(final long nowNs)
    {
        final long now = jiffies(nowNs);
        if (timePoint == Long.MIN_VALUE)
        {
            timePoint = now;
            return;
        }
        final long diff = now - timePoint;
        if (diff <= 0)
        {
            return;
        }
        timePoint = now;
        if (tokensPerTick == 0)
        {
            return;
        }
        if (diff >= MAX_TOKENS / tokensPerTick)
        {
            tokens = MAX_TOKENS;
            return;
        }
        final long elapsed = tokensPerTick * diff;
        tokens = Math.min(MAX_TOKENS, tokens + elapsed);
    }

    private long scaled(final long t)
    {
        if (t <= 0)
        {
            return 0;
        }
        if (t > MAX_TOKENS / tokenScale)
        {
            return MAX_TOKENS + 1;
        }
        return t * tokenScale;
    }

    boolean contains(final long t)
    {
        return scaled(t) <= tokens;
    }

    /** Removes {@code t} tokens if there are that many; returns whether it did. */
    boolean removeIf(final long t)
    {
        final long s = scaled(t);
        if (s <= tokens)
        {
            tokens -= s;
            return true;
        }
        return false;
    }

    /** Removes {@code t} tokens, emptying the bucket if there are fewer. */
    void remove(final long t)
    {
        final long s = scaled(t);
        tokens = s <= tokens ? tokens - s : 0;
    }

    /** Milliseconds until the bucket holds {@code t} tokens (0 now, -1 never). */
    long msUntilContains(final long t)
    {
        final long s = scaled(t);
        if (s <= tokens)
        {
            return 0;
        }
        if (tokensPerTick == 0 || s > MAX_TOKENS)
        {
            return -1;
        }
        return (s - tokens - 1) / tokensPerTick + 1;
    }

    /** Tokens in the bucket, unscaled (rounded down). */
    long size()
    {
        return tokens / tokenScale;
    }

    /**
     * Click's RatedUnqueue/RatedSplitter configuration: capacity from BURST_SIZE (or BURST_BYTES), else RATE times
     * the burst duration in ms / 1000 (default 20 ms); bandwidth buckets get {@link #BANDWIDTH_THRESH} more.
     */
    static long capacityFor(final long rate, final long burstMs, final long burstSize, final boolean bandwidth)
    {
        long tokens = burstSize >= 0 ? burstSize : java.math.BigInteger.valueOf(rate)
            .multiply(java.math.BigInteger.valueOf(burstMs)).divide(java.math.BigInteger.valueOf(1000))
            .min(java.math.BigInteger.valueOf(MAX_TOKENS)).longValue();
        if (bandwidth)
        {
            tokens = Math.min(MAX_TOKENS, tokens + BANDWIDTH_THRESH);
        }
        return tokens == 0 ? 1 : tokens;
    }
}
