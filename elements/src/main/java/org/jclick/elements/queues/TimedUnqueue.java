package org.jclick.elements.queues;

import java.util.List;

import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.args.SecondsArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.runtime.Timer;

/** Click's TimedUnqueue. */
@ElementDoc(
    synopsis = "TimedUnqueue(INTERVAL [, BURST])",
    category = "scheduling",
    ports = "one pull input, one push output",
    description = """
        A pull-to-push converter driven by a timer: every INTERVAL seconds it pulls up to BURST packets (default
        1) and pushes them to its output.""",
    keywords = {"INTERVAL: time, millisecond precision. Period of the timer.", "BURST: integer. Packets per period; default 1."},
    handlers = {"interval (read): INTERVAL", "burst (read): BURST"},
    example = "Queue -> TimedUnqueue(0.1, 4) -> out;",
    seeAlso = {"Unqueue", "RatedUnqueue"})
public final class TimedUnqueue extends Element
{
    private final Timer timer = new Timer(this);
    private long intervalNs;
    private int burst = 1;

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
        final long[] iv = {0};
        final int[] b = {1};
        if (complete(args(conf)
            .readMandatoryPositional("INTERVAL", SecondsArg.milliseconds(), v -> iv[0] = v)
            .readPositional("BURST", IntArg.int32(), v -> b[0] = v), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        if (b[0] <= 0)
        {
            return errh.error("BURST must be positive");
        }
        intervalNs = Math.max(1, iv[0]) * 1_000_000L;
        burst = b[0];
        return 0;
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        timer.initialize();
        timer.scheduleAfterNs(intervalNs);
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
    public void runTimer(final Timer t)
    {
        for (int i = 0; i < burst; i++)
        {
            final Packet p = input(0).pull();
            if (p == null)
            {
                break;
            }
            output(0).push(p);
        }
        t.rescheduleAfterNs(intervalNs);
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("interval", () -> Seconds.format(intervalNs));
        addReadHandler("burst", () -> Integer.toString(burst));
    }
}
