package org.jclick.nic.testpmd;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;

/**
 * DPDK's testpmd as a vhost-user backend for tests (see ../shared/reference/vhost-user-notes.md): started without
 * hugepages or PCI ({@code --no-huge --no-pci}, vdevs only: it never touches a real NIC), interactive on a pipe
 * that stays open, its output collected. {@link #close()} quits it and removes its socket and
 * {@code /var/run/dpdk/<prefix>}.
 */
public final class Testpmd implements AutoCloseable
{
    public static final String BINARY = "/usr/bin/dpdk-testpmd";
    private static final String INSTALL = "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y " +
        "dpdk dpdk-dev librte-net-vhost23 librte-net-virtio23 librte-net-pcap23 librte-net-ring23 " +
        "librte-net-null23 librte-mempool-ring23";

    private final Process process;
    private final OutputStream stdin;
    private final StringBuffer output = new StringBuffer();
    private final Thread reader;
    private final String prefix;
    private final List<Path> cleanup = new ArrayList<>();

    /**
     * Skips the calling test when testpmd is missing, after installing it if {@code CI=true} or
     * {@code -Djclick.nic.installDpdk=true}; under {@code CI=true} an installation failure fails the test.
     */
    public static void requireTestpmd()
    {
        if (Files.isExecutable(Path.of(BINARY)))
        {
            return;
        }
        final boolean ci = "true".equals(System.getenv("CI"));
        if (ci || Boolean.getBoolean("jclick.nic.installDpdk"))
        {
            try
            {
                final Process install = new ProcessBuilder("sh", "-c", INSTALL).inheritIO().start();
                if (!install.waitFor(600, TimeUnit.SECONDS) || install.exitValue() != 0)
                {
                    throw new IllegalStateException("installing DPDK failed: " + INSTALL);
                }
            }
            catch (final IOException | InterruptedException e)
            {
                throw new IllegalStateException("installing DPDK failed: " + INSTALL, e);
            }
            if (!Files.isExecutable(Path.of(BINARY)))
            {
                throw new IllegalStateException("DPDK installed but " + BINARY + " is missing");
            }
            return;
        }
        Assumptions.assumeTrue(false, "dpdk-testpmd is not installed (" + INSTALL +
            "; or run with -Djclick.nic.installDpdk=true or CI=true)");
    }

    /** For mains: exits with a message when testpmd is missing. */
    public static void requireTestpmdOrExit()
    {
        if (!Files.isExecutable(Path.of(BINARY)))
        {
            System.err.println(BINARY + " is missing: " + INSTALL);
            System.exit(2);
        }
    }

    /**
     * Starts testpmd with {@code vdevs} and {@code appArgs} (after {@code --}), its two lcores pinned to
     * {@code core}, and waits for its prompt.
     */
    public Testpmd(final String prefix, final int core, final List<String> vdevs, final List<String> appArgs,
        final List<Path> filesToRemove) throws IOException
    {
        this.prefix = prefix;
        cleanup.addAll(filesToRemove);
        removeFiles();
        final List<String> command = new ArrayList<>(List.of("stdbuf", "-oL", BINARY,
            "--lcores", "(0,1)@" + core, "--no-huge", "-m", "512", "--no-pci", "--no-shconf",
            "--file-prefix", prefix, "--log-level", "lib.eal:error"));
        for (final String vdev : vdevs)
        {
            command.add("--vdev");
            command.add(vdev);
        }
        command.add("--");
        command.addAll(appArgs);
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        stdin = process.getOutputStream();
        reader = new Thread(() ->
        {
            final byte[] buffer = new byte[8192];
            try (InputStream in = process.getInputStream())
            {
                int n;
                while ((n = in.read(buffer)) > 0)
                {
                    output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            }
            catch (final IOException ignored)
            {
                // the process ended
            }
        }, "testpmd-output");
        reader.setDaemon(true);
        reader.start();
        waitFor("testpmd> ", 30_000);
    }

    /** Waits until the output contains {@code text} (after {@code fromIndex}); fails with the output so far. */
    public int waitFor(final String text, final long timeoutMs)
    {
        return waitFor(text, 0, timeoutMs);
    }

    public int waitFor(final String text, final int fromIndex, final long timeoutMs)
    {
        final long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline)
        {
            final int at = output.indexOf(text, fromIndex);
            if (at >= 0)
            {
                return at;
            }
            if (!process.isAlive() && output.indexOf(text, fromIndex) < 0)
            {
                break;
            }
            sleep(20);
        }
        throw new IllegalStateException("testpmd did not print '" + text + "'; output:\n" + output);
    }

    /** Sends a command line; returns the output index before it. */
    public int command(final String line) throws IOException
    {
        final int mark = output.length();
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        return mark;
    }

    /** Sends a command and waits for the next prompt. */
    public String commandAndWait(final String line, final long timeoutMs) throws IOException
    {
        final int mark = command(line);
        final int end = waitFor("testpmd> ", mark, timeoutMs);
        return output.substring(mark, end);
    }

    public String output()
    {
        return output.toString();
    }

    /**
     * Per-port forward statistics {RX-packets, TX-packets, TX-dropped} for {@code port}, from the last
     * "Forward statistics for port N" block in {@code text} (printed by {@code stop} and {@code quit}).
     */
    public static long[] forwardStats(final String text, final int port)
    {
        final Matcher block = Pattern.compile("Forward statistics for port " + port + "\\s+-+\\s*\\n\\s*" +
            "RX-packets: (\\d+)\\s+RX-dropped: (\\d+)\\s+RX-total: (\\d+)\\s*\\n\\s*" +
            "TX-packets: (\\d+)\\s+TX-dropped: (\\d+)\\s+TX-total: (\\d+)").matcher(text);
        long[] stats = null;
        while (block.find())
        {
            stats = new long[] {Long.parseLong(block.group(1)), Long.parseLong(block.group(4)),
                Long.parseLong(block.group(5))};
        }
        if (stats == null)
        {
            throw new IllegalStateException("no forward statistics for port " + port + " in:\n" + text);
        }
        return stats;
    }

    /**
     * CPU time testpmd's threads used so far (user + system, from {@code /proc/PID/task/TID/stat}), in
     * nanoseconds (clock-tick resolution, 10 ms).
     */
    public long cpuTimeNs() throws IOException
    {
        long ticks = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(process.pid()), "task")))
        {
            for (final Path task : (Iterable<Path>)tasks::iterator)
            {
                final String stat = Files.readString(task.resolve("stat"));
                final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14, 15)
            }
        }
        return ticks * 10_000_000L; // USER_HZ = 100
    }

    /** Kills testpmd without quitting (a crash, for restart tests). */
    public void kill()
    {
        process.destroyForcibly();
        try
        {
            process.waitFor(10, TimeUnit.SECONDS);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** Quits (its statistics are then in {@link #output()}), or kills it after 10 s, and removes its files. */
    @Override
    public void close() throws IOException
    {
        try
        {
            if (process.isAlive())
            {
                try
                {
                    command("stop");
                    command("quit");
                    stdin.close();
                }
                catch (final IOException ignored)
                {
                    // already gone
                }
                if (!process.waitFor(10, TimeUnit.SECONDS))
                {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            }
            reader.join(2000);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        finally
        {
            removeFiles();
        }
    }

    private void removeFiles() throws IOException
    {
        for (final Path path : cleanup)
        {
            Files.deleteIfExists(path);
        }
        final Path runDir = Path.of("/var/run/dpdk", prefix);
        if (Files.isDirectory(runDir))
        {
            try (var files = Files.list(runDir))
            {
                for (final Path f : (Iterable<Path>)files::iterator)
                {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(runDir);
        }
    }

    private static void sleep(final long ms)
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
}
