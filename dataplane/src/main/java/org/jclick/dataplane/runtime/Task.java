package org.jclick.dataplane.runtime;

import org.jclick.dataplane.element.Element;

/**
 * Click's {@code Task}: a unit of scheduled work owned by an element. A scheduled task runs once per turn of its
 * thread's loop, in stride order: each run advances its pass by a stride inversely proportional to its tickets, so
 * a task with twice the tickets runs twice as often. A task is unscheduled while it runs; it calls
 * {@link #fastReschedule()} to run again, or stays asleep until something calls {@link #reschedule()} (a notifier,
 * a timer, a handler).
 *
 * <p>{@link #reschedule()} and {@link #unschedule()} may be called from any thread; the other methods belong to the
 * task's thread.
 */
public final class Task
{
    /** Click's default ticket count. */
    public static final int DEFAULT_TICKETS = 1024;
    /** Click's maximum ticket count. */
    public static final int MAX_TICKETS = 32768;
    private static final long STRIDE1 = 1L << 16;

    /** A task body that is not an element's {@link Element#runTask}. */
    @FunctionalInterface
    public interface Callback
    {
        /** Runs; returns whether useful work was done. */
        boolean run(Task task);
    }

    private final Element element;
    private final Callback callback;
    private RouterThread thread;
    private int homeThreadId = -1;
    private int tickets = DEFAULT_TICKETS;
    private long stride = STRIDE1 / DEFAULT_TICKETS;

    // owned by the thread
    long pass;
    long sequence;
    int heapIndex = -1;
    volatile boolean pendingSchedule;
    private volatile boolean wantScheduled;

    /** A task that calls {@code element.runTask(this)}. */
    public Task(final Element element)
    {
        this(element, null);
    }

    /** A task that calls {@code callback}; {@code element} is its owner (for thread placement and listings). */
    public Task(final Element element, final Callback callback)
    {
        this.element = element;
        this.callback = callback;
    }

    /**
     * Click's {@code initialize(Element *, bool scheduled)}: places the task on its element's home thread (see
     * {@code StaticThreadSched}) and optionally schedules it. Call from {@link Element#initialize}.
     */
    public void initialize(final boolean scheduled)
    {
        final Router router = element.router();
        final Master master = router.master();
        if (homeThreadId < 0)
        {
            homeThreadId = router.homeThreadOf(element);
        }
        thread = master.thread(Math.min(Math.max(homeThreadId, 0), master.threadCount() - 1));
        homeThreadId = thread.id();
        if (scheduled)
        {
            reschedule();
        }
    }

    public boolean initialized()
    {
        return thread != null;
    }

    public Element element()
    {
        return element;
    }

    /** Whether the task is scheduled (or a reschedule is pending). */
    public boolean scheduled()
    {
        return wantScheduled;
    }

    /** Schedules the task if it is not (thread-safe). */
    public void reschedule()
    {
        wantScheduled = true;
        final RouterThread t = thread;
        if (t != null)
        {
            t.requestSchedule(this);
        }
    }

    /**
     * Called from inside the task's own run: runs it again after the other tasks' turns (advances its pass by one
     * stride).
     */
    public void fastReschedule()
    {
        wantScheduled = true;
        thread.fastSchedule(this);
    }

    /** Unschedules the task (thread-safe; a running task finishes its run). */
    public void unschedule()
    {
        wantScheduled = false;
        final RouterThread t = thread;
        if (t != null)
        {
            t.requestUnschedule(this);
        }
    }

    boolean wantScheduled()
    {
        return wantScheduled;
    }

    void clearScheduled()
    {
        wantScheduled = false;
    }

    public int tickets()
    {
        return tickets;
    }

    /** Sets the ticket count, clamped to 1..{@link #MAX_TICKETS}. */
    public void setTickets(final int n)
    {
        tickets = Math.max(1, Math.min(MAX_TICKETS, n));
        stride = STRIDE1 / tickets;
    }

    public void adjustTickets(final int delta)
    {
        setTickets(tickets + delta);
    }

    long stride()
    {
        return stride;
    }

    /** The thread the task runs on (Click's {@code home_thread_id()}). */
    public int homeThreadId()
    {
        return thread != null ? thread.id() : homeThreadId;
    }

    /** Moves the task to another thread (Click's {@code move_thread}). */
    public void moveThread(final int threadId)
    {
        if (thread == null)
        {
            homeThreadId = threadId;
            return;
        }
        final Master master = thread.master();
        final int id = Math.min(Math.max(threadId, 0), master.threadCount() - 1);
        if (id == thread.id())
        {
            return;
        }
        final boolean was = wantScheduled;
        unschedule();
        thread.forget(this);
        thread = master.thread(id);
        homeThreadId = id;
        if (was)
        {
            reschedule();
        }
    }

    RouterThread thread()
    {
        return thread;
    }

    boolean fire()
    {
        return callback != null ? callback.run(this) : element.runTask(this);
    }

    @Override
    public String toString()
    {
        return "Task[" + (element == null ? "?" : element.name()) + "]";
    }
}
