package org.jclick.elements.fuzz;

import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.runtime.Router;

/** Reading a router's handlers from the fuzz tests, where a missing handler is the test's own error. */
final class FuzzHandlers
{
    private FuzzHandlers()
    {
    }

    /** The value of read handler {@code handler} ({@code elem.h} or global), stripped; "" when it returns nothing. */
    static String read(final Router router, final String handler)
    {
        final ErrorHandler.Buffer errh = new ErrorHandler.Buffer();
        final var h = router.handler(handler, null, errh);
        if (h == null)
        {
            throw new AssertionError(errh.text());
        }
        final String v = h.callRead("", errh);
        return v == null ? "" : v.strip();
    }
}
