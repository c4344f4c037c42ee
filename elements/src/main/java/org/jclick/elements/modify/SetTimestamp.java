package org.jclick.elements.modify;

import java.time.Duration;
import java.util.List;

import org.jclick.dataplane.args.Args;
import org.jclick.dataplane.args.BoolArg;
import org.jclick.dataplane.args.TimestampArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.packet.AnnotationDescriptor;
import org.jclick.dataplane.packet.Packet;

/** Click's SetTimestamp. */
@ElementDoc(
    synopsis = "SetTimestamp([TIMESTAMP, KEYWORDS])",
    category = "timestamps",
    ports = "one agnostic input, one agnostic output",
    description = """
        Sets each packet's timestamp annotation to TIMESTAMP, or, without TIMESTAMP, to the router's current
        time when the packet passes.""",
    keywords = {
        "TIMESTAMP: time in seconds. The timestamp to store. Default: the current time.",
        "FIRST: boolean. Set the 'first timestamp' annotation instead (jclick stores it as nanoseconds). "
            + "Default false."},
    example = "InfiniteSource -> SetTimestamp(1000.5) -> ...",
    seeAlso = {"AdjustTimestamp", "TimeFilter"})
public final class SetTimestamp extends SimpleElement
{
    private boolean now = true;
    private long timestampNs;
    private boolean first;

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final Args.Value<Duration> t = new Args.Value<>();
        if (complete(args(conf)
            .readPositional("TIMESTAMP", TimestampArg.signed(), t)
            .read("FIRST", BoolArg.INSTANCE, v -> first = v), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        now = !t.isPresent();
        if (t.isPresent())
        {
            timestampNs = t.get().toNanos();
        }
        return 0;
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        final long ts = now ? router().nowNs() : timestampNs;
        if (first)
        {
            p.setAnnoU64(AnnotationDescriptor.FIRST_TIMESTAMP_ANNO_OFFSET, ts);
        }
        else
        {
            p.setTimestampNs(ts);
        }
        return p;
    }
}
