package org.jclick.dataplane.packet;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Where elements get new packets: a growable set of {@link PacketPool} chunks, one thread's. Small packets (up to
 * {@link #COMPACT_BUFFER_BYTES} minus headroom, e.g. minimum-size frames) come from chunks of 512-byte buffers,
 * ordinary ones (up to {@link #SMALL_BUFFER_BYTES} minus headroom) from chunks of {@link #SMALL_BUFFERS_PER_CHUNK}
 * buffers; larger ones (jumbo frames, captures with a big snaplen) from chunks of 64 KiB buffers. A new chunk is added
 * when all are exhausted, up to {@code maxBuffers}; after warm-up, making a packet allocates nothing. When the
 * limit is reached, {@code make} returns null and the failure is counted ({@link #failureCount()}), as Click's
 * {@code Packet::make} does.
 */
public final class PacketAllocator implements AutoCloseable
{
    /**
     * Buffer size of compact packets: minimum-size frames and other small packets (headroom plus data up to this).
     * Eight share a 4 KiB page, so a burst of small packets touches a quarter of the pages and TLB entries that
     * ordinary buffers would.
     */
    public static final int COMPACT_BUFFER_BYTES = 512;
    /** Buffer size of ordinary packets. */
    public static final int SMALL_BUFFER_BYTES = 2048;
    /** Buffer size of large packets. */
    public static final int LARGE_BUFFER_BYTES = 65536;
    /** Headroom before the data of a new packet (room for encapsulation). */
    public static final int DEFAULT_HEADROOM_BYTES = 128;
    public static final int SMALL_BUFFERS_PER_CHUNK = 8192;
    private static final int COMPACT_BUFFERS_PER_CHUNK = 32768;
    private static final int LARGE_BUFFERS_PER_CHUNK = 16;
    /** Default limit: 4 Mi ordinary buffers (8 GiB of address space, touched only as used). */
    public static final int DEFAULT_MAX_BUFFERS = 4 << 20;

    /** Buffers of a tier's first chunk, at most: chunks double from here up to the tier's chunk size. */
    private static final int FIRST_CHUNK_BUFFERS = 1024;

    /**
     * The chunks of one buffer size. The first chunk is small ({@link #FIRST_CHUNK_BUFFERS}) and each new one
     * doubles the tier, up to {@code buffersPerChunk}: a router that makes a few packets (a short run, a cold
     * start to the first packet) does not zero megabytes and make tens of thousands of packet objects first.
     */
    private static final class Tier
    {
        final int bufferBytes;
        final int buffersPerChunk;
        /** Most buffers the tier may hold. */
        final long maxBuffers;
        long buffers;
        PacketPool[] pools = new PacketPool[0];
        int current;

        Tier(final int bufferBytes, final int buffersPerChunk, final int maxChunks)
        {
            this.bufferBytes = bufferBytes;
            this.buffersPerChunk = buffersPerChunk;
            this.maxBuffers = (long)maxChunks * buffersPerChunk;
        }

        /** Buffers of the next chunk, or 0 at the limit. */
        int nextChunkBuffers()
        {
            final long size = Math.min(buffersPerChunk, Math.max(Math.min(FIRST_CHUNK_BUFFERS, buffersPerChunk), buffers));
            return (int)Math.min(size, maxBuffers - buffers);
        }
    }

    private final int headroomBytes;
    private final int maxBuffers;
    private final Tier compact;
    private final Tier small;
    private final Tier large;
    private final Tier[] tiers;
    /** The current compact chunk, or null before the first: the fast path's pool for small packets. */
    private PacketPool compactPool;
    /** The current ordinary chunk, or null before the first: the fast path's pool. */
    private PacketPool smallPool;
    private long failureCount;
    private Thread owner;
    private final java.util.concurrent.atomic.AtomicLong crossKills = new java.util.concurrent.atomic.AtomicLong();
    private long crossKillsDrained;

    public PacketAllocator()
    {
        this(DEFAULT_HEADROOM_BYTES, DEFAULT_MAX_BUFFERS);
    }

    public PacketAllocator(final int headroomBytes, final int maxBuffers)
    {
        this.headroomBytes = headroomBytes;
        this.maxBuffers = Math.max(SMALL_BUFFERS_PER_CHUNK, maxBuffers);
        compact = new Tier(COMPACT_BUFFER_BYTES, COMPACT_BUFFERS_PER_CHUNK,
            Math.max(1, this.maxBuffers / COMPACT_BUFFERS_PER_CHUNK));
        small = new Tier(SMALL_BUFFER_BYTES, SMALL_BUFFERS_PER_CHUNK, this.maxBuffers / SMALL_BUFFERS_PER_CHUNK);
        large = new Tier(LARGE_BUFFER_BYTES, LARGE_BUFFERS_PER_CHUNK, 256);
        tiers = new Tier[] {compact, small, large};
    }

    public int headroomBytes()
    {
        return headroomBytes;
    }

    /** Packets that could not be made (limit reached, or longer than a large buffer). */
    public long failureCount()
    {
        return failureCount;
    }

    /** Packets made so far, over all chunks (clones not included). Safe to call from any thread, for display. */
    public long madeCount()
    {
        long n = 0;
        for (final Tier t : tiers)
        {
            for (final PacketPool p : t.pools)
            {
                n += p.madeCount();
            }
        }
        return n;
    }

    /** Buffers free now, over all chunks (owner thread, or after a run). */
    public long availableBuffers()
    {
        long n = 0;
        for (final Tier t : tiers)
        {
            for (final PacketPool p : t.pools)
            {
                n += p.availableBuffers();
            }
        }
        return n;
    }

    /** Buffers in all chunks. */
    public long bufferCount()
    {
        long n = 0;
        for (final Tier t : tiers)
        {
            for (final PacketPool p : t.pools)
            {
                n += p.bufferCount();
            }
        }
        return n;
    }

    /** A packet of {@code lengthBytes} (content undefined) after the default headroom; null on failure. */
    public Packet make(final int lengthBytes)
    {
        return make(headroomBytes, lengthBytes);
    }

    /** A packet of {@code lengthBytes} after {@code headroom} bytes; null on failure. */
    public Packet make(final int headroom, final int lengthBytes)
    {
        // Fast path (small enough for the JIT to inline into the caller): the current chunk of compact or
        // ordinary buffers has a buffer and a packet object free. Everything else goes through makeSlow.
        if (headroom >= 0 && lengthBytes >= 0)
        {
            final int need = headroom + lengthBytes;
            final PacketPool pool = need <= COMPACT_BUFFER_BYTES ? compactPool : need <= SMALL_BUFFER_BYTES ? smallPool : null;
            if (pool != null && pool.canMake())
            {
                return pool.makeUnchecked(headroom, lengthBytes);
            }
        }
        return makeSlow(headroom, lengthBytes);
    }

    private Packet makeSlow(final int headroom, final int lengthBytes)
    {
        final PacketPool pool = poolFor(headroom, lengthBytes);
        if (pool == null)
        {
            failureCount++;
            return null;
        }
        final Packet p = pool.make(headroom, lengthBytes);
        if (p == null)
        {
            failureCount++;
        }
        return p;
    }

    /** A packet holding a copy of {@code src[srcIndex..srcIndex + lengthBytes)}; null on failure. */
    public Packet make(final byte[] src, final int srcIndex, final int lengthBytes)
    {
        final Packet p = make(headroomBytes, lengthBytes);
        if (p != null)
        {
            p.copyFrom(0, src, srcIndex, lengthBytes);
        }
        return p;
    }

    /** A packet holding a copy of {@code lengthBytes} of {@code src} at {@code srcOffsetBytes}; null on failure. */
    public Packet make(final MemorySegment src, final long srcOffsetBytes, final int lengthBytes)
    {
        final Packet p = make(headroomBytes, lengthBytes);
        if (p != null)
        {
            p.copyFrom(0, src, srcOffsetBytes, lengthBytes);
        }
        return p;
    }

    private PacketPool poolFor(final int headroom, final int lengthBytes)
    {
        final long need = (long)headroom + lengthBytes;
        if (headroom < 0 || lengthBytes < 0)
        {
            return null;
        }
        for (final Tier t : tiers)
        {
            if (need > t.bufferBytes || headroomBytes >= t.bufferBytes)
            {
                continue;
            }
            final PacketPool p = poolOf(t);
            if (p != null)
            {
                return p;
            }
            // this size is exhausted: a larger buffer will do
        }
        return null;
    }

    /** A chunk of tier {@code t} with a buffer and a packet free (a new one if needed), or null at the limit. */
    private PacketPool poolOf(final Tier t)
    {
        final PacketPool[] pools = t.pools;
        PacketPool found = null;
        if (pools.length > 0 && pools[t.current].availableBuffers() > 0 && pools[t.current].availablePackets() > 0)
        {
            found = pools[t.current];
        }
        for (int i = 0; found == null && i < pools.length; i++)
        {
            if (pools[i].availableBuffers() > 0 && pools[i].availablePackets() > 0)
            {
                t.current = i;
                found = pools[i];
            }
        }
        if (found == null)
        {
            final int size = t.nextChunkBuffers();
            if (size <= 0)
            {
                return null;
            }
            t.pools = Arrays.copyOf(pools, pools.length + 1);
            t.pools[pools.length] = adopt(PacketPool.allocate(size, t.bufferBytes, headroomBytes));
            t.buffers += size;
            t.current = pools.length;
            found = t.pools[t.current];
        }
        if (t == compact)
        {
            compactPool = found;
        }
        else if (t == small)
        {
            smallPool = found;
        }
        return found;
    }

    private PacketPool adopt(final PacketPool pool)
    {
        pool.owner = owner;
        pool.crossKills = crossKills;
        pool.allocator = this;
        return pool;
    }

    /**
     * A chunk with a free buffer of at least {@code needBytes} (headroom, data and tailroom), for a packet that
     * outgrows its buffer ({@link Packet#put}, {@link Packet#push} past the room it has); null when no tier is that
     * large or the allocator is at its limit.
     */
    PacketPool poolForGrowth(final int needBytes)
    {
        return poolFor(0, needBytes);
    }

    /**
     * Makes {@code thread} the owner of every packet this allocator makes, while a router runs on it (null: no
     * owner, e.g. before and after a run). A packet killed by another thread is then queued back to the owner,
     * which frees it in {@link #drainOtherThreadKills()}. Call before the other threads start (or on the owner).
     */
    public void bindOwner(final Thread thread)
    {
        owner = thread;
        for (final Tier t : tiers)
        {
            for (final PacketPool p : t.pools)
            {
                p.owner = thread;
            }
        }
    }

    /** Ends ownership after a run (all scheduler threads stopped): frees what other threads gave back. */
    public void releaseOwner()
    {
        bindOwner(null);
        crossKillsDrained += drainAll();
    }

    /** The owner thread set by {@link #bindOwner}, or null. */
    public Thread owner()
    {
        return owner;
    }

    /**
     * Called by the owner once per scheduler turn: frees packets that other threads gave back. When none were
     * given back since the last call, this is one volatile read.
     */
    public int drainOtherThreadKills()
    {
        if (crossKills.get() == crossKillsDrained)
        {
            return 0;
        }
        final int drained = drainAll();
        crossKillsDrained += drained;
        return drained;
    }

    private int drainAll()
    {
        int n = 0;
        for (final Tier t : tiers)
        {
            for (final PacketPool p : t.pools)
            {
                n += p.drainOtherThreadKills();
            }
        }
        return n;
    }

    @Override
    public void close()
    {
        for (final Tier t : tiers)
        {
            for (final PacketPool p : t.pools)
            {
                p.close();
            }
            t.pools = new PacketPool[0];
            t.current = 0;
        }
        compactPool = null;
        smallPool = null;
    }
}
