package org.jclick.elements.ip;

import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.packet.Packet;

/** Click's StripIPHeader. */
@ElementDoc(
    synopsis = "StripIPHeader()",
    category = "ip",
    ports = "one agnostic input, one agnostic output",
    description = """
        Removes everything up to the end of the IP header, as the network and transport header annotations
        locate it, so the packet starts with its transport header. The bytes stay in the buffer, so
        UnstripIPHeader can restore them. Packets without a network header annotation are dropped and counted.""",
    handlers = {"drops (read): packets without a network header annotation"},
    example = "... -> CheckIPHeader -> StripIPHeader -> ...",
    seeAlso = {"UnstripIPHeader", "CheckIPHeader", "MarkIPHeader", "Strip"})
public final class StripIPHeader extends SimpleElement
{
    private long drops;

    @Override
    public Packet simpleAction(final Packet p)
    {
        if (!p.hasNetworkHeader() || p.transportHeaderOffset() < 0)
        {
            drops++;
            p.kill();
            return null;
        }
        p.pull(p.transportHeaderOffset());
        return p;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("drops", () -> Long.toString(drops));
    }
}
