package org.jclick.nic.virtio;

import java.lang.foreign.MemorySegment;

/**
 * Memory a virtio device can read and write: the rings and the packet buffers live in it. The driver works on
 * {@link #segment()}; it tells the device {@link #deviceAddress(long) device addresses} (the process's own
 * virtual addresses for vhost-user, guest-physical addresses for PCI/MMIO). Implementations: memfd memory shared
 * with a vhost-user backend ({@code org.jclick.nic.sys.MemfdDmaMemory}), hugepages for in-guest transports.
 */
public interface DmaMemory extends AutoCloseable
{
    /** The whole region, as the driver sees it. */
    MemorySegment segment();

    /** The device address of byte {@code offsetInSegment} of {@link #segment()}. */
    long deviceAddress(long offsetInSegment);

    /** Releases the region; nothing may use it afterwards. */
    @Override
    void close();
}
