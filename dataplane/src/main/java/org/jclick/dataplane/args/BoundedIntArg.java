package org.jclick.dataplane.args;

/**
 * Click's {@code BoundedIntArg}: a signed 32-bit integer (Click's syntax, see {@link IntArg}) within
 * {@code [min, max]}. Errors: {@code expected integer}; {@code out of range, bound N} with N the violated bound.
 */
public final class BoundedIntArg implements ArgParser<Integer>
{
    private final int min;
    private final int max;
    private final IntArg<Integer> integer;

    private BoundedIntArg(final int min, final int max, final int base)
    {
        if (min > max)
        {
            throw new IllegalArgumentException("min " + min + " > max " + max);
        }
        this.min = min;
        this.max = max;
        this.integer = IntArg.int32().base(base);
    }

    public static BoundedIntArg of(final int min, final int max)
    {
        return new BoundedIntArg(min, max, 0);
    }

    public static BoundedIntArg of(final int min, final int max, final int base)
    {
        return new BoundedIntArg(min, max, base);
    }

    @Override
    public Integer parse(final String text, final ArgContext context)
    {
        final int v = integer.parse(text, context);
        if (v < min)
        {
            throw new ArgException("out of range, bound " + min);
        }
        if (v > max)
        {
            throw new ArgException("out of range, bound " + max);
        }
        return v;
    }
}
