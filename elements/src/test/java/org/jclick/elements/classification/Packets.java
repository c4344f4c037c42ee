package org.jclick.elements.classification;

import java.io.ByteArrayOutputStream;

import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketPool;

/** Hand-built IPv4 packets for the classification tests. */
final class Packets
{
    static final int TCP = 6;
    static final int UDP = 17;
    static final int ICMP = 1;

    private Packets()
    {
    }

    /** A fluent IPv4 packet builder; everything not set is zero (checksums are not computed). */
    static final class Ip
    {
        int proto = TCP;
        int src = 0x0A000001;
        int dst = 0x0A000002;
        int sport = 1234;
        int dport = 80;
        int tcpFlags = 0x10;
        int window = 8192;
        int icmpType = 8;
        int icmpCode;
        int ttl = 64;
        int tos;
        int id = 0x1234;
        int fragField; // flags and offset (MF = 0x2000)
        int optionWords;
        int version = 4;
        int payload = 8;
        int truncateTo = -1;
        int etherHeader; // 0 or 14 bytes before the IP header
        long etherSrc = 0x000102030405L;
        long etherDst = 0x102030405060L;

        Ip proto(final int v)
        {
            proto = v;
            return this;
        }

        Ip src(final int v)
        {
            src = v;
            return this;
        }

        Ip dst(final int v)
        {
            dst = v;
            return this;
        }

        Ip ports(final int s, final int d)
        {
            sport = s;
            dport = d;
            return this;
        }

        Ip flags(final int v)
        {
            tcpFlags = v;
            return this;
        }

        Ip icmp(final int type)
        {
            proto = ICMP;
            icmpType = type;
            return this;
        }

        Ip ttl(final int v)
        {
            ttl = v;
            return this;
        }

        Ip tos(final int v)
        {
            tos = v;
            return this;
        }

        Ip frag(final int flagsAndOffset)
        {
            fragField = flagsAndOffset;
            return this;
        }

        Ip options(final int words)
        {
            optionWords = words;
            return this;
        }

        Ip truncate(final int bytes)
        {
            truncateTo = bytes;
            return this;
        }

        Ip ether()
        {
            etherHeader = 14;
            return this;
        }

        Ip window(final int v)
        {
            window = v;
            return this;
        }

        int headerLength()
        {
            return 20 + 4 * optionWords;
        }

        byte[] bytes()
        {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (etherHeader > 0)
            {
                for (int i = 5; i >= 0; i--)
                {
                    out.write((int)(etherDst >>> (8 * i)));
                }
                for (int i = 5; i >= 0; i--)
                {
                    out.write((int)(etherSrc >>> (8 * i)));
                }
                out.write(0x08);
                out.write(0x00);
            }
            final int transportLength = proto == TCP ? 20 : 8;
            final int total = headerLength() + transportLength + payload;
            out.write((version << 4) | (headerLength() / 4));
            out.write(tos);
            u16(out, total);
            u16(out, id);
            u16(out, fragField);
            out.write(ttl);
            out.write(proto);
            u16(out, 0);
            u32(out, src);
            u32(out, dst);
            for (int i = 0; i < optionWords; i++)
            {
                u32(out, 0x01010101); // NOPs
            }
            if (proto == TCP)
            {
                u16(out, sport);
                u16(out, dport);
                u32(out, 1000);
                u32(out, 0);
                out.write(0x50);
                out.write(tcpFlags);
                u16(out, window);
                u16(out, 0);
                u16(out, 0);
            }
            else if (proto == UDP)
            {
                u16(out, sport);
                u16(out, dport);
                u16(out, 8 + payload);
                u16(out, 0);
            }
            else
            {
                out.write(icmpType);
                out.write(icmpCode);
                u16(out, 0);
                u32(out, 0x00010002);
            }
            for (int i = 0; i < payload; i++)
            {
                out.write(0xAB);
            }
            final byte[] b = out.toByteArray();
            if (truncateTo >= 0 && truncateTo < b.length)
            {
                final byte[] t = new byte[truncateTo];
                System.arraycopy(b, 0, t, 0, truncateTo);
                return t;
            }
            return b;
        }

        /** A packet with the MAC (if any), network and transport header annotations set. */
        Packet make(final PacketPool pool)
        {
            final byte[] b = bytes();
            final Packet p = pool.make(b, 0, b.length);
            if (etherHeader > 0)
            {
                p.setMacHeader(0);
            }
            p.setNetworkHeader(etherHeader, headerLength());
            return p;
        }
    }

    static Ip ip()
    {
        return new Ip();
    }

    static int addr(final String dotted)
    {
        final String[] parts = dotted.split("\\.");
        int v = 0;
        for (final String s : parts)
        {
            v = (v << 8) | Integer.parseInt(s);
        }
        return v;
    }

    private static void u16(final ByteArrayOutputStream out, final int v)
    {
        out.write(v >>> 8);
        out.write(v);
    }

    private static void u32(final ByteArrayOutputStream out, final int v)
    {
        u16(out, v >>> 16);
        u16(out, v);
    }
}
