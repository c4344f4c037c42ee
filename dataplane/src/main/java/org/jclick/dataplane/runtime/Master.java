package org.jclick.dataplane.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Click's {@code Master}: the scheduler threads of one router, their clock, and the run loop.
 *
 * <p>Each turn of a thread's loop applies (un)schedule requests from other threads, runs up to
 * {@link #TASKS_PER_TURN} tasks, fires due timers, and (thread 0) checks whether the driver should stop. A thread
 * with nothing scheduled sleeps until its next timer or until another thread wakes it; under simulated time the
 * clock instead jumps to the next timer of any thread. Simulated time, and a single thread, run every
 * {@link RouterThread} on the caller's Java thread, which makes runs deterministic; otherwise thread {@code i > 0}
 * gets a Java thread of its own.
 */
public final class Master
{
    /** Tasks run between two checks of timers (Click's {@code _tasks_per_iter}). */
    public static final int TASKS_PER_TURN = 128;
    private static final int TIMERS_PER_TURN = 1024;
    private static final long MAX_SLEEP_NS = 100_000_000L;
    private static final long SPIN_BELOW_NS = 20_000L;

    private final Clock clock;
    private final RouterThread[] threads;
    private Router router;
    private volatile boolean stopRequested;
    private volatile boolean running;
    /** The clock read at the top of the latest loop turn: a cheap, slightly stale "now" for rate estimators. */
    private volatile long turnNs;

    public Master(final int threadCount, final Clock clock)
    {
        if (threadCount < 1)
        {
            throw new IllegalArgumentException("need at least one thread");
        }
        this.clock = clock;
        this.threads = new RouterThread[threadCount];
        for (int i = 0; i < threadCount; i++)
        {
            threads[i] = new RouterThread(this, i, clock);
        }
    }

    void setRouter(final Router router)
    {
        this.router = router;
    }

    /**
     * Watches every task run of every thread (null: stop watching). Takes effect at each thread's next turn, so
     * an observer may remove itself from inside {@link TaskObserver#taskRan}.
     */
    public void setTaskObserver(final TaskObserver observer)
    {
        for (final RouterThread t : threads)
        {
            t.setTaskObserver(observer);
        }
    }

    public Clock clock()
    {
        return clock;
    }

    public int threadCount()
    {
        return threads.length;
    }

    public RouterThread thread(final int id)
    {
        return threads[id];
    }

    /**
     * The time at the start of the current scheduler turn (at most {@link #TASKS_PER_TURN} task runs old): for
     * per-packet rate estimates, where reading the clock per packet would cost more than the work. Exact under
     * simulated time.
     */
    public long coarseNowNs()
    {
        return clock.isSimulated() || !running ? clock.nowNs() : turnNs;
    }

    public boolean isRunning()
    {
        return running;
    }

    /** Ends the run loop at the next turn, whatever the router's run count (Click's {@code please_stop_driver} of the master). */
    public void requestStop()
    {
        stopRequested = true;
        for (final RouterThread t : threads)
        {
            t.wake();
        }
    }

    public boolean stopRequested()
    {
        return stopRequested;
    }

    /** Runs until the driver stops. Call once, from the thread that will be thread 0. */
    public void run()
    {
        running = true;
        try
        {
            if (clock.isSimulated() || threads.length == 1)
            {
                final Thread me = Thread.currentThread();
                for (final RouterThread t : threads)
                {
                    t.javaThread = me;
                    bindAllocator(t, me);
                }
                loop(threads, true);
            }
            else
            {
                final List<Thread> others = new ArrayList<>();
                threads[0].javaThread = Thread.currentThread();
                bindAllocator(threads[0], Thread.currentThread());
                for (int i = 1; i < threads.length; i++)
                {
                    final RouterThread[] mine = {threads[i]};
                    final Thread jt = new Thread(() -> loop(mine, false), "jclick-thread-" + i);
                    jt.setDaemon(true);
                    threads[i].javaThread = jt;
                    bindAllocator(threads[i], jt); // before start: the thread start publishes the owner
                    others.add(jt);
                }
                for (final Thread jt : others)
                {
                    jt.start();
                }
                try
                {
                    loop(new RouterThread[] {threads[0]}, true);
                }
                finally
                {
                    requestStop();
                    for (final Thread jt : others)
                    {
                        try
                        {
                            jt.join(2000);
                        }
                        catch (final InterruptedException e)
                        {
                            Thread.currentThread().interrupt();
                        }
                    }
                }
            }
        }
        finally
        {
            for (final RouterThread t : threads)
            {
                t.javaThread = null;
            }
            if (router != null)
            {
                for (final RouterThread t : threads)
                {
                    router.allocator(t.id()).releaseOwner();
                }
            }
            running = false;
        }
    }

    private void loop(final RouterThread[] mine, final boolean driverThread)
    {
        final boolean simulated = clock.isSimulated();
        while (!stopRequested)
        {
            turnNs = clock.nowNs();
            int work = 0;
            for (final RouterThread t : mine)
            {
                t.drainPending();
                if (router != null)
                {
                    work += router.allocator(t.id()).drainOtherThreadKills();
                }
                work += t.runTasks(TASKS_PER_TURN);
                work += t.timers().runExpired(TIMERS_PER_TURN);
            }
            if (driverThread && router != null && router.checkDriver())
            {
                stopRequested = true;
                break;
            }
            if (work > 0 || stopRequested)
            {
                continue;
            }
            boolean busy = false;
            long next = Long.MAX_VALUE;
            for (final RouterThread t : mine)
            {
                busy |= t.hasTasks() || t.hasPending();
                next = Math.min(next, t.timers().nextExpiryNs());
            }
            if (busy)
            {
                continue;
            }
            if (simulated)
            {
                if (next != Long.MAX_VALUE)
                {
                    clock.advanceTo(next);
                    continue;
                }
                if (driverThread && mine.length == threads.length)
                {
                    // simulated time, every thread on this Java thread, no task, no timer, no request: nothing
                    // can ever happen again (Click would wait forever); the driver is done
                    stopRequested = true;
                    break;
                }
                idleSleep(mine, MAX_SLEEP_NS);
            }
            else
            {
                final long now = clock.nowNs();
                final long delay = next == Long.MAX_VALUE ? MAX_SLEEP_NS : clock.realDelayNs(next - now);
                if (delay <= 0)
                {
                    continue;
                }
                if (delay < SPIN_BELOW_NS)
                {
                    Thread.onSpinWait();
                    continue;
                }
                idleSleep(mine, Math.min(delay, MAX_SLEEP_NS));
            }
        }
    }

    private void bindAllocator(final RouterThread t, final Thread javaThread)
    {
        if (router != null)
        {
            router.allocator(t.id()).bindOwner(javaThread);
        }
    }

    private void idleSleep(final RouterThread[] mine, final long ns)
    {
        for (final RouterThread t : mine)
        {
            t.sleeping = true;
        }
        boolean ready = false;
        for (final RouterThread t : mine)
        {
            ready |= t.hasPending();
        }
        if (!ready && !stopRequested)
        {
            LockSupport.parkNanos(this, ns);
        }
        for (final RouterThread t : mine)
        {
            t.sleeping = false;
        }
    }
}
