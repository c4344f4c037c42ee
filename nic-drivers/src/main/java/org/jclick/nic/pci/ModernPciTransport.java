package org.jclick.nic.pci;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import org.jclick.nic.virtio.VirtioTransport;

/**
 * The virtio 1.x PCI interface (section 4.1.4): vendor-specific capabilities in the configuration space say where,
 * in which memory BAR, the common configuration, the notification area, the ISR byte and the device configuration
 * live. With QEMU's virtio-net-pci all four sit in BAR4 (common 0x0, ISR 0x1000, device 0x2000, notify 0x3000),
 * which is mapped from the sysfs file {@code resource4}. Works for modern ({@code 1af4:1041}) and transitional
 * ({@code 1af4:1000}) devices.
 * <p>
 * Every register access is a volatile access through a {@link VarHandle}, so the JIT neither removes, merges nor
 * reorders it; registers are little-endian (section 4.1.3).
 * <p>
 * <b>ACCESS_PLATFORM</b> (feature 33, section 6.1; QEMU offers it with {@code iommu_platform=on}): the device's
 * memory accesses go through the platform's address translation, an IOMMU when there is one. The addresses this
 * transport's drivers hand the device are already platform addresses (the DMA memory's device addresses: guest
 * physical addresses without an IOMMU, the I/O virtual addresses of the VFIO mapping behind one), so
 * {@link #setDriverFeatures} accepts ACCESS_PLATFORM whenever the device offers it, whatever the driver's own
 * feature list says; a device that offers it refuses FEATURES_OK without it (QEMU does).
 */
public final class ModernPciTransport implements VirtioTransport
{
    // section 4.1.4: capability types (cfg_type)
    static final int VIRTIO_PCI_CAP_COMMON_CFG = 1;
    static final int VIRTIO_PCI_CAP_NOTIFY_CFG = 2;
    static final int VIRTIO_PCI_CAP_ISR_CFG = 3;
    static final int VIRTIO_PCI_CAP_DEVICE_CFG = 4;
    private static final int PCI_CAP_ID_VNDR = 0x09;
    private static final int PCI_STATUS = 0x06;
    private static final int PCI_STATUS_CAP_LIST = 0x10;
    private static final int PCI_CAPABILITY_LIST = 0x34;

    // section 4.1.4.3: struct virtio_pci_common_cfg
    private static final long DEVICE_FEATURE_SELECT = 0x00;
    private static final long DEVICE_FEATURE = 0x04;
    private static final long DRIVER_FEATURE_SELECT = 0x08;
    private static final long DRIVER_FEATURE = 0x0c;
    private static final long NUM_QUEUES = 0x12;
    private static final long DEVICE_STATUS = 0x14;
    private static final long CONFIG_GENERATION = 0x15;
    private static final long QUEUE_SELECT = 0x16;
    private static final long QUEUE_SIZE = 0x18;
    private static final long QUEUE_MSIX_VECTOR = 0x1a;
    private static final long QUEUE_ENABLE = 0x1c;
    private static final long QUEUE_NOTIFY_OFF = 0x1e;
    private static final long QUEUE_DESC = 0x20;
    private static final long QUEUE_DRIVER = 0x28;
    private static final long QUEUE_DEVICE = 0x30;
    private static final int VIRTIO_MSI_NO_VECTOR = 0xffff;

    private static final VarHandle U8 = ValueLayout.JAVA_BYTE.varHandle();
    private static final VarHandle U16 =
        ValueLayout.JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    private static final VarHandle U32 =
        ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    private static final long RESET_TIMEOUT_NS = 1_000_000_000L;
    /** Section 6.1: VIRTIO_F_ACCESS_PLATFORM. */
    static final long F_ACCESS_PLATFORM = 1L << 33;

    private final PciFunction device;
    private final String name;
    private final MemorySegment[] bars = new MemorySegment[6];
    private final MemorySegment common;
    private final MemorySegment notify;
    private final MemorySegment isr;
    private final MemorySegment deviceConfig;
    private final int notifyOffMultiplier;
    private final boolean offersVersion1;
    /** Per queue, its offset in the notify area (section 4.1.4.4), fixed when the queue is set up. */
    private final long[] queueNotifyOffset;

    /** Finds the capabilities of {@code device} and maps the BARs they name. */
    public ModernPciTransport(final PciFunction device) throws IOException
    {
        if (device.vendorId() != 0x1af4)
        {
            throw new IOException(device + ": not a virtio device (vendor is not 1af4)");
        }
        this.device = device;
        this.name = "virtio-pci:" + device.address();
        if ((device.configU16(PCI_STATUS) & PCI_STATUS_CAP_LIST) == 0)
        {
            throw new IOException(name + ": no capability list, so no virtio 1.x interface");
        }
        MemorySegment commonCfg = null;
        MemorySegment notifyCfg = null;
        MemorySegment isrCfg = null;
        MemorySegment deviceCfg = null;
        int multiplier = 0;
        // section 4.1.4: walk the capability list; the driver uses the first capability of each type it can use
        int ptr = device.configU8(PCI_CAPABILITY_LIST) & 0xfc;
        int guard = 0;
        while (ptr != 0 && guard++ < 48)
        {
            final int id = device.configU8(ptr);
            final int next = device.configU8(ptr + 1) & 0xfc;
            if (id == PCI_CAP_ID_VNDR)
            {
                // struct virtio_pci_cap: cap_vndr, cap_next, cap_len, cfg_type, bar, id, padding[2], offset, length
                final int type = device.configU8(ptr + 3);
                final int bar = device.configU8(ptr + 4);
                final long offset = device.configU32(ptr + 8) & 0xffff_ffffL;
                final long length = device.configU32(ptr + 12) & 0xffff_ffffL;
                if (bar < 6 && length > 0)
                {
                    switch (type)
                    {
                        case VIRTIO_PCI_CAP_COMMON_CFG ->
                            commonCfg = commonCfg != null ? commonCfg : region(bar, offset, length);
                        case VIRTIO_PCI_CAP_NOTIFY_CFG ->
                        {
                            if (notifyCfg == null)
                            {
                                notifyCfg = region(bar, offset, length);
                                // section 4.1.4.4: struct virtio_pci_notify_cap adds notify_off_multiplier
                                multiplier = device.configU32(ptr + 16);
                            }
                        }
                        case VIRTIO_PCI_CAP_ISR_CFG -> isrCfg = isrCfg != null ? isrCfg : region(bar, offset, length);
                        case VIRTIO_PCI_CAP_DEVICE_CFG ->
                            deviceCfg = deviceCfg != null ? deviceCfg : region(bar, offset, length);
                        default ->
                        {
                            // PCI_CFG access window and shared memory: not used
                        }
                    }
                }
            }
            ptr = next;
        }
        if (commonCfg == null || notifyCfg == null || deviceCfg == null)
        {
            close();
            throw new IOException(name + ": missing virtio capabilities (common " + (commonCfg != null) +
                ", notify " + (notifyCfg != null) + ", device " + (deviceCfg != null) + ")");
        }
        this.common = commonCfg;
        this.notify = notifyCfg;
        this.isr = isrCfg;
        this.deviceConfig = deviceCfg;
        this.notifyOffMultiplier = multiplier;
        this.queueNotifyOffset = new long[Math.max(1, (int)U16.getVolatile(common, NUM_QUEUES) & 0xffff)];
        this.offersVersion1 = (deviceFeatures() & (1L << 32)) != 0;
    }

    private MemorySegment region(final int bar, final long offset, final long length) throws IOException
    {
        if (bars[bar] == null)
        {
            if (!device.isMemoryResource(bar))
            {
                throw new IOException(name + ": capability in BAR" + bar + ", which is not a memory BAR");
            }
            bars[bar] = device.mapBar(bar);
        }
        if (offset + length > bars[bar].byteSize())
        {
            throw new IOException(name + ": capability region 0x" + Long.toHexString(offset) + "+" + length +
                " lies outside BAR" + bar);
        }
        return bars[bar].asSlice(offset, length);
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

    /** The ISR status region (section 4.1.4.5), or null if the device has none. */
    public MemorySegment isrRegion()
    {
        return isr;
    }

    /** The number of queues the device has (num_queues). */
    public int numQueues()
    {
        return (short)U16.getVolatile(common, NUM_QUEUES) & 0xffff;
    }

    @Override
    public long deviceFeatures()
    {
        // section 4.1.4.3: select the 32-bit word, then read it
        U32.setVolatile(common, DEVICE_FEATURE_SELECT, 0);
        final long low = (int)U32.getVolatile(common, DEVICE_FEATURE) & 0xffff_ffffL;
        U32.setVolatile(common, DEVICE_FEATURE_SELECT, 1);
        final long high = (int)U32.getVolatile(common, DEVICE_FEATURE) & 0xffff_ffffL;
        return high << 32 | low;
    }

    /**
     * Writes the features the driver accepts, plus ACCESS_PLATFORM when the device offers it (see the class
     * comment: the device addresses drivers give through this transport are platform addresses).
     */
    @Override
    public void setDriverFeatures(final long features)
    {
        final long accepted = withAccessPlatform(features, deviceFeatures());
        U32.setVolatile(common, DRIVER_FEATURE_SELECT, 0);
        U32.setVolatile(common, DRIVER_FEATURE, (int)accepted);
        U32.setVolatile(common, DRIVER_FEATURE_SELECT, 1);
        U32.setVolatile(common, DRIVER_FEATURE, (int)(accepted >>> 32));
    }

    /** {@code features} plus ACCESS_PLATFORM when {@code offered} has it. */
    static long withAccessPlatform(final long features, final long offered)
    {
        return features | (offered & F_ACCESS_PLATFORM);
    }

    @Override
    public int status()
    {
        return (byte)U8.getVolatile(common, DEVICE_STATUS) & 0xff;
    }

    @Override
    public void setStatus(final int status)
    {
        U8.setVolatile(common, DEVICE_STATUS, (byte)status);
    }

    @Override
    public void reset()
    {
        // section 4.1.4.3.2: write 0 to device_status, then wait until it reads back 0
        U8.setVolatile(common, DEVICE_STATUS, (byte)0);
        final long deadlineNs = System.nanoTime() + RESET_TIMEOUT_NS;
        while (((byte)U8.getVolatile(common, DEVICE_STATUS)) != 0)
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
        if (queue < 0 || queue >= queueNotifyOffset.length)
        {
            return 0;
        }
        U16.setVolatile(common, QUEUE_SELECT, (short)queue);
        // section 4.1.4.3: queue_size reads the maximum until the driver writes a smaller one; 0 = unavailable
        return (short)U16.getVolatile(common, QUEUE_SIZE) & 0xffff;
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
        // section 2.7: a split queue's size is a power of 2 no larger than the device's maximum
        if (size <= 0 || size > max || (size & (size - 1)) != 0)
        {
            throw new IllegalArgumentException(name + ": queue size " + size + " (max " + max + ", power of 2)");
        }
        // section 2.7 alignment: descriptors 16, driver area 2, device area 4
        if ((descAddress & 15) != 0 || (availAddress & 1) != 0 || (usedAddress & 3) != 0)
        {
            throw new IllegalArgumentException(name + ": misaligned queue areas");
        }
        // section 4.1.5.1.3: select, size, no MSI-X vector (we poll), the three addresses, then enable
        U16.setVolatile(common, QUEUE_SELECT, (short)queue);
        U16.setVolatile(common, QUEUE_SIZE, (short)size);
        U16.setVolatile(common, QUEUE_MSIX_VECTOR, (short)VIRTIO_MSI_NO_VECTOR);
        write64(QUEUE_DESC, descAddress);
        write64(QUEUE_DRIVER, availAddress);
        write64(QUEUE_DEVICE, usedAddress);
        final long notifyOff = ((short)U16.getVolatile(common, QUEUE_NOTIFY_OFF) & 0xffff) * (long)notifyOffMultiplier;
        if (notifyOff + 2 > notify.byteSize())
        {
            throw new IllegalStateException(name + ": queue " + queue + " notifies outside the notify region");
        }
        queueNotifyOffset[queue] = notifyOff;
        // the addresses must be in place before the device sees queue_enable; volatile stores keep program order
        U16.setVolatile(common, QUEUE_ENABLE, (short)1);
    }

    private void write64(final long offset, final long value)
    {
        // section 4.1.3.1: the driver may write a 64-bit field as two 32-bit writes, low word first
        U32.setVolatile(common, offset, (int)value);
        U32.setVolatile(common, offset + 4, (int)(value >>> 32));
    }

    @Override
    public void notifyQueue(final int queue)
    {
        // section 4.1.4.4: write the queue index at queue_notify_off * notify_off_multiplier in the notify
        // region. The volatile store is a release: the ring updates before it are visible to the device first.
        U16.setVolatile(notify, queueNotifyOffset[queue], (short)queue);
    }

    @Override
    public int configU8(final int offset)
    {
        return (byte)U8.getVolatile(deviceConfig, (long)offset) & 0xff;
    }

    @Override
    public int configU16(final int offset)
    {
        // section 2.5.1 (4.1.4.3.1): read config_generation before and after; retry if the device changed it
        int before;
        int value;
        do
        {
            before = (byte)U8.getVolatile(common, CONFIG_GENERATION);
            value = (short)U16.getVolatile(deviceConfig, (long)offset) & 0xffff;
        }
        while (before != (byte)U8.getVolatile(common, CONFIG_GENERATION));
        return value;
    }

    @Override
    public boolean legacy()
    {
        return !offersVersion1;
    }

    @Override
    public void close()
    {
        // the BAR mappings belong to the PCI function, which unmaps them when it is closed
        java.util.Arrays.fill(bars, null);
    }
}
