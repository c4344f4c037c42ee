package org.jclick.cli;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jclick.dataplane.args.BoolArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.Handler;
import org.jclick.dataplane.runtime.Clock;
import org.jclick.dataplane.runtime.Router;

/**
 * Makes the replicas of {@code bench --threads N} start processing together: the benchmark kit's script preloads the
 * trace, then writes {@code uq.active true} (just after taking t1) to start processing. Each replica's
 * {@code uq.active} write handler is wrapped so that the first {@code true} waits (a {@link CyclicBarrier}) until every
 * replica has got there, i.e. has preloaded its share. The barrier notes the release time on the replicas' common
 * clock: that is when processing starts everywhere, and the aggregate rate is measured from it (a replica's own t1
 * may be earlier by the time it waited for the slowest to load). Setup and control path only: nothing here runs per
 * packet.
 */
final class StartTogether {

    /** How long a replica waits for the others before giving up (then the run is reported as failed). */
    private static final long WAIT_S = 300;

    private final CyclicBarrier barrier;
    private volatile long releaseNs = Long.MAX_VALUE;
    private volatile boolean broken;

    private StartTogether(int n, Clock clock) {
        this.barrier = new CyclicBarrier(n, () -> releaseNs = clock.nowNs());
    }

    /** Wraps every replica's {@code uq.active}; null (nothing changed) when some replica has no such handler. */
    static StartTogether install(Replicas replicas, Clock clock) {
        final Handler.Writer[] originals = new Handler.Writer[replicas.count()];
        final Element[] elements = new Element[replicas.count()];
        for (int k = 0; k < replicas.count(); k++) {
            final Router r = replicas.get(k);
            elements[k] = r.find("uq");
            final Handler h = elements[k] == null ? null : r.handlers().find(elements[k], "active");
            originals[k] = h == null ? null : h.writer();
            if (originals[k] == null) {
                return null;
            }
        }
        final StartTogether s = new StartTogether(replicas.count(), clock);
        for (int k = 0; k < replicas.count(); k++) {
            final Handler.Writer original = originals[k];
            final boolean[] passed = new boolean[1];
            replicas.get(k).handlers().addWrite(elements[k], "active", (value, errh) -> {
                if (!passed[0] && Boolean.TRUE.equals(BoolArg.parseOrNull(value.trim()))) {
                    passed[0] = true;
                    s.await();
                }
                return original.write(value, errh);
            }, 0);
        }
        return s;
    }

    private void await() {
        try {
            barrier.await(WAIT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            broken = true;
            Thread.currentThread().interrupt();
        } catch (BrokenBarrierException | TimeoutException e) {
            broken = true;
        }
    }

    /** When the last replica arrived (the common clock's ns), or Long.MAX_VALUE if they never all did. */
    long releaseNs() {
        return releaseNs;
    }

    /** Whether some replica gave up waiting (or was interrupted). */
    boolean broken() {
        return broken || releaseNs == Long.MAX_VALUE;
    }
}
