package org.jclick.nic.virtio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketBatch;
import org.jclick.nic.sys.MemfdDmaMemory;
import org.jclick.nic.virtio.model.DeviceQueue;
import org.jclick.nic.virtio.model.PackedDeviceQueue;
import org.jclick.nic.virtio.model.VirtioNetDeviceModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packed virtqueue (VIRTIO_F_RING_PACKED): the driver side ({@link PackedVirtqueue}) against the model's device
 * side ({@link PackedDeviceQueue}), then {@link VirtioNet} with packed rings against {@link VirtioNetDeviceModel}.
 */
class PackedVirtqueueTest
{
    private static final long QUEUE_OFFSET = 0;
    private static final long BUFFERS_OFFSET = 1 << 16;

    private MemfdDmaMemory memory;
    private PackedVirtqueue queue;
    private PackedDeviceQueue device;
    private VirtioNetDeviceModel model;
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

    private void openQueue(final int size, final boolean eventIdx)
    {
        memory = MemfdDmaMemory.create("packed-test", 1 << 20);
        queue = new PackedVirtqueue(0, size, memory, QUEUE_OFFSET, eventIdx);
        device = newDevice();
    }

    private PackedDeviceQueue newDevice()
    {
        return new PackedDeviceQueue(memory.segment(), memory.deviceAddress(0), queue.size(), queue.descAddress(),
            queue.availAddress(), queue.usedAddress());
    }

    private long buffer(final int k)
    {
        return memory.deviceAddress(BUFFERS_OFFSET + 2048L * k);
    }

    // ---------------------------------------------------------------------------------------------- queue level

    @Test
    void layoutAndPollingDefaults()
    {
        openQueue(8, false);
        assertEquals(memory.deviceAddress(0), queue.descAddress());
        assertEquals(memory.deviceAddress(128), queue.availAddress(), "driver area after 8 descriptors");
        assertEquals(memory.deviceAddress(132), queue.usedAddress(), "device area after the driver area");
        assertEquals(136, PackedVirtqueue.totalBytes(8));
        assertEquals(PackedVirtqueue.RING_EVENT_FLAGS_DISABLE, device.driverEventFlags(), "polling: disabled");
        assertEquals(8, queue.freeDescriptors());
        assertEquals(0x8000, queue.availBase(), "slot 0, wrap counter 1");
    }

    @Test
    void publishFollowsTheDeviceEventSuppression()
    {
        openQueue(8, false);
        queue.add(buffer(0), 64, true);
        device.setDeviceEvent(PackedVirtqueue.RING_EVENT_FLAGS_DISABLE, 0);
        assertFalse(queue.publish(), "DISABLE: no notification");
        queue.add(buffer(1), 64, true);
        device.setDeviceEvent(PackedVirtqueue.RING_EVENT_FLAGS_ENABLE, 0);
        assertTrue(queue.publish(), "ENABLE: notify");
        assertFalse(queue.publish(), "nothing added: nothing to publish");
        assertEquals(1, queue.notifications());
        queue.notifyChecks(false);
        queue.add(buffer(2), 64, true);
        assertFalse(queue.publish(), "a polling device is never notified");
        assertEquals(3, device.available());
    }

    @Test
    void eventIdxNotifiesWhenTheBatchCoversTheEventDescriptor()
    {
        openQueue(8, true);
        device.setDeviceEvent(PackedVirtqueue.RING_EVENT_FLAGS_DESC, 0x8000 | 3); // slot 3, wrap 1
        queue.add(buffer(0), 64, true);
        queue.add(buffer(1), 64, true);
        assertFalse(queue.publish(), "slots 0-1 do not reach slot 3");
        queue.add(buffer(2), 64, true);
        queue.add(buffer(3), 64, true);
        assertTrue(queue.publish(), "slots 2-3 include slot 3");
        queue.add(buffer(4), 64, true);
        assertFalse(queue.publish(), "slot 4 is past the event");
    }

    @Test
    void visibilityAndUsedLengths()
    {
        openQueue(8, false);
        final int a = queue.add(buffer(0), 100, true);
        final int b = queue.add(buffer(1), 200, true);
        assertEquals(0, device.available(), "not visible before publish");
        queue.publish();
        assertEquals(2, device.available());
        assertEquals(a, device.takeAvailable());
        assertEquals(b, device.takeAvailable());
        assertEquals(0, queue.pendingUsed());
        device.putUsed(b, 150); // out of order
        assertEquals(1, queue.pendingUsed());
        assertEquals(b, queue.peekUsedId(0));
        assertEquals(150, queue.peekUsedLength(0));
        device.putUsed(a, 60);
        assertEquals(2, queue.pendingUsed());
        assertEquals(b, queue.takeUsed());
        assertEquals(a, queue.peekUsedId(0));
        assertEquals(60, queue.peekUsedLength(0));
        assertEquals(a, queue.takeUsed());
        assertEquals(8, queue.freeDescriptors());
        assertEquals(0, queue.inFlight());
        assertFalse(queue.stopped());
    }

    @Test
    void wrapAroundOverManyLapsWithOutOfOrderCompletionAndChains()
    {
        openQueue(8, false);
        final java.util.Random random = new java.util.Random(42);
        long taken = 0;
        for (int round = 0; round < 500; round++)
        {
            // a mix of one- and two-descriptor buffers, as many as fit
            final Set<Integer> added = new HashSet<>();
            while (true)
            {
                final boolean chain = random.nextBoolean();
                final int id = chain ?
                    queue.add2(buffer(0), 12, true, buffer(1), 500, true) :
                    queue.add(buffer(2), 300, true);
                if (id < 0)
                {
                    break;
                }
                assertTrue(added.add(id), "ids in flight are distinct");
            }
            assertTrue(queue.freeDescriptors() <= 1);
            queue.publish();
            final List<Integer> ids = new ArrayList<>();
            while (device.available() > 0)
            {
                final int id = device.takeAvailable();
                final List<DeviceQueue.Buffer> buffers = device.chain(id);
                assertEquals(buffers.size() == 2 ? 512 : 300,
                    buffers.stream().mapToInt(DeviceQueue.Buffer::length).sum());
                ids.add(id);
            }
            assertEquals(added, new HashSet<>(ids), "round " + round);
            java.util.Collections.shuffle(ids, random);
            for (final int id : ids)
            {
                device.putUsed(id, 12);
            }
            assertEquals(ids.size(), queue.pendingUsed());
            for (final int id : ids)
            {
                assertEquals(id, queue.takeUsed(), "in the device's order");
                taken++;
            }
            assertEquals(8, queue.freeDescriptors());
        }
        assertTrue(taken > 500 * 4, "many laps of an 8-slot ring: " + taken);
        assertEquals(0, queue.protocolErrors());
    }

    @Test
    void aFullRingRefusesMoreAndAChainNeedsAllItsSlots()
    {
        openQueue(4, false);
        assertTrue(queue.add3(buffer(0), 2, buffer(1), 1, buffer(2), 1) >= 0);
        assertEquals(-1, queue.add2(buffer(3), 10, false, buffer(4), 10, false), "one slot left");
        assertTrue(queue.add(buffer(3), 10, false) >= 0);
        assertEquals(-1, queue.add(buffer(4), 10, false), "full");
        assertEquals(0, queue.freeDescriptors());
        assertEquals(2, queue.inFlight());
        queue.publish();
        final int ctrl = device.takeAvailable();
        final List<DeviceQueue.Buffer> chain = device.chain(ctrl);
        assertEquals(3, chain.size());
        assertFalse(chain.get(0).writable());
        assertFalse(chain.get(1).writable());
        assertTrue(chain.get(2).writable());
        final int tx = device.takeAvailable();
        device.putUsed(tx, 0);
        device.putUsed(ctrl, 1);
        assertEquals(2, queue.pendingUsed());
        assertEquals(tx, queue.takeUsed());
        assertEquals(1, queue.freeDescriptors(), "the one-descriptor buffer");
        assertEquals(ctrl, queue.takeUsed());
        assertEquals(4, queue.freeDescriptors());
        // the device wrote its two used descriptors in slots 0 and 1 (skipping 1 and 3 slots): the next lap lines up
        for (int i = 0; i < 10; i++)
        {
            final int id = queue.add(buffer(5), 64, true);
            queue.publish();
            assertEquals(id, device.takeAvailable());
            device.putUsed(id, 64);
            assertEquals(1, queue.pendingUsed(), "lap " + i);
            assertEquals(id, queue.takeUsed());
        }
    }

    @Test
    void indirectBuffersTakeOneSlot()
    {
        openQueue(4, false);
        queue.enableIndirect(BUFFERS_OFFSET - 4 * 2 * 16, 2);
        final int id = queue.add2Indirect(buffer(0), 12, false, buffer(1), 100, false);
        assertEquals(3, queue.freeDescriptors());
        queue.publish();
        assertEquals(id, device.takeAvailable());
        final List<DeviceQueue.Buffer> chain = device.chain(id);
        assertEquals(2, chain.size());
        assertEquals(12, chain.get(0).length());
        assertEquals(100, chain.get(1).length());
        device.putUsed(id, 0);
        assertEquals(id, queue.takeUsed());
    }

    private void assertStoppedOnce(final int error)
    {
        assertEquals(0, queue.pendingUsed());
        assertTrue(queue.stopped());
        assertEquals(error, queue.lastError(), SplitVirtqueue.errorName(queue.lastError()));
        assertEquals(1, queue.protocolErrors());
        assertEquals(-1, queue.add(buffer(0), 64, true), "a stopped queue takes nothing");
        assertEquals(-1, queue.takeUsed());
        assertEquals(0, queue.pendingUsed());
        assertEquals(1, queue.protocolErrors(), "counted once");
        // device reset: both sides start over
        queue.reset();
        device = newDevice();
        assertFalse(queue.stopped());
        final int id = queue.add(buffer(0), 64, true);
        queue.publish();
        assertEquals(id, device.takeAvailable());
        device.putUsed(id, 64);
        assertEquals(1, queue.pendingUsed());
        assertEquals(id, queue.takeUsed());
    }

    @Test
    void usedIdOutOfRangeStopsTheQueue()
    {
        openQueue(8, false);
        queue.add(buffer(0), 64, true);
        queue.publish();
        device.takeAvailable();
        device.putUsed(8, 10);
        assertStoppedOnce(SplitVirtqueue.ERROR_ID_OUT_OF_RANGE);
    }

    @Test
    void usedIdNotInFlightStopsTheQueue()
    {
        openQueue(8, false);
        final int id = queue.add(buffer(0), 64, true);
        queue.publish();
        device.takeAvailable();
        device.putUsed(id + 1, 10);
        assertStoppedOnce(SplitVirtqueue.ERROR_ID_NOT_IN_FLIGHT);
    }

    @Test
    void anIdReturnedTwiceStopsTheQueue()
    {
        openQueue(8, false);
        final int a = queue.add(buffer(0), 64, true);
        queue.add(buffer(1), 64, true);
        queue.publish();
        device.takeAvailable();
        device.takeAvailable();
        device.putUsed(a, 10);
        device.putUsed(a, 10);
        assertStoppedOnce(SplitVirtqueue.ERROR_ID_NOT_IN_FLIGHT);
    }

    @Test
    void usedLengthBeyondTheBufferStopsTheQueue()
    {
        openQueue(8, false);
        final int id = queue.add(buffer(0), 64, true);
        queue.publish();
        device.takeAvailable();
        device.putUsed(id, 65);
        assertStoppedOnce(SplitVirtqueue.ERROR_LENGTH);
    }

    @Test
    void aUsedLengthWithoutTheWriteFlagIsIgnored()
    {
        openQueue(8, false);
        final int id = queue.add(buffer(0), 64, false);
        queue.publish();
        device.takeAvailable();
        device.putUsed(id, 64, false); // as DPDK's vhost on transmit: the buffer's length, no WRITE flag
        assertEquals(1, queue.pendingUsed());
        assertEquals(0, queue.peekUsedLength(0), "2.8.4: reserved without VIRTQ_DESC_F_WRITE");
        assertEquals(id, queue.takeUsed());
        assertFalse(queue.stopped());
    }

    @Test
    void aDeviceReadableBufferMayNotReportWrittenBytes()
    {
        openQueue(8, false);
        final int id = queue.add(buffer(0), 64, false);
        queue.publish();
        device.takeAvailable();
        device.putUsed(id, 1, true);
        assertStoppedOnce(SplitVirtqueue.ERROR_LENGTH);
    }

    @Test
    void staleAndHalfMarkedDescriptorsAreNotUsed()
    {
        openQueue(8, false);
        final int id = queue.add(buffer(0), 64, true);
        queue.publish();
        assertEquals(0, queue.pendingUsed(), "an available descriptor (AVAIL=1, USED=0) is not used");
        assertEquals(id, device.takeAvailable());
        // a device that sets USED without AVAIL (or the reverse) has not returned anything
        memory.segment().set(java.lang.foreign.ValueLayout.JAVA_SHORT, device.descriptorOffset(0) + 14,
            (short)PackedVirtqueue.VIRTQ_DESC_F_USED);
        assertEquals(0, queue.pendingUsed());
        assertFalse(queue.stopped());
        device.putUsed(id, 64);
        assertEquals(1, queue.pendingUsed());
    }

    @Test
    void randomDeviceWritesNeverYieldABufferNotInFlightNorThrow()
    {
        openQueue(16, false);
        final java.util.Random random = new java.util.Random(7);
        final java.lang.foreign.MemorySegment shared = memory.segment();
        final java.util.Map<Integer, Integer> inFlight = new java.util.HashMap<>(); // id -> descriptors
        int stops = 0;
        int good = 0;
        for (int round = 0; round < 3000; round++)
        {
            for (int k = random.nextInt(6); k > 0; k--)
            {
                final int kind = random.nextInt(3);
                final int id = kind == 0 ? queue.add(buffer(0), 64, true) :
                    kind == 1 ? queue.add2(buffer(0), 12, false, buffer(1), 64, true) :
                    queue.add3(buffer(0), 2, buffer(1), 1, buffer(2), 1);
                if (id >= 0)
                {
                    assertNull(inFlight.put(id, kind + 1), "id " + id + " handed out twice");
                }
            }
            queue.publish();
            try
            {
                while (device.available() > 0)
                {
                    final int id = device.takeAvailable();
                    if (random.nextInt(20) != 0) // sometimes never returned
                    {
                        device.putUsed(id, random.nextInt(40) == 0 ? 1 << 20 : 1); // sometimes too long
                    }
                }
            }
            catch (final IllegalStateException modelConfused)
            {
                // the garbage returned an id the model still holds, the driver (rightly) reused it, and the
                // model's own bookkeeping objects: a device out of step, reset as the driver would after a stop
                queue.reset();
                device = newDevice();
                inFlight.clear();
                continue;
            }
            // and sometimes garbage over a random slot: length, id and flags, AVAIL and USED equal (a "used" or
            // stale descriptor: anything else would be read by the model as a driver's descriptor)
            if (random.nextInt(5) == 0)
            {
                final long at = device.descriptorOffset(random.nextInt(16));
                final int both = PackedVirtqueue.VIRTQ_DESC_F_AVAIL | PackedVirtqueue.VIRTQ_DESC_F_USED;
                final int flags = (random.nextInt(1 << 16) & ~both) | (random.nextBoolean() ? both : 0);
                final int id = random.nextBoolean() ? random.nextInt(20) : random.nextInt(1 << 16);
                shared.set(java.lang.foreign.ValueLayout.JAVA_INT, at + 8, random.nextBoolean() ? random.nextInt(80) :
                    random.nextInt());
                shared.set(java.lang.foreign.ValueLayout.JAVA_INT, at + 12, id | (flags << 16));
            }
            final int pending = queue.pendingUsed();
            for (int i = 0; i < pending; i++)
            {
                final int id = queue.takeUsed();
                if (id < 0)
                {
                    break;
                }
                assertTrue(inFlight.remove(id) != null, "id " + id + " was not in flight");
                good++;
            }
            int descriptors = 0;
            for (final int n : inFlight.values())
            {
                descriptors += n;
            }
            assertEquals(16 - descriptors, queue.freeDescriptors(), "round " + round);
            assertEquals(inFlight.size(), queue.inFlight());
            if (queue.stopped())
            {
                stops++;
                assertTrue(queue.lastError() >= SplitVirtqueue.ERROR_ID_OUT_OF_RANGE &&
                    queue.lastError() <= SplitVirtqueue.ERROR_LENGTH, SplitVirtqueue.errorName(queue.lastError()));
                queue.reset(); // the device is reset with it
                device = newDevice();
                inFlight.clear();
            }
        }
        assertTrue(stops > 50, "the garbage was noticed: " + stops + " stops, " + good + " good");
        assertTrue(good > 1000, "and good buffers came back in between: " + good + ", " + stops + " stops");
    }

    @Test
    void enableNotificationSeesUsedBuffersAndWritesTheEventArea()
    {
        openQueue(8, true);
        final int id = queue.add(buffer(0), 64, true);
        queue.publish();
        assertTrue(queue.enableNotification(), "nothing used yet: may sleep");
        assertEquals(PackedVirtqueue.RING_EVENT_FLAGS_DESC, device.driverEventFlags());
        device.takeAvailable();
        device.putUsed(id, 64);
        assertFalse(queue.enableNotification(), "a used buffer is waiting");
        queue.disableNotification();
        assertEquals(PackedVirtqueue.RING_EVENT_FLAGS_DISABLE, device.driverEventFlags());
    }

    // ---------------------------------------------------------------------------------------------- VirtioNet

    private void openNet(final VirtioNet.Config config, final boolean offerPacked)
    {
        memory = MemfdDmaMemory.create("packed-net-test", VirtioNet.requiredBytes(config));
        model = new VirtioNetDeviceModel(memory, Math.max(1, config.queuePairs()), 1024);
        if (offerPacked)
        {
            model.offeredFeatures |= VirtioFeatures.bit(VirtioFeatures.F_RING_PACKED);
        }
        net = new VirtioNet(model, memory, config);
        net.start();
    }

    @Test
    void packedRingsOnlyWhenAsked()
    {
        openNet(VirtioNet.Config.defaults(), true);
        assertFalse(VirtioFeatures.has(model.driverFeatures(), VirtioFeatures.F_RING_PACKED), "off by default");
        assertFalse(net.packedRing());
        assertTrue(net.rxQueue(0) instanceof SplitVirtqueue);
    }

    @Test
    void packedRingFallsBackToSplitWithoutTheOffer()
    {
        openNet(VirtioNet.Config.defaults().withPackedRing(true), false);
        assertFalse(net.packedRing());
        assertTrue(net.linkUp());
    }

    @Test
    void everyQueueIsPackedAndTheControlQueueWorks()
    {
        openNet(VirtioNet.Config.defaults().withPackedRing(true).withPromisc(true).withQueuePairs(2), true);
        assertTrue(VirtioFeatures.has(model.driverFeatures(), VirtioFeatures.F_RING_PACKED));
        assertTrue(net.packedRing());
        for (int q = 0; q < 5; q++)
        {
            assertNotNull(model.packedQueue(q), "queue " + q + " packed");
        }
        assertTrue(net.rxQueue(1) instanceof PackedVirtqueue);
        assertEquals(2, model.queuePairsSet(), "MQ through the packed control queue");
        assertTrue(model.promisc(), "PROMISC through the packed control queue");
        assertEquals(256, net.rxQueue(0).inFlight());
        assertEquals(PackedVirtqueue.RING_EVENT_FLAGS_DISABLE, model.packedQueue(0).driverEventFlags());
        assertTrue(model.deliver(1, VirtioNetTest.frame(70, 1)));
        final PacketBatch batch = new PacketBatch(8);
        assertEquals(1, net.rxBurst(1, batch, 8));
        assertEquals(1, net.txBurst(1, batch));
        assertNull(model.takeTransmitted(0));
        assertArrayEquals(VirtioNetTest.frame(70, 1), model.takeTransmitted(1));
    }

    @Test
    void echoOver70000FramesWrapsThePackedRingsManyTimes()
    {
        openNet(VirtioNet.Config.defaults().withPackedRing(true).withQueueSize(64), true);
        final PacketBatch batch = new PacketBatch(32);
        final int total = 70_000;
        int received = 0;
        for (int i = 0; i < total; i++)
        {
            assertTrue(model.deliver(VirtioNetTest.frame(64 + (i % 64), i)), "frame " + i);
            if (i % 16 == 15 || i == total - 1)
            {
                final int n = net.rxBurst(0, batch, 32);
                received += n;
                assertEquals(n, net.txBurst(0, batch));
                for (int k = n - 1; k >= 0; k--)
                {
                    final int seed = i - k;
                    assertArrayEquals(VirtioNetTest.frame(64 + (seed % 64), seed), model.takeTransmitted(),
                        "frame " + seed);
                }
            }
        }
        assertEquals(total, received);
        assertEquals(total, net.txPackets());
        assertEquals(0, net.protocolErrors());
        assertTrue(net.linkUp());
    }

    @Test
    void aFullPackedTransmitRingLeavesTheRestInTheBatch()
    {
        openNet(VirtioNet.Config.defaults().withPackedRing(true), true);
        final PacketBatch batch = new PacketBatch(256);
        int sent = 0;
        for (int round = 0; round < 2; round++)
        {
            for (int i = 0; i < 200; i++)
            {
                assertTrue(batch.add(net.pool().make(VirtioNetTest.frame(64, i), 0, 64)));
            }
            sent += net.txBurst(0, batch);
        }
        assertEquals(256, sent);
        assertEquals(144, batch.size());
        assertEquals(1, net.ringFullEvents());
        int drained = 0;
        while (model.takeTransmitted() != null)
        {
            drained++;
        }
        assertEquals(256, drained);
        assertEquals(144, net.txBurst(0, batch));
        assertEquals(144, net.txQueue(0).inFlight());
    }

    @Test
    void sharedPacketsGoAsChainsAndMergeableFramesAreJoined()
    {
        openNet(VirtioNet.Config.defaults().withPackedRing(true)
            .withFeatureMask(VirtioNet.SUPPORTED_FEATURES & ~VirtioFeatures.bit(VirtioFeatures.F_RING_INDIRECT_DESC)),
            true);
        final Packet p = net.pool().make(VirtioNetTest.frame(100, 9), 0, 100);
        final PacketBatch batch = new PacketBatch(32);
        batch.add(p.clone());
        assertEquals(1, net.txBurst(0, batch));
        assertEquals(2, model.nextTransmitChainLength(), "header and frame: a two-descriptor chain");
        assertArrayEquals(VirtioNetTest.frame(100, 9), model.takeTransmitted());
        p.kill();
        model.rxBufferLimit = 300;
        final byte[] big = VirtioNetTest.frame(1400, 5);
        assertTrue(model.deliver(big));
        assertTrue(model.deliver(VirtioNetTest.frame(60, 6)));
        assertEquals(2, net.rxBurst(0, batch, 32));
        assertArrayEquals(big, VirtioNetTest.bytes(batch.get(0)));
        assertArrayEquals(VirtioNetTest.frame(60, 6), VirtioNetTest.bytes(batch.get(1)));
        batch.killAll();
    }

    @Test
    void resetMidTrafficReturnsEveryBufferAndTrafficResumes()
    {
        openNet(VirtioNet.Config.defaults().withPackedRing(true), true);
        final PacketBatch batch = new PacketBatch(32);
        for (int i = 0; i < 20; i++)
        {
            model.deliver(VirtioNetTest.frame(64, i));
        }
        assertEquals(20, net.rxBurst(0, batch, 32));
        assertEquals(20, net.txBurst(0, batch));
        net.reset();
        assertTrue(net.packedRing());
        assertEquals(net.pool().bufferCount() - 256, net.pool().availableBuffers());
        assertEquals(0, net.txQueue(0).inFlight());
        assertTrue(model.deliver(VirtioNetTest.frame(64, 99)));
        assertEquals(1, net.rxBurst(0, batch, 32));
        assertArrayEquals(VirtioNetTest.frame(64, 99), VirtioNetTest.bytes(batch.get(0)));
        batch.killAll();
        assertTrue(net.linkUp());
    }

    @Test
    void aMaliciousDeviceStopsThePackedQueueUntilReset()
    {
        openNet(VirtioNet.Config.defaults().withPackedRing(true), true);
        model.forgeUsedId = 4000;
        assertTrue(model.deliver(VirtioNetTest.frame(64, 1)));
        final PacketBatch batch = new PacketBatch(32);
        assertEquals(0, net.rxBurst(0, batch, 32));
        assertTrue(net.rxQueue(0).stopped());
        assertEquals(SplitVirtqueue.ERROR_ID_OUT_OF_RANGE, net.rxQueue(0).lastError());
        assertEquals(1, net.protocolErrors());
        assertFalse(net.linkUp());
        net.reset();
        assertTrue(net.linkUp());
        model.forgeUsedLength = 1_000_000;
        assertTrue(model.deliver(VirtioNetTest.frame(64, 2)));
        assertEquals(0, net.rxBurst(0, batch, 32));
        assertEquals(SplitVirtqueue.ERROR_LENGTH, net.rxQueue(0).lastError());
        net.reset();
        assertTrue(model.deliver(VirtioNetTest.frame(64, 3)));
        assertEquals(1, net.rxBurst(0, batch, 32));
        batch.killAll();
    }

    @Test
    void packedBurstsAllocateNothing()
    {
        openNet(VirtioNet.Config.defaults().withPackedRing(true), true);
        VirtioNetTest.assertBurstsAllocateNothing(model, net);
    }
}
