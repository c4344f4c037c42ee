package org.jclick.dataplane.args;

import java.util.regex.Pattern;

/**
 * Click's {@code DoubleArg}: a decimal floating-point number ({@code strtod} syntax without leading space; hex
 * floats, {@code inf} and {@code nan} are not accepted). Errors: {@code expected real number};
 * {@code out of range, bound inf} (or {@code -inf}) on overflow; {@code underflow, rounded to 0} when a non-zero
 * value rounds to zero.
 */
public final class DoubleArg implements ArgParser<Double>
{
    public static final DoubleArg INSTANCE = new DoubleArg();

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");
    private static final Pattern NONZERO_MANTISSA = Pattern.compile("^[+-]?[0.]*[1-9].*");

    private DoubleArg()
    {
    }

    @Override
    public Double parse(final String text, final ArgContext context)
    {
        if (!DECIMAL.matcher(text).matches())
        {
            throw new ArgException("expected real number");
        }
        final double v = Double.parseDouble(text);
        if (Double.isInfinite(v))
        {
            throw new ArgException(v > 0 ? "out of range, bound inf" : "out of range, bound -inf");
        }
        if (v == 0 && NONZERO_MANTISSA.matcher(text).matches())
        {
            throw new ArgException("underflow, rounded to 0");
        }
        return v;
    }
}
