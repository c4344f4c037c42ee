package org.jclick.elements.queues;

import java.util.List;

import org.jclick.dataplane.args.BoolArg;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.Handler;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketBatch;
import org.jclick.dataplane.runtime.NotifierSignal;
import org.jclick.dataplane.runtime.Task;

/** Click's Unqueue. */
@ElementDoc(
    synopsis = "Unqueue([KEYWORDS ACTIVE, LIMIT, BURST])",
    category = "scheduling",
    ports = "one pull input, one push output",
    description = """
        A pull-to-push converter: a task pulls packets from the input whenever they are available and pushes them
        to the output, at most BURST packets per run. When every queue upstream is empty (their empty notifiers
        say so) the task sleeps until a packet arrives. Bursts larger than one move as packet batches.""",
    keywords = {
        "ACTIVE: boolean. When false, pulls nothing; default true.",
        "LIMIT: integer. When not negative, stop after pulling this many packets; default -1 (no limit).",
        "BURST: integer. Most packets pulled per task run; default 1. Zero or negative: pull until nothing comes "
            + "back."},
    handlers = {
        "count (read): packets pulled so far",
        "reset (write): sets count to zero and resumes (LIMIT more packets may be pulled)",
        "active (read/write): ACTIVE",
        "limit (read/write): LIMIT",
        "burst (read/write): BURST",
        "scheduled, tickets, home_thread: the task handlers"},
    example = "FromDevice(eth0) -> Queue -> Unqueue(BURST 32) -> ToDevice(eth1);",
    seeAlso = {"RatedUnqueue", "BandwidthRatedUnqueue", "Queue"})
public final class Unqueue extends Element
{
    private final Task task = new Task(this);
    private NotifierSignal signal = NotifierSignal.busy();
    private boolean active = true;
    private long limit = -1;
    private int burst = 1;
    private long count;
    private PacketBatch batch;

    @Override
    public String portCount()
    {
        return PORTS_1_1;
    }

    @Override
    public String processing()
    {
        return PULL_TO_PUSH;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final boolean[] a = {true};
        final long[] l = {-1};
        final int[] b = {1};
        if (complete(args(conf)
            .read("ACTIVE", BoolArg.INSTANCE, v -> a[0] = v)
            .read("LIMIT", IntArg.int64(), v -> l[0] = v)
            .read("BURST", IntArg.int32(), v -> b[0] = v), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        active = a[0];
        limit = l[0];
        setBurst(b[0]);
        return 0;
    }

    private void setBurst(final int b)
    {
        burst = b <= 0 ? Integer.MAX_VALUE : b;
        final int cap = Math.min(burst, PacketBatch.MAX_CAPACITY);
        batch = new PacketBatch(cap <= 1 ? 1 : Integer.highestOneBit(cap - 1) << 1);
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        task.initialize(active);
        signal = NotifierSignal.upstreamEmpty(this, 0, task);
        return 0;
    }

    @Override
    public boolean runTask(final Task t)
    {
        if (!active)
        {
            return false;
        }
        int want = burst;
        if (limit >= 0)
        {
            final long left = limit - count;
            if (left <= 0)
            {
                return false;
            }
            if (left < want)
            {
                want = (int)left;
            }
        }
        int worked = 0;
        boolean dry = false;
        if (want == 1)
        {
            final Packet p = input(0).pull();
            if (p != null)
            {
                worked = 1;
                count++;
                output(0).push(p);
            }
            else
            {
                dry = true;
            }
        }
        else
        {
            final PacketBatch b = batch;
            while (worked < want)
            {
                b.clear();
                final int n = input(0).pullBatch(b, Math.min(want - worked, b.capacity()));
                if (n <= 0)
                {
                    dry = true;
                    break;
                }
                worked += n;
                count += n;
                if (n == 1)
                {
                    final Packet p = b.get(0);
                    b.clear();
                    output(0).push(p);
                }
                else
                {
                    output(0).pushBatch(b);
                    b.clear();
                }
            }
        }
        if (!dry || signal.active())
        {
            t.fastReschedule();
        }
        return worked > 0;
    }

    public long count()
    {
        return count;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("count", () -> Long.toString(count));
        addWriteHandler("reset", (v, errh) ->
        {
            count = 0;
            if (active)
            {
                task.reschedule();
            }
            return 0;
        }, Handler.BUTTON);
        addReadHandler("active", () -> Boolean.toString(active), Handler.CHECKBOX);
        addWriteHandler("active", (v, errh) ->
        {
            final Boolean b = BoolArg.parseOrNull(v.strip());
            if (b == null)
            {
                return errh.error("active: expected boolean");
            }
            active = b;
            if (active)
            {
                task.reschedule();
            }
            return 0;
        });
        addReadHandler("limit", () -> Long.toString(limit));
        addWriteHandler("limit", (v, errh) ->
        {
            try
            {
                limit = Long.parseLong(v.strip());
            }
            catch (final NumberFormatException e)
            {
                return errh.error("limit: expected integer");
            }
            if (active)
            {
                task.reschedule();
            }
            return 0;
        });
        addReadHandler("burst", () -> Integer.toString(burst == Integer.MAX_VALUE ? -1 : burst));
        addWriteHandler("burst", (v, errh) ->
        {
            try
            {
                setBurst(Integer.parseInt(v.strip()));
            }
            catch (final NumberFormatException e)
            {
                return errh.error("burst: expected integer");
            }
            return 0;
        });
        addTaskHandlers(task, "");
    }
}
