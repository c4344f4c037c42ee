package org.jclick.dataplane.runtime;

/**
 * The router's clock, in nanoseconds since the Unix epoch. Wall time comes from the monotonic {@link System#nanoTime()}
 * anchored once to the epoch, optionally sped up or slowed down (Click's {@code timewarp} handler). Simulated time
 * (Click's {@code --simtime}) stands still while work is done and jumps to the next timer when every thread is
 * idle, so runs are deterministic.
 */
public final class Clock
{
    private final boolean simulated;
    private volatile long simulatedNs;
    private final long anchorEpochNs;
    private final long anchorMonoNs;
    // timewarp: now = warpBaseEpoch + (mono - warpBaseMono) * warp
    private volatile double warp = 1.0;
    private volatile long warpBaseEpochNs;
    private volatile long warpBaseMonoNs;

    private Clock(final boolean simulated, final long startNs)
    {
        this.simulated = simulated;
        this.anchorMonoNs = System.nanoTime();
        final java.time.Instant now = java.time.Instant.now();
        this.anchorEpochNs = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        this.warpBaseEpochNs = anchorEpochNs;
        this.warpBaseMonoNs = anchorMonoNs;
        this.simulatedNs = startNs >= 0 ? startNs : anchorEpochNs;
    }

    /** Wall-clock time. */
    public static Clock wall()
    {
        return new Clock(false, -1);
    }

    /** Simulated time starting at {@code startNs} (ns since the epoch), or at the current time if negative. */
    public static Clock simulated(final long startNs)
    {
        return new Clock(true, startNs);
    }

    public boolean isSimulated()
    {
        return simulated;
    }

    /** The current time in ns since the epoch. */
    public long nowNs()
    {
        if (simulated)
        {
            return simulatedNs;
        }
        final long mono = System.nanoTime();
        final double w = warp;
        if (w == 1.0)
        {
            return warpBaseEpochNs + (mono - warpBaseMonoNs);
        }
        return warpBaseEpochNs + (long)((mono - warpBaseMonoNs) * w);
    }

    /** The monotonic (unwarped) wall clock in ns, for measuring elapsed real time. */
    public static long monotonicNs()
    {
        return System.nanoTime();
    }

    /** Converts a delay on this clock into real nanoseconds to sleep. */
    long realDelayNs(final long clockDelayNs)
    {
        final double w = warp;
        return w == 1.0 ? clockDelayNs : (long)(clockDelayNs / w);
    }

    /** Click's timewarp factor (1 = real speed). */
    public double warp()
    {
        return warp;
    }

    /** Sets the timewarp factor; time stays continuous. */
    public synchronized void setWarp(final double factor)
    {
        if (!(factor > 0))
        {
            throw new IllegalArgumentException("timewarp must be positive");
        }
        final long now = nowNs();
        warpBaseMonoNs = System.nanoTime();
        warpBaseEpochNs = now;
        warp = factor;
    }

    /** Simulated time only: moves time forward to {@code ns} (never backward). */
    public void advanceTo(final long ns)
    {
        if (simulated && ns > simulatedNs)
        {
            simulatedNs = ns;
        }
    }
}
