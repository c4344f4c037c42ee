package org.jclick.nic.pci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PCI transports against register files laid out like QEMU's virtio-net-pci (see {@link FakeMachine}). */
class PciTransportTest
{
    static final byte[] MAC = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};

    @TempDir
    Path tmp;

    private ByteBuffer read(final Path file) throws Exception
    {
        return ByteBuffer.wrap(Files.readAllBytes(file)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void legacyRegistersSitWhereSection4148PutsThem() throws Exception
    {
        final FakeMachine m = FakeMachine.appliance(tmp);
        final Path dir = m.pciDevice("0000:00:04.0", 0x1af4, 0x1000, "uio_pci_generic", PciDeviceTest.RESOURCES);
        final ByteBuffer bar0 = FakeMachine.le(32);
        bar0.putInt(0x00, 0x79bf8064);          // device features
        bar0.putShort(0x0c, (short)256);        // queue size
        bar0.put(0x12, (byte)0);                // status
        bar0.put(0x14, MAC);                    // device config (no MSI-X)
        bar0.putShort(0x1a, (short)1);          // net status: link up
        Files.write(dir.resolve("resource0"), bar0.array());

        try (PciDevice device = PciDevice.open(m.root, "0000:00:04.0", false);
            LegacyPciTransport t = new LegacyPciTransport(device, false))
        {
            assertTrue(t.legacy());
            assertEquals(0x79bf8064L, t.deviceFeatures());
            assertEquals("virtio-pci-legacy:0000:00:04.0", t.name());
            for (int i = 0; i < 6; i++)
            {
                assertEquals(MAC[i] & 0xff, t.configU8(i));
            }
            assertEquals(1, t.configU16(6));
            assertEquals(256, t.queueMaxSize(0));
            t.setStatus(3);
            assertEquals(3, t.status());
            t.setDriverFeatures(0x20L);
            assertThrows(IllegalArgumentException.class, () -> t.setDriverFeatures(1L << 32));

            // a legacy queue is one block: descriptors, avail, used at the next 4 KiB
            final long desc = 0x12340000L;
            final long used = desc + LegacyPciTransport.legacyUsedOffset(256);
            assertEquals(0x2000, LegacyPciTransport.legacyUsedOffset(256));
            assertThrows(IllegalArgumentException.class, () -> t.setupQueue(0, 128, desc, desc + 16 * 128, used));
            assertThrows(IllegalArgumentException.class, () -> t.setupQueue(0, 256, desc, desc + 8192, used));
            t.setupQueue(0, 256, desc, desc + 16 * 256, used);
            t.notifyQueue(0);
            assertEquals(0, t.notifyFailures());
            t.reset();
        }
        final ByteBuffer after = read(dir.resolve("resource0"));
        assertEquals(0x20, after.getInt(0x04), "driver features");
        assertEquals((int)(0x12340000L >>> 12), after.getInt(0x08), "queue PFN");
        assertEquals(0, after.getShort(0x0e), "queue select");
        assertEquals(0, after.getShort(0x10), "queue notify");
        assertEquals(0, after.get(0x12), "status after reset");
    }

    @Test
    void legacyNeedsAnIoBar() throws Exception
    {
        final FakeMachine m = FakeMachine.appliance(tmp);
        m.pciDevice("0000:00:04.0", 0x1af4, 0x1041, "uio_pci_generic",
            PciDeviceTest.RESOURCES.replaceFirst("0x0000000000040101", "0x0000000000040200"));
        try (PciDevice device = PciDevice.open(m.root, "0000:00:04.0", false))
        {
            assertThrows(java.io.IOException.class, () -> new LegacyPciTransport(device, false));
        }
    }

    /** A configuration space with the four virtio capabilities QEMU puts in BAR4. */
    static byte[] modernConfig()
    {
        final ByteBuffer c = FakeMachine.le(256);
        c.putShort(0x00, (short)0x1af4);
        c.putShort(0x02, (short)0x1041);
        c.putShort(0x06, (short)0x10);     // status: capability list
        c.put(0x34, (byte)0x40);           // first capability
        cap(c, 0x40, 0x50, 1, 4, 0x0000, 0x38, 0);     // common
        cap(c, 0x50, 0x64, 2, 4, 0x3000, 0x1000, 4);   // notify, multiplier 4
        cap(c, 0x64, 0x74, 3, 4, 0x1000, 0x4, 0);      // ISR
        cap(c, 0x74, 0x84, 4, 4, 0x2000, 0x100, 0);    // device config
        c.put(0x84, (byte)0x11);                       // MSI-X capability, end of list
        c.put(0x85, (byte)0);
        return c.array();
    }

    static void cap(final ByteBuffer c, final int at, final int next, final int type, final int bar, final int offset,
        final int length, final int multiplier)
    {
        c.put(at, (byte)0x09);
        c.put(at + 1, (byte)next);
        c.put(at + 2, (byte)(type == 2 ? 20 : 16));
        c.put(at + 3, (byte)type);
        c.put(at + 4, (byte)bar);
        c.putInt(at + 8, offset);
        c.putInt(at + 12, length);
        if (type == 2)
        {
            c.putInt(at + 16, multiplier);
        }
    }

    @Test
    void modernTransportFindsItsCapabilitiesAndWritesTheCommonConfig() throws Exception
    {
        final FakeMachine m = FakeMachine.appliance(tmp);
        final Path dir = m.pciDevice("0000:00:04.0", 0x1af4, 0x1041, "uio_pci_generic", PciDeviceTest.RESOURCES);
        Files.write(dir.resolve("config"), modernConfig());
        final ByteBuffer bar4 = FakeMachine.le(0x4000);
        bar4.putInt(0x04, 0x1);            // device_feature: the fake returns the same word for both selects
        bar4.putShort(0x12, (short)3);     // num_queues
        bar4.putShort(0x18, (short)256);   // queue_size (max)
        bar4.putShort(0x1e, (short)2);     // queue_notify_off
        bar4.put(0x2000, MAC);
        Files.write(dir.resolve("resource4"), bar4.array());

        try (PciDevice device = PciDevice.open(m.root, "0000:00:04.0", false);
            ModernPciTransport t = new ModernPciTransport(device))
        {
            assertFalse(t.legacy(), "VERSION_1 (bit 32) is offered");
            assertEquals(0x1_0000_0001L, t.deviceFeatures());
            assertEquals(3, t.numQueues());
            assertEquals(0x52, t.configU8(0));
            assertEquals(0x56, t.configU8(5));
            assertEquals(256, t.queueMaxSize(1));
            assertEquals(0, t.queueMaxSize(3), "no such queue");
            assertThrows(IllegalArgumentException.class, () -> t.setupQueue(1, 100, 0x1000, 0x2000, 0x3000));
            t.setupQueue(1, 128, 0x1_2345_6000L, 0x1_2345_7000L, 0x1_2345_8000L);
            t.notifyQueue(1);
            t.setDriverFeatures(0x1_0000_0020L);
        }
        final ByteBuffer after = read(dir.resolve("resource4"));
        assertEquals(1, after.getShort(0x16), "queue_select");
        assertEquals(128, after.getShort(0x18), "queue_size");
        assertEquals((short)0xffff, after.getShort(0x1a), "no MSI-X vector");
        assertEquals(1, after.getShort(0x1c), "queue_enable");
        assertEquals(0x1_2345_6000L, after.getLong(0x20), "queue_desc");
        assertEquals(0x1_2345_7000L, after.getLong(0x28), "queue_driver");
        assertEquals(0x1_2345_8000L, after.getLong(0x30), "queue_device");
        assertEquals(1, after.getShort(0x3000 + 2 * 4), "notify at queue_notify_off * multiplier");
        assertEquals(1, after.getInt(0x08), "driver_feature_select ends on the high word");
        assertEquals(1, after.getInt(0x0c), "driver_feature high word");
    }

    @Test
    void modernTransportAcceptsAccessPlatformWhenTheDeviceOffersIt() throws Exception
    {
        // behind an IOMMU (QEMU iommu_platform=on) the device offers ACCESS_PLATFORM (bit 33) and refuses
        // FEATURES_OK unless the driver takes it; the driver's addresses are platform addresses (IOVAs via VFIO)
        assertEquals(0x3_0000_0020L, ModernPciTransport.withAccessPlatform(0x1_0000_0020L, 0x3_0000_0021L));
        assertEquals(0x1_0000_0020L, ModernPciTransport.withAccessPlatform(0x1_0000_0020L, 0x1_0000_0021L),
            "not offered, not accepted");
        final FakeMachine m = FakeMachine.appliance(tmp);
        final Path dir = m.pciDevice("0000:00:04.0", 0x1af4, 0x1041, "vfio-pci", PciDeviceTest.RESOURCES);
        Files.write(dir.resolve("config"), modernConfig());
        final ByteBuffer bar4 = FakeMachine.le(0x4000);
        bar4.putInt(0x04, 0x3);            // the fake's one word: VERSION_1 and ACCESS_PLATFORM in the high word
        bar4.putShort(0x12, (short)3);
        Files.write(dir.resolve("resource4"), bar4.array());
        try (PciDevice device = PciDevice.open(m.root, "0000:00:04.0", false);
            ModernPciTransport t = new ModernPciTransport(device))
        {
            assertEquals(0x3_0000_0003L, t.deviceFeatures());
            t.setDriverFeatures(0x1_0000_0020L);
        }
        assertEquals(3, read(dir.resolve("resource4")).getInt(0x0c), "driver_feature high word: VERSION_1 and " +
            "ACCESS_PLATFORM");
    }

    @Test
    void modernTransportWithoutCapabilitiesIsRejected() throws Exception
    {
        final FakeMachine m = FakeMachine.appliance(tmp);
        final Path dir = m.pciDevice("0000:00:04.0", 0x1af4, 0x1000, "uio_pci_generic", PciDeviceTest.RESOURCES);
        Files.write(dir.resolve("config"), new byte[256]);
        try (PciDevice device = PciDevice.open(m.root, "0000:00:04.0", false))
        {
            final java.io.IOException e = assertThrows(java.io.IOException.class, () -> new ModernPciTransport(device));
            assertTrue(e.getMessage().contains("no capability list"), e.getMessage());
        }
    }
}
