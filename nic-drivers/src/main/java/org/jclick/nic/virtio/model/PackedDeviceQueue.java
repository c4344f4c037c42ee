package org.jclick.nic.virtio.model;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jclick.nic.virtio.PackedVirtqueue;
import org.jclick.nic.virtio.VirtqueueLayout;

/**
 * The device side of a packed virtqueue (virtio 1.2 section 2.8) for the in-process device model: reads available
 * chains in ring order (AVAIL equal to the device's copy of the driver wrap counter, USED not), writes used
 * descriptors in ring order (AVAIL = USED = the device wrap counter), skipping as many slots as the returned
 * buffer had descriptors. Addresses are checked against the shared segment: a buggy driver makes the model fail
 * with an {@link IllegalStateException}. Setup-time code: allocates freely.
 */
public final class PackedDeviceQueue implements DeviceRing
{
    private static final VarHandle U16_HANDLE = ValueLayout.JAVA_SHORT.varHandle();
    private static final int AVAIL = PackedVirtqueue.VIRTQ_DESC_F_AVAIL;
    private static final int USED = PackedVirtqueue.VIRTQ_DESC_F_USED;

    private final MemorySegment memory;
    private final long baseAddress;
    private final int size;
    private final long desc;
    private final long driverEvent;
    private final long deviceEvent;
    /** The next slot to read and the driver wrap counter expected there. */
    private int nextAvail;
    private boolean availWrap = true;
    /** The next slot to write a used descriptor to and the device wrap counter. */
    private int nextUsed;
    private boolean usedWrap = true;
    /** Chains taken and not yet returned, by id. */
    private final Map<Integer, Avail> taken = new HashMap<>();
    private long usedWritten;

    private record Avail(int id, int descriptors, List<DeviceQueue.Buffer> buffers)
    {
    }

    /**
     * The device side of the packed queue at the given device addresses (descriptor ring, driver and device event
     * suppression areas) in {@code memory}, whose first byte is at device address {@code baseAddress}.
     */
    public PackedDeviceQueue(final MemorySegment memory, final long baseAddress, final int size,
        final long descAddress, final long driverAddress, final long deviceAddress)
    {
        this.memory = memory;
        this.baseAddress = baseAddress;
        this.size = VirtqueueLayout.checkSize(size);
        this.desc = translate(descAddress, 16L * size);
        this.driverEvent = translate(driverAddress, 4);
        this.deviceEvent = translate(deviceAddress, 4);
    }

    private long translate(final long address, final long length)
    {
        final long offset = address - baseAddress;
        if (offset < 0 || length < 0 || offset > memory.byteSize() - length)
        {
            throw new IllegalStateException("device address 0x" + Long.toHexString(address) + " + " + length +
                " outside the shared region");
        }
        return offset;
    }

    @Override
    public int size()
    {
        return size;
    }

    /** The available chains from the device's position, in ring order, without taking them. */
    private List<Avail> scan()
    {
        final List<Avail> chains = new ArrayList<>();
        int slot = nextAvail;
        boolean wrap = availWrap;
        int seen = 0;
        while (seen < size)
        {
            final List<DeviceQueue.Buffer> buffers = new ArrayList<>();
            int descriptors = 0;
            int id;
            while (true)
            {
                if (seen + descriptors >= size)
                {
                    return chains; // a chain longer than the ring: incomplete (or broken), not available
                }
                final long d = desc + 16L * slot;
                // 2.8.2: the flags first, with acquire semantics (pairs with the driver's release store)
                final int flags = (short)U16_HANDLE.getAcquire(memory, d + PackedVirtqueue.DESC_FLAGS) & 0xFFFF;
                final boolean avail = (flags & AVAIL) != 0;
                final boolean used = (flags & USED) != 0;
                if (avail != wrap || used == wrap)
                {
                    return chains;
                }
                final long address = memory.get(ValueLayout.JAVA_LONG, d + PackedVirtqueue.DESC_ADDR);
                final int length = memory.get(ValueLayout.JAVA_INT, d + PackedVirtqueue.DESC_LEN);
                id = memory.get(ValueLayout.JAVA_SHORT, d + PackedVirtqueue.DESC_ID) & 0xFFFF;
                if ((flags & VirtqueueLayout.VIRTQ_DESC_F_INDIRECT) != 0)
                {
                    if ((flags & VirtqueueLayout.VIRTQ_DESC_F_NEXT) != 0)
                    {
                        throw new IllegalStateException("indirect descriptor with NEXT at slot " + slot);
                    }
                    indirectTable(address, length, buffers);
                }
                else
                {
                    buffers.add(new DeviceQueue.Buffer(translate(address, length), length,
                        (flags & VirtqueueLayout.VIRTQ_DESC_F_WRITE) != 0));
                }
                descriptors++;
                if (++slot == size)
                {
                    slot = 0;
                    wrap = !wrap;
                }
                if ((flags & VirtqueueLayout.VIRTQ_DESC_F_NEXT) == 0)
                {
                    break;
                }
            }
            seen += descriptors;
            chains.add(new Avail(id, descriptors, buffers));
        }
        return chains;
    }

    private void indirectTable(final long tableAddress, final int tableBytes, final List<DeviceQueue.Buffer> buffers)
    {
        if (tableBytes <= 0 || tableBytes % 16 != 0)
        {
            throw new IllegalStateException("indirect table of " + tableBytes + " bytes (not a multiple of 16)");
        }
        final long table = translate(tableAddress, tableBytes);
        for (int i = 0; i < tableBytes / 16; i++)
        {
            final long d = table + 16L * i;
            final long address = memory.get(ValueLayout.JAVA_LONG, d + PackedVirtqueue.DESC_ADDR);
            final int length = memory.get(ValueLayout.JAVA_INT, d + PackedVirtqueue.DESC_LEN);
            final int flags = memory.get(ValueLayout.JAVA_SHORT, d + PackedVirtqueue.DESC_FLAGS) & 0xFFFF;
            if ((flags & VirtqueueLayout.VIRTQ_DESC_F_INDIRECT) != 0)
            {
                throw new IllegalStateException("nested indirect descriptor " + i);
            }
            buffers.add(new DeviceQueue.Buffer(translate(address, length), length,
                (flags & VirtqueueLayout.VIRTQ_DESC_F_WRITE) != 0));
        }
    }

    @Override
    public int available()
    {
        return scan().size();
    }

    @Override
    public int takeAvailable()
    {
        final Avail chain = scan().get(0);
        nextAvail += chain.descriptors();
        if (nextAvail >= size)
        {
            nextAvail -= size;
            availWrap = !availWrap;
        }
        if (taken.put(chain.id(), chain) != null)
        {
            throw new IllegalStateException("buffer id " + chain.id() + " made available twice");
        }
        return chain.id();
    }

    @Override
    public int peekAvailable(final int k)
    {
        return scan().get(k).id();
    }

    @Override
    public List<DeviceQueue.Buffer> chain(final int id)
    {
        final Avail chain = taken.get(id);
        if (chain != null)
        {
            return chain.buffers();
        }
        for (final Avail a : scan())
        {
            if (a.id() == id)
            {
                return a.buffers();
            }
        }
        throw new IllegalStateException("no available chain with id " + id);
    }

    /**
     * Writes a used descriptor for buffer {@code id} at the device's position (id and length, then the flags with
     * a release store, 2.8.12) and skips the buffer's descriptors. An id not taken (a forged one) skips one slot.
     */
    @Override
    public void putUsed(final int id, final int length)
    {
        final Avail chain = taken.get(id);
        // as DPDK's vhost: VIRTQ_DESC_F_WRITE when the buffer had device-writable parts (2.8.4: the length means
        // something only then); a forged id gets it when a length is given
        final boolean wrote = chain == null ? length > 0 :
            chain.buffers().stream().anyMatch(DeviceQueue.Buffer::writable);
        putUsed(id, length, wrote);
    }

    /**
     * Writes a used descriptor for buffer {@code id} with VIRTQ_DESC_F_WRITE set if {@code writeFlag} (any values,
     * for malicious-device tests).
     */
    public void putUsed(final int id, final int length, final boolean writeFlag)
    {
        final Avail chain = taken.remove(id);
        final int descriptors = chain == null ? 1 : chain.descriptors();
        final long d = desc + 16L * nextUsed;
        memory.set(ValueLayout.JAVA_INT, d + PackedVirtqueue.DESC_LEN, length);
        memory.set(ValueLayout.JAVA_SHORT, d + PackedVirtqueue.DESC_ID, (short)id);
        final int flags = (usedWrap ? AVAIL | USED : 0) | (writeFlag ? VirtqueueLayout.VIRTQ_DESC_F_WRITE : 0);
        U16_HANDLE.setRelease(memory, d + PackedVirtqueue.DESC_FLAGS, (short)flags);
        nextUsed += descriptors;
        if (nextUsed >= size)
        {
            nextUsed -= size;
            usedWrap = !usedWrap;
        }
        usedWritten++;
    }

    /** Used descriptors are visible as soon as {@link #putUsed} writes their flags: nothing to do. */
    @Override
    public void publishUsed(final int extra)
    {
    }

    /** Chains taken and not returned. */
    public int takenCount()
    {
        return taken.size();
    }

    /** Used descriptors written so far. */
    public long usedWritten()
    {
        return usedWritten;
    }

    /** The driver event suppression flags (0 enable, 1 disable, 2 desc). */
    public int driverEventFlags()
    {
        return memory.get(ValueLayout.JAVA_SHORT, driverEvent + 2) & 0xFFFF;
    }

    /** Writes the device event suppression structure the driver reads when publishing. */
    public void setDeviceEvent(final int flags, final int offWrap)
    {
        memory.set(ValueLayout.JAVA_INT, deviceEvent, (offWrap & 0xFFFF) | (flags << 16));
    }

    /** The byte offset in the shared segment of ring slot {@code slot} (for tests that tamper with it). */
    public long descriptorOffset(final int slot)
    {
        return desc + 16L * slot;
    }

    /** The slot where the next used descriptor goes, and the device wrap counter (bit 15). */
    public int usedPosition()
    {
        return nextUsed | (usedWrap ? 0x8000 : 0);
    }
}
