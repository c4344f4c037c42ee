package org.jclick.elements.debug;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import org.jclick.dataplane.packet.Packet;

/**
 * A reusable line of ASCII text for the printing elements: appending allocates nothing once the buffer has grown
 * to the longest line (Click's {@code StringAccum}).
 */
final class TextLine
{
    private static final byte[] HEX_LOWER = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX_UPPER = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private byte[] buf = new byte[256];
    private int pos;

    void reset()
    {
        pos = 0;
    }

    int length()
    {
        return pos;
    }

    /** Makes room for {@code n} more bytes (grows rarely: the buffer keeps the longest line's size). */
    void reserve(final int n)
    {
        if (pos + n > buf.length)
        {
            final byte[] b = new byte[Math.max(pos + n, buf.length * 2)];
            System.arraycopy(buf, 0, b, 0, pos);
            buf = b;
        }
    }

    TextLine put(final char c)
    {
        reserve(1);
        buf[pos++] = (byte)c;
        return this;
    }

    TextLine put(final byte[] b)
    {
        reserve(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
        return this;
    }

    /** Appends an ASCII string (constants and names; no allocation). */
    TextLine put(final String s)
    {
        final int n = s.length();
        reserve(n);
        for (int i = 0; i < n; i++)
        {
            buf[pos++] = (byte)s.charAt(i);
        }
        return this;
    }

    /** Appends a signed decimal number. */
    TextLine put(final long v)
    {
        reserve(21);
        pos = Timestamps.putLong(v, 0, buf, pos);
        return this;
    }

    /** Appends the low 32 bits of {@code v} as an unsigned decimal number. */
    TextLine putU32(final long v)
    {
        return put(v & 0xFFFFFFFFL);
    }

    /** Appends a timestamp as Click prints one: {@code SEC.USEC}. */
    TextLine putTimestamp(final long ns)
    {
        reserve(40);
        pos = Timestamps.format(ns, buf, pos);
        return this;
    }

    /** Appends an IPv4 address held big-endian in {@code a}, dotted quad. */
    TextLine putIp(final int a)
    {
        put((a >>> 24) & 255).put('.').put((a >>> 16) & 255).put('.').put((a >>> 8) & 255).put('.').put(a & 255);
        return this;
    }

    /** Appends two lowercase hexadecimal digits. */
    TextLine putHex(final int b)
    {
        reserve(2);
        buf[pos++] = HEX_LOWER[(b >>> 4) & 15];
        buf[pos++] = HEX_LOWER[b & 15];
        return this;
    }

    /** Appends the Ethernet address at packet offset {@code off} as Click prints one: {@code 00-1A-2B-3C-4D-5E}. */
    TextLine putEther(final Packet p, final int off)
    {
        reserve(17);
        for (int i = 0; i < 6; i++)
        {
            if (i > 0)
            {
                buf[pos++] = '-';
            }
            final int b = p.u8(off + i);
            buf[pos++] = HEX_UPPER[b >>> 4];
            buf[pos++] = HEX_UPPER[b & 15];
        }
        return this;
    }

    void writeTo(final OutputStream out) throws IOException
    {
        out.write(buf, 0, pos);
    }

    @Override
    public String toString()
    {
        return new String(buf, 0, pos, StandardCharsets.ISO_8859_1);
    }
}
