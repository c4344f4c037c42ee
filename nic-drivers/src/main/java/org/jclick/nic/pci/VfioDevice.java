package org.jclick.nic.pci;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jclick.nic.virtio.DmaMemory;

/**
 * A PCI function driven through VFIO (the kernel's {@code Documentation/driver-api/vfio.rst}): the device is bound
 * to {@code vfio-pci}, its IOMMU group is attached to a type-1 container, and its regions (the BARs, index 0-5, and
 * the configuration space, index 7) are read, written and mapped through one device file descriptor. DMA goes
 * through the IOMMU: memory is mapped at an I/O virtual address chosen here ({@link #mapDma}).
 * <p>
 * Needs an IOMMU in the VM (QEMU: {@code -device intel-iommu}, the NIC with {@code iommu_platform=on}, the guest
 * kernel with {@code intel_iommu=on}); this kernel has no no-IOMMU mode. Opening applies the
 * {@link ApplianceGuard safety rule}, like {@link PciDevice}.
 */
public final class VfioDevice implements PciFunction
{
    // linux/vfio.h: _IO(';', 100 + n)
    private static final long VFIO_GET_API_VERSION = 0x3B64;
    private static final long VFIO_CHECK_EXTENSION = 0x3B65;
    private static final long VFIO_SET_IOMMU = 0x3B66;
    private static final long VFIO_GROUP_GET_STATUS = 0x3B67;
    private static final long VFIO_GROUP_SET_CONTAINER = 0x3B68;
    private static final long VFIO_GROUP_GET_DEVICE_FD = 0x3B6A;
    private static final long VFIO_DEVICE_GET_REGION_INFO = 0x3B6C;
    private static final long VFIO_IOMMU_MAP_DMA = 0x3B71;
    private static final int VFIO_API_VERSION = 0;
    private static final int VFIO_TYPE1_IOMMU = 1;
    private static final int VFIO_GROUP_FLAGS_VIABLE = 1;
    private static final int VFIO_REGION_INFO_FLAG_MMAP = 4;
    private static final int VFIO_DMA_MAP_FLAG_READ = 1;
    private static final int VFIO_DMA_MAP_FLAG_WRITE = 2;
    private static final int CONFIG_REGION = 7;
    private static final int REGIONS = 8;
    private static final int PCI_COMMAND = 0x04;
    private static final int PCI_COMMAND_MASTER = 0x04;
    private static final int PCI_BASE_ADDRESS_0 = 0x10;
    /** Where the first DMA mapping goes in the device's address space (inside a 39-bit IOMMU's reach). */
    public static final long FIRST_IOVA = 0x1000_0000L;
    private static final ValueLayout.OfShort LE_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final String address;
    private final int vendorId;
    private final int deviceId;
    private final int containerFd;
    private final int groupFd;
    private final int deviceFd;
    private final long[] regionOffset = new long[REGIONS];
    private final long[] regionSize = new long[REGIONS];
    private final int[] regionFlags = new int[REGIONS];
    private final MemorySegment[] barMappings = new MemorySegment[6];
    private final Arena arena = Arena.ofShared();
    private final MemorySegment captureState;
    private final MemorySegment scratch;
    private long nextIova = FIRST_IOVA;

    private VfioDevice(final String address, final int vendorId, final int deviceId, final int containerFd,
        final int groupFd, final int deviceFd) throws IOException
    {
        this.address = address;
        this.vendorId = vendorId;
        this.deviceId = deviceId;
        this.containerFd = containerFd;
        this.groupFd = groupFd;
        this.deviceFd = deviceFd;
        this.captureState = LinuxIo.newCaptureState(arena);
        this.scratch = arena.allocate(8, 8);
        try (Arena a = Arena.ofConfined())
        {
            // struct vfio_region_info: argsz, flags, index, cap_offset (u32), size, offset (u64)
            final MemorySegment info = a.allocate(32, 8);
            for (int i = 0; i < REGIONS; i++)
            {
                info.fill((byte)0);
                info.set(ValueLayout.JAVA_INT, 0, 32);
                info.set(ValueLayout.JAVA_INT, 8, i);
                LinuxIo.ioctl(address + ": VFIO_DEVICE_GET_REGION_INFO " + i, deviceFd, VFIO_DEVICE_GET_REGION_INFO,
                    info);
                regionFlags[i] = info.get(ValueLayout.JAVA_INT, 4);
                regionSize[i] = info.get(ValueLayout.JAVA_LONG, 16);
                regionOffset[i] = info.get(ValueLayout.JAVA_LONG, 24);
            }
        }
    }

    /** Opens the device at {@code address} through VFIO on this machine. */
    public static VfioDevice open(final String address, final boolean bindToVfio) throws IOException
    {
        return open(Path.of("/"), address, bindToVfio);
    }

    /**
     * Opens the device at {@code address} through VFIO, with the machine's files under {@code root}.
     *
     * @param bindToVfio bind the device to vfio-pci when it is bound to another driver or to none
     * @throws SecurityException when the safety rule refuses
     */
    public static VfioDevice open(final Path root, final String address, final boolean bindToVfio) throws IOException
    {
        final String addr = PciDevice.normalizeAddress(address);
        final String what = "virtio-pci:" + addr + " (vfio)";
        ApplianceGuard.requireAppliance(what, root);
        final Path dir = root.resolve("sys/bus/pci/devices").resolve(addr);
        if (!Files.isDirectory(dir))
        {
            throw new IOException(what + ": no such PCI device (" + dir + " is missing)");
        }
        final int vendor = PciDevice.parseHex(dir.resolve("vendor"));
        final int device = PciDevice.parseHex(dir.resolve("device"));
        final String driver = PciDevice.driverOf(dir);
        if (!"vfio-pci".equals(driver))
        {
            if (!bindToVfio)
            {
                throw new SecurityException(what + ": refused: the device is bound to " +
                    (driver == null ? "no driver" : driver) + ", not to vfio-pci; bind it first (or ask for binding)");
            }
            PciDevice.bind(root, dir, addr, what, vendor, device, driver, "vfio-pci");
        }
        final Path groupLink = dir.resolve("iommu_group");
        if (!Files.exists(groupLink))
        {
            throw new IOException(what + ": no IOMMU group: the VM needs an IOMMU (QEMU -device intel-iommu, the " +
                "NIC with iommu_platform=on, the kernel with intel_iommu=on)");
        }
        final String group = Files.readSymbolicLink(groupLink).getFileName().toString();
        int container = -1;
        int groupFd = -1;
        try (Arena a = Arena.ofConfined())
        {
            // vfio.rst, "VFIO Usage Example": container, API version, type-1 IOMMU, group, device
            container = LinuxIo.open(root.resolve("dev/vfio/vfio").toString(), LinuxIo.O_RDWR);
            final int api = LinuxIo.ioctl(what + ": VFIO_GET_API_VERSION", container, VFIO_GET_API_VERSION, 0L);
            if (api != VFIO_API_VERSION)
            {
                throw new IOException(what + ": unknown VFIO API version " + api);
            }
            if (LinuxIo.ioctl(what + ": VFIO_CHECK_EXTENSION", container, VFIO_CHECK_EXTENSION, VFIO_TYPE1_IOMMU) == 0)
            {
                throw new IOException(what + ": the kernel has no type-1 IOMMU for VFIO (load vfio_iommu_type1)");
            }
            groupFd = LinuxIo.open(root.resolve("dev/vfio").resolve(group).toString(), LinuxIo.O_RDWR);
            final MemorySegment status = a.allocate(8, 4);
            status.set(ValueLayout.JAVA_INT, 0, 8);
            LinuxIo.ioctl(what + ": VFIO_GROUP_GET_STATUS", groupFd, VFIO_GROUP_GET_STATUS, status);
            if ((status.get(ValueLayout.JAVA_INT, 4) & VFIO_GROUP_FLAGS_VIABLE) == 0)
            {
                throw new IOException(what + ": IOMMU group " + group + " is not viable (all its devices must be " +
                    "bound to vfio-pci or to no driver)");
            }
            final MemorySegment containerArg = a.allocate(ValueLayout.JAVA_INT);
            containerArg.set(ValueLayout.JAVA_INT, 0, container);
            LinuxIo.ioctl(what + ": VFIO_GROUP_SET_CONTAINER", groupFd, VFIO_GROUP_SET_CONTAINER, containerArg);
            LinuxIo.ioctl(what + ": VFIO_SET_IOMMU", container, VFIO_SET_IOMMU, VFIO_TYPE1_IOMMU);
            final int deviceFd = LinuxIo.ioctl(what + ": VFIO_GROUP_GET_DEVICE_FD", groupFd, VFIO_GROUP_GET_DEVICE_FD,
                a.allocateFrom(addr));
            return new VfioDevice(addr, vendor, device, container, groupFd, deviceFd);
        }
        catch (final IOException | RuntimeException e)
        {
            LinuxIo.close(groupFd);
            LinuxIo.close(container);
            throw e;
        }
    }

    /**
     * Maps {@code segment} (page aligned, e.g. from mmap) into the device's I/O address space, readable and
     * writable by the device, and returns it as DMA memory whose device addresses are those I/O addresses. The
     * kernel pins the pages for as long as the container lives.
     */
    public DmaMemory mapDma(final MemorySegment segment) throws IOException
    {
        final long iova = nextIova;
        try (Arena a = Arena.ofConfined())
        {
            // struct vfio_iommu_type1_dma_map: argsz, flags (u32), vaddr, iova, size (u64)
            final MemorySegment map = a.allocate(32, 8);
            map.set(ValueLayout.JAVA_INT, 0, 32);
            map.set(ValueLayout.JAVA_INT, 4, VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE);
            map.set(ValueLayout.JAVA_LONG, 8, segment.address());
            map.set(ValueLayout.JAVA_LONG, 16, iova);
            map.set(ValueLayout.JAVA_LONG, 24, segment.byteSize());
            LinuxIo.ioctl(address + ": VFIO_IOMMU_MAP_DMA", containerFd, VFIO_IOMMU_MAP_DMA, map);
        }
        nextIova = (iova + segment.byteSize() + (2L << 20) - 1) & -(2L << 20);
        return new DmaMemory()
        {
            @Override
            public MemorySegment segment()
            {
                return segment;
            }

            @Override
            public long deviceAddress(final long offsetInSegment)
            {
                return iova + offsetInSegment;
            }

            /** The mapping lives as long as the container: closing the device unmaps it; nothing to do here. */
            @Override
            public void close()
            {
            }
        };
    }

    @Override
    public String address()
    {
        return address;
    }

    @Override
    public int vendorId()
    {
        return vendorId;
    }

    @Override
    public int deviceId()
    {
        return deviceId;
    }

    private void configRead(final int offset, final int bytes) throws IOException
    {
        LinuxIo.preadFully(captureState, address + " config", deviceFd, scratch, bytes,
            regionOffset[CONFIG_REGION] + offset);
    }

    @Override
    public int configU8(final int offset) throws IOException
    {
        configRead(offset, 1);
        return scratch.get(ValueLayout.JAVA_BYTE, 0) & 0xff;
    }

    @Override
    public int configU16(final int offset) throws IOException
    {
        configRead(offset, 2);
        return scratch.get(LE_SHORT, 0) & 0xffff;
    }

    @Override
    public int configU32(final int offset) throws IOException
    {
        configRead(offset, 4);
        return scratch.get(LE_INT, 0);
    }

    @Override
    public boolean isIoResource(final int bar) throws IOException
    {
        // the BAR register's bit 0 says I/O space (PCI local bus spec, base address registers)
        return bar >= 0 && bar < 6 && regionSize[bar] > 0 && (configU32(PCI_BASE_ADDRESS_0 + 4 * bar) & 1) != 0;
    }

    @Override
    public boolean isMemoryResource(final int bar) throws IOException
    {
        return bar >= 0 && bar < 6 && regionSize[bar] > 0 && !isIoResource(bar);
    }

    @Override
    public long resourceLength(final int bar)
    {
        return bar >= 0 && bar < 6 ? regionSize[bar] : 0;
    }

    @Override
    public int barFd(final int bar)
    {
        return deviceFd;
    }

    @Override
    public long barOffset(final int bar)
    {
        return regionOffset[bar];
    }

    @Override
    public MemorySegment mapBar(final int bar) throws IOException
    {
        if (bar < 0 || bar > 5 || regionSize[bar] == 0)
        {
            throw new IOException(address + ": no BAR " + bar);
        }
        if ((regionFlags[bar] & VFIO_REGION_INFO_FLAG_MMAP) == 0)
        {
            throw new IOException(address + ": VFIO does not allow mapping BAR" + bar);
        }
        if (barMappings[bar] == null)
        {
            barMappings[bar] = LinuxIo.mmap(address + " BAR" + bar, regionSize[bar],
                LinuxIo.PROT_READ | LinuxIo.PROT_WRITE, LinuxIo.MAP_SHARED, deviceFd, regionOffset[bar]);
        }
        return barMappings[bar];
    }

    @Override
    public void enableBusMastering() throws IOException
    {
        final int command = configU16(PCI_COMMAND);
        if ((command & PCI_COMMAND_MASTER) == 0)
        {
            scratch.set(LE_SHORT, 0, (short)(command | PCI_COMMAND_MASTER));
            LinuxIo.pwriteFully(captureState, address + " config", deviceFd, scratch, 2,
                regionOffset[CONFIG_REGION] + PCI_COMMAND);
        }
    }

    @Override
    public void close()
    {
        for (int i = 0; i < barMappings.length; i++)
        {
            if (barMappings[i] != null)
            {
                LinuxIo.munmap(barMappings[i]);
                barMappings[i] = null;
            }
        }
        LinuxIo.close(deviceFd);
        LinuxIo.close(groupFd);
        LinuxIo.close(containerFd); // closing the container drops the DMA mappings
        arena.close();
    }

    @Override
    public String toString()
    {
        return String.format("%s [%04x:%04x] driver vfio-pci", address, vendorId, deviceId);
    }
}
