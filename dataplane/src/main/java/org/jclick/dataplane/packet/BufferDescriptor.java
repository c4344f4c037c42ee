package org.jclick.dataplane.packet;

/**
 * Layout of a packet slab: one contiguous {@link java.lang.foreign.MemorySegment} cut into {@code bufferCount}
 * buffers of {@code bufferSizeBytes} (a power of two), buffer {@code i} at byte offset {@code i << bufferShift}.
 * Inside a buffer, packet data starts after the headroom and ends before the tailroom:
 *
 * <pre>
 *   0            dataOffset               tailOffset          bufferSizeBytes
 *   |-- headroom --|------- data ------------|---- tailroom ----|
 * </pre>
 *
 * Offsets held by a packet (data, tail, header annotations) are relative to the start of its buffer, so they
 * survive a zero-copy hand-off and need no fixing when another process maps the same slab at another address.
 */
public final class BufferDescriptor
{
    /** Smallest buffer: room for the minimum headroom and a minimum Ethernet frame. */
    public static final int MIN_BUFFER_SIZE_BYTES = 256;

    /** Largest buffer: a 64 KiB IPv4 datagram plus headroom would not fit a smaller power of two. */
    public static final int MAX_BUFFER_SIZE_BYTES = 128 * 1024;

    /** Default buffer: a 1522-byte VLAN-tagged frame after {@link #DEFAULT_HEADROOM_BYTES}, as DPDK's mbuf. */
    public static final int DEFAULT_BUFFER_SIZE_BYTES = 2048;

    /**
     * Smallest default headroom a pool accepts: room for encapsulation (VXLAN over IPv4 adds 50 bytes, an
     * extra VLAN tag 4). Click's own default is 28 bytes; jclick asks for more.
     */
    public static final int MIN_HEADROOM_BYTES = 64;

    /** Default headroom, as DPDK's {@code RTE_PKTMBUF_HEADROOM}: keeps packet data 64-byte aligned. */
    public static final int DEFAULT_HEADROOM_BYTES = 128;

    /** Alignment of the slab start when the pool allocates it (a page). */
    public static final int SLAB_ALIGNMENT_BYTES = 4096;

    private BufferDescriptor()
    {
    }

    /** Byte offset of buffer {@code bufferIndex} in the slab. */
    public static long bufferOffset(final int bufferIndex, final int bufferShift)
    {
        return (long)bufferIndex << bufferShift;
    }

    /** Checks a buffer size (power of two within bounds) and returns its log2. */
    public static int bufferShift(final int bufferSizeBytes)
    {
        if (Integer.bitCount(bufferSizeBytes) != 1 ||
            bufferSizeBytes < MIN_BUFFER_SIZE_BYTES || bufferSizeBytes > MAX_BUFFER_SIZE_BYTES)
        {
            throw new IllegalArgumentException("bufferSizeBytes must be a power of two in [" +
                MIN_BUFFER_SIZE_BYTES + ", " + MAX_BUFFER_SIZE_BYTES + "]: " + bufferSizeBytes);
        }
        return Integer.numberOfTrailingZeros(bufferSizeBytes);
    }
}
