package org.jclick.elements.ip;

import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.ip.Ipv4;
import org.jclick.dataplane.ip.Ipv4Descriptor;
import org.jclick.dataplane.packet.Packet;

/** Click's SetUDPChecksum. */
@ElementDoc(
    synopsis = "SetUDPChecksum()",
    category = "udp",
    ports = "one agnostic input, one agnostic output",
    description = """
        Recomputes the UDP checksum of UDP/IP packets from scratch, over the pseudo header and the number of
        bytes the UDP length field gives. A computed checksum of zero is sent as 0xFFFF (zero means 'no
        checksum'). Packets that are not UDP, lack a network header annotation, or whose UDP length is under 8 or
        past the end of the packet, are dropped and counted (the first one is reported).""",
    handlers = {"drops (read): packets dropped"},
    example = "... -> SetUDPChecksum -> SetIPChecksum -> ...",
    seeAlso = {"CheckUDPHeader", "SetIPChecksum", "SetTCPChecksum"})
public final class SetUDPChecksum extends SimpleElement
{
    private long drops;

    @Override
    public Packet simpleAction(final Packet p)
    {
        final int nh = p.hasNetworkHeader() ? p.networkHeaderOffset() : -1;
        if (nh < 0 || p.length() < nh + Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES
            || p.u8(nh + Ipv4Descriptor.PROTOCOL_OFFSET) != Ipv4Descriptor.PROTO_UDP)
        {
            return bad(p);
        }
        final int uh = nh + Ipv4.headerLength(p, nh);
        if (p.length() < uh + Ipv4Descriptor.UDP_HEADER_LENGTH_BYTES)
        {
            return bad(p);
        }
        final int len = p.u16(uh + Ipv4Descriptor.UDP_LENGTH_OFFSET);
        if (len < Ipv4Descriptor.UDP_HEADER_LENGTH_BYTES || p.length() < uh + len)
        {
            return bad(p);
        }
        final Packet q = p.uniqueify();
        if (q == null)
        {
            return null;
        }
        q.setU16(uh + Ipv4Descriptor.UDP_CHECKSUM_OFFSET, 0);
        final int sum = Ipv4.transportChecksum(q, nh, uh, Ipv4Descriptor.PROTO_UDP, len);
        q.setU16(uh + Ipv4Descriptor.UDP_CHECKSUM_OFFSET, sum == 0 ? 0xFFFF : sum);
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
