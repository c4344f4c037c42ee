package org.jclick.dataplane.packet;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Where elements get new packets: a growable set of {@link PacketPool} chunks, one thread's. Ordinary packets
 * (up to {@link #SMALL_BUFFER_BYTES} minus headroom) come from chunks of {@link #SMALL_BUFFERS_PER_CHUNK} buffers;
 * larger ones (jumbo frames, captures with a big snaplen) from chunks of 64 KiB buffers. A new chunk is added
 * when all are exhausted, up to {@code maxBuffers}; after warm-up, making a packet allocates nothing. When the
 * limit is reached, {@code make} returns null and the failure is counted ({@link #failureCount()}), as Click's
 * {@code Packet::make} does.
 */
public final class PacketAllocator implements AutoCloseable
{
    /** Buffer size of ordinary packets. */
    public static final int SMALL_BUFFER_BYTES = 2048;
    /** Buffer size of large packets. */
    public static final int LARGE_BUFFER_BYTES = 65536;
    /** Headroom before the data of a new packet (room for encapsulation). */
    public static final int DEFAULT_HEADROOM_BYTES = 128;
    public static final int SMALL_BUFFERS_PER_CHUNK = 8192;
    private static final int LARGE_BUFFERS_PER_CHUNK = 16;
    /** Default limit: 4 Mi ordinary buffers (8 GiB of address space, touched only as used). */
    public static final int DEFAULT_MAX_BUFFERS = 4 << 20;

    private final int headroomBytes;
    private final int maxBuffers;
    private PacketPool[] small = new PacketPool[0];
    private PacketPool[] large = new PacketPool[0];
    private int currentSmall;
    /** {@code small[currentSmall]}, or null before the first chunk: the fast path's pool. */
    private PacketPool smallPool;
    private int currentLarge;
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
        final PacketPool[] smallPools = small;
        final PacketPool[] largePools = large;
        for (final PacketPool p : smallPools)
        {
            n += p.madeCount();
        }
        for (final PacketPool p : largePools)
        {
            n += p.madeCount();
        }
        return n;
    }

    /** Buffers free now, over all chunks (owner thread, or after a run). */
    public long availableBuffers()
    {
        long n = 0;
        for (final PacketPool p : small)
        {
            n += p.availableBuffers();
        }
        for (final PacketPool p : large)
        {
            n += p.availableBuffers();
        }
        return n;
    }

    /** Buffers in all chunks. */
    public long bufferCount()
    {
        long n = 0;
        for (final PacketPool p : small)
        {
            n += p.bufferCount();
        }
        for (final PacketPool p : large)
        {
            n += p.bufferCount();
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
        // Fast path (small enough for the JIT to inline into the caller): the current chunk of ordinary
        // buffers has a buffer and a packet object free. Everything else goes through makeSlow.
        final PacketPool pool = smallPool;
        if (pool != null && headroom >= 0 && lengthBytes >= 0 && headroom + lengthBytes <= SMALL_BUFFER_BYTES
            && pool.canMake())
        {
            return pool.makeUnchecked(headroom, lengthBytes);
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
        if (need <= SMALL_BUFFER_BYTES)
        {
            final PacketPool[] pools = small;
            if (pools.length > 0 && pools[currentSmall].availableBuffers() > 0
                && pools[currentSmall].availablePackets() > 0)
            {
                return pools[currentSmall];
            }
            for (int i = 0; i < pools.length; i++)
            {
                if (pools[i].availableBuffers() > 0 && pools[i].availablePackets() > 0)
                {
                    currentSmall = i;
                    smallPool = pools[i];
                    return pools[i];
                }
            }
            if ((long)(pools.length + 1) * SMALL_BUFFERS_PER_CHUNK > maxBuffers)
            {
                return null;
            }
            small = Arrays.copyOf(pools, pools.length + 1);
            small[pools.length] = adopt(PacketPool.allocate(SMALL_BUFFERS_PER_CHUNK, SMALL_BUFFER_BYTES, headroomBytes));
            currentSmall = pools.length;
            smallPool = small[currentSmall];
            return small[currentSmall];
        }
        if (need <= LARGE_BUFFER_BYTES)
        {
            final PacketPool[] pools = large;
            if (pools.length > 0 && pools[currentLarge].availableBuffers() > 0
                && pools[currentLarge].availablePackets() > 0)
            {
                return pools[currentLarge];
            }
            for (int i = 0; i < pools.length; i++)
            {
                if (pools[i].availableBuffers() > 0 && pools[i].availablePackets() > 0)
                {
                    currentLarge = i;
                    return pools[i];
                }
            }
            if (pools.length >= 256)
            {
                return null;
            }
            large = Arrays.copyOf(pools, pools.length + 1);
            large[pools.length] = adopt(PacketPool.allocate(LARGE_BUFFERS_PER_CHUNK, LARGE_BUFFER_BYTES, headroomBytes));
            currentLarge = pools.length;
            return large[currentLarge];
        }
        return null;
    }

    private PacketPool adopt(final PacketPool pool)
    {
        pool.owner = owner;
        pool.crossKills = crossKills;
        return pool;
    }

    /**
     * Makes {@code thread} the owner of every packet this allocator makes, while a router runs on it (null: no
     * owner, e.g. before and after a run). A packet killed by another thread is then queued back to the owner,
     * which frees it in {@link #drainOtherThreadKills()}. Call before the other threads start (or on the owner).
     */
    public void bindOwner(final Thread thread)
    {
        owner = thread;
        for (final PacketPool p : small)
        {
            p.owner = thread;
        }
        for (final PacketPool p : large)
        {
            p.owner = thread;
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
        for (final PacketPool p : small)
        {
            n += p.drainOtherThreadKills();
        }
        for (final PacketPool p : large)
        {
            n += p.drainOtherThreadKills();
        }
        return n;
    }

    @Override
    public void close()
    {
        for (final PacketPool p : small)
        {
            p.close();
        }
        for (final PacketPool p : large)
        {
            p.close();
        }
        small = new PacketPool[0];
        large = new PacketPool[0];
        smallPool = null;
    }
}
