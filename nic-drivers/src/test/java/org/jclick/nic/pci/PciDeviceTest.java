package org.jclick.nic.pci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PciDeviceTest
{
    static final String RESOURCES =
        "0x000000000000c000 0x000000000000c01f 0x0000000000040101\n" +   // BAR0: I/O, 32 bytes
        "0x00000000fea00000 0x00000000fea00fff 0x0000000000040200\n" +   // BAR1: memory (MSI-X)
        "0x0000000000000000 0x0000000000000000 0x0000000000000000\n" +
        "0x0000000000000000 0x0000000000000000 0x0000000000000000\n" +
        "0x00000000fe000000 0x00000000fe003fff 0x000000000014220c\n" +   // BAR4: 64-bit memory, 16 KiB
        "0x0000000000000000 0x0000000000000000 0x0000000000000000\n";

    @TempDir
    Path tmp;

    @Test
    void addressesAreNormalisedAndCheckedBeforeAnythingElse()
    {
        assertEquals("0000:00:04.0", PciDevice.normalizeAddress("00:04.0"));
        assertEquals("0000:00:1f.7", PciDevice.normalizeAddress(" 0000:00:1F.7 "));
        assertThrows(IllegalArgumentException.class, () -> PciDevice.normalizeAddress("eth0"));
        assertThrows(IllegalArgumentException.class, () -> PciDevice.normalizeAddress("0000:00:04"));
        assertThrows(IllegalArgumentException.class, () -> PciDevice.normalizeAddress("0000:00:04.8"));
    }

    @Test
    void aDeviceBoundToAKernelDriverIsRefusedUnlessBindingIsAsked() throws Exception
    {
        final FakeMachine m = FakeMachine.appliance(tmp);
        m.pciDevice("0000:00:04.0", 0x1af4, 0x1000, "virtio-pci", RESOURCES);
        final SecurityException e = assertThrows(SecurityException.class,
            () -> PciDevice.open(m.root, "0000:00:04.0", false));
        assertTrue(e.getMessage().contains("bound to virtio-pci"), e.getMessage());
    }

    @Test
    void bindingWithoutUioLoadedSaysSo() throws Exception
    {
        final FakeMachine m = FakeMachine.appliance(tmp);
        final Path dir = m.pciDevice("0000:00:04.0", 0x1af4, 0x1000, "virtio-pci", RESOURCES);
        final IOException e = assertThrows(IOException.class, () -> PciDevice.open(m.root, "0000:00:04.0", true));
        assertTrue(e.getMessage().contains("uio_pci_generic is not loaded"), e.getMessage());
        // it did unbind from virtio-pci first
        assertEquals("0000:00:04.0", Files.readString(m.root.resolve("sys/bus/pci/drivers/virtio-pci/unbind")));
        assertTrue(Files.exists(dir));
    }

    @Test
    void bindingWritesNewIdAndFailsLoudlyWhenTheDriverDoesNotTakeIt() throws Exception
    {
        final FakeMachine m = FakeMachine.appliance(tmp);
        m.pciDevice("0000:00:04.0", 0x1af4, 0x1041, null, RESOURCES);
        final Path uio = Files.createDirectories(m.root.resolve("sys/bus/pci/drivers/uio_pci_generic"));
        Files.createFile(uio.resolve("new_id"));
        Files.createFile(uio.resolve("bind"));
        final IOException e = assertThrows(IOException.class, () -> PciDevice.open(m.root, "0000:00:04.0", true));
        assertTrue(e.getMessage().contains("did not take"), e.getMessage());
        assertEquals("1af4 1041", Files.readString(uio.resolve("new_id")));
        assertEquals("0000:00:04.0", Files.readString(uio.resolve("bind")));
    }

    @Test
    void aDeviceBoundToUioOpensAndShowsItsBars() throws Exception
    {
        final FakeMachine m = FakeMachine.appliance(tmp);
        m.pciDevice("0000:00:04.0", 0x1af4, 0x1000, "uio_pci_generic", RESOURCES);
        try (PciDevice d = PciDevice.open(m.root, "00:04.0", false))
        {
            assertEquals(0x1af4, d.vendorId());
            assertEquals(0x1000, d.deviceId());
            assertEquals("uio_pci_generic", d.driver());
            assertTrue(d.isIoResource(0));
            assertFalse(d.isMemoryResource(0));
            assertEquals(32, d.resourceLength(0));
            assertTrue(d.isMemoryResource(4));
            assertEquals(16384, d.resourceLength(4));
            assertEquals(0, d.resourceLength(2));
        }
    }

    @Test
    void outsideTheApplianceNothingIsOpenedEvenWhenBoundToUio() throws Exception
    {
        final FakeMachine m = new FakeMachine(tmp, true, null);
        m.pciDevice("0000:00:04.0", 0x1af4, 0x1000, "uio_pci_generic", RESOURCES);
        assertThrows(SecurityException.class, () -> PciDevice.open(m.root, "0000:00:04.0", false));
    }

    @Test
    void aMissingDeviceIsReported() throws Exception
    {
        final FakeMachine m = FakeMachine.appliance(tmp);
        final IOException e = assertThrows(IOException.class, () -> PciDevice.open(m.root, "0000:00:09.0", false));
        assertTrue(e.getMessage().contains("no such PCI device"), e.getMessage());
    }

    @Test
    void vfioChecksTheSameRuleAndNeedsAnIommuGroup() throws Exception
    {
        final FakeMachine outside = new FakeMachine(tmp.resolve("outside"), true, null);
        outside.pciDevice("0000:00:04.0", 0x1af4, 0x1041, "vfio-pci", RESOURCES);
        assertThrows(SecurityException.class, () -> VfioDevice.open(outside.root, "0000:00:04.0", false));

        final FakeMachine m = FakeMachine.appliance(tmp.resolve("inside"));
        m.pciDevice("0000:00:04.0", 0x1af4, 0x1041, "uio_pci_generic", RESOURCES);
        final SecurityException refused = assertThrows(SecurityException.class,
            () -> VfioDevice.open(m.root, "0000:00:04.0", false));
        assertTrue(refused.getMessage().contains("not to vfio-pci"), refused.getMessage());

        m.pciDevice("0000:00:05.0", 0x1af4, 0x1041, "vfio-pci", RESOURCES);
        final IOException noGroup = assertThrows(IOException.class, () -> VfioDevice.open(m.root, "00:05.0", false));
        assertTrue(noGroup.getMessage().contains("no IOMMU group"), noGroup.getMessage());
    }
}
