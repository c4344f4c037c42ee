package org.jclick.elements.ethernet;

import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.packet.Packet;

/** Click's EtherMirror. */
@ElementDoc(
    synopsis = "EtherMirror()",
    category = "ethernet",
    ports = "one agnostic input, one agnostic output",
    description = """
        Swaps the destination and source Ethernet addresses of each packet (its first 12 bytes), so that a frame
        can be sent back where it came from. Packets shorter than an Ethernet header are dropped and counted.""",
    handlers = {"drops (read): packets dropped as too short"},
    example = "FromDevice(eth0) -> EtherMirror -> Queue -> ToDevice(eth0);  // a reflector",
    seeAlso = {"IPMirror", "EtherRewrite", "EtherEncap"})
public final class EtherMirror extends SimpleElement
{
    private long drops;

    @Override
    public Packet simpleAction(final Packet p)
    {
        if (p.length() < Ether.HEADER_LENGTH_BYTES)
        {
            drops++;
            p.kill();
            return null;
        }
        final Packet q = p.uniqueify();
        if (q == null)
        {
            return null;
        }
        final long dst = Ether.get(q, Ether.DST_OFFSET);
        Ether.put(q, Ether.DST_OFFSET, Ether.get(q, Ether.SRC_OFFSET));
        Ether.put(q, Ether.SRC_OFFSET, dst);
        return q;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("drops", () -> Long.toString(drops));
    }
}
