package org.jclick.dataplane.args;

/**
 * A type parser's rejection of one argument. The message is the bare reason (e.g. {@code expected IP address} or
 * {@code out of range, bound 255}); {@link Args} prefixes it with the argument's keyword, as Click's
 * {@code ArgContext::error} does.
 */
public final class ArgException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public ArgException(final String message)
    {
        super(message, null, false, false);
    }
}
