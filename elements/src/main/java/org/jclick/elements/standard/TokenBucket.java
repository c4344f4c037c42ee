package org.jclick.elements.standard;

/**
 * Click's {@code TokenBucket} ({@code TokenBucketX<TokenBucketJiffyParameters<unsigned>>}), with its exact 32-bit
 * unsigned arithmetic, so that rate elements built on it let through exactly the packets Click's do.
 *
 * <p>The model: time is counted in ticks of one millisecond (Click's user-level jiffies). The bucket holds a
 * <em>fraction</em> of its capacity as an unsigned 32-bit number, {@link #MAX_TOKENS} meaning full. One token is
 * worth {@code tokenScale = MAX_TOKENS / capacity} of that fraction, and each tick adds
 * {@code tokensPerTick = rate * tokenScale / 1000} (rounded down, at least 1). A bucket left alone for
 * {@code timeUntilFull = (MAX_TOKENS - 1) / tokensPerTick + 1} ticks or more is full. The rounding makes these rates
 * very slightly lower than asked (a 100-token/s bucket of one token refills in 11 ticks, not 10), which is what
 * Click's counts reflect.
 *
 * <p>Special rates: <em>idle</em> (rate 0 or capacity 0: never refills) and <em>unlimited</em> (any refill makes the
 * bucket full). All values are kept in {@code long}s holding unsigned 32-bit numbers. Allocation-free.
 */
public final class TokenBucket
{
    /** A full bucket's fraction (Click's {@code max_tokens}, {@code 2^32 - 1}). */
    public static final long MAX_TOKENS = 0xFFFF_FFFFL;
    /** Ticks per second (Click's user-level {@code CLICK_HZ}). */
    public static final long FREQUENCY = 1000;
    /** Click's {@code tb_bandwidth_thresh}: byte buckets hold this many extra bytes and send while they hold it. */
    public static final long BANDWIDTH_THRESH = 131072;

    private static final long U32 = 0xFFFF_FFFFL;
    /** What {@link #timeUntilContains} answers when time alone will never do (Click's {@code (ticks_type) -1}). */
    public static final long NEVER = U32;

    private long tokensPerTick;
    private long tokenScale = 1;
    private long timeUntilFull = U32;
    private long tokens;
    private long timePoint;

    /** An idle bucket (it never fills), empty, at time point 0. */
    public TokenBucket()
    {
    }

    /** A bucket of {@code rate} tokens per second and {@code capacity} tokens, initially full (idle if either is 0). */
    public TokenBucket(final long rate, final long capacity)
    {
        assign(rate, capacity);
        tokens = rate != 0 && capacity != 0 ? MAX_TOKENS : 0;
    }

    /** Makes the rate idle ({@code false}: never refills) or unlimited ({@code true}: every refill fills it). */
    public void assign(final boolean unlimited)
    {
        tokenScale = 1;
        if (unlimited)
        {
            tokensPerTick = MAX_TOKENS;
            timeUntilFull = 0;
        }
        else
        {
            tokensPerTick = 0;
            timeUntilFull = U32;
        }
    }

    /**
     * Sets the rate (tokens per second) and capacity (tokens); both are unsigned 32-bit numbers. The contents keep
     * their fraction of the capacity. A capacity of 0 makes the bucket idle; the capacity is raised to at least one
     * tick's worth of tokens.
     */
    public void assign(final long rateIn, final long capacityIn)
    {
        long rate = rateIn & U32;
        long capacity = capacityIn & U32;
        if (capacity == 0)
        {
            rate = 0;
            capacity = MAX_TOKENS;
        }
        if (rate != 0)
        {
            final long minCapacity = (rate - 1) / FREQUENCY + 1;
            if (capacity < minCapacity)
            {
                capacity = minCapacity;
            }
        }
        tokenScale = MAX_TOKENS / capacity;
        // rate and tokenScale are below 2^32: the product fits in 64 unsigned bits
        final long perTick = Long.divideUnsigned(rate * tokenScale, FREQUENCY);
        if (rate != 0)
        {
            tokensPerTick = perTick != 0 ? perTick : 1;
            timeUntilFull = (MAX_TOKENS - 1) / tokensPerTick + 1;
        }
        else
        {
            tokensPerTick = 0;
            timeUntilFull = U32;
        }
    }

    /** {@link #assign(long, long)}, keeping the number of tokens (not the fraction) about the same. */
    public void assignAdjust(final long rate, final long capacity)
    {
        final long oldScale = tokenScale;
        assign(rate, capacity);
        if (oldScale != tokenScale)
        {
            final java.math.BigInteger t = java.math.BigInteger.valueOf(tokens)
                .multiply(java.math.BigInteger.valueOf(tokenScale)).divide(java.math.BigInteger.valueOf(oldScale));
            tokens = t.bitLength() > 32 ? MAX_TOKENS : t.longValue();
        }
    }

    public boolean unlimited()
    {
        return timeUntilFull == 0;
    }

    public boolean idle()
    {
        return tokensPerTick == 0;
    }

    /** The rate in tokens per second as the arithmetic has it (may differ slightly from the one assigned). */
    public long rate()
    {
        final long r = (tokensPerTick * FREQUENCY + tokensPerTick / 2) / tokenScale;
        return r > MAX_TOKENS ? MAX_TOKENS : r;
    }

    /** The capacity in tokens as the arithmetic has it. */
    public long capacity()
    {
        return MAX_TOKENS / tokenScale;
    }

    public long tokensPerTick()
    {
        return tokensPerTick;
    }

    public long tokenScale()
    {
        return tokenScale;
    }

    /** Ticks after which a bucket is full whatever it held ({@code 2^32 - 1} for idle rates). */
    public long timeUntilFull()
    {
        return timeUntilFull;
    }

    /** Whole tokens in the bucket (rounded down). */
    public long size()
    {
        return tokens / tokenScale;
    }

    /** The fill fraction, 0 to {@link #MAX_TOKENS}. */
    public long fraction()
    {
        return tokens;
    }

    public boolean empty()
    {
        return tokens == 0;
    }

    public boolean full()
    {
        return tokens == MAX_TOKENS;
    }

    /** {@code t} tokens as a fraction, or -1 when more than the capacity. */
    private long toFraction(final long t)
    {
        final long f = (t & U32) * tokenScale;
        return Long.compareUnsigned(f, MAX_TOKENS) > 0 ? -1 : f;
    }

    /** Whether the bucket holds at least {@code t} tokens (never, for more than the capacity). */
    public boolean contains(final long t)
    {
        final long f = toFraction(t);
        return f >= 0 && f <= tokens;
    }

    public boolean containsFraction(final long f)
    {
        return f <= tokens;
    }

    public void clear()
    {
        tokens = 0;
    }

    public void setFull()
    {
        tokens = MAX_TOKENS;
    }

    /** Sets the contents to {@code t} tokens (full, for more than the capacity). */
    public void set(final long t)
    {
        final long f = toFraction(t);
        tokens = f < 0 ? MAX_TOKENS : f;
    }

    public void setFraction(final long f)
    {
        tokens = f & U32;
    }

    /** The tick (millisecond) number of {@code nowNs} (refills use its low 32 bits, as Click's jiffies). */
    public static long jiffies(final long nowNs)
    {
        return Math.floorDiv(nowNs, 1_000_000L);
    }

    /** Refills the bucket for the router time {@code nowNs}. */
    public void refillNs(final long nowNs)
    {
        refill(jiffies(nowNs));
    }

    /** Refills the bucket for tick {@code now} (Click's {@code refill(time)}): a jump backwards counts as none. */
    public void refill(final long nowTick)
    {
        final long now = nowTick & U32;
        final long diff = timePoint <= now ? now - timePoint : 0;
        if (diff >= timeUntilFull)
        {
            tokens = MAX_TOKENS;
        }
        else if (diff > 0)
        {
            final long n = tokens + diff * tokensPerTick;
            tokens = n > MAX_TOKENS ? MAX_TOKENS : n;
        }
        timePoint = now;
    }

    /** Sets the time point without refilling. */
    public void setTimePoint(final long tick)
    {
        timePoint = tick & U32;
    }

    public long timePoint()
    {
        return timePoint;
    }

    /** Removes {@code t} tokens, emptying the bucket if it holds fewer. */
    public void remove(final long t)
    {
        final long f = toFraction(t);
        removeFraction(f < 0 ? MAX_TOKENS : f);
    }

    /** Removes {@code t} tokens if the bucket holds that many; returns whether it did. */
    public boolean removeIf(final long t)
    {
        final long f = toFraction(t);
        return f >= 0 && removeFractionIf(f);
    }

    public void removeFraction(final long f)
    {
        tokens = f <= tokens ? tokens - f : 0;
    }

    public boolean removeFractionIf(final long f)
    {
        if (f <= tokens)
        {
            tokens -= f;
            return true;
        }
        return false;
    }

    /** Ticks until the bucket holds {@code t} tokens: 0 if it does, {@code 2^32 - 1} if it never will. */
    public long timeUntilContains(final long t)
    {
        final long f = toFraction(t);
        return f < 0 ? U32 : timeUntilContainsFraction(f);
    }

    public long timeUntilContainsFraction(final long f)
    {
        if (f <= tokens || timeUntilFull == 0)
        {
            return 0;
        }
        if (tokensPerTick == 0)
        {
            return U32;
        }
        return (f - tokens - 1) / tokensPerTick + 1;
    }

    /**
     * The capacity Click's rate elements give their bucket: BURST_SIZE (or BURST_BYTES) tokens, else RATE times the
     * burst duration in milliseconds / 1000 (default 20 ms), saturating at {@code 2^32 - 1}; byte buckets get
     * {@link #BANDWIDTH_THRESH} more; never 0.
     */
    public static long capacityFor(final long rate, final long burstMs, final long burstSize, final boolean bandwidth)
    {
        long tokens;
        if (burstSize >= 0)
        {
            tokens = burstSize & U32;
        }
        else
        {
            final java.math.BigInteger t = java.math.BigInteger.valueOf(rate & U32)
                .multiply(java.math.BigInteger.valueOf(burstMs & U32)).divide(java.math.BigInteger.valueOf(1000));
            tokens = t.bitLength() > 32 ? MAX_TOKENS : t.longValue();
        }
        if (bandwidth)
        {
            tokens = Math.min(MAX_TOKENS, tokens + BANDWIDTH_THRESH);
        }
        return tokens == 0 ? 1 : tokens;
    }
}
