package org.jclick.nic.pci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InGuestDeviceTest
{
    @TempDir
    Path tmp;

    @Test
    void pciSpecsAreNormalisedAndNameTheInterface()
    {
        final InGuestDevice.Spec auto = InGuestDevice.parse("virtio-pci:0000:00:04.0");
        assertEquals("0000:00:04.0", auto.pciAddress());
        assertEquals(InGuestDevice.PciMode.AUTO, auto.pciMode());
        assertFalse(auto.mmio());
        final InGuestDevice.Spec legacy = InGuestDevice.parse("virtio-pci-legacy:00:1F.7");
        assertEquals("0000:00:1f.7", legacy.pciAddress());
        assertEquals(InGuestDevice.PciMode.LEGACY, legacy.pciMode());
        assertEquals(InGuestDevice.PciMode.MODERN, InGuestDevice.parse("virtio-pci-modern:0000:00:04.0").pciMode());
        assertFalse(auto.vfio() || legacy.vfio(), "VFIO only when bound to vfio-pci already");
        final InGuestDevice.Spec vfio = InGuestDevice.parse("virtio-pci-vfio:00:04.0");
        assertTrue(InGuestDevice.isInGuestSpec("virtio-pci-vfio:00:04.0"));
        assertEquals("0000:00:04.0", vfio.pciAddress());
        assertEquals(InGuestDevice.PciMode.MODERN, vfio.pciMode(), "through an IOMMU: the modern interface");
        assertTrue(vfio.vfio());
        assertFalse(vfio.mmio());
    }

    @Test
    void mmioSpecsTakeAnOptionalSize()
    {
        final InGuestDevice.Spec plain = InGuestDevice.parse("virtio-mmio:0xfeb02e00");
        assertTrue(plain.mmio());
        assertNull(plain.pciAddress());
        assertEquals(0xfeb02e00L, plain.mmioAddress());
        assertEquals(0x200, plain.mmioBytes());
        final InGuestDevice.Spec slash = InGuestDevice.parse("virtio-mmio:0xFEB02E00/0x1000");
        assertEquals(0xfeb02e00L, slash.mmioAddress());
        assertEquals(0x1000, slash.mmioBytes());
        final InGuestDevice.Spec kernelStyle = InGuestDevice.parse("virtio-mmio:512@0xd0000000");
        assertEquals(0xd0000000L, kernelStyle.mmioAddress());
        assertEquals(512, kernelStyle.mmioBytes());
    }

    @Test
    void malformedSpecsSayWhy()
    {
        assertTrue(message("virtio-pci:4.0").contains("not a PCI address"), message("virtio-pci:4.0"));
        assertTrue(message("virtio-pci:").contains("not a PCI address"));
        assertTrue(message("virtio-pci-vfio:eth0").contains("not a PCI address"));
        assertTrue(message("virtio-mmio:").contains("needs the register block's physical address"));
        assertTrue(message("virtio-mmio:0xfeb02e02").contains("4-byte aligned"));
        assertTrue(message("virtio-mmio:0xzz").contains("not a number"));
        assertTrue(message("virtio-mmio:0xfeb02e00/0x100").contains("at least 0x200 bytes"));
        assertTrue(message("virtio-mmio:0").contains("must not be 0"));
        assertFalse(InGuestDevice.isInGuestSpec("vhost-user:/x.sock"));
        assertFalse(InGuestDevice.isInGuestSpec("eth0"));
    }

    private static String message(final String spec)
    {
        return assertThrows(IllegalArgumentException.class, () -> InGuestDevice.parse(spec)).getMessage();
    }

    @Test
    void outsideTheApplianceNothingIsOpened() throws Exception
    {
        // a VM (like this build machine) without the marker: refused before sysfs or hugepages are touched
        final FakeMachine m = new FakeMachine(tmp, true, null);
        final Path dir = m.pciDevice("0000:00:04.0", 0x1af4, 0x1041, null, "");
        for (final String spec : new String[] {"virtio-pci:0000:00:04.0", "virtio-pci-vfio:0000:00:04.0",
            "virtio-mmio:0xfeb02e00"})
        {
            final SecurityException e = assertThrows(SecurityException.class,
                () -> InGuestDevice.open(m.root, InGuestDevice.parse(spec), 4 << 20));
            assertTrue(e.getMessage().startsWith(spec + ": refused"), e.getMessage());
            assertTrue(e.getMessage().contains("no appliance marker"), e.getMessage());
        }
        assertFalse(Files.exists(dir.resolve("driver")), "no driver was bound");
        assertFalse(Files.exists(m.root.resolve("sys/bus/pci/drivers/uio_pci_generic")), "nothing was bound");
        assertFalse(Files.exists(m.root.resolve("sys/bus/pci/drivers/vfio-pci")), "nothing was bound to vfio-pci");
    }

    @Test
    void aVfioSpecOnAMachineThatIsNotAVmIsRefusedEvenWithAMarker() throws Exception
    {
        // a marker copied onto bare metal does not open the gate
        final FakeMachine m = new FakeMachine(tmp, false, FakeMachine.BOOT_ID);
        final Path dir = m.pciDevice("0000:00:04.0", 0x1af4, 0x1041, "virtio-pci", "");
        final SecurityException e = assertThrows(SecurityException.class,
            () -> InGuestDevice.open(m.root, InGuestDevice.parse("virtio-pci-vfio:0000:00:04.0"), 4 << 20));
        assertTrue(e.getMessage().contains("not a virtual machine"), e.getMessage());
        assertEquals(0, Files.size(m.root.resolve("sys/bus/pci/drivers/virtio-pci/unbind")), "not unbound");
        assertTrue(Files.isSymbolicLink(dir.resolve("driver")));
        assertFalse(Files.exists(m.root.resolve("sys/bus/pci/drivers/vfio-pci")));
    }

    @Test
    void onThisMachineTheRealRootRefuses()
    {
        // the build and CI machines are not the appliance (ApplianceGuard's class comment): the real / refuses
        final String why = ApplianceGuard.whyNotInAppliance();
        org.junit.jupiter.api.Assumptions.assumeTrue(why != null, "running inside the appliance");
        for (final String spec : new String[] {"virtio-pci:0000:00:04.0", "virtio-pci-vfio:0000:00:04.0"})
        {
            final SecurityException e = assertThrows(SecurityException.class,
                () -> InGuestDevice.open(InGuestDevice.parse(spec), 4 << 20));
            assertTrue(e.getMessage().contains("refused") && e.getMessage().contains(why), e.getMessage());
        }
    }
}
