package org.jclick.nic.bench;

import java.util.Locale;

import org.jclick.dataplane.packet.PacketAllocator;
import org.jclick.dataplane.packet.PacketBatch;
import org.jclick.nic.afpacket.PacketRxRing;
import org.jclick.nic.afpacket.PacketSockets;
import org.jclick.nic.afpacket.PacketTxRing;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A rough rate of the AF_PACKET rings on the loopback interface: one thread sends 64-byte frames of the
 * experimental EtherType 0x88B5 (dropped by the stack after the taps) through a transmit ring, this thread copies
 * them out of a receive ring. Not a test by name (surefire skips it): run it with
 * {@code -Dtest=AfPacketLoopbackBench -Djclick.afpacket.bench=true}; lo only. The loopback transmit runs
 * the whole receive path in the sender's system call, so the figure is the kernel's as much as jclick's, and noisy
 * on a shared machine.
 */
class AfPacketLoopbackBench
{
    private static volatile boolean running;

    @Test
    void loopbackRates() throws Exception
    {
        Assumptions.assumeTrue(Boolean.getBoolean("jclick.afpacket.bench"), "-Djclick.afpacket.bench=true runs it");
        final int ifindex = PacketSockets.interfaceIndex("lo");
        final long[] sent = new long[1];
        try (PacketRxRing rx = PacketRxRing.open("lo", ifindex, false, false, -1, 1 << 20, 64, 1))
        {
            running = true;
            final Thread sender = new Thread(() ->
            {
                try (PacketTxRing tx = PacketTxRing.open("lo", ifindex, 65536, 2048, 4 << 20);
                    PacketAllocator allocator = new PacketAllocator())
                {
                    final byte[] frame = new byte[64];
                    frame[12] = (byte)0x88;
                    frame[13] = (byte)0xB5;
                    final PacketBatch batch = new PacketBatch(32);
                    while (running)
                    {
                        for (int i = 0; i < 32; i++)
                        {
                            batch.add(allocator.make(frame, 0, frame.length));
                        }
                        sent[0] += tx.send(batch);
                    }
                }
            }, "sender");
            try (PacketAllocator allocator = new PacketAllocator())
            {
                final PacketBatch in = new PacketBatch(256);
                sender.start();
                for (int second = 0; second < 6; second++)
                {
                    final long start = System.nanoTime();
                    final long sentBefore = sent[0];
                    long received = 0;
                    long busyNs = 0;
                    while (System.nanoTime() - start < 1_000_000_000L)
                    {
                        final long t0 = System.nanoTime();
                        final int got = rx.receive(allocator, in, 256);
                        in.killAll();
                        in.clear();
                        if (got > 0)
                        {
                            busyNs += System.nanoTime() - t0;
                            received += got;
                        }
                    }
                    rx.pollStatistics();
                    System.out.printf(Locale.ROOT, "second %d: sent %.3f Mpps, received %.3f Mpps, kernel drops %d, " +
                        "%.0f ns per frame in receive() calls that returned frames (copy + kill)%n", second,
                        (sent[0] - sentBefore) / 1e6, received / 1e6, rx.kernelDrops(),
                        received == 0 ? 0.0 : (double)busyNs / received);
                }
            }
            finally
            {
                running = false;
                sender.join();
            }
        }
    }
}
