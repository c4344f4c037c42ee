package org.jclick.nic.virtio;

import static org.jclick.nic.virtio.VirtqueueLayout.DESC_ADDR;
import static org.jclick.nic.virtio.VirtqueueLayout.DESC_FLAGS;
import static org.jclick.nic.virtio.VirtqueueLayout.DESC_LEN;
import static org.jclick.nic.virtio.VirtqueueLayout.DESC_SIZE_BYTES;
import static org.jclick.nic.virtio.VirtqueueLayout.VIRTQ_AVAIL_F_NO_INTERRUPT;
import static org.jclick.nic.virtio.VirtqueueLayout.VIRTQ_DESC_F_INDIRECT;
import static org.jclick.nic.virtio.VirtqueueLayout.VIRTQ_DESC_F_NEXT;
import static org.jclick.nic.virtio.VirtqueueLayout.VIRTQ_DESC_F_WRITE;
import static org.jclick.nic.virtio.VirtqueueLayout.VIRTQ_USED_F_NO_NOTIFY;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The driver side of a split virtqueue (virtio 1.x, section 2.7) over a region of {@link DmaMemory}.
 *
 * <p>The driver adds buffers ({@link #add}, {@link #add2}), which become visible to the device at
 * {@link #publish()}; the device returns them through the used ring, read with {@link #pendingUsed()},
 * {@link #peekUsedId}/{@link #peekUsedLength} and {@link #takeUsed()}. The driver polls: it sets
 * {@code VIRTQ_AVAIL_F_NO_INTERRUPT} (and, with {@code VIRTIO_F_EVENT_IDX}, keeps {@code used_event} behind the
 * used index), and {@link #publish()} says whether the device asked for a notification.
 *
 * <p>The device is not trusted. The driver never reads the descriptor table back (chains are remembered in
 * private arrays), and every used-ring entry is checked: its id must be the head of a chain in flight, its
 * length at most the chain's device-writable bytes, and the used index may not run ahead of the buffers in
 * flight. A violation stops the queue ({@link #stopped()}), counts the event ({@link #protocolErrors()},
 * {@link #lastError()}) and makes every later call a no-op until {@link #reset()}; nothing is read outside the
 * queue's region and nothing is thrown.
 *
 * <p>With {@link #enableIndirect} a chain can also be added as one ring descriptor pointing to an indirect table
 * ({@link #add2Indirect}, {@link #addIndirect}; section 2.7.5.3): each ring descriptor owns a fixed table in the DMA
 * region, written completely on each use and, like the ring, never read back.
 *
 * <p>Per-packet methods allocate nothing and throw nothing. One thread uses a queue at a time.
 */
public final class SplitVirtqueue implements Virtqueue
{
    /** {@link #lastError()}: none. */
    public static final int ERROR_NONE = 0;
    /** {@link #lastError()}: a used id at or beyond the queue size. */
    public static final int ERROR_ID_OUT_OF_RANGE = 1;
    /** {@link #lastError()}: a used id that is not the head of a chain in flight (e.g. returned twice). */
    public static final int ERROR_ID_NOT_IN_FLIGHT = 2;
    /** {@link #lastError()}: a used length beyond the chain's device-writable bytes. */
    public static final int ERROR_LENGTH = 3;
    /** {@link #lastError()}: the used index moved by more than the chains in flight. */
    public static final int ERROR_IDX_JUMP = 4;
    /** {@link #lastError()}: a device-specific violation reported by the device driver ({@link #fail}). */
    public static final int ERROR_DEVICE = 5;
    /** {@link #lastError()}: with VIRTIO_F_IN_ORDER, a used id other than the oldest buffer in flight. */
    public static final int ERROR_ORDER = 6;

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT;
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG;
    /** Acquire/release access to the ring indexes: coordinates (segment, offset). */
    private static final VarHandle U16_HANDLE = ValueLayout.JAVA_SHORT.varHandle();

    static
    {
        // virtio 1.x rings are little-endian; legacy ones are in the guest's order. Both are native here.
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
    /** Offset of the queue in the DMA region (device addresses are computed from it). */
    private final long deviceBase;
    private final long descOffset;
    private final long availOffset;
    private final long usedOffset;
    private final long availRingOffset;
    private final long usedEventOffset;
    private final long usedRingOffset;
    private final long availEventOffset;

    /** Next descriptor on the free list (or in a chain in flight), -1 at the end. */
    private final int[] nextFree;
    /**
     * What the driver last wrote to each descriptor's len and flags|next<<16, and to each avail ring slot: a field
     * that would not change is not rewritten, so the cache lines the device reads stay valid in its cache (with
     * the free list in FIFO order and one-descriptor chains, slot k always carries descriptor k). Private copies:
     * the shared table is still never read back.
     */
    private final int[] descLenWritten;
    private final int[] descFlagsNextWritten;
    private final int[] availWritten;
    /** For each chain head in flight: the number of descriptors; 0 when the id is not a head in flight. */
    private final int[] chainLength;
    /** For each chain head in flight: the device-writable bytes, the largest used length allowed. */
    private final int[] writableBytes;

    /** Indirect descriptor tables (VIRTIO_F_INDIRECT_DESC), one per ring descriptor; null when not enabled. */
    private MemorySegment indirectTables;
    /** Offset of the tables in the DMA region (device addresses are computed from it). */
    private long indirectBase;
    /** Entries per table; 0 when not enabled. */
    private int indirectEntries;
    private int freeHead;
    /** The last descriptor on the free list (freed chains are appended: FIFO reuse), -1 when empty. */
    private int freeTail;
    private int freeCount;
    private int inFlight;
    /** The driver's copy of avail.idx (the next entry to fill), 16 bits. */
    private int availIdx;
    /** avail.idx as last published. */
    private int publishedAvailIdx;
    /** The next used entry to read, 16 bits. */
    private int lastUsedIdx;
    /** used_event as last written (EVENT_IDX): rewritten only when the consumed index moves a quarter of 2^16 away. */
    private int usedEventWritten;
    /** Whether {@link #publish()} checks the device's notification suppression (false: the device polls). */
    private boolean notifyChecks = true;
    /** VIRTIO_F_IN_ORDER (section 2.7.9): buffers come back in the order they were made available. */
    private boolean inOrder;
    /** With {@link #inOrder}: the head of the oldest chain in flight (descriptors are used in ring order). */
    private int oldestHead;
    private boolean stopped;
    private long protocolErrors;
    private int lastError;
    private long notifications;

    /**
     * A queue of {@code size} entries laid out by {@link VirtqueueLayout} at {@code offsetBytes} of {@code memory}
     * (16-byte aligned, {@link VirtqueueLayout#totalBytes} long), zeroed and initialised by this constructor.
     */
    public SplitVirtqueue(
        final int queueIndex, final int size, final DmaMemory memory, final long offsetBytes, final boolean eventIdx)
    {
        VirtqueueLayout.checkSize(size);
        if ((offsetBytes & 4095) != 0 || offsetBytes < 0 ||
            offsetBytes + VirtqueueLayout.totalBytes(size) > memory.segment().byteSize())
        {
            throw new IllegalArgumentException("queue of " + size + " at offset " + offsetBytes +
                " must be page-aligned and fit the " + memory.segment().byteSize() + "-byte region");
        }
        this.queueIndex = queueIndex;
        this.size = size;
        this.mask = size - 1;
        this.eventIdx = eventIdx;
        this.memory = memory;
        this.segment = memory.segment().asSlice(offsetBytes, VirtqueueLayout.totalBytes(size));
        this.descOffset = 0;
        this.availOffset = VirtqueueLayout.availOffset(size);
        this.usedOffset = VirtqueueLayout.usedOffset(size);
        this.availRingOffset = availOffset + 4;
        this.usedEventOffset = availOffset + 4 + 2L * size;
        this.usedRingOffset = usedOffset + 4;
        this.availEventOffset = usedOffset + 4 + 8L * size;
        this.nextFree = new int[size];
        this.descLenWritten = new int[size];
        this.descFlagsNextWritten = new int[size];
        this.availWritten = new int[size];
        this.chainLength = new int[size];
        this.writableBytes = new int[size];
        this.deviceBase = offsetBytes;
        reset();
    }

    /** Device address of the descriptor table. */
    public long descAddress()
    {
        return memory.deviceAddress(deviceBase + descOffset);
    }

    /** Device address of the available ring. */
    public long availAddress()
    {
        return memory.deviceAddress(deviceBase + availOffset);
    }

    /** Device address of the used ring. */
    public long usedAddress()
    {
        return memory.deviceAddress(deviceBase + usedOffset);
    }

    /**
     * Forgets every buffer (the device must have been reset or the queue not yet set up), zeroes the rings and
     * clears the stopped state; counters are kept.
     */
    public void reset()
    {
        segment.fill((byte)0);
        for (int i = 0; i < size; i++)
        {
            nextFree[i] = i + 1 < size ? i + 1 : -1;
            chainLength[i] = 0;
            writableBytes[i] = 0;
            descLenWritten[i] = 0;
            descFlagsNextWritten[i] = 0;
            availWritten[i] = 0;
        }
        freeHead = 0;
        freeTail = size - 1;
        freeCount = size;
        inFlight = 0;
        availIdx = 0;
        publishedAvailIdx = 0;
        lastUsedIdx = 0;
        oldestHead = 0;
        usedEventWritten = 0xFFFF;
        stopped = false;
        lastError = ERROR_NONE;
        // Polling: ask for no used-buffer notifications (section 2.7.7: the driver sets VIRTQ_AVAIL_F_NO_INTERRUPT
        // when EVENT_IDX is not negotiated; with it, used_event is kept behind the used index, see takeUsed()).
        segment.set(U16, availOffset, (short)VIRTQ_AVAIL_F_NO_INTERRUPT);
        segment.set(U16, usedEventOffset, (short)0xFFFF);
    }

    // ---------------------------------------------------------------------------------------------- adding

    /**
     * Adds one buffer of {@code lengthBytes} at device address {@code address} (device-writable if
     * {@code deviceWritable}) to the available ring, not yet published. Returns its id (the descriptor index), or
     * -1 if no descriptor is free or the queue is stopped.
     */
    public int add(final long address, final int lengthBytes, final boolean deviceWritable)
    {
        if (freeCount == 0 || stopped)
        {
            return -1;
        }
        final int head = freeHead;
        freeHead = inOrder ? (head + 1) & mask : nextFree[head];
        freeCount--;
        if (freeCount == 0)
        {
            freeTail = -1;
        }
        writeDesc(head, address, lengthBytes, deviceWritable ? VIRTQ_DESC_F_WRITE : 0, 0);
        nextFree[head] = -1;
        chainLength[head] = 1;
        writableBytes[head] = deviceWritable ? lengthBytes : 0;
        putAvail(head);
        return head;
    }

    /**
     * Adds a chain of two buffers (e.g. a net header and the frame), the second device-writable if
     * {@code secondWritable}; returns the head id or -1 if fewer than two descriptors are free.
     */
    public int add2(
        final long address0, final int length0, final boolean firstWritable,
        final long address1, final int length1, final boolean secondWritable)
    {
        if (freeCount < 2 || stopped)
        {
            return -1;
        }
        final int head = freeHead;
        final int second = inOrder ? (head + 1) & mask : nextFree[head];
        freeHead = inOrder ? (second + 1) & mask : nextFree[second];
        freeCount -= 2;
        if (freeCount == 0)
        {
            freeTail = -1;
        }
        writeDesc(head, address0, length0, VIRTQ_DESC_F_NEXT | (firstWritable ? VIRTQ_DESC_F_WRITE : 0), second);
        writeDesc(second, address1, length1, secondWritable ? VIRTQ_DESC_F_WRITE : 0, 0);
        nextFree[head] = second;
        nextFree[second] = -1;
        chainLength[head] = 2;
        writableBytes[head] = (firstWritable ? length0 : 0) + (secondWritable ? length1 : 0);
        putAvail(head);
        return head;
    }

    /**
     * Adds a chain of three buffers (a control command: header, data, ack); returns the head id or -1. The
     * first two are device-readable, the third device-writable.
     */
    public int add3(
        final long address0, final int length0, final long address1, final int length1,
        final long address2, final int length2)
    {
        if (freeCount < 3 || stopped)
        {
            return -1;
        }
        final int head = freeHead;
        final int second = inOrder ? (head + 1) & mask : nextFree[head];
        final int third = inOrder ? (second + 1) & mask : nextFree[second];
        freeHead = inOrder ? (third + 1) & mask : nextFree[third];
        freeCount -= 3;
        if (freeCount == 0)
        {
            freeTail = -1;
        }
        writeDesc(head, address0, length0, VIRTQ_DESC_F_NEXT, second);
        writeDesc(second, address1, length1, VIRTQ_DESC_F_NEXT, third);
        writeDesc(third, address2, length2, VIRTQ_DESC_F_WRITE, 0);
        nextFree[head] = second;
        nextFree[second] = third;
        nextFree[third] = -1;
        chainLength[head] = 3;
        writableBytes[head] = length2;
        putAvail(head);
        return head;
    }

    /**
     * Enables indirect descriptors (setup time; the device must have accepted VIRTIO_F_INDIRECT_DESC): tables of
     * {@code entries} descriptors, one per ring descriptor, at {@code offsetBytes} of the DMA region (16-byte
     * aligned, {@code size * entries * 16} bytes, outside the queue itself).
     */
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

    /** Entries per indirect table, 0 when indirect descriptors are not enabled. */
    public int indirectEntries()
    {
        return indirectEntries;
    }

    /**
     * Adds a chain of two buffers (as {@link #add2}) as one ring descriptor with an indirect table; returns the head
     * id, or -1 if no descriptor is free, the queue is stopped or indirect descriptors are not enabled.
     */
    public int add2Indirect(
        final long address0, final int length0, final boolean firstWritable,
        final long address1, final int length1, final boolean secondWritable)
    {
        if (freeCount == 0 || stopped || indirectEntries < 2)
        {
            return -1;
        }
        final int head = takeOneFree();
        final long table = (long)head * indirectEntries * DESC_SIZE_BYTES;
        writeTableDesc(table, address0, length0, VIRTQ_DESC_F_NEXT | (firstWritable ? VIRTQ_DESC_F_WRITE : 0), 1);
        writeTableDesc(table + DESC_SIZE_BYTES, address1, length1, secondWritable ? VIRTQ_DESC_F_WRITE : 0, 0);
        writeDesc(head, memory.deviceAddress(indirectBase + table), 2 * DESC_SIZE_BYTES, VIRTQ_DESC_F_INDIRECT, 0);
        chainLength[head] = 1;
        writableBytes[head] = (firstWritable ? length0 : 0) + (secondWritable ? length1 : 0);
        putAvail(head);
        return head;
    }

    /**
     * Adds a chain of {@code count} buffers ({@code addresses[i]}, {@code lengths[i]}; those from index
     * {@code firstWritable} on device-writable, the others device-readable, as 2.7.4.2 requires) as one ring
     * descriptor with an indirect table. Returns the head id, or -1 if no descriptor is free, the queue is stopped,
     * indirect descriptors are not enabled or {@code count} exceeds the table.
     */
    public int addIndirect(final long[] addresses, final int[] lengths, final int count, final int firstWritable)
    {
        if (freeCount == 0 || stopped || count < 1 || count > indirectEntries)
        {
            return -1;
        }
        final int head = takeOneFree();
        final long table = (long)head * indirectEntries * DESC_SIZE_BYTES;
        int writable = 0;
        for (int i = 0; i < count; i++)
        {
            final boolean deviceWritable = i >= firstWritable;
            final boolean last = i == count - 1;
            writeTableDesc(table + (long)i * DESC_SIZE_BYTES, addresses[i], lengths[i],
                (last ? 0 : VIRTQ_DESC_F_NEXT) | (deviceWritable ? VIRTQ_DESC_F_WRITE : 0), last ? 0 : i + 1);
            writable += deviceWritable ? lengths[i] : 0;
        }
        writeDesc(head, memory.deviceAddress(indirectBase + table), count * DESC_SIZE_BYTES, VIRTQ_DESC_F_INDIRECT, 0);
        chainLength[head] = 1;
        writableBytes[head] = writable;
        putAvail(head);
        return head;
    }

    private int takeOneFree()
    {
        final int head = freeHead;
        freeHead = inOrder ? (head + 1) & mask : nextFree[head];
        freeCount--;
        if (freeCount == 0)
        {
            freeTail = -1;
        }
        nextFree[head] = -1;
        return head;
    }

    private void writeTableDesc(
        final long offset, final long address, final int lengthBytes, final int flags, final int next)
    {
        indirectTables.set(U64, offset + DESC_ADDR, address);
        indirectTables.set(U32, offset + DESC_LEN, lengthBytes);
        indirectTables.set(U32, offset + DESC_FLAGS, (flags & 0xFFFF) | (next << 16));
    }

    private void writeDesc(final int index, final long address, final int lengthBytes, final int flags, final int next)
    {
        final long offset = descOffset + (long)index * DESC_SIZE_BYTES;
        segment.set(U64, offset + DESC_ADDR, address);
        if (descLenWritten[index] != lengthBytes)
        {
            segment.set(U32, offset + DESC_LEN, lengthBytes);
            descLenWritten[index] = lengthBytes;
        }
        // flags (offset 12) and next (offset 14) as one little-endian 32-bit store
        final int flagsNext = (flags & 0xFFFF) | (next << 16);
        if (descFlagsNextWritten[index] != flagsNext)
        {
            segment.set(U32, offset + DESC_FLAGS, flagsNext);
            descFlagsNextWritten[index] = flagsNext;
        }
    }

    private void putAvail(final int head)
    {
        final int slot = availIdx & mask;
        if (availWritten[slot] != head)
        {
            segment.set(U16, availRingOffset + 2L * slot, (short)head);
            availWritten[slot] = head;
        }
        availIdx = (availIdx + 1) & 0xFFFF;
        inFlight++;
    }

    /**
     * Makes the buffers added since the last call visible to the device (section 2.7.13.3) and returns whether
     * the device wants a notification (section 2.7.13.4): the caller then calls
     * {@link VirtioTransport#notifyQueue}. Returns false when nothing was added.
     */
    public boolean publish()
    {
        final int oldIdx = publishedAvailIdx;
        final int newIdx = availIdx;
        if (oldIdx == newIdx)
        {
            return false;
        }
        // 2.7.13.3: "The driver MUST perform a suitable memory barrier before the idx update, to ensure the device
        // sees the most up-to-date copy" of the descriptors and ring entries: a release store of avail.idx.
        U16_HANDLE.setRelease(segment, availOffset + 2, (short)newIdx);
        publishedAvailIdx = newIdx;
        if (!notifyChecks)
        {
            // a polling device (vhost-user without a kick eventfd): a notification would do nothing, so neither
            // the store-load fence nor the read of a cache line the device writes is worth paying for
            return false;
        }
        // 2.7.13.4: "The driver MUST perform a suitable memory barrier before reading flags or avail_event, to
        // avoid missing a notification": the idx store must be visible before the load below (store-load order).
        VarHandle.fullFence();
        final boolean notify;
        if (eventIdx)
        {
            // 2.7.10 with VIRTIO_F_EVENT_IDX: notify if avail_event lies in [old, new).
            notify = VirtqueueLayout.needEvent(segment.get(U16, availEventOffset) & 0xFFFF, newIdx, oldIdx);
        }
        else
        {
            // 2.7.10 without it: notify unless the device set VIRTQ_USED_F_NO_NOTIFY.
            notify = (segment.get(U16, usedOffset) & VIRTQ_USED_F_NO_NOTIFY) == 0;
        }
        if (notify)
        {
            notifications++;
        }
        return notify;
    }

    // ---------------------------------------------------------------------------------------------- used ring

    /**
     * The number of used entries the device has returned and the driver not yet taken; 0 when stopped. A used
     * index that ran ahead of the chains in flight stops the queue ({@link #ERROR_IDX_JUMP}).
     */
    public int pendingUsed()
    {
        if (stopped)
        {
            return 0;
        }
        // 2.7.14 / 2.7.8: the used idx is read with acquire semantics, so that the ring entries (and the buffer
        // contents the device wrote) read afterwards are at least as new as the index (pairs with the device's
        // write barrier before its used idx update, 2.7.8.2).
        final int usedIdx = (short)U16_HANDLE.getAcquire(segment, usedOffset + 2) & 0xFFFF;
        final int pending = (usedIdx - lastUsedIdx) & 0xFFFF;
        if (pending > inFlight)
        {
            fail(ERROR_IDX_JUMP);
            return 0;
        }
        return pending;
    }

    /**
     * The id of the {@code k}-th pending used entry ({@code k < pendingUsed()}), validated (in range and a chain
     * head in flight), or -1 after stopping the queue.
     */
    public int peekUsedId(final int k)
    {
        if (stopped)
        {
            return -1;
        }
        final long entry = usedRingOffset + 8L * ((lastUsedIdx + k) & mask);
        final int id = segment.get(U32, entry);
        if (id < 0 || id >= size)
        {
            fail(ERROR_ID_OUT_OF_RANGE);
            return -1;
        }
        if (chainLength[id] == 0)
        {
            fail(ERROR_ID_NOT_IN_FLIGHT);
            return -1;
        }
        if (inOrder && k == 0 && id != oldestHead)
        {
            // out of order, or a batched entry (2.7.9) where a length per buffer is needed (receive): not accepted,
            // since freeing out of order would break the ring order of the descriptors
            fail(ERROR_ORDER);
            return -1;
        }
        final int lengthBytes = segment.get(U32, entry + 4);
        if (lengthBytes < 0 || lengthBytes > writableBytes[id])
        {
            fail(ERROR_LENGTH);
            return -1;
        }
        return id;
    }

    /** The length of the {@code k}-th pending used entry (call after {@link #peekUsedId} accepted it). */
    public int peekUsedLength(final int k)
    {
        return segment.get(U32, usedRingOffset + 8L * ((lastUsedIdx + k) & mask) + 4);
    }

    /**
     * Takes the next used entry (the caller checked {@link #pendingUsed()} {@code > 0}): validates it, frees its
     * chain and returns its id, or -1 after stopping the queue. Its length is {@link #peekUsedLength peekUsedLength(0)}
     * read before this call.
     */
    public int takeUsed()
    {
        final int id = peekUsedId(0);
        if (id < 0)
        {
            return -1;
        }
        if (inOrder)
        {
            oldestHead = (id + chainLength[id]) & mask;
            freeCount += chainLength[id]; // allocation is sequential (freeHead moves on): no free list to keep
        }
        else
        {
            freeChain(id);
        }
        chainLength[id] = 0;
        writableBytes[id] = 0;
        inFlight--;
        lastUsedIdx = (lastUsedIdx + 1) & 0xFFFF;
        if (eventIdx && ((lastUsedIdx - usedEventWritten) & 0xFFFF) >= 0x4000)
        {
            // 2.7.7 with VIRTIO_F_EVENT_IDX: keep used_event behind what was consumed, so the device, which
            // notifies only when its used idx passes used_event, does not notify a polling driver. Rewritten once
            // per 16384 entries, not per entry: the device reads this cache line on every used-ring update, and
            // a used_event left behind only costs one spurious notification per wrap of the 16-bit index.
            usedEventWritten = (lastUsedIdx - 1) & 0xFFFF;
            segment.set(U16, usedEventOffset, (short)usedEventWritten);
        }
        return id;
    }

    private void freeChain(final int id)
    {
        // free the chain from the driver's own record (the descriptor table in shared memory is never read back)
        int last = id;
        for (int i = chainLength[id]; i > 1; i--)
        {
            last = nextFree[last];
        }
        // appended to the free list (FIFO), so that descriptors are reused in the order they were first used
        if (freeCount == 0)
        {
            freeHead = id;
        }
        else
        {
            nextFree[freeTail] = id;
        }
        nextFree[last] = -1;
        freeTail = last;
        freeCount += chainLength[id];
    }

    /**
     * Uses VIRTIO_F_IN_ORDER (section 2.7.9; setup time, after the device accepted the feature, before any buffer is
     * added): descriptors are then taken in ring order (a chain's descriptors are consecutive, the one after the
     * last descriptor of the table being 0, as 2.7.5 asks; no free list), {@link #takeUsed()} accepts only the oldest chain in flight, and {@link #takeUsedInOrder()} takes
     * back everything the device used by the used index alone.
     */
    public void inOrder(final boolean on)
    {
        inOrder = on;
    }

    /** Whether VIRTIO_F_IN_ORDER is in use ({@link #inOrder(boolean)}). */
    public boolean inOrder()
    {
        return inOrder;
    }

    /**
     * The descriptor the oldest chain in flight starts at (with {@link #inOrder(boolean)}): the first descriptor
     * {@link #takeUsedInOrder()} frees.
     */
    public int oldestHead()
    {
        return oldestHead;
    }

    /**
     * With {@link #inOrder(boolean)}: takes back every buffer the device used, from the used index alone (2.7.9: the
     * index counts every buffer used, in the order they were made available, whether the device wrote one used
     * entry per buffer or one per batch), without reading a used entry. Returns the number of descriptors freed,
     * which start at {@link #oldestHead()} as it was before the call and wrap at the end of the table; 0 when
     * stopped or not in order. The length of a used entry is not available this way (transmit queues do not need
     * it). A device that breaks the order cannot make the driver read anything outside the queue: the driver only
     * hands back buffers early, which the device may still be reading.
     */
    public int takeUsedInOrder()
    {
        if (!inOrder)
        {
            return 0;
        }
        final int pending = pendingUsed();
        if (pending == 0)
        {
            return 0;
        }
        final int[] chainLength = this.chainLength;
        final int mask = this.mask;
        int head = oldestHead;
        int freed = 0;
        for (int i = 0; i < pending; i++)
        {
            final int length = chainLength[head];
            chainLength[head] = 0;
            writableBytes[head] = 0;
            freed += length;
            head = (head + length) & mask;
        }
        // allocation is sequential in this mode (freeHead moves on by one): the count is all there is to free
        freeCount += freed;
        inFlight -= pending;
        oldestHead = head;
        lastUsedIdx = (lastUsedIdx + pending) & 0xFFFF;
        if (eventIdx && ((lastUsedIdx - usedEventWritten) & 0xFFFF) >= 0x4000)
        {
            usedEventWritten = (lastUsedIdx - 1) & 0xFFFF;
            segment.set(U16, usedEventOffset, (short)usedEventWritten);
        }
        return freed;
    }

    /**
     * Stops the queue after a protocol violation ({@code error} is one of the {@code ERROR_} constants), counting
     * it. Every later call is a no-op until {@link #reset()}.
     */
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
     * Before a blocking wait: asks the device to notify the next used entry (clears VIRTQ_AVAIL_F_NO_INTERRUPT, or
     * with EVENT_IDX sets used_event to the next entry, section 2.7.7), then checks the used index again after a
     * full fence. Returns whether the caller may sleep (false: entries arrived meanwhile). Call
     * {@link #disableNotification()} after the wait either way.
     */
    public boolean enableNotification()
    {
        if (stopped)
        {
            return false;
        }
        if (eventIdx)
        {
            usedEventWritten = lastUsedIdx;
            segment.set(U16, usedEventOffset, (short)lastUsedIdx);
        }
        else
        {
            segment.set(U16, availOffset, (short)0);
        }
        // 2.7.7.2 / the Linux driver's virtqueue_enable_cb: the store must be visible before the used idx is read
        // again, or an entry added in between would neither be seen nor notified
        VarHandle.fullFence();
        return pendingUsed() == 0;
    }

    /** After a blocking wait: back to polling (no used-buffer notifications). */
    public void disableNotification()
    {
        if (eventIdx)
        {
            usedEventWritten = (lastUsedIdx - 1) & 0xFFFF;
            segment.set(U16, usedEventOffset, (short)usedEventWritten);
        }
        else
        {
            segment.set(U16, availOffset, (short)VIRTQ_AVAIL_F_NO_INTERRUPT);
        }
    }

    /**
     * Whether {@link #publish()} reads the device's notification suppression (flags or avail_event) after a
     * store-load fence; set false (setup time) for a device that polls and ignores notifications.
     */
    public void notifyChecks(final boolean on)
    {
        notifyChecks = on;
    }

    // ---------------------------------------------------------------------------------------------- state

    /** The queue's index on its device. */
    public int queueIndex()
    {
        return queueIndex;
    }

    /** Entries (a power of two). */
    public int size()
    {
        return size;
    }

    /** Free descriptors. */
    public int freeDescriptors()
    {
        return freeCount;
    }

    /** Chains given to the device and not yet taken back. */
    public int inFlight()
    {
        return inFlight;
    }

    /** True after a protocol violation, until {@link #reset()}. */
    public boolean stopped()
    {
        return stopped;
    }

    /** Protocol violations seen (each stops the queue; a stopped queue sees no more). */
    public long protocolErrors()
    {
        return protocolErrors;
    }

    /** The first violation since the last reset: one of the {@code ERROR_} constants. */
    public int lastError()
    {
        return lastError;
    }

    /** Notifications the device asked for (see {@link #publish()}). */
    public long notifications()
    {
        return notifications;
    }

    /** Whether VIRTIO_F_EVENT_IDX is in use. */
    public boolean eventIdx()
    {
        return eventIdx;
    }

    /** A name for an {@code ERROR_} constant. */
    public static String errorName(final int error)
    {
        return switch (error)
        {
            case ERROR_NONE -> "none";
            case ERROR_ID_OUT_OF_RANGE -> "used id out of range";
            case ERROR_ID_NOT_IN_FLIGHT -> "used id not in flight";
            case ERROR_LENGTH -> "used length beyond the buffer";
            case ERROR_IDX_JUMP -> "used index jumped ahead";
            case ERROR_DEVICE -> "device protocol error";
            case ERROR_ORDER -> "used buffer out of order (IN_ORDER)";
            default -> "error " + error;
        };
    }

    @Override
    public String state()
    {
        return "split queue " + queueIndex + ": size " + size + ", in flight " + inFlight + ", free " + freeCount
            + ", avail idx " + availIdx + " (published " + publishedAvailIdx + "), last used idx " + lastUsedIdx
            + (stopped ? ", stopped: " + errorName(lastError) : "");
    }
}
