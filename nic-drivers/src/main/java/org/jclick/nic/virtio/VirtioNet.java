package org.jclick.nic.virtio;

import static org.jclick.nic.virtio.VirtioFeatures.F_ANY_LAYOUT;
import static org.jclick.nic.virtio.VirtioFeatures.F_IN_ORDER;
import static org.jclick.nic.virtio.VirtioFeatures.F_RING_EVENT_IDX;
import static org.jclick.nic.virtio.VirtioFeatures.F_RING_INDIRECT_DESC;
import static org.jclick.nic.virtio.VirtioFeatures.F_RING_PACKED;
import static org.jclick.nic.virtio.VirtioFeatures.F_VERSION_1;
import static org.jclick.nic.virtio.VirtioFeatures.NET_F_CSUM;
import static org.jclick.nic.virtio.VirtioFeatures.NET_F_CTRL_RX;
import static org.jclick.nic.virtio.VirtioFeatures.NET_F_CTRL_VQ;
import static org.jclick.nic.virtio.VirtioFeatures.NET_F_GUEST_CSUM;
import static org.jclick.nic.virtio.VirtioFeatures.NET_F_MAC;
import static org.jclick.nic.virtio.VirtioFeatures.NET_F_MQ;
import static org.jclick.nic.virtio.VirtioFeatures.NET_F_MRG_RXBUF;
import static org.jclick.nic.virtio.VirtioFeatures.NET_F_STATUS;
import static org.jclick.nic.virtio.VirtioFeatures.bit;
import static org.jclick.nic.virtio.VirtioFeatures.has;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.jclick.dataplane.packet.BufferDescriptor;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketBatch;
import org.jclick.dataplane.packet.PacketPool;

/**
 * A poll-mode virtio-net driver (virtio 1.x section 5.1, and the legacy interface) over any
 * {@link VirtioTransport}, with its rings and packet buffers in one {@link DmaMemory} region.
 *
 * <p>{@link #start()} runs the initialisation of section 3.1.1 (reset, ACKNOWLEDGE, DRIVER, feature
 * negotiation, FEATURES_OK, queues, DRIVER_OK; FAILED on error), fills the receive rings and, with a control
 * queue, sets promiscuous mode and the number of queue pairs. {@link #rxBurst} and {@link #txBurst} move packets
 * between the rings and jclick's {@link Packet packets} without copying: the packet buffers of {@link #pool()}
 * are in the device-visible region, a receive buffer is a packet's buffer with the net header in its headroom,
 * and a packet to send gets its header written just before its data (a packet from another pool is copied once;
 * a shared one is sent as a two-descriptor chain with a separate header). A frame spread over several
 * mergeable receive buffers is copied into the first one's packet.
 *
 * <p>With {@link Config#withPackedRing} (off by default) every queue is a {@link PackedVirtqueue} when the device
 * offers VIRTIO_F_RING_PACKED; otherwise {@link SplitVirtqueue}s.
 *
 * <p>A device that breaks the ring protocol (see {@link SplitVirtqueue}, {@link PackedVirtqueue}) stops the queue:
 * the counters say so and {@link #linkUp()} turns false, until {@link #reset()}.
 *
 * <p>The burst methods allocate nothing and throw nothing. A queue pair is used by one thread at a time; the
 * pool is the receiving thread's (see {@link PacketPool}): each queue pair has its own pool ({@link #pool(int)}), so
 * that with several pairs each can be driven by its own thread.
 */
public final class VirtioNet implements AutoCloseable
{
    /** Features the driver asks for when the device offers them (others are never accepted). */
    public static final long SUPPORTED_FEATURES = bit(F_VERSION_1) | bit(NET_F_MAC) | bit(NET_F_STATUS) |
        bit(NET_F_MRG_RXBUF) | bit(NET_F_CTRL_VQ) | bit(NET_F_CTRL_RX) | bit(NET_F_MQ) | bit(F_RING_EVENT_IDX) |
        bit(F_ANY_LAYOUT) | bit(NET_F_CSUM) | bit(NET_F_GUEST_CSUM) | bit(F_RING_INDIRECT_DESC) | bit(F_IN_ORDER);

    /** Entries of a transmit queue's indirect tables (header + frame of a chained packet). */
    private static final int TX_INDIRECT_ENTRIES = 2;

    /** Config space offsets (5.1.4). */
    public static final int CONFIG_MAC = 0;
    public static final int CONFIG_STATUS = 6;
    public static final int CONFIG_MAX_VIRTQUEUE_PAIRS = 8;
    /** Config status bit: link up (5.1.4). */
    public static final int S_LINK_UP = 1;

    static final int CTRL_RX = 0;
    static final int CTRL_RX_PROMISC = 0;
    static final int CTRL_RX_ALLMULTI = 1;
    static final int CTRL_MQ = 4;
    static final int CTRL_MQ_VQ_PAIRS_SET = 0;
    static final int CTRL_OK = 0;

    private static final int CTRL_QUEUE_SIZE = 16;
    private static final long CTRL_TIMEOUT_NS = 1_000_000_000L;

    /**
     * Driver settings. {@code packedRing}: negotiate VIRTIO_F_RING_PACKED when the device offers it (then every
     * queue, the control queue too, is a {@link PackedVirtqueue}); off by default, and without the device's offer
     * the driver falls back to split rings ({@link #packedRing()} says which is in use).
     */
    public record Config(
        int queueSize, int queuePairs, int bufferSizeBytes, int headroomBytes, long featureMask, boolean promisc,
        boolean packedRing)
    {
        /** Split rings (the settings before packed rings existed). */
        public Config(
            final int queueSize, final int queuePairs, final int bufferSizeBytes, final int headroomBytes,
            final long featureMask, final boolean promisc)
        {
            this(queueSize, queuePairs, bufferSizeBytes, headroomBytes, featureMask, promisc, false);
        }

        /** 256-entry rings, one pair, 2 KiB buffers with 128 bytes of headroom, every supported feature, split. */
        public static Config defaults()
        {
            return new Config(256, 1, BufferDescriptor.DEFAULT_BUFFER_SIZE_BYTES,
                BufferDescriptor.DEFAULT_HEADROOM_BYTES, SUPPORTED_FEATURES, false, false);
        }

        public Config withQueueSize(final int size)
        {
            return new Config(size, queuePairs, bufferSizeBytes, headroomBytes, featureMask, promisc, packedRing);
        }

        public Config withQueuePairs(final int pairs)
        {
            return new Config(queueSize, pairs, bufferSizeBytes, headroomBytes, featureMask, promisc, packedRing);
        }

        public Config withFeatureMask(final long mask)
        {
            return new Config(queueSize, queuePairs, bufferSizeBytes, headroomBytes, mask, promisc, packedRing);
        }

        public Config withPromisc(final boolean on)
        {
            return new Config(queueSize, queuePairs, bufferSizeBytes, headroomBytes, featureMask, on, packedRing);
        }

        /** Asks for packed virtqueues (VIRTIO_F_RING_PACKED) when the device offers them. */
        public Config withPackedRing(final boolean on)
        {
            return new Config(queueSize, queuePairs, bufferSizeBytes, headroomBytes, featureMask, promisc, on);
        }

        /** Packet buffers: both rings of every pair full, plus as many again for packets in the graph. */
        public int bufferCount()
        {
            return 4 * queueSize * queuePairs;
        }
    }

    private final VirtioTransport transport;
    private final DmaMemory memory;
    private final Config config;
    private final MemorySegment segment;
    private final long ctrlQueueOffset;
    private final long ctrlBufferOffset;
    private final long txHeaderOffset;
    private final long slabOffset;
    private final long txIndirectOffset;
    private final int bufferShift;
    /** Per queue pair: its pool of device-visible buffers and the offset of its slab in the region. */
    private final PacketPool[] pools;
    private final long[] pairSlabOffsets;

    private final Virtqueue[] rxQueues;
    private final Virtqueue[] txQueues;
    private final Packet[][] rxPackets;
    private final Packet[][] txPackets;
    private Virtqueue ctrlQueue;
    private boolean packed;

    private long features;
    private int headerBytes;
    private boolean mergeable;
    private boolean separateHeader;
    private boolean guestCsum;
    private boolean started;
    private boolean failed;
    /** VIRTIO_F_IN_ORDER negotiated (split rings): transmit buffers are taken back by the used index alone. */
    private boolean inOrder;
    private int activePairs;
    /** Free receive descriptors that trigger a refill: min(32, size / 4). */
    private int refillThreshold = 1;
    /** Free transmit descriptors below which a burst first takes back the sent ones: min(32, size / 8). */
    private int txFreeThreshold = 1;

    /** Counter slots of a queue pair in {@link #counters}: one 128-byte stride each (no false sharing). */
    private static final int C_RX_PACKETS = 0;
    private static final int C_RX_BYTES = 1;
    private static final int C_TX_PACKETS = 2;
    private static final int C_TX_BYTES = 3;
    private static final int C_RX_DROPS = 4;
    private static final int C_TX_DROPS = 5;
    private static final int C_RING_FULL = 6;
    private static final int C_RX_NO_BUFFER = 7;
    private static final int COUNTER_STRIDE = 16;
    /** Per queue pair (written only by the thread driving it), at {@code queue * COUNTER_STRIDE + C_...}. */
    private final long[] counters;
    private long deviceErrorCount;

    /**
     * A driver for the device behind {@code transport}, using {@code memory} (at least
     * {@link #requiredBytes(Config)}). Call {@link #start()}.
     */
    public VirtioNet(final VirtioTransport transport, final DmaMemory memory, final Config config)
    {
        this.transport = transport;
        this.memory = memory;
        this.config = config;
        this.segment = memory.segment();
        VirtqueueLayout.checkSize(config.queueSize());
        if (config.queuePairs() < 1 || config.queuePairs() > 64)
        {
            throw new IllegalArgumentException("queue pairs must be in [1, 64]: " + config.queuePairs());
        }
        if (memory.segment().byteSize() < requiredBytes(config))
        {
            throw new IllegalArgumentException("DMA region of " + memory.segment().byteSize() + " bytes; " +
                requiredBytes(config) + " needed");
        }
        final int pairs = config.queuePairs();
        final long queueBytes = VirtqueueLayout.footprintBytes(config.queueSize());
        ctrlQueueOffset = 2L * pairs * queueBytes;
        ctrlBufferOffset = ctrlQueueOffset + VirtqueueLayout.footprintBytes(CTRL_QUEUE_SIZE);
        txHeaderOffset = ctrlBufferOffset + 2048;
        slabOffset = ctrlBufferOffset + 4096;
        bufferShift = BufferDescriptor.bufferShift(config.bufferSizeBytes());
        txIndirectOffset = slabOffset + ((long)config.bufferCount() << bufferShift);
        final int pairBuffers = config.bufferCount() / pairs;
        pools = new PacketPool[pairs];
        pairSlabOffsets = new long[pairs];
        for (int q = 0; q < pairs; q++)
        {
            pairSlabOffsets[q] = slabOffset + ((long)q * pairBuffers << bufferShift);
            final MemorySegment slab = segment.asSlice(pairSlabOffsets[q], (long)pairBuffers << bufferShift);
            pools[q] = PacketPool.wrap(slab, config.bufferSizeBytes(), config.headroomBytes(), 2 * pairBuffers);
        }
        rxQueues = new Virtqueue[pairs];
        txQueues = new Virtqueue[pairs];
        rxPackets = new Packet[pairs][config.queueSize()];
        counters = new long[(pairs + 1) * COUNTER_STRIDE];
        txPackets = new Packet[pairs][config.queueSize()];
    }

    /** Bytes of DMA memory a driver with {@code config} needs (rings, control buffers, packet buffers). */
    public static long requiredBytes(final Config config)
    {
        return 2L * config.queuePairs() * VirtqueueLayout.footprintBytes(config.queueSize()) +
            VirtqueueLayout.footprintBytes(CTRL_QUEUE_SIZE) + 4096 +
            ((long)config.bufferCount() * config.bufferSizeBytes()) +
            (long)config.queuePairs() * config.queueSize() * TX_INDIRECT_ENTRIES * VirtqueueLayout.DESC_SIZE_BYTES;
    }

    // ---------------------------------------------------------------------------------------------- setup

    /**
     * Initialises the device (section 3.1.1) and fills the receive rings. Throws (after setting FAILED) when the
     * device refuses the features or lacks a queue.
     */
    public void start()
    {
        started = false;
        failed = false;
        transport.reset();
        int status = VirtioFeatures.STATUS_ACKNOWLEDGE;
        transport.setStatus(status);
        status |= VirtioFeatures.STATUS_DRIVER;
        transport.setStatus(status);
        try
        {
            final long offered = transport.deviceFeatures();
            long wanted = offered & config.featureMask() & SUPPORTED_FEATURES;
            if (config.packedRing() && !transport.legacy() && has(offered, F_RING_PACKED))
            {
                wanted |= bit(F_RING_PACKED); // 2.8: the device then uses packed rings for every queue
                wanted &= ~bit(F_IN_ORDER); // supported on split rings only
            }
            if (transport.legacy())
            {
                wanted &= 0xFFFF_FFFFL;
            }
            else if (!has(offered, F_VERSION_1))
            {
                throw new IllegalStateException(transport.name() + ": a modern transport without VERSION_1");
            }
            if (!has(wanted, NET_F_CTRL_VQ))
            {
                wanted &= ~(bit(NET_F_CTRL_RX) | bit(NET_F_MQ));
            }
            if (config.queuePairs() == 1)
            {
                wanted &= ~bit(NET_F_MQ);
            }
            else if (!has(wanted, NET_F_MQ))
            {
                throw new IllegalStateException(transport.name() + ": " + config.queuePairs() +
                    " queue pairs asked, but the device does not offer MQ with a control queue");
            }
            transport.setDriverFeatures(wanted);
            features = wanted;
            if (!transport.legacy())
            {
                status |= VirtioFeatures.STATUS_FEATURES_OK;
                transport.setStatus(status);
                if ((transport.status() & VirtioFeatures.STATUS_FEATURES_OK) == 0)
                {
                    throw new IllegalStateException(transport.name() + " refused the features " +
                        VirtioFeatures.describe(wanted));
                }
            }
            packed = has(wanted, F_RING_PACKED);
            headerBytes = VirtioNetHeader.sizeBytes(wanted);
            mergeable = has(wanted, NET_F_MRG_RXBUF);
            guestCsum = has(wanted, NET_F_GUEST_CSUM);
            separateHeader = transport.legacy() && !has(wanted, F_ANY_LAYOUT);
            if (has(wanted, NET_F_MQ))
            {
                final int maxPairs = transport.configU16(CONFIG_MAX_VIRTQUEUE_PAIRS);
                if (maxPairs < config.queuePairs())
                {
                    throw new IllegalStateException(transport.name() + " has " + maxPairs + " queue pairs, " +
                        config.queuePairs() + " asked");
                }
            }
            final boolean eventIdx = has(wanted, F_RING_EVENT_IDX);
            inOrder = has(wanted, F_IN_ORDER);
            final long queueBytes = VirtqueueLayout.footprintBytes(config.queueSize());
            for (int q = 0; q < config.queuePairs(); q++)
            {
                rxQueues[q] = setupQueue(2 * q, config.queueSize(), 2L * q * queueBytes, eventIdx);
                txQueues[q] = setupQueue(2 * q + 1, config.queueSize(), (2L * q + 1) * queueBytes, eventIdx);
                if (has(wanted, F_RING_INDIRECT_DESC))
                {
                    // only chained packets (shared, or without headroom for the header) use it: the fast path
                    // is one descriptor per packet already, with the header in the buffer's headroom
                    txQueues[q].enableIndirect(txIndirectOffset + (long)q * config.queueSize() *
                        TX_INDIRECT_ENTRIES * VirtqueueLayout.DESC_SIZE_BYTES, TX_INDIRECT_ENTRIES);
                }
            }
            if (has(wanted, NET_F_CTRL_VQ))
            {
                final int ctrlIndex = has(wanted, NET_F_MQ) ?
                    2 * transport.configU16(CONFIG_MAX_VIRTQUEUE_PAIRS) : 2;
                ctrlQueue = setupQueue(ctrlIndex, CTRL_QUEUE_SIZE, ctrlQueueOffset, eventIdx);
                ctrlQueue.notifyChecks(true); // always notified (e.g. vhost-user's control queue is emulated there)
            }
            segment.asSlice(txHeaderOffset, 16).fill((byte)0);
            status |= VirtioFeatures.STATUS_DRIVER_OK;
            transport.setStatus(status);
        }
        catch (final RuntimeException e)
        {
            failed = true;
            transport.setStatus(status | VirtioFeatures.STATUS_FAILED);
            throw e;
        }
        activePairs = 1;
        refillThreshold = Math.max(1, Math.min(32, rxQueues[0].size() / 4));
        txFreeThreshold = Math.max(1, Math.min(32, txQueues[0].size() / 8));
        for (int q = 0; q < config.queuePairs(); q++)
        {
            refill(q);
        }
        started = true;
        if (ctrlQueue != null)
        {
            if (config.queuePairs() > 1 && !sendControl(CTRL_MQ, CTRL_MQ_VQ_PAIRS_SET, config.queuePairs(), 2))
            {
                throw new IllegalStateException(transport.name() + " refused " + config.queuePairs() + " queue pairs");
            }
            if (config.promisc() && has(features, NET_F_CTRL_RX))
            {
                sendControl(CTRL_RX, CTRL_RX_PROMISC, 1, 1);
            }
        }
        activePairs = config.queuePairs();
    }

    private Virtqueue setupQueue(final int index, final int wantedSize, final long offset, final boolean eventIdx)
    {
        final int maxSize = transport.queueMaxSize(index);
        if (maxSize == 0)
        {
            throw new IllegalStateException(transport.name() + " has no queue " + index);
        }
        // a device may offer fewer entries (legacy devices fix the size: use theirs if not larger)
        final int size = Math.min(wantedSize, Integer.highestOneBit(maxSize));
        // a packed queue (ring + two 4-byte event areas) fits the split queue's footprint at the same offset
        final Virtqueue queue = packed ?
            new PackedVirtqueue(index, size, memory, offset, eventIdx) :
            new SplitVirtqueue(index, size, memory, offset, eventIdx);
        queue.notifyChecks(transport.notifiesDevice());
        queue.inOrder(inOrder);
        transport.setupQueue(index, size, queue.descAddress(), queue.availAddress(), queue.usedAddress());
        return queue;
    }

    /**
     * Sends a control command with a {@code dataBytes}-byte little-endian value (setup time; polls up to 1 s).
     * Returns whether the device acknowledged it with VIRTIO_NET_OK.
     */
    public boolean sendControl(final int commandClass, final int command, final long value, final int dataBytes)
    {
        if (ctrlQueue == null || ctrlQueue.stopped())
        {
            return false;
        }
        final long header = ctrlBufferOffset;
        final long data = ctrlBufferOffset + 16;
        final long ack = ctrlBufferOffset + 1024;
        segment.set(ValueLayout.JAVA_BYTE, header, (byte)commandClass);
        segment.set(ValueLayout.JAVA_BYTE, header + 1, (byte)command);
        for (int i = 0; i < dataBytes; i++)
        {
            segment.set(ValueLayout.JAVA_BYTE, data + i, (byte)(value >>> (8 * i)));
        }
        segment.set(ValueLayout.JAVA_BYTE, ack, (byte)0xFF);
        if (ctrlQueue.add3(memory.deviceAddress(header), 2, memory.deviceAddress(data), dataBytes,
            memory.deviceAddress(ack), 1) < 0)
        {
            return false;
        }
        if (ctrlQueue.publish())
        {
            transport.notifyQueue(ctrlQueue.queueIndex());
        }
        final long deadlineNs = System.nanoTime() + CTRL_TIMEOUT_NS;
        while (ctrlQueue.pendingUsed() == 0)
        {
            if (ctrlQueue.stopped() || System.nanoTime() - deadlineNs > 0)
            {
                return false;
            }
            Thread.onSpinWait();
        }
        return ctrlQueue.takeUsed() >= 0 && segment.get(ValueLayout.JAVA_BYTE, ack) == CTRL_OK;
    }

    /** Promiscuous mode through the control queue (CTRL_RX); false if the device lacks it or refused. */
    public boolean setPromisc(final boolean on)
    {
        return has(features, NET_F_CTRL_RX) && sendControl(CTRL_RX, CTRL_RX_PROMISC, on ? 1 : 0, 1);
    }

    /**
     * Resets the device (every buffer in flight comes back to the pool) and starts it again, clearing stopped
     * queues. Counters are kept.
     */
    public void reset()
    {
        transport.reset();
        releaseBuffers();
        start();
    }

    private void releaseBuffers()
    {
        started = false;
        for (int q = 0; q < rxPackets.length; q++)
        {
            killAll(rxPackets[q]);
            killAll(txPackets[q]);
        }
    }

    private static void killAll(final Packet[] packets)
    {
        for (int i = 0; i < packets.length; i++)
        {
            if (packets[i] != null)
            {
                packets[i].kill();
                packets[i] = null;
            }
        }
    }

    /** Resets the device, returns every buffer to the pool and closes the transport. */
    @Override
    public void close()
    {
        try
        {
            transport.reset();
        }
        catch (final RuntimeException ignored)
        {
            // the peer may be gone already; the buffers are released below regardless
        }
        releaseBuffers();
        transport.close();
    }

    // ---------------------------------------------------------------------------------------------- receive

    /**
     * Moves up to {@code max} received frames of queue pair {@code queue} into {@code batch} (as far as it has
     * room) and refills the receive ring. Returns the number added.
     */
    public int rxBurst(final int queue, final PacketBatch batch, final int max)
    {
        final Virtqueue rx = rxQueues[queue];
        if (!started || rx.stopped())
        {
            return 0;
        }
        final Packet[] posted = rxPackets[queue];
        final int headerBytes = this.headerBytes;
        int count = 0;
        int pending = rx.pendingUsed();
        while (pending > 0 && count < max && !batch.isFull())
        {
            final int id = rx.peekUsedId(0);
            if (id < 0)
            {
                break;
            }
            final int usedBytes = rx.peekUsedLength(0);
            final Packet packet = posted[id];
            if (usedBytes < headerBytes)
            {
                deviceError(rx);
                break;
            }
            final MemorySegment buffer = packet.buffer();
            final long headerOffset = packet.dataOffset() - headerBytes;
            int buffers = 1;
            if (mergeable)
            {
                buffers = buffer.get(ValueLayout.JAVA_SHORT, headerOffset + VirtioNetHeader.NUM_BUFFERS) & 0xFFFF;
                if (buffers == 0 || buffers > rx.inFlight())
                {
                    deviceError(rx);
                    break;
                }
                if (buffers > pending)
                {
                    break; // the rest of the frame is not returned yet
                }
            }
            final int flags = buffer.get(ValueLayout.JAVA_BYTE, headerOffset + VirtioNetHeader.FLAGS);
            final int csumStart = buffer.get(ValueLayout.JAVA_SHORT, headerOffset + VirtioNetHeader.CSUM_START) & 0xFFFF;
            final int csumOffset = buffer.get(ValueLayout.JAVA_SHORT, headerOffset + VirtioNetHeader.CSUM_OFFSET) & 0xFFFF;
            rx.takeUsed();
            posted[id] = null;
            pending--;
            packet.take(packet.length() - (usedBytes - headerBytes));
            Packet frame = packet;
            for (int b = 1; b < buffers; b++)
            {
                final int nextId = rx.peekUsedId(0);
                if (nextId < 0)
                {
                    break;
                }
                final int nextBytes = rx.peekUsedLength(0);
                rx.takeUsed();
                pending--;
                final Packet part = posted[nextId];
                posted[nextId] = null;
                if (frame != null)
                {
                    final int at = frame.length();
                    frame = frame.put(nextBytes);
                    if (frame != null)
                    {
                        // a continuation buffer holds data from where it was posted (no header of its own)
                        frame.copyFrom(at, part.buffer(), part.dataOffset() - headerBytes, nextBytes);
                    }
                }
                part.kill();
            }
            if (rx.stopped() || frame == null)
            {
                counters[queue * COUNTER_STRIDE + C_RX_DROPS]++;
                if (frame != null)
                {
                    frame.kill();
                }
                if (rx.stopped())
                {
                    break;
                }
                continue;
            }
            if ((flags & VirtioNetHeader.F_NEEDS_CSUM) != 0 && guestCsum && !completeChecksum(frame, csumStart, csumOffset))
            {
                counters[queue * COUNTER_STRIDE + C_RX_DROPS]++;
                frame.kill();
                continue;
            }
            counters[queue * COUNTER_STRIDE + C_RX_PACKETS]++;
            counters[queue * COUNTER_STRIDE + C_RX_BYTES] += frame.length();
            batch.add(frame);
            count++;
        }
        if (rx.freeDescriptors() >= refillThreshold)
        {
            refill(queue); // in batches (as DPDK's rx_free_thresh): one publish and fence per refill
        }
        return count;
    }

    /**
     * When idle: blocks until the device notifies a used receive buffer on queue pair {@code queue} or
     * {@code timeoutNs} pass, if the transport can ({@link VirtioTransport#notifiesDriver()}, e.g. vhost-user with
     * eventfds); returns at once, false, otherwise or when frames are already waiting. Returns whether a
     * notification came. Allocation-free; the queue is back in polling mode on return.
     */
    public boolean rxWait(final int queue, final long timeoutNs)
    {
        final Virtqueue rx = rxQueues[queue];
        if (!started || rx.stopped() || !transport.notifiesDriver())
        {
            return false;
        }
        boolean notified = false;
        if (rx.enableNotification())
        {
            notified = transport.awaitNotification(rx.queueIndex(), timeoutNs);
        }
        rx.disableNotification();
        return notified;
    }

    private void deviceError(final Virtqueue queue)
    {
        deviceErrorCount++;
        queue.fail(SplitVirtqueue.ERROR_DEVICE);
    }

    /** Completes a partial checksum (NEEDS_CSUM, 5.1.6.4): the ones' complement sum from csumStart to the end. */
    private static boolean completeChecksum(final Packet frame, final int csumStart, final int csumOffset)
    {
        final int length = frame.length();
        if (csumStart + csumOffset + 2 > length)
        {
            return false;
        }
        long sum = 0;
        int i = csumStart;
        for (; i + 1 < length; i += 2)
        {
            sum += frame.u16(i);
        }
        if (i < length)
        {
            sum += frame.u8(i) << 8;
        }
        while ((sum >>> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        // the field holds the pseudo-header sum already (it was included above): store the complement
        frame.setU16(csumStart + csumOffset, (int)(~sum & 0xFFFF));
        return true;
    }

    private void refill(final int queue)
    {
        final Virtqueue rx = rxQueues[queue];
        if (rx.stopped())
        {
            return;
        }
        final Packet[] posted = rxPackets[queue];
        final PacketPool pool = pools[queue];
        final long pairSlabOffset = pairSlabOffsets[queue];
        final int headerBytes = this.headerBytes;
        final int frameBytes = config.bufferSizeBytes() - config.headroomBytes();
        boolean added = false;
        while (rx.freeDescriptors() > (separateHeader ? 1 : 0))
        {
            final Packet packet = pool.make(frameBytes);
            if (packet == null)
            {
                counters[queue * COUNTER_STRIDE + C_RX_NO_BUFFER]++;
                break;
            }
            final long dataAddress = memory.deviceAddress(
                pairSlabOffset + ((long)packet.bufferIndex() << bufferShift) + packet.dataOffset());
            final int id = separateHeader ?
                rx.add2(dataAddress - headerBytes, headerBytes, true, dataAddress, frameBytes, true) :
                rx.add(dataAddress - headerBytes, frameBytes + headerBytes, true);
            if (id < 0)
            {
                packet.kill();
                break;
            }
            posted[id] = packet;
            added = true;
        }
        if (added && rx.publish())
        {
            transport.notifyQueue(rx.queueIndex());
        }
    }

    // ---------------------------------------------------------------------------------------------- transmit

    /**
     * Sends the packets of {@code batch} on queue pair {@code queue} in order, as far as the ring has room, and
     * first takes back the packets the device finished sending. The packets sent are removed from the batch
     * (the driver kills them once the device is done); those left (ring full) stay in it, in order, for the
     * caller to retry or drop. Returns the number sent.
     */
    public int txBurst(final int queue, final PacketBatch batch)
    {
        final Virtqueue tx = txQueues[queue];
        if (!started || tx.stopped())
        {
            return 0;
        }
        final int total = batch.size();
        if (tx.freeDescriptors() < Math.max(total, txFreeThreshold))
        {
            // lazily, as DPDK's tx_free_thresh: the used ring (a cache line the device writes) is read only when
            // the free descriptors run short, and then the whole backlog is taken back at once
            reclaim(tx, txPackets[queue], pools[queue]);
        }
        if (tx.stopped())
        {
            return 0; // the device broke the protocol while giving buffers back
        }
        final Packet[] sending = txPackets[queue];
        final PacketPool pool = pools[queue];
        final long pairSlabOffset = pairSlabOffsets[queue];
        final int headerBytes = this.headerBytes;
        long sentBytes = 0;
        int sent = 0;
        for (; sent < total; sent++)
        {
            Packet packet = batch.get(sent);
            if (packet.bufferPool() != pool)
            {
                // not in the device-visible region: copied once into a buffer of this driver's pool
                if (tx.freeDescriptors() < (separateHeader ? 2 : 1))
                {
                    counters[queue * COUNTER_STRIDE + C_RING_FULL]++;
                    break;
                }
                final Packet copy = pool.make(packet.length());
                if (copy == null)
                {
                    break;
                }
                copy.copyFrom(0, packet.buffer(), packet.dataOffset(), packet.length());
                packet.kill();
                batch.set(sent, copy);
                packet = copy;
            }
            final boolean chained = separateHeader || packet.shared() || packet.headroom() < headerBytes;
            final boolean indirect = chained && tx.indirectEntries() != 0;
            if (tx.freeDescriptors() < (chained && !indirect ? 2 : 1))
            {
                counters[queue * COUNTER_STRIDE + C_RING_FULL]++;
                break;
            }
            final int length = packet.length();
            final long dataAddress = memory.deviceAddress(
                pairSlabOffset + ((long)packet.bufferIndex() << bufferShift) + packet.dataOffset());
            final int id;
            if (chained)
            {
                final long headerAddress = memory.deviceAddress(txHeaderOffset);
                id = indirect ?
                    tx.add2Indirect(headerAddress, headerBytes, false, dataAddress, length, false) :
                    tx.add2(headerAddress, headerBytes, false, dataAddress, length, false);
            }
            else
            {
                final MemorySegment buffer = packet.buffer();
                final long headerOffset = packet.dataOffset() - headerBytes;
                buffer.set(ValueLayout.JAVA_LONG_UNALIGNED, headerOffset, 0L);
                if (headerBytes == VirtioNetHeader.SIZE_BYTES)
                {
                    buffer.set(ValueLayout.JAVA_INT_UNALIGNED, headerOffset + 8, 0); // bytes 8..11 in one store
                }
                else
                {
                    buffer.set(ValueLayout.JAVA_SHORT_UNALIGNED, headerOffset + 8, (short)0);
                }
                id = tx.add(dataAddress - headerBytes, length + headerBytes, false);
            }
            if (id < 0)
            {
                break; // cannot happen: room was checked and the queue is running
            }
            sending[id] = packet;
            sentBytes += length;
        }
        if (sent > 0)
        {
            counters[queue * COUNTER_STRIDE + C_TX_PACKETS] += sent;
            counters[queue * COUNTER_STRIDE + C_TX_BYTES] += sentBytes;
            if (tx.publish())
            {
                transport.notifyQueue(tx.queueIndex());
            }
            for (int i = sent; i < total; i++)
            {
                batch.set(i - sent, batch.get(i));
            }
            batch.truncate(total - sent);
        }
        return sent;
    }

    private static void reclaim(final Virtqueue tx, final Packet[] sending, final PacketPool pool)
    {
        if (tx.inOrder())
        {
            // VIRTIO_F_IN_ORDER: everything below the used index is done, in the order it was made available; the
            // used entries (cache lines the device writes) are not read, and the packets go back to the pool in
            // bulk. Non-head slots of a chain hold null (skipped by killAll).
            final int first = tx.oldestHead();
            final int freed = tx.takeUsedInOrder();
            if (freed > 0)
            {
                final int toEnd = Math.min(freed, tx.size() - first); // the queue may be smaller than asked
                pool.killAll(sending, first, toEnd);
                if (freed > toEnd)
                {
                    pool.killAll(sending, 0, freed - toEnd);
                }
            }
            return;
        }
        for (int pending = tx.pendingUsed(); pending > 0; pending--)
        {
            final int id = tx.takeUsed();
            if (id < 0)
            {
                return;
            }
            sending[id].kill();
            sending[id] = null;
        }
    }

    /** Takes back the packets the device finished sending on queue pair {@code queue}; returns those in flight. */
    public int txReclaim(final int queue)
    {
        reclaim(txQueues[queue], txPackets[queue], pools[queue]);
        return txQueues[queue].inFlight();
    }

    /** Counts {@code n} packets the caller dropped for want of ring room (part of {@link #txDrops()}). */
    public void countTxDrops(final int n)
    {
        countTxDrops(0, n);
    }

    /** Counts {@code n} packets the caller dropped on queue pair {@code queue} for want of ring room. */
    public void countTxDrops(final int queue, final int n)
    {
        counters[queue * COUNTER_STRIDE + C_TX_DROPS] += n;
    }

    private long sum(final int counter)
    {
        long total = 0;
        for (int q = 0; q < rxQueues.length; q++)
        {
            total += counters[q * COUNTER_STRIDE + counter];
        }
        return total;
    }

    // ---------------------------------------------------------------------------------------------- state

    public VirtioTransport transport()
    {
        return transport;
    }

    /**
     * Queue pair 0's pool, whose buffers are device-visible: its receive packets come from it; sending its packets
     * on pair 0 is zero-copy.
     */
    public PacketPool pool()
    {
        return pools[0];
    }

    /** Queue pair {@code queue}'s pool (used by the thread that drives that pair). */
    public PacketPool pool(final int queue)
    {
        return pools[queue];
    }

    /** The negotiated features. */
    public long features()
    {
        return features;
    }

    /** Net header size in use (10 or 12). */
    public int headerBytes()
    {
        return headerBytes;
    }

    /** Queue pairs in use. */
    public int queuePairs()
    {
        return activePairs;
    }

    /** Whether VIRTIO_F_IN_ORDER was negotiated (split rings only). */
    public boolean inOrder()
    {
        return inOrder;
    }

    /** Whether the queues are packed (VIRTIO_F_RING_PACKED negotiated). */
    public boolean packedRing()
    {
        return packed;
    }

    /** The receive queue of pair {@code queue} (for tests and diagnostics). */
    public Virtqueue rxQueue(final int queue)
    {
        return rxQueues[queue];
    }

    /** The transmit queue of pair {@code queue}. */
    public Virtqueue txQueue(final int queue)
    {
        return txQueues[queue];
    }

    /** Whether {@link #start()} succeeded. */
    public boolean started()
    {
        return started;
    }

    /**
     * Link status: started, no queue stopped by a protocol error, and (with STATUS) the device's config status
     * says up. Reads the config space: not for the packet path.
     */
    public boolean linkUp()
    {
        if (!started || failed)
        {
            return false;
        }
        for (int q = 0; q < rxQueues.length; q++)
        {
            if (rxQueues[q].stopped() || txQueues[q].stopped())
            {
                return false;
            }
        }
        return !has(features, NET_F_STATUS) || (transport.configU16(CONFIG_STATUS) & S_LINK_UP) != 0;
    }

    /** The device's MAC address (config space, with MAC), or null. */
    public byte[] macAddress()
    {
        if (!has(features, NET_F_MAC))
        {
            return null;
        }
        final byte[] mac = new byte[6];
        for (int i = 0; i < 6; i++)
        {
            mac[i] = (byte)transport.configU8(CONFIG_MAC + i);
        }
        return mac;
    }

    public long rxPackets()
    {
        return sum(C_RX_PACKETS);
    }

    /** Counter names of {@link #counter(int, String)}. */
    public static final String[] COUNTER_NAMES = {"rx_packets", "rx_bytes", "tx_packets", "tx_bytes", "rx_drops",
        "tx_drops", "ring_full", "rx_no_buffer"};

    /**
     * Counter {@code name} (one of {@link #COUNTER_NAMES}, in that slot order) of queue pair {@code queue}, or summed
     * over every pair when {@code queue < 0}. Not for the packet path (reads other threads' counters racily).
     */
    public long counter(final int queue, final String name)
    {
        int slot = -1;
        for (int i = 0; i < COUNTER_NAMES.length; i++)
        {
            if (COUNTER_NAMES[i].equals(name))
            {
                slot = i;
            }
        }
        if (slot < 0)
        {
            throw new IllegalArgumentException(name);
        }
        return queue < 0 ? sum(slot) : counters[queue * COUNTER_STRIDE + slot];
    }

    /** Frames received on queue pair {@code queue}. */
    public long rxPackets(final int queue)
    {
        return counters[queue * COUNTER_STRIDE + C_RX_PACKETS];
    }

    /** Frames sent on queue pair {@code queue}. */
    public long txPackets(final int queue)
    {
        return counters[queue * COUNTER_STRIDE + C_TX_PACKETS];
    }

    public long rxBytes()
    {
        return sum(C_RX_BYTES);
    }

    public long txPackets()
    {
        return sum(C_TX_PACKETS);
    }

    public long txBytes()
    {
        return sum(C_TX_BYTES);
    }

    /** Received frames dropped (merge failed for want of buffers, bad checksum request). */
    public long rxDrops()
    {
        return sum(C_RX_DROPS);
    }

    /** Packets the caller dropped for want of room (see {@link #countTxDrops}). */
    public long txDrops()
    {
        return sum(C_TX_DROPS);
    }

    /** Times a transmit burst found the ring full. */
    public long ringFullEvents()
    {
        return sum(C_RING_FULL);
    }

    /** Times the receive ring could not be refilled for want of packet buffers. */
    public long rxNoBufferEvents()
    {
        return sum(C_RX_NO_BUFFER);
    }

    /** Protocol violations by the device, over every queue. */
    public long protocolErrors()
    {
        long errors = 0;
        for (int q = 0; q < rxQueues.length; q++)
        {
            if (rxQueues[q] != null)
            {
                errors += rxQueues[q].protocolErrors() + txQueues[q].protocolErrors();
            }
        }
        return errors + (ctrlQueue == null ? 0 : ctrlQueue.protocolErrors());
    }
}
