package org.jclick.elements.ip;

import java.util.List;

import org.jclick.dataplane.args.ArgException;
import org.jclick.dataplane.args.IPAddressArg;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.args.StringArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.ip.Ipv4;
import org.jclick.dataplane.ip.Ipv4Descriptor;
import org.jclick.dataplane.packet.Packet;

/** Click's StoreIPAddress. */
@ElementDoc(
    synopsis = "StoreIPAddress(OFFSET)  or  StoreIPAddress(ADDR, OFFSET)",
    category = "ip",
    ports = "one agnostic input; one agnostic output, and an optional push output for packets it cannot change",
    description = """
        Writes an IP address into each packet: ADDR if given, otherwise the packet's destination IP annotation.
        OFFSET is a byte offset into the data, or 'src' / 'dst' for the source or destination field of the IP
        header the network header annotation marks. In the latter case the IP header checksum is updated
        incrementally (RFC 1624), and so is the TCP checksum, or a nonzero UDP checksum, of a first fragment
        whose header is present. Packets too short for the write, without an IP header for src/dst, or (with a
        numeric OFFSET and no ADDR) whose destination IP annotation is 0.0.0.0, go to output 1 if it is
        connected and are dropped otherwise; either way they are counted.""",
    keywords = {
        "ADDR: IP address. Default: the destination IP annotation.",
        "OFFSET: unsigned, or 'src' or 'dst'."},
    handlers = {"drops (read): packets that could not be written"},
    example = "... -> StoreIPAddress(dst) -> ...",
    seeAlso = {"GetIPAddress", "SetIPAddress"})
public final class StoreIPAddress extends SimpleElement
{
    private static final int IP_SRC = -Ipv4Descriptor.SRC_OFFSET;
    private static final int IP_DST = -Ipv4Descriptor.DST_OFFSET;

    private boolean useAddress;
    private int address;
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
        final int[] addr = {0};
        final String[] off = {null};
        final boolean withAddress = conf.size() != 1;
        var a = args(conf);
        if (withAddress)
        {
            a = a.readMandatoryPositional("ADDR", IPAddressArg.INSTANCE, v -> addr[0] = v);
        }
        if (complete(a.readMandatoryPositional("OFFSET", StringArg.WORD, v -> off[0] = v), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        final int o;
        switch (off[0].toLowerCase(java.util.Locale.ROOT))
        {
            case "src" -> o = IP_SRC;
            case "dst" -> o = IP_DST;
            default ->
            {
                try
                {
                    final long v = IntArg.uint32().parse(off[0], argContext());
                    if (v > 0xFFFF)
                    {
                        return errh.error("OFFSET: out of range");
                    }
                    o = (int)v;
                }
                catch (final ArgException e)
                {
                    return errh.error("type mismatch: OFFSET requires integer");
                }
            }
        }
        useAddress = withAddress;
        address = addr[0];
        offset = o;
        return 0;
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        final int ipa = useAddress ? address : p.dstIpAnno();
        if (offset >= 0)
        {
            if (p.length() < offset + 4 || (ipa == 0 && !useAddress))
            {
                return refuse(p);
            }
            final Packet q = p.uniqueify();
            if (q != null)
            {
                q.setU32(offset, ipa);
            }
            return q;
        }
        if (!p.hasNetworkHeader())
        {
            return refuse(p);
        }
        final int nh = p.networkHeaderOffset();
        if (nh < 0 || p.length() < nh + Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES)
        {
            return refuse(p);
        }
        final Packet q = p.uniqueify();
        if (q == null)
        {
            return null;
        }
        final int field = nh - offset;
        final int old = q.u32(field);
        q.setU32(field, ipa);
        final int ipSum = nh + Ipv4Descriptor.CHECKSUM_OFFSET;
        q.setU16(ipSum, Ipv4.updateChecksum32(q.u16(ipSum), old, ipa));
        // the address is part of the TCP/UDP pseudo header
        final int proto = q.u8(nh + Ipv4Descriptor.PROTOCOL_OFFSET);
        if (!Ipv4.isLaterFragment(q, nh))
        {
            final int th = nh + Ipv4.headerLength(q, nh);
            if (proto == Ipv4Descriptor.PROTO_TCP && q.length() >= th + Ipv4Descriptor.TCP_MIN_HEADER_LENGTH_BYTES)
            {
                final int s = th + Ipv4Descriptor.TCP_CHECKSUM_OFFSET;
                q.setU16(s, Ipv4.updateChecksum32(q.u16(s), old, ipa));
            }
            else if (proto == Ipv4Descriptor.PROTO_UDP && q.length() >= th + Ipv4Descriptor.UDP_HEADER_LENGTH_BYTES)
            {
                final int s = th + Ipv4Descriptor.UDP_CHECKSUM_OFFSET;
                final int sum = q.u16(s);
                if (sum != 0)
                {
                    final int updated = Ipv4.updateChecksum32(sum, old, ipa);
                    q.setU16(s, updated == 0 ? 0xFFFF : updated);
                }
            }
        }
        return q;
    }

    private Packet refuse(final Packet p)
    {
        drops++;
        return reject(p);
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("drops", () -> Long.toString(drops));
    }
}
