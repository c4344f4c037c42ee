package org.jclick.elements.modify;

import java.util.List;

import org.jclick.dataplane.args.Args;
import org.jclick.dataplane.args.StringArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.Handler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.packet.AnnotationDescriptor;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.trace.IpSummaryDump;

/** Click's SetTimestampDelta. */
@ElementDoc(
    synopsis = "SetTimestampDelta([KEYWORDS])",
    category = "timestamps",
    ports = "one agnostic input, one agnostic output",
    description = """
        Replaces each nonzero packet timestamp with a delta; packets whose timestamp is zero pass unchanged. With
        TYPE RANGE the delta is relative to the first nonzero timestamp seen (see the first and reset handlers),
        with TYPE NOW it is the current time minus the timestamp, and with TYPE FIRST it is the timestamp minus
        the packet's 'first timestamp' annotation.""",
    keywords = {"TYPE: RANGE, NOW or FIRST. Default RANGE."},
    handlers = {
        "first (read): the earliest nonzero timestamp seen (TYPE RANGE), 0.000000 before any",
        "reset (write): forgets it; later deltas are relative to the next nonzero timestamp"},
    example = "FromDump(f.pcap) -> SetTimestampDelta -> ToIPSummaryDump(-, FIELDS timestamp ip_src);",
    seeAlso = {"SetTimestamp", "AdjustTimestamp", "TimeFilter"})
public final class SetTimestampDelta extends SimpleElement
{
    private static final int RANGE = 0;
    private static final int NOW = 1;
    private static final int FIRST = 2;

    private int type = RANGE;
    /** The first nonzero timestamp seen, 0 when none yet. */
    private long firstNs;

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final Args.Value<String> typ = new Args.Value<>("RANGE");
        if (complete(args(conf).read("TYPE", StringArg.WORD, typ), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        switch (typ.get())
        {
            case "RANGE" -> type = RANGE;
            case "NOW" -> type = NOW;
            case "FIRST" -> type = FIRST;
            default ->
            {
                return errh.error("bad TYPE");
            }
        }
        return 0;
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        final long ts = p.timestampNs();
        if (ts != 0)
        {
            switch (type)
            {
                case RANGE ->
                {
                    if (firstNs == 0)
                    {
                        firstNs = ts;
                    }
                    p.setTimestampNs(ts - firstNs);
                }
                case NOW -> p.setTimestampNs(router().nowNs() - ts);
                default -> p.setTimestampNs(ts - p.annoU64(AnnotationDescriptor.FIRST_TIMESTAMP_ANNO_OFFSET));
            }
        }
        return p;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("first", () -> IpSummaryDump.appendTimestamp(new StringBuilder(), firstNs).append('\n')
            .toString());
        addWriteHandler("reset", (v, errh) ->
        {
            firstNs = 0;
            return 0;
        }, Handler.BUTTON);
    }
}
