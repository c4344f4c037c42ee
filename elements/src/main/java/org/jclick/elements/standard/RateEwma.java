package org.jclick.elements.standard;

/**
 * A rate estimate: an exponentially weighted moving average of events per second, updated in one-tick steps
 * (Click's {@code RateEWMA} with a 1/16 second tick and a weight of about one second). Allocation-free.
 */
final class RateEwma
{
    private static final long TICK_NS = 62_500_000L;
    private static final double ALPHA = 1.0 / 16;

    private long tick = Long.MIN_VALUE;
    /** Start of the next tick in ns: the common case (same tick) is one comparison. */
    private long nextTickNs = Long.MIN_VALUE;
    private double pending;
    private double avgPerTick;

    void reset()
    {
        tick = Long.MIN_VALUE;
        nextTickNs = Long.MIN_VALUE;
        pending = 0;
        avgPerTick = 0;
    }

    void update(final long nowNs, final double amount)
    {
        if (nowNs < nextTickNs)
        {
            pending += amount;
            return;
        }
        final long t = nowNs / TICK_NS;
        if (tick == Long.MIN_VALUE)
        {
            tick = t;
        }
        if (t != tick)
        {
            advance(t);
        }
        nextTickNs = (t + 1) * TICK_NS;
        pending += amount;
    }

    private void advance(final long t)
    {
        long steps = t - tick;
        avgPerTick += ALPHA * (pending - avgPerTick);
        pending = 0;
        steps--;
        if (steps > 0)
        {
            avgPerTick *= Math.pow(1 - ALPHA, Math.min(steps, 10_000));
        }
        tick = t;
    }

    /** Events per second. */
    double rate(final long nowNs)
    {
        if (tick == Long.MIN_VALUE)
        {
            return 0;
        }
        final long t = nowNs / TICK_NS;
        if (t != tick)
        {
            advance(t);
        }
        return avgPerTick * (1_000_000_000.0 / TICK_NS);
    }

    static String format(final double rate)
    {
        final long r = Math.round(rate);
        return Long.toString(r);
    }
}
