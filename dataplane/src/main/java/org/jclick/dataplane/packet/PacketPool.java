package org.jclick.dataplane.packet;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * A fixed pool of packet buffers in one off-heap slab, and of the {@link Packet} flyweights that use them.
 *
 * <p>Everything is preallocated by the constructor: {@code bufferCount} buffers of {@code bufferSizeBytes} (a
 * power of two, laid out by {@link BufferDescriptor}) and {@code packetCount} packet objects ({@code >=
 * bufferCount}: the extra ones serve {@link Packet#clone()}). After construction the pool allocates nothing.
 * When it runs out, {@link #make(int)} and the operations that need a buffer return {@code null} and the pool
 * counts the failure ({@link #exhaustionCount()}); nothing is thrown.
 *
 * <p>The slab is either allocated by the pool (from a shared {@link Arena} that {@link #close()} frees) or given
 * to it (e.g. memory shared with a vhost-user peer or mapped for a device), so packet data lives at a known
 * native address: {@link Packet#dataAddress()}.
 *
 * <h2>Threads</h2>
 * A pool, and every packet it hands out, is confined to one thread: its owner, which runs the elements that use
 * it. Reference counts and free lists are plain fields. When a packet is handed to another thread (e.g. to a
 * transmit queue served by another core), that thread must not {@link Packet#kill()} it; it calls
 * {@link #killFromOtherThread(Packet)}, which puts the packet on a bounded lock-free multi-producer,
 * single-consumer queue, and the owner frees it in {@link #drainOtherThreadKills()}, which it calls regularly
 * (e.g. once per poll-loop turn). The owner is the only thread touching the free lists and reference counts.
 */
public final class PacketPool implements AutoCloseable
{
    private final Arena arena;
    private final MemorySegment slab;
    private final int bufferCount;
    private final int bufferSizeBytes;
    private final int bufferShift;
    private final int headroomBytes;

    private final MemorySegment[] buffers;
    private final int[] refCounts;
    private final int[] freeBuffers;
    private int freeBufferCount;
    private final Packet[] freePackets;
    private int freePacketCount;

    private final MpscPacketQueue otherThreadKills;
    /**
     * The thread that owns this pool while a router runs (null otherwise: then any one thread at a time may use
     * it). Written only before that thread starts or by that thread, so every thread that can hold one of its
     * packets sees it.
     */
    Thread owner;
    /** The allocator this pool is a chunk of, or null: where a packet that outgrows its buffer finds a larger one. */
    PacketAllocator allocator;
    /** Shared with the other pools of an allocator: kills queued from other threads, so the owner drains only then. */
    java.util.concurrent.atomic.AtomicLong crossKills;

    private long bufferExhaustionCount;
    private long packetExhaustionCount;
    private long oversizeCount;
    /** Packets made (not clones); read by other threads for progress displays, so a torn read only shows late. */
    private long madeCount;

    /**
     * A pool with its own slab of {@code bufferCount} buffers, {@code 2 * bufferCount} packet objects and a
     * queue of {@code bufferCount} (rounded up to a power of two) for kills from other threads.
     */
    public static PacketPool allocate(final int bufferCount, final int bufferSizeBytes, final int headroomBytes)
    {
        return allocate(bufferCount, bufferSizeBytes, headroomBytes, 2 * bufferCount);
    }

    /** A pool with its own slab, freed by {@link #close()}. */
    public static PacketPool allocate(
        final int bufferCount, final int bufferSizeBytes, final int headroomBytes, final int packetCount)
    {
        BufferDescriptor.bufferShift(bufferSizeBytes);
        if (bufferCount <= 0)
        {
            throw new IllegalArgumentException("bufferCount must be positive: " + bufferCount);
        }
        final Arena arena = Arena.ofShared();
        try
        {
            final MemorySegment slab = arena.allocate(
                (long)bufferCount * bufferSizeBytes, BufferDescriptor.SLAB_ALIGNMENT_BYTES);
            return new PacketPool(arena, slab, bufferSizeBytes, headroomBytes, packetCount);
        }
        catch (final RuntimeException | Error e)
        {
            arena.close();
            throw e;
        }
    }

    /**
     * A pool over a slab it does not own (not freed by {@link #close()}): {@code slab.byteSize() /
     * bufferSizeBytes} buffers.
     */
    public static PacketPool wrap(
        final MemorySegment slab, final int bufferSizeBytes, final int headroomBytes, final int packetCount)
    {
        return new PacketPool(null, slab, bufferSizeBytes, headroomBytes, packetCount);
    }

    private PacketPool(
        final Arena arena,
        final MemorySegment slab,
        final int bufferSizeBytes,
        final int headroomBytes,
        final int packetCount)
    {
        this.bufferShift = BufferDescriptor.bufferShift(bufferSizeBytes);
        if (headroomBytes < BufferDescriptor.MIN_HEADROOM_BYTES || headroomBytes > bufferSizeBytes / 2)
        {
            throw new IllegalArgumentException("headroomBytes must be in [" + BufferDescriptor.MIN_HEADROOM_BYTES +
                ", bufferSizeBytes / 2]: " + headroomBytes);
        }
        final long count = slab.byteSize() >>> bufferShift;
        if (count <= 0 || count > Integer.MAX_VALUE / 2)
        {
            throw new IllegalArgumentException("slab of " + slab.byteSize() + " bytes holds " + count + " buffers");
        }
        this.bufferCount = (int)count;
        if (packetCount < bufferCount)
        {
            throw new IllegalArgumentException("packetCount " + packetCount + " < bufferCount " + bufferCount);
        }
        this.arena = arena;
        this.slab = slab;
        this.bufferSizeBytes = bufferSizeBytes;
        this.headroomBytes = headroomBytes;

        buffers = new MemorySegment[bufferCount];
        refCounts = new int[bufferCount];
        freeBuffers = new int[bufferCount];
        for (int i = 0; i < bufferCount; i++)
        {
            buffers[i] = slab.asSlice(BufferDescriptor.bufferOffset(i, bufferShift), bufferSizeBytes);
            freeBuffers[i] = bufferCount - 1 - i; // buffer 0 is taken first
        }
        freeBufferCount = bufferCount;
        freePackets = new Packet[packetCount];
        for (int i = 0; i < packetCount; i++)
        {
            freePackets[i] = new Packet(this);
        }
        freePacketCount = packetCount;
        // room for every packet object at once, so that an offer from another thread can never find it full
        otherThreadKills = new MpscPacketQueue(Math.max(2, Integer.highestOneBit(packetCount - 1) << 1));
    }

    // ---------------------------------------------------------------------------------------------- making packets

    /**
     * Click's {@code Packet::make(length)}: a packet of {@code lengthBytes} (content undefined) after the default
     * headroom, with cleared annotations; {@code null} if the pool is exhausted or the length cannot fit.
     */
    public Packet make(final int lengthBytes)
    {
        return make(headroomBytes, lengthBytes);
    }

    /** Click's {@code Packet::make(headroom, data, length, tailroom)} without data: {@code null} on failure. */
    public Packet make(final int headroomBytes, final int lengthBytes)
    {
        if (headroomBytes < 0 || lengthBytes < 0 || (long)headroomBytes + lengthBytes > bufferSizeBytes)
        {
            oversizeCount++;
            return null;
        }
        if (freePacketCount == 0)
        {
            packetExhaustionCount++;
            return null;
        }
        final int bufferIndex = takeBuffer();
        if (bufferIndex < 0)
        {
            return null;
        }
        final Packet packet = freePackets[--freePacketCount];
        packet.attach(bufferIndex, buffers[bufferIndex], headroomBytes, headroomBytes + lengthBytes);
        packet.clearAnnotations();
        madeCount++;
        return packet;
    }

    /** True if a buffer and a packet object are free, so that {@link #makeUnchecked} cannot fail. */
    boolean canMake()
    {
        return freeBufferCount > 0 && freePacketCount > 0;
    }

    /**
     * The allocator's fast path: {@link #make(int, int)} after the caller checked {@link #canMake()} and that
     * {@code headroomBytes + lengthBytes} fits a buffer (both non-negative).
     */
    Packet makeUnchecked(final int headroomBytes, final int lengthBytes)
    {
        final int bufferIndex = freeBuffers[--freeBufferCount];
        refCounts[bufferIndex] = 1;
        final Packet packet = freePackets[--freePacketCount];
        packet.attach(bufferIndex, buffers[bufferIndex], headroomBytes, headroomBytes + lengthBytes);
        packet.clearAnnotations();
        madeCount++;
        return packet;
    }

    /**
     * A packet holding a copy of {@code src[srcIndex..srcIndex + lengthBytes)}; {@code null} on failure.
     *
     * @throws IndexOutOfBoundsException (before taking anything from the pool) if the range is outside {@code src}.
     */
    public Packet make(final byte[] src, final int srcIndex, final int lengthBytes)
    {
        Objects.checkFromIndexSize(srcIndex, lengthBytes, src.length);
        final Packet packet = make(headroomBytes, lengthBytes);
        if (packet != null)
        {
            MemorySegment.copy(src, srcIndex, packet.buffer, ValueLayout.JAVA_BYTE, headroomBytes, lengthBytes);
        }
        return packet;
    }

    /** A packet holding a copy of {@code lengthBytes} of {@code src} at {@code srcOffsetBytes}; {@code null} on failure. */
    public Packet make(final MemorySegment src, final long srcOffsetBytes, final int lengthBytes)
    {
        Objects.checkFromIndexSize(srcOffsetBytes, lengthBytes, src.byteSize());
        final Packet packet = make(headroomBytes, lengthBytes);
        if (packet != null)
        {
            MemorySegment.copy(src, srcOffsetBytes, packet.buffer, headroomBytes, lengthBytes);
        }
        return packet;
    }

    /**
     * Bulk {@link #make(int)} (as DPDK's {@code rte_pktmbuf_alloc_bulk}): adds up to {@code count} packets of
     * {@code lengthBytes} (content undefined, default headroom, cleared annotations) to {@code batch}, as many as
     * the pool and the batch's room allow, and returns how many. The pool's checks are made once for the batch.
     */
    public int makeInto(final PacketBatch batch, final int count, final int lengthBytes)
    {
        final int headroom = headroomBytes;
        if (lengthBytes < 0 || (long)headroom + lengthBytes > bufferSizeBytes)
        {
            oversizeCount++;
            return 0;
        }
        final int n = Math.min(Math.min(count, batch.capacity() - batch.size()),
            Math.min(freeBufferCount, freePacketCount));
        if (n < count && n < batch.capacity() - batch.size())
        {
            if (freeBufferCount < freePacketCount)
            {
                bufferExhaustionCount++;
            }
            else
            {
                packetExhaustionCount++;
            }
        }
        for (int i = 0; i < n; i++)
        {
            batch.add(makeUnchecked(headroom, lengthBytes));
        }
        return n;
    }

    /**
     * Bulk {@link Packet#kill()} (as DPDK's {@code rte_pktmbuf_free_bulk}): kills every non-null packet of
     * {@code packets[from..from + count)} and clears those slots; returns how many were killed. The owner check is
     * made once for the slice; packets of another pool, or a call from a thread that does not own this pool, take
     * {@link Packet#kill()}'s path one by one.
     */
    public int killAll(final Packet[] packets, final int from, final int count)
    {
        Objects.checkFromIndexSize(from, count, packets.length);
        final Thread owner = this.owner;
        final boolean local = owner == null || owner == Thread.currentThread();
        int killed = 0;
        for (int i = from, end = from + count; i < end; i++)
        {
            final Packet packet = packets[i];
            if (packet == null)
            {
                continue;
            }
            packets[i] = null;
            killed++;
            final int bufferIndex = packet.bufferIndex();
            if (!local || packet.pool() != this || packet.bufferPool() != this || bufferIndex < 0)
            {
                packet.kill(); // the general path (and its error for a packet killed twice)
                continue;
            }
            release(bufferIndex);
            packet.attach(-1, null, 0, 0); // detached: a use after kill fails fast
            freePackets[freePacketCount++] = packet;
        }
        return killed;
    }

    // ---------------------------------------------------------------------------------------------- other threads

    /**
     * Called by a thread other than the owner to give back a packet it was handed: queues it for the owner to
     * kill. Lock-free, allocation-free. Returns false when the queue is full (the caller keeps the packet and
     * retries later).
     */
    public boolean killFromOtherThread(final Packet packet)
    {
        if (!otherThreadKills.offer(packet))
        {
            return false;
        }
        final java.util.concurrent.atomic.AtomicLong counter = crossKills;
        if (counter != null)
        {
            counter.incrementAndGet(); // after the offer: the owner, seeing the count, finds the packet queued
        }
        return true;
    }

    /** The owning thread while a router runs, or null. */
    public Thread owner()
    {
        return owner;
    }

    /** Called by the owner thread: kills the packets other threads gave back. Returns how many. */
    public int drainOtherThreadKills()
    {
        int count = 0;
        Packet packet;
        while ((packet = otherThreadKills.poll()) != null)
        {
            packet.kill();
            count++;
        }
        return count;
    }

    // ---------------------------------------------------------------------------------------------- figures

    /** Buffers in the slab. */
    public int bufferCount()
    {
        return bufferCount;
    }

    /** Size of each buffer, a power of two. */
    public int bufferSizeBytes()
    {
        return bufferSizeBytes;
    }

    /** Default headroom of new packets. */
    public int headroomBytes()
    {
        return headroomBytes;
    }

    /** Buffers free now. */
    public int availableBuffers()
    {
        return freeBufferCount;
    }

    /** Packet objects free now. */
    public int availablePackets()
    {
        return freePacketCount;
    }

    /** Requests that failed for want of a buffer or a packet object. */
    public long exhaustionCount()
    {
        return bufferExhaustionCount + packetExhaustionCount;
    }

    /** Requests that failed for want of a buffer. */
    public long bufferExhaustionCount()
    {
        return bufferExhaustionCount;
    }

    /** Requests that failed for want of a packet object (e.g. {@link Packet#clone()}). */
    public long packetExhaustionCount()
    {
        return packetExhaustionCount;
    }

    /** Packets made by this pool so far (clones not included). */
    public long madeCount()
    {
        return madeCount;
    }

    /** Requests that failed because the data could not fit one buffer. */
    public long oversizeCount()
    {
        return oversizeCount;
    }

    /** The whole slab (for a driver that must register or share it). */
    public MemorySegment slab()
    {
        return slab;
    }

    /** Frees the slab if the pool allocated it. Packets must not be used afterwards. */
    @Override
    public void close()
    {
        if (arena != null)
        {
            arena.close();
        }
    }

    // ---------------------------------------------------------------------------------------------- for Packet

    int takeBuffer()
    {
        if (freeBufferCount == 0)
        {
            bufferExhaustionCount++;
            return -1;
        }
        final int bufferIndex = freeBuffers[--freeBufferCount];
        refCounts[bufferIndex] = 1;
        return bufferIndex;
    }

    MemorySegment bufferSegment(final int bufferIndex)
    {
        return buffers[bufferIndex];
    }

    int refCount(final int bufferIndex)
    {
        return refCounts[bufferIndex];
    }

    void retain(final int bufferIndex)
    {
        refCounts[bufferIndex]++;
    }

    void release(final int bufferIndex)
    {
        if (--refCounts[bufferIndex] == 0)
        {
            freeBuffers[freeBufferCount++] = bufferIndex;
        }
    }

    Packet takePacketObject()
    {
        if (freePacketCount == 0)
        {
            packetExhaustionCount++;
            return null;
        }
        final Packet packet = freePackets[--freePacketCount];
        return packet;
    }

    void returnPacketObject(final Packet packet)
    {
        freePackets[freePacketCount++] = packet;
    }

    void countOversize()
    {
        oversizeCount++;
    }
}
