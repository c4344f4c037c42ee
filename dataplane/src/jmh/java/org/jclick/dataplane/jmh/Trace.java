package org.jclick.dataplane.jmh;

import java.util.SplittableRandom;

/**
 * A preloaded trace of 60-byte Ethernet/IPv4/UDP frames (64 bytes on the wire with the FCS), the frame shape of
 * {@code ../shared/bench/gen_trace.py}: sources in 10.0/16, destinations in 192.168/16, TTL 64, correct IPv4
 * header checksums. Frames are stored back to back in one heap array, {@link #FRAME_LENGTH_BYTES} apart.
 */
public final class Trace
{
    public static final int FRAME_LENGTH_BYTES = 60;
    public static final int ETHER_HEADER_LENGTH_BYTES = 14;

    private final byte[] frames;
    private final int frameCount;

    public Trace(final int frameCount, final long seed)
    {
        if (Integer.bitCount(frameCount) != 1)
        {
            throw new IllegalArgumentException("frameCount must be a power of two: " + frameCount);
        }
        this.frameCount = frameCount;
        this.frames = new byte[frameCount * FRAME_LENGTH_BYTES];
        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < frameCount; i++)
        {
            writeFrame(frames, i * FRAME_LENGTH_BYTES, random, i);
        }
    }

    public byte[] frames()
    {
        return frames;
    }

    public int frameCount()
    {
        return frameCount;
    }

    /** Offset of frame {@code index & (frameCount - 1)} in {@link #frames()}. */
    public int frameOffset(final int index)
    {
        return (index & (frameCount - 1)) * FRAME_LENGTH_BYTES;
    }

    private static void writeFrame(final byte[] b, final int o, final SplittableRandom random, final int index)
    {
        // Ethernet: dst 02:00:00:00:00:01, src 02:00:00:00:xx:xx, type 0x0800
        b[o] = 2;
        b[o + 5] = 1;
        b[o + 6] = 2;
        b[o + 10] = (byte)random.nextInt(256);
        b[o + 11] = (byte)random.nextInt(256);
        b[o + 12] = 0x08;
        b[o + 13] = 0x00;
        final int ip = o + ETHER_HEADER_LENGTH_BYTES;
        b[ip] = 0x45;
        putU16(b, ip + 2, FRAME_LENGTH_BYTES - ETHER_HEADER_LENGTH_BYTES); // total length 46
        putU16(b, ip + 4, index & 0xFFFF);                                  // identification
        b[ip + 8] = 64;                                                     // TTL
        b[ip + 9] = 17;                                                     // UDP
        putU32(b, ip + 12, 0x0A000000 | random.nextInt(1 << 16));
        putU32(b, ip + 16, 0xC0A80000 | random.nextInt(1 << 16));
        putU16(b, ip + 10, ipv4HeaderChecksum(b, ip));
        final int udp = ip + 20;
        putU16(b, udp, 1024 + random.nextInt(64512));
        putU16(b, udp + 2, 53);
        putU16(b, udp + 4, 8 + 18);
        for (int i = udp + 8; i < o + FRAME_LENGTH_BYTES; i++)
        {
            b[i] = (byte)random.nextInt(256);
        }
    }

    /** Full IPv4 header checksum over 20 bytes at {@code ip} (checksum field taken as is). */
    public static int ipv4HeaderChecksum(final byte[] b, final int ip)
    {
        int sum = 0;
        for (int i = 0; i < 20; i += 2)
        {
            if (i != 10)
            {
                sum += ((b[ip + i] & 0xFF) << 8) | (b[ip + i + 1] & 0xFF);
            }
        }
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        return ~sum & 0xFFFF;
    }

    private static void putU16(final byte[] b, final int i, final int v)
    {
        b[i] = (byte)(v >>> 8);
        b[i + 1] = (byte)v;
    }

    private static void putU32(final byte[] b, final int i, final int v)
    {
        putU16(b, i, v >>> 16);
        putU16(b, i + 2, v);
    }
}
