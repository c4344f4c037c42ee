package org.jclick.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The one-line progress display of {@code ./jclick run} on a terminal: packets brought in by the sources, the
 * rate over the last interval, and the elapsed time, redrawn on standard error twice a second by a daemon thread,
 * and erased when the run ends (so that what the configuration prints stays as it would be without it).
 */
final class Progress implements AutoCloseable {

    static final long INTERVAL_MS = 500;

    private final PrintStream err;
    private final LongSupplier packets;
    private final long startNs;
    private final Thread thread;
    private volatile boolean done;
    private boolean drawn;
    private long lastPackets;
    private long lastNs;

    private Progress(PrintStream err, LongSupplier packets) {
        this.err = err;
        this.packets = packets;
        this.startNs = System.nanoTime();
        this.lastNs = startNs;
        this.thread = Thread.ofPlatform().daemon().name("jclick-progress").unstarted(this::loop);
    }

    /** Starts a display if {@code enabled}; otherwise returns a display that does nothing. */
    static Progress start(boolean enabled, PrintStream err, LongSupplier packets) {
        final Progress p = new Progress(err, packets);
        if (enabled) {
            p.thread.start();
        }
        return p;
    }

    /**
     * Whether the display is on by default: standard input and output are a terminal (Java's console test), and
     * JCLICK_PROGRESS is not 0. JCLICK_PROGRESS=1 forces it on.
     */
    static boolean wanted() {
        final String env = System.getenv("JCLICK_PROGRESS");
        if ("0".equals(env)) {
            return false;
        }
        if ("1".equals(env)) {
            return true;
        }
        final java.io.Console console = System.console();
        return console != null && console.isTerminal();
    }

    /** The text of one display line (also used by tests). */
    static String line(long packets, double mpps, long elapsedNs) {
        final long tenths = elapsedNs / 100_000_000L;
        final long seconds = tenths / 10;
        return String.format(Locale.ROOT, "jclick: %,d packets  %.2f Mpps  %d:%02d:%02d.%d", packets, mpps,
                seconds / 3600, seconds / 60 % 60, seconds % 60, tenths % 10);
    }

    private void loop() {
        while (!done) {
            try {
                Thread.sleep(INTERVAL_MS);
            } catch (InterruptedException e) {
                return;
            }
            draw();
        }
    }

    private synchronized void draw() {
        if (done) {
            return;
        }
        final long now = System.nanoTime();
        final long n = packets.getAsLong();
        final double mpps = now > lastNs ? (n - lastPackets) * 1e3 / (now - lastNs) : 0;
        lastPackets = n;
        lastNs = now;
        err.print("\r" + line(n, mpps, now - startNs) + "\033[K");
        err.flush();
        drawn = true;
    }

    /** Stops the display and erases its line. */
    @Override
    public synchronized void close() {
        done = true;
        thread.interrupt();
        if (drawn) {
            err.print("\r\033[K");
            err.flush();
        }
    }
}
