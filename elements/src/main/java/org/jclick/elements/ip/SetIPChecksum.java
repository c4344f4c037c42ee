package org.jclick.elements.ip;

import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.ip.Ipv4;
import org.jclick.dataplane.ip.Ipv4Descriptor;
import org.jclick.dataplane.packet.Packet;

/** Click's SetIPChecksum. */
@ElementDoc(
    synopsis = "SetIPChecksum()",
    category = "ip",
    ports = "one agnostic input, one agnostic output",
    description = """
        Recomputes the header checksum of the IP header the network header annotation marks, from scratch. Use
        it after changing header fields without updating the checksum. Packets without a network header, or
        whose header length is under 20 bytes or runs past the end of the packet, are dropped and counted (the
        first one is reported on standard error).""",
    handlers = {"drops (read): packets dropped for bad lengths"},
    example = "... -> IPEncap(...) -> ... -> SetIPChecksum -> ...",
    seeAlso = {"CheckIPHeader", "SetTCPChecksum", "SetUDPChecksum"})
public final class SetIPChecksum extends SimpleElement
{
    private long drops;

    @Override
    public Packet simpleAction(final Packet p)
    {
        final int nh = p.hasNetworkHeader() ? p.networkHeaderOffset() : -1;
        final int plen = p.length() - nh;
        if (nh < 0 || plen < Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES)
        {
            return bad(p);
        }
        final int hlen = Ipv4.headerLength(p, nh);
        if (hlen < Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES || hlen > plen)
        {
            return bad(p);
        }
        final Packet q = p.uniqueify();
        if (q != null)
        {
            Ipv4.setHeaderChecksum(q, nh, hlen);
        }
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
