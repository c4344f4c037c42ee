package org.jclick.elements.standard;

import java.util.List;

import org.jclick.dataplane.args.SecondsArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.runtime.Timer;

/** Click's TimedSink. */
@ElementDoc(
    synopsis = "TimedSink([INTERVAL])",
    category = "basic sinks",
    ports = "one pull input",
    description = "Pulls one packet from its input every INTERVAL (default 0.5 s) and drops it.",
    keywords = {"INTERVAL: time. Default 500 ms."},
    handlers = {"interval (read/write): INTERVAL"},
    example = "q :: Queue -> TimedSink(0.1);",
    seeAlso = {"Discard", "TimedSource"})
public final class TimedSink extends Element
{
    private final Timer timer = new Timer(this);
    private long intervalNs = 500_000_000L;

    @Override
    public String portCount()
    {
        return PORTS_1_0;
    }

    @Override
    public String processing()
    {
        return PULL;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        return complete(args(conf).readPositional("INTERVAL", SecondsArg.nanoseconds(), v -> intervalNs = v), errh);
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        timer.initialize();
        timer.scheduleAfterNs(intervalNs);
        return 0;
    }

    @Override
    public void runTimer(final Timer t)
    {
        final Packet p = input(0).pull();
        if (p != null)
        {
            p.kill();
        }
        t.rescheduleAfterNs(Math.max(1, intervalNs));
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("interval", () -> ClickFormat.seconds(intervalNs));
        addWriteHandler("interval", (v, errh) ->
        {
            try
            {
                intervalNs = SecondsArg.nanoseconds().parse(v.trim(), argContext());
            }
            catch (final RuntimeException e)
            {
                return errh.error("interval: " + e.getMessage());
            }
            return 0;
        });
    }
}
