package org.jclick.elements.modify;

import java.util.List;

import org.jclick.dataplane.args.Args;
import org.jclick.dataplane.args.EtherAddress;
import org.jclick.dataplane.args.EtherAddressArg;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.packet.Packet;

/** Click's EtherVLANEncap. */
@ElementDoc(
    synopsis = "EtherVLANEncap(ETHERTYPE, SRC, DST, VLAN_TCI [, VLAN_PCP, KEYWORDS])",
    category = "ethernet",
    ports = "one agnostic input, one agnostic output",
    description = """
        Prepends an 802.1Q Ethernet header to each packet: DST, SRC, type 0x8100, the TCI, then ETHERTYPE. VLAN_TCI
        ANNO takes the TCI from the VLAN TCI annotation. When the VLAN ID equals NATIVE_VLAN, a plain 14-byte
        Ethernet header is prepended instead. Packets that cannot get a buffer are dropped.""",
    keywords = {
        "ETHERTYPE: the encapsulated type (host order number).",
        "SRC, DST: Ethernet addresses.",
        "VLAN_TCI: 16-bit TCI, or ANNO.",
        "VLAN_ID: VLAN ID, 0-4095 (instead of VLAN_TCI).",
        "VLAN_PCP: priority code point, 0-7. Default 0.",
        "NATIVE_VLAN: integer, -1 to 4095. Packets of this VLAN ID get a plain header; -1 means none. Default 0."},
    handlers = {"src, dst, ethertype (read): the header fields", "vlan_tci (read): the configured TCI"},
    example = "... -> EtherVLANEncap(0x0800, 1:1:1:1:1:1, 2:2:2:2:2:2, VLAN_ID 10) -> ...",
    seeAlso = {"VLANEncap", "StripEtherVLANHeader", "SetVLANAnno"})
public final class EtherVLANEncap extends SimpleElement
{
    private int ethertype;
    private long src;
    private long dst;
    private int tci;
    private boolean anno;
    private int nativeVlan;

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final VlanConfig v = new VlanConfig();
        final Args.Value<EtherAddress> s = new Args.Value<>();
        final Args.Value<EtherAddress> d = new Args.Value<>();
        final int[] et = {0};
        final int[] nat = {0};
        if (complete(v.read(args(conf)
            .readMandatoryPositional("ETHERTYPE", IntArg.uint16(), x -> et[0] = x)
            .readMandatoryPositional("SRC", EtherAddressArg.INSTANCE, s)
            .readMandatoryPositional("DST", EtherAddressArg.INSTANCE, d))
            .read("NATIVE_VLAN", IntArg.int32(), x -> nat[0] = x), errh) < 0)
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
        ethertype = et[0];
        src = s.get().value();
        dst = d.get().value();
        tci = t;
        anno = v.anno();
        nativeVlan = nat[0];
        return 0;
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        final int t = anno ? p.vlanTciAnno() : tci;
        final boolean plain = (t & 0xFFF) == nativeVlan;
        final Packet q = p.push(plain ? 14 : 18);
        if (q == null)
        {
            return null;
        }
        q.setU32(0, (int)(dst >>> 16));
        q.setU16(4, (int)dst);
        q.setU32(6, (int)(src >>> 16));
        q.setU16(10, (int)src);
        if (plain)
        {
            q.setU16(12, ethertype);
        }
        else
        {
            q.setU16(12, 0x8100);
            q.setU16(14, t);
            q.setU16(16, ethertype);
        }
        q.setMacHeader(0);
        return q;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("src", () -> new EtherAddress(src).toString());
        addReadHandler("dst", () -> new EtherAddress(dst).toString());
        addReadHandler("ethertype", () -> Integer.toString(ethertype));
        addReadHandler("vlan_tci", () -> anno ? "ANNO" : Integer.toString(tci));
    }
}
