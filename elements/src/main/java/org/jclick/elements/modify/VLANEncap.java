package org.jclick.elements.modify;

import java.util.List;

import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.packet.Packet;

/** Click's VLANEncap. */
@ElementDoc(
    synopsis = "VLANEncap(VLAN_TCI [, VLAN_PCP, KEYWORDS])",
    category = "ethernet",
    ports = "one agnostic input, one agnostic output",
    description = """
        Inserts an 802.1Q tag after the addresses of each Ethernet packet: the tag type ETHERTYPE, then the TCI.
        VLAN_TCI ANNO takes the TCI from the packet's VLAN TCI annotation. When the VLAN ID equals NATIVE_VLAN
        the packet is left untagged. Packets shorter than an Ethernet header are dropped (counted by 'drops').""",
    keywords = {
        "VLAN_TCI: 16-bit TCI, or ANNO.",
        "VLAN_ID: VLAN ID, 0-4095 (instead of VLAN_TCI).",
        "VLAN_PCP: priority code point, 0-7. Default 0.",
        "NATIVE_VLAN: integer, -1 to 4095. Packets of this VLAN ID stay untagged; -1 means none. Default 0.",
        "ETHERTYPE: tag type. Default 0x8100 (0x88a8 for 802.1ad)."},
    handlers = {"drops (read): packets too short to tag"},
    example = "... -> EtherEncap(0x0800, 1:1:1:1:1:1, 2:2:2:2:2:2) -> VLANEncap(10) -> ...",
    seeAlso = {"VLANDecap", "EtherVLANEncap", "SetVLANAnno"})
public final class VLANEncap extends SimpleElement
{
    private int tci;
    private boolean anno;
    private int nativeVlan;
    private int ethertype = 0x8100;
    private long drops;

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final VlanConfig v = new VlanConfig();
        final int[] nat = {0};
        if (complete(v.read(args(conf))
            .read("NATIVE_VLAN", IntArg.int32(), x -> nat[0] = x)
            .read("ETHERTYPE", IntArg.uint16(), x -> ethertype = x), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        final int t = v.value(errh, true);
        if (t < 0)
        {
            return ErrorHandler.FAILURE;
        }
        if (nat[0] < -1 || nat[0] > 0xFFF)
        {
            return errh.error("NATIVE_VLAN: out of range");
        }
        tci = t;
        anno = v.anno();
        nativeVlan = nat[0];
        return 0;
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        if (p.length() < 14)
        {
            drops++;
            p.kill();
            return null;
        }
        final int t = anno ? p.vlanTciAnno() : tci;
        if ((t & 0xFFF) == nativeVlan)
        {
            return p;
        }
        final Packet q = p.push(4);
        if (q == null)
        {
            return null;
        }
        final int off = q.dataOffset();
        java.lang.foreign.MemorySegment.copy(q.buffer(), off + 4, q.buffer(), off, 12);
        q.setU16(12, ethertype);
        q.setU16(14, t);
        q.setMacHeader(0);
        return q;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("drops", () -> Long.toString(drops));
    }
}
