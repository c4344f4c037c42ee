package org.jclick.dataplane.jmh;

import org.jclick.dataplane.ip.Ipv4;
import org.jclick.dataplane.ip.Ipv4Descriptor;
import org.jclick.dataplane.packet.BufferDescriptor;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketBatch;
import org.jclick.dataplane.packet.PacketClassifier;
import org.jclick.dataplane.packet.PacketPool;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * The production packet core on batches (docs/PERFORMANCE.md, "Packet core"). Scores are per packet; every
 * benchmark must show 0 B/op under {@code -prof gc}.
 *
 * <ul>
 * <li>{@code forward32}/{@code forward256}: per packet (i) make a pooled packet from a 60-byte frame of a
 * preloaded trace, (ii) mark the IP header, set the destination-IP annotation from the header, decrement the TTL
 * with the RFC 1624 incremental checksum, (iii) count packets and bytes, (iv) kill: batches of 32 and 256.</li>
 * <li>{@code cloneUniqueifyKill32}: on a batch of 32 received packets, clone each, uniqueify the clone (a copy),
 * write to it, kill both.</li>
 * <li>{@code encapDecap32}: push 50 bytes (VXLAN-over-IPv4 size) into the headroom, write a word, pull them.</li>
 * <li>{@code split32}: split a batch of 32 into two output batches by IP protocol, then kill the outputs.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class PacketCoreBenchmark
{
    static final int IP = Trace.ETHER_HEADER_LENGTH_BYTES;
    static final int VXLAN_OVERHEAD_BYTES = 50;

    /** A non-capturing classifier: one instance, no allocation per call. */
    static final PacketClassifier BY_PROTOCOL = p -> p.u8(IP + Ipv4Descriptor.PROTOCOL_OFFSET) == 17 ? 0 : 1;

    final Trace trace = new Trace(1024, 42);
    PacketPool pool;
    final PacketBatch batch32 = new PacketBatch(32);
    final PacketBatch batch256 = new PacketBatch(256);
    final PacketBatch[] outputs = {new PacketBatch(32), new PacketBatch(32)};
    int next;
    long packets;
    long bytes;
    long dstIpSum;

    @Setup(Level.Trial)
    public void setUp()
    {
        pool = PacketPool.allocate(4096, BufferDescriptor.DEFAULT_BUFFER_SIZE_BYTES,
            BufferDescriptor.DEFAULT_HEADROOM_BYTES);
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        if (pool.exhaustionCount() != 0)
        {
            throw new IllegalStateException("pool exhausted during the run: " + pool.exhaustionCount());
        }
        pool.close();
    }

    private void receive(final PacketBatch batch)
    {
        final byte[] frames = trace.frames();
        for (int i = 0, n = batch.capacity(); i < n; i++)
        {
            final Packet p = pool.make(frames, trace.frameOffset(next++), Trace.FRAME_LENGTH_BYTES);
            if (p == null)
            {
                break;
            }
            batch.add(p);
        }
    }

    private long forward(final PacketBatch batch)
    {
        receive(batch);
        for (int i = 0, n = batch.size(); i < n; i++)
        {
            final Packet p = batch.get(i);
            p.setNetworkHeader(IP, Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES);
            p.setDstIpAnno(p.u32(IP + Ipv4Descriptor.DST_OFFSET));
            Ipv4.decrementTtl(p, IP);
        }
        for (int i = 0, n = batch.size(); i < n; i++)
        {
            final Packet p = batch.get(i);
            packets++;
            bytes += p.length();
            dstIpSum += p.dstIpAnno();
        }
        batch.killAll();
        return dstIpSum;
    }

    @Benchmark
    @OperationsPerInvocation(32)
    public long forward32()
    {
        return forward(batch32);
    }

    @Benchmark
    @OperationsPerInvocation(256)
    public long forward256()
    {
        return forward(batch256);
    }

    @Benchmark
    @OperationsPerInvocation(32)
    public long cloneUniqueifyKill32()
    {
        final PacketBatch batch = batch32;
        receive(batch);
        long sum = 0;
        for (int i = 0, n = batch.size(); i < n; i++)
        {
            final Packet p = batch.get(i);
            final Packet c = p.clone();
            if (c != null && c.uniqueify() != null)
            {
                c.setU8(IP + Ipv4Descriptor.TOS_OFFSET, 0x10);
                sum += c.u8(IP + Ipv4Descriptor.TOS_OFFSET) + p.u8(IP + Ipv4Descriptor.TOS_OFFSET);
                c.kill();
            }
        }
        batch.killAll();
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(32)
    public long encapDecap32()
    {
        final PacketBatch batch = batch32;
        receive(batch);
        long sum = 0;
        for (int i = 0, n = batch.size(); i < n; i++)
        {
            final Packet p = batch.get(i);
            if (p.push(VXLAN_OVERHEAD_BYTES) != null)
            {
                p.setU32(0, 0x45000000 | p.length());
                sum += p.u32(0);
                p.pull(VXLAN_OVERHEAD_BYTES);
            }
        }
        batch.killAll();
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(32)
    public long split32()
    {
        final PacketBatch batch = batch32;
        receive(batch);
        final int dropped = batch.split(BY_PROTOCOL, outputs);
        final long sizes = outputs[0].size() * 1000L + outputs[1].size();
        outputs[0].killAll();
        outputs[1].killAll();
        return sizes + dropped;
    }
}
