package org.jclick.dataplane.jmh.memorymodel;

import io.netty.util.internal.PlatformDependent;
import org.jclick.dataplane.jmh.Trace;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The packet memory model decision (docs/PERFORMANCE.md, "Packet memory model"): the same per-packet work on
 * each prototype, in batches of {@link #BATCH_SIZE}: (i) take a pooled buffer and copy a 60-byte frame of a
 * preloaded trace into it, (ii) mark the IP header, read the IPv4 destination into the destination-IP
 * annotation, decrement the TTL with an incremental checksum update (RFC 1624), (iii) count packets and
 * bytes, (iv) release the packet to the pool. Scores are per packet.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@OperationsPerInvocation(MemoryModelBenchmark.BATCH_SIZE)
public class MemoryModelBenchmark
{
    static final int BATCH_SIZE = 32;
    static final int POOL_CAPACITY = 4096;
    static final int IP = Trace.ETHER_HEADER_LENGTH_BYTES;

    @State(Scope.Thread)
    public static class Common
    {
        final Trace trace = new Trace(1024, 42);
        int next;
        long packets;
        long bytes;
        long dstIpSum;
    }

    @State(Scope.Thread)
    public static class NettyState
    {
        NettyPrototype.Pool pool;
        final NettyPrototype.Packet[] batch = new NettyPrototype.Packet[BATCH_SIZE];

        @Setup
        public void setUp()
        {
            System.out.println("\n[netty] hasUnsafe=" + PlatformDependent.hasUnsafe()
                + " directBufferPreferred=" + PlatformDependent.directBufferPreferred());
            pool = new NettyPrototype.Pool(POOL_CAPACITY);
        }
    }

    @State(Scope.Thread)
    public static class FfmFieldsState
    {
        FfmFieldsPrototype.Pool pool;
        final FfmFieldsPrototype.Packet[] batch = new FfmFieldsPrototype.Packet[BATCH_SIZE];

        @Setup
        public void setUp()
        {
            pool = new FfmFieldsPrototype.Pool(POOL_CAPACITY);
        }

        @TearDown
        public void tearDown()
        {
            pool.close();
        }
    }

    @State(Scope.Thread)
    public static class FfmMetadataState
    {
        FfmMetadataPrototype.Pool pool;
        final FfmMetadataPrototype.Packet[] batch = new FfmMetadataPrototype.Packet[BATCH_SIZE];

        @Setup
        public void setUp()
        {
            pool = new FfmMetadataPrototype.Pool(POOL_CAPACITY);
        }

        @TearDown
        public void tearDown()
        {
            pool.close();
        }
    }

    /** RFC 1624 eqn. 3 for a TTL decrement (the 16-bit word TTL|protocol goes down by 0x0100), as Click's DecIPTTL. */
    static int decrementedTtlChecksum(final int checksum)
    {
        int sum = (~checksum & 0xFFFF) + 0xFEFF;
        sum = (sum & 0xFFFF) + (sum >>> 16);
        return ~sum & 0xFFFF;
    }

    @Benchmark
    public long nettyPooledDirect(final Common c, final NettyState s)
    {
        final NettyPrototype.Packet[] batch = s.batch;
        final NettyPrototype.Pool pool = s.pool;
        final byte[] frames = c.trace.frames();
        int count = 0;
        for (int i = 0; i < BATCH_SIZE; i++)
        {
            final NettyPrototype.Packet p = pool.take();
            if (p == null)
            {
                break;
            }
            p.buf.writeBytes(frames, c.trace.frameOffset(c.next++), Trace.FRAME_LENGTH_BYTES);
            batch[count++] = p;
        }
        for (int i = 0; i < count; i++)
        {
            final NettyPrototype.Packet p = batch[i];
            p.networkHeaderOffset = IP;
            p.setDstIpAnno(p.u32(IP + 16));
            final int ttl = p.u8(IP + 8);
            p.setU8(IP + 8, ttl - 1);
            p.setU16(IP + 10, decrementedTtlChecksum(p.u16(IP + 10)));
        }
        for (int i = 0; i < count; i++)
        {
            final NettyPrototype.Packet p = batch[i];
            c.packets++;
            c.bytes += p.length();
            c.dstIpSum += p.u32(IP + 16);
        }
        for (int i = 0; i < count; i++)
        {
            pool.release(batch[i]);
            batch[i] = null;
        }
        return c.dstIpSum;
    }

    @Benchmark
    public long ffmSlabFields(final Common c, final FfmFieldsState s)
    {
        final FfmFieldsPrototype.Packet[] batch = s.batch;
        final FfmFieldsPrototype.Pool pool = s.pool;
        final byte[] frames = c.trace.frames();
        int count = 0;
        for (int i = 0; i < BATCH_SIZE; i++)
        {
            final FfmFieldsPrototype.Packet p = pool.take();
            if (p == null)
            {
                break;
            }
            p.copyIn(frames, c.trace.frameOffset(c.next++), Trace.FRAME_LENGTH_BYTES);
            batch[count++] = p;
        }
        for (int i = 0; i < count; i++)
        {
            final FfmFieldsPrototype.Packet p = batch[i];
            p.networkHeaderOffset = p.dataOffset + IP;
            p.setDstIpAnno(p.u32(IP + 16));
            final int ttl = p.u8(IP + 8);
            p.setU8(IP + 8, ttl - 1);
            p.setU16(IP + 10, decrementedTtlChecksum(p.u16(IP + 10)));
        }
        for (int i = 0; i < count; i++)
        {
            final FfmFieldsPrototype.Packet p = batch[i];
            c.packets++;
            c.bytes += p.length();
            c.dstIpSum += p.u32(IP + 16);
        }
        for (int i = 0; i < count; i++)
        {
            pool.release(batch[i]);
            batch[i] = null;
        }
        return c.dstIpSum;
    }

    @Benchmark
    public long ffmSlabMetadataSegment(final Common c, final FfmMetadataState s)
    {
        final FfmMetadataPrototype.Packet[] batch = s.batch;
        final FfmMetadataPrototype.Pool pool = s.pool;
        final byte[] frames = c.trace.frames();
        int count = 0;
        for (int i = 0; i < BATCH_SIZE; i++)
        {
            final FfmMetadataPrototype.Packet p = pool.take();
            if (p == null)
            {
                break;
            }
            p.copyIn(frames, c.trace.frameOffset(c.next++), Trace.FRAME_LENGTH_BYTES);
            batch[count++] = p;
        }
        for (int i = 0; i < count; i++)
        {
            final FfmMetadataPrototype.Packet p = batch[i];
            p.setNetworkHeaderOffset(p.dataOffset + IP);
            p.setDstIpAnno(p.u32(IP + 16));
            final int ttl = p.u8(IP + 8);
            p.setU8(IP + 8, ttl - 1);
            p.setU16(IP + 10, decrementedTtlChecksum(p.u16(IP + 10)));
        }
        for (int i = 0; i < count; i++)
        {
            final FfmMetadataPrototype.Packet p = batch[i];
            c.packets++;
            c.bytes += p.length();
            c.dstIpSum += p.u32(IP + 16);
        }
        for (int i = 0; i < count; i++)
        {
            pool.release(batch[i]);
            batch[i] = null;
        }
        return c.dstIpSum;
    }
}
