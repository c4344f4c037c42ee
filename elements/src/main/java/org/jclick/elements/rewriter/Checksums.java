package org.jclick.elements.rewriter;

import org.jclick.dataplane.packet.Packet;

/**
 * Internet checksum arithmetic for the rewriters: incremental updates after RFC 1624 (eqn. 3,
 * {@code HC' = ~(~HC + ~m + m')}), and full recomputation for tests and for packets the rewriters build.
 * Values are 16-bit, held in ints; one's-complement sums do not depend on byte order.
 */
public final class Checksums
{
    private Checksums()
    {
    }

    /** The checksum {@code csum} after one 16-bit word of the covered data changed from {@code oldWord} to {@code newWord}. */
    public static int update16(final int csum, final int oldWord, final int newWord)
    {
        int sum = (~csum & 0xFFFF) + (~oldWord & 0xFFFF) + (newWord & 0xFFFF);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        return ~(sum + (sum >>> 16)) & 0xFFFF;
    }

    /** The checksum {@code csum} after a 32-bit field of the covered data changed from {@code oldValue} to {@code newValue}. */
    public static int update32(final int csum, final int oldValue, final int newValue)
    {
        return update16(update16(csum, oldValue >>> 16, newValue >>> 16), oldValue & 0xFFFF, newValue & 0xFFFF);
    }

    /**
     * The incremental update never yields 0xFFFF, but data that is all zero only checks with 0xFFFF (an ICMP echo
     * with id, sequence number and payload all zero): after an update of such data, returns 0xFFFF for a
     * checksum of 0 when the {@code length} bytes at {@code offset} (the updated checksum field among them, so
     * store it first) are all zero, else {@code csum}. Reads the packet only when {@code csum} is 0.
     */
    public static int fixZero(final int csum, final Packet p, final int offset, final int length)
    {
        if (csum != 0)
        {
            return csum;
        }
        final int end = Math.min(offset + length, p.length());
        for (int i = offset; i < end; i++)
        {
            if (p.u8(i) != 0)
            {
                return csum;
            }
        }
        return 0xFFFF;
    }

    /**
     * A flow's precomputed difference: start from 0 and fold each change with {@link #update16}. Applying it
     * forward ({@link #applyDelta} with {@code reverse} false) adds the changes; reverse removes them.
     */
    public static int applyDelta(final int csum, final int delta, final boolean reverse)
    {
        if (delta == 0)
        {
            return csum;
        }
        return update16(csum, 0, reverse ? delta : ~delta & 0xFFFF);
    }

    /** One's-complement sum (not complemented, folded to 16 bits) of {@code length} bytes of {@code p} at {@code offset}, plus {@code initial}. */
    public static int sum(final Packet p, final int offset, final int length, final int initial)
    {
        long sum = initial & 0xFFFFFFFFL;
        int i = 0;
        for (; i + 1 < length; i += 2)
        {
            sum += p.u16(offset + i);
        }
        if (i < length)
        {
            sum += p.u8(offset + i) << 8;
        }
        while ((sum >>> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int)sum;
    }

    /** The IPv4 header checksum computed from scratch (the checksum field counted as zero). */
    public static int ipHeader(final Packet p, final int ipOffset)
    {
        final int hl = (p.u8(ipOffset) & 0xF) << 2;
        final int s = sum(p, ipOffset, hl, 0) + (~p.u16(ipOffset + 10) & 0xFFFF);
        return ~fold(s) & 0xFFFF;
    }

    /**
     * The TCP or UDP checksum computed from scratch over the pseudo-header and {@code length} bytes of transport
     * data at {@code thOffset}, the checksum field at {@code thOffset + csumOffset} counted as zero.
     */
    public static int transport(final Packet p, final int ipOffset, final int thOffset, final int length,
        final int csumOffset)
    {
        final int src = p.u32(ipOffset + 12);
        final int dst = p.u32(ipOffset + 16);
        int s = (src >>> 16) + (src & 0xFFFF) + (dst >>> 16) + (dst & 0xFFFF) + p.u8(ipOffset + 9) + length;
        s = sum(p, thOffset, length, fold(s));
        s += ~p.u16(thOffset + csumOffset) & 0xFFFF;
        return ~fold(s) & 0xFFFF;
    }

    static int fold(int s)
    {
        while ((s >>> 16) != 0)
        {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return s;
    }
}
