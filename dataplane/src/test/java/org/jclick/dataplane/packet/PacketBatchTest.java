package org.jclick.dataplane.packet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PacketBatchTest
{
    private final PacketPool pool = PacketPool.allocate(64, 256, 64);

    @AfterEach
    void close()
    {
        pool.close();
    }

    private Packet packet(final int firstByte)
    {
        final Packet p = pool.make(1);
        p.setU8(0, firstByte);
        return p;
    }

    @Test
    void addGetSizeClear()
    {
        final PacketBatch batch = new PacketBatch(4);
        assertTrue(batch.isEmpty());
        final Packet a = packet(1);
        final Packet b = packet(2);
        assertTrue(batch.add(a));
        assertTrue(batch.add(b));
        assertEquals(2, batch.size());
        assertSame(a, batch.get(0));
        assertSame(b, batch.get(1));
        assertThrows(IndexOutOfBoundsException.class, () -> batch.get(2));
        batch.clear();
        assertEquals(0, batch.size());
        assertThrows(IndexOutOfBoundsException.class, () -> batch.get(0));
        assertEquals(62, pool.availableBuffers(), "clear does not kill");
    }

    @Test
    void addToAFullBatchFails()
    {
        final PacketBatch batch = new PacketBatch(2);
        assertTrue(batch.add(packet(1)));
        assertTrue(batch.add(packet(2)));
        assertTrue(batch.isFull());
        assertFalse(batch.add(packet(3)));
        assertEquals(2, batch.size());
    }

    @Test
    void capacityIsAPowerOfTwoUpTo256()
    {
        assertEquals(256, new PacketBatch(256).capacity());
        assertThrows(IllegalArgumentException.class, () -> new PacketBatch(3));
        assertThrows(IllegalArgumentException.class, () -> new PacketBatch(512));
        assertThrows(IllegalArgumentException.class, () -> new PacketBatch(0));
    }

    @Test
    void killAllReturnsEveryBuffer()
    {
        final PacketBatch batch = new PacketBatch(32);
        for (int i = 0; i < 32; i++)
        {
            batch.add(packet(i));
        }
        assertEquals(32, pool.availableBuffers());
        batch.killAll();
        assertEquals(0, batch.size());
        assertEquals(64, pool.availableBuffers());
    }

    @Test
    void setReplacesAPacket()
    {
        final PacketBatch batch = new PacketBatch(2);
        batch.add(packet(1));
        final Packet b = packet(2);
        batch.set(0, b);
        assertSame(b, batch.get(0));
        assertThrows(IndexOutOfBoundsException.class, () -> batch.set(1, b));
    }

    @Test
    void splitMovesPacketsToTheirOutputsInOrderAndDropsTheRest()
    {
        final PacketBatch input = new PacketBatch(16);
        for (int i = 0; i < 10; i++)
        {
            input.add(packet(i));
        }
        final PacketBatch even = new PacketBatch(16);
        final PacketBatch odd = new PacketBatch(2);
        // byte 0: multiples of 3 are dropped (-1), others go by parity; the odd output holds only 2
        final int dropped = input.split(p -> p.u8(0) % 3 == 0 ? -1 : p.u8(0) & 1,
            new PacketBatch[] {even, odd});
        assertEquals(0, input.size());
        assertEquals(3, even.size()); // 2 4 8
        assertEquals(2, even.get(0).u8(0));
        assertEquals(4, even.get(1).u8(0));
        assertEquals(8, even.get(2).u8(0));
        assertEquals(2, odd.size()); // 1 5, then 7 finds the output full
        assertEquals(1, odd.get(0).u8(0));
        assertEquals(5, odd.get(1).u8(0));
        assertEquals(5, dropped); // 0 3 6 9 and 7
        assertEquals(64 - 5, pool.availableBuffers(), "dropped packets were killed");
    }

    @Test
    void splitDropsPacketsForPortsWithoutABatch()
    {
        final PacketBatch input = new PacketBatch(4);
        input.add(packet(1));
        input.add(packet(2));
        final PacketBatch out0 = new PacketBatch(4);
        assertEquals(1, input.split(p -> p.u8(0) == 1 ? 0 : 5, new PacketBatch[] {out0}));
        assertEquals(1, out0.size());
    }

    @Test
    void filterKeepsMatchesInOrderAndMovesTheRest()
    {
        final PacketBatch batch = new PacketBatch(8);
        for (int i = 0; i < 6; i++)
        {
            batch.add(packet(i));
        }
        final PacketBatch rejected = new PacketBatch(8);
        assertEquals(3, batch.filter(p -> p.u8(0) % 2 == 0, rejected));
        assertEquals(3, batch.size());
        assertEquals(0, batch.get(0).u8(0));
        assertEquals(2, batch.get(1).u8(0));
        assertEquals(4, batch.get(2).u8(0));
        assertEquals(3, rejected.size());
        assertEquals(5, rejected.get(2).u8(0));

        assertEquals(1, batch.filter(p -> p.u8(0) == 4, null));
        assertEquals(64 - 4, pool.availableBuffers(), "rejected without a batch: killed");
    }
}
