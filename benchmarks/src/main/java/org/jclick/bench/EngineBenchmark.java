package org.jclick.bench;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jclick.compiler.GraphCompiler;
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
 * The benchmark kit's processing graphs (the {@code Processing} compound of {@code ../shared/bench/CONFIG.click},
 * unchanged) on both engines, steady state: each invocation makes a batch of 32 packets from the trace (one copy,
 * as FromDump does) and pushes it into {@code in :: Counter -> proc :: Processing} through the source's port,
 * which is where the compiled engine's code starts. Per packet ({@code @OperationsPerInvocation}); {@code -prof gc}
 * shows what the packet path allocates. The packets come from a small pool that stays in cache, so this measures
 * the code, not the memory: {@code ./jclick bench} measures the whole preloaded replay.
 *
 * <p>{@code -Djclick.shared=DIR} (default {@code ../shared}) and {@code -Djclick.trace=FILE} (default the first
 * 100,000 frames of {@code DIR/bench/trace-1m.pcap} if present, else {@code trace-1m.pcap} in the working directory).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
    "-XX:CompileCommand=quiet", "-XX:CompileCommand=dontinline,org.jclick.gen.*::push*"})
public class EngineBenchmark
{
    static final int BATCH = 32;
    static final int FRAMES = Integer.getInteger("jclick.frames", 100_000);

    @Param({"fwd", "firewall", "nat", "lb"})
    String config;

    @Param({"interpret", "compiled"})
    String engine;

    private Router router;
    Element source;
    PacketAllocator allocator;
    private Arena arena;
    MemorySegment trace;
    long[] offsets;
    int[] lengths;
    private int next;
    private PacketBatch batch;

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        final Path shared = Path.of(System.getProperty("jclick.shared", "../shared"));
        // a kit name (../shared/bench/NAME.click, cut at its harness), or a file of its own holding a Processing compound
        final Path file = config.endsWith(".click") ? Path.of(config) : shared.resolve("bench").resolve(config + ".click");
        final String text = Files.readString(file);
        final int harness = text.indexOf("// ---- benchmark harness");
        if (harness < 0 && !config.endsWith(".click"))
        {
            throw new IllegalStateException(file + ": no benchmark harness marker");
        }
        final String graph = text.substring(0, harness < 0 ? text.length() : harness)
            + "\nsrc :: InfiniteSource(ACTIVE false) -> in :: Counter -> proc :: Processing;\n";
        final ErrorHandler errh = ErrorHandler.stderr();
        router = RouterLoader.fromText(file.getFileName().toString(), graph, Map.of(), ElementRegistry.loadDefault(),
            new Router.Options(Clock.wall(), 1, "", ""), errh);
        if (router == null)
        {
            throw new IllegalStateException("router could not be initialized");
        }
        if ("compiled".equals(engine))
        {
            GraphCompiler.install(router, GraphCompiler.Options.of(file.getFileName().toString()), System.err);
        }
        source = router.find("src");
        allocator = router.allocator(0);
        batch = new PacketBatch(BATCH);
        load(Path.of(System.getProperty("jclick.trace", shared.resolve("bench/trace-1m.pcap").toString())));
    }

    private void load(final Path file) throws IOException
    {
        Path f = file;
        if (!Files.isRegularFile(f))
        {
            f = Path.of("trace-1m.pcap");
        }
        if (!Files.isRegularFile(f))
        {
            throw new IllegalStateException("no trace: give -Djclick.trace=FILE (the kit's trace-1m.pcap)");
        }
        final List<byte[]> records = new ArrayList<>();
        try (PcapReader r = PcapReader.open(f, w -> { }))
        {
            while (records.size() < FRAMES && r.next())
            {
                final byte[] b = new byte[r.capturedLength()];
                MemorySegment.copy(r.bufferSegment(), ValueLayout.JAVA_BYTE, r.dataOffsetInBuffer(), b, 0, b.length);
                records.add(b);
            }
        }
        arena = Arena.ofShared();
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
            MemorySegment.copy(b, 0, trace, ValueLayout.JAVA_BYTE, off, b.length);
            offsets[i] = off;
            lengths[i] = b.length;
            off += b.length;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        router.cleanup();
        router.releaseMemory();
        arena.close();
    }

    /** Per packet: make from the trace, then the configuration's whole push path. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void process()
    {
        final PacketBatch b = batch;
        final int n = offsets.length;
        int i = next;
        b.clear();
        for (int k = 0; k < BATCH; k++)
        {
            final Packet p = allocator.make(trace, offsets[i], lengths[i]);
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
        source.output(0).pushBatch(b);
        b.clear();
    }
}
