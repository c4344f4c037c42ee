package org.jclick.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketBatch;

/**
 * {@link EngineBenchmark}'s steady-state loop (one bench file's {@code Processing} graph on one engine), timed by the
 * thread's CPU time instead of the wall clock: a way to compare two versions of an element or of the compiler on
 * a machine that other work shares (time slices given to others do not count; their cache pressure still does).
 * It prints the CPU ns per packet of each round and the median; not a substitute for {@code ./jclick bench}.
 *
 * <p>With {@code -Djclick.preload=true} and {@code -Djclick.frames=1000000} each round makes every packet of the
 * trace first and then pushes them in batches of 32, as the bench configurations' preload mode does, so packet
 * data comes from memory, not from a pool that stays in cache.
 *
 * <p>CONFIG is a kit name ({@code nat}: {@code ../shared/bench/nat.click}) or the path of a {@code .click} file holding a
 * {@code Processing} compound (e.g. {@code benchmarks/configs/routes.click}).
 *
 * <p>{@code java --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -cp
 * benchmarks/target/benchmarks.jar -Djclick.shared=../shared org.jclick.bench.CpuTimeEngine CONFIG ENGINE [ROUNDS]}
 */
public final class CpuTimeEngine
{
    private CpuTimeEngine()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        if (args.length < 2)
        {
            System.err.println("usage: CpuTimeEngine CONFIG interpret|compiled [ROUNDS]");
            System.exit(2);
        }
        final EngineBenchmark b = new EngineBenchmark();
        b.config = args[0];
        b.engine = args[1];
        final int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        b.setUp();
        final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        final boolean preload = Boolean.getBoolean("jclick.preload");
        final int invocations = 1_000_000 / EngineBenchmark.BATCH;
        final double[] nsPerPacket = new double[rounds];
        final Packet[] made = preload ? new Packet[b.offsets.length] : null;
        final PacketBatch batch = new PacketBatch(EngineBenchmark.BATCH);
        for (int round = 0; round < rounds; round++)
        {
            if (preload)
            {
                // as the bench's preload: every packet of the trace made first, then pushed batch by batch
                for (int i = 0; i < made.length; i++)
                {
                    made[i] = b.allocator.make(b.trace, b.offsets[i], b.lengths[i]);
                }
            }
            final long cpu0 = mx.getCurrentThreadCpuTime();
            if (preload)
            {
                for (int i = 0; i < made.length; )
                {
                    batch.clear();
                    for (int k = 0; k < EngineBenchmark.BATCH && i < made.length; k++, i++)
                    {
                        if (made[i] != null)
                        {
                            batch.add(made[i]);
                        }
                    }
                    b.source.output(0).pushBatch(batch);
                }
                batch.clear();
            }
            else
            {
                for (int i = 0; i < invocations; i++)
                {
                    b.process();
                }
            }
            final long cpu1 = mx.getCurrentThreadCpuTime();
            nsPerPacket[round] = (double)(cpu1 - cpu0) /
                (preload ? made.length : (long)invocations * EngineBenchmark.BATCH);
            System.out.printf(Locale.ROOT, "round %2d: %.1f cpu-ns/packet (%.2f Mpps per cpu-s)%n", round + 1,
                nsPerPacket[round], 1000.0 / nsPerPacket[round]);
        }
        b.tearDown();
        // the first third is warm-up
        final double[] steady = Arrays.copyOfRange(nsPerPacket, rounds / 3, rounds);
        Arrays.sort(steady);
        final double median = steady[steady.length / 2];
        System.out.printf(Locale.ROOT, "%s %s: median %.1f cpu-ns/packet = %.2f Mpps per cpu-s (rounds %d-%d)%n",
            args[0], args[1], median, 1000.0 / median, rounds / 3 + 1, rounds);
    }
}
