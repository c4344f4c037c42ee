package org.jclick.elements.ip;

import java.util.List;

import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.packet.Packet;

/** Click's MarkIPHeader. */
@ElementDoc(
    synopsis = "MarkIPHeader([OFFSET])",
    category = "ip",
    ports = "one agnostic input, one agnostic output",
    description = """
        Sets the network header annotation of each packet to the IP header assumed to start OFFSET bytes in, with
        the header length its IHL field gives (the transport header annotation follows it). Nothing is checked
        except that the packet reaches that far; use CheckIPHeader to validate. Packets shorter than OFFSET plus
        one byte are dropped and counted.""",
    keywords = {"OFFSET: unsigned. Where the IP header starts. Default 0."},
    handlers = {"drops (read): packets too short to hold the IP header's first byte"},
    example = "FromDevice(eth0) -> MarkIPHeader(14) -> ...",
    seeAlso = {"CheckIPHeader", "CheckIPHeader2", "StripIPHeader"})
public final class MarkIPHeader extends SimpleElement
{
    private int offset;
    private long drops;

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final long[] off = {0};
        if (complete(args(conf).readPositional("OFFSET", IntArg.uint32(), v -> off[0] = v), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        if (off[0] > 0xFFFF)
        {
            return errh.error("OFFSET: out of range");
        }
        offset = (int)off[0];
        return 0;
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        if (p.length() <= offset)
        {
            drops++;
            p.kill();
            return null;
        }
        p.setNetworkHeader(offset, (p.u8(offset) & 0x0F) << 2);
        return p;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("drops", () -> Long.toString(drops));
    }
}
