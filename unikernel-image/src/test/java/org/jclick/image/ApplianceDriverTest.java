package org.jclick.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jclick.cli.Streams;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * jclick itself in the appliance, driving the guest's NIC with its own driver ({@code FromDevice}/{@code ToDevice}
 * over the in-guest transports, {@code org.jclick.nic.virtio.VirtioNet} on hugepage memory), one boot per machine
 * type: microvm with virtio-mmio (version 1), q35 with the legacy interface of a transitional virtio-net-pci, q35
 * with a modern-only one over uio_pci_generic, and q35 with a modern-only one behind QEMU's emulated IOMMU
 * (intel-iommu, {@code iommu_platform=on}), bound to vfio-pci, its DMA memory mapped with VFIO_IOMMU_MAP_DMA. The configuration changes packets and drops some ({@code Strip(14) -> CheckIPHeader ->
 * IPFilter -> DecIPTTL -> Unstrip(14)}); the host injects a pcap through QEMU's dgram backend, captures what comes
 * back, and checks it equals what the same configuration writes when run on the host from a file (FromDump/ToDump
 * through {@code org.jclick.cli.Main.run}).
 * <p>
 * Skip with {@code -Djclick.image.skip=true}. Without QEMU or the kernel package the test is skipped, except
 * under {@code CI=true}, where that is a failure.
 */
@Tag("qemu")
class ApplianceDriverTest
{
    static final String MAC = "52:54:00:12:34:56";
    static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120);
    static final int FRAMES = 16;

    /** The processing both runs share; SRC and DST are the device (guest) or the files (host). */
    static final String PROCESSING = """
        @SRC@
          -> c :: Counter
          -> Strip(14)
          -> CheckIPHeader
          -> IPFilter(deny tcp, allow all)
          -> DecIPTTL
          -> Unstrip(14)
          -> out :: Counter
          -> @DST@;
        """;

    /** The guest's extra: says when it is ready, stops once every frame came in and the last ones went out. */
    static final String GUEST_SCRIPT = """
        Script(TYPE ACTIVE,
               print "jclick-driver: ready",
               label wait_frames,
               wait 0.2,
               goto wait_frames $(lt $(c.count) %d),
               wait 2,
               print "jclick-driver: in $(c.count) out $(out.count) sent $(td.count) link $(td.link)",
               stop);
        """.formatted(FRAMES);

    static final Pattern DONE = Pattern.compile("^jclick-driver: in (\\d+) out (\\d+) sent (\\d+) link (\\w+)");

    static ImageBuilder.Image image;
    static Path work;
    static List<byte[]> input;
    static List<byte[]> expected;

    /** The guest configuration for device {@code spec}. */
    static String guestConfig(final String spec)
    {
        return PROCESSING.replace("@SRC@", "FromDevice(" + spec + ")").replace("@DST@", "td :: ToDevice(" + spec + ")")
            + GUEST_SCRIPT;
    }

    static final String MMIO_SPEC = "virtio-mmio:0x" + Long.toHexString(QemuHarness.MICROVM_MMIO_ADDRESS);
    static final String LEGACY_SPEC = "virtio-pci-legacy:" + QemuHarness.Q35_NIC_ADDRESS;
    static final String MODERN_SPEC = "virtio-pci:" + QemuHarness.Q35_NIC_ADDRESS;
    static final String VFIO_SPEC = "virtio-pci-vfio:" + QemuHarness.Q35_NIC_ADDRESS;

    @BeforeAll
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    static void buildImageAndExpectedOutput() throws Exception
    {
        Assumptions.assumeFalse(Boolean.getBoolean("jclick.image.skip"), "jclick.image.skip=true");
        final boolean ci = "true".equals(System.getenv("CI"));
        try
        {
            QemuHarness.qemuBinary(true);
        }
        catch (final IOException e)
        {
            if (ci)
            {
                fail("CI=true and QEMU is missing: " + e.getMessage());
            }
            Assumptions.abort("no QEMU: " + e.getMessage());
        }
        work = Path.of(System.getProperty("jclick.image.work", "target/appliance")).toAbsolutePath();
        Files.createDirectories(work);

        // the expected output: the same processing on the host, from a pcap to a pcap
        input = testFrames();
        final Path in = work.resolve("driver-in.pcap");
        final Path hostOut = work.resolve("driver-host-out.pcap");
        UdpFrameInjector.write(in, input);
        Files.deleteIfExists(hostOut);
        final Path hostConfig = work.resolve("driver-host.click");
        Files.writeString(hostConfig, PROCESSING.replace("@SRC@", "FromDump(" + in + ", STOP true, TIMING false)")
            .replace("@DST@", "ToDump(" + hostOut + ")"));
        final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        final int rc = org.jclick.cli.Main.run(new String[] {"run", hostConfig.toString()},
            Streams.of(new java.io.ByteArrayInputStream(new byte[0]), stdout, stderr));
        assertEquals(0, rc, "the host run: " + stderr.toString(StandardCharsets.UTF_8));
        expected = UdpFrameInjector.read(hostOut);
        // the configuration must both change and drop frames, or the comparison proves little
        assertTrue(expected.size() > 0 && expected.size() < FRAMES, "host output " + expected.size() + " frames");
        assertTrue(expected.get(0).length == input.get(0).length && !java.util.Arrays.equals(expected.get(0),
            input.get(0)), "DecIPTTL changed the first frame");

        final List<Path> cp = ImageBuilder.withoutTestEntries(
            System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        final ImageBuilder builder = new ImageBuilder(work).classpath(cp).name("jclick-driver")
            .file("/driver-mmio.click", guestConfig(MMIO_SPEC).getBytes(StandardCharsets.UTF_8))
            .file("/driver-pci-legacy.click", guestConfig(LEGACY_SPEC).getBytes(StandardCharsets.UTF_8))
            .file("/driver-pci-modern.click", guestConfig(MODERN_SPEC).getBytes(StandardCharsets.UTF_8))
            .file("/driver-pci-vfio.click", guestConfig(VFIO_SPEC).getBytes(StandardCharsets.UTF_8));
        try
        {
            image = builder.build();
        }
        catch (final IOException e)
        {
            if (ci || !e.getMessage().contains("apt-"))
            {
                throw e;
            }
            Assumptions.abort("cannot fetch the kernel package: " + e.getMessage());
        }
        builder.log().forEach(l -> System.out.println("[image] " + l));
    }

    /**
     * IPv4 frames to the guest's MAC: UDP and TCP (the filter drops TCP), one with TTL 1 (DecIPTTL drops it), one
     * with a bad header checksum (CheckIPHeader drops it), sizes from 60 to about 1100 bytes.
     */
    static List<byte[]> testFrames()
    {
        final List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < FRAMES; i++)
        {
            final int length = 60 + (i * 137) % 1050;
            final byte[] f = new byte[length];
            final byte[] head = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56, 0x02, 0, 0, 0, 0, (byte)(i + 1), 0x08, 0x00};
            System.arraycopy(head, 0, f, 0, head.length);
            final int ip = 14;
            final int ipLength = length - 14;
            final boolean tcp = i % 3 == 2;
            f[ip] = 0x45;
            f[ip + 2] = (byte)(ipLength >>> 8);
            f[ip + 3] = (byte)ipLength;
            f[ip + 4] = (byte)(i >>> 8);
            f[ip + 5] = (byte)i;
            f[ip + 8] = (byte)(i == 4 ? 1 : 64); // TTL
            f[ip + 9] = (byte)(tcp ? 6 : 17);
            final byte[] src = {10, 0, 0, (byte)(i + 1)};
            final byte[] dst = {10, 0, 1, 1};
            System.arraycopy(src, 0, f, ip + 12, 4);
            System.arraycopy(dst, 0, f, ip + 16, 4);
            for (int k = ip + 20; k < length; k++)
            {
                f[k] = (byte)(k * 31 + i);
            }
            // transport ports (the payload pattern fills the rest); UDP length for UDP
            f[ip + 20] = 0x30;
            f[ip + 21] = (byte)i;
            f[ip + 22] = 0x00;
            f[ip + 23] = 0x35;
            if (!tcp)
            {
                f[ip + 24] = (byte)((ipLength - 20) >>> 8);
                f[ip + 25] = (byte)(ipLength - 20);
                f[ip + 26] = 0;
                f[ip + 27] = 0; // no UDP checksum
            }
            final int sum = ipChecksum(f, ip);
            f[ip + 10] = (byte)(sum >>> 8);
            f[ip + 11] = (byte)(i == 7 ? sum + 1 : sum); // frame 7: a bad checksum
            frames.add(f);
        }
        return frames;
    }

    static int ipChecksum(final byte[] f, final int ip)
    {
        int sum = 0;
        for (int k = 0; k < 20; k += 2)
        {
            if (k != 10)
            {
                sum += ((f[ip + k] & 0xff) << 8) | (f[ip + k + 1] & 0xff);
            }
        }
        while ((sum >>> 16) != 0)
        {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return ~sum & 0xffff;
    }

    /**
     * Boots {@code boot} running jclick on {@code configFile}, injects the frames once the router is up, and checks
     * that what comes back equals the host run's output and that jclick stopped cleanly.
     */
    static List<String> runAndCompare(final String label, final QemuHarness.Boot boot, final String configFile)
        throws Exception
    {
        final Path log = work.resolve("console-driver-" + label + ".log");
        final List<String> console;
        final List<byte[]> back;
        try (UdpFrameInjector injector = new UdpFrameInjector(0, 0);
            QemuHarness qemu = QemuHarness.boot(image, boot.hostPort(injector.hostPort())
                .args(List.of("run", "--no-progress", configFile)), log))
        {
            injector.retarget(qemu.guestPort());
            final QemuHarness.Line ready = qemu.awaitLine(Pattern.compile("^jclick-driver: ready"), BOOT_TIMEOUT);
            assertNotNull(ready, label + ": jclick never got ready; console in " + log + ":\n" + qemu.console());
            final Path in = work.resolve("driver-in.pcap");
            assertEquals(FRAMES, injector.send(in, Duration.ofMillis(50)));
            final Path out = work.resolve("driver-" + label + "-out.pcap");
            final int captured = injector.capture(out, expected.size(), Duration.ofSeconds(40));
            back = UdpFrameInjector.read(out);
            final QemuHarness.Line exit = qemu.awaitLine(Pattern.compile("^jclick-init: exit"), BOOT_TIMEOUT);
            qemu.awaitExit(Duration.ofSeconds(20));
            // the guest has stopped: a frame too many would be waiting in the socket by now
            final List<byte[]> extra = injector.receive(1, Duration.ofMillis(500));
            assertTrue(extra.isEmpty(), label + ": more frames came back than the host run wrote");
            console = qemu.lines().stream().map(QemuHarness.Line::text).toList();
            assertNotNull(exit, label + ": jclick did not stop; console in " + log + ":\n" + String.join("\n",
                console));
            assertEquals(expected.size(), captured, label + ": frames that came back (pcap " + out + "); console:\n" +
                String.join("\n", console));
            System.out.printf("[driver] %s: ready at %.2f s, %d frames in, %d back, jclick exit at %.2f s " +
                "(host clock from QEMU start, TCG)%n", label, ready.atNs() / 1e9, FRAMES, captured, exit.atNs() / 1e9);
        }
        for (int i = 0; i < expected.size(); i++)
        {
            assertArrayEquals(expected.get(i), back.get(i), label + ": frame " + i + " differs from the host run's");
        }
        Matcher done = null;
        for (final String line : console)
        {
            final Matcher m = DONE.matcher(line);
            if (m.find())
            {
                done = m;
            }
        }
        assertNotNull(done, "no 'jclick-driver: in' line:\n" + String.join("\n", console));
        assertEquals(FRAMES, Integer.parseInt(done.group(1)), "frames the guest's FromDevice counted");
        assertEquals(expected.size(), Integer.parseInt(done.group(2)), "frames through the processing");
        assertEquals(expected.size(), Integer.parseInt(done.group(3)), "frames ToDevice sent");
        assertEquals("up", done.group(4));
        assertTrue(console.stream().anyMatch(l -> l.startsWith("jclick-init: exit 0")),
            "jclick exits with 0:\n" + String.join("\n", console));
        return console;
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void microvmWithVirtioMmio() throws Exception
    {
        runAndCompare("microvm-mmio", new QemuHarness.Boot().machine(QemuHarness.Machine.MICROVM_MMIO).mac(MAC)
            .modules("").hugepages(4), "/driver-mmio.click");
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void q35WithTheLegacyInterfaceOfATransitionalDevice() throws Exception
    {
        runAndCompare("q35-legacy", new QemuHarness.Boot().machine(QemuHarness.Machine.Q35_LEGACY).mac(MAC)
            .hugepages(4), "/driver-pci-legacy.click");
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void q35WithAModernDevice() throws Exception
    {
        runAndCompare("q35-modern", new QemuHarness.Boot().machine(QemuHarness.Machine.Q35_MODERN).mac(MAC)
            .hugepages(4), "/driver-pci-modern.click");
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void q35WithAModernDeviceThroughVfio() throws Exception
    {
        // only the VFIO modules: no uio_pci_generic to fall back on, and behind the IOMMU a guest physical address
        // in a descriptor would fault (DMAR) instead of reaching the hugepages
        final List<String> console = runAndCompare("q35-vfio", new QemuHarness.Boot()
            .machine(QemuHarness.Machine.Q35_MODERN).iommu(true).mac(MAC).modules("vfio_iommu_type1,vfio-pci")
            .hugepages(4), "/driver-pci-vfio.click");
        final String all = String.join("\n", console);
        assertTrue(console.stream().anyMatch(l -> l.startsWith("jclick-init: pci " + QemuHarness.Q35_NIC_ADDRESS +
            " [0x1af4:0x1041] driver vfio-pci")), "jclick bound the NIC to vfio-pci:\n" + all);
        assertTrue(console.stream().noneMatch(l -> l.contains("DMAR") && l.contains("ault")),
            "no IOMMU faults:\n" + all);
    }
}
