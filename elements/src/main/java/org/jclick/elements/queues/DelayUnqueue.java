package org.jclick.elements.queues;

import java.util.List;

import org.jclick.dataplane.args.ArgException;
import org.jclick.dataplane.args.SecondsArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.runtime.NotifierSignal;
import org.jclick.dataplane.runtime.Task;
import org.jclick.dataplane.runtime.Timer;

/** Click's DelayUnqueue. */
@ElementDoc(
    synopsis = "DelayUnqueue(DELAY)",
    category = "scheduling",
    ports = "one pull input, one push output",
    description = """
        A pull-to-push converter that delays packets: a packet whose timestamp annotation is T leaves no earlier
        than T + DELAY (a packet without timestamp counts as stamped when pulled), with its timestamp set to the
        time it leaves. One packet is held at a time; a timer wakes the task when it is due, and the task sleeps
        on the upstream empty signal while there is nothing to pull.""",
    keywords = {"DELAY: time, microsecond precision. The delay."},
    handlers = {"delay (read/write): DELAY, in seconds"},
    example = "src -> SetTimestamp -> Queue -> DelayUnqueue(0.05) -> out;",
    seeAlso = {"DelayShaper", "Unqueue", "SetTimestamp"})
public final class DelayUnqueue extends Element
{
    private final Task task = new Task(this);
    private final Timer timer = new Timer(this, t -> task.reschedule());
    private NotifierSignal signal = NotifierSignal.busy();
    private long delayNs;
    private Packet held;

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
        final long[] d = {0};
        if (complete(args(conf).readMandatoryPositional("DELAY", SecondsArg.microseconds(), v -> d[0] = v), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        delayNs = d[0] * 1000L;
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
        if (held != null)
        {
            held.kill();
            held = null;
        }
    }

    @Override
    public boolean runTask(final Task t)
    {
        final long now = router().nowNs();
        Packet p = held;
        if (p == null)
        {
            p = input(0).pull();
            if (p == null)
            {
                if (signal.active())
                {
                    t.fastReschedule();
                }
                return false;
            }
            if (p.timestampNs() == 0)
            {
                p.setTimestampNs(now);
            }
        }
        final long due = p.timestampNs() + delayNs;
        if (due <= now)
        {
            held = null;
            p.setTimestampNs(now);
            output(0).push(p);
            t.fastReschedule();
            return true;
        }
        held = p;
        timer.scheduleAt(due);
        return false;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("delay", () -> Seconds.format(delayNs));
        addWriteHandler("delay", (v, errh) ->
        {
            try
            {
                delayNs = SecondsArg.microseconds().parse(v.strip(), argContext()) * 1000L;
            }
            catch (final ArgException e)
            {
                return errh.error("delay: " + e.getMessage());
            }
            task.reschedule();
            return 0;
        });
    }
}
