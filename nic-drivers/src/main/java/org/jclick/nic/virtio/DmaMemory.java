package org.jclick.nic.virtio;

import java.lang.foreign.MemorySegment;

/**
 * Memory that a virtio device can read and write (virtqueues and packet buffers), with the address by which the
 * device knows each byte: a guest physical address for PCI/MMIO devices, the driver's own virtual address for a
 * vhost-user backend that maps the same shared file.
 */
public interface DmaMemory
{
    /** The whole region as the driver sees it. */
    MemorySegment segment();

    /** The device address of the byte at {@code offsetInSegment} of {@link #segment()}. */
    long deviceAddress(long offsetInSegment);
}
