package org.jclick.elements.ip;

import java.util.List;

import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.ip.Ipv4;
import org.jclick.dataplane.ip.Ipv4Descriptor;
import org.jclick.dataplane.packet.Packet;

/** Click's CheckICMPHeader. */
@ElementDoc(
    synopsis = "CheckICMPHeader([keywords VERBOSE, DETAILS])",
    category = "icmp",
    ports = "one agnostic input; one agnostic output, and an optional push output for bad packets",
    description = """
        Validates the ICMP header of ICMP/IP packets whose network header annotation is set: the packet must be
        ICMP with at least an 8-byte ICMP header after the IP header; error messages (unreachable, time exceeded,
        parameter problem, source quench, redirect) must carry at least 28 more bytes (the offending IP header
        and 8 bytes of its payload); timestamp messages must be exactly 20 bytes and information requests and
        replies exactly 8; and the checksum over the whole ICMP message must verify. Bad packets are counted and
        go to output 1 if it is connected, otherwise they are dropped; the first one is reported on standard
        error (every one with VERBOSE).""",
    keywords = {
        "VERBOSE: boolean. Report every bad packet. Default false.",
        "DETAILS: boolean. Keep per-reason counts for drop_details. Default false."},
    handlers = {"drops (read): bad packets seen", "drop_details (read, with DETAILS): counts per reason"},
    example = "... -> CheckIPHeader -> IPClassifier(icmp) -> CheckICMPHeader -> ...",
    seeAlso = {"CheckIPHeader", "CheckTCPHeader", "CheckUDPHeader", "ICMPPingResponder"})
public final class CheckICMPHeader extends HeaderChecker
{
    @Override
    String messagePrefix()
    {
        return declaration() + ": ";
    }

    private static final int NOT_ICMP = 0;
    private static final int BAD_LENGTH = 1;
    private static final int BAD_CHECKSUM = 2;

    public CheckICMPHeader()
    {
        super("ICMP", "not ICMP", "bad packet length", "bad ICMP checksum");
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        return configureTransportChecker(conf, errh, false);
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        final int nh = ipHeaderCarrying(p, Ipv4Descriptor.PROTO_ICMP);
        if (nh < 0)
        {
            return drop(NOT_ICMP, p);
        }
        final int ih = nh + Ipv4.headerLength(p, nh);
        final int len = p.length() - ih;
        if (len < Ipv4Descriptor.ICMP_HEADER_LENGTH_BYTES)
        {
            return drop(BAD_LENGTH, p);
        }
        switch (p.u8(ih))
        {
            case Ipv4Descriptor.ICMP_UNREACH, Ipv4Descriptor.ICMP_TIMXCEED, Ipv4Descriptor.ICMP_PARAMPROB,
                Ipv4Descriptor.ICMP_SOURCEQUENCH, Ipv4Descriptor.ICMP_REDIRECT ->
            {
                if (len < Ipv4Descriptor.ICMP_HEADER_LENGTH_BYTES + 28)
                {
                    return drop(BAD_LENGTH, p);
                }
            }
            case Ipv4Descriptor.ICMP_TSTAMP, Ipv4Descriptor.ICMP_TSTAMPREPLY ->
            {
                if (len != Ipv4Descriptor.ICMP_HEADER_LENGTH_BYTES + 12)
                {
                    return drop(BAD_LENGTH, p);
                }
            }
            case Ipv4Descriptor.ICMP_IREQ, Ipv4Descriptor.ICMP_IREQREPLY ->
            {
                if (len != Ipv4Descriptor.ICMP_HEADER_LENGTH_BYTES)
                {
                    return drop(BAD_LENGTH, p);
                }
            }
            default ->
            {
                // no length rule beyond the header
            }
        }
        if (Ipv4.checksum(p, ih, len) != 0)
        {
            return drop(BAD_CHECKSUM, p);
        }
        return p;
    }
}
