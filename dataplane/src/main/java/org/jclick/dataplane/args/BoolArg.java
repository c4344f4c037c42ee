package org.jclick.dataplane.args;

/**
 * Click's {@code BoolArg}: {@code true}, {@code yes}, {@code 1}, {@code t}, {@code y} are true; {@code false},
 * {@code no}, {@code 0}, {@code f}, {@code n} are false (lower case only, as in Click). Error: {@code expected boolean}.
 */
public final class BoolArg implements ArgParser<Boolean>
{
    public static final BoolArg INSTANCE = new BoolArg();

    private BoolArg()
    {
    }

    /** Parses a handler value (trimmed); null when it is not a boolean. */
    public static Boolean parseOrNull(final String text)
    {
        try
        {
            return INSTANCE.parse(text.trim(), ArgContext.EMPTY);
        }
        catch (final ArgException e)
        {
            return null;
        }
    }

    @Override
    public Boolean parse(final String text, final ArgContext context)
    {
        return switch (text)
        {
            case "true", "yes", "1", "t", "y" -> Boolean.TRUE;
            case "false", "no", "0", "f", "n" -> Boolean.FALSE;
            default -> throw new ArgException("expected boolean");
        };
    }
}
