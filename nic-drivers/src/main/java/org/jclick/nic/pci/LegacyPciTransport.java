package org.jclick.nic.pci;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import org.jclick.nic.virtio.VirtioTransport;

/**
 * The legacy (virtio 0.9.5) PCI interface of a transitional device ({@code 1af4:1000}): a block of registers in I/O
 * space behind BAR0 (virtio 1.x section 4.1.4.8, "Legacy Interfaces: A Note on PCI Device Layout"). From user space
 * the I/O BAR is the sysfs file {@code resource0}, read and written with pread/pwrite of 1, 2 or 4 bytes (the
 * kernel turns each into one {@code in}/{@code out} instruction).
 * <p>
 * Layout without MSI-X (uio_pci_generic leaves MSI-X off, so the device config starts at 0x14):
 * <pre>
 * 0x00 u32 device features (bits 0-31)   0x04 u32 driver features
 * 0x08 u32 queue address (PFN, 4 KiB)    0x0c u16 queue size (read only)
 * 0x0e u16 queue select                  0x10 u16 queue notify
 * 0x12 u8  device status                 0x13 u8  ISR status
 * 0x14 ... device-specific config (0x18 when MSI-X is enabled)
 * </pre>
 * Registers are little-endian (section 4.1.4.8: legacy fields are guest-endian, x86 is little-endian).
 */
public final class LegacyPciTransport implements VirtioTransport
{
    /** Legacy queues are aligned to this (section 2.7.2, legacy interfaces: QUEUE_ALIGN). */
    public static final int QUEUE_ALIGN = 4096;

    private static final int DEVICE_FEATURES = 0x00;
    private static final int DRIVER_FEATURES = 0x04;
    private static final int QUEUE_PFN = 0x08;
    private static final int QUEUE_SIZE = 0x0c;
    private static final int QUEUE_SELECT = 0x0e;
    private static final int QUEUE_NOTIFY = 0x10;
    private static final int DEVICE_STATUS = 0x12;
    private static final int CONFIG_NO_MSIX = 0x14;
    private static final int CONFIG_MSIX = 0x18;
    private static final ValueLayout.OfShort LE_SHORT = ValueLayout.JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long RESET_TIMEOUT_NS = 1_000_000_000L;
    /** Queues a legacy net device can have here (rx/tx pairs plus control). */
    private static final int MAX_QUEUES = 256;

    private final PciFunction device;
    private final String name;
    private final int fd;
    /** Where BAR0 starts in {@link #fd}: 0 for a sysfs resource file, the region offset for VFIO. */
    private final long barOffset;
    private final int configOffset;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment captureState;
    private final MemorySegment scratch;
    /** Per queue, 2 bytes holding its index: a kick is one pwrite with nothing allocated or computed. */
    private final MemorySegment[] notifyValues = new MemorySegment[MAX_QUEUES];
    private long notifyFailures;

    /**
     * Drives {@code device}'s legacy interface.
     *
     * @param msixEnabled whether MSI-X is on (never with uio_pci_generic): the device config moves to 0x18
     */
    public LegacyPciTransport(final PciFunction device, final boolean msixEnabled) throws IOException
    {
        if (device.vendorId() != 0x1af4 || device.deviceId() < 0x1000 || device.deviceId() > 0x103f)
        {
            throw new IOException(device + ": not a transitional virtio device (want 1af4:1000-103f)");
        }
        if (!device.isIoResource(0))
        {
            throw new IOException(device + ": BAR0 is not an I/O BAR, no legacy interface");
        }
        this.device = device;
        this.name = "virtio-pci-legacy:" + device.address();
        this.configOffset = msixEnabled ? CONFIG_MSIX : CONFIG_NO_MSIX;
        this.fd = device.barFd(0);
        this.barOffset = device.barOffset(0);
        this.captureState = LinuxIo.newCaptureState(arena);
        this.scratch = arena.allocate(8, 8);
    }

    private int read(final int offset, final int bytes)
    {
        try
        {
            LinuxIo.preadFully(captureState, name, fd, scratch, bytes, barOffset + offset);
        }
        catch (final IOException e)
        {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return switch (bytes)
        {
            case 1 -> scratch.get(ValueLayout.JAVA_BYTE, 0) & 0xff;
            case 2 -> scratch.get(LE_SHORT, 0) & 0xffff;
            default -> scratch.get(LE_INT, 0);
        };
    }

    private void write(final int offset, final int bytes, final int value)
    {
        switch (bytes)
        {
            case 1 -> scratch.set(ValueLayout.JAVA_BYTE, 0, (byte)value);
            case 2 -> scratch.set(LE_SHORT, 0, (short)value);
            default -> scratch.set(LE_INT, 0, value);
        }
        try
        {
            LinuxIo.pwriteFully(captureState, name, fd, scratch, bytes, barOffset + offset);
        }
        catch (final IOException e)
        {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public String name()
    {
        return name;
    }

    /** The PCI device. */
    public PciFunction device()
    {
        return device;
    }

    @Override
    public long deviceFeatures()
    {
        // section 4.1.4.8: the legacy interface has only 32 feature bits
        return read(DEVICE_FEATURES, 4) & 0xffff_ffffL;
    }

    @Override
    public void setDriverFeatures(final long features)
    {
        if ((features >>> 32) != 0)
        {
            throw new IllegalArgumentException(name + ": the legacy interface has no feature bits above 31: 0x" +
                Long.toHexString(features));
        }
        write(DRIVER_FEATURES, 4, (int)features);
    }

    @Override
    public int status()
    {
        return read(DEVICE_STATUS, 1);
    }

    @Override
    public void setStatus(final int status)
    {
        write(DEVICE_STATUS, 1, status);
    }

    @Override
    public void reset()
    {
        // section 4.1.4.8 / 2.1: writing 0 to the status resets a legacy device; read back until it shows 0
        write(DEVICE_STATUS, 1, 0);
        final long deadlineNs = System.nanoTime() + RESET_TIMEOUT_NS;
        while (read(DEVICE_STATUS, 1) != 0)
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new IllegalStateException(name + ": the device did not reset within 1 s");
            }
            Thread.onSpinWait();
        }
    }

    @Override
    public int queueMaxSize(final int queue)
    {
        write(QUEUE_SELECT, 2, queue);
        // section 4.1.4.8: a legacy queue's size is fixed by the device; 0 means no such queue
        return read(QUEUE_SIZE, 2);
    }

    /** The ring layout a legacy device expects: used ring offset from the descriptor table for {@code size}. */
    public static long legacyUsedOffset(final int size)
    {
        // section 2.7.2 (legacy interfaces: virtqueue layout): descriptors, then the available ring
        // (flags, idx, ring[size], used_event), then the used ring at the next QUEUE_ALIGN boundary
        final long availEnd = 16L * size + 6 + 2L * size;
        return (availEnd + QUEUE_ALIGN - 1) & -(long)QUEUE_ALIGN;
    }

    @Override
    public void setupQueue(final int queue, final int size, final long descAddress, final long availAddress,
        final long usedAddress)
    {
        final int max = queueMaxSize(queue);
        if (max == 0)
        {
            throw new IllegalArgumentException(name + ": no queue " + queue);
        }
        // section 4.1.4.8: the legacy interface cannot change the queue size
        if (size != max)
        {
            throw new IllegalArgumentException(name + ": a legacy queue has the device's size " + max + ", not " + size);
        }
        // section 2.7.2 (legacy): one contiguous block given by its page number, the rings at fixed offsets
        if ((descAddress & (QUEUE_ALIGN - 1)) != 0 || availAddress != descAddress + 16L * size ||
            usedAddress != descAddress + legacyUsedOffset(size))
        {
            throw new IllegalArgumentException(name + ": a legacy queue must be contiguous and 4 KiB aligned: desc " +
                "at a 4 KiB boundary, avail at desc+16*size, used at desc+" + legacyUsedOffset(size));
        }
        final long pfn = descAddress / QUEUE_ALIGN;
        if ((pfn >>> 32) != 0)
        {
            throw new IllegalArgumentException(name + ": the queue lies above 16 TiB, out of a legacy PFN's reach");
        }
        if (queue >= MAX_QUEUES)
        {
            throw new IllegalArgumentException(name + ": queue " + queue + " is beyond " + MAX_QUEUES);
        }
        final MemorySegment value = arena.allocate(2, 2);
        value.set(LE_SHORT, 0, (short)queue);
        notifyValues[queue] = value;
        write(QUEUE_PFN, 4, (int)pfn);
    }

    @Override
    public void notifyQueue(final int queue)
    {
        // section 4.1.4.8: writing the queue index to Queue Notify kicks the device. The ring stores before this
        // call are ordered before the port write by the caller's release fence; the pwrite syscall is itself a
        // full barrier on the way into the kernel.
        final MemorySegment value = queue >= 0 && queue < MAX_QUEUES ? notifyValues[queue] : null;
        if (value == null || LinuxIo.pwriteRaw(captureState, fd, value, 2, barOffset + QUEUE_NOTIFY) != 2)
        {
            notifyFailures++;
        }
    }

    /** How many kicks failed (a pwrite to the I/O BAR that did not write 2 bytes). */
    public long notifyFailures()
    {
        return notifyFailures;
    }

    @Override
    public int configU8(final int offset)
    {
        return read(configOffset + offset, 1);
    }

    @Override
    public int configU16(final int offset)
    {
        return read(configOffset + offset, 2);
    }

    @Override
    public boolean legacy()
    {
        return true;
    }

    @Override
    public void close()
    {
        arena.close(); // the BAR descriptor belongs to the PCI function
    }
}
