package org.jclick.cli;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Locale;

import org.jclick.dataplane.runtime.Master;
import org.jclick.dataplane.runtime.Task;
import org.jclick.dataplane.runtime.TaskObserver;

/**
 * {@code jclick run --startup-report}: how long it took from the JVM's start to the first packet the router
 * processed, printed on standard error after the run as
 * {@code startup: jvm-start -> first packet N ms (main at M ms, run command at C ms, config loaded at L ms, router
 * built at A ms, initialized at B ms; process cpu P ms; jvm start: SOURCE)}: M when jclick's {@code Main} class was
 * initialized (the JVM's own start-up before it), L when the configuration was parsed and checked, A when the
 * router's elements were made and initialized, B when the graph compiler was done, and P the CPU time all the JVM's
 * threads had used at the first packet (less sensitive than wall time to a busy machine).
 *
 * <p>"First packet processed" is the end of the first task run that reported work (for a FromDump-driven
 * configuration: its first batch pushed through the graph), seen through a {@link TaskObserver} that removes
 * itself after that run, so the rest of the run costs nothing.
 *
 * <p>The JVM's start, most precise first: the launcher's time just before it executes java (the
 * {@value #EXEC_PROPERTY} property, microseconds since the epoch, from bash's EPOCHREALTIME); else
 * {@code RuntimeMXBean.getStartTime()} (milliseconds; taken by the JVM during its own creation, so about 20 ms
 * after the exec). {@code ProcessHandle.Info.startInstant()} is not used: on Linux it is computed from the boot
 * time in whole seconds plus clock ticks, and was measured a few hundred ms off.
 */
final class StartupReport implements TaskObserver {

    /** Set by the launcher: its wall-clock time just before exec, in µs since the epoch (e.g. 1795465419.376012). */
    static final String EXEC_PROPERTY = "jclick.exec.time";

    private Master master;
    private final long anchorEpochNs;
    private final long anchorNanoTime;
    private final long commandNs;
    private long loadedNs;
    private long builtNs;
    private long initializedNs;
    private volatile long firstPacketNs;
    private long firstPacketCpuNs = -1;

    /** Starts the clock reference now (at the start of the run command). */
    StartupReport() {
        this.anchorNanoTime = System.nanoTime();
        final Instant now = Instant.now();
        this.anchorEpochNs = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        this.commandNs = anchorNanoTime;
    }

    /** The configuration is parsed, flattened and checked (the router's elements are not made yet). */
    void configLoaded() {
        loadedNs = System.nanoTime();
    }

    void routerBuilt() {
        builtNs = System.nanoTime();
    }

    void routerInitialized() {
        initializedNs = System.nanoTime();
    }

    /** Watches {@code m}'s task runs until the first one that works. */
    void watch(Master m) {
        master = m;
        m.setTaskObserver(this);
    }

    @Override
    public void taskRan(final Task task, final long durationNs, final boolean worked) {
        if (worked && firstPacketNs == 0) {
            firstPacketNs = System.nanoTime();
            master.setTaskObserver(null);
            firstPacketCpuNs = processCpuNs();
        }
    }

    /** The JVM's start in ns since the epoch, and where it came from. */
    private record JvmStart(long epochNs, String source) {
    }

    private static JvmStart jvmStart() {
        final String exec = System.getProperty(EXEC_PROPERTY);
        if (exec != null && !exec.isEmpty()) {
            try {
                final String[] p = exec.replace(',', '.').split("\\.", 2);
                long ns = Long.parseLong(p[0]) * 1_000_000_000L;
                if (p.length > 1) {
                    final String frac = (p[1] + "000000000").substring(0, 9);
                    ns += Long.parseLong(frac);
                }
                return new JvmStart(ns, "the launcher's exec time");
            } catch (NumberFormatException e) {
                // fall through to the JVM's own figure
            }
        }
        return new JvmStart(ManagementFactory.getRuntimeMXBean().getStartTime() * 1_000_000L,
                "RuntimeMXBean.getStartTime, ms");
    }

    /** Milliseconds from the JVM's start to the nanoTime {@code t}. */
    private double sinceStartMs(long t, JvmStart start) {
        return (anchorEpochNs + (t - anchorNanoTime) - start.epochNs()) / 1e6;
    }

    /** The process's CPU time so far (all threads: JIT compilers and GC too), or -1. */
    private static long processCpuNs() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos()).orElse(-1L);
    }

    /** Prints the report line. */
    void print(PrintStream err) {
        final JvmStart start = jvmStart();
        final StringBuilder b = new StringBuilder(160);
        b.append("startup: jvm-start -> first packet ");
        if (firstPacketNs == 0) {
            b.append("none (no task did work)");
        } else {
            b.append(String.format(Locale.ROOT, "%.0f ms", sinceStartMs(firstPacketNs, start)));
        }
        b.append(String.format(Locale.ROOT, " (main at %.0f ms, run command at %.0f ms",
                sinceStartMs(Main.MAIN_NS, start), sinceStartMs(commandNs, start)));
        if (loadedNs != 0) {
            b.append(String.format(Locale.ROOT, ", config loaded at %.0f ms", sinceStartMs(loadedNs, start)));
        }
        if (builtNs != 0) {
            b.append(String.format(Locale.ROOT, ", router built at %.0f ms", sinceStartMs(builtNs, start)));
        }
        if (initializedNs != 0) {
            b.append(String.format(Locale.ROOT, ", initialized at %.0f ms", sinceStartMs(initializedNs, start)));
        }
        if (firstPacketCpuNs >= 0) {
            b.append(String.format(Locale.ROOT, "; process cpu %.0f ms", firstPacketCpuNs / 1e6));
        }
        b.append("; jvm start: ").append(start.source()).append(')');
        err.println(b);
    }
}
