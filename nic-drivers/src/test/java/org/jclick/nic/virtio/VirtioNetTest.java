package org.jclick.nic.virtio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketBatch;
import org.jclick.dataplane.packet.PacketPool;
import org.jclick.nic.sys.MemfdDmaMemory;
import org.jclick.nic.virtio.model.VirtioNetDeviceModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VirtioNetTest
{
    private MemfdDmaMemory memory;
    private VirtioNetDeviceModel device;
    private VirtioNet net;

    private VirtioNet open(final VirtioNet.Config config)
    {
        memory = MemfdDmaMemory.create("virtio-net-test", VirtioNet.requiredBytes(config));
        device = new VirtioNetDeviceModel(memory, Math.max(1, config.queuePairs()), 1024);
        net = new VirtioNet(device, memory, config);
        return net;
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

    static byte[] frame(final int length, final int seed)
    {
        final byte[] frame = new byte[length];
        for (int i = 0; i < length; i++)
        {
            frame[i] = (byte)(seed * 31 + i * 7);
        }
        return frame;
    }

    static byte[] bytes(final Packet p)
    {
        final byte[] data = new byte[p.length()];
        p.copyTo(0, data, 0, data.length);
        return data;
    }

    @Test
    void handshakeNegotiatesAndFillsTheReceiveRing()
    {
        open(VirtioNet.Config.defaults().withPromisc(true)).start();
        final int status = device.status();
        assertEquals(VirtioFeatures.STATUS_ACKNOWLEDGE | VirtioFeatures.STATUS_DRIVER |
            VirtioFeatures.STATUS_FEATURES_OK | VirtioFeatures.STATUS_DRIVER_OK, status);
        final long f = device.driverFeatures();
        assertTrue(VirtioFeatures.has(f, VirtioFeatures.F_VERSION_1));
        assertTrue(VirtioFeatures.has(f, VirtioFeatures.NET_F_MRG_RXBUF));
        assertTrue(VirtioFeatures.has(f, VirtioFeatures.F_RING_EVENT_IDX));
        assertFalse(VirtioFeatures.has(f, VirtioFeatures.NET_F_MQ), "one pair: MQ not needed");
        assertEquals(12, net.headerBytes());
        assertEquals(256, net.rxQueue(0).inFlight(), "every receive descriptor posted");
        assertTrue(device.promisc(), "PROMISC through the control queue");
        assertTrue(net.linkUp());
        assertArrayEquals(new byte[] {0x52, 0x54, 0x00, 0x12, 0x34, 0x56}, net.macAddress());
        assertEquals(VirtqueueLayout.VIRTQ_AVAIL_F_NO_INTERRUPT, device.queue(0).availFlags() & 1);
    }

    @Test
    void legacyHeaderWithoutMergeableIsTenBytesAndUsesSeparateDescriptors()
    {
        open(VirtioNet.Config.defaults());
        device.legacyDevice = true;
        device.offeredFeatures = VirtioFeatures.bit(VirtioFeatures.NET_F_MAC);
        net.start();
        assertEquals(10, net.headerBytes());
        assertEquals(0, device.status() & VirtioFeatures.STATUS_FEATURES_OK, "legacy: no FEATURES_OK");
        assertEquals(128, net.rxQueue(0).inFlight(), "two descriptors per receive buffer");
        final byte[] in = frame(60, 1);
        assertTrue(device.deliver(in));
        final PacketBatch batch = new PacketBatch(32);
        assertEquals(1, net.rxBurst(0, batch, 32));
        assertArrayEquals(in, bytes(batch.get(0)));
        assertEquals(1, net.txBurst(0, batch));
        assertEquals(2, device.nextTransmitChainLength(), "header and data in separate descriptors");
        assertArrayEquals(in, device.takeTransmitted());
    }

    @Test
    void moreThan65536PacketsWrapTheRingIndexes()
    {
        open(VirtioNet.Config.defaults()).start();
        final PacketBatch batch = new PacketBatch(32);
        final int total = 70_000;
        int received = 0;
        for (int i = 0; i < total; i++)
        {
            final byte[] in = frame(64 + (i % 64), i);
            assertTrue(device.deliver(in), "frame " + i);
            if (i % 16 == 15 || i == total - 1)
            {
                final int n = net.rxBurst(0, batch, 32);
                received += n;
                assertEquals(n, net.txBurst(0, batch));
                assertTrue(batch.isEmpty());
                for (int k = n - 1; k >= 0; k--)
                {
                    final int seed = i - k;
                    assertArrayEquals(frame(64 + (seed % 64), seed), device.takeTransmitted(), "frame " + seed);
                }
            }
        }
        assertEquals(total, received);
        assertEquals(total, net.rxPackets());
        assertEquals(total, net.txPackets());
        assertEquals(0, net.protocolErrors());
        assertTrue(net.linkUp());
    }

    @Test
    void aFullTransmitRingLeavesTheRestInTheBatchAndCountsTheEvent()
    {
        open(VirtioNet.Config.defaults()).start();
        final PacketPool pool = net.pool();
        final PacketBatch batch = new PacketBatch(256);
        int sent = 0;
        for (int round = 0; round < 2; round++)
        {
            for (int i = 0; i < 200; i++)
            {
                final Packet p = pool.make(frame(64, i), 0, 64);
                assertTrue(batch.add(p));
            }
            sent += net.txBurst(0, batch);
        }
        assertEquals(256, sent, "the ring holds 256");
        assertEquals(144, batch.size(), "the others stay in the batch");
        assertEquals(1, net.ringFullEvents());
        assertArrayEquals(frame(64, 56), bytes(batch.get(0)), "in order");
        int drained = 0;
        while (device.takeTransmitted() != null)
        {
            drained++;
        }
        assertEquals(256, drained);
        assertEquals(144, net.txBurst(0, batch));
        assertEquals(144, net.txQueue(0).inFlight(), "the device's 256 came back and were freed");
    }

    @Test
    void aSharedPacketIsSentAsAChainWithASeparateHeader()
    {
        open(VirtioNet.Config.defaults()).start();
        final Packet p = net.pool().make(frame(100, 9), 0, 100);
        final Packet clone = p.clone();
        final PacketBatch batch = new PacketBatch(4);
        batch.add(clone);
        assertEquals(1, net.txBurst(0, batch));
        assertEquals(2, device.nextTransmitChainLength());
        assertArrayEquals(frame(100, 9), device.takeTransmitted());
        assertArrayEquals(frame(100, 9), bytes(p), "the other reference is untouched");
        p.kill();
    }

    @Test
    void aPacketFromAnotherPoolIsCopiedIntoDeviceMemory()
    {
        open(VirtioNet.Config.defaults()).start();
        try (PacketPool other = PacketPool.allocate(4, 2048, 128))
        {
            final PacketBatch batch = new PacketBatch(4);
            batch.add(other.make(frame(80, 3), 0, 80));
            assertEquals(1, net.txBurst(0, batch));
            assertEquals(4, other.availableBuffers(), "the original was freed after the copy");
            assertArrayEquals(frame(80, 3), device.takeTransmitted());
        }
    }

    @Test
    void aFrameOverSeveralMergeableBuffersBecomesOnePacket()
    {
        open(VirtioNet.Config.defaults()).start();
        device.rxBufferLimit = 300;
        final byte[] in = frame(1400, 5);
        assertTrue(device.deliver(in));
        assertTrue(device.deliver(frame(60, 6)));
        final PacketBatch batch = new PacketBatch(32);
        assertEquals(2, net.rxBurst(0, batch, 32));
        assertArrayEquals(in, bytes(batch.get(0)));
        assertArrayEquals(frame(60, 6), bytes(batch.get(1)));
        assertTrue(net.rxQueue(0).inFlight() >= 256 - 32, "refilled in batches of 32");
        batch.killAll();
        assertEquals(1460, net.rxBytes());
    }

    @Test
    void resetMidTrafficReturnsEveryBufferAndTrafficResumes()
    {
        open(VirtioNet.Config.defaults()).start();
        final PacketBatch batch = new PacketBatch(32);
        for (int i = 0; i < 20; i++)
        {
            device.deliver(frame(64, i));
        }
        assertEquals(20, net.rxBurst(0, batch, 32));
        assertEquals(20, net.txBurst(0, batch)); // in flight on the transmit ring: the device never takes them
        net.reset();
        assertTrue(device.resets() >= 2, "start and reset each reset the device");
        assertEquals(net.pool().bufferCount() - 256, net.pool().availableBuffers(),
            "only the new receive buffers are out");
        assertEquals(0, net.txQueue(0).inFlight());
        assertTrue(device.deliver(frame(64, 99)));
        assertEquals(1, net.rxBurst(0, batch, 32));
        assertArrayEquals(frame(64, 99), bytes(batch.get(0)));
        batch.killAll();
        assertTrue(net.linkUp());
    }

    @Test
    void refusedFeaturesSetFailed()
    {
        open(VirtioNet.Config.defaults());
        device.refuseFeatures = true;
        assertThrows(IllegalStateException.class, net::start);
        assertTrue((device.status() & VirtioFeatures.STATUS_FAILED) != 0);
        assertFalse(net.linkUp());
    }

    @Test
    void linkStatusFollowsTheConfigSpace()
    {
        open(VirtioNet.Config.defaults()).start();
        assertTrue(net.linkUp());
        device.setLinkUp(false);
        assertFalse(net.linkUp());
    }

    @Test
    void multiqueueSetsThePairsThroughTheControlQueue()
    {
        open(VirtioNet.Config.defaults().withQueuePairs(2)).start();
        assertTrue(VirtioFeatures.has(device.driverFeatures(), VirtioFeatures.NET_F_MQ));
        assertEquals(2, device.queuePairsSet());
        assertTrue(device.deliver(1, frame(70, 1)));
        final PacketBatch batch = new PacketBatch(8);
        assertEquals(0, net.rxBurst(0, batch, 8));
        assertEquals(1, net.rxBurst(1, batch, 8));
        assertEquals(1, net.txBurst(1, batch));
        assertNull(device.takeTransmitted(0));
        assertArrayEquals(frame(70, 1), device.takeTransmitted(1));
    }

    // ---------------------------------------------------------------------------------------------- malicious

    private void assertStopped(final int error)
    {
        final PacketBatch batch = new PacketBatch(32);
        assertEquals(0, net.rxBurst(0, batch, 32));
        assertTrue(net.rxQueue(0).stopped());
        assertEquals(error, net.rxQueue(0).lastError(), SplitVirtqueue.errorName(net.rxQueue(0).lastError()));
        assertEquals(1, net.protocolErrors());
        assertFalse(net.linkUp());
        assertEquals(0, net.rxBurst(0, batch, 32), "stays stopped");
        assertEquals(1, net.protocolErrors(), "counted once");
        net.reset();
        assertTrue(net.linkUp(), "a reset recovers");
        assertTrue(device.deliver(frame(64, 1)));
        assertEquals(1, net.rxBurst(0, batch, 32));
        batch.killAll();
    }

    @Test
    void usedIdOutOfRangeStopsTheQueue()
    {
        open(VirtioNet.Config.defaults()).start();
        device.forgeUsedId = 4000;
        assertTrue(device.deliver(frame(64, 1)));
        assertStopped(SplitVirtqueue.ERROR_ID_OUT_OF_RANGE);
    }

    @Test
    void usedIdNotInFlightStopsTheQueue()
    {
        open(VirtioNet.Config.defaults()).start();
        final PacketBatch batch = new PacketBatch(4);
        batch.add(net.pool().make(frame(64, 1), 0, 64));
        assertEquals(1, net.txBurst(0, batch));
        assertEquals(1, net.txQueue(0).inFlight());
        device.forgeUsedId = 5; // a free descriptor, not the head in flight (0)
        assertNotNull(device.takeTransmitted());
        assertEquals(1, net.txReclaim(0), "nothing taken back");
        assertTrue(net.txQueue(0).stopped());
        assertEquals(SplitVirtqueue.ERROR_ID_NOT_IN_FLIGHT, net.txQueue(0).lastError());
        assertEquals(1, net.protocolErrors());
        assertFalse(net.linkUp());
        batch.add(net.pool().make(frame(64, 2), 0, 64));
        assertEquals(0, net.txBurst(0, batch), "a stopped queue sends nothing");
        batch.killAll();
    }

    @Test
    void usedLengthBeyondTheBufferStopsTheQueue()
    {
        open(VirtioNet.Config.defaults()).start();
        device.forgeUsedLength = 1_000_000;
        assertTrue(device.deliver(frame(64, 1)));
        assertStopped(SplitVirtqueue.ERROR_LENGTH);
    }

    @Test
    void usedIndexJumpingAheadStopsTheQueue()
    {
        open(VirtioNet.Config.defaults()).start();
        device.forgeUsedIdxJump = 300;
        assertTrue(device.deliver(frame(64, 1)));
        assertStopped(SplitVirtqueue.ERROR_IDX_JUMP);
    }

    @Test
    void usedLengthShorterThanTheHeaderStopsTheQueue()
    {
        open(VirtioNet.Config.defaults()).start();
        device.forgeUsedLength = 3;
        assertTrue(device.deliver(frame(64, 1)));
        assertStopped(SplitVirtqueue.ERROR_DEVICE);
    }

    @Test
    void burstsAllocateNothing()
    {
        open(VirtioNet.Config.defaults()).start();
        assertBurstsAllocateNothing(device, net);
    }

    /**
     * Receives and sends bursts of 64-byte frames through {@code net} against {@code model}, and requires a window of
     * 2000 rx+tx bursts in which the driver allocated nothing (windows before it may see the JIT settle, e.g. a
     * deoptimisation running code without escape analysis for a while). Shared by the split, in-order and packed tests.
     */
    static void assertBurstsAllocateNothing(final VirtioNetDeviceModel model, final VirtioNet net)
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        final PacketBatch batch = new PacketBatch(32);
        final byte[] in = frame(64, 1);
        final StringBuilder windows = new StringBuilder();
        boolean zeroWindow = false;
        for (int window = 0; window < 12 && !zeroWindow; window++)
        {
            long allocated = 0;
            for (int round = 0; round < 2000; round++)
            {
                for (int i = 0; i < 8; i++)
                {
                    model.deliver(in);
                }
                while (model.takeTransmitted() != null)
                {
                    // drain what the last round sent
                }
                final long before = threads.getCurrentThreadAllocatedBytes();
                net.rxBurst(0, batch, 32);
                net.txBurst(0, batch);
                allocated += threads.getCurrentThreadAllocatedBytes() - before;
            }
            windows.append(allocated).append(' ');
            zeroWindow = window >= 2 && allocated == 0;
        }
        assertTrue(zeroWindow, "bytes allocated per window of 2000 bursts: " + windows);
    }
}
