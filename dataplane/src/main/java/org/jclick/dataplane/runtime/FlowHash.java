package org.jclick.dataplane.runtime;

import java.io.IOException;
import java.nio.file.Path;

import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketAllocator;
import org.jclick.dataplane.trace.LinkType;
import org.jclick.dataplane.trace.PcapReader;

/**
 * The flow hash that shards packets over replicas of a router ({@code --threads N}), as a NIC's RSS hash spreads
 * flows over receive queues. Allocation-free; deterministic across runs and JVMs.
 *
 * <p>The hash:
 * <ul>
 *   <li>IPv4 (the packet's network header annotation is set): the endpoints {@code (address << 16 | port)} of source
 *       and destination are put in order (smaller first), so that both directions of a flow hash alike
 *       (<em>symmetric</em>); ports count only for TCP (6), UDP (17) and SCTP (132) and only when the packet is not a
 *       fragment (MF clear and offset 0), so that every fragment of a datagram hashes like its first one;
 *       a header cut short before the ports hashes without ports. Then
 *       {@code x = lo * 0x9E3779B97F4A7C15 + hi + proto * 0xC2B2AE3D27D4EB4F} goes through MurmurHash3's 64-bit
 *       finalizer and the high 32 bits are the hash.</li>
 *   <li>Anything else (ARP, IPv6, garbage): the two Ethernet addresses (bytes 0-5 and 6-11), also put in order,
 *       with protocol 0; a frame shorter than 12 bytes hashes its length and its bytes.</li>
 * </ul>
 * {@link #shardOf(int, int)} maps a hash to one of {@code n} shards with a multiply-shift (Lemire's reduction), so
 * that every shard gets an even share of the hash space.
 *
 * <p>Symmetry keeps the two directions of an untranslated flow on one core (a stateful firewall, a load balancer
 * that sees replies to the client). A translated reply (a NAT's reply to the public address and port) has another
 * 5-tuple: IPRewriter's patterns therefore choose, in a sharded replica, only public ports (or addresses) whose reply
 * hashes back to that replica (RSS-aware port selection), so the reply meets its mapping. A fragment hashes on its
 * addresses alone and cannot be steered that way.
 */
public final class FlowHash
{
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final long PROTO_MULTIPLIER = 0xC2B2AE3D27D4EB4FL;

    private FlowHash()
    {
    }

    /** The flow hash of {@code p}: the IPv4 5-tuple when its network header annotation is set, else its link addresses. */
    public static int of(final Packet p)
    {
        if (p.hasNetworkHeader())
        {
            final int off = p.networkHeaderOffset();
            final int len = p.length();
            if (off >= 0 && off + 20 <= len && (p.u8(off) >> 4) == 4)
            {
                final int ihlBytes = (p.u8(off) & 0x0F) << 2;
                final int proto = p.u8(off + 9);
                final int saddr = p.u32(off + 12);
                final int daddr = p.u32(off + 16);
                final boolean fragment = (p.u16(off + 6) & 0x3FFF) != 0;
                final int tp = off + ihlBytes;
                if (!fragment && hasPorts(proto) && ihlBytes >= 20 && tp + 4 <= len)
                {
                    return ipv4(saddr, daddr, proto, p.u16(tp), p.u16(tp + 2));
                }
                return ipv4(saddr, daddr, proto, 0, 0);
            }
        }
        final int len = p.length();
        if (len >= 12)
        {
            final long dst = (long)p.u16(0) << 32 | (p.u32(2) & 0xFFFFFFFFL);
            final long src = (long)p.u16(6) << 32 | (p.u32(8) & 0xFFFFFFFFL);
            return endpoints(dst, src, 0);
        }
        long x = len;
        for (int i = 0; i < len; i++)
        {
            x = x * 31 + p.u8(i);
        }
        return (int)(fmix64(x) >>> 32);
    }

    /** The symmetric hash of an IPv4 flow: {@code ipv4(a, b, proto, pa, pb) == ipv4(b, a, proto, pb, pa)}. */
    public static int ipv4(final int saddr, final int daddr, final int proto, final int sport, final int dport)
    {
        final long s = (saddr & 0xFFFFFFFFL) << 16 | (sport & 0xFFFF);
        final long d = (daddr & 0xFFFFFFFFL) << 16 | (dport & 0xFFFF);
        return endpoints(s, d, proto & 0xFF);
    }

    private static int endpoints(final long a, final long b, final int proto)
    {
        final long lo = Math.min(a, b);
        final long hi = Math.max(a, b);
        return (int)(fmix64(lo * GOLDEN + hi + proto * PROTO_MULTIPLIER) >>> 32);
    }

    private static boolean hasPorts(final int proto)
    {
        return proto == 6 || proto == 17 || proto == 132;
    }

    /** MurmurHash3's 64-bit finalizer. */
    private static long fmix64(final long v)
    {
        long k = v;
        k ^= k >>> 33;
        k *= 0xFF51AFD7ED558CCDL;
        k ^= k >>> 33;
        k *= 0xC4CEB9FE1A85EC53L;
        k ^= k >>> 33;
        return k;
    }

    /** The shard, in {@code [0, n)}, of a flow hash. */
    public static int shardOf(final int hash, final int n)
    {
        return (int)(((hash & 0xFFFFFFFFL) * n) >>> 32);
    }

    /**
     * Offset of a plausible IPv4 header in {@code p} for {@code linkType}, or -1 (Click's fake_pcap_force_ip): what
     * FromDump sets the network header annotation from. Ethernet skips 802.1Q/802.1ad tags.
     */
    public static int ipv4HeaderOffset(final Packet p, final int linkType)
    {
        final int len = p.length();
        int off;
        switch (LinkType.canonical(linkType))
        {
            case LinkType.ETHERNET ->
            {
                off = 12;
                while (off + 2 <= len && (p.u16(off) == 0x8100 || p.u16(off) == 0x88A8) && off + 6 <= len)
                {
                    off += 4;
                }
                if (off + 2 > len || p.u16(off) != 0x0800)
                {
                    return -1;
                }
                off += 2;
            }
            case LinkType.LINUX_SLL ->
            {
                if (len < 16 || p.u16(14) != 0x0800)
                {
                    return -1;
                }
                off = 16;
            }
            case LinkType.NULL ->
            {
                if (len < 4)
                {
                    return -1;
                }
                final int family = p.u32(0);
                if (family != 2 && family != 0x02000000)
                {
                    return -1;
                }
                off = 4;
            }
            case LinkType.RAW, LinkType.IPV4 -> off = 0;
            default ->
            {
                return -1;
            }
        }
        if (off + 20 > len || (p.u8(off) >> 4) != 4 || (p.u8(off) & 0x0F) < 5)
        {
            return -1;
        }
        return off;
    }

    /**
     * How many of the first {@code limit} records of a pcap file fall in each of {@code n} shards, hashed as FromDump
     * hashes them (setup code: it reads the whole file). {@code limit < 0} counts every record.
     */
    public static long[] shardCounts(final Path pcap, final int n, final long limit) throws IOException
    {
        final long[] counts = new long[n];
        try (PcapReader r = PcapReader.open(pcap, w -> { });
            PacketAllocator allocator = new PacketAllocator())
        {
            final int maxBytes = PacketAllocator.LARGE_BUFFER_BYTES - PacketAllocator.DEFAULT_HEADROOM_BYTES;
            long seen = 0;
            while ((limit < 0 || seen < limit) && r.next())
            {
                final Packet p = allocator.make(Math.min(r.capturedLength(), maxBytes));
                if (p == null)
                {
                    throw new IOException(pcap + ": cannot allocate a packet to hash");
                }
                r.copyData(p);
                final int ipOffset = ipv4HeaderOffset(p, r.linkType());
                if (ipOffset >= 0)
                {
                    p.setNetworkHeader(ipOffset, (p.u8(ipOffset) & 0x0F) << 2);
                }
                counts[shardOf(of(p), n)]++;
                p.kill();
                seen++;
            }
        }
        return counts;
    }
}
