package org.jclick.elements.rewriter;

import java.util.ArrayList;
import java.util.List;

import org.jclick.dataplane.args.AnnoArg;
import org.jclick.dataplane.args.Args;
import org.jclick.dataplane.args.BoolArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.packet.Packet;

/** Click's ICMPRewriter: rewrites ICMP errors about flows that rewriters mapped. */
@ElementDoc(
    synopsis = "ICMPRewriter(MAPS [, KEYWORDS])",
    category = "network address translation",
    ports = "one push input; one or two push outputs",
    description = """
        Translates ICMP error messages (destination unreachable, source quench, redirect, time exceeded,
        parameter problem) that quote a packet of a flow mapped by one of the rewriters named in MAPS
        (space-separated names of IPRewriter, TCPRewriter, UDPRewriter or ICMPPingRewriter elements). The error
        travels against the quoted packet, so its quoted header carries the rewritten identity; the quoted
        addresses and ports (or echo identifier) are translated back to the flow's other side, the quoted IP and
        transport checksums and the ICMP checksum are updated incrementally, and the error's destination becomes
        the quoted packet's new source. Translated errors leave on output 0. Everything else leaves on output 1
        if there is one, and is dropped otherwise.""",
    keywords = {
        "DST_ANNO: boolean; set the destination address annotation to the new destination. Default true.",
        "REPLY_ANNO: one-byte annotation; set to the mapping's reply annotation, as the rewriters do for replies."},
    handlers = {"translated (read): number of errors translated",
        "drops (read): packets dropped for want of output 1"},
    example = "nat :: IPRewriter(pattern 203.0.113.1 1024-65535 - - 0 1);\nicmp_in -> ICMPRewriter(nat) -> ...",
    seeAlso = {"IPRewriter", "ICMPPingRewriter"})
public final class ICMPRewriter extends Element
{
    private RewriterBase[] maps = new RewriterBase[0];
    private boolean dstAnno = true;
    private int replyAnno = -1;
    private long translated;
    private long untranslatedDrops;

    @Override
    public String portCount()
    {
        return "1/1-2";
    }

    @Override
    public String processing()
    {
        return PUSH;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final String[] mapsText = new String[1];
        final Args a = args(conf).readMandatoryPositional("MAPS", RewriterBase.raw(), v -> mapsText[0] = v)
            .read("DST_ANNO", BoolArg.INSTANCE, v -> dstAnno = v)
            .read("REPLY_ANNO", AnnoArg.of(1), v -> replyAnno = v);
        if (complete(a, errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        final List<RewriterBase> list = new ArrayList<>();
        for (final String name : mapsText[0].trim().split("\\s+"))
        {
            final Element e = router().find(name, this);
            if (e instanceof final RewriterBase rb)
            {
                list.add(rb);
            }
            else
            {
                return errh.error("MAPS: '" + name + "' is not a rewriter element");
            }
        }
        maps = list.toArray(new RewriterBase[0]);
        return 0;
    }

    private static boolean isError(final int type)
    {
        return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
    }

    @Override
    public void push(final int port, final Packet in)
    {
        final Packet p = in.uniqueify();
        if (p == null)
        {
            return;
        }
        if (!p.hasNetworkHeader() || !translate(p))
        {
            if (noutputs() < 2)
            {
                untranslatedDrops++;
            }
            checkedOutputPush(1, p);
            return;
        }
        translated++;
        output(0).push(p);
    }

    private boolean translate(final Packet p)
    {
        final int ip = p.networkHeaderOffset();
        final int th = p.transportHeaderOffset();
        final int len = p.length();
        if (p.u8(ip + 9) != 1 || (p.u16(ip + 6) & 0x1FFF) != 0 || len - th < 8 + 20 || !isError(p.u8(th)))
        {
            return false;
        }
        final int q = th + 8;
        final int qhl = (p.u8(q) & 0xF) << 2;
        final int qth = q + qhl;
        if (qhl < 20 || qth + 8 > len || (p.u16(q + 6) & 0x1FFF) != 0)
        {
            return false;
        }
        final int qproto = p.u8(q + 9);
        final int qsa = p.u32(q + 12);
        final int qda = p.u32(q + 16);
        for (final RewriterBase rw : maps)
        {
            final FlowStore s = rw.store;
            final int e;
            final int r;
            final int nsa;
            final int nda;
            final int nsp;
            final int ndp;
            if (qproto == 1)
            {
                if (!(rw instanceof final ICMPPingRewriter pr) || p.u8(qth) != 8)
                {
                    continue;
                }
                e = pr.findQuotedEcho(qsa, p.u16(qth + 4), qda);
                if (e < 0)
                {
                    continue;
                }
                r = e ^ 1;
                // the quoted request returns to its original identity (the forward entry's key)
                nsa = s.saddr(r);
                nda = s.daddr(r);
                nsp = s.ports(r) >>> 16;
                ndp = 0;
            }
            else
            {
                final FlowMap map = rw.mapFor(qproto);
                if (map == null)
                {
                    continue;
                }
                final int qsp = p.u16(qth);
                final int qdp = p.u16(qth + 2);
                e = map.find(qda, qsa, qdp << 16 | qsp);
                if (e < 0)
                {
                    continue;
                }
                r = e ^ 1;
                // entry e maps (qda, qdp -> qsa, qsp) to the reverse of r's key; the quoted packet is its reverse
                nsa = s.saddr(r);
                nsp = s.ports(r) >>> 16;
                nda = s.daddr(r);
                ndp = s.ports(r) & 0xFFFF;
            }
            int icmp = p.u16(th + 2);
            // quoted IP header
            int qcs = p.u16(q + 10);
            final int newQcs = Checksums.update32(Checksums.update32(qcs, qsa, nsa), qda, nda);
            icmp = Checksums.update32(icmp, qsa, nsa);
            icmp = Checksums.update32(icmp, qda, nda);
            icmp = Checksums.update16(icmp, qcs, newQcs);
            p.setU32(q + 12, nsa);
            p.setU32(q + 16, nda);
            p.setU16(q + 10, newQcs);
            if (qproto == 1)
            {
                final int oldId = p.u16(qth + 4);
                final int oldCs = p.u16(qth + 2);
                final int newCs = Checksums.update16(oldCs, oldId, nsp);
                icmp = Checksums.update16(icmp, oldId, nsp);
                icmp = Checksums.update16(icmp, oldCs, newCs);
                p.setU16(qth + 4, nsp);
                p.setU16(qth + 2, newCs);
            }
            else
            {
                final int osp = p.u16(qth);
                final int odp = p.u16(qth + 2);
                icmp = Checksums.update16(icmp, osp, nsp);
                icmp = Checksums.update16(icmp, odp, ndp);
                p.setU16(qth, nsp);
                p.setU16(qth + 2, ndp);
                final int csOff = qproto == 6 ? 16 : qproto == 17 ? 6 : -1;
                if (csOff > 0 && qth + csOff + 2 <= len)
                {
                    final int oc = p.u16(qth + csOff);
                    if (oc != 0 || qproto == 6)
                    {
                        int nc = Checksums.update32(oc, qsa, nsa);
                        nc = Checksums.update32(nc, qda, nda);
                        nc = Checksums.update16(nc, osp, nsp);
                        nc = Checksums.update16(nc, odp, ndp);
                        icmp = Checksums.update16(icmp, oc, nc);
                        p.setU16(qth + csOff, nc);
                    }
                }
            }
            p.setU16(th + 2, icmp);
            // the error goes to the quoted packet's new source
            final int oldDst = p.u32(ip + 16);
            p.setU32(ip + 16, nsa);
            p.setU16(ip + 10, Checksums.update32(p.u16(ip + 10), oldDst, nsa));
            if (dstAnno)
            {
                p.setDstIpAnno(nsa);
            }
            if (replyAnno >= 0)
            {
                p.setAnnoU8(replyAnno, s.replyAnno(e >> 1));
            }
            return true;
        }
        return false;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("translated", () -> Long.toString(translated));
        addReadHandler("drops", () -> Long.toString(untranslatedDrops));
    }
}
