package org.jclick.elements.ethernet;

import java.util.List;

import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.packet.Packet;

/** Click's MarkMACHeader. */
@ElementDoc(
    synopsis = "MarkMACHeader([OFFSET, LENGTH])",
    category = "ethernet",
    ports = "one agnostic input, one agnostic output",
    description = """
        Sets each packet's MAC header annotation to OFFSET bytes into the data. LENGTH, the header length (14 for
        Ethernet), is accepted for compatibility; jclick's annotation records only where the header starts.
        Packets shorter than OFFSET are dropped and counted.""",
    keywords = {
        "OFFSET: unsigned. Where the MAC header starts. Default 0.",
        "LENGTH: unsigned. The header length. Default 14."},
    handlers = {"drops (read): packets shorter than OFFSET"},
    example = "FromDump(f.pcap) -> MarkMACHeader -> ...",
    seeAlso = {"MarkIPHeader", "EtherEncap"})
public final class MarkMACHeader extends SimpleElement
{
    private int offset;
    private long drops;

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final long[] v = {0, 14};
        if (complete(args(conf)
            .readPositional("OFFSET", IntArg.uint32(), x -> v[0] = x)
            .readPositional("LENGTH", IntArg.uint32(), x -> v[1] = x), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        if (v[0] > 0xFFFF)
        {
            return errh.error("OFFSET: out of range");
        }
        offset = (int)v[0];
        return 0;
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        if (p.length() < offset)
        {
            drops++;
            p.kill();
            return null;
        }
        p.setMacHeader(offset);
        return p;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("drops", () -> Long.toString(drops));
    }
}
