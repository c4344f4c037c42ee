package org.jclick.dataplane.runtime;

import org.jclick.dataplane.element.Element;

/**
 * Click's {@code Timer}: calls its element's {@link Element#runTimer} (or a callback) once at a given time on the
 * router's clock (wall time, or simulated time under {@code --simtime}). A timer fires on its element's home
 * thread; it may be scheduled from any thread.
 */
public final class Timer
{
    /** A timer body that is not an element's {@link Element#runTimer}. */
    @FunctionalInterface
    public interface Callback
    {
        void run(Timer timer);
    }

    private final Element element;
    private final Callback callback;
    private TimerSet timers;

    // owned by TimerSet (under its lock)
    long expiryNs;
    long sequence;
    int heapIndex = -1;

    public Timer(final Element element)
    {
        this(element, null);
    }

    public Timer(final Element element, final Callback callback)
    {
        this.element = element;
        this.callback = callback;
    }

    /** Places the timer on its element's home thread. Call from {@link Element#initialize}. */
    public void initialize()
    {
        final Router router = element.router();
        final Master master = router.master();
        final int id = Math.min(Math.max(router.homeThreadOf(element), 0), master.threadCount() - 1);
        timers = master.thread(id).timers();
    }

    public boolean initialized()
    {
        return timers != null;
    }

    public Element element()
    {
        return element;
    }

    /** The router clock's current time, in nanoseconds since the epoch. */
    public long nowNs()
    {
        return timers.clock().nowNs();
    }

    public boolean scheduled()
    {
        return heapIndex >= 0;
    }

    /** Expiry in ns since the epoch (meaningful when scheduled, or after firing: the time it was due). */
    public long expiryNs()
    {
        return expiryNs;
    }

    /** Fires at {@code whenNs} (ns since the epoch); an already scheduled timer moves. */
    public void scheduleAt(final long whenNs)
    {
        timers.schedule(this, whenNs);
    }

    public void scheduleAfterNs(final long delayNs)
    {
        scheduleAt(timers.clock().nowNs() + delayNs);
    }

    public void scheduleAfterMs(final long delayMs)
    {
        scheduleAfterNs(delayMs * 1_000_000L);
    }

    public void scheduleAfterSec(final double delaySec)
    {
        scheduleAfterNs((long)(delaySec * 1e9));
    }

    /** Fires as soon as the thread checks its timers. */
    public void scheduleNow()
    {
        scheduleAt(timers.clock().nowNs());
    }

    /** Click's {@code reschedule_after}: fires {@code delayNs} after the previous expiry (for steady periods). */
    public void rescheduleAfterNs(final long delayNs)
    {
        scheduleAt(expiryNs + delayNs);
    }

    public void unschedule()
    {
        if (timers != null)
        {
            timers.unschedule(this);
        }
    }

    void fire()
    {
        if (callback != null)
        {
            callback.run(this);
        }
        else
        {
            element.runTimer(this);
        }
    }

    @Override
    public String toString()
    {
        return "Timer[" + (element == null ? "?" : element.name()) + "]";
    }
}
