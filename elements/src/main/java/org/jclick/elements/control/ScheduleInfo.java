package org.jclick.elements.control;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jclick.dataplane.args.ArgException;
import org.jclick.dataplane.args.DoubleArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.Handler;
import org.jclick.dataplane.runtime.Task;
import org.jclick.dataplane.runtime.Timer;
import org.jclick.lang.ConfigStrings;

/** Click's ScheduleInfo. */
@ElementDoc(
    synopsis = "ScheduleInfo(ELEMENT PARAM, ...)",
    category = "information elements",
    ports = "none",
    description = """
        Gives the task of each ELEMENT a share of the CPU: PARAM is a real number, the task's tickets become
        PARAM times the default (1024). An ELEMENT that is a compound gives its PARAM to every element inside
        it, multiplied with any PARAM given to them. Applied through the elements' tickets handlers when the
        router starts, so only elements with task handlers are affected.""",
    example = "ScheduleInfo(uq0 1, uq1 2.5);")
public final class ScheduleInfo extends Element
{
    private final Map<String, Double> params = new LinkedHashMap<>();
    private Timer timer;

    @Override
    public int configurePhase()
    {
        return CONFIGURE_PHASE_INFO;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final String n = name();
        final int slash = n.lastIndexOf('/');
        final String prefix = slash < 0 ? "" : n.substring(0, slash + 1);
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
                errh.error("expected 'ELEMENT PARAM'");
                continue;
            }
            try
            {
                params.put(prefix + w.get(0), DoubleArg.INSTANCE.parse(w.get(1), argContext()));
            }
            catch (final ArgException e)
            {
                errh.error("PARAM: " + e.getMessage());
            }
        }
        return errh.errorCount() > before ? ErrorHandler.FAILURE : 0;
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        timer = new Timer(this);
        timer.initialize();
        timer.scheduleNow();
        return 0;
    }

    @Override
    public void runTimer(final Timer t)
    {
        for (final Element e : router().elements())
        {
            double factor = 1;
            boolean any = false;
            for (final Map.Entry<String, Double> p : params.entrySet())
            {
                if (e.name().equals(p.getKey()) || e.name().startsWith(p.getKey() + "/"))
                {
                    factor *= p.getValue();
                    any = true;
                }
            }
            final Handler h = any ? router().handlers().find(e, "tickets") : null;
            if (h != null && h.writable())
            {
                final long tickets = Math.max(1, Math.min(Task.MAX_TICKETS, Math.round(factor * Task.DEFAULT_TICKETS)));
                h.callWrite(Long.toString(tickets), ErrorHandler.stderr());
            }
        }
    }
}
