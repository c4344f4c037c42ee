package org.jclick.dataplane.runtime;

/**
 * Watches a scheduler thread's task runs, for measurements (per-batch latency, time to the first packet). Set one
 * with {@link Master#setTaskObserver}; with none set, the scheduler reads one field per turn and nothing else (no
 * clock reads).
 *
 * <p>Called on the thread that ran the task, right after each run that returned normally (a run that threw is not
 * reported). With several scheduler threads, the observer is called from all of them at once: it must then be
 * thread-safe. It is on the packet path: it must not allocate, block or throw.
 */
@FunctionalInterface
public interface TaskObserver
{
    /**
     * One task run ended.
     *
     * @param task       the task that ran.
     * @param durationNs how long the run took, by {@link System#nanoTime()} (includes one clock read's cost).
     * @param worked     what the task returned: whether it did useful work (for a source or Unqueue, moved
     *                   packets).
     */
    void taskRan(Task task, long durationNs, boolean worked);
}
