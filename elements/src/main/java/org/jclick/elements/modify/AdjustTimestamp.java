package org.jclick.elements.modify;

import java.time.Duration;
import java.util.List;

import org.jclick.dataplane.args.Args;
import org.jclick.dataplane.args.BoolArg;
import org.jclick.dataplane.args.TimestampArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.packet.Packet;

/** Click's AdjustTimestamp. */
@ElementDoc(
    synopsis = "AdjustTimestamp(TIME [, KEYWORDS])",
    category = "timestamps",
    ports = "one agnostic input, one agnostic output",
    description = """
        Adds TIME (which may be negative) to each packet's timestamp annotation. Packets whose timestamp is zero
        (unset) keep it, unless ALL is true.""",
    keywords = {
        "TIME: time in seconds, may be negative. The adjustment.",
        "ALL: boolean. Adjust zero timestamps too. Default false."},
    example = "FromDump(trace) -> AdjustTimestamp(-1.5) -> ...",
    seeAlso = {"SetTimestamp", "TimeFilter"})
public final class AdjustTimestamp extends SimpleElement
{
    private long deltaNs;
    private boolean all;

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final Args.Value<Duration> t = new Args.Value<>();
        if (complete(args(conf)
            .readMandatoryPositional("TIME", TimestampArg.signed(), t)
            .read("ALL", BoolArg.INSTANCE, v -> all = v), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        deltaNs = t.get().toNanos();
        return 0;
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        final long ts = p.timestampNs();
        if (ts != 0 || all)
        {
            p.setTimestampNs(ts + deltaNs);
        }
        return p;
    }
}
