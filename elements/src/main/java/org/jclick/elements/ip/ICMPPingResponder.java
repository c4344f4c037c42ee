package org.jclick.elements.ip;

import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.ip.Ipv4;
import org.jclick.dataplane.ip.Ipv4Descriptor;
import org.jclick.dataplane.packet.Packet;

/** Click's ICMPPingResponder. */
@ElementDoc(
    synopsis = "ICMPPingResponder()",
    category = "icmp",
    ports = "one agnostic input; one agnostic output, and an optional push output for other packets",
    description = """
        Answers ICMP echo requests: the packet itself becomes the echo reply, with source and destination
        swapped, TTL 255, the fragment field cleared, a recomputed IP header checksum, ICMP type 0 and the ICMP
        checksum updated incrementally. Its destination IP annotation is set to the new destination, its timestamp to now and its paint
        annotation to 0.
        Anything else (not ICMP, not an echo request, too short, no network header annotation) goes to output 1
        if it is connected, otherwise it is dropped; either way it is counted.""",
    handlers = {"drops (read): packets that were not echo requests"},
    example = "... -> IPClassifier(icmp type echo) -> ICMPPingResponder -> ...",
    seeAlso = {"ICMPIPEncap", "CheckICMPHeader"})
public final class ICMPPingResponder extends SimpleElement
{
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
    public Packet simpleAction(final Packet p)
    {
        final int nh = p.hasNetworkHeader() ? p.networkHeaderOffset() : -1;
        if (nh < 0 || p.length() < nh + Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES
            || p.u8(nh + Ipv4Descriptor.PROTOCOL_OFFSET) != Ipv4Descriptor.PROTO_ICMP)
        {
            return other(p);
        }
        final int hl = Ipv4.headerLength(p, nh);
        final int ih = nh + hl;
        if (hl < Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES || p.length() < ih + Ipv4Descriptor.ICMP_HEADER_LENGTH_BYTES
            || p.u8(ih + Ipv4Descriptor.ICMP_TYPE_OFFSET) != Ipv4Descriptor.ICMP_ECHO)
        {
            return other(p);
        }
        final Packet q = p.uniqueify();
        if (q == null)
        {
            return null;
        }
        final int s = q.u32(nh + Ipv4Descriptor.SRC_OFFSET);
        final int d = q.u32(nh + Ipv4Descriptor.DST_OFFSET);
        q.setU32(nh + Ipv4Descriptor.SRC_OFFSET, d);
        q.setU32(nh + Ipv4Descriptor.DST_OFFSET, s);
        q.setU16(nh + Ipv4Descriptor.FLAGS_FRAGMENT_OFFSET, 0); // MF, DF and offset cleared, as in Click
        q.setU8(nh + Ipv4Descriptor.TTL_OFFSET, 255);
        Ipv4.setHeaderChecksum(q, nh, hl);
        // Type 8 becomes 0, so the sum of the ICMP words drops by 0x0800 and the checksum (its complement) rises
        // by as much: a one's-complement addition with end-around carry, as Click does. Unlike the general
        // ~(~HC + ~m + m') update, this gives 0xFFFF rather than 0x0000 when the new words sum to zero (an
        // all-zero echo reply), which is the form a full checksum check accepts.
        q.setU8(ih + Ipv4Descriptor.ICMP_TYPE_OFFSET, Ipv4Descriptor.ICMP_ECHO_REPLY);
        final int ck = ih + Ipv4Descriptor.ICMP_CHECKSUM_OFFSET;
        final int sum = q.u16(ck) + ((Ipv4Descriptor.ICMP_ECHO - Ipv4Descriptor.ICMP_ECHO_REPLY) << 8);
        q.setU16(ck, (sum & 0xFFFF) + (sum >>> 16));
        q.setDstIpAnno(s);
        q.setTimestampNs(router().nowNs());
        q.setPaintAnno(0);
        return q;
    }

    private Packet other(final Packet p)
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
