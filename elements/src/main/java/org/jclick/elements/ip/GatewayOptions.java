package org.jclick.elements.ip;

import org.jclick.dataplane.ip.Ipv4;
import org.jclick.dataplane.ip.Ipv4Descriptor;
import org.jclick.dataplane.packet.AnnotationDescriptor;
import org.jclick.dataplane.packet.Packet;

/**
 * The Record Route and Timestamp processing every router does to passing IP packets (RFC 791), shared by
 * IPGWOptions and IPOutputCombo. Allocation-free.
 */
final class GatewayOptions
{
    int preferred;
    int[] mine = new int[0];
    /** After {@link #process}: the packet to pass on (null if it could not be made writable) or to refuse. */
    Packet result;

    /**
     * Processes the options of the packet's IP header. Returns true when they were fine ({@link #result} is the
     * possibly new packet, or null), false for a malformed option ({@link #result} is the packet, with the
     * ICMP_PARAMPROB annotation pointing at the bad byte).
     */
    boolean process(final Packet p, final long nowNs)
    {
        result = p;
        final int nh = p.networkHeaderOffset();
        final int hlen = Ipv4.headerLength(p, nh);
        if (hlen <= Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES)
        {
            return true;
        }
        Packet w = null;
        int oi = Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES;
        while (oi < hlen)
        {
            final Packet r = w != null ? w : p;
            final int type = r.u8(nh + oi);
            if (type == Ipv4Descriptor.OPT_NOP)
            {
                oi++;
                continue;
            }
            if (type == Ipv4Descriptor.OPT_EOL)
            {
                break;
            }
            final int xlen = oi + 1 < hlen ? r.u8(nh + oi + 1) : 0;
            if (xlen < 2 || oi + xlen > hlen)
            {
                return refuse(r, oi + 1);
            }
            if (type != Ipv4Descriptor.OPT_RR && type != Ipv4Descriptor.OPT_TS)
            {
                oi += xlen;
                continue;
            }
            if (w == null)
            {
                w = p.uniqueify();
                if (w == null)
                {
                    result = null;
                    return true;
                }
            }
            final int o = nh + oi;
            final int ptr = xlen >= 3 ? w.u8(o + 2) - 1 : -1;
            if (type == Ipv4Descriptor.OPT_RR)
            {
                if (ptr >= 3 && ptr + 4 <= xlen)
                {
                    w.setU32(o + ptr, preferred);
                    w.setU8(o + 2, w.u8(o + 2) + 4);
                }
                else if (ptr != xlen)
                {
                    return refuse(w, oi + 2);
                }
            }
            else
            {
                if (ptr < 4 || xlen < 4)
                {
                    return refuse(w, oi + 2);
                }
                final int oflw = w.u8(o + 3) >>> 4;
                final int flg = w.u8(o + 3) & 0x0F;
                final int ms = (int)((nowNs / 1_000_000L) % 86_400_000L);
                boolean overflowed = false;
                if (flg == 0)
                {
                    if (ptr + 4 <= xlen)
                    {
                        w.setU32(o + ptr, ms);
                        w.setU8(o + 2, w.u8(o + 2) + 4);
                    }
                    else
                    {
                        overflowed = true;
                    }
                }
                else if (flg == 1)
                {
                    if (ptr + 8 <= xlen)
                    {
                        w.setU32(o + ptr, preferred);
                        w.setU32(o + ptr + 4, ms);
                        w.setU8(o + 2, w.u8(o + 2) + 8);
                    }
                    else
                    {
                        overflowed = true;
                    }
                }
                else if (flg == 3 && ptr + 8 <= xlen)
                {
                    // prespecified addresses: stamp only when the next one is ours
                    if (IpArgs.contains(mine, w.u32(o + ptr)))
                    {
                        w.setU32(o + ptr + 4, ms);
                        w.setU8(o + 2, w.u8(o + 2) + 8);
                    }
                }
                else
                {
                    return refuse(w, oi + 3);
                }
                if (overflowed)
                {
                    if (oflw < 15)
                    {
                        w.setU8(o + 3, ((oflw + 1) << 4) | flg);
                    }
                    else
                    {
                        return refuse(w, oi + 3);
                    }
                }
            }
            oi += xlen;
        }
        if (w != null)
        {
            Ipv4.setHeaderChecksum(w, nh, hlen);
            result = w;
        }
        return true;
    }

    private boolean refuse(final Packet p, final int pointer)
    {
        p.setAnnoU8(AnnotationDescriptor.ICMP_PARAMPROB_ANNO_OFFSET, pointer);
        result = p;
        return false;
    }
}
