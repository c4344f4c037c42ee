package org.jclick.elements.debug;

/** Allocation-free number and timestamp formatting into byte buffers, for the printing elements. */
final class Timestamps
{
    private Timestamps()
    {
    }

    /**
     * Writes {@code value} (which may be negative) in decimal, right-aligned with spaces in at least {@code width}
     * characters, at {@code pos}; returns the new position.
     */
    static int putLong(final long value, final int width, final byte[] buf, final int pos)
    {
        final boolean neg = value < 0;
        long v = neg ? -value : value;
        int digits = 1;
        for (long t = v; t >= 10; t /= 10)
        {
            digits++;
        }
        final int chars = digits + (neg ? 1 : 0);
        int p = pos;
        for (int i = chars; i < width; i++)
        {
            buf[p++] = ' ';
        }
        if (neg)
        {
            buf[p++] = '-';
        }
        int end = p + digits;
        for (int i = end - 1; i >= p; i--)
        {
            buf[i] = (byte)('0' + (v % 10));
            v /= 10;
        }
        return end;
    }

    /** Writes {@code n} decimal digits of {@code value}, zero-padded. */
    static int putFixed(final long value, final int n, final byte[] buf, final int pos)
    {
        long v = value;
        for (int i = pos + n - 1; i >= pos; i--)
        {
            buf[i] = (byte)('0' + (v % 10));
            v /= 10;
        }
        return pos + n;
    }

    /** Click's Timestamp unparse at microsecond precision: {@code SEC.USEC}, a '-' before negative times. */
    static int format(final long ns, final byte[] buf, final int pos)
    {
        int p = pos;
        long abs = ns;
        if (ns < 0)
        {
            buf[p++] = '-';
            abs = -ns;
        }
        final long us = abs / 1000;
        p = putLong(us / 1_000_000, 0, buf, p);
        buf[p++] = '.';
        return putFixed(us % 1_000_000, 6, buf, p);
    }

    /** The same as a String (setup code and tests). */
    static String format(final long ns)
    {
        final byte[] b = new byte[40];
        final int n = format(ns, b, 0);
        return new String(b, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
