package org.jclick.elements.queues;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.Handler;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketAllocator;
import org.jclick.dataplane.packet.PacketBatch;
import org.jclick.dataplane.runtime.Notifier;
import org.jctools.queues.MpmcArrayQueue;

/**
 * Click's ThreadSafeQueue, lock-free: a JCTools multi-producer, multi-consumer array queue with Click's empty and
 * nonfull notifiers.
 *
 * <h2>Notifiers across threads</h2>
 * A puller that finds the queue empty lets the empty notifier sleep (after {@link QueueCore#SLEEPINESS_TRIGGER}
 * empty pulls, as Click's queues do) and then looks again; a pusher wakes the notifier after every push that finds
 * it asleep. Both steps are volatile, so either the pusher sees the notifier asleep and wakes it, or the puller sees
 * the packet: no wakeup is lost. The nonfull notifier works the same way the other way round.
 *
 * <h2>Packets from another thread</h2>
 * A packet's buffers belong to the scheduler thread whose allocator made it. When a thread pulls a packet that
 * another thread owns, the queue gives it a copy made by its own allocator and sends the original back to its
 * owner (see {@link Packet#kill()}), so everything downstream may clone, uniqueify or resize it. A copy that cannot
 * be made (no buffer) is a drop, counted in {@code drops}.
 */
@ElementDoc(
    synopsis = "ThreadSafeQueue([CAPACITY])",
    category = "storage",
    ports = "one push input, one pull output",
    description = """
        A Queue (with empty and nonfull notifiers) that any number of scheduler threads may push to and pull from
        at once, without locks: the packets sit in a lock-free multi-producer, multi-consumer ring. Use it where a
        path crosses threads (see StaticThreadSched). A packet pulled by a thread other than the one that made
        it is handed over as a copy in the pulling thread's memory, so that the elements after the queue own it.
        With pushes and pulls racing, CAPACITY is kept to within the number of threads pushing at once.""",
    keywords = {"CAPACITY: unsigned integer. The most packets the queue holds; default 1000."},
    handlers = {
        "length (read): packets currently queued",
        "highwater_length (read): the most packets queued at once since the last reset_counts",
        "drops (read): packets dropped because the queue was full (or a handed-over copy could not be made)",
        "capacity (read): CAPACITY",
        "reset_counts (write): zeroes drops and highwater_length",
        "reset (write): throws away every queued packet"},
    example = "src :: InfiniteSource -> q :: ThreadSafeQueue(4096) -> uq :: Unqueue -> Discard;\n"
        + "StaticThreadSched(src 0, uq 1);",
    seeAlso = {"Queue", "FullNoteQueue", "StaticThreadSched"})
public final class ThreadSafeQueue extends Element implements PacketQueue
{
    private final Notifier emptyNote = new Notifier();
    private final Notifier fullNote = new Notifier();
    private int capacity = QueueCore.DEFAULT_CAPACITY;
    private MpmcArrayQueue<Packet> ring;
    private final AtomicLong drops = new AtomicLong();
    private final AtomicInteger highwater = new AtomicInteger();
    /** Consecutive empty pulls; a race between pullers only delays the sleep by a pull. */
    private volatile int sleepiness;

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
        if (Notifier.EMPTY_NOTIFIER.equals(name))
        {
            return emptyNote;
        }
        if (Notifier.FULL_NOTIFIER.equals(name))
        {
            return fullNote;
        }
        return null;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final int[] cap = {QueueCore.DEFAULT_CAPACITY};
        if (complete(args(conf).readPositional("CAPACITY", IntArg.uint32(),
            v -> cap[0] = (int)Math.min(v, Integer.MAX_VALUE)), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        if (cap[0] > QueueCore.MAX_CAPACITY)
        {
            return errh.error("CAPACITY too large (at most " + QueueCore.MAX_CAPACITY + ")");
        }
        capacity = cap[0];
        return 0;
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        ring = new MpmcArrayQueue<>(Math.max(2, capacity));
        emptyNote.setActive(false, false);
        fullNote.setActive(capacity > 0, false);
        return 0;
    }

    @Override
    public void cleanup(final CleanupStage stage)
    {
        if (ring != null)
        {
            killAll();
        }
    }

    // ------------------------------------------------------------------------------------------ packets

    @Override
    public void push(final int port, final Packet p)
    {
        if (!offer(p))
        {
            drops.incrementAndGet();
            p.kill();
        }
    }

    @Override
    public void pushBatch(final int port, final PacketBatch batch)
    {
        for (int i = 0, n = batch.size(); i < n; i++)
        {
            final Packet p = batch.get(i);
            if (!offer(p))
            {
                drops.incrementAndGet();
                p.kill();
            }
        }
        batch.clear();
    }

    /** Adds {@code p} if there is room; keeps the notifiers right. */
    private boolean offer(final Packet p)
    {
        final MpmcArrayQueue<Packet> r = ring;
        if (r.size() >= capacity || !r.relaxedOffer(p))
        {
            fullNote.sleep();
            if (r.size() < capacity)
            {
                fullNote.wake(); // a puller made room after our check: do not leave pushers asleep
            }
            return false;
        }
        final int s = r.size();
        int h = highwater.get();
        while (s > h && !highwater.compareAndSet(h, s))
        {
            h = highwater.get();
        }
        if (!emptyNote.active())
        {
            emptyNote.wake();
        }
        if (s >= capacity)
        {
            fullNote.sleep();
            if (r.size() < capacity)
            {
                fullNote.wake();
            }
        }
        return true;
    }

    @Override
    public Packet pull(final int port)
    {
        while (true)
        {
            final Packet p = take();
            if (p == null)
            {
                return null;
            }
            final Packet mine = handOver(p);
            if (mine != null)
            {
                return mine;
            }
        }
    }

    @Override
    public int pullBatch(final int port, final PacketBatch batch, final int max)
    {
        final int n = Math.min(max, batch.capacity() - batch.size());
        int got = 0;
        while (got < n)
        {
            final Packet p = take();
            if (p == null)
            {
                break;
            }
            final Packet mine = handOver(p);
            if (mine != null)
            {
                batch.add(mine);
                got++;
            }
        }
        return got;
    }

    /** Removes the head packet (null when empty), keeping the notifiers right. */
    private Packet take()
    {
        final MpmcArrayQueue<Packet> r = ring;
        final Packet p = r.relaxedPoll();
        if (p == null)
        {
            if (sleepiness >= QueueCore.SLEEPINESS_TRIGGER)
            {
                emptyNote.sleep();
                if (!r.isEmpty())
                {
                    emptyNote.wake(); // a pusher added a packet after our poll: do not leave the puller asleep
                }
            }
            else
            {
                sleepiness++;
            }
            return null;
        }
        if (sleepiness != 0)
        {
            sleepiness = 0;
        }
        if (!fullNote.active() && r.size() < capacity)
        {
            fullNote.wake();
        }
        return p;
    }

    /** {@code p} as a packet of the calling thread: itself, or a copy (the original goes back to its owner). */
    private Packet handOver(final Packet p)
    {
        final Thread owner = p.ownerThread();
        if (owner == null || owner == Thread.currentThread())
        {
            return p;
        }
        final PacketAllocator mine = router().allocatorOfCurrentThread();
        final Packet copy = p.copyTo(mine);
        p.kill(); // queued back to its owner
        if (copy == null)
        {
            drops.incrementAndGet();
        }
        return copy;
    }

    // ------------------------------------------------------------------------------------------ PacketQueue

    @Override
    public int size()
    {
        return ring == null ? 0 : ring.size();
    }

    @Override
    public int capacity()
    {
        return capacity;
    }

    @Override
    public boolean enqueue(final Packet p)
    {
        return offer(p);
    }

    @Override
    public Packet dequeue()
    {
        return take();
    }

    /**
     * Removes the first packet {@code filter} accepts. The queue is drained and refilled, so this is exact only
     * when no other thread uses the queue at the same time (a management operation, not for the packet path).
     */
    @Override
    public Packet yank1(final Predicate<Packet> filter)
    {
        final List<Packet> all = drain();
        Packet found = null;
        for (final Packet p : all)
        {
            if (found == null && filter.test(p))
            {
                found = p;
            }
            else
            {
                refill(p);
            }
        }
        return found;
    }

    /** Like {@link #yank1}, for every packet {@code filter} accepts (appended nearest the tail first). */
    @Override
    public int yank(final Predicate<Packet> filter, final List<Packet> out)
    {
        final List<Packet> all = drain();
        final List<Packet> taken = new ArrayList<>();
        for (final Packet p : all)
        {
            if (filter.test(p))
            {
                taken.add(p);
            }
            else
            {
                refill(p);
            }
        }
        for (int i = taken.size() - 1; i >= 0; i--)
        {
            out.add(taken.get(i));
        }
        return taken.size();
    }

    private List<Packet> drain()
    {
        final List<Packet> all = new ArrayList<>();
        Packet p;
        while ((p = ring.poll()) != null)
        {
            all.add(p);
        }
        return all;
    }

    private void refill(final Packet p)
    {
        if (!ring.offer(p))
        {
            drops.incrementAndGet();
            p.kill();
        }
    }

    private void killAll()
    {
        Packet p;
        while ((p = ring.poll()) != null)
        {
            p.kill();
        }
        emptyNote.sleep();
        fullNote.wake();
    }

    // ------------------------------------------------------------------------------------------ handlers

    @Override
    public void addHandlers()
    {
        addReadHandler("length", () -> Integer.toString(size()), Handler.CALM);
        addReadHandler("highwater_length", () -> Integer.toString(highwater.get()), Handler.CALM);
        addReadHandler("drops", () -> Long.toString(drops.get()), Handler.CALM);
        addReadHandler("capacity", () -> Integer.toString(capacity), Handler.CALM);
        addWriteHandler("reset_counts", (v, errh) ->
        {
            drops.set(0);
            highwater.set(size());
            return 0;
        }, Handler.BUTTON);
        addWriteHandler("reset", (v, errh) ->
        {
            killAll();
            return 0;
        }, Handler.BUTTON);
    }
}
