package org.jclick.elements.ip;

import java.util.List;

import org.jclick.dataplane.args.BoolArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.ip.Ipv4;
import org.jclick.dataplane.ip.Ipv4Descriptor;
import org.jclick.dataplane.packet.Packet;

/** Click's IPMirror. */
@ElementDoc(
    synopsis = "IPMirror([DST_ANNO])",
    category = "ip",
    ports = "one agnostic input, one agnostic output",
    description = """
        Turns each IP packet around: swaps its source and destination addresses and, for TCP and UDP packets
        that are not later fragments, its source and destination ports. The checksums stay valid (a swap does not
        change a ones'-complement sum). Packets need the network header annotation (MarkIPHeader, CheckIPHeader);
        packets without it, or too short for what is swapped, are dropped and counted.""",
    keywords = {"DST_ANNO: boolean. Also set the destination address annotation to the new destination. Default true."},
    handlers = {"drops (read): packets dropped"},
    example = "FromDevice(eth0) -> Strip(14) -> CheckIPHeader -> IPMirror -> EtherEncap(0x0800, ...) -> ...",
    seeAlso = {"EtherMirror", "ICMPPingResponder"})
public final class IPMirror extends SimpleElement
{
    private static final int TCP = 6;
    private static final int UDP = 17;

    private boolean dstAnno = true;
    private long drops;

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        return complete(args(conf).readPositional("DST_ANNO", BoolArg.INSTANCE, v -> dstAnno = v), errh);
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        final int nh = p.hasNetworkHeader() ? p.networkHeaderOffset() : -1;
        if (nh < 0 || p.length() < nh + Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES)
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
        final int src = q.u32(nh + Ipv4Descriptor.SRC_OFFSET);
        final int dst = q.u32(nh + Ipv4Descriptor.DST_OFFSET);
        q.setU32(nh + Ipv4Descriptor.SRC_OFFSET, dst);
        q.setU32(nh + Ipv4Descriptor.DST_OFFSET, src);
        final int proto = q.u8(nh + Ipv4Descriptor.PROTOCOL_OFFSET);
        if ((proto == TCP || proto == UDP) && !Ipv4.isLaterFragment(q, nh))
        {
            final int th = nh + Ipv4.headerLength(q, nh);
            if (th >= nh + Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES && q.length() >= th + 4)
            {
                final int ports = q.u32(th);
                q.setU32(th, (ports << 16) | (ports >>> 16));
            }
        }
        if (dstAnno)
        {
            q.setDstIpAnno(src);
        }
        return q;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("drops", () -> Long.toString(drops));
    }
}
