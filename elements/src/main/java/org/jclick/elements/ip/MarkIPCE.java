package org.jclick.elements.ip;

import java.util.List;

import org.jclick.dataplane.args.BoolArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.ip.Ipv4;
import org.jclick.dataplane.ip.Ipv4Descriptor;
import org.jclick.dataplane.packet.Packet;

/** Click's MarkIPCE. */
@ElementDoc(
    synopsis = "MarkIPCE([FORCE])",
    category = "ip",
    ports = "one agnostic input, one agnostic output",
    description = """
        Marks IP packets 'Congestion Experienced' (RFC 3168): the ECN bits of the TOS byte become CE (3) and the
        header checksum is updated incrementally. Packets already marked CE pass unchanged. A packet whose
        transport is not ECN-capable (ECN bits 0) is dropped and counted, as a congested router would, unless
        FORCE is true, in which case it is marked anyway. Packets without a network header annotation are
        dropped and counted too.""",
    keywords = {"FORCE: boolean. Mark packets that are not ECN-capable instead of dropping them. Default false."},
    handlers = {"drops (read): packets dropped"},
    example = "... -> RED(...) -> MarkIPCE -> ...",
    seeAlso = {"SetIPDSCP", "IPEncap"})
public final class MarkIPCE extends SimpleElement
{
    private boolean force;
    private long drops;

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final boolean[] f = {false};
        if (complete(args(conf).readPositional("FORCE", BoolArg.INSTANCE, v -> f[0] = v), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        force = f[0];
        return 0;
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        final int nh = p.hasNetworkHeader() ? p.networkHeaderOffset() : -1;
        if (nh < 0 || p.length() < nh + Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES)
        {
            drops++;
            p.kill();
            return null;
        }
        final int ecn = p.u8(nh + Ipv4Descriptor.TOS_OFFSET) & Ipv4Descriptor.ECN_MASK;
        if (ecn == Ipv4Descriptor.ECN_NOT_ECT && !force)
        {
            drops++;
            p.kill();
            return null;
        }
        if (ecn == Ipv4Descriptor.ECN_CE)
        {
            return p;
        }
        final Packet q = p.uniqueify();
        if (q == null)
        {
            return null;
        }
        Ipv4.setU16Updating(q, nh, q.u16(nh) | Ipv4Descriptor.ECN_CE, nh + Ipv4Descriptor.CHECKSUM_OFFSET);
        return q;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("drops", () -> Long.toString(drops));
    }
}
