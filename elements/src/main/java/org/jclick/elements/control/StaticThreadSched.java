package org.jclick.elements.control;

import java.util.List;

import org.jclick.dataplane.args.ArgException;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.lang.ConfigStrings;

/** Click's StaticThreadSched. */
@ElementDoc(
    synopsis = "StaticThreadSched(ELEMENT THREAD, ...)",
    category = "information elements",
    ports = "none",
    description = """
        Places the tasks and timers of each ELEMENT on router thread THREAD (0 is the first) when they are
        initialized. A thread number at or above the router's thread count uses the last thread; a negative
        one leaves the element on thread 0.""",
    example = "StaticThreadSched(uq0 0, uq1 1);")
public final class StaticThreadSched extends Element
{
    @Override
    public int configurePhase()
    {
        return CONFIGURE_PHASE_INFO;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final int before = errh.errorCount();
        for (final String arg : conf)
        {
            final List<String> w = ConfigStrings.spacevec(arg);
            if (w.isEmpty())
            {
                continue;
            }
            if (w.size() != 2)
            {
                errh.error("expected 'ELEMENT THREAD'");
                continue;
            }
            final Element e = router().find(w.get(0), this);
            if (e == null)
            {
                errh.error("no element named '" + w.get(0) + "'");
                continue;
            }
            final int thread;
            try
            {
                thread = IntArg.int32().parse(w.get(1), argContext());
            }
            catch (final ArgException ex)
            {
                errh.error("THREAD: " + ex.getMessage());
                continue;
            }
            router().setHomeThread(e, thread < 0 ? 0 : Math.min(thread, router().master().threadCount() - 1));
        }
        return errh.errorCount() > before ? ErrorHandler.FAILURE : 0;
    }
}
