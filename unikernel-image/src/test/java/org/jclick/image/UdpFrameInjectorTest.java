package org.jclick.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The injector against a loopback peer that does what QEMU's dgram backend plus an echoing guest would. */
class UdpFrameInjectorTest
{
    @TempDir
    Path tmp;

    @Test
    void framesOfAPcapGoOutAndWhatComesBackIsCapturedIntoAPcap() throws Exception
    {
        final List<byte[]> frames = new ArrayList<>();
        for (final int length : new int[] {60, 64, 1514, 9000, 42})
        {
            final byte[] f = new byte[length];
            for (int i = 0; i < length; i++)
            {
                f[i] = (byte)(i * 7 + length);
            }
            frames.add(f);
        }
        final Path in = tmp.resolve("in.pcap");
        UdpFrameInjector.write(in, frames);

        try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            UdpFrameInjector injector = new UdpFrameInjector(0, peer.getLocalPort()))
        {
            final Thread echo = Thread.ofPlatform().daemon().start(() -> {
                final byte[] buf = new byte[65536];
                try
                {
                    peer.setSoTimeout(10_000);
                    for (int i = 0; i < frames.size(); i++)
                    {
                        final DatagramPacket p = new DatagramPacket(buf, buf.length);
                        peer.receive(p);
                        // "the guest" swaps the two MAC addresses, as a macswap forwarder would
                        final byte[] out = java.util.Arrays.copyOf(p.getData(), p.getLength());
                        if (out.length >= 12)
                        {
                            for (int k = 0; k < 6; k++)
                            {
                                final byte t = out[k];
                                out[k] = out[k + 6];
                                out[k + 6] = t;
                            }
                        }
                        peer.send(new DatagramPacket(out, out.length, InetAddress.getLoopbackAddress(),
                            injector.hostPort()));
                    }
                }
                catch (final java.io.IOException e)
                {
                    // the test fails on the missing frames
                }
            });
            assertEquals(5, injector.send(in, Duration.ofMillis(1)));
            final Path out = tmp.resolve("out.pcap");
            assertEquals(5, injector.capture(out, 5, Duration.ofSeconds(10)));
            echo.join(5000);
            final List<byte[]> back = UdpFrameInjector.read(out);
            assertEquals(frames.size(), back.size());
            for (int i = 0; i < frames.size(); i++)
            {
                final byte[] expected = frames.get(i).clone();
                for (int k = 0; k < 6; k++)
                {
                    final byte t = expected[k];
                    expected[k] = expected[k + 6];
                    expected[k + 6] = t;
                }
                assertArrayEquals(expected, back.get(i), "frame " + i);
            }
        }
    }

    @Test
    void captureStopsAtItsTimeout() throws Exception
    {
        try (UdpFrameInjector injector = new UdpFrameInjector(0, QemuHarness.freeUdpPort()))
        {
            final long t0 = System.nanoTime();
            assertEquals(0, injector.capture(tmp.resolve("none.pcap"), 10, Duration.ofMillis(300)));
            final long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(true, ms >= 250 && ms < 5000, "waited " + ms + " ms");
            assertEquals(0, UdpFrameInjector.read(tmp.resolve("none.pcap")).size());
        }
    }
}
