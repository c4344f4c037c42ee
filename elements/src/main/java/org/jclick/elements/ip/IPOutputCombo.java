package org.jclick.elements.ip;

import java.util.List;

import org.jclick.dataplane.args.IPAddressArg;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.ip.Ipv4;
import org.jclick.dataplane.ip.Ipv4Descriptor;
import org.jclick.dataplane.packet.AnnotationDescriptor;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketType;

/** Click's IPOutputCombo. */
@ElementDoc(
    synopsis = "IPOutputCombo(COLOR, IPADDR, MTU)",
    category = "ip",
    ports = "one push input, five push outputs",
    description = """
        The usual output path of an IP router in one element, equivalent to DropBroadcasts -> PaintTee(COLOR)
        -> IPGWOptions(IPADDR) -> FixIPSrc(IPADDR) -> DecIPTTL -> CheckLength(MTU), with the side outputs
        exposed: output 0 gets the packets to send; output 1 a copy of each packet painted COLOR (it leaves by
        the interface it came in on: a redirect is due); output 2 packets with bad IP options (ICMP_PARAMPROB
        annotation set); output 3 packets whose TTL expired; output 4 packets longer than MTU. Link-level
        broadcasts and multicasts, and packets without an IP header, are dropped and counted.""",
    keywords = {
        "COLOR: 0-255. Paint colour of packets that arrived on this interface.",
        "IPADDR: IP address of this interface.",
        "MTU: unsigned. Largest packet sent."},
    handlers = {"drops (read): packets dropped (broadcasts, no IP header)"},
    example = "rt[0] -> IPOutputCombo(0, 18.26.4.24, 1500) -> ...",
    seeAlso = {"IPInputCombo", "DropBroadcasts", "PaintTee", "IPGWOptions", "FixIPSrc", "DecIPTTL", "CheckLength"})
public final class IPOutputCombo extends Element
{
    private final GatewayOptions options = new GatewayOptions();
    private int color;
    private int address;
    private int mtu;
    private long drops;

    @Override
    public String portCount()
    {
        return "1/5";
    }

    @Override
    public String processing()
    {
        return PUSH;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final int[] v = {0, 0};
        final long[] m = {0};
        if (complete(args(conf)
            .readMandatoryPositional("COLOR", IntArg.uint8(), x -> v[0] = x)
            .readMandatoryPositional("IPADDR", IPAddressArg.INSTANCE, x -> v[1] = x)
            .readMandatoryPositional("MTU", IntArg.uint32(), x -> m[0] = x), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        color = v[0];
        address = v[1];
        mtu = (int)Math.min(m[0], Integer.MAX_VALUE);
        options.preferred = address;
        options.mine = new int[] {address};
        return 0;
    }

    @Override
    public void push(final int port, final Packet p)
    {
        // DropBroadcasts
        if (p.packetType() == PacketType.BROADCAST || p.packetType() == PacketType.MULTICAST)
        {
            drop(p);
            return;
        }
        final int nh = p.hasNetworkHeader() ? p.networkHeaderOffset() : -1;
        if (nh < 0 || p.length() < nh + Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES
            || p.length() < nh + Ipv4.headerLength(p, nh))
        {
            drop(p);
            return;
        }
        // PaintTee
        if (p.paintAnno() == color)
        {
            final Packet copy = p.clone();
            if (copy != null)
            {
                output(1).push(copy);
            }
        }
        // IPGWOptions
        if (!options.process(p, router().nowNs()))
        {
            output(2).push(options.result);
            return;
        }
        Packet q = options.result;
        if (q == null)
        {
            return;
        }
        // FixIPSrc
        if (q.annoU8(AnnotationDescriptor.FIX_IP_SRC_ANNO_OFFSET) != 0)
        {
            q.setAnnoU8(AnnotationDescriptor.FIX_IP_SRC_ANNO_OFFSET, 0);
            q = q.uniqueify();
            if (q == null)
            {
                return;
            }
            q.setU32(nh + Ipv4Descriptor.SRC_OFFSET, address);
            Ipv4.setHeaderChecksum(q, nh, Ipv4.headerLength(q, nh));
        }
        // DecIPTTL
        if (q.u8(nh + Ipv4Descriptor.TTL_OFFSET) <= 1)
        {
            output(3).push(q);
            return;
        }
        q = q.uniqueify();
        if (q == null)
        {
            return;
        }
        Ipv4.decrementTtl(q, nh);
        // CheckLength
        if (q.length() > mtu)
        {
            output(4).push(q);
            return;
        }
        output(0).push(q);
    }

    private void drop(final Packet p)
    {
        drops++;
        p.kill();
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("drops", () -> Long.toString(drops));
    }
}
