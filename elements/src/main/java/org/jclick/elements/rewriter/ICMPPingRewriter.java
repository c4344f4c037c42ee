package org.jclick.elements.rewriter;

import org.jclick.dataplane.args.Args;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.packet.Packet;

/** Click's ICMPPingRewriter: NAT for ICMP echo, mapping echo identifiers like ports. */
@ElementDoc(
    synopsis = "ICMPPingRewriter(INPUTSPEC1, ..., INPUTSPECn [, KEYWORDS])",
    category = "network address translation",
    ports = "one push input per INPUTSPEC, one or more push outputs",
    description = """
        Rewrites ICMP echo requests and replies: a request flow is (source, identifier, destination) and its
        identifier plays the part of IPRewriter's source port, so a pattern such as '2.0.0.2 - 0-65535# 0 1'
        (source, destination, identifier range) gives the request a new source address and a free identifier;
        the matching echo replies get the original destination address and identifier back. Other packets are
        dropped unless their input is a 'pass' input. IP and ICMP checksums are updated incrementally.""",
    keywords = {"TIMEOUT, GUARANTEE, REAP_INTERVAL, MAPPING_CAPACITY, DST_ANNO, REPLY_ANNO: as for IPRewriter."},
    handlers = {"table (read): mappings",
        "table_size, mapping_failures, size, capacity, clear, patterns, pattern<i>: as for IPRewriter"},
    example = "ICMPPingRewriter(pattern 2.0.0.2 - 0-65535# 0 1, drop)",
    seeAlso = {"IPRewriter", "ICMPRewriter"})
public final class ICMPPingRewriter extends RewriterBase
{
    FlowMap map;

    @Override
    void setBaseTimeout(final long ms)
    {
        plainTimeout = ms;
    }

    @Override
    void setBaseGuarantee(final long ms)
    {
        plainGuarantee = ms;
    }

    @Override
    void readKeywords(final Args a)
    {
        readAnnoKeywords(a);
    }

    @Override
    void createMaps(final int expected)
    {
        map = new FlowMap(store, expected);
    }

    @Override
    FlowMap[] maps()
    {
        return new FlowMap[] {map};
    }

    @Override
    public void push(final int port, final Packet in)
    {
        final Packet p = in.uniqueify();
        if (p == null)
        {
            return;
        }
        if (!p.hasNetworkHeader())
        {
            badPackets++;
            p.kill();
            return;
        }
        final int ip = p.networkHeaderOffset();
        final int th = p.transportHeaderOffset();
        final int tlen = p.length() - th;
        final int type = tlen >= 8 ? p.u8(th) : -1;
        if (p.u8(ip + 9) != 1 || (p.u16(ip + 6) & 0x1FFF) != 0 || (type != 8 && type != 0))
        {
            final InputSpec is = inputs[port];
            if (is.kind == InputSpec.NOCHANGE)
            {
                output(is.foutput).push(p);
            }
            else
            {
                drops++;
                p.kill();
            }
            return;
        }
        final int sa = p.u32(ip + 12);
        final int da = p.u32(ip + 16);
        final int id = p.u16(th + 4);
        final int sp = type == 8 ? id : 0;
        final int dp = type == 8 ? 0 : id;
        int e = map.find(sa, da, sp << 16 | dp);
        final long now = nowMs();
        if (e < 0)
        {
            final InputSpec is = inputs[port];
            final int result;
            if (type == 8)
            {
                scratch.set(sa, sp, da, dp);
                result = is.rewrite(scratch, map, p);
            }
            else
            {
                result = is.kind == InputSpec.NOCHANGE ? is.foutput : RW_DROP;
            }
            if (result == RW_ADDMAP)
            {
                scratch.dport = 0;
                e = addFlow(KIND_PLAIN, map, sa, sp, da, dp, scratch, port, is.foutput, is.routput, now);
            }
            if (e < 0)
            {
                if (result < 0)
                {
                    drops++;
                }
                checkedOutputPush(result, p);
                return;
            }
        }
        final int f = e >> 1;
        final int dir = e & 1;
        final int r = applyIp(p, f, dir, ip);
        final int newId = dir == 0 ? store.ports(r) & 0xFFFF : store.ports(r) >>> 16;
        p.setU16(th + 4, newId);
        p.setU16(th + 2, Checksums.update16(p.u16(th + 2), id, newId));
        p.setU16(th + 2, Checksums.fixZero(p.u16(th + 2), p, th, p.u16(ip + 2) - (th - ip)));
        refresh(f, now);
        output(store.output(e)).push(p);
    }

    /** The rewritten identity of a quoted echo request {@code (sa, id, da)} seen in an ICMP error, or -1. */
    int findQuotedEcho(final int sa, final int id, final int da)
    {
        return map.find(da, sa, id);
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("table", () -> table(map));
        addRewriterHandlers(true);
    }
}
