package org.jclick.elements.test;

import java.util.List;

import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.runtime.Task;

/**
 * Click's test element MTDieTest: one task on each router thread, each of which asks the driver to stop once.
 * Click's {@code threads/MTDieTest-01} runs it under {@code click -j 16} with a DriverManager that waits for all
 * sixteen stop requests, so the test checks that stop requests coming from many threads at once are neither lost
 * nor double-counted, and that the router then shuts down cleanly.
 */
@ElementDoc(
    synopsis = "MTDieTest([NTHREADS])",
    category = "test",
    ports = "none",
    description = """
        Schedules one task on each of the first NTHREADS router threads (thread i gets task i); each task runs
        once and asks the driver to stop, as if a source on that thread had finished. A DriverManager with one
        wait per thread therefore sees exactly NTHREADS stop events. A regression test for shutting a
        multithreaded router down.""",
    keywords = {"NTHREADS: integer. How many tasks (and threads) to use. Default: the router's thread count."},
    example = "MTDieTest(); DriverManager(wait, wait, print \"stopping\", stop);  // click -j 2")
public final class MTDieTest extends Element
{
    private int nthreads;
    private Task[] tasks = new Task[0];

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final int[] n = {router().master().threadCount()};
        if (complete(args(conf).read("NTHREADS", IntArg.int32(), v -> n[0] = v), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        if (n[0] < 0)
        {
            return errh.error("NTHREADS must be at least 0");
        }
        nthreads = n[0];
        return 0;
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        tasks = new Task[nthreads];
        for (int i = 0; i < nthreads; i++)
        {
            final Task t = new Task(this);
            t.initialize(false);
            t.moveThread(i);
            t.reschedule();
            tasks[i] = t;
        }
        return 0;
    }

    @Override
    public boolean runTask(final Task task)
    {
        router().pleaseStopDriver();
        return true;
    }

    /** The number of tasks (one per thread). */
    public int taskCount()
    {
        return tasks.length;
    }
}
