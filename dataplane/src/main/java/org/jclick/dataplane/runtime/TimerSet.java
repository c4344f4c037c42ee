package org.jclick.dataplane.runtime;

import java.util.Arrays;

/** One thread's timers: a binary heap by expiry (ties in scheduling order), guarded by its own lock. */
final class TimerSet
{
    private final Clock clock;
    private Timer[] heap = new Timer[16];
    private int size;
    private long sequence;
    private Runnable wakeup = () -> { };

    TimerSet(final Clock clock)
    {
        this.clock = clock;
    }

    Clock clock()
    {
        return clock;
    }

    void setWakeup(final Runnable wakeup)
    {
        this.wakeup = wakeup;
    }

    synchronized void schedule(final Timer t, final long whenNs)
    {
        if (t.heapIndex >= 0)
        {
            removeAt(t.heapIndex);
        }
        t.expiryNs = whenNs;
        t.sequence = sequence++;
        if (size == heap.length)
        {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = t;
        t.heapIndex = size;
        size++;
        siftUp(size - 1);
        if (heap[0] == t)
        {
            wakeup.run();
        }
    }

    synchronized void unschedule(final Timer t)
    {
        if (t.heapIndex >= 0)
        {
            removeAt(t.heapIndex);
        }
    }

    synchronized boolean isEmpty()
    {
        return size == 0;
    }

    synchronized int size()
    {
        return size;
    }

    /** Expiry of the first timer, or {@link Long#MAX_VALUE}. */
    synchronized long nextExpiryNs()
    {
        return size == 0 ? Long.MAX_VALUE : heap[0].expiryNs;
    }

    /** Removes and returns the first timer if it is due at {@code nowNs}, else null. */
    synchronized Timer pollExpired(final long nowNs)
    {
        if (size == 0 || heap[0].expiryNs > nowNs)
        {
            return null;
        }
        final Timer t = heap[0];
        removeAt(0);
        return t;
    }

    /** Fires every timer due now; returns how many fired. Timers scheduled by a firing timer for now also run. */
    int runExpired(final int limit)
    {
        int fired = 0;
        final long now = clock.nowNs();
        while (fired < limit)
        {
            final Timer t = pollExpired(now);
            if (t == null)
            {
                break;
            }
            try
            {
                t.fire();
            }
            catch (final RuntimeException ex)
            {
                Router.reportException(t.element(), ex, "timer");
            }
            fired++;
        }
        return fired;
    }

    private void removeAt(final int i)
    {
        final Timer removed = heap[i];
        removed.heapIndex = -1;
        size--;
        if (i == size)
        {
            heap[size] = null;
            return;
        }
        final Timer last = heap[size];
        heap[size] = null;
        heap[i] = last;
        last.heapIndex = i;
        siftDown(i);
        siftUp(last.heapIndex);
    }

    private static boolean less(final Timer a, final Timer b)
    {
        return a.expiryNs < b.expiryNs || (a.expiryNs == b.expiryNs && a.sequence < b.sequence);
    }

    private void siftUp(int i)
    {
        final Timer t = heap[i];
        while (i > 0)
        {
            final int parent = (i - 1) >>> 1;
            final Timer p = heap[parent];
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
        final Timer t = heap[i];
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
