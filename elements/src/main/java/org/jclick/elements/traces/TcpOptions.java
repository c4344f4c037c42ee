package org.jclick.elements.traces;

import org.jclick.dataplane.packet.Packet;

/**
 * The text form of TCP options in IP summary dumps ({@code tcp_opt}, {@code tcp_ntopt}, {@code tcp_sack}):
 * semicolon-separated (commas are accepted on input) {@code mssN}, {@code wscaleN}, {@code sackok},
 * {@code sackL-R} (one per block), {@code tsV:E}, and {@code optK} for other option kinds (written without
 * their data); NOP and EOL padding is not written. {@code .} means no options.
 */
final class TcpOptions
{
    private TcpOptions()
    {
    }

    /**
     * Parses option text {@code s[0, len)} into wire bytes appended to {@code out} at {@code at} (NOP-padded
     * as Click lays them out); returns the new length, or {@code at} if nothing parsed. {@code sackOnly}:
     * keep only SACK blocks.
     */
    static int parse(final byte[] s, final int len, final byte[] out, final int at, final boolean sackOnly)
    {
        int o = at;
        int p = 0;
        if (len == 1 && s[0] == '.')
        {
            return at;
        }
        int sackStart = -1;
        while (p < len)
        {
            final int start = p;
            while (p < len && s[p] != ';' && s[p] != ',')
            {
                p++;
            }
            final int end = p;
            p++;
            if (startsWith(s, start, end, "mss") && !sackOnly)
            {
                final long v = number(s, start + 3, end);
                if (v >= 0 && o + 4 <= out.length)
                {
                    out[o++] = 2;
                    out[o++] = 4;
                    out[o++] = (byte)(v >> 8);
                    out[o++] = (byte)v;
                }
            }
            else if (startsWith(s, start, end, "wscale") && !sackOnly)
            {
                final long v = number(s, start + 6, end);
                if (v >= 0 && o + 4 <= out.length)
                {
                    out[o++] = 1;
                    out[o++] = 3;
                    out[o++] = 3;
                    out[o++] = (byte)v;
                }
            }
            else if (startsWith(s, start, end, "sackok") && !sackOnly)
            {
                if (o + 4 <= out.length)
                {
                    out[o++] = 1;
                    out[o++] = 1;
                    out[o++] = 4;
                    out[o++] = 2;
                }
            }
            else if (startsWith(s, start, end, "sack"))
            {
                int dash = start + 4;
                while (dash < end && s[dash] != '-' && s[dash] != ':')
                {
                    dash++;
                }
                final long l = number(s, start + 4, dash);
                final long r = dash < end ? number(s, dash + 1, end) : -1;
                if (l >= 0 && r >= 0)
                {
                    if (sackStart < 0 && o + 4 + 8 <= out.length)
                    {
                        out[o++] = 1;
                        out[o++] = 1;
                        sackStart = o;
                        out[o++] = 5;
                        out[o++] = 2;
                    }
                    if (sackStart >= 0 && o + 8 <= out.length)
                    {
                        put32(out, o, l);
                        put32(out, o + 4, r);
                        o += 8;
                        out[sackStart + 1] = (byte)(out[sackStart + 1] + 8);
                    }
                }
                continue;
            }
            else if (startsWith(s, start, end, "ts") && !sackOnly)
            {
                int colon = start + 2;
                while (colon < end && s[colon] != ':')
                {
                    colon++;
                }
                final long v = number(s, start + 2, colon);
                final long e = colon < end ? number(s, colon + 1, end) : -1;
                if (v >= 0 && e >= 0 && o + 12 <= out.length)
                {
                    out[o++] = 1;
                    out[o++] = 1;
                    out[o++] = 8;
                    out[o++] = 10;
                    put32(out, o, v);
                    put32(out, o + 4, e);
                    o += 8;
                }
            }
            sackStart = -1;
        }
        return o;
    }

    /**
     * Parses IP option text ({@code nop}, {@code eol}, {@code rr{A,B^C}+N}, {@code lsrr{...}}, {@code ssrr{...}},
     * separated by {@code ;}; {@code ^} marks the pointer, {@code +N} adds N empty slots) into wire bytes padded
     * with EOL to a multiple of 4. Returns the length, or 0 if the text has an option this does not know
     * (timestamp options are not supported).
     */
    static int parseIp(final byte[] s, final int len, final byte[] out)
    {
        if (len == 1 && s[0] == '.')
        {
            return 0;
        }
        int o = 0;
        int p = 0;
        while (p < len)
        {
            int end = p;
            int depth = 0;
            while (end < len && (depth > 0 || s[end] != ';'))
            {
                depth += s[end] == '{' ? 1 : s[end] == '}' ? -1 : 0;
                end++;
            }
            if (startsWith(s, p, end, "nop") && end - p == 3)
            {
                if (o >= out.length)
                {
                    return 0;
                }
                out[o++] = 1;
            }
            else if (startsWith(s, p, end, "eol") && end - p == 3)
            {
                if (o >= out.length)
                {
                    return 0;
                }
                out[o++] = 0;
            }
            else
            {
                final int type = startsWith(s, p, end, "rr{") ? 7 : startsWith(s, p, end, "lsrr{") ? 131 :
                    startsWith(s, p, end, "ssrr{") ? 137 : -1;
                if (type < 0)
                {
                    return 0;
                }
                int q = p + (type == 7 ? 3 : 5);
                final int start = o;
                if (o + 3 > out.length)
                {
                    return 0;
                }
                out[o++] = (byte)type;
                out[o++] = 3;
                out[o++] = 4;
                boolean pointerSet = false;
                while (q < end && s[q] != '}')
                {
                    if (s[q] == ',')
                    {
                        q++;
                        continue;
                    }
                    if (s[q] == '^')
                    {
                        out[start + 2] = (byte)(o - start + 1);
                        pointerSet = true;
                        q++;
                        continue;
                    }
                    int a = q;
                    while (a < end && s[a] != ',' && s[a] != '^' && s[a] != '}')
                    {
                        a++;
                    }
                    final long addr = org.jclick.dataplane.trace.IpSummaryDump.parseAddress(
                        new String(s, q, a - q, java.nio.charset.StandardCharsets.ISO_8859_1));
                    if (addr < 0 || o + 4 > out.length)
                    {
                        return 0;
                    }
                    put32(out, o, addr);
                    o += 4;
                    q = a;
                }
                if (q >= end)
                {
                    return 0;
                }
                if (!pointerSet)
                {
                    out[start + 2] = (byte)(type == 7 ? o - start + 1 : 4);
                }
                q++;
                if (q < end && s[q] == '+')
                {
                    final long n = number(s, q + 1, end);
                    if (n < 0 || o + 4 * n > out.length)
                    {
                        return 0;
                    }
                    for (int k = 0; k < n; k++)
                    {
                        put32(out, o, 0);
                        o += 4;
                    }
                }
                else if (q != end)
                {
                    return 0;
                }
                out[start + 1] = (byte)(o - start);
            }
            p = end + 1;
        }
        while ((o & 3) != 0 && o < out.length)
        {
            out[o++] = 0;
        }
        return o;
    }

    /**
     * Appends the text of IP options ({@code len} bytes at {@code off}); NOP and EOL are not written. Returns
     * false for options it cannot write (timestamps, unknown kinds, bad lengths).
     */
    static boolean appendIp(final StringBuilder sb, final Packet p, final int off, final int len)
    {
        final int mark = sb.length();
        int i = 0;
        while (i < len)
        {
            final int type = p.u8(off + i);
            if (type == 0)
            {
                break;
            }
            if (type == 1)
            {
                i++;
                continue;
            }
            if (i + 2 >= len)
            {
                return false;
            }
            final int olen = p.u8(off + i + 1);
            if (olen < 3 || i + olen > len || (type != 7 && type != 131 && type != 137) || (olen - 3) % 4 != 0)
            {
                return false;
            }
            final int ptr = p.u8(off + i + 2);
            final int slots = (olen - 3) / 4;
            final int at = Math.max(0, Math.min(slots, (ptr - 4) / 4));
            if (sb.length() > mark)
            {
                sb.append(';');
            }
            sb.append(type == 7 ? "rr{" : type == 131 ? "lsrr{" : "ssrr{");
            final int shown = type == 7 ? at : slots;
            for (int k = 0; k < shown; k++)
            {
                if (k == at && type != 7)
                {
                    sb.append('^');
                }
                else if (k > 0)
                {
                    sb.append(',');
                }
                org.jclick.dataplane.trace.IpSummaryDump.appendAddress(sb, p.u32(off + i + 3 + 4 * k));
            }
            sb.append('}');
            if (type == 7 && slots > at)
            {
                sb.append('+').append(slots - at);
            }
            i += olen;
        }
        if (sb.length() == mark)
        {
            sb.append('.');
        }
        return true;
    }

    private static void put32(final byte[] out, final int o, final long v)
    {
        out[o] = (byte)(v >> 24);
        out[o + 1] = (byte)(v >> 16);
        out[o + 2] = (byte)(v >> 8);
        out[o + 3] = (byte)v;
    }

    private static boolean startsWith(final byte[] s, final int from, final int to, final String w)
    {
        if (to - from < w.length())
        {
            return false;
        }
        for (int i = 0; i < w.length(); i++)
        {
            if (s[from + i] != w.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    private static long number(final byte[] s, final int from, final int to)
    {
        if (from >= to || to - from > 10)
        {
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++)
        {
            if (s[i] < '0' || s[i] > '9')
            {
                return -1;
            }
            v = v * 10 + (s[i] - '0');
        }
        return v > 0xFFFFFFFFL ? -1 : v;
    }

    /**
     * Appends the text of the TCP options of {@code p} at {@code off} ({@code len} bytes): all options, or
     * without timestamps ({@code ntopt}), or SACK blocks only ({@code sackOnly}). Appends {@code .} when none.
     */
    static void append(final StringBuilder sb, final Packet p, final int off, final int len, final boolean ntopt,
        final boolean sackOnly)
    {
        final int mark = sb.length();
        int i = 0;
        while (i < len)
        {
            final int kind = p.u8(off + i);
            if (kind == 0)
            {
                break;
            }
            if (kind == 1)
            {
                i++;
                continue;
            }
            if (i + 1 >= len)
            {
                break;
            }
            final int olen = p.u8(off + i + 1);
            if (olen < 2 || i + olen > len)
            {
                break;
            }
            final int d = off + i + 2;
            if (kind == 2 && olen == 4 && !sackOnly)
            {
                sep(sb, mark).append("mss").append(p.u16(d));
            }
            else if (kind == 3 && olen == 3 && !sackOnly)
            {
                sep(sb, mark).append("wscale").append(p.u8(d));
            }
            else if (kind == 4 && olen == 2 && !sackOnly)
            {
                sep(sb, mark).append("sackok");
            }
            else if (kind == 5 && (olen - 2) % 8 == 0)
            {
                for (int b = 0; b + 8 <= olen - 2; b += 8)
                {
                    sep(sb, mark).append("sack").append(Integer.toUnsignedLong(p.u32(d + b))).append('-')
                        .append(Integer.toUnsignedLong(p.u32(d + b + 4)));
                }
            }
            else if (kind == 8 && olen == 10 && !sackOnly && !ntopt)
            {
                sep(sb, mark).append("ts").append(Integer.toUnsignedLong(p.u32(d))).append(':')
                    .append(Integer.toUnsignedLong(p.u32(d + 4)));
            }
            else if (!sackOnly && !(kind == 8 && ntopt))
            {
                sep(sb, mark).append("opt").append(kind);
            }
            i += olen;
        }
        if (sb.length() == mark)
        {
            sb.append('.');
        }
    }

    private static StringBuilder sep(final StringBuilder sb, final int mark)
    {
        if (sb.length() > mark)
        {
            sb.append(';');
        }
        return sb;
    }
}
