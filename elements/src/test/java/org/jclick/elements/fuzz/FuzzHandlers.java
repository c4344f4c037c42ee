package org.jclick.elements.fuzz;

import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.runtime.Router;

/**
 * Running a router and reading its handlers from the fuzz tests, where a missing handler is the test's own error.
 */
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

    /**
     * Runs {@code router} with standard error kept here instead of in the build log: the elements' messages about
     * bad input (one line each, quoting the input) came to hundreds of thousands of lines per CI run. A line of a
     * stack trace among them, which no message line can start like, is a finding.
     */
    static void runQuietly(final Router router)
    {
        final java.io.ByteArrayOutputStream messages = new java.io.ByteArrayOutputStream();
        final java.io.PrintStream saved = System.err;
        System.setErr(new java.io.PrintStream(messages, true, java.nio.charset.StandardCharsets.UTF_8));
        try
        {
            router.run();
        }
        finally
        {
            System.setErr(saved);
        }
        for (final String line : messages.toString(java.nio.charset.StandardCharsets.UTF_8).split("\n"))
        {
            if (line.startsWith("\tat ") || line.startsWith("Caused by: ") || line.startsWith("Exception in "))
            {
                throw new AssertionError("bad input printed a stack trace: " + line);
            }
        }
    }
}
