package org.jclick.elements.ip;

import java.util.List;

import org.jclick.dataplane.args.BoolArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.ip.Ipv4;
import org.jclick.dataplane.ip.Ipv4Descriptor;
import org.jclick.dataplane.packet.Packet;

/** Click's DecIPTTL. */
@ElementDoc(
    synopsis = "DecIPTTL([keywords MULTICAST])",
    category = "ip",
    ports = "one agnostic input; one agnostic output, and an optional push output for expired packets",
    description = """
        Decrements the time-to-live of the IP header the network header annotation marks, and updates the header
        checksum incrementally (RFC 1624) rather than recomputing it. A packet whose TTL is already 1 or 0 is
        not changed: it is counted and leaves on output 1 if that output is connected (typically to ICMPError
        for a time-exceeded message), or is dropped. With MULTICAST false, packets to multicast destinations
        pass untouched. Packets without a network header annotation, or too short for one, are dropped and
        counted separately.""",
    keywords = {"MULTICAST: boolean. Decrement the TTL of multicast packets too. Default true."},
    handlers = {
        "drops (read): packets whose TTL had expired",
        "bad (read): packets dropped for lacking an IP header"},
    example = "... -> DecIPTTL -> ... ; dt[1] -> ICMPError(18.26.4.24, timeexceeded) -> ...",
    seeAlso = {"ICMPError", "CheckIPHeader"})
public final class DecIPTTL extends SimpleElement
{
    private boolean multicast = true;
    private long drops;
    private long bad;

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
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final boolean[] m = {true};
        if (complete(args(conf).read("MULTICAST", BoolArg.INSTANCE, v -> m[0] = v), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        multicast = m[0];
        return 0;
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        final int nh = p.hasNetworkHeader() ? p.networkHeaderOffset() : -1;
        if (nh < 0 || p.length() < nh + Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES)
        {
            bad++;
            p.kill();
            return null;
        }
        if (!multicast && Ipv4.isMulticast(p.u32(nh + Ipv4Descriptor.DST_OFFSET)))
        {
            return p;
        }
        if (p.u8(nh + Ipv4Descriptor.TTL_OFFSET) <= 1)
        {
            drops++;
            return reject(p);
        }
        final Packet q = p.uniqueify();
        if (q != null)
        {
            Ipv4.decrementTtl(q, nh);
        }
        return q;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("drops", () -> Long.toString(drops));
        addReadHandler("bad", () -> Long.toString(bad));
    }
}
