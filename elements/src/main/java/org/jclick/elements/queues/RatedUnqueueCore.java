package org.jclick.elements.queues;

import java.util.List;

import org.jclick.dataplane.args.Args;
import org.jclick.dataplane.args.BandwidthArg;
import org.jclick.dataplane.args.BoolArg;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.args.SecondsArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.Handler;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketBatch;
import org.jclick.dataplane.runtime.NotifierSignal;
import org.jclick.dataplane.runtime.Task;
import org.jclick.dataplane.runtime.Timer;
import org.jclick.elements.standard.TokenBucket;

/**
 * RatedUnqueue and BandwidthRatedUnqueue: a pull-to-push task limited by a {@link TokenBucket} of packets or of
 * bytes, with Click's arithmetic. When the bucket is short (less than one token; for bytes, less than
 * {@link TokenBucket#BANDWIDTH_THRESH}), a timer wakes the task after the number of ticks the bucket needs; when the
 * input is empty, the task sleeps on the upstream empty signal.
 */
abstract class RatedUnqueueCore extends Element
{
    private static final int MAX_BURST = 32;

    private final boolean bytes;
    private final Task task = new Task(this);
    private final Timer timer = new Timer(this, t -> task.reschedule());
    private final TokenBucket bucket = new TokenBucket();
    private final PacketBatch batch = new PacketBatch(MAX_BURST);
    private NotifierSignal signal = NotifierSignal.busy();
    private long rate;
    private long burstMs = 20;
    private long burstSize = -1;
    private boolean active = true;
    private long count;

    RatedUnqueueCore(final boolean bytes)
    {
        this.bytes = bytes;
    }

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
        final Args.Value<Long> r = new Args.Value<>();
        final Args.Value<Long> duration = new Args.Value<>();
        final Args.Value<Long> size = new Args.Value<>();
        final boolean[] a = {active};
        final Args args = args(conf);
        if (bytes)
        {
            args.readMandatoryPositional("RATE", BandwidthArg.INSTANCE, r)
                .read("BURST_BYTES", IntArg.uint32(), size);
        }
        else
        {
            args.readMandatoryPositional("RATE", IntArg.uint32(), r)
                .read("BURST_SIZE", IntArg.uint32(), size);
        }
        args.read("BURST_DURATION", SecondsArg.milliseconds(), duration)
            .read("ACTIVE", BoolArg.INSTANCE, v -> a[0] = v);
        if (complete(args, errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        if (duration.isPresent() && size.isPresent())
        {
            return errh.error("cannot specify both BURST_DURATION and BURST_SIZE");
        }
        rate = r.get();
        active = a[0];
        burstMs = duration.isPresent() ? duration.get() : 20;
        burstSize = size.isPresent() ? size.get() : -1;
        bucket.assign(rate, TokenBucket.capacityFor(rate, burstMs, burstSize, bytes));
        return 0;
    }

    @Override
    public boolean canLiveReconfigure()
    {
        return true;
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        timer.initialize();
        task.initialize(active);
        signal = NotifierSignal.upstreamEmpty(this, 0, task);
        return 0;
    }

    @Override
    public void cleanup(final CleanupStage stage)
    {
        if (timer.initialized())
        {
            timer.unschedule();
        }
    }

    @Override
    public boolean runTask(final Task t)
    {
        if (!active)
        {
            return false;
        }
        final TokenBucket tb = bucket;
        tb.refillNs(router().nowNs());
        final long need = bytes ? TokenBucket.BANDWIDTH_THRESH : 1;
        if (!tb.contains(need))
        {
            final long ticks = tb.timeUntilContains(need);
            if (ticks != TokenBucket.NEVER)
            {
                timer.scheduleAfterNs(ticks * 1_000_000L);
            }
            return false;
        }
        int worked = 0;
        final int want = bytes ? 1 : (int)Math.min(tb.size(), MAX_BURST);
        if (want <= 1)
        {
            final Packet p = input(0).pull();
            if (p != null)
            {
                tb.remove(bytes ? p.length() : 1);
                worked = 1;
                count++;
                output(0).push(p);
            }
        }
        else
        {
            final PacketBatch b = batch;
            b.clear();
            final int n = input(0).pullBatch(b, want);
            if (n > 0)
            {
                tb.remove(n);
                worked = n;
                count += n;
                output(0).pushBatch(b);
                b.clear();
            }
        }
        if (worked == 0 && !signal.active())
        {
            return false;
        }
        t.fastReschedule();
        return worked > 0;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("rate", () -> Long.toString(rate));
        addWriteHandler("rate", (v, errh) ->
        {
            final long n;
            try
            {
                n = bytes ? BandwidthArg.INSTANCE.parse(v.strip(), argContext()) : IntArg.uint32().parse(v.strip(), argContext());
            }
            catch (final org.jclick.dataplane.args.ArgException e)
            {
                return errh.error("rate: " + e.getMessage());
            }
            rate = n;
            bucket.assign(rate, TokenBucket.capacityFor(rate, burstMs, burstSize, bytes));
            if (active)
            {
                task.reschedule();
            }
            return 0;
        });
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
        addReadHandler("count", () -> Long.toString(count));
        addTaskHandlers(task, "");
    }
}
