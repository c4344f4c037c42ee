package org.jclick.elements.ip;

import org.jclick.dataplane.element.SimpleElement;
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
