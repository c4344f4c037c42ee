package org.jclick.elements.queues;

import java.util.List;

import org.jclick.dataplane.args.ArgException;
import org.jclick.dataplane.args.BandwidthArg;
import org.jclick.dataplane.args.SecondsArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.Handler;
import org.jclick.dataplane.packet.AnnotationDescriptor;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.runtime.NotifierSignal;
import org.jclick.dataplane.runtime.Task;
import org.jclick.dataplane.runtime.Timer;

/** Click's LinkUnqueue. */
@ElementDoc(
    synopsis = "LinkUnqueue(LATENCY, BANDWIDTH)",
    category = "scheduling",
    ports = "one pull input, one push output",
    description = """
        Emulates a serial link. Packets are pulled from the input and leave on the output LATENCY plus their
        serialization time (length, with the extra length annotation, divided by BANDWIDTH, in whole
        microseconds) after the link started sending them; each packet's timestamp annotation is set to that
        departure time. Back-to-back packets queue behind each other: a packet starts when the previous one has
        been sent. As in Click, packets are pulled while the link's pipe (LATENCY long) has room, so they leave
        the upstream queue up to LATENCY before they would start sending. Packets in flight wait in an internal
        list (chained through the packets, so nothing is allocated).""",
    keywords = {"LATENCY: time, microsecond precision. Propagation delay.",
        "BANDWIDTH: bandwidth, at least 100Bps. Link speed, such as 100kbps or 10Mbps; used in units of 100 bytes "
            + "per second, as Click does."},
    handlers = {
        "latency (read/write): LATENCY, as Click prints intervals (5ms, 250us, 1.500000s)",
        "bandwidth (read/write): BANDWIDTH in bytes per second (a multiple of 100)",
        "size (read): packets in flight",
        "reset (write): drops the packets in flight (writing latency or bandwidth does too)"},
    example = "src -> Queue -> LinkUnqueue(5ms, 1Mbps) -> dst;",
    seeAlso = {"DelayUnqueue", "BandwidthRatedUnqueue", "Queue"})
public final class LinkUnqueue extends Element
{
    private final Task task = new Task(this);
    private final Timer timer = new Timer(this, t -> task.reschedule());
    private NotifierSignal signal = NotifierSignal.busy();
    private long latencyNs;
    /** Click's {@code _bandwidth}: bytes per second divided by 100. */
    private long bandwidth100;
    private Packet head;
    private Packet tail;
    private int size;
    private boolean backToBack;

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
        final long[] l = {0};
        final long[] b = {0};
        if (complete(args(conf)
            .readMandatoryPositional("LATENCY", SecondsArg.microseconds(), v -> l[0] = v)
            .readMandatoryPositional("BANDWIDTH", BandwidthArg.INSTANCE, v -> b[0] = v), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        if (b[0] < 100)
        {
            return errh.error("bandwidth too small, minimum 100Bps");
        }
        latencyNs = l[0] * 1000L;
        bandwidth100 = b[0] / 100;
        return 0;
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        timer.initialize();
        task.initialize(true);
        signal = NotifierSignal.upstreamEmpty(this, 0, task);
        backToBack = false;
        return 0;
    }

    @Override
    public void cleanup(final CleanupStage stage)
    {
        if (timer.initialized())
        {
            timer.unschedule();
        }
        dropAll();
    }

    private void dropAll()
    {
        while (head != null)
        {
            final Packet p = head;
            head = p.next();
            p.setNext(null);
            p.kill();
        }
        tail = null;
        size = 0;
    }

    /** Click's {@code delay_by_bandwidth}: 32-bit arithmetic in microseconds, as Click computes it. */
    private void delayByBandwidth(final Packet p, final long startNs)
    {
        final long length = (p.length() + (p.annoU32(AnnotationDescriptor.EXTRA_LENGTH_ANNO_OFFSET) & 0xFFFFFFFFL))
            & 0xFFFFFFFFL;
        final long delayUs = ((length * 10000) & 0xFFFFFFFFL) / bandwidth100;
        p.setTimestampNs(startNs + delayUs * 1000L);
    }

    @Override
    public boolean runTask(final Task t)
    {
        boolean worked = false;
        final long now = router().nowNs();
        final long nowDelayed = now + latencyNs;

        // pull while the pipe has room (its last packet leaves no later than LATENCY from now)
        while (tail == null || tail.timestampNs() <= nowDelayed)
        {
            final Packet p = input(0).pull();
            if (p == null)
            {
                backToBack = false;
                break;
            }
            if (tail != null)
            {
                tail.setNext(p);
                delayByBandwidth(p, backToBack ? tail.timestampNs() : nowDelayed);
            }
            else
            {
                head = p;
                delayByBandwidth(p, nowDelayed);
            }
            tail = p;
            p.setNext(null);
            size++;
            worked = true;
            backToBack = true;
        }

        // emit the packets that are due
        while (head != null && head.timestampNs() <= now)
        {
            final Packet p = head;
            head = p.next();
            if (head == null)
            {
                tail = null;
            }
            p.setNext(null);
            size--;
            output(0).push(p);
            worked = true;
        }

        if (head != null)
        {
            long expiry = head.timestampNs();
            if (signal.active())
            {
                expiry = Math.min(expiry, tail.timestampNs() - latencyNs);
            }
            if (expiry <= now)
            {
                t.fastReschedule();
            }
            else
            {
                timer.scheduleAt(expiry);
            }
        }
        else if (signal.active())
        {
            t.fastReschedule();
        }
        return worked;
    }

    /** Click's {@code Timestamp::unparse_interval} at microsecond precision. */
    static String unparseInterval(final long ns)
    {
        final long us = ns / 1000;
        if (us >= 0 && us < 1_000_000)
        {
            return us % 1000 == 0 ? (us / 1000) + "ms" : us + "us";
        }
        return String.format("%d.%06ds", us / 1_000_000, us % 1_000_000);
    }

    private void fullReset()
    {
        dropAll();
        timer.unschedule();
        task.reschedule();
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("latency", () -> unparseInterval(latencyNs), Handler.CALM);
        addReadHandler("bandwidth", () -> Long.toString(bandwidth100 * 100), Handler.CALM);
        addReadHandler("size", () -> Integer.toString(size));
        addWriteHandler("reset", (v, errh) ->
        {
            fullReset();
            return 0;
        }, Handler.BUTTON);
        addWriteHandler("latency", (v, errh) ->
        {
            try
            {
                latencyNs = SecondsArg.microseconds().parse(v.trim(), argContext()) * 1000L;
            }
            catch (final ArgException e)
            {
                return errh.error("latency must be a timestamp");
            }
            fullReset();
            return 0;
        });
        addWriteHandler("bandwidth", (v, errh) ->
        {
            final long bw;
            try
            {
                bw = BandwidthArg.INSTANCE.parse(v.trim(), argContext());
            }
            catch (final ArgException e)
            {
                return errh.error("invalid bandwidth");
            }
            if (bw < 100)
            {
                return errh.error("bandwidth too small, minimum 100Bps");
            }
            bandwidth100 = bw / 100;
            fullReset();
            return 0;
        });
        addTaskHandlers(task, "");
    }
}
