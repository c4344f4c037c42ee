package org.jclick.elements.modify;

import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.packet.Packet;

/** Click's StripToNetworkHeader. */
@ElementDoc(
    synopsis = "StripToNetworkHeader()",
    category = "basic mods",
    ports = "one agnostic input, one agnostic output",
    description = """
        Strips everything before the network header from each packet, so that the packet data starts at the
        network header annotation (set by CheckIPHeader, MarkIPHeader, FromDump FORCE_IP and the like). If the
        network header lies before the packet data, the data pointer moves back to it. Packets without a network
        header annotation pass unchanged (Click requires the annotation).""",
    example = "FromDump(f.pcap, FORCE_IP true) -> StripToNetworkHeader -> ToIPSummaryDump(-, FIELDS payload);",
    seeAlso = {"Strip", "Unstrip", "MarkIPHeader"})
public final class StripToNetworkHeader extends SimpleElement
{
    @Override
    public Packet simpleAction(final Packet p)
    {
        if (!p.hasNetworkHeader())
        {
            return p;
        }
        final int off = p.networkHeaderOffset();
        if (off >= 0)
        {
            p.pull(off);
            return p;
        }
        return p.push(-off);
    }
}
