package org.jclick.dataplane.args;

/**
 * Parses the text of one configuration argument into a value (Click's parser objects, e.g. {@code IntArg}).
 * Runs at setup time: it may allocate; on bad input it throws {@link ArgException} with Click's reason text.
 *
 * @param <T> the parsed value's type
 */
@FunctionalInterface
public interface ArgParser<T>
{
    /**
     * @param text the argument's value, keyword removed (still quoted; parsers that take strings unquote)
     * @param context the element context: its name and the name and element resolvers
     * @throws ArgException when {@code text} is not a valid value
     */
    T parse(String text, ArgContext context);

    /** This parser with an extra check: {@code check} returns an error reason, or {@code null} when fine. */
    default ArgParser<T> check(final java.util.function.Function<? super T, String> check)
    {
        return (text, context) ->
        {
            final T value = parse(text, context);
            final String error = check.apply(value);
            if (error != null)
            {
                throw new ArgException(error);
            }
            return value;
        };
    }
}
