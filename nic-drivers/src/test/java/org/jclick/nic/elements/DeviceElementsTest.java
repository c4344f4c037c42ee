package org.jclick.nic.elements;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jclick.dataplane.element.ElementRegistry;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.runtime.Router;
import org.jclick.dataplane.runtime.RouterLoader;
import org.jclick.nic.testpmd.Testpmd;
import org.jclick.nic.testpmd.TestpmdVhostUserTest;
import org.junit.jupiter.api.Test;

class DeviceElementsTest
{
    private static Router load(final String config, final ErrorHandler errh)
    {
        return RouterLoader.fromText("test.click", config, Map.of(), ElementRegistry.loadDefault(),
            Router.Options.defaults(), errh);
    }

    @Test
    void theElementsAreRegistered()
    {
        assertNotNull(ElementRegistry.loadDefault().elementClass("FromDevice"));
        assertNotNull(ElementRegistry.loadDefault().elementClass("ToDevice"));
    }

    @Test
    void unsupportedDevicesAreAConfigureErrorWithTheElementsLocation()
    {
        final ErrorHandler.Buffer errh = new ErrorHandler.Buffer();
        assertNull(load("\n\nFromDevice(virtio-pci:4.0) -> ToDevice(bogus:eth0);\nFromDevice(virtio-mmio:0x12) -> ToDevice(vhost-user:/tmp/x.sock);",
            errh));
        final String text = errh.text();
        assertTrue(text.contains("test.click:3"), text);
        assertTrue(text.contains("virtio-pci:4.0': not a PCI address"), text);
        assertTrue(text.contains("device 'bogus:eth0': not supported"), text);
        assertTrue(text.contains("test.click:4"), text);
        assertTrue(text.contains("virtio-mmio register block is 4-byte aligned"), text);
    }

    @Test
    void inGuestDevicesAreRefusedOutsideTheApplianceWithTheElementsLocation()
    {
        org.junit.jupiter.api.Assumptions.assumeTrue(org.jclick.nic.pci.ApplianceGuard.whyNotInAppliance() != null,
            "running inside the appliance");
        final ErrorHandler.Buffer errh = new ErrorHandler.Buffer();
        assertNull(load("\n\nFromDevice(virtio-pci:0000:00:04.0) -> ToDevice(virtio-pci:0000:00:04.0);", errh));
        String text = errh.text();
        assertTrue(text.contains("test.click:3"), text);
        assertTrue(text.contains("\n  virtio-pci:0000:00:04.0: refused: a user-space driver touches PCI/MMIO " +
            "devices only inside the jclick appliance"), text);
        assertFalse(text.contains("\tat org."), "no stack trace: " + text);
        final ErrorHandler.Buffer errh2 = new ErrorHandler.Buffer();
        assertNull(load("FromDevice(virtio-mmio:0xfeb02e00) -> ToDevice(virtio-mmio:0xfeb02e00);", errh2));
        text = errh2.text();
        assertTrue(text.contains("test.click:1"), text);
        assertTrue(text.contains("virtio-mmio:0xfeb02e00: refused"), text);
        assertFalse(text.contains("\tat org."), "no stack trace: " + text);
    }

    @Test
    void keywordsAreChecked()
    {
        final ErrorHandler.Buffer errh = new ErrorHandler.Buffer();
        assertNull(load("FromDevice(vhost-user:/tmp/x.sock, BURST 1000, QUEUE 2) -> ToDevice(vhost-user:/tmp/x.sock);",
            errh));
        assertTrue(errh.text().contains("BURST must be in [1, 256]"), errh.text());
    }

    @Test
    void aConfigurationForwardsPcapFramesThroughTestpmd() throws Exception
    {
        forwardPcapFramesThroughTestpmd(false);
    }

    @Test
    void aConfigurationForwardsPcapFramesThroughTestpmdOverPackedRings() throws Exception
    {
        forwardPcapFramesThroughTestpmd(true);
    }

    private void forwardPcapFramesThroughTestpmd(final boolean packed) throws Exception
    {
        Testpmd.requireTestpmd();
        final Path dir = Files.createTempDirectory("jclick-elements");
        final Path socket = dir.resolve("nf.sock");
        final Path in = dir.resolve("in.pcap");
        final Path out = dir.resolve("out.pcap");
        final List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 300; i++)
        {
            frames.add(TestpmdVhostUserTest.frame(i));
        }
        TestpmdVhostUserTest.writePcap(in, frames);
        final Testpmd testpmd = new Testpmd("jclick-elements", 0,
            List.of("net_vhost0,iface=" + socket + ",queues=1", "net_pcap0,rx_pcap=" + in + ",tx_pcap=" + out),
            List.of("-i", "--no-flush-rx", "--total-num-mbufs=16384"), List.of(socket));
        Router router = null;
        try
        {
            testpmd.commandAndWait("set fwd io retry", 5000);
            testpmd.commandAndWait("set burst tx delay 100 retry 20000", 5000);
            final ErrorHandler.Buffer errh = new ErrorHandler.Buffer();
            final String rings = packed ? ", PACKED true" : "";
            // a Queue takes the backpressure when testpmd drains the transmit ring more slowly than frames come
            router = load("fd :: FromDevice(vhost-user:" + socket + ", BURST 32" + rings + ") -> q :: Queue(1024) -> " +
                "td :: ToDevice(vhost-user:" + socket + rings + ");", errh);
            assertNotNull(router, errh.text());
            testpmd.waitFor("new device", 10_000);
            testpmd.commandAndWait("start", 5000);
            final Router running = router;
            final Thread thread = new Thread(running::run, "router");
            thread.start();
            final long deadline = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < deadline && !read(running, "td", "count").equals("300"))
            {
                Thread.sleep(20);
            }
            Thread.sleep(300);
            running.stop();
            thread.join(10_000);
            // testpmd's counters first: when a count below falls short, they and the driver's say where frames went
            final String stats = testpmd.commandAndWait("stop", 10_000);
            final String driver = "fd: rx_packets " + read(router, "fd", "rx_packets") + ", rx_drops "
                + read(router, "fd", "rx_drops") + ", tx_drops " + read(router, "fd", "tx_drops") + ", protocol_errors "
                + read(router, "fd", "protocol_errors") + ", link " + read(router, "fd", "link") + "; "
                + read(router, "fd", "rx_ring") + "\n";
            assertEquals("300", read(router, "fd", "count"), driver + stats);
            assertEquals("300", read(router, "td", "count"), driver + stats);
            assertEquals("0", read(router, "q", "drops"), driver + stats);
            assertEquals("0", read(router, "td", "tx_drops"), driver + stats);
            assertEquals("up", read(router, "fd", "link"));
            assertEquals("0", read(router, "fd", "protocol_errors"));
            final String features = read(router, "fd", "features");
            assertEquals(packed, features.contains("RING_PACKED"), features);
            assertEquals(300, Testpmd.forwardStats(stats, 0)[0], stats);
            assertEquals(300, Testpmd.forwardStats(stats, 1)[1], stats);
            testpmd.close();
            final List<byte[]> written = TestpmdVhostUserTest.readPcap(out);
            assertEquals(frames.size(), written.size());
            for (int i = 0; i < frames.size(); i++)
            {
                assertArrayEquals(frames.get(i), written.get(i), "frame " + i);
            }
        }
        finally
        {
            if (router != null)
            {
                router.cleanup();
                router.releaseMemory();
            }
            testpmd.close();
            for (final Path p : List.of(in, out, socket))
            {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        }
    }

    /**
     * Two replicas (as {@code --threads 2} builds them: router k with shard k of 2) of one FromDevice on a vhost-user
     * backend with two queue pairs: one connection, replica k receives queue pair k only, and the totals match what
     * testpmd sent.
     */
    @Test
    void twoReplicasShareOneConnectionAndEachReceivesItsQueuePair() throws Exception
    {
        Testpmd.requireTestpmd();
        final Path dir = Files.createTempDirectory("jclick-mq");
        final Path socket = dir.resolve("mq.sock");
        final Testpmd testpmd = new Testpmd("jclick-elements-mq", 0,
            List.of("net_vhost0,iface=" + socket + ",queues=2"),
            List.of("-i", "--forward-mode=txonly", "--txpkts=64", "--rxq=2", "--txq=2", "--nb-cores=1",
                "--total-num-mbufs=16384"), List.of(socket));
        final List<Router> replicas = new ArrayList<>();
        final List<Thread> threads = new ArrayList<>();
        final String spec = "vhost-user:" + socket;
        try
        {
            final ElementRegistry registry = ElementRegistry.loadDefault();
            final String config = "fd :: FromDevice(" + spec + ") -> td :: ToDevice(" + spec + ");";
            for (int k = 0; k < 2; k++)
            {
                final ErrorHandler.Buffer errh = new ErrorHandler.Buffer();
                final org.jclick.lang.ConfigResult result = new org.jclick.lang.ClickFrontEnd(registry, List.of())
                    .clickCompatible().load("mq.click", config, Map.of());
                final Router router = Router.build(result.router(), registry, Router.Options.defaults(), errh);
                assertNotNull(router, errh.text());
                router.setShard(org.jclick.dataplane.runtime.Shard.of(k, 2));
                replicas.add(router);
                assertEquals(0, router.initialize(errh), errh.text());
            }
            final NicDevice device = NicDevice.processDevice(spec);
            assertNotNull(device, "one process-wide device");
            assertEquals(2, device.net().queuePairs(), "N_QUEUES from the replica count");
            assertEquals(1, ((org.jclick.nic.vhost.VhostUserTransport)device.net().transport()).connects(),
                "one connection for both replicas");
            assertEquals("0", read(replicas.get(0), "fd", "queue"));
            assertEquals("1", read(replicas.get(1), "fd", "queue"));
            testpmd.waitFor("new device", 10_000);
            for (final Router router : replicas)
            {
                final Thread thread = new Thread(router::run, "replica");
                threads.add(thread);
                thread.start();
            }
            testpmd.commandAndWait("start", 5000);
            final long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline &&
                (Long.parseLong(read(replicas.get(0), "fd", "count")) < 10_000 ||
                    Long.parseLong(read(replicas.get(1), "fd", "count")) < 10_000))
            {
                Thread.sleep(20);
            }
            final String stats = testpmd.commandAndWait("stop", 10_000);
            Thread.sleep(500); // the replicas drain their rings
            for (final Router router : replicas)
            {
                router.stop();
            }
            for (final Thread thread : threads)
            {
                thread.join(10_000);
            }
            final long count0 = Long.parseLong(read(replicas.get(0), "fd", "count"));
            final long count1 = Long.parseLong(read(replicas.get(1), "fd", "count"));
            assertTrue(count0 >= 10_000 && count1 >= 10_000, "both queues carried traffic: " + count0 + ", " + count1);
            assertEquals(device.net().rxPackets(0), count0, "replica 0 received queue pair 0 only");
            assertEquals(device.net().rxPackets(1), count1, "replica 1 received queue pair 1 only");
            assertEquals(Long.toString(count1), read(replicas.get(1), "fd", "rx_packets"), "the pair's counter");
            assertEquals(Testpmd.forwardStats(stats, 0)[1], count0 + count1, "every frame testpmd sent\n" + stats);
            assertEquals("0", read(replicas.get(0), "fd", "protocol_errors"));
        }
        finally
        {
            for (final Router router : replicas)
            {
                router.cleanup();
                router.releaseMemory();
            }
            assertNull(NicDevice.processDevice(spec), "closed with its last user");
            testpmd.close();
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
    }

    private static String read(final Router router, final String element, final String handler)
    {
        return router.handlers().find(router.find(element), handler).callRead("", ErrorHandler.silent());
    }
}
