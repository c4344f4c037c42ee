package org.jclick.nic.pci;

import java.io.IOException;
import java.io.PrintStream;

import org.jclick.nic.dma.HugepageMemory;
import org.jclick.nic.mmio.MmioTransport;
import org.jclick.nic.virtio.VirtioTransport;

/**
 * A guest-side check of the in-guest transports, run inside the appliance: for each device spec it opens the
 * transport, does the first steps of device initialisation (section 3.1.1: reset, ACKNOWLEDGE, DRIVER), reads the
 * feature bits and the MAC from the device configuration (section 5.1.4), prints one line, and resets the device.
 * The host-side test compares the MAC with the one it gave QEMU.
 * <pre>
 * GuestProbe SPEC...
 *   pci-legacy:0000:00:04.0   LegacyPciTransport (binds the device to uio_pci_generic if needed)
 *   pci-modern:0000:00:04.0   ModernPciTransport (idem)
 *   mmio:0xfeb02e00           MmioTransport over /dev/mem
 *   hugepages:4               HugepageMemory of 4 MiB: prints the physical address of each hugepage
 *   vfio-modern:0000:00:04.0  ModernPciTransport over VFIO (binds to vfio-pci; needs a VM with an IOMMU)
 *   echo-pci-legacy:0000:00:04.0/8, echo-pci-modern:0000:00:04.0/8, echo-mmio:0xfeb02e00/8,
 *   echo-vfio-modern:0000:00:04.0/8
 *                             brings the NIC up (rings in hugepages) and sends back 8 received frames
 * </pre>
 * Output lines start with {@code probe: ok} or {@code probe: FAIL}; the exit status is the number of failures.
 */
public final class GuestProbe
{
    /** Device status bits (section 2.1). */
    static final int ACKNOWLEDGE = 1;
    static final int DRIVER = 2;
    /** virtio-net feature bits (section 5.1.3) and VERSION_1 (section 6). */
    static final int VIRTIO_NET_F_MAC = 5;
    static final int VIRTIO_NET_F_STATUS = 16;
    static final int VIRTIO_F_VERSION_1 = 32;

    /** How long an echo probe waits for its frames. */
    static final long ECHO_TIMEOUT_NS = 120_000_000_000L;

    private GuestProbe()
    {
    }

    /** Runs the probes named by {@code args}; the exit status is the number of failures. */
    public static void main(final String[] args)
    {
        System.exit(run(java.util.List.of(args), System.out));
    }

    /** Runs the probes {@code specs}, one line each on {@code out}, and returns the number of failures. */
    public static int run(final java.util.List<String> specs, final PrintStream out)
    {
        int failures = 0;
        for (final String spec : specs)
        {
            try
            {
                out.println("probe: ok " + probe(spec));
            }
            catch (final Exception | LinkageError e)
            {
                failures++;
                out.println("probe: FAIL " + spec + ": " + e);
            }
            out.flush();
        }
        return failures;
    }

    static String probe(final String spec) throws IOException
    {
        final int colon = spec.indexOf(':');
        if (colon < 0)
        {
            throw new IllegalArgumentException("want KIND:ARG, e.g. pci-modern:0000:00:04.0");
        }
        final String kind = spec.substring(0, colon);
        final String arg = spec.substring(colon + 1);
        switch (kind)
        {
            case "pci-legacy":
                try (PciDevice device = PciDevice.open(arg, true);
                    VirtioTransport transport = new LegacyPciTransport(device, false))
                {
                    return describe(transport, device.toString());
                }
            case "pci-modern":
                try (PciDevice device = PciDevice.open(arg, true);
                    VirtioTransport transport = new ModernPciTransport(device))
                {
                    return describe(transport, device.toString());
                }
            case "vfio-modern":
                try (VfioDevice device = VfioDevice.open(arg, true);
                    VirtioTransport transport = new ModernPciTransport(device))
                {
                    return describe(transport, device.toString());
                }
            case "mmio":
                try (MmioTransport transport = MmioTransport.open(MmioTransport.parseAddress(arg)))
                {
                    return describe(transport, "mmio version " + transport.version() + " device id " +
                        transport.deviceId());
                }
            case "echo-pci-legacy", "echo-pci-modern", "echo-mmio", "echo-vfio-modern":
            {
                // ARG is ADDRESS/FRAMES, e.g. 0000:00:04.0/8
                final int slash = arg.lastIndexOf('/');
                final String address = slash < 0 ? arg : arg.substring(0, slash);
                final int frames = slash < 0 ? 8 : Integer.parseInt(arg.substring(slash + 1));
                if (kind.equals("echo-mmio"))
                {
                    try (MmioTransport transport = MmioTransport.open(MmioTransport.parseAddress(address)))
                    {
                        return EchoProbe.run(transport, frames, ECHO_TIMEOUT_NS, System.out);
                    }
                }
                if (kind.equals("echo-vfio-modern"))
                {
                    // DMA through the IOMMU: any pinned memory will do, mapped at an I/O virtual address
                    try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined();
                        VfioDevice device = VfioDevice.open(address, true))
                    {
                        device.enableBusMastering();
                        final java.lang.foreign.MemorySegment memory =
                            arena.allocate(EchoProbe.MEMORY_BYTES, 1L << 21);
                        final org.jclick.nic.virtio.DmaMemory dma = device.mapDma(memory);
                        try (VirtioTransport transport = new ModernPciTransport(device))
                        {
                            return EchoProbe.run(transport, dma, frames, ECHO_TIMEOUT_NS, System.out);
                        }
                    }
                }
                try (PciDevice device = PciDevice.open(address, true))
                {
                    device.enableBusMastering();
                    try (VirtioTransport transport = kind.equals("echo-pci-legacy") ?
                        new LegacyPciTransport(device, false) : new ModernPciTransport(device))
                    {
                        return EchoProbe.run(transport, frames, ECHO_TIMEOUT_NS, System.out);
                    }
                }
            }
            case "hugepages":
                try (HugepageMemory memory = HugepageMemory.allocate(Long.parseLong(arg) << 20))
                {
                    final StringBuilder b = new StringBuilder("hugepages=" + memory.hugepages() + " physical=");
                    for (int i = 0; i < memory.hugepages(); i++)
                    {
                        b.append(i == 0 ? "" : ",").append("0x")
                            .append(Long.toHexString(memory.deviceAddress((long)i * HugepageMemory.HUGEPAGE_BYTES)));
                    }
                    return b.toString();
                }
            default:
                throw new IllegalArgumentException("unknown probe kind '" + kind + "'");
        }
    }

    static String describe(final VirtioTransport transport, final String what)
    {
        // section 3.1.1: reset, then ACKNOWLEDGE (a guest driver saw the device), then DRIVER (it can drive it)
        transport.reset();
        transport.setStatus(ACKNOWLEDGE);
        transport.setStatus(ACKNOWLEDGE | DRIVER);
        final long features = transport.deviceFeatures();
        final StringBuilder mac = new StringBuilder();
        if ((features & (1L << VIRTIO_NET_F_MAC)) != 0)
        {
            // section 5.1.4: struct virtio_net_config starts with u8 mac[6]
            for (int i = 0; i < 6; i++)
            {
                mac.append(i == 0 ? "" : ":").append(String.format("%02x", transport.configU8(i)));
            }
        }
        else
        {
            mac.append("none");
        }
        final String link = (features & (1L << VIRTIO_NET_F_STATUS)) != 0 ?
            ((transport.configU16(6) & 1) != 0 ? "up" : "down") : "unknown";
        final int status = transport.status();
        final int queue0 = transport.queueMaxSize(0);
        transport.reset();
        return "transport=" + transport.name() + " device=[" + what + "] legacy=" + transport.legacy() +
            " mac=" + mac + " features=0x" + Long.toHexString(features) + " version1=" +
            ((features & (1L << VIRTIO_F_VERSION_1)) != 0) + " link=" + link + " status=" + status +
            " queue0max=" + queue0;
    }
}
