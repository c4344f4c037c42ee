package org.jclick.elements.modify;

import java.time.Duration;
import java.util.List;

import org.jclick.dataplane.args.ArgException;
import org.jclick.dataplane.args.Args;
import org.jclick.dataplane.args.BoolArg;
import org.jclick.dataplane.args.StringArg;
import org.jclick.dataplane.args.TimestampArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.runtime.HandlerCall;

/** Click's TimeFilter. */
@ElementDoc(
    synopsis = "TimeFilter([START, END, KEYWORDS])",
    category = "timestamps",
    ports = "one agnostic input, one or two outputs (output 1 push)",
    description = """
        Lets through packets whose timestamp annotation lies in [start, end); the others go to output 1 if it
        exists, or are dropped. Start and end may be absolute, relative to the first packet's timestamp, or
        relative to the time the router was initialized. When the first packet at or past the end arrives,
        END_CALL is called (with '$t' in its value replaced by that packet's timestamp); if the call moves the
        end (extend_interval), the packet is checked again. STOP stops the driver at that point.""",
    keywords = {
        "START: time. Absolute start.",
        "START_AFTER: time. Start this long after the first packet's timestamp.",
        "START_DELAY: time. Start this long after initialization.",
        "END: time. Absolute end.",
        "END_AFTER: time. End this long after the first packet's timestamp.",
        "END_DELAY: time. End this long after initialization.",
        "INTERVAL: time. End this long after the start.",
        "STOP: boolean. Stop the driver when a packet past the end arrives. Default false.",
        "END_CALL: handler call. Called when the first packet past the end arrives."},
    handlers = {
        "start, end, interval (read/write): the current bounds",
        "extend_interval (write): moves the end later by the given time and re-arms END_CALL"},
    example = "FromDump(trace) -> TimeFilter(START_AFTER 10, INTERVAL 60) -> ...",
    seeAlso = {"AdjustTimestamp", "SetTimestamp"})
public final class TimeFilter extends SimpleElement
{
    private static final int ABSOLUTE = 0;
    private static final int AFTER_FIRST = 1;
    private static final int AFTER_INIT = 2;

    private long startNs = Long.MIN_VALUE;
    private long endNs = Long.MAX_VALUE;
    private int startMode = ABSOLUTE;
    private int endMode = ABSOLUTE;
    private boolean hasStart;
    private boolean hasEnd;
    private boolean endIsInterval;
    private long intervalNs;
    private boolean stop;
    private HandlerCall endCall;
    private boolean endCallReady;
    private boolean ready;

    @Override
    public String portCount()
    {
        return PORTS_1_1X2;
    }

    @Override
    public String processing()
    {
        return PROCESSING_A_AH;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final Args.Value<Duration> start = new Args.Value<>();
        final Args.Value<Duration> startAfter = new Args.Value<>();
        final Args.Value<Duration> startDelay = new Args.Value<>();
        final Args.Value<Duration> end = new Args.Value<>();
        final Args.Value<Duration> endAfter = new Args.Value<>();
        final Args.Value<Duration> endDelay = new Args.Value<>();
        final Args.Value<Duration> interval = new Args.Value<>();
        final Args.Value<String> call = new Args.Value<>();
        final TimestampArg ts = TimestampArg.signed();
        if (complete(args(conf)
            .readPositional("START", ts, start)
            .readPositional("END", ts, end)
            .read("START_AFTER", ts, startAfter)
            .read("START_DELAY", ts, startDelay)
            .read("END_AFTER", ts, endAfter)
            .read("END_DELAY", ts, endDelay)
            .read("INTERVAL", ts, interval)
            .read("STOP", BoolArg.INSTANCE, v -> stop = v)
            .read("END_CALL", StringArg.ANY, call), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        final int starts = (start.isPresent() ? 1 : 0) + (startAfter.isPresent() ? 1 : 0)
            + (startDelay.isPresent() ? 1 : 0);
        final int ends = (end.isPresent() ? 1 : 0) + (endAfter.isPresent() ? 1 : 0) + (endDelay.isPresent() ? 1 : 0)
            + (interval.isPresent() ? 1 : 0);
        if (starts > 1)
        {
            return errh.error("START, START_AFTER, and START_DELAY are mutually exclusive");
        }
        if (ends > 1)
        {
            return errh.error("END, END_AFTER, END_DELAY, and INTERVAL are mutually exclusive");
        }
        hasStart = starts == 1;
        hasEnd = ends == 1;
        if (start.isPresent())
        {
            startNs = start.get().toNanos();
            startMode = ABSOLUTE;
        }
        else if (startAfter.isPresent())
        {
            startNs = startAfter.get().toNanos();
            startMode = AFTER_FIRST;
        }
        else if (startDelay.isPresent())
        {
            startNs = startDelay.get().toNanos();
            startMode = AFTER_INIT;
        }
        if (end.isPresent())
        {
            endNs = end.get().toNanos();
            endMode = ABSOLUTE;
        }
        else if (endAfter.isPresent())
        {
            endNs = endAfter.get().toNanos();
            endMode = AFTER_FIRST;
        }
        else if (endDelay.isPresent())
        {
            endNs = endDelay.get().toNanos();
            endMode = AFTER_INIT;
        }
        else if (interval.isPresent())
        {
            intervalNs = interval.get().toNanos();
            endIsInterval = true;
            if (!hasStart)
            {
                return errh.error("INTERVAL requires START, START_AFTER, or START_DELAY");
            }
        }
        if (call.isPresent())
        {
            endCall = HandlerCall.parseWrite(call.get());
            endCallReady = true;
        }
        return 0;
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        if (endCall != null && endCall.resolve(this, errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        final long now = router().nowNs();
        if (hasStart && startMode == AFTER_INIT)
        {
            startNs += now;
            startMode = ABSOLUTE;
        }
        if (hasEnd && !endIsInterval && endMode == AFTER_INIT)
        {
            endNs += now;
            endMode = ABSOLUTE;
        }
        ready = !(hasStart && startMode == AFTER_FIRST) && !(hasEnd && !endIsInterval && endMode == AFTER_FIRST);
        if (ready && endIsInterval)
        {
            endNs = startNs + intervalNs;
        }
        return 0;
    }

    private void firstPacket(final long ts)
    {
        if (hasStart && startMode == AFTER_FIRST)
        {
            startNs += ts;
            startMode = ABSOLUTE;
        }
        if (hasEnd && !endIsInterval && endMode == AFTER_FIRST)
        {
            endNs += ts;
            endMode = ABSOLUTE;
        }
        if (endIsInterval)
        {
            endNs = startNs + intervalNs;
        }
        ready = true;
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        final long ts = p.timestampNs();
        if (!ready)
        {
            firstPacket(ts);
        }
        if (ts < startNs)
        {
            return reject(p);
        }
        while (ts >= endNs && endCallReady)
        {
            endCallReady = false;
            callEnd(ts);
        }
        if (ts < endNs)
        {
            return p;
        }
        if (stop)
        {
            router().pleaseStopDriver();
        }
        return reject(p);
    }

    /** Calls END_CALL (rare: once per end reached; may allocate). */
    private void callEnd(final long ts)
    {
        final String v = endCall.value();
        endCall.callWrite(v.indexOf("$t") >= 0 ? v.replace("$t", formatTimestamp(ts)) : v, ErrorHandler.stderr());
    }

    /** Click's Timestamp text at microsecond precision. */
    static String formatTimestamp(final long ns)
    {
        final long abs = Math.abs(ns);
        final long us = abs / 1000;
        return (ns < 0 ? "-" : "") + (us / 1_000_000) + "." + String.format("%06d", us % 1_000_000);
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("start", () -> startNs == Long.MIN_VALUE ? "" : formatTimestamp(startNs));
        addReadHandler("end", () -> endNs == Long.MAX_VALUE ? "" : formatTimestamp(endNs));
        addReadHandler("interval", () -> startNs == Long.MIN_VALUE || endNs == Long.MAX_VALUE ? ""
            : formatTimestamp(endNs - startNs));
        addWriteHandler("start", (v, errh) -> writeTime(v, errh, 0));
        addWriteHandler("end", (v, errh) -> writeTime(v, errh, 1));
        addWriteHandler("interval", (v, errh) -> writeTime(v, errh, 2));
        addWriteHandler("extend_interval", (v, errh) -> writeTime(v, errh, 3));
    }

    private int writeTime(final String v, final ErrorHandler errh, final int which)
    {
        final long t;
        try
        {
            t = TimestampArg.signed().parse(v.trim(), argContext()).toNanos();
        }
        catch (final ArgException e)
        {
            return errh.error(e.getMessage());
        }
        switch (which)
        {
            case 0 ->
            {
                startNs = t;
                hasStart = true;
                startMode = ABSOLUTE;
            }
            case 1 ->
            {
                endNs = t;
                hasEnd = true;
                endIsInterval = false;
                endMode = ABSOLUTE;
            }
            case 2 ->
            {
                if (startNs == Long.MIN_VALUE)
                {
                    return errh.error("interval: no start time");
                }
                endNs = startNs + t;
                hasEnd = true;
            }
            default ->
            {
                if (endNs != Long.MAX_VALUE)
                {
                    endNs += t;
                }
            }
        }
        if (endCall != null)
        {
            endCallReady = true;
        }
        return 0;
    }
}
