package org.jclick.nic.virtio;

import static org.jclick.nic.virtio.VirtioNetTest.bytes;
import static org.jclick.nic.virtio.VirtioNetTest.frame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * VIRTIO_F_IN_ORDER (virtio 1.2, 2.7.9) against the device model: descriptors used in ring order, transmit buffers
 * taken back by the used index alone (one used entry per buffer or one per batch), and devices that break the order.
 */
class InOrderTest
{
    private MemfdDmaMemory memory;
    private VirtioNetDeviceModel device;
    private VirtioNet net;

    private void open(final boolean offerInOrder)
    {
        final VirtioNet.Config config = VirtioNet.Config.defaults();
        memory = MemfdDmaMemory.create("in-order-test", VirtioNet.requiredBytes(config));
        device = new VirtioNetDeviceModel(memory, 1, 1024);
        if (offerInOrder)
        {
            device.offeredFeatures |= VirtioFeatures.bit(VirtioFeatures.F_IN_ORDER);
        }
        net = new VirtioNet(device, memory, config);
        net.start();
    }

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

    private int send(final int count, final int seed)
    {
        final PacketBatch batch = new PacketBatch(256);
        for (int i = 0; i < count; i++)
        {
            batch.add(net.pool().make(frame(64, seed + i), 0, 64));
        }
        final int sent = net.txBurst(0, batch);
        batch.killAll();
        return sent;
    }

    @Test
    void negotiatedOnlyWhenOfferedAndNotWithPackedRings()
    {
        open(false);
        assertFalse(net.inOrder());
        assertFalse(net.txQueue(0).inOrder());
        close();
        open(true);
        assertTrue(net.inOrder());
        assertTrue(VirtioFeatures.has(device.driverFeatures(), VirtioFeatures.F_IN_ORDER));
        assertTrue(net.txQueue(0).inOrder() && net.rxQueue(0).inOrder());
        close();
        final VirtioNet.Config packed = VirtioNet.Config.defaults().withPackedRing(true);
        memory = MemfdDmaMemory.create("in-order-packed", VirtioNet.requiredBytes(packed));
        device = new VirtioNetDeviceModel(memory, 1, 1024);
        device.offeredFeatures |= VirtioFeatures.bit(VirtioFeatures.F_IN_ORDER) |
            VirtioFeatures.bit(VirtioFeatures.F_RING_PACKED);
        net = new VirtioNet(device, memory, packed);
        net.start();
        assertTrue(net.packedRing());
        assertFalse(VirtioFeatures.has(device.driverFeatures(), VirtioFeatures.F_IN_ORDER), "split rings only");
    }

    @Test
    void trafficOverManyLapsKeepsDescriptorsInRingOrder()
    {
        open(true);
        final int buffersBefore = net.pool().availableBuffers();
        final PacketBatch batch = new PacketBatch(32);
        int echoed = 0;
        for (int i = 0; i < 20_000; i++)
        {
            final byte[] in = frame(64 + (i % 64), i);
            assertTrue(device.deliver(in), "frame " + i);
            if (i % 16 == 15)
            {
                final int n = net.rxBurst(0, batch, 32);
                assertEquals(n, net.txBurst(0, batch));
                for (int k = 0; k < n; k++)
                {
                    final byte[] out = device.takeTransmitted();
                    assertArrayEquals(frame(64 + ((i - n + 1 + k) % 64), i - n + 1 + k), out, "frame " + i);
                    echoed++;
                }
            }
        }
        assertEquals(20_000, echoed);
        assertEquals(0, net.txReclaim(0), "everything sent was taken back by the used index");
        assertEquals(0, device.inOrderViolations(0), "receive chains in ring order");
        assertEquals(0, device.inOrderViolations(1), "transmit chains in ring order");
        assertEquals(0, net.protocolErrors());
        assertEquals(buffersBefore, net.pool().availableBuffers(), "every transmitted buffer is back in the pool");
    }

    @Test
    void aBatchWithOneUsedEntryIsTakenBackWhole()
    {
        open(true);
        final int buffersBefore = net.pool().availableBuffers();
        int seed = 0;
        for (int lap = 0; lap < 12; lap++)
        {
            // 200 per lap: the ring (256) wraps at a different place each lap
            assertEquals(200, send(200, seed));
            int got = 0;
            while (got < 200)
            {
                final List<byte[]> frames = device.takeTransmittedBatch(7);
                for (final byte[] f : frames)
                {
                    assertArrayEquals(frame(64, seed + got), f, "lap " + lap + " frame " + got);
                    got++;
                }
            }
            seed += 200;
            assertEquals(0, net.txReclaim(0), "lap " + lap + ": all 200 back after " + (200 + 6) / 7 + " entries");
        }
        assertEquals(0, net.protocolErrors());
        assertEquals(0, device.inOrderViolations(1));
        assertEquals(buffersBefore, net.pool().availableBuffers());
    }

    @Test
    void aTransmitQueueSmallerThanAskedWrapsAtItsOwnSize()
    {
        final VirtioNet.Config config = VirtioNet.Config.defaults(); // asks for 256 entries
        memory = MemfdDmaMemory.create("in-order-small", VirtioNet.requiredBytes(config));
        device = new VirtioNetDeviceModel(memory, 1, 1024);
        device.offeredFeatures |= VirtioFeatures.bit(VirtioFeatures.F_IN_ORDER);
        device.setQueueMaxSize(1, 64);
        net = new VirtioNet(device, memory, config);
        net.start();
        assertEquals(64, net.txQueue(0).size());
        final int buffersBefore = net.pool().availableBuffers();
        int seed = 0;
        for (int lap = 0; lap < 10; lap++)
        {
            assertEquals(50, send(50, seed), "lap " + lap);
            for (int i = 0; i < 50; i++)
            {
                assertArrayEquals(frame(64, seed + i), device.takeTransmitted(), "lap " + lap + " frame " + i);
            }
            seed += 50;
            assertEquals(0, net.txReclaim(0));
            assertEquals(buffersBefore, net.pool().availableBuffers(), "lap " + lap + ": every buffer back");
        }
        assertEquals(0, device.inOrderViolations(1));
        assertEquals(0, net.protocolErrors());
    }

    @Test
    void aTransmitDeviceThatBreaksTheOrderIsHarmless()
    {
        open(true);
        final int buffersBefore = net.pool().availableBuffers();
        assertEquals(3, send(3, 1));
        // the device uses the third buffer first and writes nonsense ids: the driver reads no used entry on a
        // transmit queue, so it only hands the three buffers back (early, if the device were still reading them)
        final DeviceQueue tx = device.queue(1);
        tx.takeAvailable();
        tx.takeAvailable();
        tx.takeAvailable();
        tx.putUsed(2, 0);
        tx.putUsed(40_000, -5);
        tx.publishUsed(0);
        assertEquals(1, net.txReclaim(0), "two used: the oldest two are freed");
        assertFalse(net.txQueue(0).stopped());
        tx.putUsed(-1, 0);
        tx.publishUsed(0);
        assertEquals(0, net.txReclaim(0));
        assertEquals(buffersBefore, net.pool().availableBuffers());
        // and the queue goes on, in ring order
        assertEquals(5, send(5, 10));
        for (int i = 0; i < 5; i++)
        {
            assertArrayEquals(frame(64, 10 + i), device.takeTransmitted());
        }
        assertEquals(0, net.txReclaim(0));
        assertEquals(0, net.protocolErrors());
    }

    @Test
    void aTransmitUsedIndexBeyondWhatIsInFlightStillStopsTheQueue()
    {
        open(true);
        assertEquals(2, send(2, 1));
        device.forgeUsedIdxJump = 5;
        assertEquals(2, device.takeTransmittedBatch(2).size());
        net.txReclaim(0);
        assertTrue(net.txQueue(0).stopped());
        assertEquals(SplitVirtqueue.ERROR_IDX_JUMP, net.txQueue(0).lastError());
        net.reset();
        assertEquals(1, send(1, 3), "a reset recovers");
    }

    @Test
    void aReceiveBufferUsedOutOfOrderStopsTheQueue()
    {
        open(true);
        final DeviceQueue rx = device.queue(0);
        rx.takeAvailable();
        final int second = rx.takeAvailable();
        rx.putUsed(second, 12 + 60); // the second posted buffer first
        rx.publishUsed(0);
        final PacketBatch batch = new PacketBatch(32);
        assertEquals(0, net.rxBurst(0, batch, 32));
        assertTrue(net.rxQueue(0).stopped());
        assertEquals(SplitVirtqueue.ERROR_ORDER, net.rxQueue(0).lastError());
        assertEquals(1, net.protocolErrors());
        net.reset();
        assertTrue(device.deliver(frame(64, 4)));
        assertEquals(1, net.rxBurst(0, batch, 32), "a reset recovers");
        assertArrayEquals(frame(64, 4), bytes(batch.get(0)));
        batch.killAll();
    }

    @Test
    void aChainAtTheEndOfTheTableContinuesAtDescriptorZero()
    {
        open(true); // the model offers no INDIRECT_DESC: a shared packet goes out as a two-descriptor chain
        assertEquals(255, send(255, 0));
        for (int i = 0; i < 255; i++)
        {
            device.takeTransmitted();
        }
        assertEquals(0, net.txReclaim(0));
        final Packet p = net.pool().make(frame(100, 9), 0, 100);
        final Packet clone = p.clone();
        final PacketBatch batch = new PacketBatch(4);
        batch.add(clone);
        assertEquals(1, net.txBurst(0, batch));
        assertEquals(2, device.nextTransmitChainLength());
        final long last = device.queue(1).descriptorOffset(255);
        assertEquals(0, memory.segment().get(ValueLayout.JAVA_SHORT, last + VirtqueueLayout.DESC_NEXT),
            "descriptor 255's next is 0");
        assertArrayEquals(frame(100, 9), device.takeTransmitted());
        assertEquals(0, net.txReclaim(0));
        assertEquals(1, send(1, 50), "the next chain starts at descriptor 1");
        assertArrayEquals(frame(64, 50), device.takeTransmitted());
        assertEquals(0, device.inOrderViolations(1));
        p.kill();
    }

    @Test
    void burstsAllocateNothingInOrder()
    {
        open(true);
        VirtioNetTest.assertBurstsAllocateNothing(device, net);
        assertEquals(0, net.protocolErrors());
    }
}
