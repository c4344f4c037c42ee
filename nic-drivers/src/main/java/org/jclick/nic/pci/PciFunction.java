package org.jclick.nic.pci;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * One PCI function as a user-space driver reaches it: its configuration space and its BARs. Two ways in:
 * {@link PciDevice} (sysfs {@code config} and {@code resourceN} files, the device bound to uio_pci_generic) and
 * {@link VfioDevice} (a VFIO device file descriptor whose regions are the config space and the BARs, behind an
 * IOMMU). The virtio PCI transports work with either. Both apply the {@link ApplianceGuard safety rule} when opened.
 */
public interface PciFunction extends AutoCloseable
{
    /** The address, e.g. {@code 0000:00:04.0}. */
    String address();

    /** The vendor id (0x1af4 for virtio). */
    int vendorId();

    /** The device id (0x1000 transitional virtio-net, 0x1041 modern virtio-net). */
    int deviceId();

    /** A byte of the configuration space. */
    int configU8(int offset) throws IOException;

    /** A little-endian 16-bit word of the configuration space. */
    int configU16(int offset) throws IOException;

    /** A little-endian 32-bit word of the configuration space. */
    int configU32(int offset) throws IOException;

    /** Whether BAR {@code bar} is an I/O port BAR (read and written with pread/pwrite, not mapped). */
    boolean isIoResource(int bar) throws IOException;

    /** Whether BAR {@code bar} is a memory BAR (mappable). */
    boolean isMemoryResource(int bar) throws IOException;

    /** The size in bytes of BAR {@code bar} (0 when unused). */
    long resourceLength(int bar) throws IOException;

    /**
     * A file descriptor through which pread/pwrite reach BAR {@code bar}, at file offset {@link #barOffset}; it
     * stays open until this function is closed.
     */
    int barFd(int bar) throws IOException;

    /** Where BAR {@code bar} starts in {@link #barFd}. */
    long barOffset(int bar) throws IOException;

    /** BAR {@code bar} mapped into memory (a memory BAR); the mapping lives until this function is closed. */
    MemorySegment mapBar(int bar) throws IOException;

    /** Sets Bus Master Enable in the command register: the device may then DMA. */
    void enableBusMastering() throws IOException;

    /** Closes descriptors and unmaps BARs. */
    @Override
    void close();
}
