package org.jclick.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.Map;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementRegistry;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketAllocator;
import org.jclick.dataplane.packet.PacketBatch;
import org.jclick.dataplane.runtime.Clock;
import org.jclick.dataplane.runtime.Router;
import org.jclick.dataplane.runtime.RouterLoader;

/**
 * The replay loop of {@link ReplayBenchmark}, timed by the thread's CPU time rather than the wall clock: a way to
 * compare two versions of the packet path on a machine that other work shares (time-slicing does not count;
 * cache pressure from the others still does). Not a substitute for the JMH figures.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar org.jclick.bench.CpuTimeReplay [MODE]}, where MODE is
 * {@code full} (make with a 60-byte copy, Counter, Discard), {@code copykill} (make with the copy, kill),
 * {@code nocopy} (make without the copy, kill) or {@code counter} (make without the copy, Counter, Discard).
 * {@code -Dn=PACKETS} sets the size of the synthetic trace (default 100000; 1000 keeps it in cache).
 */
public final class CpuTimeReplay
{
    private static final int BATCH = 32;

    private CpuTimeReplay()
    {
    }

    public static void main(final String[] args)
    {
        final String mode = args.length > 0 ? args[0] : "full";
        final int n = Integer.getInteger("n", 100_000);
        try (Arena arena = Arena.ofShared())
        {
            final MemorySegment trace = arena.allocate((long)n * 60);
            final Router router = RouterLoader.fromText("replay",
                "InfiniteSource(ACTIVE false) -> c :: Counter -> d :: Discard;", Map.of(), ElementRegistry.loadDefault(),
                new Router.Options(Clock.wall(), 1, "", ""), ErrorHandler.stderr());
            if (router == null)
            {
                throw new IllegalStateException("router could not be initialized");
            }
            final Element counter = router.find("c");
            final PacketAllocator allocator = router.allocator(0);
            final PacketBatch batch = new PacketBatch(BATCH);
            final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            int next = 0;
            for (int round = 0; round < 10; round++)
            {
                final long cpu0 = mx.getCurrentThreadCpuTime();
                final long wall0 = System.nanoTime();
                final int batches = 1_000_000;
                for (int b = 0; b < batches; b++)
                {
                    batch.clear();
                    for (int k = 0; k < BATCH; k++)
                    {
                        final Packet p = mode.equals("nocopy") || mode.equals("counter")
                            ? allocator.make(60) : allocator.make(trace, (long)next * 60, 60);
                        if (p != null)
                        {
                            batch.add(p);
                        }
                        if (++next == n)
                        {
                            next = 0;
                        }
                    }
                    if (mode.equals("full") || mode.equals("counter"))
                    {
                        counter.pushBatch(0, batch);
                    }
                    else
                    {
                        batch.killAll();
                    }
                }
                final double packets = (double)batches * BATCH;
                final long cpu = mx.getCurrentThreadCpuTime() - cpu0;
                final long wall = System.nanoTime() - wall0;
                System.out.printf(Locale.ROOT, "%s round %d: cpu %.2f ns/packet (%.1f Mpps of CPU time), wall %.2f ns/packet%n",
                    mode, round, cpu / packets, packets * 1e3 / cpu, wall / packets);
            }
            router.cleanup();
            router.releaseMemory();
        }
    }
}
