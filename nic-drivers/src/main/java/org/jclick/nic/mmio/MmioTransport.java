package org.jclick.nic.mmio;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Path;

import org.jclick.nic.pci.ApplianceGuard;
import org.jclick.nic.pci.LinuxIo;
import org.jclick.nic.virtio.VirtioTransport;

/**
 * The virtio-mmio transport (section 4.2.2), version 2 and the legacy version 1 (section 4.2.4), as QEMU's microvm
 * and Firecracker offer it: a 0x200-byte register block at a physical address, e.g. {@code 0xfeb02e00}, mapped from
 * {@code /dev/mem}. The kernel must not have claimed the device (do not load virtio_mmio: with
 * {@code IO_STRICT_DEVMEM} a claimed region cannot be mapped).
 * <p>
 * Opening applies the {@link ApplianceGuard safety rule}: explicit address, inside the appliance. All registers are
 * 32-bit and little-endian (section 4.2.2); each access is a volatile access through a {@link VarHandle}.
 */
public final class MmioTransport implements VirtioTransport
{
    /** "virt" in little-endian (section 4.2.2: MagicValue). */
    public static final int MAGIC = 0x74726976;
    /** The size of the register block (registers then device config). */
    public static final int REGION_BYTES = 0x200;

    // section 4.2.2, table "MMIO Device Register Layout" (legacy names of section 4.2.4 in comments)
    private static final long MAGIC_VALUE = 0x000;
    private static final long VERSION = 0x004;
    private static final long DEVICE_ID = 0x008;
    private static final long VENDOR_ID = 0x00c;
    private static final long DEVICE_FEATURES = 0x010;      // HostFeatures
    private static final long DEVICE_FEATURES_SEL = 0x014;  // HostFeaturesSel
    private static final long DRIVER_FEATURES = 0x020;      // GuestFeatures
    private static final long DRIVER_FEATURES_SEL = 0x024;  // GuestFeaturesSel
    private static final long GUEST_PAGE_SIZE = 0x028;      // legacy only
    private static final long QUEUE_SEL = 0x030;
    private static final long QUEUE_NUM_MAX = 0x034;
    private static final long QUEUE_NUM = 0x038;
    private static final long QUEUE_ALIGN = 0x03c;          // legacy only
    private static final long QUEUE_PFN = 0x040;            // legacy only
    private static final long QUEUE_READY = 0x044;          // version 2
    private static final long QUEUE_NOTIFY = 0x050;
    private static final long STATUS = 0x070;
    private static final long QUEUE_DESC_LOW = 0x080;
    private static final long QUEUE_DRIVER_LOW = 0x090;
    private static final long QUEUE_DEVICE_LOW = 0x0a0;
    private static final long CONFIG_GENERATION = 0x0fc;   // version 2
    private static final long CONFIG = 0x100;
    private static final int LEGACY_PAGE_SIZE = 4096;
    private static final long PAGE_BYTES = 4096;

    private static final VarHandle U8 = ValueLayout.JAVA_BYTE.varHandle();
    private static final VarHandle U16 = ValueLayout.JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    private static final VarHandle U32 = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    private static final long RESET_TIMEOUT_NS = 1_000_000_000L;

    private final String name;
    private final long physicalAddress;
    private final MemorySegment mapping;
    private final MemorySegment regs;
    private final int version;
    private final int deviceId;

    private MmioTransport(final String name, final long physicalAddress, final MemorySegment mapping,
        final MemorySegment regs)
    {
        this.name = name;
        this.physicalAddress = physicalAddress;
        this.mapping = mapping;
        this.regs = regs;
        this.version = (int)U32.getVolatile(regs, VERSION);
        this.deviceId = (int)U32.getVolatile(regs, DEVICE_ID);
    }

    /** Parses {@code 0xfeb02e00} (or decimal) into a physical address. */
    public static long parseAddress(final String text)
    {
        final String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        final long address = t.startsWith("0x") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseLong(t);
        if ((address & 3) != 0)
        {
            throw new IllegalArgumentException("a virtio-mmio register block is 4-byte aligned: " + text);
        }
        return address;
    }

    /** Maps the device at {@code physicalAddress} from {@code /dev/mem}, inside the appliance only. */
    public static MmioTransport open(final long physicalAddress) throws IOException
    {
        return open(Path.of("/"), "/dev/mem", physicalAddress);
    }

    /**
     * Maps the device at {@code physicalAddress} from {@code memFile} (/dev/mem; a plain file in tests), with the
     * safety rule checked under {@code root}.
     */
    public static MmioTransport open(final Path root, final String memFile, final long physicalAddress)
        throws IOException
    {
        final String name = "virtio-mmio:0x" + Long.toHexString(physicalAddress);
        ApplianceGuard.requireAppliance(name, root);
        final long pageBase = physicalAddress & -PAGE_BYTES;
        final long inPage = physicalAddress - pageBase;
        final long length = (inPage + REGION_BYTES + PAGE_BYTES - 1) & -PAGE_BYTES;
        // O_SYNC: /dev/mem maps the page uncached, as device registers must be
        final int fd = LinuxIo.open(memFile, LinuxIo.O_RDWR | LinuxIo.O_SYNC);
        final MemorySegment mapping;
        try
        {
            mapping = LinuxIo.mmap(memFile, length, LinuxIo.PROT_READ | LinuxIo.PROT_WRITE, LinuxIo.MAP_SHARED, fd,
                pageBase);
        }
        finally
        {
            LinuxIo.close(fd);
        }
        final MemorySegment regs = mapping.asSlice(inPage, REGION_BYTES);
        final int magic = (int)U32.getVolatile(regs, MAGIC_VALUE);
        final int version = (int)U32.getVolatile(regs, VERSION);
        final int deviceId = (int)U32.getVolatile(regs, DEVICE_ID);
        // section 4.2.2.2: the driver MUST ignore a device whose MagicValue or Version is wrong, and a DeviceID of 0
        String problem = null;
        if (magic != MAGIC)
        {
            problem = "no virtio-mmio device (magic 0x" + Integer.toHexString(magic) + ")";
        }
        else if (version != 1 && version != 2)
        {
            problem = "unknown virtio-mmio version " + version;
        }
        else if (deviceId == 0)
        {
            problem = "an empty virtio-mmio slot (DeviceID 0)";
        }
        if (problem != null)
        {
            LinuxIo.munmap(mapping);
            throw new IOException(name + ": " + problem);
        }
        return new MmioTransport(name, physicalAddress, mapping, regs);
    }

    @Override
    public String name()
    {
        return name;
    }

    /** The register block's physical address. */
    public long physicalAddress()
    {
        return physicalAddress;
    }

    /** The transport version: 1 (legacy) or 2. */
    public int version()
    {
        return version;
    }

    /** The virtio device type (1 = net). */
    public int deviceId()
    {
        return deviceId;
    }

    /** The vendor id register (QEMU: 0x554d4551, "QEMU"). */
    public int vendorId()
    {
        return (int)U32.getVolatile(regs, VENDOR_ID);
    }

    @Override
    public long deviceFeatures()
    {
        // section 4.2.2: select the word in DeviceFeaturesSel, read DeviceFeatures (HostFeatures(Sel) in v1)
        U32.setVolatile(regs, DEVICE_FEATURES_SEL, 0);
        final long low = (int)U32.getVolatile(regs, DEVICE_FEATURES) & 0xffff_ffffL;
        U32.setVolatile(regs, DEVICE_FEATURES_SEL, 1);
        final long high = (int)U32.getVolatile(regs, DEVICE_FEATURES) & 0xffff_ffffL;
        return high << 32 | low;
    }

    @Override
    public void setDriverFeatures(final long features)
    {
        U32.setVolatile(regs, DRIVER_FEATURES_SEL, 0);
        U32.setVolatile(regs, DRIVER_FEATURES, (int)features);
        U32.setVolatile(regs, DRIVER_FEATURES_SEL, 1);
        U32.setVolatile(regs, DRIVER_FEATURES, (int)(features >>> 32));
        if (version == 1)
        {
            // section 4.2.4: a legacy driver writes GuestPageSize before using any queue (the PFN unit)
            U32.setVolatile(regs, GUEST_PAGE_SIZE, LEGACY_PAGE_SIZE);
        }
    }

    @Override
    public int status()
    {
        return (int)U32.getVolatile(regs, STATUS) & 0xff;
    }

    @Override
    public void setStatus(final int status)
    {
        U32.setVolatile(regs, STATUS, status);
    }

    @Override
    public void reset()
    {
        // section 4.2.2.1 / 4.2.3.1: writing 0 to Status resets; wait until it reads back 0
        U32.setVolatile(regs, STATUS, 0);
        final long deadlineNs = System.nanoTime() + RESET_TIMEOUT_NS;
        while ((int)U32.getVolatile(regs, STATUS) != 0)
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
        U32.setVolatile(regs, QUEUE_SEL, queue);
        // section 4.2.3.2: QueueNumMax 0 means the queue is not available
        return (int)U32.getVolatile(regs, QUEUE_NUM_MAX);
    }

    /** The used ring's offset from the descriptor table in a legacy (version 1) queue of {@code size}. */
    public static long legacyUsedOffset(final int size)
    {
        // section 2.7.2 (legacy): descriptors, available ring (6 + 2*size bytes), used ring at QueueAlign
        final long availEnd = 16L * size + 6 + 2L * size;
        return (availEnd + LEGACY_PAGE_SIZE - 1) & -(long)LEGACY_PAGE_SIZE;
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
        if (size <= 0 || size > max || (size & (size - 1)) != 0)
        {
            throw new IllegalArgumentException(name + ": queue size " + size + " (max " + max + ", power of 2)");
        }
        U32.setVolatile(regs, QUEUE_SEL, queue);
        U32.setVolatile(regs, QUEUE_NUM, size);
        if (version == 1)
        {
            // section 4.2.4 (legacy): one contiguous block, used ring at QueueAlign, given as a page number
            if ((descAddress & (LEGACY_PAGE_SIZE - 1)) != 0 || availAddress != descAddress + 16L * size ||
                usedAddress != descAddress + legacyUsedOffset(size))
            {
                throw new IllegalArgumentException(name + ": a legacy queue must be contiguous and 4 KiB aligned: " +
                    "avail at desc+16*size, used at desc+" + legacyUsedOffset(size));
            }
            U32.setVolatile(regs, QUEUE_ALIGN, LEGACY_PAGE_SIZE);
            U32.setVolatile(regs, QUEUE_PFN, (int)(descAddress / LEGACY_PAGE_SIZE));
            return;
        }
        // section 4.2.3.2: the three addresses (low word, high word), then QueueReady = 1
        write64(QUEUE_DESC_LOW, descAddress);
        write64(QUEUE_DRIVER_LOW, availAddress);
        write64(QUEUE_DEVICE_LOW, usedAddress);
        // volatile stores keep program order: the device sees the addresses before QueueReady
        U32.setVolatile(regs, QUEUE_READY, 1);
    }

    private void write64(final long lowOffset, final long value)
    {
        U32.setVolatile(regs, lowOffset, (int)value);
        U32.setVolatile(regs, lowOffset + 4, (int)(value >>> 32));
    }

    @Override
    public void notifyQueue(final int queue)
    {
        // section 4.2.2: QueueNotify takes the queue index. The volatile store is a release: the ring stores
        // made before it reach memory before the device sees the kick.
        U32.setVolatile(regs, QUEUE_NOTIFY, queue);
    }

    @Override
    public int configU8(final int offset)
    {
        return (byte)U8.getVolatile(regs, CONFIG + offset) & 0xff;
    }

    @Override
    public int configU16(final int offset)
    {
        if (version == 1)
        {
            return (short)U16.getVolatile(regs, CONFIG + offset) & 0xffff;
        }
        // section 4.2.2.2 / 2.5.1: ConfigGeneration before and after a multi-byte read; retry on change
        int before;
        int value;
        do
        {
            before = (int)U32.getVolatile(regs, CONFIG_GENERATION);
            value = (short)U16.getVolatile(regs, CONFIG + offset) & 0xffff;
        }
        while (before != (int)U32.getVolatile(regs, CONFIG_GENERATION));
        return value;
    }

    @Override
    public boolean legacy()
    {
        return version == 1;
    }

    @Override
    public void close()
    {
        LinuxIo.munmap(mapping);
    }
}
