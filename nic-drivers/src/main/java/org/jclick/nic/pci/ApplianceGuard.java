package org.jclick.nic.pci;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The safety rule of the in-guest transports: a user-space driver must never touch a device of the machine it was
 * not built for. Probing a host's own NIC by mistake writes to its registers.
 * <p>
 * <b>The rule.</b> PCI and MMIO devices are touched only when all of these hold:
 * <ol>
 *   <li>the device is named explicitly (a PCI address or a physical address, never "the first one found");</li>
 *   <li>a PCI device is bound to {@code uio_pci_generic} or {@code vfio-pci}, or the caller asked to bind it (and
 *       binding is itself allowed only under rule 3);</li>
 *   <li>the process runs inside the jclick appliance: the machine is a virtual machine
 *       ({@code /sys/class/dmi/id/sys_vendor} is {@code QEMU}, or {@code /proc/cpuinfo} has the {@code hypervisor}
 *       flag) <em>and</em> the appliance marker {@value #MARKER} holds this boot's id
 *       ({@code /proc/sys/kernel/random/boot_id}), which the appliance's {@code /init} writes at boot.</li>
 * </ol>
 * The marker is required even when the machine is a VM: development and CI machines are often VMs themselves
 * (this project's build machines show the hypervisor flag), and there the host's own NIC must stay untouched. A
 * marker left over from another boot does not count, so a copied or stale file does not open the gate.
 */
public final class ApplianceGuard
{
    /** The marker the appliance init writes: this boot's id, one line. */
    public static final String MARKER = "/etc/jclick-appliance";

    private ApplianceGuard()
    {
    }

    /** Why the process is not inside the appliance, or null if it is (checks the real root, {@code /}). */
    public static String whyNotInAppliance()
    {
        return whyNotInAppliance(Path.of("/"));
    }

    /**
     * Why the machine rooted at {@code root} is not the appliance, or null if it is. {@code root} is {@code /}
     * except in tests, which build a fake tree.
     */
    public static String whyNotInAppliance(final Path root)
    {
        final String vendor = readTrimmed(root.resolve("sys/class/dmi/id/sys_vendor"));
        final String cpuinfo = readTrimmed(root.resolve("proc/cpuinfo"));
        final boolean vm = "QEMU".equals(vendor) || (cpuinfo != null && hasHypervisorFlag(cpuinfo));
        if (!vm)
        {
            return "this machine is not a virtual machine (no QEMU DMI vendor, no hypervisor CPU flag)";
        }
        final String marker = readTrimmed(root.resolve(MARKER.substring(1)));
        if (marker == null)
        {
            return "no appliance marker " + MARKER + " (the jclick appliance's /init writes it)";
        }
        final String bootId = readTrimmed(root.resolve("proc/sys/kernel/random/boot_id"));
        if (bootId == null || !bootId.equals(marker))
        {
            return "the appliance marker " + MARKER + " is not from this boot (it holds '" + marker +
                "', boot_id is '" + bootId + "')";
        }
        return null;
    }

    /**
     * Throws with a clear message unless the process runs inside the appliance.
     *
     * @param device the device spec the caller wanted, for the message
     */
    public static void requireAppliance(final String device, final Path root)
    {
        final String why = whyNotInAppliance(root);
        if (why != null)
        {
            throw new SecurityException(device + ": refused: a user-space driver touches PCI/MMIO devices only " +
                "inside the jclick appliance, and " + why + ". Run it in the appliance image (unikernel-image).");
        }
    }

    private static boolean hasHypervisorFlag(final String cpuinfo)
    {
        for (final String line : cpuinfo.split("\n"))
        {
            if (line.startsWith("flags"))
            {
                for (final String flag : line.substring(line.indexOf(':') + 1).trim().split("\\s+"))
                {
                    if (flag.equals("hypervisor"))
                    {
                        return true;
                    }
                }
                return false;
            }
        }
        return false;
    }

    static String readTrimmed(final Path path)
    {
        try
        {
            return new String(Files.readAllBytes(path), StandardCharsets.US_ASCII).trim();
        }
        catch (final IOException | SecurityException e)
        {
            return null;
        }
    }
}
