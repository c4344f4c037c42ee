package org.jclick.elements.modify;

import java.util.List;

import org.jclick.dataplane.args.BoolArg;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.packet.Packet;

/** Click's VLANDecap. */
@ElementDoc(
    synopsis = "VLANDecap([KEYWORDS])",
    category = "ethernet",
    ports = "one agnostic input, one agnostic output",
    description = """
        Removes the 802.1Q tag of each tagged Ethernet packet (one whose type is ETHERTYPE), leaving a plain
        Ethernet packet. Untagged packets pass unchanged. With ANNO, the VLAN TCI annotation is set to the removed
        TCI, or to 0 for untagged packets.""",
    keywords = {
        "ANNO: boolean. Set the VLAN TCI annotation. Default true.",
        "ETHERTYPE: tag type. Default 0x8100."},
    example = "FromDevice(eth0) -> VLANDecap -> ...",
    seeAlso = {"VLANEncap", "StripEtherVLANHeader"})
public final class VLANDecap extends SimpleElement
{
    private boolean anno = true;
    private int ethertype = 0x8100;

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        return complete(args(conf)
            .read("ANNO", BoolArg.INSTANCE, v -> anno = v)
            .read("ETHERTYPE", IntArg.uint16(), v -> ethertype = v), errh);
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        if (p.length() >= 18 && p.u16(12) == ethertype)
        {
            final int tci = p.u16(14);
            final Packet q = p.uniqueify();
            if (q == null)
            {
                return null;
            }
            final int off = q.dataOffset();
            java.lang.foreign.MemorySegment.copy(q.buffer(), off, q.buffer(), off + 4, 12);
            q.pull(4);
            q.setMacHeader(0);
            if (anno)
            {
                q.setVlanTciAnno(tci);
            }
            return q;
        }
        if (anno)
        {
            p.setVlanTciAnno(0);
        }
        return p;
    }
}
