package org.jclick.elements.queues;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.Handler;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketBatch;
import org.jclick.dataplane.runtime.Notifier;

/**
 * The storage shared by the queue elements: a power-of-two ring of packet references, with Click's counters
 * (drops, highwater length) and, depending on the variant, an empty notifier (for pullers downstream) and a
 * nonfull notifier (for pushers upstream). Not thread-safe (one pusher thread, one puller thread at a time);
 * {@link ThreadSafeQueue} adds a lock.
 *
 * <p>Packet path: {@link #push}, {@link #pushBatch}, {@link #pull} and {@link #pullBatch} allocate nothing.
 */
abstract class QueueCore extends Element implements PacketQueue
{
    /** Click's default capacity. */
    static final int DEFAULT_CAPACITY = 1000;
    /** Largest accepted capacity (the ring is a Java array of the next power of two). */
    static final int MAX_CAPACITY = 1 << 30;

    private final boolean hasEmptyNote;
    private final boolean hasFullNote;
    final Notifier emptyNote;
    final Notifier fullNote;

    int capacity = DEFAULT_CAPACITY;
    Packet[] ring;
    int mask;
    /** Index counters (wrap freely; size is tail - head). */
    int head;
    int tail;
    long drops;
    int highwater;
    /**
     * Consecutive pulls that found the queue empty. Click's notifying queues let their empty notifier sleep only
     * after {@link #SLEEPINESS_TRIGGER} of them (so a queue that hovers around empty does not make its puller
     * sleep and wake all the time); {@link QuickNoteQueue} sleeps as soon as the queue empties.
     */
    int sleepiness;
    /** Click's {@code SLEEPINESS_TRIGGER}. */
    static final int SLEEPINESS_TRIGGER = 9;

    /** Whether the empty notifier sleeps as soon as the queue empties (QuickNoteQueue) rather than lazily. */
    boolean quickEmptyNote()
    {
        return false;
    }

    /** A pull found the queue empty: counts toward sleeping the empty notifier (at once for a quick queue). */
    final void emptyPull()
    {
        if (hasEmptyNote)
        {
            if (quickEmptyNote() || sleepiness >= SLEEPINESS_TRIGGER)
            {
                emptyNote.sleep();
            }
            else
            {
                sleepiness++;
            }
        }
    }

    QueueCore(final boolean emptyNote, final boolean fullNote)
    {
        this.hasEmptyNote = emptyNote;
        this.hasFullNote = fullNote;
        this.emptyNote = emptyNote ? new Notifier() : null;
        this.fullNote = fullNote ? new Notifier() : null;
    }

    @Override
    public String portCount()
    {
        return PORTS_1_1;
    }

    @Override
    public String processing()
    {
        return PUSH_TO_PULL;
    }

    @Override
    public String flowCode()
    {
        return COMPLETE_FLOW;
    }

    @Override
    public Object cast(final String name)
    {
        if (hasEmptyNote && Notifier.EMPTY_NOTIFIER.equals(name))
        {
            return emptyNote;
        }
        if (hasFullNote && Notifier.FULL_NOTIFIER.equals(name))
        {
            return fullNote;
        }
        return null;
    }

    @Override
    public boolean canLiveReconfigure()
    {
        return true;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final int[] cap = {DEFAULT_CAPACITY};
        if (complete(args(conf).readPositional("CAPACITY", IntArg.uint32(), v -> cap[0] = (int)Math.min(v, Integer.MAX_VALUE)),
            errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        if (cap[0] > MAX_CAPACITY)
        {
            return errh.error("CAPACITY too large (at most " + MAX_CAPACITY + ")");
        }
        if (ring == null)
        {
            capacity = cap[0];
            return 0;
        }
        resize(cap[0]);
        return 0;
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        ring = new Packet[ringLength(capacity)];
        mask = ring.length - 1;
        head = 0;
        tail = 0;
        if (hasEmptyNote)
        {
            emptyNote.setActive(false, false);
        }
        if (hasFullNote)
        {
            fullNote.setActive(capacity > 0, false);
        }
        return 0;
    }

    private static int ringLength(final int capacity)
    {
        return capacity <= 1 ? 1 : Integer.highestOneBit(capacity - 1) << 1;
    }

    /** Changes the capacity live: keeps the oldest packets that fit, kills the rest, wakes pushers if there is room. */
    final void resize(final int newCapacity)
    {
        final Packet[] n = new Packet[ringLength(newCapacity)];
        int j = 0;
        int i = head;
        for (; i != tail && j < newCapacity; i++)
        {
            n[j++] = ring[i & mask];
            ring[i & mask] = null;
        }
        for (; i != tail; i++)
        {
            ring[i & mask].kill();
            ring[i & mask] = null;
        }
        ring = n;
        mask = n.length - 1;
        head = 0;
        tail = j;
        capacity = newCapacity;
        if (hasFullNote)
        {
            if (j < newCapacity)
            {
                fullNote.wake();
            }
            else
            {
                fullNote.sleep();
            }
        }
        if (hasEmptyNote && j == 0)
        {
            emptyNote.sleep();
        }
    }

    @Override
    public void cleanup(final CleanupStage stage)
    {
        if (ring != null)
        {
            killAll();
        }
    }

    final void killAll()
    {
        for (int i = head; i != tail; i++)
        {
            ring[i & mask].kill();
            ring[i & mask] = null;
        }
        head = tail = 0;
    }

    // ------------------------------------------------------------------------------------------ packets

    public final int size()
    {
        return tail - head;
    }

    public final int capacity()
    {
        return capacity;
    }

    public final long drops()
    {
        return drops;
    }

    public final int highwaterLength()
    {
        return highwater;
    }

    /** After packets were added: updates the highwater mark and the notifiers. */
    final void afterEnqueue(final int wasSize)
    {
        final int s = tail - head;
        if (s > highwater)
        {
            highwater = s;
        }
        if (hasEmptyNote && wasSize == 0 && s > 0)
        {
            emptyNote.wake();
        }
        if (hasFullNote && s >= capacity)
        {
            fullNote.sleep();
        }
    }

    /** After packets were removed. */
    final void afterDequeue()
    {
        final int s = tail - head;
        sleepiness = 0;
        if (hasEmptyNote && s == 0 && quickEmptyNote())
        {
            emptyNote.sleep();
        }
        if (hasFullNote && s < capacity)
        {
            fullNote.wake();
        }
    }

    /** A packet that does not fit (Click counts it and kills it). */
    void overflow(final Packet p)
    {
        drops++;
        p.kill();
    }

    @Override
    public void push(final int port, final Packet p)
    {
        final int s = tail - head;
        if (s >= capacity)
        {
            overflow(p);
            if (hasFullNote)
            {
                fullNote.sleep();
            }
            return;
        }
        ring[tail & mask] = p;
        tail++;
        afterEnqueue(s);
    }

    @Override
    public void pushBatch(final int port, final PacketBatch batch)
    {
        final int n = batch.size();
        final int s = tail - head;
        final int room = capacity - s;
        final int take = Math.min(n, Math.max(room, 0));
        final Packet[] r = ring;
        final int m = mask;
        int t = tail;
        for (int i = 0; i < take; i++)
        {
            r[t & m] = batch.get(i);
            t++;
        }
        tail = t;
        for (int i = take; i < n; i++)
        {
            overflow(batch.get(i));
        }
        batch.clear();
        if (take > 0)
        {
            afterEnqueue(s);
        }
        else if (hasFullNote && n > 0)
        {
            fullNote.sleep();
        }
    }

    @Override
    public Packet pull(final int port)
    {
        final int h = head;
        if (h == tail)
        {
            emptyPull();
            return null;
        }
        final int slot = h & mask;
        final Packet p = ring[slot];
        ring[slot] = null;
        head = h + 1;
        afterDequeue();
        return p;
    }

    @Override
    public int pullBatch(final int port, final PacketBatch batch, final int max)
    {
        final int s = tail - head;
        final int n = Math.min(Math.min(s, max), batch.capacity() - batch.size());
        if (n <= 0)
        {
            if (s == 0)
            {
                emptyPull();
            }
            return 0;
        }
        final Packet[] r = ring;
        final int m = mask;
        int h = head;
        for (int i = 0; i < n; i++)
        {
            final int slot = h & m;
            batch.add(r[slot]);
            r[slot] = null;
            h++;
        }
        head = h;
        afterDequeue();
        return n;
    }

    @Override
    public final boolean enqueue(final Packet p)
    {
        final int s = tail - head;
        if (s >= capacity)
        {
            return false;
        }
        ring[tail & mask] = p;
        tail++;
        afterEnqueue(s);
        return true;
    }

    @Override
    public final Packet dequeue()
    {
        final int h = head;
        if (h == tail)
        {
            return null;
        }
        final Packet p = ring[h & mask];
        ring[h & mask] = null;
        head = h + 1;
        afterDequeue();
        return p;
    }

    @Override
    public final Packet yank1(final Predicate<Packet> filter)
    {
        for (int i = head; i != tail; i++)
        {
            final Packet p = ring[i & mask];
            if (filter.test(p))
            {
                // close the gap: move the older packets one slot toward the tail
                for (int j = i; j != head; j--)
                {
                    ring[j & mask] = ring[(j - 1) & mask];
                }
                ring[head & mask] = null;
                head++;
                afterDequeue();
                return p;
            }
        }
        return null;
    }

    @Override
    public final int yank(final Predicate<Packet> filter, final List<Packet> out)
    {
        int keep = tail;
        int n = 0;
        for (int i = tail - 1; i - head >= 0; i--)
        {
            final Packet p = ring[i & mask];
            ring[i & mask] = null;
            if (filter.test(p))
            {
                out.add(p);
                n++;
            }
            else
            {
                keep--;
                ring[keep & mask] = p;
            }
        }
        head = keep;
        if (n > 0)
        {
            afterDequeue();
        }
        return n;
    }

    /** The packet at the head, without removing it; null when empty. */
    public final Packet peek()
    {
        return head == tail ? null : ring[head & mask];
    }

    // ------------------------------------------------------------------------------------------ handlers

    @Override
    public void addHandlers()
    {
        addReadHandler("length", () -> Integer.toString(size()), Handler.CALM);
        addReadHandler("highwater_length", () -> Integer.toString(highwater), Handler.CALM);
        addReadHandler("drops", () -> Long.toString(drops), Handler.CALM);
        addReadHandler("capacity", () -> Integer.toString(capacity), Handler.CALM);
        addWriteHandler("capacity", this::writeCapacity);
        addWriteHandler("reset_counts", (v, errh) ->
        {
            drops = 0;
            highwater = size();
            return 0;
        }, Handler.BUTTON);
        addWriteHandler("reset", (v, errh) ->
        {
            resetQueue();
            return 0;
        }, Handler.BUTTON);
    }

    /** Click's {@code reset}: drops every queued packet (not counted as drops). */
    void resetQueue()
    {
        if (ring == null)
        {
            return;
        }
        killAll();
        afterDequeue();
    }

    /** Click's {@code reconfigure_keyword_handler} for CAPACITY: reconfigures live and rewrites the config string. */
    private int writeCapacity(final String value, final ErrorHandler errh)
    {
        final List<String> conf = new ArrayList<>();
        final List<String> old = org.jclick.lang.ConfigStrings.argvec(configuration());
        for (int i = 0; i < old.size(); i++)
        {
            final String t = old.get(i).strip();
            final String k = org.jclick.lang.ConfigStrings.keywordOf(t);
            // drop the old CAPACITY, given as keyword or as the first (positional) argument
            if (!("CAPACITY".equals(k) || (i == 0 && k == null && !t.isEmpty())))
            {
                conf.add(t);
            }
        }
        conf.add("CAPACITY " + value.strip());
        if (liveReconfigure(conf, errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        setConfiguration(String.join(", ", conf));
        return 0;
    }
}
