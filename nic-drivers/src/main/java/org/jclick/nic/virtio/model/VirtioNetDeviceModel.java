package org.jclick.nic.virtio.model;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import org.jclick.nic.virtio.DmaMemory;
import org.jclick.nic.virtio.VirtioFeatures;
import org.jclick.nic.virtio.VirtioNetHeader;
import org.jclick.nic.virtio.VirtioTransport;

/**
 * An in-process virtio-net device for tests: the device side of the split rings over the driver's
 * {@link DmaMemory} (device address = {@code memory.deviceAddress(offset)}, assumed linear), behind the
 * {@link VirtioTransport} interface. Frames go to the driver with {@link #deliver(byte[])} and come from it with
 * {@link #takeTransmitted()}; the control queue is served when the driver notifies it. Public knobs create the
 * edge cases: small receive buffers (mergeable frames), a refused FEATURES_OK, the link status, forged used-ring
 * values.
 */
public final class VirtioNetDeviceModel implements VirtioTransport
{
    /** What the model offers unless told otherwise. */
    public static final long DEFAULT_FEATURES = VirtioFeatures.bit(VirtioFeatures.F_VERSION_1) |
        VirtioFeatures.bit(VirtioFeatures.NET_F_MAC) | VirtioFeatures.bit(VirtioFeatures.NET_F_STATUS) |
        VirtioFeatures.bit(VirtioFeatures.NET_F_MRG_RXBUF) | VirtioFeatures.bit(VirtioFeatures.NET_F_CTRL_VQ) |
        VirtioFeatures.bit(VirtioFeatures.NET_F_CTRL_RX) | VirtioFeatures.bit(VirtioFeatures.NET_F_MQ) |
        VirtioFeatures.bit(VirtioFeatures.F_RING_EVENT_IDX);

    private final DmaMemory memory;
    private final MemorySegment segment;
    private final long baseAddress;
    private final DeviceRing[] queues;
    private final int[] maxSizes;
    private final byte[] config = new byte[12];

    /** Offered features. */
    public long offeredFeatures = DEFAULT_FEATURES;
    /** Whether the device is legacy-only. */
    public boolean legacyDevice;
    /** Clears FEATURES_OK when the driver sets it (a device refusing the features). */
    public boolean refuseFeatures;
    /** Most bytes of frame data the device writes in one receive buffer (forces mergeable spans); 0 = no limit. */
    public int rxBufferLimit;
    /** Forged used id for the next used entry, or -1. */
    public int forgeUsedId = -1;
    /** Forged used length for the next used entry, or -1. */
    public int forgeUsedLength = -1;
    /** Extra advance of used.idx at the next publish (a jump ahead). */
    public int forgeUsedIdxJump;

    private long driverFeatures;
    private int status;
    private boolean promisc;
    private int queuePairsSet = 1;
    private long resets;
    private final long[] notifications;

    /** A device with {@code queuePairs} pairs (plus a control queue), each queue at most {@code maxQueueSize}. */
    public VirtioNetDeviceModel(final DmaMemory memory, final int queuePairs, final int maxQueueSize)
    {
        this.memory = memory;
        this.segment = memory.segment();
        this.baseAddress = memory.deviceAddress(0);
        this.queues = new DeviceRing[2 * queuePairs + 1];
        this.maxSizes = new int[queues.length];
        java.util.Arrays.fill(maxSizes, maxQueueSize);
        this.notifications = new long[queues.length];
        final byte[] mac = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
        System.arraycopy(mac, 0, config, 0, 6);
        setLinkUp(true);
        config[8] = (byte)queuePairs;
    }

    // ---------------------------------------------------------------------------------------------- transport

    @Override
    public String name()
    {
        return "virtio-model";
    }

    @Override
    public long deviceFeatures()
    {
        return legacyDevice ? offeredFeatures & 0xFFFF_FFFFL : offeredFeatures;
    }

    @Override
    public void setDriverFeatures(final long features)
    {
        if ((features & ~deviceFeatures()) != 0)
        {
            throw new IllegalStateException("driver accepted features not offered: " +
                VirtioFeatures.describe(features & ~deviceFeatures()));
        }
        driverFeatures = features;
    }

    @Override
    public int status()
    {
        return status;
    }

    @Override
    public void setStatus(final int value)
    {
        int newStatus = value;
        if (refuseFeatures && (value & VirtioFeatures.STATUS_FEATURES_OK) != 0)
        {
            newStatus &= ~VirtioFeatures.STATUS_FEATURES_OK;
        }
        status = newStatus;
    }

    @Override
    public void reset()
    {
        status = 0;
        driverFeatures = 0;
        java.util.Arrays.fill(queues, null);
        resets++;
    }

    @Override
    public int queueMaxSize(final int queue)
    {
        return queue >= 0 && queue < maxSizes.length ? maxSizes[queue] : 0;
    }

    @Override
    public void setupQueue(final int queue, final int size, final long descAddress, final long availAddress,
        final long usedAddress)
    {
        // with VIRTIO_F_RING_PACKED every queue is packed (the addresses are the ring and the driver and device
        // event suppression areas)
        queues[queue] = VirtioFeatures.has(driverFeatures, VirtioFeatures.F_RING_PACKED) ?
            new PackedDeviceQueue(segment, baseAddress, size, descAddress, availAddress, usedAddress) :
            new DeviceQueue(segment, baseAddress, size, descAddress, availAddress, usedAddress);
        if (queues[queue] instanceof DeviceQueue split && VirtioFeatures.has(driverFeatures, VirtioFeatures.F_IN_ORDER))
        {
            split.checkInOrder(true);
        }
    }

    @Override
    public void notifyQueue(final int queue)
    {
        notifications[queue]++;
        if (queue == queues.length - 1 || (queue == 2 && !VirtioFeatures.has(driverFeatures, VirtioFeatures.NET_F_MQ)))
        {
            serveControl(queue);
        }
    }

    @Override
    public int configU8(final int offset)
    {
        return config[offset] & 0xFF;
    }

    @Override
    public int configU16(final int offset)
    {
        return (config[offset] & 0xFF) | (config[offset + 1] & 0xFF) << 8;
    }

    @Override
    public boolean legacy()
    {
        return legacyDevice;
    }

    @Override
    public void close()
    {
        reset();
    }

    // ---------------------------------------------------------------------------------------------- device side

    /** Sets the STATUS config field's link bit. */
    public void setLinkUp(final boolean up)
    {
        config[6] = (byte)(up ? 1 : 0);
    }

    /** Limits the size of queue {@code queue}. */
    public void setQueueMaxSize(final int queue, final int maxSize)
    {
        maxSizes[queue] = maxSize;
    }

    /** The split device queue {@code queue} (null until the driver sets it up, or when the ring is packed). */
    public DeviceQueue queue(final int queue)
    {
        return queues[queue] instanceof DeviceQueue split ? split : null;
    }

    /** The packed device queue {@code queue} (null until the driver sets it up, or when the ring is split). */
    public PackedDeviceQueue packedQueue(final int queue)
    {
        return queues[queue] instanceof PackedDeviceQueue packed ? packed : null;
    }

    private int headerBytes()
    {
        return VirtioNetHeader.sizeBytes(driverFeatures);
    }

    private boolean ready()
    {
        return (status & VirtioFeatures.STATUS_DRIVER_OK) != 0;
    }

    /**
     * Delivers {@code frame} to the driver on receive queue {@code pair * 2}: header and data into as many
     * posted buffers as needed (several only with MRG_RXBUF). Returns false when the driver posted too few
     * buffers (the frame is dropped, as a device would).
     */
    public boolean deliver(final int pair, final byte[] frame)
    {
        final DeviceRing rx = queues[2 * pair];
        if (!ready() || rx == null)
        {
            return false;
        }
        final boolean mergeable = VirtioFeatures.has(driverFeatures, VirtioFeatures.NET_F_MRG_RXBUF);
        final int headerBytes = headerBytes();
        final int available = rx.available();
        final int limit = rxBufferLimit > 0 ? rxBufferLimit : Integer.MAX_VALUE;
        // plan: how many chains the frame needs (data per chain: its writable room, less the header in the first)
        final List<Integer> chunks = new ArrayList<>();
        int planned = 0;
        while (planned < frame.length || chunks.isEmpty())
        {
            if (chunks.size() == available || (!mergeable && chunks.size() == 1))
            {
                return false;
            }
            int room = 0;
            for (final DeviceQueue.Buffer buffer : rx.chain(rx.peekAvailable(chunks.size())))
            {
                room += buffer.writable() ? buffer.length() : 0;
            }
            final int dataRoom = Math.min(limit, room - (chunks.isEmpty() ? headerBytes : 0));
            if (dataRoom < 0 || (dataRoom == 0 && planned < frame.length))
            {
                return false;
            }
            final int chunk = Math.min(dataRoom, frame.length - planned);
            chunks.add(chunk);
            planned += chunk;
        }
        final int needed = chunks.size();
        final byte[] header = new byte[headerBytes];
        if (headerBytes == VirtioNetHeader.SIZE_BYTES)
        {
            header[VirtioNetHeader.NUM_BUFFERS] = (byte)needed;
            header[VirtioNetHeader.NUM_BUFFERS + 1] = (byte)(needed >>> 8);
        }
        int written = 0;
        final int[] heads = new int[needed];
        final int[] lengths = new int[needed];
        for (int b = 0; b < needed; b++)
        {
            final int head = rx.takeAvailable();
            heads[b] = head;
            // the bytes of this chain: the header (first chain only), then its chunk of the frame
            final byte[] bytes = new byte[(b == 0 ? headerBytes : 0) + chunks.get(b)];
            if (b == 0)
            {
                System.arraycopy(header, 0, bytes, 0, headerBytes);
            }
            System.arraycopy(frame, written, bytes, b == 0 ? headerBytes : 0, chunks.get(b));
            written += chunks.get(b);
            int at = 0;
            for (final DeviceQueue.Buffer buffer : rx.chain(head))
            {
                if (!buffer.writable() || at == bytes.length)
                {
                    continue;
                }
                final int n = Math.min(buffer.length(), bytes.length - at);
                MemorySegment.copy(bytes, at, segment, ValueLayout.JAVA_BYTE, buffer.offset(), n);
                at += n;
            }
            lengths[b] = bytes.length;
        }
        for (int b = 0; b < needed; b++)
        {
            putUsed(rx, heads[b], lengths[b]);
        }
        publish(rx);
        return true;
    }

    /** {@link #deliver(int, byte[])} on pair 0. */
    public boolean deliver(final byte[] frame)
    {
        return deliver(0, frame);
    }

    private void putUsed(final DeviceRing queue, final int id, final int length)
    {
        queue.putUsed(forgeUsedId >= 0 ? forgeUsedId : id, forgeUsedLength >= 0 ? forgeUsedLength : length);
        forgeUsedId = -1;
        forgeUsedLength = -1;
    }

    private void publish(final DeviceRing queue)
    {
        queue.publishUsed(forgeUsedIdxJump);
        forgeUsedIdxJump = 0;
    }

    /**
     * Takes one frame the driver sent on pair {@code pair} (header stripped), returning its buffer as used; null
     * when none is waiting.
     */
    public byte[] takeTransmitted(final int pair)
    {
        final DeviceRing tx = queues[2 * pair + 1];
        if (!ready() || tx == null || tx.available() == 0)
        {
            return null;
        }
        final int head = tx.takeAvailable();
        final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (final DeviceQueue.Buffer buffer : tx.chain(head))
        {
            if (buffer.writable())
            {
                throw new IllegalStateException("device-writable descriptor in a transmit chain");
            }
            bytes.writeBytes(segment.asSlice(buffer.offset(), buffer.length()).toArray(ValueLayout.JAVA_BYTE));
        }
        putUsed(tx, head, 0);
        publish(tx);
        final byte[] all = bytes.toByteArray();
        return java.util.Arrays.copyOfRange(all, headerBytes(), all.length);
    }

    /**
     * VIRTIO_F_IN_ORDER's batching (2.7.9): takes up to {@code count} frames the driver sent on pair 0 (headers
     * stripped) and returns them as used with a single used entry, written where the batch's first entry would go,
     * carrying the id of the batch's last buffer; the used index moves by the whole batch.
     */
    public java.util.List<byte[]> takeTransmittedBatch(final int count)
    {
        final DeviceRing tx = queues[1];
        final java.util.List<byte[]> frames = new java.util.ArrayList<>();
        int last = -1;
        while (ready() && tx != null && tx.available() > 0 && frames.size() < count)
        {
            last = tx.takeAvailable();
            final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            for (final DeviceQueue.Buffer buffer : tx.chain(last))
            {
                bytes.writeBytes(segment.asSlice(buffer.offset(), buffer.length()).toArray(ValueLayout.JAVA_BYTE));
            }
            final byte[] all = bytes.toByteArray();
            frames.add(java.util.Arrays.copyOfRange(all, headerBytes(), all.length));
        }
        if (!frames.isEmpty())
        {
            putUsed(tx, last, 0);
            tx.publishUsed(frames.size() - 1 + forgeUsedIdxJump);
            forgeUsedIdxJump = 0;
        }
        return frames;
    }

    /** Chains made available out of ring order on queue {@code queue} while VIRTIO_F_IN_ORDER is negotiated. */
    public int inOrderViolations(final int queue)
    {
        return queues[queue] instanceof DeviceQueue split ? split.inOrderViolations() : 0;
    }

    /** {@link #takeTransmitted(int)} on pair 0. */
    public byte[] takeTransmitted()
    {
        return takeTransmitted(0);
    }

    /** Descriptors in the chain of the next frame waiting on pair 0's transmit queue (0 if none). */
    public int nextTransmitChainLength()
    {
        final DeviceRing tx = queues[1];
        return tx == null || tx.available() == 0 ? 0 : tx.chain(tx.peekAvailable(0)).size();
    }

    private void serveControl(final int queue)
    {
        final DeviceRing ctrl = queues[queue];
        if (ctrl == null)
        {
            return;
        }
        while (ctrl.available() > 0)
        {
            final int head = ctrl.takeAvailable();
            final List<DeviceQueue.Buffer> chain = ctrl.chain(head);
            final DeviceQueue.Buffer header = chain.get(0);
            final int commandClass = segment.get(ValueLayout.JAVA_BYTE, header.offset());
            final int command = segment.get(ValueLayout.JAVA_BYTE, header.offset() + 1);
            final DeviceQueue.Buffer data = chain.get(1);
            final DeviceQueue.Buffer ack = chain.get(chain.size() - 1);
            int result = 1;
            if (commandClass == 0 && command == 0)
            {
                promisc = segment.get(ValueLayout.JAVA_BYTE, data.offset()) != 0;
                result = 0;
            }
            else if (commandClass == 4 && command == 0)
            {
                final int pairs = segment.get(ValueLayout.JAVA_SHORT, data.offset()) & 0xFFFF;
                if (pairs >= 1 && pairs <= configU16(8))
                {
                    queuePairsSet = pairs;
                    result = 0;
                }
            }
            segment.set(ValueLayout.JAVA_BYTE, ack.offset(), (byte)result);
            ctrl.putUsed(head, 1);
            ctrl.publishUsed(0);
        }
    }

    // ---------------------------------------------------------------------------------------------- observations

    /** The features the driver accepted. */
    public long driverFeatures()
    {
        return driverFeatures;
    }

    /** Promiscuous mode as last set through the control queue. */
    public boolean promisc()
    {
        return promisc;
    }

    /** Queue pairs as last set through the control queue (1 until then). */
    public int queuePairsSet()
    {
        return queuePairsSet;
    }

    /** Device resets so far. */
    public long resets()
    {
        return resets;
    }

    /** Notifications the driver sent for queue {@code queue}. */
    public long notifications(final int queue)
    {
        return notifications[queue];
    }
}
