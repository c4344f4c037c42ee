package org.jclick.nic.pci;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One PCI device seen through sysfs ({@code /sys/bus/pci/devices/ADDR}): its ids, its driver, its configuration
 * space ({@code config}) and its BARs ({@code resourceN}), for a user-space driver inside the appliance.
 * <p>
 * Opening a device applies the {@link ApplianceGuard safety rule}: the address is given explicitly, the process
 * runs inside the appliance, and the device is bound to {@code uio_pci_generic} or {@code vfio-pci}, or the
 * caller asked to bind it to {@code uio_pci_generic} (unbinding it from its kernel driver first). Anything else is
 * refused with a message that says why.
 */
public final class PciDevice implements PciFunction
{
    /** Drivers that leave the device to user space. */
    public static final List<String> USER_SPACE_DRIVERS = List.of("uio_pci_generic", "vfio-pci");

    private static final Pattern FULL_ADDRESS = Pattern.compile("[0-9a-f]{4}:[0-9a-f]{2}:[0-1][0-9a-f]\\.[0-7]");
    private static final Pattern SHORT_ADDRESS = Pattern.compile("[0-9a-f]{2}:[0-1][0-9a-f]\\.[0-7]");
    private static final int IORESOURCE_IO = 0x100;
    private static final int PCI_COMMAND = 0x04;
    private static final int PCI_COMMAND_MASTER = 0x04;
    private static final int IORESOURCE_MEM = 0x200;

    private final Path root;
    private final String address;
    private final Path dir;
    private final int vendorId;
    private final int deviceId;
    private final String driver;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment captureState;
    private final MemorySegment scratch;
    private int configFd = -1;
    private final int[] barFds = {-1, -1, -1, -1, -1, -1};
    private final MemorySegment[] barMappings = new MemorySegment[6];

    private PciDevice(final Path root, final String address, final Path dir, final int vendorId, final int deviceId,
        final String driver)
    {
        this.root = root;
        this.address = address;
        this.dir = dir;
        this.vendorId = vendorId;
        this.deviceId = deviceId;
        this.driver = driver;
        this.captureState = LinuxIo.newCaptureState(arena);
        this.scratch = arena.allocate(8, 8);
    }

    /**
     * Normalises a PCI address: {@code 0000:00:04.0}, or {@code 00:04.0} for domain 0, lower case.
     *
     * @throws IllegalArgumentException if it is not a PCI address
     */
    public static String normalizeAddress(final String address)
    {
        final String a = address.trim().toLowerCase(java.util.Locale.ROOT);
        if (FULL_ADDRESS.matcher(a).matches())
        {
            return a;
        }
        if (SHORT_ADDRESS.matcher(a).matches())
        {
            return "0000:" + a;
        }
        throw new IllegalArgumentException("not a PCI address (want DDDD:BB:DD.F, e.g. 0000:00:04.0): '" + address + "'");
    }

    /** Opens the device at {@code address} on this machine; see the class comment for the rule. */
    public static PciDevice open(final String address, final boolean bindToUio) throws IOException
    {
        return open(Path.of("/"), address, bindToUio);
    }

    /**
     * Opens the device at {@code address} with the machine's files under {@code root} ({@code /} except in tests).
     *
     * @param bindToUio bind the device to uio_pci_generic when it is bound to another driver or to none
     * @throws SecurityException when the safety rule refuses
     */
    public static PciDevice open(final Path root, final String address, final boolean bindToUio) throws IOException
    {
        final String addr = normalizeAddress(address);
        final String what = "virtio-pci:" + addr;
        ApplianceGuard.requireAppliance(what, root);
        final Path dir = root.resolve("sys/bus/pci/devices").resolve(addr);
        if (!Files.isDirectory(dir))
        {
            throw new IOException(what + ": no such PCI device (" + dir + " is missing)");
        }
        final int vendor = parseHex(dir.resolve("vendor"));
        final int device = parseHex(dir.resolve("device"));
        String driver = driverOf(dir);
        if (driver == null || !USER_SPACE_DRIVERS.contains(driver))
        {
            if (!bindToUio)
            {
                throw new SecurityException(what + ": refused: the device is bound to " +
                    (driver == null ? "no driver" : driver) + ", not to uio_pci_generic or vfio-pci; bind it first " +
                    "(or ask for binding) so that no kernel driver uses it at the same time");
            }
            driver = bind(root, dir, addr, what, vendor, device, driver, "uio_pci_generic");
        }
        return new PciDevice(root, addr, dir, vendor, device, driver);
    }

    /**
     * Binds the device in {@code dir} to {@code driverName} (uio_pci_generic or vfio-pci): unbinds it from its
     * current driver, then {@code new_id} (or {@code bind} when the id is known already). Inside the appliance only:
     * callers have checked the guard.
     */
    static String bind(final Path root, final Path dir, final String addr, final String what,
        final int vendor, final int device, final String current, final String driverName) throws IOException
    {
        // 1. free the device from its kernel driver (e.g. virtio-pci)
        if (current != null)
        {
            writeSysfs(dir.resolve("driver/unbind"), addr);
        }
        final Path drv = root.resolve("sys/bus/pci/drivers").resolve(driverName);
        if (!Files.isDirectory(drv))
        {
            throw new IOException(what + ": cannot bind: " + driverName + " is not loaded (the appliance image " +
                "ships the modules: jclick_modules=" + (driverName.equals("vfio-pci") ?
                "vfio_iommu_type1,vfio-pci" : "uio,uio_pci_generic") + ")");
        }
        // 2. new_id makes the driver claim every unbound device with these ids; when the id was added before,
        //    the write fails with EEXIST and an explicit bind does the job
        try
        {
            writeSysfs(drv.resolve("new_id"), String.format("%04x %04x", vendor, device));
        }
        catch (final IOException e)
        {
            // the id is known already: fall through to bind
        }
        String driver = driverOf(dir);
        if (!driverName.equals(driver))
        {
            try
            {
                writeSysfs(drv.resolve("bind"), addr);
            }
            catch (final IOException e)
            {
                throw new IOException(what + ": binding to " + driverName + " failed: " + e.getMessage(), e);
            }
            driver = driverOf(dir);
        }
        if (!driverName.equals(driver))
        {
            throw new IOException(what + ": binding to " + driverName + " did not take (driver is now " + driver + ")");
        }
        return driver;
    }

    private static void writeSysfs(final Path file, final String text) throws IOException
    {
        Files.writeString(file, text, StandardCharsets.US_ASCII, java.nio.file.StandardOpenOption.WRITE);
    }

    static String driverOf(final Path dir)
    {
        final Path link = dir.resolve("driver");
        if (!Files.exists(link))
        {
            return null;
        }
        try
        {
            return Files.readSymbolicLink(link).getFileName().toString();
        }
        catch (final IOException | UnsupportedOperationException e)
        {
            return link.toAbsolutePath().normalize().getFileName().toString();
        }
    }

    static int parseHex(final Path file) throws IOException
    {
        final String text = ApplianceGuard.readTrimmed(file);
        if (text == null)
        {
            throw new IOException("cannot read " + file);
        }
        return Integer.parseInt(text.startsWith("0x") ? text.substring(2) : text, 16);
    }

    /** The address, e.g. {@code 0000:00:04.0}. */
    @Override
    public String address()
    {
        return address;
    }

    /** The vendor id (0x1af4 for virtio). */
    @Override
    public int vendorId()
    {
        return vendorId;
    }

    /** The device id (0x1000 transitional virtio-net, 0x1041 modern virtio-net). */
    @Override
    public int deviceId()
    {
        return deviceId;
    }

    /** The bound driver: uio_pci_generic or vfio-pci. */
    public String driver()
    {
        return driver;
    }

    /** The device's sysfs folder. */
    public Path sysfsDir()
    {
        return dir;
    }

    /** The {@code /dev/uioN} node of a device bound to uio_pci_generic, or null. */
    public Path uioDevice() throws IOException
    {
        final Path uioDir = dir.resolve("uio");
        if (!Files.isDirectory(uioDir))
        {
            return null;
        }
        try (var entries = Files.list(uioDir))
        {
            return entries.map(p -> root.resolve("dev").resolve(p.getFileName().toString())).findFirst().orElse(null);
        }
    }

    /** The sysfs file of BAR {@code bar} ({@code resourceN}). */
    public Path resourceFile(final int bar)
    {
        return dir.resolve("resource" + bar);
    }

    /** The size in bytes of BAR {@code bar}, from the {@code resource} table (0 when unused). */
    @Override
    public long resourceLength(final int bar) throws IOException
    {
        final long[] row = resourceRow(bar);
        return row[1] == 0 && row[0] == 0 ? 0 : row[1] - row[0] + 1;
    }

    /** Whether BAR {@code bar} is an I/O port BAR (read and written with pread/pwrite, not mmap). */
    @Override
    public boolean isIoResource(final int bar) throws IOException
    {
        return (resourceRow(bar)[2] & IORESOURCE_IO) != 0;
    }

    /** Whether BAR {@code bar} is a memory BAR (mappable). */
    @Override
    public boolean isMemoryResource(final int bar) throws IOException
    {
        return (resourceRow(bar)[2] & IORESOURCE_MEM) != 0;
    }

    private long[] resourceRow(final int bar) throws IOException
    {
        final List<String> lines = Files.readAllLines(dir.resolve("resource"), StandardCharsets.US_ASCII);
        if (bar < 0 || bar >= lines.size())
        {
            throw new IOException(address + ": no BAR " + bar);
        }
        final String[] f = lines.get(bar).trim().split("\\s+");
        return new long[] {Long.decode(f[0]), Long.decode(f[1]), Long.decode(f[2])};
    }

    private int configFd() throws IOException
    {
        if (configFd < 0)
        {
            configFd = LinuxIo.open(dir.resolve("config").toString(), LinuxIo.O_RDONLY);
        }
        return configFd;
    }

    /** A byte of the configuration space (section 4.1.4: the capability list lives there). */
    @Override
    public int configU8(final int offset) throws IOException
    {
        LinuxIo.preadFully(captureState, address + " config", configFd(), scratch, 1, offset);
        return scratch.get(ValueLayout.JAVA_BYTE, 0) & 0xff;
    }

    /** A little-endian 16-bit word of the configuration space. */
    @Override
    public int configU16(final int offset) throws IOException
    {
        LinuxIo.preadFully(captureState, address + " config", configFd(), scratch, 2, offset);
        return scratch.get(ValueLayout.JAVA_SHORT_UNALIGNED, 0) & 0xffff;
    }

    /** A little-endian 32-bit word of the configuration space. */
    @Override
    public int configU32(final int offset) throws IOException
    {
        LinuxIo.preadFully(captureState, address + " config", configFd(), scratch, 4, offset);
        return scratch.get(ValueLayout.JAVA_INT_UNALIGNED, 0);
    }

    /**
     * Sets Bus Master Enable in the PCI command register (offset 4, bit 2): without it the device may not DMA to
     * memory, and QEMU drops its ring accesses. uio_pci_generic enables the device but not bus mastering.
     */
    @Override
    public void enableBusMastering() throws IOException
    {
        final int command = configU16(PCI_COMMAND);
        if ((command & PCI_COMMAND_MASTER) != 0)
        {
            return;
        }
        final int fd = LinuxIo.open(dir.resolve("config").toString(), LinuxIo.O_RDWR);
        try
        {
            scratch.set(ValueLayout.JAVA_SHORT_UNALIGNED, 0, (short)(command | PCI_COMMAND_MASTER));
            LinuxIo.pwriteFully(captureState, address + " config", fd, scratch, 2, PCI_COMMAND);
        }
        finally
        {
            LinuxIo.close(fd);
        }
    }

    @Override
    public int barFd(final int bar) throws IOException
    {
        if (bar < 0 || bar > 5)
        {
            throw new IOException(address + ": no BAR " + bar);
        }
        if (barFds[bar] < 0)
        {
            barFds[bar] = LinuxIo.open(resourceFile(bar).toString(), LinuxIo.O_RDWR);
        }
        return barFds[bar];
    }

    @Override
    public long barOffset(final int bar)
    {
        return 0; // a resourceN file is the BAR itself
    }

    @Override
    public MemorySegment mapBar(final int bar) throws IOException
    {
        if (bar < 0 || bar > 5)
        {
            throw new IOException(address + ": no BAR " + bar);
        }
        if (barMappings[bar] == null)
        {
            if (!isMemoryResource(bar))
            {
                throw new IOException(address + ": BAR" + bar + " is not a memory BAR");
            }
            // O_SYNC: an uncached mapping, as device registers need
            final int fd = LinuxIo.open(resourceFile(bar).toString(), LinuxIo.O_RDWR | LinuxIo.O_SYNC);
            try
            {
                barMappings[bar] = LinuxIo.mmap(resourceFile(bar).toString(), resourceLength(bar),
                    LinuxIo.PROT_READ | LinuxIo.PROT_WRITE, LinuxIo.MAP_SHARED, fd, 0);
            }
            finally
            {
                LinuxIo.close(fd); // the mapping stays valid after close
            }
        }
        return barMappings[bar];
    }

    @Override
    public void close()
    {
        for (int i = 0; i < 6; i++)
        {
            LinuxIo.close(barFds[i]);
            barFds[i] = -1;
            if (barMappings[i] != null)
            {
                LinuxIo.munmap(barMappings[i]);
                barMappings[i] = null;
            }
        }
        LinuxIo.close(configFd);
        configFd = -1;
        arena.close();
    }

    @Override
    public String toString()
    {
        return String.format("%s [%04x:%04x] driver %s", address, vendorId, deviceId, driver);
    }
}
