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
        initialized. ELEMENT may also name a compound element, which places every element inside it. A
        thread number out of range draws a warning and means thread 0, as does -1. When several
        StaticThreadSched elements name the same element, the one configured last wins (so one inside a
        compound overrides one outside that names the whole compound).""",
    example = "StaticThreadSched(uq0 0, uq1 1);")
public final class StaticThreadSched extends Element
{
    @Override
    public int configurePhase()
    {
        return CONFIGURE_PHASE_INFO;
    }

    /** Click's {@code Router::ename_context}: this element's compound prefix, with its trailing slash. */
    private String nameContext()
    {
        final String n = name();
        final int slash = n.lastIndexOf('/');
        return slash < 0 ? "" : n.substring(0, slash + 1);
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
            final int nthreads = router().master().threadCount();
            int preference = thread;
            if (preference < -1 || preference >= nthreads)
            {
                errh.warning("thread preference " + thread + " out of range");
                preference = 0;
            }
            // Click parks preference -1 on no thread at all (its tasks never run); jclick has no such place, so
            // such elements stay on thread 0
            preference = Math.max(preference, 0);
            final String ename = w.get(0);
            final Element e = router().find(ename, this);
            if (e != null)
            {
                router().setHomeThread(e, preference);
                continue;
            }
            // not an element: a compound's name sets every element inside it
            final String prefix = nameContext() + ename + "/";
            boolean set = false;
            for (final Element x : router().elements())
            {
                if (x.name().startsWith(prefix))
                {
                    router().setHomeThread(x, preference);
                    set = true;
                }
            }
            if (!set)
            {
                errh.error("'" + ename + "' does not name an element");
            }
        }
        return errh.errorCount() > before ? ErrorHandler.FAILURE : 0;
    }
}
