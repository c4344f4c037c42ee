package org.jclick.dataplane.args;

/** A 128-bit IPv6 address: {@code high} holds bytes 0-7, {@code low} bytes 8-15 (network order). */
public record Ip6Address(long high, long low)
{
    /** Byte {@code i} (0-15) of the address. */
    public int byteAt(final int i)
    {
        final long word = i < 8 ? high : low;
        return (int) (word >>> (8 * (7 - (i & 7)))) & 0xFF;
    }

    static Ip6Address fromBytes(final byte[] b, final int off)
    {
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++)
        {
            hi = (hi << 8) | (b[off + i] & 0xFF);
            lo = (lo << 8) | (b[off + 8 + i] & 0xFF);
        }
        return new Ip6Address(hi, lo);
    }

    /** The mask of a {@code length}-bit prefix. */
    public static Ip6Address prefixMask(final int length)
    {
        final long hi = length == 0 ? 0 : length >= 64 ? -1L : -1L << (64 - length);
        final long lo = length <= 64 ? 0 : length == 128 ? -1L : -1L << (128 - length);
        return new Ip6Address(hi, lo);
    }

    /** The prefix length of this address read as a mask, or -1 when it is not contiguous. */
    public int maskLength()
    {
        final int len = Long.bitCount(high) + Long.bitCount(low);
        return equals(prefixMask(len)) ? len : -1;
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder();
        for (int g = 0; g < 8; g++)
        {
            if (g > 0)
            {
                sb.append(':');
            }
            sb.append(Integer.toHexString((byteAt(2 * g) << 8) | byteAt(2 * g + 1)));
        }
        return sb.toString();
    }
}
