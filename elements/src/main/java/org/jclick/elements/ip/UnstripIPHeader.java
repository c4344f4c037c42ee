package org.jclick.elements.ip;

import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.packet.Packet;

/** Click's UnstripIPHeader. */
@ElementDoc(
    synopsis = "UnstripIPHeader()",
    category = "ip",
    ports = "one agnostic input, one agnostic output",
    description = """
        Undoes StripIPHeader: when the network header annotation points before the first data byte, the data is
        extended back to start at the IP header. Packets whose IP header is already inside the data pass
        unchanged; packets without a network header annotation are dropped and counted.""",
    handlers = {"drops (read): packets without a network header annotation"},
    example = "... -> StripIPHeader -> ... -> UnstripIPHeader -> ...",
    seeAlso = {"StripIPHeader", "Unstrip"})
public final class UnstripIPHeader extends SimpleElement
{
    private long drops;

    @Override
    public Packet simpleAction(final Packet p)
    {
        if (!p.hasNetworkHeader())
        {
            drops++;
            p.kill();
            return null;
        }
        final int off = p.networkHeaderOffset();
        return off < 0 ? p.push(-off) : p;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("drops", () -> Long.toString(drops));
    }
}
