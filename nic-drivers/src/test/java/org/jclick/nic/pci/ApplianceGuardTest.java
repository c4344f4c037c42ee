package org.jclick.nic.pci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplianceGuardTest
{
    @TempDir
    Path tmp;

    @Test
    void aVmWithThisBootsMarkerIsTheAppliance() throws Exception
    {
        final FakeMachine m = FakeMachine.appliance(tmp);
        assertNull(ApplianceGuard.whyNotInAppliance(m.root));
    }

    @Test
    void qemuDmiVendorCountsAsAVm() throws Exception
    {
        final FakeMachine m = new FakeMachine(tmp, false, FakeMachine.BOOT_ID);
        assertTrue(ApplianceGuard.whyNotInAppliance(m.root).contains("not a virtual machine"));
        Files.createDirectories(tmp.resolve("sys/class/dmi/id"));
        Files.writeString(tmp.resolve("sys/class/dmi/id/sys_vendor"), "QEMU\n");
        assertNull(ApplianceGuard.whyNotInAppliance(m.root));
    }

    @Test
    void aVmWithoutTheMarkerIsRefused() throws Exception
    {
        final FakeMachine m = new FakeMachine(tmp, true, null);
        final String why = ApplianceGuard.whyNotInAppliance(m.root);
        assertNotNull(why);
        assertTrue(why.contains("no appliance marker"), why);
        final SecurityException e = assertThrows(SecurityException.class,
            () -> ApplianceGuard.requireAppliance("virtio-pci:0000:00:04.0", m.root));
        assertTrue(e.getMessage().startsWith("virtio-pci:0000:00:04.0: refused"), e.getMessage());
    }

    @Test
    void aMarkerFromAnotherBootIsRefused() throws Exception
    {
        final FakeMachine m = new FakeMachine(tmp, true, "00000000-0000-0000-0000-000000000000");
        assertTrue(ApplianceGuard.whyNotInAppliance(m.root).contains("not from this boot"));
    }

    @Test
    void thisBuildMachineIsNotTheAppliance()
    {
        // the host running the tests has no marker of this boot: every PCI/MMIO open must be refused here
        if (Files.exists(Path.of(ApplianceGuard.MARKER)))
        {
            return; // the tests run inside the appliance itself
        }
        assertNotNull(ApplianceGuard.whyNotInAppliance());
        assertEquals(SecurityException.class,
            assertThrows(SecurityException.class, () -> PciDevice.open("0000:00:04.0", true)).getClass());
    }
}
