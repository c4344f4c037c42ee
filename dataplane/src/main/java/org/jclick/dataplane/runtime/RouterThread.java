package org.jclick.dataplane.runtime;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

import org.jctools.queues.MpscArrayQueue;

/**
 * Click's {@code RouterThread}: one scheduler thread's tasks and timers. Scheduled tasks sit in a heap ordered by
 * pass (stride scheduling; ties in scheduling order). The heap belongs to the thread; other threads ask for
 * (un)scheduling through a lock-free multi-producer queue that the thread drains at the top of every turn.
 */
public final class RouterThread
{
    private static final int PENDING_CAPACITY = 1 << 14;

    private final Master master;
    private final int id;
    private final TimerSet timers;
    private final MpscArrayQueue<Task> pending = new MpscArrayQueue<>(PENDING_CAPACITY);
    private final ConcurrentLinkedQueue<Task> pendingOverflow = new ConcurrentLinkedQueue<>();

    private Task[] heap = new Task[16];
    private int size;
    private long pass;
    private long sequence;

    volatile Thread javaThread;
    volatile boolean sleeping;
    private long tasksRun;
    /** Read once per {@link #runTasks} call; null (the usual case) costs nothing else. */
    private volatile TaskObserver observer;

    RouterThread(final Master master, final int id, final Clock clock)
    {
        this.master = master;
        this.id = id;
        this.timers = new TimerSet(clock);
        this.timers.setWakeup(this::wake);
    }

    public int id()
    {
        return id;
    }

    public Master master()
    {
        return master;
    }

    TimerSet timers()
    {
        return timers;
    }

    /** Number of tasks run so far (for ScheduleInfo-like reports). */
    public long tasksRun()
    {
        return tasksRun;
    }

    /** Watches this thread's task runs from its next turn on (null: none). See {@link Master#setTaskObserver}. */
    void setTaskObserver(final TaskObserver observer)
    {
        this.observer = observer;
    }

    /** Scheduled tasks right now (owner thread's view). */
    public int scheduledTaskCount()
    {
        return size;
    }

    private boolean onThisThread()
    {
        final Thread t = javaThread;
        return t == null || t == Thread.currentThread();
    }

    void requestSchedule(final Task t)
    {
        if (onThisThread())
        {
            if (t.heapIndex < 0 && t.wantScheduled())
            {
                t.pass = Math.max(t.pass, pass);
                insert(t);
            }
        }
        else
        {
            enqueuePending(t);
        }
    }

    void requestUnschedule(final Task t)
    {
        if (onThisThread())
        {
            if (t.heapIndex >= 0)
            {
                removeAt(t.heapIndex);
            }
        }
        else
        {
            enqueuePending(t);
        }
    }

    private void enqueuePending(final Task t)
    {
        if (!t.pendingSchedule)
        {
            t.pendingSchedule = true;
            if (!pending.offer(t))
            {
                pendingOverflow.add(t);
            }
        }
        wake();
    }

    void fastSchedule(final Task t)
    {
        if (t.heapIndex < 0)
        {
            t.pass += t.stride();
            insert(t);
        }
    }

    void forget(final Task t)
    {
        if (t.heapIndex >= 0)
        {
            removeAt(t.heapIndex);
        }
    }

    /** Applies (un)schedule requests from other threads. */
    int drainPending()
    {
        int n = 0;
        Task t;
        while ((t = pending.poll()) != null || (t = pendingOverflow.poll()) != null)
        {
            n++;
            t.pendingSchedule = false;
            if (t.thread() != this)
            {
                if (t.heapIndex >= 0)
                {
                    removeAt(t.heapIndex);
                }
                if (t.wantScheduled() && t.thread() != null)
                {
                    t.thread().requestSchedule(t);
                }
                continue;
            }
            if (t.wantScheduled())
            {
                if (t.heapIndex < 0)
                {
                    t.pass = Math.max(t.pass, pass);
                    insert(t);
                }
            }
            else if (t.heapIndex >= 0)
            {
                removeAt(t.heapIndex);
            }
        }
        return n;
    }

    boolean hasPending()
    {
        return !pending.isEmpty() || !pendingOverflow.isEmpty();
    }

    boolean hasTasks()
    {
        return size > 0;
    }

    /** Runs up to {@code limit} tasks in pass order; returns how many ran. */
    int runTasks(final int limit)
    {
        final TaskObserver observer = this.observer;
        int ran = 0;
        while (ran < limit && size > 0)
        {
            final Task t = heap[0];
            removeAt(0);
            pass = t.pass;
            t.clearScheduled();
            ran++;
            try
            {
                if (observer == null)
                {
                    t.fire();
                }
                else
                {
                    final long startNs = System.nanoTime();
                    final boolean worked = t.fire();
                    observer.taskRan(t, System.nanoTime() - startNs, worked);
                }
            }
            catch (final RuntimeException ex)
            {
                // an element's bug must not end the thread: count it, say so once, and go on with the other tasks.
                // The run was cut short before the task could reschedule itself: run it again later, so that a
                // source whose push met a faulty element downstream keeps going.
                Router.reportException(t.element(), ex, "task");
                if (!t.scheduled())
                {
                    t.reschedule();
                }
            }
        }
        tasksRun += ran;
        return ran;
    }

    void wake()
    {
        if (sleeping)
        {
            final Thread t = javaThread;
            if (t != null)
            {
                LockSupport.unpark(t);
            }
        }
    }

    // ------------------------------------------------------------------------------------------ heap

    private void insert(final Task t)
    {
        if (size == heap.length)
        {
            heap = Arrays.copyOf(heap, size * 2);
        }
        t.sequence = sequence++;
        heap[size] = t;
        t.heapIndex = size;
        size++;
        siftUp(size - 1);
    }

    private void removeAt(final int i)
    {
        final Task removed = heap[i];
        removed.heapIndex = -1;
        size--;
        if (i == size)
        {
            heap[size] = null;
            return;
        }
        final Task last = heap[size];
        heap[size] = null;
        heap[i] = last;
        last.heapIndex = i;
        siftDown(i);
        siftUp(last.heapIndex);
    }

    private static boolean less(final Task a, final Task b)
    {
        return a.pass < b.pass || (a.pass == b.pass && a.sequence < b.sequence);
    }

    private void siftUp(int i)
    {
        final Task t = heap[i];
        while (i > 0)
        {
            final int parent = (i - 1) >>> 1;
            final Task p = heap[parent];
            if (!less(t, p))
            {
                break;
            }
            heap[i] = p;
            p.heapIndex = i;
            i = parent;
        }
        heap[i] = t;
        t.heapIndex = i;
    }

    private void siftDown(int i)
    {
        final Task t = heap[i];
        final int half = size >>> 1;
        while (i < half)
        {
            int child = 2 * i + 1;
            final int right = child + 1;
            if (right < size && less(heap[right], heap[child]))
            {
                child = right;
            }
            if (!less(heap[child], t))
            {
                break;
            }
            heap[i] = heap[child];
            heap[i].heapIndex = i;
            i = child;
        }
        heap[i] = t;
        t.heapIndex = i;
    }
}
