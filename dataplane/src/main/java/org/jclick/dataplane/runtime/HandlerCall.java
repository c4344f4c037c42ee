package org.jclick.dataplane.runtime;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.Handler;
import org.jclick.lang.ConfigStrings;

/**
 * Click's {@code HandlerCall}: a handler named in a configuration ({@code elem.h [VALUE]}, or a global {@code h}),
 * resolved once at initialization relative to the configuring element, then called. Used by keywords such as
 * Counter's {@code COUNT_CALL} and FromDump's {@code END_CALL}. Errors of a call at run time go to standard error.
 */
public final class HandlerCall
{
    private final String name;
    private final String value;
    private final boolean write;
    private Handler handler;

    private HandlerCall(final String name, final String value, final boolean write)
    {
        this.name = name;
        this.value = value;
        this.write = write;
    }

    /** {@code HANDLER [VALUE]} for a write call; VALUE is unquoted as Click does. */
    public static HandlerCall parseWrite(final String text)
    {
        final String[] w = ConfigStrings.shiftSpacevec(text.trim());
        return new HandlerCall(w[0], w[1].isEmpty() ? "" : ConfigStrings.unquote(w[1].trim()), true);
    }

    /** {@code HANDLER [PARAM]} for a read call. */
    public static HandlerCall parseRead(final String text)
    {
        final String[] w = ConfigStrings.shiftSpacevec(text.trim());
        return new HandlerCall(w[0], w[1], false);
    }

    public String name()
    {
        return name;
    }

    public String value()
    {
        return value;
    }

    /** Finds the handler relative to {@code context}; reports errors and returns a negative value on failure. */
    public int resolve(final Element context, final ErrorHandler errh)
    {
        final Handler h = context.router().handler(name, context, errh);
        if (h == null)
        {
            return ErrorHandler.FAILURE;
        }
        if (write && !h.writable())
        {
            return errh.error("'" + h.fullName() + "' is not a write handler");
        }
        if (!write && !h.readable())
        {
            return errh.error("'" + h.fullName() + "' is not a read handler");
        }
        handler = h;
        return 0;
    }

    /** Calls the write handler with the configured value (or reads, for a read call); returns the result code. */
    public int call(final Element context)
    {
        final ErrorHandler errh = ErrorHandler.stderr();
        if (write)
        {
            return handler.callWrite(value, errh);
        }
        return handler.callRead(value, errh) == null ? ErrorHandler.FAILURE : 0;
    }

    /** Calls the write handler with {@code v}. */
    public int callWrite(final String v, final ErrorHandler errh)
    {
        return handler.callWrite(v, errh);
    }

    /** Reads (read calls). */
    public String callRead(final ErrorHandler errh)
    {
        return handler.callRead(value, errh);
    }

    public Handler handler()
    {
        return handler;
    }
}
