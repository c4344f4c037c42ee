package org.jclick.elements.ip;

import java.util.List;

import org.jclick.dataplane.args.Args;
import org.jclick.dataplane.args.BoolArg;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.ip.Ipv4Descriptor;
import org.jclick.dataplane.packet.Packet;

/**
 * What CheckIPHeader and the transport header checkers share: one input, an optional second output for bad
 * packets, a drop count, per-reason counts when DETAILS is set, and a message for the first bad packet (every bad
 * packet with VERBOSE).
 */
abstract class HeaderChecker extends SimpleElement
{
    private final String what;
    private final String[] reasons;
    boolean verbose;
    /** CheckTCPHeader's and CheckUDPHeader's CHECKSUM keyword: whether the transport checksum is verified. */
    boolean checksum = true;
    long drops;
    /** Per-reason drop counts; null unless DETAILS was given. */
    long[] reasonDrops;

    HeaderChecker(final String what, final String... reasons)
    {
        this.what = what;
        this.reasons = reasons;
    }

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

    /**
     * The transport checkers' configuration: VERBOSE and DETAILS, and CHECKSUM when {@code withChecksum}
     * (CheckTCPHeader, CheckUDPHeader).
     */
    final int configureTransportChecker(final List<String> conf, final ErrorHandler errh, final boolean withChecksum)
    {
        final boolean[] f = {false, false, true};
        Args args = args(conf)
            .read("VERBOSE", BoolArg.INSTANCE, v -> f[0] = v)
            .read("DETAILS", BoolArg.INSTANCE, v -> f[1] = v);
        if (withChecksum)
        {
            args = args.read("CHECKSUM", BoolArg.INSTANCE, v -> f[2] = v);
        }
        if (complete(args, errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        verbose = f[0];
        setDetails(f[1]);
        checksum = f[2];
        return 0;
    }

    /**
     * The offset of {@code p}'s IPv4 header if the packet has its network header annotation, holds a whole minimal
     * IPv4 header there and carries {@code protocol}; -1 otherwise (the transport checkers' "not TCP/UDP/ICMP").
     */
    static int ipHeaderCarrying(final Packet p, final int protocol)
    {
        if (!p.hasNetworkHeader())
        {
            return -1;
        }
        final int nh = p.networkHeaderOffset();
        if (nh < 0 || p.length() < nh + Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES
            || p.u8(nh + Ipv4Descriptor.PROTOCOL_OFFSET) != protocol)
        {
            return -1;
        }
        return nh;
    }

    final void setDetails(final boolean details)
    {
        reasonDrops = details ? new long[reasons.length] : null;
    }

    /**
     * What precedes Click's first-failure message; Click's checkers differ: CheckIPHeader names the element
     * ("chk: "), CheckTCPHeader and CheckICMPHeader give its declaration ("ctcp :: CheckTCPHeader: "), and
     * CheckUDPHeader gives nothing.
     */
    String messagePrefix()
    {
        return name() + ": ";
    }

    /** Counts a bad packet under {@code reason} and sends it to output 1, or kills it. Returns null. */
    final Packet drop(final int reason, final Packet p)
    {
        if (drops == 0 || verbose)
        {
            // once per element unless VERBOSE: Click's diagnostic for the first bad packet
            System.err.println(messagePrefix() + what + " header check failed: " + reasons[reason]);
        }
        drops++;
        if (reasonDrops != null)
        {
            reasonDrops[reason]++;
        }
        return reject(p);
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("drops", () -> Long.toString(drops));
        if (reasonDrops != null)
        {
            addReadHandler("drop_details", this::dropDetails);
        }
    }

    private String dropDetails()
    {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < reasons.length; i++)
        {
            sb.append(reasonDrops[i]).append('\t').append(reasons[i]).append('\n');
        }
        return sb.toString();
    }
}
