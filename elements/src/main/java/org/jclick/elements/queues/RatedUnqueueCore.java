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

/**
 * RatedUnqueue and BandwidthRatedUnqueue: a pull-to-push task limited by a {@link TokenBucket} of packets or of
 * bytes. When the bucket is short, a timer wakes the task when it will have enough; when the input is empty, the
 * task sleeps on the upstream empty signal.
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
    private long burstTokens;
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
        final boolean[] a = {true};
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
        args.read("BURST_DURATION", SecondsArg.microseconds(), duration)
            .read("ACTIVE", BoolArg.INSTANCE, v -> a[0] = v);
        if (complete(args, errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        if (duration.isPresent() && size.isPresent())
        {
            return errh.error("BURST_DURATION and " + (bytes ? "BURST_BYTES" : "BURST_SIZE") + " are mutually exclusive");
        }
        rate = r.get();
        active = a[0];
        final long ns = duration.isPresent() ? duration.get() * 1000L : 20_000_000L;
        final long b = size.isPresent() ? size.get()
            : (long)Math.min(Long.MAX_VALUE / 4, (double)rate * ns / 1e9);
        burstTokens = Math.max(1, b);
        if (router() != null && bucket != null)
        {
            bucket.assign(rate, burstTokens, router().nowNs());
        }
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
        bucket.assign(rate, burstTokens, router().nowNs());
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
        final long now = router().nowNs();
        final TokenBucket tb = bucket;
        tb.refill(now);
        if (bytes ? !tb.positive() : !tb.contains(1))
        {
            final long wait = bytes ? tb.nsUntilPositive() : tb.nsUntilContains(1);
            if (wait >= 0)
            {
                timer.scheduleAt(now + wait);
            }
            return false;
        }
        int worked = 0;
        if (bytes)
        {
            final Packet p = input(0).pull();
            if (p != null)
            {
                tb.remove(p.length());
                worked = 1;
                count++;
                output(0).push(p);
            }
        }
        else
        {
            final int want = (int)Math.min(tb.tokens(), MAX_BURST);
            if (want <= 1)
            {
                final Packet p = input(0).pull();
                if (p != null)
                {
                    tb.remove(1);
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
            bucket.assign(rate, burstTokens, router().nowNs());
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
