package org.jclick.elements.ip;

import java.util.List;

import org.jclick.dataplane.args.BoolArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.ip.Ipv4;
import org.jclick.dataplane.ip.Ipv4Descriptor;
import org.jclick.dataplane.packet.Packet;

/** Click's SetTCPChecksum. */
@ElementDoc(
    synopsis = "SetTCPChecksum([FIXOFF])",
    category = "tcp",
    ports = "one agnostic input, one agnostic output",
    description = """
        Recomputes the TCP checksum of TCP/IP packets from scratch, over the pseudo header and the IP payload
        (the IP total length minus the IP header length). With FIXOFF, a TCP data offset below 20 bytes is raised
        to 20, and one past the end of an unfragmented segment is cut to the segment length, first. Packets
        without network header annotation, or whose IP payload is shorter than a TCP header or longer than the
        bytes present, are dropped and counted (the first one is reported).""",
    keywords = {"FIXOFF: boolean. Repair the TCP data offset first. Default false."},
    handlers = {"drops (read): packets dropped for bad lengths"},
    example = "... -> SetTCPChecksum -> SetIPChecksum -> ...",
    seeAlso = {"CheckTCPHeader", "SetIPChecksum", "SetUDPChecksum"})
public final class SetTCPChecksum extends SimpleElement
{
    private boolean fixOff;
    private long drops;

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final boolean[] f = {false};
        if (complete(args(conf).readPositional("FIXOFF", BoolArg.INSTANCE, v -> f[0] = v), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        fixOff = f[0];
        return 0;
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        final int nh = p.hasNetworkHeader() ? p.networkHeaderOffset() : -1;
        if (nh < 0 || p.length() < nh + Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES)
        {
            return bad(p);
        }
        final int hl = Ipv4.headerLength(p, nh);
        final int th = nh + hl;
        final int plen = p.u16(nh + Ipv4Descriptor.TOTAL_LENGTH_OFFSET) - hl;
        if (plen < Ipv4Descriptor.TCP_MIN_HEADER_LENGTH_BYTES || th + plen > p.length())
        {
            return bad(p);
        }
        final Packet q = p.uniqueify();
        if (q == null)
        {
            return null;
        }
        if (fixOff)
        {
            final int offByte = q.u8(th + Ipv4Descriptor.TCP_DATA_OFFSET_OFFSET);
            final int off = (offByte >>> 4) << 2;
            if (off < Ipv4Descriptor.TCP_MIN_HEADER_LENGTH_BYTES)
            {
                q.setU8(th + Ipv4Descriptor.TCP_DATA_OFFSET_OFFSET, (offByte & 0x0F) | (5 << 4));
            }
            else if (off > plen && !Ipv4.isFragment(q, nh))
            {
                q.setU8(th + Ipv4Descriptor.TCP_DATA_OFFSET_OFFSET, (offByte & 0x0F) | ((plen >>> 2) << 4));
            }
        }
        q.setU16(th + Ipv4Descriptor.TCP_CHECKSUM_OFFSET, 0);
        q.setU16(th + Ipv4Descriptor.TCP_CHECKSUM_OFFSET,
            Ipv4.transportChecksum(q, nh, th, Ipv4Descriptor.PROTO_TCP, plen));
        return q;
    }

    private Packet bad(final Packet p)
    {
        if (drops++ == 0)
        {
            System.err.println(name() + ": bad lengths");
        }
        p.kill();
        return null;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("drops", () -> Long.toString(drops));
    }
}
