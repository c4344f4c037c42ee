package org.jclick.elements.ip;

import java.util.List;

import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.ip.Ipv4;
import org.jclick.dataplane.ip.Ipv4Descriptor;
import org.jclick.dataplane.packet.Packet;

/** Click's CheckUDPHeader. */
@ElementDoc(
    synopsis = "CheckUDPHeader([keywords VERBOSE, DETAILS, CHECKSUM])",
    category = "udp",
    ports = "one agnostic input; one agnostic output, and an optional push output for bad packets",
    description = """
        Validates the UDP header of UDP/IP packets whose network header annotation is set: the packet must be
        UDP, the UDP length field at least 8 and no more than the bytes after the IP header, and a nonzero
        checksum must verify over the pseudo header and datagram (a zero checksum means none was sent). Bad
        packets are counted and go to output 1 if it is connected, otherwise they are dropped; the first one is
        reported on standard error (every one with VERBOSE).""",
    keywords = {
        "VERBOSE: boolean. Report every bad packet. Default false.",
        "DETAILS: boolean. Keep per-reason counts for drop_details. Default false.",
        "CHECKSUM: boolean. Verify nonzero UDP checksums. Default true."},
    handlers = {"drops (read): bad packets seen", "drop_details (read, with DETAILS): counts per reason"},
    example = "... -> CheckIPHeader -> IPClassifier(udp) -> CheckUDPHeader -> ...",
    seeAlso = {"CheckIPHeader", "CheckTCPHeader", "CheckICMPHeader", "SetUDPChecksum"})
public final class CheckUDPHeader extends HeaderChecker
{
    @Override
    String messagePrefix()
    {
        return "";
    }

    private static final int NOT_UDP = 0;
    private static final int BAD_LENGTH = 1;
    private static final int BAD_CHECKSUM = 2;

    public CheckUDPHeader()
    {
        super("UDP", "not UDP", "bad packet length", "bad UDP checksum");
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        return configureTransportChecker(conf, errh, true);
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        final int nh = ipHeaderCarrying(p, Ipv4Descriptor.PROTO_UDP);
        if (nh < 0)
        {
            return drop(NOT_UDP, p);
        }
        final int uh = nh + Ipv4.headerLength(p, nh);
        if (p.length() < uh + Ipv4Descriptor.UDP_HEADER_LENGTH_BYTES)
        {
            return drop(BAD_LENGTH, p);
        }
        final int len = p.u16(uh + Ipv4Descriptor.UDP_LENGTH_OFFSET);
        if (len < Ipv4Descriptor.UDP_HEADER_LENGTH_BYTES || p.length() < uh + len)
        {
            return drop(BAD_LENGTH, p);
        }
        if (checksum && p.u16(uh + Ipv4Descriptor.UDP_CHECKSUM_OFFSET) != 0
            && Ipv4.transportChecksum(p, nh, uh, Ipv4Descriptor.PROTO_UDP, len) != 0)
        {
            return drop(BAD_CHECKSUM, p);
        }
        return p;
    }
}
