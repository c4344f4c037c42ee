package org.jclick.bench;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementRegistry;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketAllocator;
import org.jclick.dataplane.packet.PacketBatch;
import org.jclick.dataplane.runtime.Clock;
import org.jclick.dataplane.runtime.Router;
import org.jclick.dataplane.runtime.RouterLoader;
import org.jclick.dataplane.trace.PcapReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Replay of a preloaded trace through {@code Counter -> Discard} on one core, in batches of {@link #BATCH}: each
 * packet is made from the preloaded bytes (one copy, as FromDump does) or cloned from the preloaded packet (as
 * FastClick's Replay does), counted, and killed back to its pool.
 * The trace is {@code -Djclick.trace=FILE} (e.g. the benchmark kit's trace-1m.pcap); without it, 100,000 synthetic
 * 60-byte frames. Reported per packet ({@code @OperationsPerInvocation}); {@code -prof gc} shows the allocation rate.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class ReplayBenchmark
{
    static final int BATCH = 32;

    @Param({"32"})
    int batchSize;

    /**
     * {@code copy}: each packet is made from the preloaded bytes (one copy, as FromDump does). {@code clone}: the
     * trace is preloaded as packets, and each replayed packet is a clone sharing the preloaded buffer (FastClick's
     * {@code Replay} element), so no byte is copied.
     */
    @Param({"copy", "clone"})
    String mode;

    private Router router;
    private Element counter;
    private PacketAllocator allocator;
    private MemorySegment trace;
    private long[] offsets;
    private int[] lengths;
    private int next;
    private PacketBatch batch;
    private Arena arena;
    private Packet[] preloaded;

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        arena = Arena.ofShared();
        load(System.getProperty("jclick.trace"));
        final ErrorHandler errh = ErrorHandler.stderr();
        router = RouterLoader.fromText("replay", "InfiniteSource(ACTIVE false) -> c :: Counter -> d :: Discard;",
            Map.of(), ElementRegistry.loadDefault(), new Router.Options(Clock.wall(), 1, "", ""), errh);
        if (router == null)
        {
            throw new IllegalStateException("router could not be initialized");
        }
        counter = router.find("c");
        allocator = router.allocator(0);
        batch = new PacketBatch(Integer.highestOneBit(batchSize * 2 - 1));
        if ("clone".equals(mode))
        {
            preloaded = new Packet[offsets.length];
            for (int i = 0; i < offsets.length; i++)
            {
                preloaded[i] = allocator.make(trace, offsets[i], lengths[i]);
                if (preloaded[i] == null)
                {
                    throw new IllegalStateException("cannot preload packet " + i + ": out of buffers");
                }
            }
        }
    }

    private void load(final String file) throws IOException
    {
        if (file == null || !Files.isRegularFile(Path.of(file)))
        {
            final int n = 100_000;
            trace = arena.allocate((long)n * 60);
            offsets = new long[n];
            lengths = new int[n];
            for (int i = 0; i < n; i++)
            {
                offsets[i] = (long)i * 60;
                lengths[i] = 60;
                trace.set(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, offsets[i] + 30, i);
            }
            return;
        }
        final java.util.List<byte[]> records = new java.util.ArrayList<>();
        try (PcapReader r = PcapReader.open(Path.of(file), w -> { }))
        {
            while (r.next())
            {
                final byte[] b = new byte[r.capturedLength()];
                MemorySegment.copy(r.bufferSegment(), java.lang.foreign.ValueLayout.JAVA_BYTE, r.dataOffsetInBuffer(),
                    b, 0, b.length);
                records.add(b);
            }
        }
        long total = 0;
        for (final byte[] b : records)
        {
            total += b.length;
        }
        trace = arena.allocate(Math.max(1, total));
        offsets = new long[records.size()];
        lengths = new int[records.size()];
        long off = 0;
        for (int i = 0; i < records.size(); i++)
        {
            final byte[] b = records.get(i);
            MemorySegment.copy(b, 0, trace, java.lang.foreign.ValueLayout.JAVA_BYTE, off, b.length);
            offsets[i] = off;
            lengths[i] = b.length;
            off += b.length;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        if (preloaded != null)
        {
            for (final Packet p : preloaded)
            {
                p.kill();
            }
        }
        router.cleanup();
        router.releaseMemory();
        arena.close();
    }

    /** Per packet: make from the preloaded bytes (or clone the preloaded packet), count, discard. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void counterDiscard()
    {
        final PacketBatch b = batch;
        final int n = offsets.length;
        final Packet[] preloaded = this.preloaded;
        int i = next;
        b.clear();
        for (int k = 0; k < BATCH; k++)
        {
            final Packet p = preloaded != null ? preloaded[i].clone() : allocator.make(trace, offsets[i], lengths[i]);
            if (p != null)
            {
                b.add(p);
            }
            if (++i == n)
            {
                i = 0;
            }
        }
        next = i;
        counter.pushBatch(0, b);
        b.clear();
    }
}
