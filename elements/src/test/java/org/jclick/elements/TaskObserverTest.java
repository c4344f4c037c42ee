package org.jclick.elements;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.jclick.dataplane.runtime.Task;
import org.jclick.dataplane.runtime.TaskObserver;
import org.junit.jupiter.api.Test;

/** The scheduler's TaskObserver hook: every task run is reported once, with its result; it can remove itself. */
class TaskObserverTest
{
    /** Counts runs and working runs per element name. */
    private static final class Counting implements TaskObserver
    {
        final Map<String, int[]> runs = new HashMap<>();
        long negative;

        @Override
        public void taskRan(final Task task, final long durationNs, final boolean worked)
        {
            final int[] c = runs.computeIfAbsent(task.element().name(), k -> new int[2]);
            c[0]++;
            if (worked)
            {
                c[1]++;
            }
            if (durationNs < 0)
            {
                negative++;
            }
        }
    }

    @Test
    void everyRunOfEveryTaskIsReportedWithWhetherItWorked()
    {
        // 100 packets in batches of 8: 13 working runs of uq, then it finds the queue empty and sleeps
        try (RouterFixture f = RouterFixture.simtime("""
                src :: InfiniteSource(LIMIT 100, BURST 100, STOP false) -> q :: Queue(1000)
                  -> uq :: Unqueue(BURST 8) -> c :: Counter(COUNT_CALL 100 stop) -> Discard;
                """))
        {
            final Counting observer = new Counting();
            f.router().master().setTaskObserver(observer);
            f.run();
            assertEquals("100", f.read("c.count"));
            final int[] uq = observer.runs.get("uq");
            assertEquals(13, uq[1], "working runs of uq: ceil(100/8)");
            assertTrue(uq[0] >= uq[1]);
            assertTrue(observer.runs.get("src")[1] >= 1, "the source's run that pushed the packets");
            assertEquals(0, observer.negative);
        }
    }

    @Test
    void anObserverCanRemoveItselfAndNothingIsReportedAfterwards()
    {
        try (RouterFixture f = RouterFixture.simtime("""
                src :: InfiniteSource(LIMIT 1000, BURST 1, STOP true) -> c :: Counter -> Discard;
                """))
        {
            final int[] calls = new int[1];
            final TaskObserver once = new TaskObserver()
            {
                @Override
                public void taskRan(final Task task, final long durationNs, final boolean worked)
                {
                    calls[0]++;
                    f.router().master().setTaskObserver(null);
                }
            };
            f.router().master().setTaskObserver(once);
            f.run();
            assertEquals("1000", f.read("c.count"));
            // 1000 working runs; the removal takes effect at the next turn (a turn runs at most 128 tasks)
            assertTrue(calls[0] >= 1 && calls[0] <= 128, "at most the rest of one turn: " + calls[0]);
        }
    }
}
