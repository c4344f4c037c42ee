package org.jclick.cli;

import java.io.PrintStream;
import java.util.Locale;

import org.HdrHistogram.Histogram;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.runtime.Task;
import org.jclick.dataplane.runtime.TaskObserver;
import org.jclick.elements.control.ScriptEngine;
import org.jclick.elements.traces.FromDump;

/**
 * {@code jclick bench --latency}: records how long each task run that did work took, in nanoseconds, into a
 * pre-sized HdrHistogram (recording allocates nothing). In the benchmark kit's configurations such a run is one
 * batch (up to BURST packets) pulled by the Unqueue and pushed through the whole graph.
 *
 * <p>The rule: every task run that returned "worked" counts, except runs of FromDump (the preload phase, or the
 * reading of the trace in streaming mode) and of Script/DriverManager tasks (the harness's own control). So with
 * PRELOAD true only the timed phase is recorded. Values are clamped to {@link #HIGHEST_NS}. Single-threaded: bench
 * builds its routers with one scheduler thread.
 */
final class LatencyRecorder implements TaskObserver {

    /** The largest duration recorded (longer runs count as this). */
    static final long HIGHEST_NS = 60_000_000_000L;
    private static final int SIGNIFICANT_DIGITS = 3;

    /** The percentiles printed, in order. */
    static final double[] PERCENTILES = {50, 90, 99, 99.9};

    private final Histogram current = newHistogram();
    private final Histogram merged = newHistogram();

    static Histogram newHistogram() {
        return new Histogram(1, HIGHEST_NS, SIGNIFICANT_DIGITS);
    }

    /** Whether runs of this task are recorded (see the class comment for the rule). */
    static boolean counts(Task task) {
        final Element e = task.element();
        return !(e instanceof FromDump) && !(e instanceof ScriptEngine);
    }

    @Override
    public void taskRan(final Task task, final long durationNs, final boolean worked) {
        if (worked && counts(task)) {
            current.recordValue(durationNs < 1 ? 1 : Math.min(durationNs, HIGHEST_NS));
        }
    }

    /** Starts a new run's histogram. */
    void startRun() {
        current.reset();
    }

    /** Ends a run: adds it to the merged histogram and returns a copy of it. */
    Histogram endRun() {
        merged.add(current);
        return current.copy();
    }

    /** All runs so far. */
    Histogram merged() {
        return merged;
    }

    /** Prints one line: {@code latency LABEL: n=... batches  p50 ... p99.9 ...  max ... µs}. */
    static void print(PrintStream out, String label, Histogram h) {
        final StringBuilder b = new StringBuilder(128);
        b.append("latency ").append(label).append(": n=").append(h.getTotalCount()).append(" batches ");
        for (double p : PERCENTILES) {
            b.append(String.format(Locale.ROOT, " p%s %.2f", label(p), h.getValueAtPercentile(p) / 1e3));
        }
        b.append(String.format(Locale.ROOT, "  max %.2f us", h.getMaxValue() / 1e3));
        out.println(b);
    }

    /** 50 -> "50", 99.9 -> "99.9". */
    static String label(double p) {
        return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
    }
}
