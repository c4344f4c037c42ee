package org.jclick.elements.ip;

import java.util.List;

import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.ip.Ipv4;
import org.jclick.dataplane.ip.Ipv4Descriptor;
import org.jclick.dataplane.packet.Packet;

/** Click's CheckTCPHeader. */
@ElementDoc(
    synopsis = "CheckTCPHeader([keywords VERBOSE, DETAILS, CHECKSUM])",
    category = "tcp",
    ports = "one agnostic input; one agnostic output, and an optional push output for bad packets",
    description = """
        Validates the TCP header of TCP/IP packets whose network header annotation is set (by CheckIPHeader or
        MarkIPHeader, say): the packet must be TCP, the TCP header length at least 20 bytes and no more than the
        IP payload, the packet must hold the whole IP payload, and the checksum over the pseudo header and
        segment must verify. Bad packets are counted and go to output 1 if it is connected, otherwise they are
        dropped; the first one is reported on standard error (every one with VERBOSE).""",
    keywords = {
        "VERBOSE: boolean. Report every bad packet. Default false.",
        "DETAILS: boolean. Keep per-reason counts for drop_details. Default false.",
        "CHECKSUM: boolean. Verify the TCP checksum. Default true."},
    handlers = {"drops (read): bad packets seen", "drop_details (read, with DETAILS): counts per reason"},
    example = "... -> CheckIPHeader -> IPClassifier(tcp) -> CheckTCPHeader -> ...",
    seeAlso = {"CheckIPHeader", "CheckUDPHeader", "CheckICMPHeader", "SetTCPChecksum"})
public final class CheckTCPHeader extends HeaderChecker
{
    @Override
    String messagePrefix()
    {
        return declaration() + ": ";
    }

    private static final int NOT_TCP = 0;
    private static final int BAD_LENGTH = 1;
    private static final int BAD_CHECKSUM = 2;

    public CheckTCPHeader()
    {
        super("TCP", "not TCP", "bad packet length", "bad TCP checksum");
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        return configureTransportChecker(conf, errh, true);
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        final int nh = ipHeaderCarrying(p, Ipv4Descriptor.PROTO_TCP);
        if (nh < 0)
        {
            return drop(NOT_TCP, p);
        }
        final int iphLen = Ipv4.headerLength(p, nh);
        final int len = p.u16(nh + Ipv4Descriptor.TOTAL_LENGTH_OFFSET) - iphLen;
        final int th = nh + iphLen;
        if (len < Ipv4Descriptor.TCP_MIN_HEADER_LENGTH_BYTES || p.length() < th + len)
        {
            return drop(BAD_LENGTH, p);
        }
        final int thLen = (p.u8(th + Ipv4Descriptor.TCP_DATA_OFFSET_OFFSET) >>> 4) << 2;
        if (thLen < Ipv4Descriptor.TCP_MIN_HEADER_LENGTH_BYTES || len < thLen)
        {
            return drop(BAD_LENGTH, p);
        }
        if (checksum && Ipv4.transportChecksum(p, nh, th, Ipv4Descriptor.PROTO_TCP, len) != 0)
        {
            return drop(BAD_CHECKSUM, p);
        }
        return p;
    }
}
