package org.jclick.elements.queues;

import java.util.List;

import org.jclick.dataplane.args.BandwidthArg;
import org.jclick.dataplane.args.SecondsArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
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
        Emulates a serial link: it pulls a packet only when the link is free, keeps the link busy for the packet's
        length divided by BANDWIDTH (serialization), and pushes the packet out LATENCY after its last byte was
        sent, with its timestamp annotation set to that time. Packets in flight wait in an internal list
        (chained through the packets, so nothing is allocated).""",
    keywords = {"LATENCY: time, microsecond precision. Propagation delay.",
        "BANDWIDTH: bandwidth. Link speed, such as 100kbps or 10Mbps."},
    handlers = {"latency (read): LATENCY", "bandwidth (read): BANDWIDTH in bytes per second",
        "size (read): packets in flight"},
    example = "src -> Queue -> LinkUnqueue(5ms, 1Mbps) -> dst;",
    seeAlso = {"DelayUnqueue", "BandwidthRatedUnqueue", "Queue"})
public final class LinkUnqueue extends Element
{
    private final Task task = new Task(this);
    private final Timer timer = new Timer(this, t -> task.reschedule());
    private NotifierSignal signal = NotifierSignal.busy();
    private long latencyNs;
    private long bandwidth;
    private long linkFreeAt;
    private Packet head;
    private Packet tail;
    private int size;

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
        if (b[0] <= 0)
        {
            return errh.error("BANDWIDTH must be positive");
        }
        latencyNs = l[0] * 1000L;
        bandwidth = b[0];
        return 0;
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        timer.initialize();
        task.initialize(true);
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
        while (head != null)
        {
            final Packet p = head;
            head = p.next();
            p.setNext(null);
            p.kill();
        }
        tail = null;
    }

    private boolean emitDue(final long now)
    {
        boolean any = false;
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
            any = true;
            output(0).push(p);
        }
        return any;
    }

    @Override
    public boolean runTask(final Task t)
    {
        final long now = router().nowNs();
        boolean worked = emitDue(now);
        boolean dry = false;
        while (linkFreeAt <= now)
        {
            final Packet p = input(0).pull();
            if (p == null)
            {
                dry = true;
                break;
            }
            final long end = now + p.length() * 1_000_000_000L / bandwidth;
            linkFreeAt = end;
            p.setTimestampNs(end + latencyNs);
            p.setNext(null);
            if (tail == null)
            {
                head = p;
            }
            else
            {
                tail.setNext(p);
            }
            tail = p;
            size++;
            worked = true;
        }
        worked |= emitDue(now);
        if (linkFreeAt <= now && !dry)
        {
            t.fastReschedule();
            return worked;
        }
        long next = head != null ? head.timestampNs() : Long.MAX_VALUE;
        if (!dry)
        {
            next = Math.min(next, linkFreeAt);
        }
        if (dry && signal.active())
        {
            t.fastReschedule();
        }
        else if (next != Long.MAX_VALUE)
        {
            timer.scheduleAt(next);
        }
        return worked;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("latency", () -> Seconds.format(latencyNs));
        addReadHandler("bandwidth", () -> Long.toString(bandwidth));
        addReadHandler("size", () -> Integer.toString(size));
    }
}
