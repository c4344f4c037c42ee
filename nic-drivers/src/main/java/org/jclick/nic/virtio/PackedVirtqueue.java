package org.jclick.nic.virtio;

import static org.jclick.nic.virtio.SplitVirtqueue.ERROR_ID_NOT_IN_FLIGHT;
import static org.jclick.nic.virtio.SplitVirtqueue.ERROR_ID_OUT_OF_RANGE;
import static org.jclick.nic.virtio.SplitVirtqueue.ERROR_LENGTH;
import static org.jclick.nic.virtio.SplitVirtqueue.ERROR_NONE;
import static org.jclick.nic.virtio.VirtqueueLayout.DESC_SIZE_BYTES;
import static org.jclick.nic.virtio.VirtqueueLayout.VIRTQ_DESC_F_INDIRECT;
import static org.jclick.nic.virtio.VirtqueueLayout.VIRTQ_DESC_F_NEXT;
import static org.jclick.nic.virtio.VirtqueueLayout.VIRTQ_DESC_F_WRITE;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The driver side of a packed virtqueue (VIRTIO_F_RING_PACKED; virtio 1.2 section 2.8, "Packed Virtqueues") over a
 * region of {@link DmaMemory}. Section numbers below are those of virtio 1.2/1.3 (in 1.1 the same text is 2.7).
 *
 * <p>Layout ({@link #totalBytes}): the descriptor ring ({@code size} descriptors of 16 bytes: {@code le64 addr,
 * le32 len, le16 id, le16 flags}, 16-byte aligned), then the driver event suppression area and the device event
 * suppression area ({@code le16 off_wrap, le16 flags}, 4 bytes each, section 2.8.10/2.8.14).
 *
 * <p>The driver writes available descriptors in ring order, marking each with {@code AVAIL = wrap counter} and
 * {@code USED = !wrap counter} (section 2.8.1); the device overwrites descriptors in ring order with used ones
 * ({@code AVAIL = USED = its wrap counter}) carrying a buffer id and a length, one per buffer, and the driver
 * skips as many ring slots as that buffer had descriptors. Buffer ids are the driver's own (a free-id stack here),
 * independent of ring positions; completions may come in any order.
 *
 * <p>The API is the one of {@link SplitVirtqueue} ({@link Virtqueue}): added buffers become visible at
 * {@link #publish()}, which writes the flags of the batch's first descriptor last (section 2.8.21.1, the batching
 * note: every other descriptor of the batch is written before, and the device reads the ring in order). The device
 * is not trusted: the driver never reads its own descriptors back (chain lengths and writable bytes are kept in
 * private arrays), and every used descriptor is checked (id in range, id in flight and not already returned, length
 * at most the buffer's writable bytes; a used descriptor without VIRTQ_DESC_F_WRITE has no length, 2.8.4); a
 * violation stops the queue and counts it, with the
 * {@code SplitVirtqueue.ERROR_} codes. The driver polls: the driver event suppression flags say DISABLE.
 *
 * <p>Per-packet methods allocate nothing and throw nothing. One thread uses a queue at a time.
 */
public final class PackedVirtqueue implements Virtqueue
{
    /** Descriptor flag (packed): available, compared with the wrap counter (section 2.8.1). */
    public static final int VIRTQ_DESC_F_AVAIL = 1 << 7;
    /** Descriptor flag (packed): used, compared with the wrap counter (section 2.8.1). */
    public static final int VIRTQ_DESC_F_USED = 1 << 15;
    /** Event suppression flags (section 2.8.14): notifications enabled. */
    public static final int RING_EVENT_FLAGS_ENABLE = 0;
    /** Event suppression flags: notifications disabled. */
    public static final int RING_EVENT_FLAGS_DISABLE = 1;
    /** Event suppression flags: notify at the descriptor in {@code off_wrap} (with VIRTIO_F_EVENT_IDX). */
    public static final int RING_EVENT_FLAGS_DESC = 2;

    /** Offsets in a packed descriptor. */
    public static final int DESC_ADDR = 0;
    public static final int DESC_LEN = 8;
    public static final int DESC_ID = 12;
    public static final int DESC_FLAGS = 14;

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT;
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG;
    private static final VarHandle U16_HANDLE = ValueLayout.JAVA_SHORT.varHandle();

    static
    {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN)
        {
            throw new ExceptionInInitializerError("the virtio drivers support little-endian hosts only");
        }
    }

    private final int queueIndex;
    private final int size;
    private final int mask;
    private final boolean eventIdx;
    private final DmaMemory memory;
    private final MemorySegment segment;
    private final long deviceBase;
    private final long driverEventOffset;
    private final long deviceEventOffset;

    /** Free buffer ids (a stack: the last freed is reused first). */
    private final int[] freeIds;
    /** Per id in flight: its descriptors (ring slots); 0 when not in flight. */
    private final int[] chainLength;
    /** Per id in flight: the device-writable bytes, the largest used length allowed. */
    private final int[] writableBytes;
    /** Per id: seen in a used descriptor scanned by {@link #pendingUsed()} and not yet taken. */
    private final boolean[] returned;
    /** Scanned used descriptors not yet taken, in order: id and length, at {@code sequence & mask}. */
    private final int[] pendingIds;
    private final int[] pendingLengths;

    private MemorySegment indirectTables;
    private long indirectBase;
    private int indirectEntries;

    private int freeIdCount;
    private int freeSlots;
    private int inFlight;
    /** The next ring slot to fill and the driver's ring wrap counter (section 2.8.1). */
    private int nextAvail;
    private boolean availWrap;
    /** The first head of the unpublished batch (its flags are written by {@link #publish()}), -1 when none. */
    private int batchHeadSlot;
    private int batchHeadFlags;
    /** Descriptors added since the last publish (for the event-index test). */
    private int addedSincePublish;
    /** The next ring slot where a used descriptor is expected, and the wrap counter it must carry. */
    private int nextUsed;
    private boolean usedWrap;
    /** Sequence numbers of the first pending (scanned, not taken) and the next scanned used descriptor. */
    private int pendingHead;
    private int pendingTail;
    private boolean notifyChecks = true;
    private boolean stopped;
    private long protocolErrors;
    private int lastError;
    private long notifications;

    /**
     * A queue of {@code size} entries (a power of two, at most 32768) at {@code offsetBytes} of {@code memory}
     * (16-byte aligned, {@link #totalBytes} long), zeroed and initialised by this constructor.
     */
    public PackedVirtqueue(
        final int queueIndex, final int size, final DmaMemory memory, final long offsetBytes, final boolean eventIdx)
    {
        VirtqueueLayout.checkSize(size);
        if ((offsetBytes & 15) != 0 || offsetBytes < 0 || offsetBytes + totalBytes(size) > memory.segment().byteSize())
        {
            throw new IllegalArgumentException("packed queue of " + size + " at offset " + offsetBytes +
                " must be 16-byte aligned and fit the " + memory.segment().byteSize() + "-byte region");
        }
        this.queueIndex = queueIndex;
        this.size = size;
        this.mask = size - 1;
        this.eventIdx = eventIdx;
        this.memory = memory;
        this.segment = memory.segment().asSlice(offsetBytes, totalBytes(size));
        this.deviceBase = offsetBytes;
        this.driverEventOffset = (long)DESC_SIZE_BYTES * size;
        this.deviceEventOffset = driverEventOffset + 4;
        this.freeIds = new int[size];
        this.chainLength = new int[size];
        this.writableBytes = new int[size];
        this.returned = new boolean[size];
        this.pendingIds = new int[size];
        this.pendingLengths = new int[size];
        reset();
    }

    /** Bytes of a packed queue of {@code size} entries: the ring and both event suppression areas. */
    public static long totalBytes(final int size)
    {
        return (long)DESC_SIZE_BYTES * size + 8;
    }

    @Override
    public long descAddress()
    {
        return memory.deviceAddress(deviceBase);
    }

    /** Device address of the driver event suppression area (section 2.8.10). */
    @Override
    public long availAddress()
    {
        return memory.deviceAddress(deviceBase + driverEventOffset);
    }

    /** Device address of the device event suppression area (section 2.8.10). */
    @Override
    public long usedAddress()
    {
        return memory.deviceAddress(deviceBase + deviceEventOffset);
    }

    @Override
    public void reset()
    {
        segment.fill((byte)0);
        for (int i = 0; i < size; i++)
        {
            freeIds[i] = size - 1 - i; // id 0 on top
            chainLength[i] = 0;
            writableBytes[i] = 0;
            returned[i] = false;
        }
        freeIdCount = size;
        freeSlots = size;
        inFlight = 0;
        // 2.8.1: "The driver ring wrap counter and the device ring wrap counter are initialized to 1"
        nextAvail = 0;
        availWrap = true;
        nextUsed = 0;
        usedWrap = true;
        batchHeadSlot = -1;
        batchHeadFlags = 0;
        addedSincePublish = 0;
        pendingHead = 0;
        pendingTail = 0;
        stopped = false;
        lastError = ERROR_NONE;
        // 2.8.10: polling, so the driver event suppression structure says "disable" (no used-buffer notifications)
        segment.set(U32, driverEventOffset, RING_EVENT_FLAGS_DISABLE << 16);
    }

    // ---------------------------------------------------------------------------------------------- adding

    @Override
    public int add(final long address, final int lengthBytes, final boolean deviceWritable)
    {
        if (freeSlots < 1 || stopped)
        {
            return -1;
        }
        final int id = freeIds[--freeIdCount];
        writeDesc(id, address, lengthBytes, deviceWritable ? VIRTQ_DESC_F_WRITE : 0, true);
        chainLength[id] = 1;
        writableBytes[id] = deviceWritable ? lengthBytes : 0;
        freeSlots--;
        inFlight++;
        return id;
    }

    @Override
    public int add2(
        final long address0, final int length0, final boolean firstWritable,
        final long address1, final int length1, final boolean secondWritable)
    {
        if (freeSlots < 2 || stopped)
        {
            return -1;
        }
        final int id = freeIds[--freeIdCount];
        // 2.8.6: a chain is consecutive ring descriptors linked by VIRTQ_DESC_F_NEXT; the id matters in the last
        // one (2.8.13: "Buffer ID is also included in the last descriptor"); written in each here
        writeDesc(id, address0, length0, VIRTQ_DESC_F_NEXT | (firstWritable ? VIRTQ_DESC_F_WRITE : 0), true);
        writeDesc(id, address1, length1, secondWritable ? VIRTQ_DESC_F_WRITE : 0, false);
        chainLength[id] = 2;
        writableBytes[id] = (firstWritable ? length0 : 0) + (secondWritable ? length1 : 0);
        freeSlots -= 2;
        inFlight++;
        return id;
    }

    @Override
    public int add3(
        final long address0, final int length0, final long address1, final int length1,
        final long address2, final int length2)
    {
        if (freeSlots < 3 || stopped)
        {
            return -1;
        }
        final int id = freeIds[--freeIdCount];
        writeDesc(id, address0, length0, VIRTQ_DESC_F_NEXT, true);
        writeDesc(id, address1, length1, VIRTQ_DESC_F_NEXT, false);
        writeDesc(id, address2, length2, VIRTQ_DESC_F_WRITE, false);
        chainLength[id] = 3;
        writableBytes[id] = length2;
        freeSlots -= 3;
        inFlight++;
        return id;
    }

    @Override
    public void enableIndirect(final long offsetBytes, final int entries)
    {
        if (entries < 1 || entries > size)
        {
            throw new IllegalArgumentException("indirect tables of " + entries + " entries; 1.." + size + " allowed");
        }
        final long bytes = (long)size * entries * DESC_SIZE_BYTES;
        if ((offsetBytes & 15) != 0 || offsetBytes < 0 || offsetBytes + bytes > memory.segment().byteSize() ||
            (offsetBytes < deviceBase + segment.byteSize() && deviceBase < offsetBytes + bytes))
        {
            throw new IllegalArgumentException("indirect tables of " + bytes + " bytes at offset " + offsetBytes +
                " must be 16-byte aligned, inside the region and outside the queue");
        }
        indirectTables = memory.segment().asSlice(offsetBytes, bytes);
        indirectTables.fill((byte)0);
        indirectBase = offsetBytes;
        indirectEntries = entries;
    }

    @Override
    public int indirectEntries()
    {
        return indirectEntries;
    }

    @Override
    public int add2Indirect(
        final long address0, final int length0, final boolean firstWritable,
        final long address1, final int length1, final boolean secondWritable)
    {
        if (freeSlots < 1 || stopped || indirectEntries < 2)
        {
            return -1;
        }
        final int id = freeIds[--freeIdCount];
        // 2.8.7: the table holds packed-format descriptors used in order (no NEXT; id and AVAIL/USED unused)
        final long table = (long)id * indirectEntries * DESC_SIZE_BYTES;
        indirectTables.set(U64, table + DESC_ADDR, address0);
        indirectTables.set(U32, table + DESC_LEN, length0);
        indirectTables.set(U32, table + DESC_ID, (firstWritable ? VIRTQ_DESC_F_WRITE : 0) << 16);
        indirectTables.set(U64, table + DESC_SIZE_BYTES + DESC_ADDR, address1);
        indirectTables.set(U32, table + DESC_SIZE_BYTES + DESC_LEN, length1);
        indirectTables.set(U32, table + DESC_SIZE_BYTES + DESC_ID, (secondWritable ? VIRTQ_DESC_F_WRITE : 0) << 16);
        writeDesc(id, memory.deviceAddress(indirectBase + table), 2 * DESC_SIZE_BYTES, VIRTQ_DESC_F_INDIRECT, true);
        chainLength[id] = 1;
        writableBytes[id] = (firstWritable ? length0 : 0) + (secondWritable ? length1 : 0);
        freeSlots--;
        inFlight++;
        return id;
    }

    /**
     * Writes the descriptor at the next ring slot. The first head of an unpublished batch gets everything but its
     * flags, which {@link #publish()} writes last; every other descriptor is written whole (plain stores: the
     * release store in publish orders them before the batch's first flags, and the device reads in ring order).
     */
    private void writeDesc(final int id, final long address, final int lengthBytes, final int flags, final boolean head)
    {
        final int slot = nextAvail;
        final long offset = (long)slot * DESC_SIZE_BYTES;
        // 2.8.1 / 2.8.21.1: an available descriptor has AVAIL equal to the driver's wrap counter and USED not
        final int allFlags = flags | (availWrap ? VIRTQ_DESC_F_AVAIL : VIRTQ_DESC_F_USED);
        segment.set(U64, offset + DESC_ADDR, address);
        segment.set(U32, offset + DESC_LEN, lengthBytes);
        if (head && batchHeadSlot < 0)
        {
            segment.set(U16, offset + DESC_ID, (short)id);
            batchHeadSlot = slot;
            batchHeadFlags = allFlags;
        }
        else
        {
            segment.set(U32, offset + DESC_ID, (id & 0xFFFF) | (allFlags << 16)); // id and flags in one store
        }
        addedSincePublish++;
        if (++nextAvail == size)
        {
            nextAvail = 0;
            availWrap = !availWrap; // 2.8.1: the driver wrap counter flips when the last ring slot is used
        }
    }

    /**
     * Makes the buffers added since the last call visible to the device and returns whether the device wants a
     * notification (the caller then calls {@link VirtioTransport#notifyQueue}). Returns false when nothing was added.
     */
    @Override
    public boolean publish()
    {
        final int headSlot = batchHeadSlot;
        if (headSlot < 0)
        {
            return false;
        }
        // 2.8.21.1 / 2.8.11 "Driver Requirements: Virtqueues": the flags of the first descriptor are written after
        // every other field and descriptor of the batch, with a write barrier before (a release store here), so
        // that the device, which reads the flags first, sees complete descriptors.
        U16_HANDLE.setRelease(segment, (long)headSlot * DESC_SIZE_BYTES + DESC_FLAGS, (short)batchHeadFlags);
        batchHeadSlot = -1;
        final int added = addedSincePublish;
        addedSincePublish = 0;
        if (!notifyChecks)
        {
            return false;
        }
        // 2.8.21.3.1 "Sending Available Buffer Notifications": a memory barrier before reading the device event
        // suppression structure, so that the flags store is visible before the load (store-load order)
        VarHandle.fullFence();
        final int event = segment.get(U32, deviceEventOffset);
        final int eventFlags = (event >>> 16) & 0x3;
        final boolean notify;
        if (eventFlags == RING_EVENT_FLAGS_DESC && eventIdx)
        {
            // 2.8.10: notify when the descriptor at off_wrap (offset bits 0-14, wrap counter bit 15) was made
            // available by this batch; an offset of the other lap counts one ring size back
            final int offWrap = event & 0xFFFF;
            int eventAt = offWrap & 0x7FFF;
            if (((offWrap >>> 15) != 0) != availWrap)
            {
                eventAt -= size;
            }
            final int newIdx = nextAvail;
            notify = VirtqueueLayout.needEvent(eventAt & 0xFFFF, newIdx, (newIdx - added) & 0xFFFF);
        }
        else
        {
            notify = eventFlags != RING_EVENT_FLAGS_DISABLE;
        }
        if (notify)
        {
            notifications++;
        }
        return notify;
    }

    // ---------------------------------------------------------------------------------------------- used

    /**
     * The used buffers the device returned and the driver has not taken; 0 when stopped. Scans the ring from where
     * the last scan stopped, validating each used descriptor (a violation stops the queue and returns 0).
     */
    @Override
    public int pendingUsed()
    {
        if (stopped)
        {
            return 0;
        }
        int slot = nextUsed;
        boolean wrap = usedWrap;
        int tail = pendingTail;
        int expectedFlags = wrap ? VIRTQ_DESC_F_AVAIL | VIRTQ_DESC_F_USED : 0;
        while (tail - pendingHead < inFlight)
        {
            final long offset = (long)slot * DESC_SIZE_BYTES;
            // 2.8.22 "Receiving Used Buffers" / 2.8.2: the flags are read first, with acquire semantics, so the
            // id and length read afterwards are at least as new (pairs with the device's write barrier before its
            // flags store, 2.8.12 "Device Requirements: Virtqueues")
            final int flags = (short)U16_HANDLE.getAcquire(segment, offset + DESC_FLAGS) & 0xFFFF;
            // 2.8.1: used when AVAIL and USED both equal the driver's used wrap counter
            if ((flags & (VIRTQ_DESC_F_AVAIL | VIRTQ_DESC_F_USED)) != expectedFlags)
            {
                break;
            }
            final int id = segment.get(U16, offset + DESC_ID) & 0xFFFF;
            // 2.8.4 "Element Address and Length": the length is reserved in a used descriptor without
            // VIRTQ_DESC_F_WRITE and ignored by drivers (DPDK's vhost writes the buffer's length there on transmit)
            final int lengthBytes = (flags & VIRTQ_DESC_F_WRITE) != 0 ? segment.get(U32, offset + DESC_LEN) : 0;
            if (id >= size)
            {
                fail(ERROR_ID_OUT_OF_RANGE);
                return 0;
            }
            final int descriptors = chainLength[id];
            if (descriptors == 0 || returned[id])
            {
                fail(ERROR_ID_NOT_IN_FLIGHT);
                return 0;
            }
            if (lengthBytes < 0 || lengthBytes > writableBytes[id])
            {
                fail(ERROR_LENGTH);
                return 0;
            }
            returned[id] = true;
            pendingIds[tail & mask] = id;
            pendingLengths[tail & mask] = lengthBytes;
            tail++;
            // 2.8.6: the device skips as many slots as the buffer had descriptors
            slot += descriptors;
            if (slot >= size)
            {
                slot -= size;
                wrap = !wrap;
                expectedFlags = wrap ? VIRTQ_DESC_F_AVAIL | VIRTQ_DESC_F_USED : 0;
            }
        }
        nextUsed = slot;
        usedWrap = wrap;
        pendingTail = tail;
        return tail - pendingHead;
    }

    @Override
    public int peekUsedId(final int k)
    {
        if (stopped)
        {
            return -1;
        }
        if (k >= pendingTail - pendingHead && k >= pendingUsed())
        {
            return -1; // not returned yet (or the scan stopped the queue)
        }
        return pendingIds[(pendingHead + k) & mask];
    }

    @Override
    public int peekUsedLength(final int k)
    {
        return pendingLengths[(pendingHead + k) & mask];
    }

    @Override
    public int takeUsed()
    {
        if (stopped || (pendingTail == pendingHead && pendingUsed() == 0))
        {
            return -1;
        }
        final int id = pendingIds[pendingHead & mask];
        pendingHead++;
        returned[id] = false;
        freeSlots += chainLength[id];
        chainLength[id] = 0;
        writableBytes[id] = 0;
        freeIds[freeIdCount++] = id;
        inFlight--;
        return id;
    }

    @Override
    public void fail(final int error)
    {
        if (!stopped)
        {
            stopped = true;
            lastError = error;
        }
        protocolErrors++;
    }

    /**
     * Before a blocking wait: enables used-buffer notifications (with EVENT_IDX, at the next used slot: flags DESC
     * and off_wrap, section 2.8.10), then checks the ring again after a full fence. Returns whether the caller
     * may sleep.
     */
    @Override
    public boolean enableNotification()
    {
        if (stopped)
        {
            return false;
        }
        if (eventIdx)
        {
            final int offWrap = nextUsed | (usedWrap ? 0x8000 : 0);
            segment.set(U32, driverEventOffset, offWrap | (RING_EVENT_FLAGS_DESC << 16));
        }
        else
        {
            segment.set(U32, driverEventOffset, RING_EVENT_FLAGS_ENABLE << 16);
        }
        // the store must be visible before the ring is read again, or a used descriptor written in between
        // would be neither seen nor notified
        VarHandle.fullFence();
        return pendingUsed() == 0;
    }

    @Override
    public void disableNotification()
    {
        segment.set(U32, driverEventOffset, RING_EVENT_FLAGS_DISABLE << 16);
    }

    @Override
    public void notifyChecks(final boolean on)
    {
        notifyChecks = on;
    }

    // ---------------------------------------------------------------------------------------------- state

    @Override
    public int queueIndex()
    {
        return queueIndex;
    }

    @Override
    public int size()
    {
        return size;
    }

    @Override
    public int freeDescriptors()
    {
        return freeSlots;
    }

    @Override
    public int inFlight()
    {
        return inFlight;
    }

    @Override
    public boolean stopped()
    {
        return stopped;
    }

    @Override
    public long protocolErrors()
    {
        return protocolErrors;
    }

    @Override
    public int lastError()
    {
        return lastError;
    }

    @Override
    public long notifications()
    {
        return notifications;
    }

    @Override
    public boolean eventIdx()
    {
        return eventIdx;
    }

    /** The driver's next available slot and wrap counter as vhost-user's SET_VRING_BASE carries it (bit 15). */
    public int availBase()
    {
        return nextAvail | (availWrap ? 0x8000 : 0);
    }

    @Override
    public String state()
    {
        return "packed queue " + queueIndex + ": size " + size + ", in flight " + inFlight + ", free slots " + freeSlots
            + ", next avail " + nextAvail + " (wrap " + (availWrap ? 1 : 0) + "), next used " + nextUsed + " (wrap "
            + (usedWrap ? 1 : 0) + "), scanned " + (pendingTail - pendingHead)
            + (stopped ? ", stopped: " + SplitVirtqueue.errorName(lastError) : "");
    }
}
