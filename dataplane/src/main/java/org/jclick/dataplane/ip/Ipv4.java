package org.jclick.dataplane.ip;

import org.jclick.dataplane.packet.Packet;

/** IPv4 header operations on packet data. Allocation-free. */
public final class Ipv4
{
    private Ipv4()
    {
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

    /** The IPv4 header checksum computed from scratch over {@code headerLengthBytes} at {@code ipOffset}. */
    public static int headerChecksum(final Packet packet, final int ipOffset, final int headerLengthBytes)
    {
        int sum = 0;
        for (int i = 0; i < headerLengthBytes; i += 2)
        {
            if (i != Ipv4Descriptor.CHECKSUM_OFFSET)
            {
                sum += packet.u16(ipOffset + i);
            }
        }
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        return ~sum & 0xFFFF;
    }
}
