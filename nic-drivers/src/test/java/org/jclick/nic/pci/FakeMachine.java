package org.jclick.nic.pci;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A fake machine root for tests: /proc/cpuinfo, the boot id, the appliance marker and a sysfs PCI tree whose
 * "registers" are plain files (pread/pwrite and mmap work on them as on sysfs resource files). A plain file does
 * not act like a device (a selector write does not change what the next read returns), so tests check where the
 * transports read and write, which is the register layout.
 */
public final class FakeMachine
{
    public static final String BOOT_ID = "3f1c1a52-8d1e-4c1b-9a7e-0c2a3b4d5e6f";

    public final Path root;

    public FakeMachine(final Path root, final boolean vm, final String marker) throws IOException
    {
        this.root = root;
        Files.createDirectories(root.resolve("proc/sys/kernel/random"));
        Files.writeString(root.resolve("proc/cpuinfo"), "processor\t: 0\nflags\t\t: fpu vme sse2" +
            (vm ? " hypervisor" : "") + " avx2\n\n");
        Files.writeString(root.resolve("proc/sys/kernel/random/boot_id"), BOOT_ID + "\n");
        if (marker != null)
        {
            Files.createDirectories(root.resolve("etc"));
            Files.writeString(root.resolve("etc/jclick-appliance"), marker + "\n");
        }
    }

    /** A machine that passes the appliance rule. */
    public static FakeMachine appliance(final Path root) throws IOException
    {
        return new FakeMachine(root, true, BOOT_ID);
    }

    /** Adds a PCI device; {@code driver} null for none. Returns its sysfs folder. */
    public Path pciDevice(final String address, final int vendor, final int device, final String driver,
        final String resourceTable) throws IOException
    {
        final Path dir = Files.createDirectories(root.resolve("sys/bus/pci/devices").resolve(address));
        Files.writeString(dir.resolve("vendor"), String.format("0x%04x%n", vendor));
        Files.writeString(dir.resolve("device"), String.format("0x%04x%n", device));
        Files.writeString(dir.resolve("resource"), resourceTable);
        if (driver != null)
        {
            final Path drv = Files.createDirectories(root.resolve("sys/bus/pci/drivers").resolve(driver));
            Files.createFile(drv.resolve("unbind"));
            Files.createSymbolicLink(dir.resolve("driver"), drv);
        }
        return dir;
    }

    /** A little-endian buffer of {@code bytes}. */
    public static ByteBuffer le(final int bytes)
    {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}
