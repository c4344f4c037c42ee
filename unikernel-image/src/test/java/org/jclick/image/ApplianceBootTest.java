package org.jclick.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Builds the appliance and boots it under QEMU (TCG) on each machine type. In each guest, {@link GuestMain} first
 * drives the NIC with this project's in-guest transports (reset, ACKNOWLEDGE, DRIVER, feature bits, the MAC from
 * the device configuration, hugepage DMA memory with physical addresses), then runs jclick on a configuration
 * that prints one line. The test checks the MAC the guest read equals the one given to QEMU, and that jclick ran.
 * An echo probe brings the NIC up with split rings in hugepage memory; the host injects a pcap through QEMU's
 * dgram backend on loopback, captures what comes back into a pcap, and checks it equals what went in.
 * <p>
 * A fifth boot does the same through VFIO, the NIC behind QEMU's emulated IOMMU.
 * <p>
 * Skip with {@code -Djclick.image.skip=true} (or exclude the tag {@code qemu}). Without QEMU or the Debian
 * package archive the test is skipped, except under {@code CI=true}, where that is a failure.
 */
@Tag("qemu")
class ApplianceBootTest
{
    static final String MAC = "52:54:00:12:34:56";
    static final Duration BOOT_TIMEOUT = Duration.ofSeconds(150);
    static final int ECHO_FRAMES = 8;
    static final Pattern PROBE = Pattern.compile("^probe: ok transport=(\\S+) .*legacy=(\\w+) mac=(\\S+) " +
        "features=0x([0-9a-f]+) version1=(\\w+)");

    static ImageBuilder.Image image;
    static Path work;

    @BeforeAll
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    static void buildImage() throws Exception
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
        work = Path.of(System.getProperty("jclick.image.work", "target/appliance"));
        final List<Path> cp = ImageBuilder.withoutTestEntries(
            System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        final ImageBuilder builder = new ImageBuilder(work).classpath(cp);
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

    /** What the host does while the guest runs. */
    interface Interaction
    {
        void with(QemuHarness qemu, UdpFrameInjector injector) throws Exception;
    }

    /** Boots, runs {@code interaction}, waits for init's exit line, and returns the timings. */
    static QemuHarness.Line[] boot(final String label, final QemuHarness.Boot boot, final List<String> console,
        final Interaction interaction) throws Exception
    {
        final Path log = work.resolve("console-" + label + ".log");
        try (UdpFrameInjector injector = new UdpFrameInjector(0, 0);
            QemuHarness qemu = QemuHarness.boot(image, boot.hostPort(injector.hostPort()), log))
        {
            if (interaction != null)
            {
                interaction.with(qemu, injector.retarget(qemu.guestPort()));
            }
            final QemuHarness.Line start = qemu.awaitLine(Pattern.compile("^jclick-init: start"), BOOT_TIMEOUT);
            final QemuHarness.Line exec = qemu.awaitLine(Pattern.compile("^jclick-init: exec java"), BOOT_TIMEOUT);
            final QemuHarness.Line exit = qemu.awaitLine(Pattern.compile("^jclick-init: exit"), BOOT_TIMEOUT);
            qemu.awaitExit(Duration.ofSeconds(20));
            console.addAll(qemu.lines().stream().map(QemuHarness.Line::text).toList());
            assertNotNull(exit, label + ": the guest did not finish within " + BOOT_TIMEOUT.toSeconds() + " s; " +
                "console in " + log + ":\n" + String.join("\n", console));
            QemuHarness.Line firstJvmLine = null;
            for (final QemuHarness.Line l : qemu.lines())
            {
                if (l.atNs() > exec.atNs() && !l.text().startsWith("[") && !l.text().startsWith("jclick-init:"))
                {
                    firstJvmLine = l;
                    break;
                }
            }
            System.out.printf("[boot] %s: /init at %.2f s, java started at %.2f s, first JVM line at %.2f s, " +
                "init exit at %.2f s (host clock from QEMU start, TCG)%n", label, start.atNs() / 1e9,
                exec.atNs() / 1e9, firstJvmLine == null ? -1.0 : firstJvmLine.atNs() / 1e9, exit.atNs() / 1e9);
            return new QemuHarness.Line[] {start, exec, firstJvmLine, exit};
        }
    }

    /** Frames of several lengths, addressed to the guest's MAC, with a local experimental EtherType. */
    static List<byte[]> testFrames(final int count)
    {
        final List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            final byte[] f = new byte[60 + i * 97 % 1400];
            final byte[] head = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56, 0x02, 0, 0, 0, 0, (byte)(i + 1), (byte)0x88,
                (byte)0xb5};
            System.arraycopy(head, 0, f, 0, head.length);
            for (int k = head.length; k < f.length; k++)
            {
                f[k] = (byte)(k * 31 + i);
            }
            frames.add(f);
        }
        return frames;
    }

    /**
     * Waits for the guest's echo probe, sends a pcap of frames through QEMU's dgram backend, captures what comes
     * back into a pcap and checks it equals what was sent.
     */
    static Interaction echo(final String label, final int count)
    {
        return (qemu, injector) -> {
            final QemuHarness.Line ready = qemu.awaitLine(Pattern.compile("^probe: echo ready"), BOOT_TIMEOUT);
            assertNotNull(ready, label + ": the echo probe never got ready:\n" + qemu.console());
            final List<byte[]> frames = testFrames(count);
            final Path in = work.resolve("echo-" + label + "-in.pcap");
            final Path out = work.resolve("echo-" + label + "-out.pcap");
            UdpFrameInjector.write(in, frames);
            assertEquals(count, injector.send(in, Duration.ofMillis(50)));
            assertEquals(count, injector.capture(out, count, Duration.ofSeconds(60)),
                label + ": frames that came back (pcap " + out + ")");
            final List<byte[]> back = UdpFrameInjector.read(out);
            for (int i = 0; i < count; i++)
            {
                org.junit.jupiter.api.Assertions.assertArrayEquals(frames.get(i), back.get(i), label + " frame " + i);
            }
        };
    }

    static Matcher probeLine(final List<String> console, final String transportPrefix)
    {
        for (final String line : console)
        {
            final Matcher m = PROBE.matcher(line);
            if (m.find() && m.group(1).startsWith(transportPrefix))
            {
                return m;
            }
        }
        fail("no 'probe: ok' line for " + transportPrefix + " in:\n" + String.join("\n", console));
        return null;
    }

    static void assertEchoed(final List<String> console, final String transport)
    {
        final String expected = "probe: ok echo transport=" + transport + " frames=" + ECHO_FRAMES + " ";
        assertTrue(console.stream().anyMatch(l -> l.startsWith(expected)),
            "no '" + expected + "' line:\n" + String.join("\n", console));
    }

    static void assertJclickRan(final List<String> console)
    {
        assertTrue(console.stream().anyMatch(l -> l.startsWith("jclick-appliance-hello:")),
            "jclick's Print line is missing:\n" + String.join("\n", console));
        assertTrue(console.stream().anyMatch(l -> l.startsWith("jclick-init: exit 0")),
            "jclick did not exit with 0:\n" + String.join("\n", console));
    }

    static void assertHugepages(final List<String> console)
    {
        final Pattern p = Pattern.compile("^probe: ok hugepages=2 physical=0x([0-9a-f]+),0x([0-9a-f]+)");
        for (final String line : console)
        {
            final Matcher m = p.matcher(line);
            if (m.find())
            {
                for (int g = 1; g <= 2; g++)
                {
                    final long pa = Long.parseLong(m.group(g), 16);
                    assertTrue(pa != 0 && (pa & ((2 << 20) - 1)) == 0, "a 2 MiB aligned physical address: " + line);
                }
                return;
            }
        }
        fail("no hugepage probe line:\n" + String.join("\n", console));
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void microvmWithVirtioMmio() throws Exception
    {
        final List<String> console = new ArrayList<>();
        boot("microvm-mmio", new QemuHarness.Boot().machine(QemuHarness.Machine.MICROVM_MMIO).mac(MAC)
            .mainClass(GuestMain.class.getName()).modules("").hugepages(4)
            .args(List.of("mmio:0x" + Long.toHexString(QemuHarness.MICROVM_MMIO_ADDRESS), "hugepages:4",
                "echo-mmio:0xfeb02e00/" + ECHO_FRAMES, GuestMain.SEPARATOR, "run", "/config.click")), console,
            echo("microvm-mmio", ECHO_FRAMES));
        assertEchoed(console, "virtio-mmio:0xfeb02e00");
        final Matcher m = probeLine(console, "virtio-mmio:0xfeb02e00");
        assertEquals(MAC, m.group(3));
        assertEquals("true", m.group(2), "microvm's virtio-mmio is version 1 (legacy) by default");
        assertEquals("false", m.group(5));
        assertHugepages(console);
        assertJclickRan(console);
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void microvmWithVirtioMmioVersion2() throws Exception
    {
        final List<String> console = new ArrayList<>();
        boot("microvm-mmio-v2", new QemuHarness.Boot().machine(QemuHarness.Machine.MICROVM_MMIO).mac(MAC)
            .mmioVersion2(true).mainClass(GuestMain.class.getName()).modules("").hugepages(4)
            .args(List.of("mmio:0x" + Long.toHexString(QemuHarness.MICROVM_MMIO_ADDRESS),
                "echo-mmio:0xfeb02e00/" + ECHO_FRAMES)), console, echo("microvm-mmio-v2", ECHO_FRAMES));
        assertEchoed(console, "virtio-mmio:0xfeb02e00");
        final Matcher m = probeLine(console, "virtio-mmio:0xfeb02e00");
        assertEquals(MAC, m.group(3));
        assertEquals("false", m.group(2), "force-legacy=false gives version 2");
        assertEquals("true", m.group(5), "a version 2 device offers VERSION_1");
        assertTrue(console.stream().anyMatch(l -> l.startsWith("jclick-init: exit 0")), String.join("\n", console));
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void q35WithTransitionalVirtioNetPci() throws Exception
    {
        final List<String> console = new ArrayList<>();
        boot("q35-legacy", new QemuHarness.Boot().machine(QemuHarness.Machine.Q35_LEGACY).mac(MAC)
            .mainClass(GuestMain.class.getName()).hugepages(4)
            .args(List.of("pci-legacy:" + QemuHarness.Q35_NIC_ADDRESS, "pci-modern:" + QemuHarness.Q35_NIC_ADDRESS,
                "hugepages:4", "echo-pci-legacy:" + QemuHarness.Q35_NIC_ADDRESS + "/" + ECHO_FRAMES,
                GuestMain.SEPARATOR, "run", "/config.click")), console, echo("q35-legacy", ECHO_FRAMES));
        assertEchoed(console, "virtio-pci-legacy:0000:00:04.0");
        final Matcher legacy = probeLine(console, "virtio-pci-legacy:0000:00:04.0");
        assertEquals(MAC, legacy.group(3));
        assertEquals("true", legacy.group(2));
        assertEquals(0, Long.parseLong(legacy.group(4), 16) >>> 32, "the legacy interface has 32 feature bits");
        // a transitional device has the modern interface as well
        final Matcher modern = probeLine(console, "virtio-pci:0000:00:04.0");
        assertEquals(MAC, modern.group(3));
        assertEquals("true", modern.group(5));
        assertTrue(console.stream().anyMatch(l -> l.contains("[1af4:1000] driver uio_pci_generic")),
            "bound to uio_pci_generic by the probe");
        assertHugepages(console);
        assertJclickRan(console);
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void q35WithModernVirtioNetPci() throws Exception
    {
        final List<String> console = new ArrayList<>();
        boot("q35-modern", new QemuHarness.Boot().machine(QemuHarness.Machine.Q35_MODERN).mac(MAC)
            .mainClass(GuestMain.class.getName()).hugepages(4)
            .args(List.of("pci-modern:" + QemuHarness.Q35_NIC_ADDRESS, "pci-legacy:" + QemuHarness.Q35_NIC_ADDRESS,
                "hugepages:4", "echo-pci-modern:" + QemuHarness.Q35_NIC_ADDRESS + "/" + ECHO_FRAMES,
                GuestMain.SEPARATOR, "run", "/config.click")), console, echo("q35-modern", ECHO_FRAMES));
        assertEchoed(console, "virtio-pci:0000:00:04.0");
        final Matcher modern = probeLine(console, "virtio-pci:0000:00:04.0");
        assertEquals(MAC, modern.group(3));
        assertEquals("false", modern.group(2));
        assertEquals("true", modern.group(5));
        assertTrue(console.stream().anyMatch(l -> l.contains("[1af4:1041] driver uio_pci_generic")),
            "a modern-only device is 1af4:1041");
        assertTrue(console.stream().anyMatch(l -> l.startsWith("probe: FAIL pci-legacy:") &&
            l.contains("not a transitional virtio device")), "the legacy transport refuses a modern-only device");
        assertHugepages(console);
        assertJclickRan(console);
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void q35WithModernVirtioNetPciThroughVfio() throws Exception
    {
        final List<String> console = new ArrayList<>();
        boot("q35-vfio", new QemuHarness.Boot().machine(QemuHarness.Machine.Q35_MODERN).iommu(true).mac(MAC)
            .mainClass(GuestMain.class.getName()).modules("vfio_iommu_type1,vfio-pci")
            .args(List.of("vfio-modern:" + QemuHarness.Q35_NIC_ADDRESS,
                "echo-vfio-modern:" + QemuHarness.Q35_NIC_ADDRESS + "/" + ECHO_FRAMES)), console,
            echo("q35-vfio", ECHO_FRAMES));
        final Matcher modern = probeLine(console, "virtio-pci:0000:00:04.0");
        assertEquals(MAC, modern.group(3));
        assertEquals("true", modern.group(5));
        assertTrue((Long.parseLong(modern.group(4), 16) & (1L << 33)) != 0,
            "iommu_platform=on offers ACCESS_PLATFORM (bit 33)");
        assertTrue(console.stream().anyMatch(l -> l.contains("[1af4:1041] driver vfio-pci")),
            "bound to vfio-pci by the probe");
        assertEchoed(console, "virtio-pci:0000:00:04.0");
        assertTrue(console.stream().anyMatch(l -> l.startsWith("jclick-init: exit 0")), String.join("\n", console));
    }

    @Test
    void theImageHasWhatTheApplianceNeeds() throws Exception
    {
        final Path root = work.resolve("out/root");
        for (final String f : List.of("init", "bin/busybox", "opt/jre/bin/java", "lib/modules/uio_pci_generic.ko",
            "lib/modules/virtio_net.ko", "lib/modules/vfio-pci.ko", "config.click"))
        {
            assertTrue(Files.exists(root.resolve(f)), f + " is in the image");
        }
        assertEquals("uio", Files.readString(root.resolve("lib/modules/uio_pci_generic.deps")).trim());
        assertTrue(ImageBuilder.isStaticElf(root.resolve("bin/busybox")));
        assertTrue(Files.size(image.initramfs()) > 10 << 20 && Files.size(image.initramfs()) < 120 << 20,
            "initramfs size " + Files.size(image.initramfs()));
    }
}
