package org.jclick.nic.virtio;

/**
 * Where the three parts of a split virtqueue of {@code size} entries lie (virtio 1.x, section 2.7, table
 * "Virtqueue Part Alignment"): the descriptor table (16 bytes per entry, 16-byte aligned), the available ring
 * ({@code flags, idx, ring[size], used_event}: 2-byte aligned) and the used ring ({@code flags, idx,
 * ring[size]{id, len}, avail_event}: 4-byte aligned). The used ring starts on a 4096-byte boundary, which also
 * satisfies the legacy interface (section 2.7.2, "Legacy Interfaces: A Note on Virtqueue Layout").
 */
public final class VirtqueueLayout
{
    /** Bytes of one descriptor: {@code le64 addr, le32 len, le16 flags, le16 next}. */
    public static final int DESC_SIZE_BYTES = 16;
    /** Legacy queue alignment of the used ring, used for every transport (harmless for modern ones). */
    public static final int USED_ALIGN_BYTES = 4096;
    /** Largest queue size of a split virtqueue (section 2.7: "Queue Size ... maximum 32768"). */
    public static final int MAX_SIZE = 32768;

    public static final int DESC_ADDR = 0;
    public static final int DESC_LEN = 8;
    public static final int DESC_FLAGS = 12;
    public static final int DESC_NEXT = 14;

    /** Descriptor flag: the buffer continues via {@code next} (section 2.7.5). */
    public static final int VIRTQ_DESC_F_NEXT = 1;
    /** Descriptor flag: the buffer is device write-only (section 2.7.5). */
    public static final int VIRTQ_DESC_F_WRITE = 2;
    /** Descriptor flag: the buffer holds a table of indirect descriptors (section 2.7.5.3). */
    public static final int VIRTQ_DESC_F_INDIRECT = 4;
    /** Available ring flag: the driver does not want used-buffer notifications (section 2.7.7). */
    public static final int VIRTQ_AVAIL_F_NO_INTERRUPT = 1;
    /** Used ring flag: the device does not want available-buffer notifications (section 2.7.10). */
    public static final int VIRTQ_USED_F_NO_NOTIFY = 1;

    private VirtqueueLayout()
    {
    }

    /** Checks that {@code size} is a power of two in [2, 32768] and returns it. */
    public static int checkSize(final int size)
    {
        if (size < 2 || size > MAX_SIZE || Integer.bitCount(size) != 1)
        {
            throw new IllegalArgumentException("queue size must be a power of two in [2, 32768]: " + size);
        }
        return size;
    }

    /** Offset of the available ring from the descriptor table. */
    public static long availOffset(final int size)
    {
        return (long)DESC_SIZE_BYTES * size;
    }

    /** Offset of the used ring from the descriptor table. */
    public static long usedOffset(final int size)
    {
        final long availEnd = availOffset(size) + 6 + 2L * size;
        return (availEnd + USED_ALIGN_BYTES - 1) & ~(long)(USED_ALIGN_BYTES - 1);
    }

    /** Bytes of the whole queue from the descriptor table to the end of the used ring (with avail_event). */
    public static long totalBytes(final int size)
    {
        return usedOffset(size) + 6 + 8L * size;
    }

    /** {@link #totalBytes} rounded up to 4096, so that consecutive queues keep their alignment. */
    public static long footprintBytes(final int size)
    {
        return (totalBytes(size) + USED_ALIGN_BYTES - 1) & ~(long)(USED_ALIGN_BYTES - 1);
    }

    /**
     * The event-index test of section 2.7.10 / 2.7.7 ({@code vring_need_event}): true when {@code eventIdx} lies
     * in {@code [oldIdx, newIdx)}, modulo 2^16.
     */
    public static boolean needEvent(final int eventIdx, final int newIdx, final int oldIdx)
    {
        return ((newIdx - eventIdx - 1) & 0xFFFF) < ((newIdx - oldIdx) & 0xFFFF);
    }
}
