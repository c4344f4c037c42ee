package org.jclick.elements.queues;

import java.util.ArrayList;
import java.util.List;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.runtime.Timer;
import org.jclick.elements.RouterFixture;

/** Drives a simulated-time router from the test: actions at given times, then stop (a tiny DriverManager). */
public final class QueueTestSupport
{
    private QueueTestSupport()
    {
    }

    /** One step: at {@code atSec} seconds after the start, run {@code action}. */
    public record Step(double atSec, Runnable action)
    {
    }

    public static Step at(final double sec, final Runnable action)
    {
        return new Step(sec, action);
    }

    /** Runs {@code f} until {@code stopSec} (simulated), performing {@code steps} on the way. */
    public static void runFor(final RouterFixture f, final double stopSec, final Step... steps)
    {
        final Element anchor = f.router().elements().get(0);
        final long start = f.router().nowNs();
        final List<Timer> timers = new ArrayList<>();
        for (final Step s : steps)
        {
            final Timer t = new Timer(anchor, x -> s.action().run());
            t.initialize();
            t.scheduleAt(start + (long)(s.atSec() * 1e9));
            timers.add(t);
        }
        final Timer stop = new Timer(anchor, x -> f.router().stop());
        stop.initialize();
        stop.scheduleAt(start + (long)(stopSec * 1e9));
        f.run();
    }
}
