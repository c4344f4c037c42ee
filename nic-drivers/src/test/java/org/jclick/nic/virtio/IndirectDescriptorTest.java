package org.jclick.nic.virtio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketBatch;
import org.jclick.nic.sys.MemfdDmaMemory;
import org.jclick.nic.virtio.model.DeviceQueue;
import org.jclick.nic.virtio.model.VirtioNetDeviceModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * VIRTIO_F_INDIRECT_DESC: the driver's indirect tables (chained transmits, {@link SplitVirtqueue#addIndirect}), the
 * device model following and rejecting tables, and a device that tampers with tables or lies about them; plus the
 * ring details of the transmit fast path (FIFO descriptor reuse, used_event, the notification check).
 */
class IndirectDescriptorTest
{
    private static final int QUEUE_SIZE = 16;

    private MemfdDmaMemory memory;
    private VirtioNetDeviceModel device;
    private VirtioNet net;

    @AfterEach
    void close()
    {
        if (net != null)
        {
            net.close();
        }
        if (memory != null)
        {
            memory.close();
        }
    }

    private void openNet(final boolean offerIndirect)
    {
        final VirtioNet.Config config = VirtioNet.Config.defaults();
        memory = MemfdDmaMemory.create("indirect-test", VirtioNet.requiredBytes(config));
        device = new VirtioNetDeviceModel(memory, 1, 1024);
        if (offerIndirect)
        {
            device.offeredFeatures |= VirtioFeatures.bit(VirtioFeatures.F_RING_INDIRECT_DESC);
        }
        net = new VirtioNet(device, memory, config);
        net.start();
    }

    /** A bare queue (index 0 of a model device) over 64 KiB: queue at 0, indirect tables at 32 KiB. */
    private SplitVirtqueue openQueue(final int tableEntries)
    {
        memory = MemfdDmaMemory.create("indirect-queue", 65536);
        device = new VirtioNetDeviceModel(memory, 1, QUEUE_SIZE);
        final SplitVirtqueue queue = new SplitVirtqueue(0, QUEUE_SIZE, memory, 0, false);
        device.setupQueue(0, QUEUE_SIZE, queue.descAddress(), queue.availAddress(), queue.usedAddress());
        if (tableEntries > 0)
        {
            queue.enableIndirect(32768, tableEntries);
        }
        return queue;
    }

    /** Other references to the packets of {@link #sharedFrame}, killed at the end of a round. */
    private final java.util.ArrayList<Packet> originals = new java.util.ArrayList<>();

    /** A shared packet (its header cannot go into the headroom: sent as a chain). */
    private Packet sharedFrame(final int length, final int seed)
    {
        final Packet p = net.pool().make(VirtioNetTest.frame(length, seed), 0, length);
        originals.add(p);
        return p.clone();
    }

    private void killOriginals()
    {
        originals.forEach(Packet::kill);
        originals.clear();
    }

    // ---------------------------------------------------------------------------------------------- driver

    @Test
    void aSharedPacketGoesOutAsOneIndirectDescriptor()
    {
        openNet(true);
        assertTrue(VirtioFeatures.has(device.driverFeatures(), VirtioFeatures.F_RING_INDIRECT_DESC));
        final Packet p = net.pool().make(VirtioNetTest.frame(100, 9), 0, 100);
        final Packet clone = p.clone();
        final PacketBatch batch = new PacketBatch(4);
        batch.add(clone);
        final int free = net.txQueue(0).freeDescriptors();
        assertEquals(1, net.txBurst(0, batch));
        assertEquals(free - 1, net.txQueue(0).freeDescriptors(), "one ring descriptor for header + data");
        final DeviceQueue tx = device.queue(1);
        assertTrue(tx.isIndirect(tx.peekAvailable(0)));
        assertEquals(2, device.nextTransmitChainLength(), "the table holds header and data");
        assertArrayEquals(VirtioNetTest.frame(100, 9), device.takeTransmitted());
        assertArrayEquals(VirtioNetTest.frame(100, 9), VirtioNetTest.bytes(p), "the other reference is untouched");
        p.kill();
        // the fast path (header in the headroom) stays one direct descriptor
        batch.add(net.pool().make(VirtioNetTest.frame(64, 3), 0, 64));
        assertEquals(1, net.txBurst(0, batch));
        assertFalse(tx.isIndirect(tx.peekAvailable(0)));
        assertEquals(1, device.nextTransmitChainLength());
        assertArrayEquals(VirtioNetTest.frame(64, 3), device.takeTransmitted());
    }

    @Test
    void withoutTheFeatureASharedPacketUsesTwoRingDescriptors()
    {
        openNet(false);
        assertFalse(VirtioFeatures.has(device.driverFeatures(), VirtioFeatures.F_RING_INDIRECT_DESC));
        final PacketBatch batch = new PacketBatch(4);
        batch.add(sharedFrame(80, 2));
        final int free = net.txQueue(0).freeDescriptors();
        assertEquals(1, net.txBurst(0, batch));
        assertEquals(free - 2, net.txQueue(0).freeDescriptors());
        assertArrayEquals(VirtioNetTest.frame(80, 2), device.takeTransmitted());
        killOriginals();
    }

    @Test
    void indirectChainsWrapTheRingAndEveryTableIsReused()
    {
        openNet(true);
        final PacketBatch batch = new PacketBatch(32);
        for (int round = 0; round < 100; round++)
        {
            for (int i = 0; i < 20; i++)
            {
                batch.add(sharedFrame(60 + i, round * 20 + i));
            }
            assertEquals(20, net.txBurst(0, batch));
            for (int i = 0; i < 20; i++)
            {
                assertArrayEquals(VirtioNetTest.frame(60 + i, round * 20 + i), device.takeTransmitted());
            }
            killOriginals();
        }
        assertEquals(0, net.protocolErrors());
        net.txReclaim(0);
        assertEquals(0, net.txQueue(0).inFlight());
        assertEquals(net.txQueue(0).size(), net.txQueue(0).freeDescriptors());
    }

    @Test
    void addIndirectWithWritableEntriesBoundsTheUsedLength()
    {
        final SplitVirtqueue queue = openQueue(4);
        final long base = memory.deviceAddress(0);
        final long[] addresses = {base + 40960, base + 41984, base + 43008};
        final int[] lengths = {12, 100, 50};
        final int head = queue.addIndirect(addresses, lengths, 3, 1);
        assertTrue(head >= 0);
        assertEquals(QUEUE_SIZE - 1, queue.freeDescriptors());
        assertEquals(-1, queue.addIndirect(new long[5], new int[5], 5, 5), "more entries than a table holds");
        queue.publish();
        final DeviceQueue dq = device.queue(0);
        assertEquals(1, dq.available());
        final int taken = dq.takeAvailable();
        assertEquals(head, taken);
        final List<DeviceQueue.Buffer> chain = dq.chain(taken);
        assertEquals(3, chain.size());
        assertFalse(chain.get(0).writable());
        assertTrue(chain.get(1).writable());
        assertTrue(chain.get(2).writable());
        assertEquals(41984, chain.get(1).offset());
        assertEquals(50, chain.get(2).length());
        dq.putUsed(taken, 150);
        dq.publishUsed(0);
        assertEquals(1, queue.pendingUsed());
        assertEquals(head, queue.takeUsed());
        assertEquals(QUEUE_SIZE, queue.freeDescriptors());
        // a used length beyond the table's writable bytes stops the queue
        final int second = queue.addIndirect(addresses, lengths, 3, 1);
        queue.publish();
        dq.takeAvailable();
        dq.putUsed(second, 151);
        dq.publishUsed(0);
        assertEquals(1, queue.pendingUsed());
        assertEquals(-1, queue.takeUsed());
        assertTrue(queue.stopped());
        assertEquals(SplitVirtqueue.ERROR_LENGTH, queue.lastError());
    }

    @Test
    void enableIndirectRejectsTablesOverTheQueueOrOutsideTheRegion()
    {
        final SplitVirtqueue queue = openQueue(0);
        assertEquals(-1, queue.add2Indirect(0, 1, false, 0, 1, false), "not enabled");
        assertThrows(IllegalArgumentException.class, () -> queue.enableIndirect(0, 2), "over the queue");
        assertThrows(IllegalArgumentException.class, () -> queue.enableIndirect(65536 - 16, 2), "beyond the region");
        assertThrows(IllegalArgumentException.class, () -> queue.enableIndirect(32768 + 8, 2), "misaligned");
        assertThrows(IllegalArgumentException.class, () -> queue.enableIndirect(32768, 0));
        queue.enableIndirect(32768, 2);
        assertEquals(2, queue.indirectEntries());
    }

    // ---------------------------------------------------------------------------------------------- malicious tables

    /** Posts one indirect chain of two readable buffers and returns its head, not yet taken by the device. */
    private int postChain(final SplitVirtqueue queue)
    {
        final long base = memory.deviceAddress(0);
        final int head = queue.add2Indirect(base + 40960, 12, false, base + 41984, 64, false);
        queue.publish();
        return head;
    }

    private long tableEntryOffset(final int head, final int entry)
    {
        return 32768 + (head * 2L + entry) * 16;
    }

    @Test
    void theModelRejectsAnIndirectTableWhoseLengthIsNotAMultipleOf16()
    {
        final SplitVirtqueue queue = openQueue(2);
        final int head = postChain(queue);
        final MemorySegment s = memory.segment();
        final long d = device.queue(0).descriptorOffset(head);
        s.set(ValueLayout.JAVA_INT, d + VirtqueueLayout.DESC_LEN, 20);
        assertThrows(IllegalStateException.class, () -> device.queue(0).chain(head));
        s.set(ValueLayout.JAVA_INT, d + VirtqueueLayout.DESC_LEN, 0);
        assertThrows(IllegalStateException.class, () -> device.queue(0).chain(head));
    }

    @Test
    void theModelRejectsNestedIndirectAndIndirectWithNext()
    {
        final SplitVirtqueue queue = openQueue(2);
        final int head = postChain(queue);
        final MemorySegment s = memory.segment();
        assertEquals(2, device.queue(0).chain(head).size(), "well-formed before tampering");
        final long entry = tableEntryOffset(head, 1);
        s.set(ValueLayout.JAVA_SHORT, entry + VirtqueueLayout.DESC_FLAGS, (short)VirtqueueLayout.VIRTQ_DESC_F_INDIRECT);
        assertThrows(IllegalStateException.class, () -> device.queue(0).chain(head), "nested");
        s.set(ValueLayout.JAVA_SHORT, entry + VirtqueueLayout.DESC_FLAGS, (short)0);
        final long d = device.queue(0).descriptorOffset(head);
        s.set(ValueLayout.JAVA_SHORT, d + VirtqueueLayout.DESC_FLAGS,
            (short)(VirtqueueLayout.VIRTQ_DESC_F_INDIRECT | VirtqueueLayout.VIRTQ_DESC_F_NEXT));
        assertThrows(IllegalStateException.class, () -> device.queue(0).chain(head), "INDIRECT with NEXT");
    }

    @Test
    void theModelRejectsOutOfRegionTablesEntriesAndIndexes()
    {
        final SplitVirtqueue queue = openQueue(2);
        final int head = postChain(queue);
        final MemorySegment s = memory.segment();
        final long d = device.queue(0).descriptorOffset(head);
        final long tableAddress = s.get(ValueLayout.JAVA_LONG, d);
        s.set(ValueLayout.JAVA_LONG, d, memory.deviceAddress(0) + 65536 - 16); // the table runs past the end
        assertThrows(IllegalStateException.class, () -> device.queue(0).chain(head));
        s.set(ValueLayout.JAVA_LONG, d, Long.MAX_VALUE - 8); // an address whose end overflows
        assertThrows(IllegalStateException.class, () -> device.queue(0).chain(head));
        s.set(ValueLayout.JAVA_LONG, d, tableAddress);
        final long entry = tableEntryOffset(head, 0);
        s.set(ValueLayout.JAVA_SHORT, entry + VirtqueueLayout.DESC_NEXT, (short)7); // beyond the 2-entry table
        assertThrows(IllegalStateException.class, () -> device.queue(0).chain(head));
        s.set(ValueLayout.JAVA_SHORT, entry + VirtqueueLayout.DESC_NEXT, (short)0); // a loop inside the table
        assertThrows(IllegalStateException.class, () -> device.queue(0).chain(head));
        s.set(ValueLayout.JAVA_SHORT, entry + VirtqueueLayout.DESC_NEXT, (short)1);
        s.set(ValueLayout.JAVA_LONG, entry, memory.deviceAddress(0) - 4096); // a buffer before the region
        assertThrows(IllegalStateException.class, () -> device.queue(0).chain(head));
    }

    @Test
    void aDeviceThatScribblesOnTheTableCannotMisleadTheDriver()
    {
        final SplitVirtqueue queue = openQueue(2);
        final int head = postChain(queue);
        final MemorySegment s = memory.segment();
        // the device rewrites the ring descriptor and its table: a long nested table pointing outside the region
        final long d = device.queue(0).descriptorOffset(head);
        s.set(ValueLayout.JAVA_LONG, d, -1L);
        s.set(ValueLayout.JAVA_INT, d + VirtqueueLayout.DESC_LEN, 0x7FFF_FFF0);
        s.set(ValueLayout.JAVA_SHORT, d + VirtqueueLayout.DESC_FLAGS,
            (short)(VirtqueueLayout.VIRTQ_DESC_F_INDIRECT | VirtqueueLayout.VIRTQ_DESC_F_NEXT));
        s.set(ValueLayout.JAVA_SHORT, d + VirtqueueLayout.DESC_NEXT, (short)(QUEUE_SIZE - 1));
        s.set(ValueLayout.JAVA_LONG, tableEntryOffset(head, 0), -1L);
        s.set(ValueLayout.JAVA_SHORT, tableEntryOffset(head, 0) + VirtqueueLayout.DESC_FLAGS,
            (short)(VirtqueueLayout.VIRTQ_DESC_F_INDIRECT | VirtqueueLayout.VIRTQ_DESC_F_WRITE));
        final DeviceQueue dq = device.queue(0);
        dq.takeAvailable();
        dq.putUsed(head, 0);
        dq.publishUsed(0);
        // the driver frees the one descriptor it recorded, from its own records: nothing read from the table
        assertEquals(1, queue.pendingUsed());
        assertEquals(head, queue.takeUsed());
        assertFalse(queue.stopped());
        assertEquals(QUEUE_SIZE, queue.freeDescriptors());
        assertEquals(0, queue.inFlight());
        // a writable length claimed for a read-only table stops the queue
        final int second = postChain(queue);
        dq.takeAvailable();
        dq.putUsed(second, 1);
        dq.publishUsed(0);
        assertEquals(-1, queue.takeUsed());
        assertEquals(SplitVirtqueue.ERROR_LENGTH, queue.lastError());
    }

    // ---------------------------------------------------------------------------------------------- ring details

    @Test
    void descriptorsAreReusedInFifoOrderSoSlotKCarriesDescriptorK()
    {
        final SplitVirtqueue queue = openQueue(0);
        final DeviceQueue dq = device.queue(0);
        final long base = memory.deviceAddress(0);
        for (int n = 0; n < 5 * QUEUE_SIZE; n += 4)
        {
            for (int i = 0; i < 4; i++)
            {
                assertEquals((n + i) % QUEUE_SIZE, queue.add(base + 40960, 64, false), "descriptor of slot " + (n + i));
            }
            queue.publish();
            for (int i = 0; i < 4; i++)
            {
                dq.putUsed(dq.takeAvailable(), 0);
            }
            dq.publishUsed(0);
            for (int i = queue.pendingUsed(); i > 0; i--)
            {
                assertTrue(queue.takeUsed() >= 0);
            }
        }
        assertEquals(QUEUE_SIZE, queue.freeDescriptors());
    }

    @Test
    void usedEventIsNotRewrittenForEveryEntry()
    {
        memory = MemfdDmaMemory.create("used-event", 65536);
        device = new VirtioNetDeviceModel(memory, 1, QUEUE_SIZE);
        final SplitVirtqueue queue = new SplitVirtqueue(0, QUEUE_SIZE, memory, 0, true);
        device.setupQueue(0, QUEUE_SIZE, queue.descAddress(), queue.availAddress(), queue.usedAddress());
        final DeviceQueue dq = device.queue(0);
        final long usedEvent = VirtqueueLayout.availOffset(QUEUE_SIZE) + 4 + 2L * QUEUE_SIZE;
        final long base = memory.deviceAddress(0);
        int taken = 0;
        boolean moved = false;
        while (taken < 0x4000 + 8)
        {
            queue.add(base + 40960, 64, false);
            queue.publish();
            dq.putUsed(dq.takeAvailable(), 0);
            dq.publishUsed(0);
            queue.takeUsed();
            taken++;
            final int event = memory.segment().get(ValueLayout.JAVA_SHORT, usedEvent) & 0xFFFF;
            if (taken < 0x3FFF)
            {
                assertEquals(0xFFFF, event, "still the initial value after " + taken);
                // ...which keeps a device that follows EVENT_IDX from notifying the polling driver
                assertFalse(VirtqueueLayout.needEvent(event, taken, taken - 1));
            }
            else if (!moved && event != 0xFFFF)
            {
                moved = true;
                assertEquals(0x3FFE, event, "one behind the consumed index when rewritten");
                assertEquals(0x3FFF, taken);
            }
        }
        assertTrue(moved, "rewritten once a quarter of the index space behind");
    }

    @Test
    void publishSkipsTheNotificationCheckForAPollingDevice()
    {
        final SplitVirtqueue queue = openQueue(0);
        final long base = memory.deviceAddress(0);
        queue.add(base + 40960, 64, false);
        assertTrue(queue.publish(), "the device did not suppress notifications");
        queue.notifyChecks(false);
        queue.add(base + 40960, 64, false);
        assertFalse(queue.publish(), "a polling device is not notified");
        assertEquals(2, device.queue(0).available(), "but the buffers are published");
        assertEquals(1, queue.notifications());
    }
}
