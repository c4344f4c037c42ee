package org.jclick.elements.ethernet;

import java.util.List;

import org.jclick.dataplane.args.BoolArg;
import org.jclick.dataplane.args.EtherAddressArg;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketType;

/** Click's HostEtherFilter. */
@ElementDoc(
    synopsis = "HostEtherFilter(ETHER [, DROP_OWN, DROP_OTHER, keywords OFFSET])",
    category = "ethernet",
    ports = "one agnostic input; one agnostic output, and an optional push output for refused packets",
    description = """
        Keeps the Ethernet frames a host with address ETHER should receive, and sets their packet type
        annotation: frames addressed to ETHER are HOST, to ff:ff:ff:ff:ff:ff BROADCAST, to a group address
        (low bit of the first octet set) MULTICAST. Frames to other hosts are OTHERHOST; they are refused when
        DROP_OTHER is true. With DROP_OWN, frames whose source is ETHER (this host's own, looped back) are
        refused first. Refused frames go to output 1 if it is connected and are dropped otherwise. Frames too
        short for an Ethernet header at OFFSET are refused and counted.""",
    keywords = {
        "ETHER: this host's Ethernet address.",
        "DROP_OWN: boolean. Refuse frames sent by ETHER. Default false.",
        "DROP_OTHER: boolean. Refuse frames addressed to other hosts. Default true.",
        "OFFSET: unsigned. Where the Ethernet header starts. Default 0."},
    handlers = {"drops (read): frames too short for an Ethernet header"},
    example = "FromDevice(eth0) -> HostEtherFilter(00:0a:95:9d:68:16) -> ...",
    seeAlso = {"DropBroadcasts", "Classifier"})
public final class HostEtherFilter extends SimpleElement
{
    private static final long BROADCAST = 0xFFFF_FFFF_FFFFL;

    private long address;
    private boolean dropOwn;
    private boolean dropOther = true;
    private int offset;
    private long drops;

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
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final long[] a = {0, 0};
        final boolean[] b = {false, true};
        if (complete(args(conf)
            .readMandatoryPositional("ETHER", EtherAddressArg.INSTANCE, x -> a[0] = x.value())
            .readPositional("DROP_OWN", BoolArg.INSTANCE, x -> b[0] = x)
            .readPositional("DROP_OTHER", BoolArg.INSTANCE, x -> b[1] = x)
            .read("OFFSET", IntArg.uint32(), x -> a[1] = x), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        if (a[1] > 0xFFFF)
        {
            return errh.error("OFFSET: out of range");
        }
        address = a[0];
        dropOwn = b[0];
        dropOther = b[1];
        offset = (int)a[1];
        return 0;
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        if (p.length() < offset + Ether.HEADER_LENGTH_BYTES)
        {
            drops++;
            return reject(p);
        }
        if (dropOwn && Ether.get(p, offset + Ether.SRC_OFFSET) == address)
        {
            return reject(p);
        }
        final long dst = Ether.get(p, offset + Ether.DST_OFFSET);
        if (dst == address)
        {
            p.setPacketType(PacketType.HOST);
            return p;
        }
        if (dst == BROADCAST)
        {
            p.setPacketType(PacketType.BROADCAST);
            return p;
        }
        if ((dst & 0x0100_0000_0000L) != 0)
        {
            p.setPacketType(PacketType.MULTICAST);
            return p;
        }
        p.setPacketType(PacketType.OTHERHOST);
        return dropOther ? reject(p) : p;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("drops", () -> Long.toString(drops));
    }
}
