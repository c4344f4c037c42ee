package org.jclick.elements.queues;

/**
 * The credit of {@link ShaperCore} (Shaper, BandwidthShaper): a bucket in exact integer arithmetic, not Click's
 * {@code TokenBucket} (see {@link org.jclick.elements.standard.TokenBucket} for that): the level is kept in token-nanoseconds (tokens times 10^9), filled
 * at {@code rate} tokens per second up to {@code capacity} tokens. The level may go below zero (a debt) when a
 * caller removes more than it holds (a byte bucket that lets one packet through on any credit). Allocation-free.
 */
final class ShaperBucket
{
    static final long SCALE = 1_000_000_000L;

    private long rate;
    private long capacityScaled;
    private long level;
    private long lastNs;

    /** Sets rate (tokens per second) and capacity (tokens), and fills the bucket. */
    void assign(final long rate, final long capacity, final long nowNs)
    {
        this.rate = Math.max(0, rate);
        this.capacityScaled = Math.max(0, Math.min(capacity, Long.MAX_VALUE / (4 * SCALE))) * SCALE;
        level = capacityScaled;
        lastNs = nowNs;
    }

    long rate()
    {
        return rate;
    }

    void refill(final long nowNs)
    {
        final long elapsed = nowNs - lastNs;
        if (elapsed <= 0)
        {
            return;
        }
        lastNs = nowNs;
        if (level >= capacityScaled)
        {
            return;
        }
        final long room = capacityScaled - level;
        if (rate == 0)
        {
            return;
        }
        if (elapsed >= room / rate + 1)
        {
            level = capacityScaled;
        }
        else
        {
            level = Math.min(capacityScaled, level + rate * elapsed);
        }
    }

    /** Whether at least {@code tokens} whole tokens are in the bucket. */
    boolean contains(final long tokens)
    {
        return level >= tokens * SCALE;
    }

    /** Whether the level is above zero. */
    boolean positive()
    {
        return level > 0;
    }

    /** Whole tokens in the bucket (0 when in debt). */
    long tokens()
    {
        return level <= 0 ? 0 : level / SCALE;
    }

    void remove(final long tokens)
    {
        level -= tokens * SCALE;
    }

    /** Nanoseconds until {@link #contains}({@code tokens}); -1 when it never will. */
    long nsUntilContains(final long tokens)
    {
        final long need = tokens * SCALE - level;
        if (need <= 0)
        {
            return 0;
        }
        if (rate == 0 || tokens * SCALE > capacityScaled)
        {
            return -1;
        }
        return (need + rate - 1) / rate;
    }

    /** Nanoseconds until {@link #positive()}; -1 when it never will. */
    long nsUntilPositive()
    {
        if (level > 0)
        {
            return 0;
        }
        if (rate == 0 || capacityScaled == 0)
        {
            return -1;
        }
        return -level / rate + 1;
    }
}
