package org.jclick.dataplane.ip;

import org.jclick.dataplane.packet.Packet;

/**
 * IPv4 header operations on packet data: the Internet checksum (RFC 1071), its incremental update (RFC 1624), the
 * pseudo-header sum of TCP and UDP, and address tests. All allocation-free; offsets are relative to the packet data.
 */
public final class Ipv4
{
    private Ipv4()
    {
    }

    // ------------------------------------------------------------------------------------------ full checksums

    /**
     * The 16-bit one's-complement sum of {@code lengthBytes} bytes at {@code offset}, added to {@code initial} and
     * folded to 16 bits (not complemented). An odd last byte counts as the high byte of a word.
     */
    public static int sum(final Packet packet, final int offset, final int lengthBytes, final int initial)
    {
        long s = initial & 0xFFFFFFFFL;
        int i = 0;
        for (; i + 3 < lengthBytes; i += 4)
        {
            s += packet.u32(offset + i) & 0xFFFFFFFFL;
        }
        for (; i + 1 < lengthBytes; i += 2)
        {
            s += packet.u16(offset + i);
        }
        if (i < lengthBytes)
        {
            s += packet.u8(offset + i) << 8;
        }
        return fold(s);
    }

    /** Folds a wide one's-complement sum to 16 bits. */
    public static int fold(final long wide)
    {
        long s = wide;
        while ((s >>> 16) != 0)
        {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int)s;
    }

    /**
     * The Internet checksum of {@code lengthBytes} bytes at {@code offset}: the complement of their sum. Over data
     * that holds a correct checksum the result is 0.
     */
    public static int checksum(final Packet packet, final int offset, final int lengthBytes)
    {
        return ~sum(packet, offset, lengthBytes, 0) & 0xFFFF;
    }

    /** The IPv4 header checksum computed from scratch over {@code headerLengthBytes} at {@code ipOffset}. */
    public static int headerChecksum(final Packet packet, final int ipOffset, final int headerLengthBytes)
    {
        int s = 0;
        for (int i = 0; i + 1 < headerLengthBytes; i += 2)
        {
            if (i != Ipv4Descriptor.CHECKSUM_OFFSET)
            {
                s += packet.u16(ipOffset + i);
            }
        }
        return ~fold(s) & 0xFFFF;
    }

    /** Recomputes and stores the header checksum of the IPv4 header at {@code ipOffset}. */
    public static void setHeaderChecksum(final Packet packet, final int ipOffset, final int headerLengthBytes)
    {
        packet.setU16(ipOffset + Ipv4Descriptor.CHECKSUM_OFFSET, 0);
        packet.setU16(ipOffset + Ipv4Descriptor.CHECKSUM_OFFSET, checksum(packet, ipOffset, headerLengthBytes));
    }

    /**
     * The sum of the TCP/UDP pseudo header (RFC 793/768): source and destination of the IPv4 header at
     * {@code ipOffset}, {@code protocol} and {@code transportLength}.
     */
    public static int pseudoHeaderSum(final Packet packet, final int ipOffset, final int protocol,
        final int transportLength)
    {
        final long s = (long)packet.u16(ipOffset + 12) + packet.u16(ipOffset + 14) + packet.u16(ipOffset + 16)
            + packet.u16(ipOffset + 18) + protocol + transportLength;
        return fold(s);
    }

    /**
     * The checksum of a TCP or UDP segment of {@code transportLength} bytes at {@code transportOffset}, with the
     * pseudo header of the IPv4 header at {@code ipOffset}. The segment's checksum field must be zero for a new
     * checksum; over a segment with a correct checksum the result is 0.
     */
    public static int transportChecksum(final Packet packet, final int ipOffset, final int transportOffset,
        final int protocol, final int transportLength)
    {
        final int pseudo = pseudoHeaderSum(packet, ipOffset, protocol, transportLength);
        return ~sum(packet, transportOffset, transportLength, pseudo) & 0xFFFF;
    }

    // ------------------------------------------------------------------------------------------ incremental (RFC 1624)

    /**
     * RFC 1624 eqn. 3: the checksum after a 16-bit word of the covered data changes from {@code oldWord} to
     * {@code newWord}: {@code HC' = ~(~HC + ~m + m')}.
     */
    public static int updateChecksum16(final int checksum, final int oldWord, final int newWord)
    {
        final long s = (long)(~checksum & 0xFFFF) + (~oldWord & 0xFFFF) + (newWord & 0xFFFF);
        return ~fold(s) & 0xFFFF;
    }

    /** {@link #updateChecksum16} for a 32-bit value (two words), e.g. an address. */
    public static int updateChecksum32(final int checksum, final int oldValue, final int newValue)
    {
        final long s = (long)(~checksum & 0xFFFF) + (~(oldValue >>> 16) & 0xFFFF) + (~oldValue & 0xFFFF)
            + (newValue >>> 16) + (newValue & 0xFFFF);
        return ~fold(s) & 0xFFFF;
    }

    /**
     * Checksum after the TTL is decremented by one, by RFC 1624 eqn. 3 ({@code HC' = ~(~HC + ~m + m')}): the
     * 16-bit word holding TTL and protocol goes down by 0x0100, so {@code ~m + m'} is the constant 0xFEFF. The
     * same arithmetic as Click's {@code DecIPTTL}.
     */
    public static int checksumAfterTtlDecrement(final int checksum)
    {
        int sum = (~checksum & 0xFFFF) + 0xFEFF;
        sum = (sum & 0xFFFF) + (sum >>> 16);
        return ~sum & 0xFFFF;
    }

    /**
     * Decrements the TTL of the IPv4 header at {@code ipOffset} (relative to the packet data) and updates its
     * checksum incrementally. The caller checks the TTL first ({@code > 1}) and that the packet is writable.
     */
    public static void decrementTtl(final Packet packet, final int ipOffset)
    {
        final int ttl = packet.u8(ipOffset + Ipv4Descriptor.TTL_OFFSET);
        packet.setU8(ipOffset + Ipv4Descriptor.TTL_OFFSET, ttl - 1);
        final int checksumOffset = ipOffset + Ipv4Descriptor.CHECKSUM_OFFSET;
        packet.setU16(checksumOffset, checksumAfterTtlDecrement(packet.u16(checksumOffset)));
    }

    /**
     * Stores the 16-bit {@code value} at {@code offset} and updates the checksum at {@code checksumOffset}
     * incrementally (the word must lie inside the data that checksum covers).
     */
    public static void setU16Updating(final Packet packet, final int offset, final int value, final int checksumOffset)
    {
        final int old = packet.u16(offset);
        packet.setU16(offset, value);
        packet.setU16(checksumOffset, updateChecksum16(packet.u16(checksumOffset), old, value));
    }

    // ------------------------------------------------------------------------------------------ fields

    /** Header length in bytes of the IPv4 header at {@code ipOffset} (IHL times 4). */
    public static int headerLength(final Packet packet, final int ipOffset)
    {
        return (packet.u8(ipOffset) & 0x0F) << 2;
    }

    /** Whether the header at {@code ipOffset} is a fragment other than the first (nonzero fragment offset). */
    public static boolean isLaterFragment(final Packet packet, final int ipOffset)
    {
        return (packet.u16(ipOffset + Ipv4Descriptor.FLAGS_FRAGMENT_OFFSET) & Ipv4Descriptor.FRAGMENT_OFFSET_MASK)
            != 0;
    }

    /** Whether the header at {@code ipOffset} is any fragment (MF set or nonzero offset). */
    public static boolean isFragment(final Packet packet, final int ipOffset)
    {
        return (packet.u16(ipOffset + Ipv4Descriptor.FLAGS_FRAGMENT_OFFSET)
            & (Ipv4Descriptor.FRAGMENT_OFFSET_MASK | Ipv4Descriptor.FLAG_MF)) != 0;
    }

    /** Whether a network-order address is multicast (224.0.0.0/4). */
    public static boolean isMulticast(final int address)
    {
        return (address & 0xF0000000) == 0xE0000000;
    }
}
