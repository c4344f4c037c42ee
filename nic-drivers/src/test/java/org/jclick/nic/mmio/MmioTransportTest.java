package org.jclick.nic.mmio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jclick.nic.pci.FakeMachine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MmioTransport against a file standing in for /dev/mem, the registers at 0x1e00 (a page offset of 0xe00). */
class MmioTransportTest
{
    static final long ADDRESS = 0x1e00;

    @TempDir
    Path tmp;

    private Path memory(final int magic, final int version, final int deviceId) throws IOException
    {
        final ByteBuffer b = ByteBuffer.allocate(0x3000).order(ByteOrder.LITTLE_ENDIAN);
        final int r = (int)ADDRESS;
        b.putInt(r, magic);
        b.putInt(r + 0x004, version);
        b.putInt(r + 0x008, deviceId);
        b.putInt(r + 0x00c, 0x554d4551);
        b.putInt(r + 0x010, 0x39bf8064);
        b.putInt(r + 0x034, 1024);                 // QueueNumMax
        b.put(r + 0x100, new byte[] {0x52, 0x54, 0x00, 0x12, 0x34, 0x56});
        b.putShort(r + 0x106, (short)1);
        final Path mem = tmp.resolve("mem");
        Files.write(mem, b.array());
        return mem;
    }

    private ByteBuffer registers(final Path mem) throws IOException
    {
        return ByteBuffer.wrap(Files.readAllBytes(mem)).order(ByteOrder.LITTLE_ENDIAN).position((int)ADDRESS).slice()
            .order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void version2RegistersAndQueueSetup() throws Exception
    {
        final FakeMachine m = FakeMachine.appliance(tmp.resolve("root"));
        final Path mem = memory(MmioTransport.MAGIC, 2, 1);
        try (MmioTransport t = MmioTransport.open(m.root, mem.toString(), ADDRESS))
        {
            assertEquals(2, t.version());
            assertEquals(1, t.deviceId());
            assertEquals(0x554d4551, t.vendorId());
            assertFalse(t.legacy());
            assertEquals(0x52, t.configU8(0));
            assertEquals(0x56, t.configU8(5));
            assertEquals(1, t.configU16(6));
            assertEquals(1024, t.queueMaxSize(0));
            t.setupQueue(1, 256, 0x1_0000_1000L, 0x1_0000_2000L, 0x1_0000_3000L);
            t.notifyQueue(1);
            t.setStatus(0x0f);
            assertEquals(0x0f, t.status());
            t.reset();
        }
        final ByteBuffer r = registers(mem);
        assertEquals(1, r.getInt(0x030), "QueueSel");
        assertEquals(256, r.getInt(0x038), "QueueNum");
        assertEquals(0x1_0000_1000L, r.getLong(0x080), "QueueDesc");
        assertEquals(0x1_0000_2000L, r.getLong(0x090), "QueueDriver");
        assertEquals(0x1_0000_3000L, r.getLong(0x0a0), "QueueDevice");
        assertEquals(1, r.getInt(0x044), "QueueReady");
        assertEquals(1, r.getInt(0x050), "QueueNotify");
        assertEquals(0, r.getInt(0x070), "Status after reset");
    }

    @Test
    void version1UsesPageNumbersAndGuestPageSize() throws Exception
    {
        final FakeMachine m = FakeMachine.appliance(tmp.resolve("root"));
        final Path mem = memory(MmioTransport.MAGIC, 1, 1);
        try (MmioTransport t = MmioTransport.open(m.root, mem.toString(), ADDRESS))
        {
            assertTrue(t.legacy());
            t.setDriverFeatures(0x20);
            final long desc = 0x40_0000L;
            assertThrows(IllegalArgumentException.class, () -> t.setupQueue(0, 256, desc, desc + 4096, desc + 12288));
            t.setupQueue(0, 256, desc, desc + 16 * 256, desc + MmioTransport.legacyUsedOffset(256));
        }
        final ByteBuffer r = registers(mem);
        assertEquals(4096, r.getInt(0x028), "GuestPageSize");
        assertEquals(4096, r.getInt(0x03c), "QueueAlign");
        assertEquals(0x400, r.getInt(0x040), "QueuePFN");
        assertEquals(0, r.getInt(0x044), "no QueueReady in version 1");
    }

    @Test
    void wrongMagicAndEmptySlotsAreRejected() throws Exception
    {
        final FakeMachine m = FakeMachine.appliance(tmp.resolve("root"));
        final IOException magic = assertThrows(IOException.class,
            () -> MmioTransport.open(m.root, memory(0, 2, 1).toString(), ADDRESS));
        assertTrue(magic.getMessage().contains("no virtio-mmio device"), magic.getMessage());
        final IOException empty = assertThrows(IOException.class,
            () -> MmioTransport.open(m.root, memory(MmioTransport.MAGIC, 2, 0).toString(), ADDRESS));
        assertTrue(empty.getMessage().contains("empty virtio-mmio slot"), empty.getMessage());
        final IOException version = assertThrows(IOException.class,
            () -> MmioTransport.open(m.root, memory(MmioTransport.MAGIC, 3, 1).toString(), ADDRESS));
        assertTrue(version.getMessage().contains("version 3"), version.getMessage());
    }

    @Test
    void outsideTheApplianceDevMemIsNeverOpened() throws Exception
    {
        final FakeMachine m = new FakeMachine(tmp.resolve("root"), true, null);
        final Path mem = memory(MmioTransport.MAGIC, 2, 1);
        assertThrows(SecurityException.class, () -> MmioTransport.open(m.root, mem.toString(), ADDRESS));
        assertThrows(IllegalArgumentException.class, () -> MmioTransport.parseAddress("0xfeb02e01"));
        assertEquals(0xfeb02e00L, MmioTransport.parseAddress("0xFEB02E00"));
    }
}
