package org.jclick.elements.queues;

import java.util.List;

import org.jclick.dataplane.args.ArgException;
import org.jclick.dataplane.args.SecondsArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.runtime.Notifier;
import org.jclick.dataplane.runtime.NotifierSignal;
import org.jclick.dataplane.runtime.Task;
import org.jclick.dataplane.runtime.Timer;

/** Click's DelayShaper. */
@ElementDoc(
    synopsis = "DelayShaper(DELAY)",
    category = "shaping",
    ports = "one pull input, one pull output",
    description = """
        Delays packets on a pull path: a packet whose timestamp annotation is T is returned by a pull no earlier
        than T + DELAY, with its timestamp set to the time it leaves. It holds at most one packet; pulls return
        nothing until that packet is due. Its empty notifier sleeps while it waits (a timer wakes it when the
        packet is due) and while the input is empty (an upstream wake-up wakes it).""",
    keywords = {"DELAY: time, microsecond precision. The delay."},
    handlers = {"delay (read/write): DELAY, in seconds"},
    example = "src -> SetTimestamp -> Queue -> DelayShaper(0.05) -> ToDevice(eth0);",
    seeAlso = {"DelayUnqueue", "BandwidthShaper", "SetTimestamp"})
public final class DelayShaper extends Element
{
    private final Notifier note = new Notifier();
    private final Timer timer = new Timer(this, t -> note.wake());
    private final Task watcher = new Task(this, t -> watch());
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
        return PULL;
    }

    @Override
    public Object cast(final String name)
    {
        return Notifier.EMPTY_NOTIFIER.equals(name) ? note : null;
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
        watcher.initialize(false);
        signal = NotifierSignal.upstreamEmpty(this, 0, watcher);
        note.setActive(signal.active(), false);
        return 0;
    }

    private boolean watch()
    {
        if (held == null && signal.active())
        {
            note.wake();
        }
        return false;
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
    public Packet pull(final int port)
    {
        final long now = router().nowNs();
        Packet p = held;
        if (p == null)
        {
            p = input(0).pull();
            if (p == null)
            {
                if (!signal.active())
                {
                    note.sleep();
                }
                return null;
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
            return p;
        }
        held = p;
        note.sleep();
        timer.scheduleAt(due);
        return null;
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
            note.wake();
            return 0;
        });
    }
}
