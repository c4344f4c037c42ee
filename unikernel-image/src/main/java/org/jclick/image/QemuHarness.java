package org.jclick.image;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Boots the appliance under {@code qemu-system-x86_64 -accel tcg} (KVM is not usable on the build machines) and
 * captures the serial console. Three machine types:
 * <ul>
 *   <li>{@link Machine#MICROVM_MMIO}: microvm, the NIC is a virtio-mmio device (ACPI {@code LNRO0005}, the last
 *       transport, {@code 0xfeb02e00}); {@code tsc_early_khz} from the host's {@code /proc/cpuinfo} (calibration
 *       fails at random under TCG otherwise);</li>
 *   <li>{@link Machine#Q35_LEGACY}: q35, virtio-net-pci transitional ({@code 1af4:1000}) at 00:04.0;</li>
 *   <li>{@link Machine#Q35_MODERN}: q35, virtio-net-pci with {@code disable-legacy=on} ({@code 1af4:1041}),
 *       optionally behind an emulated IOMMU ({@link Boot#iommu}) for VFIO.</li>
 * </ul>
 * The NIC's backend is {@code -netdev dgram} on 127.0.0.1 only: QEMU receives frames as UDP datagrams on
 * {@link #guestPort()} and sends the guest's frames to {@link #hostPort()} (see {@link UdpFrameInjector}).
 * Every wait has a timeout, and {@link #close()} kills QEMU if it is still running.
 */
public final class QemuHarness implements AutoCloseable
{
    /** The MAC the harness gives the guest's NIC unless told otherwise. */
    public static final String DEFAULT_MAC = "52:54:00:12:34:56";
    /** Where the microvm's first virtio-mmio device sits (the last of its transports). */
    public static final long MICROVM_MMIO_ADDRESS = 0xfeb02e00L;
    /** Where the q35 NIC sits. */
    public static final String Q35_NIC_ADDRESS = "0000:00:04.0";

    /** The machine and NIC flavour. */
    public enum Machine
    {
        /** microvm + virtio-mmio (version 1, legacy, unless {@link Boot#mmioVersion2}). */
        MICROVM_MMIO,
        /** q35 + transitional virtio-net-pci (legacy BAR0 and modern BAR4). */
        Q35_LEGACY,
        /** q35 + modern-only virtio-net-pci. */
        Q35_MODERN
    }

    /** How to boot. */
    public static final class Boot
    {
        Machine machine = Machine.Q35_MODERN;
        String mac = DEFAULT_MAC;
        int memoryMiB = 512;
        String mainClass;
        List<String> args = List.of();
        String modules;
        int hugepages;
        boolean mmioVersion2;
        boolean iommu;
        int hostPort;

        /** The machine type. */
        public Boot machine(final Machine m)
        {
            this.machine = m;
            return this;
        }

        /** The NIC's MAC. */
        public Boot mac(final String m)
        {
            this.mac = m;
            return this;
        }

        /** Guest memory. */
        public Boot memoryMiB(final int m)
        {
            this.memoryMiB = m;
            return this;
        }

        /** The Java main class the guest runs (default: jclick's CLI). */
        public Boot mainClass(final String m)
        {
            this.mainClass = m;
            return this;
        }

        /** The program's arguments (default for the CLI: {@code run /config.click}). */
        public Boot args(final List<String> a)
        {
            this.args = List.copyOf(a);
            return this;
        }

        /** Kernel modules the guest loads, comma-separated ("" for none; default uio,uio_pci_generic). */
        public Boot modules(final String m)
        {
            this.modules = m;
            return this;
        }

        /** 2 MiB hugepages the guest reserves. */
        public Boot hugepages(final int n)
        {
            this.hugepages = n;
            return this;
        }

        /** Whether the virtio-mmio device offers version 2 instead of the legacy version 1. */
        public Boot mmioVersion2(final boolean v2)
        {
            this.mmioVersion2 = v2;
            return this;
        }

        /**
         * Whether q35 gets an emulated IOMMU (intel-iommu, the NIC with iommu_platform=on, the kernel with
         * intel_iommu=on), for VFIO. Modern NIC only: a legacy interface cannot go through an IOMMU.
         */
        public Boot iommu(final boolean on)
        {
            this.iommu = on;
            return this;
        }

        /** The UDP port on 127.0.0.1 where QEMU sends the guest's frames (0: pick a free one). */
        public Boot hostPort(final int p)
        {
            this.hostPort = p;
            return this;
        }
    }

    /** One console line and when it arrived, in nanoseconds after QEMU was started. */
    public record Line(long atNs, String text)
    {
    }

    private final Process process;
    private final long startNs;
    private final List<Line> lines = new ArrayList<>();
    private final Thread reader;
    private final int guestPort;
    private final int hostPort;
    private final List<String> command;
    private final Path consoleLog;

    private QemuHarness(final List<String> command, final int guestPort, final int hostPort, final Path consoleLog)
        throws IOException
    {
        this.command = command;
        this.guestPort = guestPort;
        this.hostPort = hostPort;
        this.consoleLog = consoleLog;
        this.startNs = System.nanoTime();
        this.process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        this.reader = Thread.ofPlatform().daemon().name("qemu-console").start(this::readConsole);
    }

    /** The QEMU binary; installs qemu-system-x86 with apt-get when it is missing and {@code install} is true. */
    public static Path qemuBinary(final boolean install) throws IOException
    {
        Path qemu = Exec.which("qemu-system-x86_64");
        if (qemu == null && install)
        {
            Exec.run(List.of("apt-get", "update", "-q"), null, Duration.ofMinutes(8));
            Exec.run(List.of("apt-get", "install", "-y", "-q", "qemu-system-x86"), null, Duration.ofMinutes(10));
            qemu = Exec.which("qemu-system-x86_64");
        }
        if (qemu == null)
        {
            throw new IOException("qemu-system-x86_64 is not installed (apt-get install qemu-system-x86)");
        }
        return qemu;
    }

    /** The host's TSC frequency in kHz, from /proc/cpuinfo ("cpu MHz"), for microvm's tsc_early_khz. */
    public static long hostTscKhz() throws IOException
    {
        for (final String line : Files.readAllLines(Path.of("/proc/cpuinfo")))
        {
            if (line.startsWith("cpu MHz"))
            {
                return Math.round(Double.parseDouble(line.substring(line.indexOf(':') + 1).trim()) * 1000);
            }
        }
        throw new IOException("no 'cpu MHz' in /proc/cpuinfo");
    }

    /** A free UDP port on 127.0.0.1 (free when asked; QEMU binds it right after). */
    public static int freeUdpPort() throws IOException
    {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
        {
            return s.getLocalPort();
        }
    }

    /** Boots {@code image} as {@code boot} says; the console is also written to {@code consoleLog} if not null. */
    public static QemuHarness boot(final ImageBuilder.Image image, final Boot boot, final Path consoleLog)
        throws IOException
    {
        final Path qemu = qemuBinary(false);
        final int guestPort = freeUdpPort();
        final int hostPort = boot.hostPort != 0 ? boot.hostPort : freeUdpPort();
        final StringBuilder append = new StringBuilder("console=ttyS0 rootfstype=ramfs quiet panic=-1");
        final List<String> cmd = new ArrayList<>(List.of(qemu.toString(), "-accel", "tcg", "-m",
            Integer.toString(boot.memoryMiB), "-smp", "1", "-display", "none", "-serial", "stdio", "-monitor", "none",
            "-no-reboot", "-kernel", image.kernel().toString(), "-initrd", image.initramfs().toString()));
        // the NIC's backend: raw frames in UDP datagrams, loopback only
        cmd.addAll(List.of("-netdev", "dgram,id=n0,local.type=inet,local.host=127.0.0.1,local.port=" + guestPort +
            ",remote.type=inet,remote.host=127.0.0.1,remote.port=" + hostPort));
        switch (boot.machine)
        {
            case MICROVM_MMIO ->
            {
                cmd.addAll(List.of("-M", "microvm", "-device", "virtio-net-device,netdev=n0,mac=" + boot.mac));
                if (boot.mmioVersion2)
                {
                    cmd.addAll(List.of("-global", "virtio-mmio.force-legacy=false"));
                }
                append.append(" tsc_early_khz=").append(hostTscKhz());
            }
            case Q35_LEGACY ->
            {
                if (boot.iommu)
                {
                    throw new IllegalArgumentException("an IOMMU needs the modern-only NIC (Q35_MODERN)");
                }
                cmd.addAll(List.of("-M", "q35", "-device",
                "virtio-net-pci,netdev=n0,mac=" + boot.mac + ",addr=04.0,disable-legacy=off,disable-modern=off"));
            }
            case Q35_MODERN ->
            {
                if (boot.iommu)
                {
                    // the IOMMU must exist before the devices behind it; interrupt remapping wants a split irqchip
                    cmd.addAll(List.of("-M", "q35,kernel-irqchip=split", "-device", "intel-iommu,intremap=on"));
                    append.append(" intel_iommu=on");
                }
                else
                {
                    cmd.addAll(List.of("-M", "q35"));
                }
                cmd.addAll(List.of("-device", "virtio-net-pci,netdev=n0,mac=" + boot.mac +
                    ",addr=04.0,disable-legacy=on,disable-modern=off" + (boot.iommu ? ",iommu_platform=on" : "")));
            }
            default -> throw new IllegalArgumentException(boot.machine.toString());
        }
        // init reads these from its environment (the kernel passes unknown name=value parameters to init)
        if (boot.mainClass != null)
        {
            append.append(" jclick_main=").append(boot.mainClass);
        }
        if (boot.modules != null)
        {
            append.append(" jclick_modules=").append(boot.modules);
        }
        if (boot.hugepages > 0)
        {
            append.append(" jclick_hugepages=").append(boot.hugepages);
        }
        if (!boot.args.isEmpty())
        {
            for (final String a : boot.args)
            {
                if (a.isEmpty() || a.contains(" ") || a.contains("\""))
                {
                    throw new IllegalArgumentException("guest arguments travel on the kernel command line: no " +
                        "blanks or quotes: '" + a + "'");
                }
            }
            append.append(" -- ").append(String.join(" ", boot.args));
        }
        cmd.addAll(List.of("-append", append.toString()));
        return new QemuHarness(List.copyOf(cmd), guestPort, hostPort, consoleLog);
    }

    private void readConsole()
    {
        try (BufferedReader in = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            var log = consoleLog != null ? Files.newBufferedWriter(consoleLog) : null)
        {
            String line;
            while ((line = in.readLine()) != null)
            {
                final long at = System.nanoTime() - startNs;
                final String text = line.replace("\r", "");
                synchronized (lines)
                {
                    lines.add(new Line(at, text));
                    lines.notifyAll();
                }
                if (log != null)
                {
                    log.write(String.format("%8.3f %s%n", at / 1e9, text));
                    log.flush();
                }
            }
        }
        catch (final IOException e)
        {
            // QEMU went away: the lines so far stay
        }
        finally
        {
            synchronized (lines)
            {
                lines.notifyAll();
            }
        }
    }

    /** The QEMU command line. */
    public List<String> command()
    {
        return command;
    }

    /** The UDP port on 127.0.0.1 where QEMU takes frames for the guest. */
    public int guestPort()
    {
        return guestPort;
    }

    /** The UDP port on 127.0.0.1 where QEMU sends the guest's frames. */
    public int hostPort()
    {
        return hostPort;
    }

    /** The console lines so far. */
    public List<Line> lines()
    {
        synchronized (lines)
        {
            return List.copyOf(lines);
        }
    }

    /** The console so far, one string. */
    public String console()
    {
        final StringBuilder b = new StringBuilder();
        for (final Line l : lines())
        {
            b.append(l.text()).append('\n');
        }
        return b.toString();
    }

    /**
     * Waits until a console line matches {@code pattern} (searched, not matched whole) and returns it, or null
     * after {@code timeout} or when QEMU has exited without printing it.
     */
    public Line awaitLine(final Pattern pattern, final Duration timeout) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        synchronized (lines)
        {
            while (true)
            {
                for (; seen < lines.size(); seen++)
                {
                    if (pattern.matcher(lines.get(seen).text()).find())
                    {
                        return lines.get(seen);
                    }
                }
                final long leftNs = deadlineNs - System.nanoTime();
                if (leftNs <= 0 || (!process.isAlive() && !reader.isAlive()))
                {
                    return null;
                }
                TimeUnit.NANOSECONDS.timedWait(lines, Math.min(leftNs, 200_000_000L));
            }
        }
    }

    /** Waits for QEMU to exit (the guest powers off); kills it after {@code timeout}. Returns whether it exited. */
    public boolean awaitExit(final Duration timeout) throws InterruptedException
    {
        if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
        {
            reader.join(2000);
            return true;
        }
        close();
        return false;
    }

    /** Nanoseconds since QEMU was started. */
    public long elapsedNs()
    {
        return System.nanoTime() - startNs;
    }

    @Override
    public void close()
    {
        if (process.isAlive())
        {
            process.destroy();
            try
            {
                if (!process.waitFor(3, TimeUnit.SECONDS))
                {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
            catch (final InterruptedException e)
            {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
