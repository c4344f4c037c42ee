package org.jclick.elements.modify;

import java.util.List;

import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.packet.Packet;

/** Click's StripEtherVLANHeader. */
@ElementDoc(
    synopsis = "StripEtherVLANHeader([NATIVE_VLAN])",
    category = "ethernet",
    ports = "one agnostic input, one or two outputs (the second push)",
    description = """
        Strips each packet's Ethernet header. If the outermost Ethernet type is 0x8100 (802.1Q), the VLAN TCI
        annotation is set to the packet's TCI and the 18-byte 802.1Q header is removed. Otherwise the packet is
        not VLAN encapsulated: the VLAN TCI annotation is set to NATIVE_VLAN and the 14-byte Ethernet header is
        removed. If NATIVE_VLAN is negative, such packets are dropped, or emitted on output 1 if there is one.
        Packets too short for their header (Click reads past their end) are treated the same way.""",
    keywords = {"NATIVE_VLAN: integer, at most 4095. The VLAN of untagged packets; negative rejects them. "
        + "Default 0."},
    example = "FromDevice(eth0) -> StripEtherVLANHeader(-1) -> CheckIPHeader -> ...",
    seeAlso = {"EtherVLANEncap", "VLANDecap", "SetVLANAnno"})
public final class StripEtherVLANHeader extends SimpleElement
{
    private static final int ETHERTYPE_8021Q = 0x8100;

    private volatile int nativeVlan;

    @Override
    public String portCount()
    {
        return PORTS_1_1X2;
    }

    @Override
    public String processing()
    {
        return PROCESSING_A_AH;
    }

    @Override
    public boolean canLiveReconfigure()
    {
        return true;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final int[] nat = {0};
        if (complete(args(conf).readPositional("NATIVE_VLAN", IntArg.int32(), v -> nat[0] = v), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        if (nat[0] > 0xFFF)
        {
            return errh.error("bad NATIVE_VLAN");
        }
        nativeVlan = nat[0] >= 0 ? nat[0] : -1;
        return 0;
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        final int len = p.length();
        final boolean tagged = len >= 14 && p.u16(12) == ETHERTYPE_8021Q;
        if (tagged && len >= 18)
        {
            p.setVlanTciAnno(p.u16(14));
            p.pull(18);
            return p;
        }
        final int nat = nativeVlan;
        if (!tagged && nat >= 0 && len >= 14)
        {
            p.setVlanTciAnno(nat);
            p.pull(14);
            return p;
        }
        return reject(p);
    }
}
