package org.jclick.dataplane.args;

import java.util.List;

/**
 * Setup-time failure of an element's configuration: every error found, each already prefixed with its argument's
 * keyword (e.g. {@code RATE: out of range, bound 4294967295}). The runtime attaches the element's name, class and
 * source location when it reports them.
 */
public final class ConfigurationException extends Exception
{
    private static final long serialVersionUID = 1L;

    private final List<String> errors;

    public ConfigurationException(final List<String> errors)
    {
        super(String.join("\n", errors));
        if (errors.isEmpty())
        {
            throw new IllegalArgumentException("a configuration exception needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    /** The error messages, in the order found. */
    public List<String> errors()
    {
        return errors;
    }
}
