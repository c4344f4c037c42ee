package org.jclick.nic.testpmd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketBatch;
import org.jclick.nic.sys.MemfdDmaMemory;
import org.jclick.nic.vhost.VhostUserTransport;
import org.jclick.nic.virtio.VirtioNet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Java driver against DPDK's vhost-user backend in testpmd (a real peer): frames and counters on both sides,
 * the pcap-in / pcap-out harness, and a backend restart. Skips when testpmd is missing (installs it with
 * {@code CI=true} or {@code -Djclick.nic.installDpdk=true}).
 */
public class TestpmdVhostUserTest
{
    private Path dir;
    private Path socket;
    private MemfdDmaMemory memory;
    private VirtioNet net;
    private final List<Testpmd> testpmds = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException
    {
        Testpmd.requireTestpmd();
        dir = Files.createTempDirectory("jclick-testpmd");
        socket = dir.resolve("vhost.sock");
        memory = MemfdDmaMemory.create("jclick-vhost", VirtioNet.requiredBytes(VirtioNet.Config.defaults()));
    }

    @AfterEach
    void tearDown() throws IOException
    {
        if (net != null)
        {
            net.close();
        }
        for (final Testpmd t : testpmds)
        {
            t.close();
        }
        if (memory != null)
        {
            memory.close();
        }
        if (dir != null)
        {
            try (var files = Files.list(dir))
            {
                for (final Path f : (Iterable<Path>)files::iterator)
                {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private Testpmd startEcho(final String prefix) throws IOException
    {
        final Testpmd t = new Testpmd(prefix, 0,
            List.of("net_vhost0,iface=" + socket + ",queues=1"),
            List.of("-i", "--forward-mode=macswap", "--auto-start", "--total-num-mbufs=16384"), List.of(socket));
        testpmds.add(t);
        return t;
    }

    private VirtioNet connect()
    {
        return connect(VirtioNet.Config.defaults());
    }

    private VirtioNet connect(final VirtioNet.Config config)
    {
        final VhostUserTransport transport = new VhostUserTransport(socket.toString(), memory);
        final VirtioNet driver = new VirtioNet(transport, memory, config);
        driver.start();
        return driver;
    }

    public static byte[] frame(final int index)
    {
        final int length = 60 + (index * 37) % 1400;
        final byte[] f = new byte[length];
        final byte[] dst = {0x02, 0, 0, 0, 0, 0x01};
        final byte[] src = {0x02, 0, 0, 0, 0, 0x02};
        System.arraycopy(dst, 0, f, 0, 6);
        System.arraycopy(src, 0, f, 6, 6);
        f[12] = 0x08;
        f[13] = 0x00;
        for (int i = 14; i < length; i++)
        {
            f[i] = (byte)(index + i * 13);
        }
        f[14] = (byte)(index >>> 8);
        f[15] = (byte)index;
        return f;
    }

    static byte[] macSwapped(final byte[] frame)
    {
        final byte[] s = frame.clone();
        System.arraycopy(frame, 0, s, 6, 6);
        System.arraycopy(frame, 6, s, 0, 6);
        return s;
    }

    private static byte[] bytes(final Packet p)
    {
        final byte[] data = new byte[p.length()];
        p.copyTo(0, data, 0, data.length);
        return data;
    }

    /** Sends {@code frames} in bursts of 32 (keeping fewer than the ring in flight) and collects what comes back. */
    private List<byte[]> exchange(final VirtioNet driver, final List<byte[]> frames, final long timeoutMs)
    {
        final List<byte[]> received = new ArrayList<>();
        final PacketBatch out = new PacketBatch(32);
        final PacketBatch in = new PacketBatch(32);
        int next = 0;
        final long deadline = System.currentTimeMillis() + timeoutMs;
        while (received.size() < frames.size() && System.currentTimeMillis() < deadline)
        {
            if (next < frames.size() && next - received.size() < 128)
            {
                while (!out.isFull() && next < frames.size())
                {
                    final byte[] f = frames.get(next++);
                    out.add(driver.pool().make(f, 0, f.length));
                }
                driver.txBurst(0, out);
                next -= out.size(); // left in the batch: resend them next turn
                out.killAll();
            }
            driver.rxBurst(0, in, 32);
            for (int i = 0; i < in.size(); i++)
            {
                received.add(bytes(in.get(i)));
            }
            in.killAll();
        }
        return received;
    }

    @Test
    void framesGoThroughTestpmdMacswapAndCountersAgree() throws IOException
    {
        final Testpmd testpmd = startEcho("jclick-echo");
        net = connect();
        assertTrue(net.inOrder(), "DPDK 22.11's vhost backend offers VIRTIO_F_IN_ORDER");
        echoTwoThousand(testpmd);
    }

    @Test
    void framesGoThroughTestpmdMacswapWithoutInOrder() throws IOException
    {
        final Testpmd testpmd = startEcho("jclick-echo-unordered");
        final VirtioNet.Config defaults = VirtioNet.Config.defaults();
        net = connect(defaults.withFeatureMask(defaults.featureMask() &
            ~org.jclick.nic.virtio.VirtioFeatures.bit(org.jclick.nic.virtio.VirtioFeatures.F_IN_ORDER)));
        assertFalse(net.inOrder());
        echoTwoThousand(testpmd);
    }

    private void echoTwoThousand(final Testpmd testpmd) throws IOException
    {
        assertTrue(net.linkUp());
        final List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 2000; i++)
        {
            frames.add(frame(i));
        }
        final List<byte[]> back = exchange(net, frames, 20_000);
        assertEquals(frames.size(), back.size(), "all frames echoed");
        for (int i = 0; i < frames.size(); i++)
        {
            assertArrayEquals(macSwapped(frames.get(i)), back.get(i), "frame " + i);
        }
        assertEquals(2000, net.txPackets());
        assertEquals(2000, net.rxPackets());
        assertEquals(0, net.protocolErrors());
        final String stats = testpmd.commandAndWait("stop", 10_000);
        final long[] port0 = Testpmd.forwardStats(stats, 0);
        assertEquals(2000, port0[0], "testpmd RX-packets\n" + stats);
        assertEquals(2000, port0[1], "testpmd TX-packets\n" + stats);
        assertEquals(0, port0[2], "testpmd TX-dropped");
    }

    @Test
    void framesGoThroughTestpmdMacswapOverPackedRings() throws IOException
    {
        final Testpmd testpmd = startEcho("jclick-echo-packed");
        net = connect(VirtioNet.Config.defaults().withPackedRing(true));
        assertTrue(net.packedRing(), "DPDK 22.11's vhost backend offers VIRTIO_F_RING_PACKED");
        assertTrue(net.linkUp());
        final List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 3000; i++) // about 12 laps of each 256-entry ring
        {
            frames.add(frame(i));
        }
        final List<byte[]> back = exchange(net, frames, 20_000);
        assertEquals(frames.size(), back.size(), () -> "all frames echoed; driver: rx " + describe(net.rxQueue(0)) +
            ", tx " + describe(net.txQueue(0)) + ", testpmd:\n" + stopForDiagnosis(testpmd));
        for (int i = 0; i < frames.size(); i++)
        {
            assertArrayEquals(macSwapped(frames.get(i)), back.get(i), "frame " + i);
        }
        assertEquals(3000, net.txPackets());
        assertEquals(3000, net.rxPackets());
        assertEquals(0, net.protocolErrors());
        final String stats = testpmd.commandAndWait("stop", 10_000);
        final long[] port0 = Testpmd.forwardStats(stats, 0);
        assertEquals(3000, port0[0], "testpmd RX-packets\n" + stats);
        assertEquals(3000, port0[1], "testpmd TX-packets\n" + stats);
        assertEquals(0, port0[2], "testpmd TX-dropped");
    }

    private static String stopForDiagnosis(final Testpmd testpmd)
    {
        try
        {
            return testpmd.commandAndWait("stop", 10_000);
        }
        catch (final IOException e)
        {
            return e.toString();
        }
    }

    private static String describe(final org.jclick.nic.virtio.Virtqueue queue)
    {
        return "in flight " + queue.inFlight() + ", free " + queue.freeDescriptors() + ", pending " +
            queue.pendingUsed() + ", error " + org.jclick.nic.virtio.SplitVirtqueue.errorName(queue.lastError());
    }

    @Test
    void framesFromAPcapComeBackToAPcapUnchanged() throws IOException
    {
        final Path in = dir.resolve("in.pcap");
        final Path out = dir.resolve("out.pcap");
        final List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 500; i++)
        {
            frames.add(frame(i));
        }
        writePcap(in, frames);
        final Testpmd testpmd = new Testpmd("jclick-pcap", 0,
            List.of("net_vhost0,iface=" + socket + ",queues=1", "net_pcap0,rx_pcap=" + in + ",tx_pcap=" + out),
            List.of("-i", "--no-flush-rx", "--total-num-mbufs=16384"), List.of(socket));
        testpmds.add(testpmd);
        testpmd.commandAndWait("set fwd io retry", 5000);
        testpmd.commandAndWait("set burst tx delay 100 retry 20000", 5000);
        net = connect();
        testpmd.waitFor("new device", 10_000);
        testpmd.commandAndWait("start", 5000);
        // the configuration: pass every frame back (the output "run from file" is the input itself)
        final PacketBatch batch = new PacketBatch(32);
        final long deadline = System.currentTimeMillis() + 20_000;
        while (net.txPackets() < frames.size() && System.currentTimeMillis() < deadline)
        {
            net.rxBurst(0, batch, 32);
            while (!batch.isEmpty() && System.currentTimeMillis() < deadline)
            {
                net.txBurst(0, batch);
            }
        }
        sleepMs(300);
        final String stats = testpmd.commandAndWait("stop", 10_000);
        testpmd.close();
        assertEquals(frames.size(), net.rxPackets());
        assertEquals(frames.size(), net.txPackets());
        final long[] vhost = Testpmd.forwardStats(stats, 0);
        final long[] pcap = Testpmd.forwardStats(stats, 1);
        assertEquals(frames.size(), pcap[0], "pcap RX\n" + stats);
        assertEquals(frames.size(), vhost[1], "vhost TX (to jclick)\n" + stats);
        assertEquals(frames.size(), vhost[0], "vhost RX (from jclick)\n" + stats);
        assertEquals(frames.size(), pcap[1], "pcap TX\n" + stats);
        final List<byte[]> written = readPcap(out);
        assertEquals(frames.size(), written.size());
        for (int i = 0; i < frames.size(); i++)
        {
            assertArrayEquals(frames.get(i), written.get(i), "frame " + i);
        }
    }

    @Test
    void aRestartedBackendIsReconnected() throws IOException
    {
        final Testpmd first = startEcho("jclick-restart1");
        net = connect();
        assertEquals(50, exchange(net, frames(50), 10_000).size());
        first.kill();
        sleepMs(200);
        assertFalse(net.linkUp(), "link down once the backend is gone");
        final PacketBatch batch = new PacketBatch(32);
        net.rxBurst(0, batch, 32); // nothing crashes while it is gone
        batch.killAll();
        startEcho("jclick-restart2");
        net.reset();
        assertTrue(net.linkUp());
        assertEquals(50, exchange(net, frames(50), 10_000).size());
        assertTrue(((VhostUserTransport)net.transport()).connects() >= 2, "reconnected");
    }

    @Test
    void withEventfdsTheDriverSleepsUntilTheBackendCallsAndKicksOnlyWhenAsked() throws Exception
    {
        // a txonly backend, stopped: nothing arrives until the test starts it
        final Testpmd testpmd = new Testpmd("jclick-notify", 0, List.of("net_vhost0,iface=" + socket + ",queues=1"),
            List.of("-i", "--forward-mode=txonly", "--txpkts=64", "--total-num-mbufs=16384"), List.of(socket));
        testpmds.add(testpmd);
        final VhostUserTransport transport = new VhostUserTransport(socket.toString(), memory, 2_000_000_000L,
            false, true);
        net = new VirtioNet(transport, memory, VirtioNet.Config.defaults());
        net.start();
        testpmd.waitFor("new device", 10_000);
        assertTrue(transport.notifiesDriver());
        // idle: the wait times out
        final long idleStartNs = System.nanoTime();
        assertFalse(net.rxWait(0, 100_000_000L), "no call while the backend is stopped");
        assertTrue(System.nanoTime() - idleStartNs >= 80_000_000L, "blocked for the timeout");
        // the backend starts sending after 300 ms: the blocked driver is woken by its call eventfd
        final Thread starter = new Thread(() ->
        {
            sleepMs(300);
            try
            {
                testpmd.command("start");
            }
            catch (final IOException e)
            {
                throw new java.io.UncheckedIOException(e);
            }
        });
        starter.start();
        final long startNs = System.nanoTime();
        final boolean woken = net.rxWait(0, 10_000_000_000L);
        final long waitedNs = System.nanoTime() - startNs;
        starter.join();
        assertTrue(woken, "woken by the backend's call");
        assertTrue(waitedNs < 9_000_000_000L, "before the timeout: " + waitedNs / 1_000_000 + " ms");
        assertTrue(transport.calls() >= 1);
        final PacketBatch batch = new PacketBatch(32);
        assertTrue(net.rxBurst(0, batch, 32) > 0, "frames waiting after the call");
        batch.killAll();
        testpmd.commandAndWait("stop", 10_000);
        // transmit with kick eventfds: the backend polls and suppresses notifications, so the driver kicks rarely
        final byte[] f = frame(1);
        int sent = 0;
        for (int round = 0; round < 200; round++)
        {
            for (int i = 0; i < 8; i++)
            {
                batch.add(net.pool().make(f, 0, f.length));
            }
            sent += net.txBurst(0, batch);
            batch.killAll();
            while (net.rxBurst(0, batch, 32) > 0)
            {
                batch.killAll();
            }
        }
        assertTrue(sent > 0);
        assertTrue(transport.kicks() < sent / 8, "kicks " + transport.kicks() + " for " + sent + " frames: " +
            "the driver follows the backend's suppression");
        assertEquals(0, net.protocolErrors());
    }

    @Test
    void twoQueuePairsOverOneConnectionEachReceiveTheirQueue() throws Exception
    {
        final Testpmd testpmd = new Testpmd("jclick-mq", 0, List.of("net_vhost0,iface=" + socket + ",queues=2"),
            List.of("-i", "--forward-mode=txonly", "--txpkts=64", "--rxq=2", "--txq=2", "--nb-cores=1",
                "--total-num-mbufs=16384"), List.of(socket));
        testpmds.add(testpmd);
        memory.close();
        final VirtioNet.Config config = VirtioNet.Config.defaults().withQueuePairs(2);
        memory = MemfdDmaMemory.create("jclick-mq", VirtioNet.requiredBytes(config));
        final VhostUserTransport transport = new VhostUserTransport(socket.toString(), memory, 2_000_000_000L,
            false, false, 2);
        assertTrue(transport.backendQueuePairs() >= 2,
            "GET_QUEUE_NUM with PROTOCOL_F_MQ: " + transport.backendQueuePairs());
        net = new VirtioNet(transport, memory, config);
        net.start();
        assertEquals(2, net.queuePairs());
        assertTrue(transport.controlCommands() >= 1, "VQ_PAIRS_SET through the emulated control queue");
        testpmd.waitFor("new device", 10_000);
        testpmd.commandAndWait("start", 5000);
        final PacketBatch batch = new PacketBatch(32);
        final long deadline = System.currentTimeMillis() + 10_000;
        while ((net.rxPackets(0) < 1000 || net.rxPackets(1) < 1000) && System.currentTimeMillis() < deadline)
        {
            for (int q = 0; q < 2; q++)
            {
                net.rxBurst(q, batch, 32);
                batch.killAll();
            }
        }
        final String stats = testpmd.commandAndWait("stop", 10_000);
        for (int i = 0; i < 1000; i++)
        {
            for (int q = 0; q < 2; q++)
            {
                net.rxBurst(q, batch, 32);
                batch.killAll();
            }
        }
        assertTrue(net.rxPackets(0) >= 1000, "queue 0: " + net.rxPackets(0));
        assertTrue(net.rxPackets(1) >= 1000, "queue 1: " + net.rxPackets(1));
        assertEquals(Testpmd.forwardStats(stats, 0)[1], net.rxPackets(), "every frame testpmd sent\n" + stats);
        assertEquals(0, net.protocolErrors());
    }

    private static List<byte[]> frames(final int n)
    {
        final List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < n; i++)
        {
            frames.add(frame(i));
        }
        return frames;
    }

    private static void sleepMs(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }

    public static void writePcap(final Path path, final List<byte[]> frames) throws IOException
    {
        int total = 24;
        for (final byte[] f : frames)
        {
            total += 16 + f.length;
        }
        final ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xA1B2C3D4).putShort((short)2).putShort((short)4).putInt(0).putInt(0).putInt(65535).putInt(1);
        int i = 0;
        for (final byte[] f : frames)
        {
            b.putInt(1_700_000_000 + i).putInt(i++).putInt(f.length).putInt(f.length).put(f);
        }
        Files.write(path, b.array());
    }

    public static List<byte[]> readPcap(final Path path) throws IOException
    {
        final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN);
        final int magic = b.getInt(0);
        if (magic == 0xA1B23C4D || magic == 0xA1B2C3D4)
        {
            b.position(24);
        }
        else
        {
            throw new IOException("not a little-endian pcap: " + Integer.toHexString(magic));
        }
        final List<byte[]> frames = new ArrayList<>();
        while (b.remaining() >= 16)
        {
            b.getInt();
            b.getInt();
            final int captured = b.getInt();
            b.getInt();
            final byte[] f = new byte[captured];
            b.get(f);
            frames.add(f);
        }
        return frames;
    }
}
