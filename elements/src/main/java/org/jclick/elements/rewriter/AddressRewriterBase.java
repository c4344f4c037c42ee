package org.jclick.elements.rewriter;

import org.jclick.dataplane.args.Args;
import org.jclick.dataplane.packet.Packet;

/**
 * Basic NAT (IPAddrRewriter, IPAddrPairRewriter): flows are keyed by addresses only, with ports zero, so every
 * protocol is rewritten; transport checksums (TCP, and UDP unless 0) follow the address change.
 */
abstract class AddressRewriterBase extends RewriterBase
{
    FlowMap map;

    AddressRewriterBase()
    {
        plainTimeout = 3_600_000;
    }

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
    FlowMap staticMapFor(final int proto)
    {
        return map;
    }

    @Override
    int staticKindFor(final int proto)
    {
        return KIND_PLAIN;
    }

    /** Whether flows are keyed by the address pair (else by the source address alone). */
    abstract boolean pairs();

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
        final int sa = p.u32(ip + 12);
        final int da = p.u32(ip + 16);
        final boolean pair = pairs();
        final int keyDa = pair ? da : 0;
        int e = map.find(sa, keyDa, 0);
        if (e < 0 && !pair)
        {
            e = map.find(0, da, 0);
        }
        final long now = nowMs();
        if (e < 0)
        {
            final InputSpec is = inputs[port];
            scratch.set(sa, 0, keyDa, 0);
            final int result = is.rewrite(scratch, map, p);
            if (result == RW_ADDMAP)
            {
                e = addFlow(KIND_PLAIN, map, sa, 0, keyDa, 0, scratch, port, is.foutput, is.routput, now);
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
            if (replyAnno >= 0)
            {
                store.setReplyAnno(e >> 1, p.annoU8(replyAnno));
            }
        }
        final int f = e >> 1;
        final int dir = e & 1;
        final FlowStore s = store;
        final int r = e ^ 1;
        if (pair)
        {
            applyIp(p, f, dir, ip);
        }
        else
        {
            if (dir == 0)
            {
                p.setU32(ip + 12, s.daddr(r));
            }
            else
            {
                p.setU32(ip + 16, s.saddr(r));
            }
            if (dstAnno)
            {
                p.setDstIpAnno(p.u32(ip + 16));
            }
            if (dir == 1 && replyAnno >= 0)
            {
                p.setAnnoU8(replyAnno, s.replyAnno(f));
            }
            p.setU16(ip + 10, Checksums.applyDelta(p.u16(ip + 10), s.ipDelta(f), dir == 1));
        }
        final int proto = p.u8(ip + 9);
        if ((p.u16(ip + 6) & 0x1FFF) == 0)
        {
            final int th = p.transportHeaderOffset();
            final int tlen = p.length() - th;
            if (proto == 6 && tlen >= 18)
            {
                p.setU16(th + 16, Checksums.applyDelta(p.u16(th + 16), s.l4Delta(f), dir == 1));
            }
            else if (proto == 17 && tlen >= 8)
            {
                final int c = p.u16(th + 6);
                if (c != 0)
                {
                    p.setU16(th + 6, Checksums.applyDelta(c, s.l4Delta(f), dir == 1));
                }
            }
        }
        refresh(f, now);
        output(s.output(e)).push(p);
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("table", () -> table(map));
        addRewriterHandlers(true);
    }
}
