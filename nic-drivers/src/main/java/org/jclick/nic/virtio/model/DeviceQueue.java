package org.jclick.nic.virtio.model;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

import org.jclick.nic.virtio.VirtqueueLayout;

/**
 * The device side of a split virtqueue (virtio 1.x section 2.7) for the in-process device model: reads available
 * chains, writes used entries. Addresses are translated into the shared segment and checked, so a buggy driver
 * makes the model fail loudly (an {@link IllegalStateException}) rather than touch memory it does not own.
 */
public final class DeviceQueue implements DeviceRing
{
    private static final VarHandle U16_HANDLE = ValueLayout.JAVA_SHORT.varHandle();

    private final MemorySegment memory;
    private final long baseAddress;
    private final int size;
    private final long desc;
    private final long avail;
    private final long used;
    private int lastAvail;
    private int usedIdx;
    /** VIRTIO_F_IN_ORDER: check that the driver uses descriptors in ring order (2.7.5). */
    private boolean inOrder;
    /** The descriptor the next available chain must start at, with {@link #inOrder}. */
    private int nextInOrder;
    private int inOrderViolations;

    /** One descriptor of a chain, as read by {@link #chain}. */
    public record Buffer(long offset, int length, boolean writable)
    {
    }

    /**
     * The device side of the queue at the given device addresses in {@code memory}, whose first byte is at device
     * address {@code baseAddress} (also used by transports that emulate a queue, e.g. vhost-user's control queue).
     */
    public DeviceQueue(final MemorySegment memory, final long baseAddress, final int size,
        final long descAddress, final long availAddress, final long usedAddress)
    {
        this.memory = memory;
        this.baseAddress = baseAddress;
        this.size = VirtqueueLayout.checkSize(size);
        this.desc = translate(descAddress, 16L * size);
        this.avail = translate(availAddress, 6 + 2L * size);
        this.used = translate(usedAddress, 6 + 8L * size);
    }

    /** Offset in the shared segment of device address {@code address}, checked for {@code length} bytes. */
    long translate(final long address, final long length)
    {
        final long offset = address - baseAddress;
        if (offset < 0 || length < 0 || offset > memory.byteSize() - length)
        {
            throw new IllegalStateException("device address 0x" + Long.toHexString(address) + " + " + length +
                " outside the shared region");
        }
        return offset;
    }

    public int size()
    {
        return size;
    }

    /** Chains the driver made available and the device has not taken yet. */
    public int available()
    {
        // pairs with the driver's release store of avail.idx (2.7.13.3)
        final int availIdx = (short)U16_HANDLE.getAcquire(memory, avail + 2) & 0xFFFF;
        return (availIdx - lastAvail) & 0xFFFF;
    }

    /** Takes the next available chain head (check {@link #available()} first). */
    public int takeAvailable()
    {
        final int head = memory.get(ValueLayout.JAVA_SHORT, avail + 4 + 2L * (lastAvail & (size - 1))) & 0xFFFF;
        if (inOrder)
        {
            checkRingOrder(head);
        }
        lastAvail = (lastAvail + 1) & 0xFFFF;
        // the event index the driver reads with EVENT_IDX: "notify me when you pass this one"
        memory.set(ValueLayout.JAVA_SHORT, used + 4 + 8L * size, (short)lastAvail);
        return head;
    }

    /**
     * Checks (and counts in {@link #inOrderViolations()}) the driver's side of VIRTIO_F_IN_ORDER (2.7.5): the chain
     * starts where the previous one ended, and each NEXT is the following descriptor (0 after the last of the table).
     */
    private void checkRingOrder(final int head)
    {
        boolean ok = head == nextInOrder;
        int index = head & (size - 1);
        for (int n = 0; n < size; n++)
        {
            final long d = desc + 16L * index;
            final int flags = memory.get(ValueLayout.JAVA_SHORT, d + VirtqueueLayout.DESC_FLAGS) & 0xFFFF;
            if ((flags & VirtqueueLayout.VIRTQ_DESC_F_NEXT) == 0)
            {
                break;
            }
            final int next = memory.get(ValueLayout.JAVA_SHORT, d + VirtqueueLayout.DESC_NEXT) & 0xFFFF;
            ok &= next == ((index + 1) & (size - 1));
            index = next & (size - 1);
        }
        nextInOrder = (index + 1) & (size - 1);
        if (!ok)
        {
            inOrderViolations++;
        }
    }

    /** Checks from now on that the driver makes descriptors available in ring order (VIRTIO_F_IN_ORDER). */
    public void checkInOrder(final boolean on)
    {
        inOrder = on;
    }

    /** Chains that were not in ring order while {@link #checkInOrder} was on. */
    public int inOrderViolations()
    {
        return inOrderViolations;
    }

    /** The head of the {@code k}-th available chain not yet taken, without taking it. */
    public int peekAvailable(final int k)
    {
        return memory.get(ValueLayout.JAVA_SHORT, avail + 4 + 2L * ((lastAvail + k) & (size - 1))) & 0xFFFF;
    }

    /**
     * The descriptors of the chain starting at {@code head}, following NEXT (at most {@code size} of them) and, for
     * a descriptor with VIRTQ_DESC_F_INDIRECT, its table (2.7.5.3). A chain that breaks the rules fails with an
     * {@link IllegalStateException} before anything outside the shared region is read: an index out of range, a
     * loop, an address outside the region, an indirect table whose length is 0 or not a multiple of 16, an indirect
     * descriptor with NEXT as well, or an indirect descriptor inside a table (nested).
     */
    public java.util.List<Buffer> chain(final int head)
    {
        final java.util.List<Buffer> buffers = new java.util.ArrayList<>();
        int index = head;
        for (int n = 0; n < size; n++)
        {
            if (index < 0 || index >= size)
            {
                throw new IllegalStateException("descriptor index " + index + " out of range");
            }
            final long d = desc + 16L * index;
            final long address = memory.get(ValueLayout.JAVA_LONG, d + VirtqueueLayout.DESC_ADDR);
            final int length = memory.get(ValueLayout.JAVA_INT, d + VirtqueueLayout.DESC_LEN);
            final int flags = memory.get(ValueLayout.JAVA_SHORT, d + VirtqueueLayout.DESC_FLAGS) & 0xFFFF;
            if ((flags & VirtqueueLayout.VIRTQ_DESC_F_INDIRECT) != 0)
            {
                // 2.7.5.3.1: "The driver MUST NOT set both VIRTQ_DESC_F_INDIRECT and VIRTQ_DESC_F_NEXT in flags"
                if ((flags & VirtqueueLayout.VIRTQ_DESC_F_NEXT) != 0)
                {
                    throw new IllegalStateException("indirect descriptor " + index + " with NEXT");
                }
                indirectTable(address, length, buffers);
                return buffers;
            }
            buffers.add(new Buffer(translate(address, length), length,
                (flags & VirtqueueLayout.VIRTQ_DESC_F_WRITE) != 0));
            if ((flags & VirtqueueLayout.VIRTQ_DESC_F_NEXT) == 0)
            {
                return buffers;
            }
            index = memory.get(ValueLayout.JAVA_SHORT, d + VirtqueueLayout.DESC_NEXT) & 0xFFFF;
        }
        throw new IllegalStateException("descriptor chain loops");
    }

    private void indirectTable(final long tableAddress, final int tableBytes, final java.util.List<Buffer> buffers)
    {
        if (tableBytes <= 0 || tableBytes % VirtqueueLayout.DESC_SIZE_BYTES != 0)
        {
            throw new IllegalStateException("indirect table of " + tableBytes + " bytes (not a multiple of 16)");
        }
        final int entries = tableBytes / VirtqueueLayout.DESC_SIZE_BYTES;
        final long table = translate(tableAddress, tableBytes); // checked before any entry is read
        int index = 0;
        for (int n = 0; n < entries; n++)
        {
            if (index < 0 || index >= entries)
            {
                throw new IllegalStateException("indirect descriptor index " + index + " beyond the table of " +
                    entries);
            }
            final long d = table + 16L * index;
            final long address = memory.get(ValueLayout.JAVA_LONG, d + VirtqueueLayout.DESC_ADDR);
            final int length = memory.get(ValueLayout.JAVA_INT, d + VirtqueueLayout.DESC_LEN);
            final int flags = memory.get(ValueLayout.JAVA_SHORT, d + VirtqueueLayout.DESC_FLAGS) & 0xFFFF;
            // 2.7.5.3.1: "The driver MUST NOT set the VIRTQ_DESC_F_INDIRECT flag within an indirect descriptor"
            if ((flags & VirtqueueLayout.VIRTQ_DESC_F_INDIRECT) != 0)
            {
                throw new IllegalStateException("nested indirect descriptor " + index);
            }
            buffers.add(new Buffer(translate(address, length), length,
                (flags & VirtqueueLayout.VIRTQ_DESC_F_WRITE) != 0));
            if ((flags & VirtqueueLayout.VIRTQ_DESC_F_NEXT) == 0)
            {
                return;
            }
            index = memory.get(ValueLayout.JAVA_SHORT, d + VirtqueueLayout.DESC_NEXT) & 0xFFFF;
        }
        throw new IllegalStateException("indirect descriptor chain loops");
    }

    /** Whether the ring descriptor {@code index} has VIRTQ_DESC_F_INDIRECT set. */
    public boolean isIndirect(final int index)
    {
        final long d = desc + 16L * (index & (size - 1));
        final int flags = memory.get(ValueLayout.JAVA_SHORT, d + VirtqueueLayout.DESC_FLAGS);
        return (flags & VirtqueueLayout.VIRTQ_DESC_F_INDIRECT) != 0;
    }

    /** The byte offset in the shared segment of ring descriptor {@code index} (for tests that tamper with it). */
    public long descriptorOffset(final int index)
    {
        return desc + 16L * index;
    }

    /** Writes a used entry (not yet visible: see {@link #publishUsed()}). Any values, for malicious-device tests. */
    public void putUsed(final int id, final int length)
    {
        final long entry = used + 4 + 8L * (usedIdx & (size - 1));
        memory.set(ValueLayout.JAVA_INT, entry, id);
        memory.set(ValueLayout.JAVA_INT, entry + 4, length);
        usedIdx = (usedIdx + 1) & 0xFFFF;
    }

    /** Makes the used entries visible, advancing used.idx by {@code extra} more than were put (a jump when > 0). */
    public void publishUsed(final int extra)
    {
        usedIdx = (usedIdx + extra) & 0xFFFF;
        // 2.7.8.2: the device's write barrier before the used idx update: a release store
        U16_HANDLE.setRelease(memory, used + 2, (short)usedIdx);
    }

    /** Sets or clears VIRTQ_USED_F_NO_NOTIFY. */
    public void setNoNotify(final boolean on)
    {
        memory.set(ValueLayout.JAVA_SHORT, used, (short)(on ? VirtqueueLayout.VIRTQ_USED_F_NO_NOTIFY : 0));
    }

    /** The driver's avail flags (VIRTQ_AVAIL_F_NO_INTERRUPT). */
    public int availFlags()
    {
        return memory.get(ValueLayout.JAVA_SHORT, avail) & 0xFFFF;
    }

    public MemorySegment memory()
    {
        return memory;
    }
}
