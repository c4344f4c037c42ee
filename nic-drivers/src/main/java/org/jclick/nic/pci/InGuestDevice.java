package org.jclick.nic.pci;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import org.jclick.nic.dma.HugepageMemory;
import org.jclick.nic.mmio.MmioTransport;
import org.jclick.nic.virtio.DmaMemory;
import org.jclick.nic.virtio.VirtioTransport;

/**
 * A virtio device inside the appliance opened for the driver ({@code org.jclick.nic.virtio.VirtioNet}): its
 * transport (legacy or modern virtio-pci over uio_pci_generic or VFIO, or virtio-mmio over /dev/mem) and DMA memory
 * for its rings and buffers (hugepages, whose physical addresses the device uses; behind VFIO the same hugepages
 * mapped at I/O virtual addresses). Every way in applies the {@link ApplianceGuard safety rule} before anything is
 * touched. Setup code only.
 * <p>
 * Device specs:
 * <pre>
 *   virtio-pci:0000:00:04.0          modern interface when the device has one (1af4:1041, or a transitional
 *                                    1af4:1000 with virtio capabilities), else legacy; through VFIO when the
 *                                    device is bound to vfio-pci, else uio_pci_generic (bound if needed)
 *   virtio-pci-legacy:0000:00:04.0   the legacy interface of a transitional device
 *   virtio-pci-modern:0000:00:04.0   the modern interface only
 *   virtio-pci-vfio:0000:00:04.0     the modern interface through VFIO: binds the device to vfio-pci if needed
 *                                    (needs a VM with an IOMMU: QEMU intel-iommu, the NIC with iommu_platform=on);
 *                                    rings and buffers in hugepages mapped with VFIO_IOMMU_MAP_DMA, the driver
 *                                    gives the device their I/O virtual addresses
 *   virtio-mmio:0xfeb02e00           a virtio-mmio register block (size 0x200); also ADDR/SIZE or SIZE@ADDR
 * </pre>
 */
public final class InGuestDevice implements AutoCloseable
{
    /** Spec prefixes. */
    public static final String VIRTIO_PCI = "virtio-pci:";
    public static final String VIRTIO_PCI_LEGACY = "virtio-pci-legacy:";
    public static final String VIRTIO_PCI_MODERN = "virtio-pci-modern:";
    public static final String VIRTIO_PCI_VFIO = "virtio-pci-vfio:";
    public static final String VIRTIO_MMIO = "virtio-mmio:";

    /** Which PCI interface to drive. */
    public enum PciMode
    {
        /** Modern when the device offers it, else legacy. */
        AUTO,
        /** The legacy (0.9.5) interface in BAR0 of a transitional device. */
        LEGACY,
        /** The virtio 1.x interface found through the vendor capabilities. */
        MODERN
    }

    /**
     * A parsed in-guest device spec.
     *
     * @param text        the spec as written
     * @param pciAddress  the normalised PCI address, or null for virtio-mmio
     * @param pciMode     the PCI interface wanted (AUTO for virtio-mmio)
     * @param mmioAddress the register block's physical address (virtio-mmio)
     * @param mmioBytes   the register block's size (virtio-mmio; at least 0x200)
     * @param vfio        whether the spec asks for VFIO (binding the device to vfio-pci); otherwise VFIO is used
     *                    only when the device is bound to vfio-pci already
     */
    public record Spec(String text, String pciAddress, PciMode pciMode, long mmioAddress, long mmioBytes,
        boolean vfio)
    {
        /** Whether this is a virtio-mmio device. */
        public boolean mmio()
        {
            return pciAddress == null;
        }
    }

    private final VirtioTransport transport;
    private final DmaMemory memory;
    private final PciFunction function;
    private final HugepageMemory hugepages;
    private final String description;

    private InGuestDevice(final VirtioTransport transport, final DmaMemory memory, final PciFunction function,
        final HugepageMemory hugepages, final String description)
    {
        this.transport = transport;
        this.memory = memory;
        this.function = function;
        this.hugepages = hugepages;
        this.description = description;
    }

    /** Whether {@code spec} names an in-guest device (one of the prefixes above). */
    public static boolean isInGuestSpec(final String spec)
    {
        return spec.startsWith(VIRTIO_PCI) || spec.startsWith(VIRTIO_PCI_LEGACY) ||
            spec.startsWith(VIRTIO_PCI_MODERN) || spec.startsWith(VIRTIO_PCI_VFIO) || spec.startsWith(VIRTIO_MMIO);
    }

    /**
     * Parses an in-guest device spec (see the class comment).
     *
     * @throws IllegalArgumentException with the reason, when it is malformed
     */
    public static Spec parse(final String spec)
    {
        if (spec.startsWith(VIRTIO_MMIO))
        {
            final String arg = spec.substring(VIRTIO_MMIO.length()).trim().toLowerCase(Locale.ROOT);
            if (arg.isEmpty())
            {
                throw new IllegalArgumentException("virtio-mmio: needs the register block's physical address, " +
                    "e.g. virtio-mmio:0xfeb02e00");
            }
            String addressText = arg;
            String sizeText = null;
            final int at = arg.indexOf('@');
            final int slash = arg.indexOf('/');
            if (at >= 0)
            {
                sizeText = arg.substring(0, at);
                addressText = arg.substring(at + 1);
            }
            else if (slash >= 0)
            {
                addressText = arg.substring(0, slash);
                sizeText = arg.substring(slash + 1);
            }
            final long address;
            final long bytes;
            try
            {
                address = MmioTransport.parseAddress(addressText);
                bytes = sizeText == null ? MmioTransport.REGION_BYTES : parseSize(sizeText);
            }
            catch (final NumberFormatException e)
            {
                throw new IllegalArgumentException("device '" + spec + "': not a number (want virtio-mmio:0xADDR, " +
                    "virtio-mmio:0xADDR/SIZE or virtio-mmio:SIZE@0xADDR)");
            }
            if (address == 0)
            {
                throw new IllegalArgumentException("device '" + spec + "': the address must not be 0");
            }
            if (bytes < MmioTransport.REGION_BYTES)
            {
                throw new IllegalArgumentException("device '" + spec + "': a virtio-mmio register block has at least " +
                    "0x" + Integer.toHexString(MmioTransport.REGION_BYTES) + " bytes");
            }
            return new Spec(spec, null, PciMode.AUTO, address, bytes, false);
        }
        final PciMode mode;
        final String address;
        boolean vfio = false;
        if (spec.startsWith(VIRTIO_PCI_VFIO))
        {
            // the legacy interface cannot go through an IOMMU (it has no ACCESS_PLATFORM): modern only
            mode = PciMode.MODERN;
            address = spec.substring(VIRTIO_PCI_VFIO.length());
            vfio = true;
        }
        else if (spec.startsWith(VIRTIO_PCI))
        {
            mode = PciMode.AUTO;
            address = spec.substring(VIRTIO_PCI.length());
        }
        else if (spec.startsWith(VIRTIO_PCI_LEGACY))
        {
            mode = PciMode.LEGACY;
            address = spec.substring(VIRTIO_PCI_LEGACY.length());
        }
        else if (spec.startsWith(VIRTIO_PCI_MODERN))
        {
            mode = PciMode.MODERN;
            address = spec.substring(VIRTIO_PCI_MODERN.length());
        }
        else
        {
            throw new IllegalArgumentException("device '" + spec + "': not an in-guest device spec " +
                "(virtio-pci:ADDR, virtio-pci-legacy:ADDR, virtio-pci-modern:ADDR, virtio-pci-vfio:ADDR, " +
                "virtio-mmio:0xADDR)");
        }
        try
        {
            return new Spec(spec, PciDevice.normalizeAddress(address), mode, 0, 0, vfio);
        }
        catch (final IllegalArgumentException e)
        {
            throw new IllegalArgumentException("device '" + spec + "': " + e.getMessage());
        }
    }

    private static long parseSize(final String text)
    {
        final String t = text.trim();
        return t.startsWith("0x") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseLong(t);
    }

    /** Opens the device {@code spec} on this machine with {@code memoryBytes} of DMA memory. */
    public static InGuestDevice open(final Spec spec, final long memoryBytes) throws IOException
    {
        return open(Path.of("/"), spec, memoryBytes);
    }

    /**
     * Opens the device {@code spec} with the machine's files under {@code root} ({@code /} except in tests). The
     * safety rule is checked first: outside the appliance this throws a {@link SecurityException} saying why, and
     * nothing has been touched.
     */
    public static InGuestDevice open(final Path root, final Spec spec, final long memoryBytes) throws IOException
    {
        ApplianceGuard.requireAppliance(spec.text(), root);
        if (spec.mmio())
        {
            final HugepageMemory memory = HugepageMemory.allocate(memoryBytes);
            try
            {
                final MmioTransport transport = MmioTransport.open(spec.mmioAddress());
                return new InGuestDevice(transport, memory, null, memory, transport.name() + " version " +
                    transport.version());
            }
            catch (final IOException | RuntimeException e)
            {
                memory.close();
                throw e;
            }
        }
        final Path dir = root.resolve("sys/bus/pci/devices").resolve(spec.pciAddress());
        final boolean vfio = spec.vfio() || "vfio-pci".equals(PciDevice.driverOf(dir));
        final HugepageMemory hugepages = HugepageMemory.allocate(memoryBytes);
        PciFunction function = null;
        try
        {
            final DmaMemory memory;
            if (vfio)
            {
                // binds to vfio-pci only when the spec asked for VFIO (the guard is checked again in there)
                final VfioDevice device = VfioDevice.open(root, spec.pciAddress(), spec.vfio());
                function = device;
                // the device reaches the hugepages through the IOMMU at I/O virtual addresses, which the
                // mapping's deviceAddress gives the driver for its descriptors and queue addresses
                memory = device.mapDma(hugepages.segment());
            }
            else
            {
                function = PciDevice.open(root, spec.pciAddress(), true);
                memory = hugepages;
            }
            final VirtioTransport transport = pciTransport(function, spec.pciMode());
            function.enableBusMastering();
            return new InGuestDevice(transport, memory, function, hugepages, transport.name() + " [" +
                String.format("%04x:%04x", function.vendorId(), function.deviceId()) + "] via " +
                (vfio ? "vfio-pci" : "uio_pci_generic"));
        }
        catch (final IOException | RuntimeException e)
        {
            if (function != null)
            {
                function.close();
            }
            hugepages.close();
            throw e;
        }
    }

    private static VirtioTransport pciTransport(final PciFunction function, final PciMode mode) throws IOException
    {
        switch (mode)
        {
            case LEGACY:
                return new LegacyPciTransport(function, false);
            case MODERN:
                return new ModernPciTransport(function);
            default:
                if (function.deviceId() >= 0x1040)
                {
                    return new ModernPciTransport(function);
                }
                // a transitional device: its modern interface when it has the capabilities, else the legacy one
                try
                {
                    return new ModernPciTransport(function);
                }
                catch (final IOException e)
                {
                    return new LegacyPciTransport(function, false);
                }
        }
    }

    /** The transport; the driver closes it. */
    public VirtioTransport transport()
    {
        return transport;
    }

    /** The DMA memory for the driver. */
    public DmaMemory memory()
    {
        return memory;
    }

    /** What was opened, for messages, e.g. {@code virtio-pci:0000:00:04.0 [1af4:1041] via uio_pci_generic}. */
    public String description()
    {
        return description;
    }

    /** Closes the transport, then releases the rest ({@link #closeAfterDriver}): when no driver ran on it. */
    @Override
    public void close()
    {
        transport.close();
        closeAfterDriver();
    }

    /**
     * Closes the PCI function (with VFIO, its DMA mappings) and frees the hugepages, once the driver has closed the
     * transport ({@code VirtioNet.close()} resets the device and closes it).
     */
    public void closeAfterDriver()
    {
        if (function != null)
        {
            function.close();
        }
        hugepages.close();
    }
}
