package org.jclick.dataplane.element;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jclick.dataplane.runtime.Task;

/**
 * A router's handler table: each element's handlers (and the router's global ones, under a null element), in
 * registration order. Setup-time registration; lookups happen on the control path.
 */
public final class Handlers
{
    private final Map<Element, Map<String, Handler>> byElement = new HashMap<>();
    private final Map<String, Handler> global = new LinkedHashMap<>();

    private Map<String, Handler> table(final Element e)
    {
        return e == null ? global : byElement.computeIfAbsent(e, k -> new LinkedHashMap<>());
    }

    private Handler handler(final Element e, final String name)
    {
        return table(e).computeIfAbsent(name, n -> new Handler(e, n));
    }

    public void addRead(final Element e, final String name, final Handler.Reader reader, final int flags)
    {
        handler(e, name).setReader((param, errh) -> reader.read(), flags);
    }

    /** A read handler without parameter that can fail (reporting to its error handler and returning null). */
    public void addFallibleRead(final Element e, final String name, final Handler.ParamReader reader, final int flags)
    {
        handler(e, name).setReader(reader, flags);
    }

    public void addParamRead(final Element e, final String name, final Handler.ParamReader reader, final int flags)
    {
        handler(e, name).setReader(reader, flags | Handler.READ_PARAM);
    }

    public void addWrite(final Element e, final String name, final Handler.Writer writer, final int flags)
    {
        handler(e, name).setWriter(writer, flags);
    }

    public void setFlags(final Element e, final String name, final int flags)
    {
        final Handler h = table(e).get(name);
        if (h != null)
        {
            h.addFlags(flags);
        }
    }

    /** Click's task handlers: {@code scheduled}, {@code tickets}, {@code home_thread}. */
    public void addTaskHandlers(final Element e, final Task task, final String prefix)
    {
        addRead(e, prefix + "scheduled", () -> Boolean.toString(task.scheduled()), Handler.CALM);
        addRead(e, prefix + "tickets", () -> Integer.toString(task.tickets()), Handler.CALM);
        addWrite(e, prefix + "tickets", (value, errh) ->
        {
            try
            {
                task.setTickets(Integer.parseInt(value.trim()));
                return 0;
            }
            catch (final NumberFormatException ex)
            {
                return errh.error("tickets: expected integer");
            }
        }, 0);
        addRead(e, prefix + "home_thread", () -> Integer.toString(task.homeThreadId()), Handler.CALM);
        addWrite(e, prefix + "home_thread", (value, errh) ->
        {
            try
            {
                task.moveThread(Integer.parseInt(value.trim()));
                return 0;
            }
            catch (final NumberFormatException ex)
            {
                return errh.error("home_thread: expected integer");
            }
        }, 0);
    }

    /** The handler {@code name} of {@code e} (null: global), or null. */
    public Handler find(final Element e, final String name)
    {
        final Map<String, Handler> t = e == null ? global : byElement.get(e);
        return t == null ? null : t.get(name);
    }

    /** All handlers of {@code e} (null: global), in registration order. */
    public List<Handler> of(final Element e)
    {
        final Map<String, Handler> t = e == null ? global : byElement.get(e);
        return t == null ? List.of() : new ArrayList<>(t.values());
    }
}
