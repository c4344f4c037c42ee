package org.jclick.dataplane.args;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Click's {@code SecondsArg(d)}: a non-negative time, as an unsigned 32-bit count of {@code 10^-d} seconds
 * (d = 0 seconds, 3 milliseconds, 6 microseconds, 9 nanoseconds), rounded to the nearest unit. Numbers may be
 * fractional and carry Click's time units: {@code s}/{@code sec}, {@code m}/{@code min}, {@code h}/{@code hr},
 * {@code d}/{@code day}, with {@code m}, {@code u}, {@code n} prefixes ({@code 10ms}, {@code 5us}); a bare number is
 * in seconds. Errors: {@code expected time in seconds} (or milliseconds, ...), {@code out of range}.
 */
public final class SecondsArg implements ArgParser<Long>
{
    private static final long UINT32_MAX = 0xFFFF_FFFFL;

    private final int fractionDigits;

    private SecondsArg(final int fractionDigits)
    {
        this.fractionDigits = fractionDigits;
    }

    /** Click's {@code SecondsArg(d)}, 0 &lt;= d &lt;= 9. */
    public static SecondsArg of(final int fractionDigits)
    {
        if (fractionDigits < 0 || fractionDigits > 9)
        {
            throw new IllegalArgumentException("fraction digits " + fractionDigits);
        }
        return new SecondsArg(fractionDigits);
    }

    public static SecondsArg seconds()
    {
        return of(0);
    }

    public static SecondsArg milliseconds()
    {
        return of(3);
    }

    public static SecondsArg microseconds()
    {
        return of(6);
    }

    public static SecondsArg nanoseconds()
    {
        return of(9);
    }

    @Override
    public Long parse(final String text, final ArgContext context)
    {
        final BigDecimal v = Decimals.parseWithUnits(text, Decimals.SECONDS, false);
        if (v == null)
        {
            throw new ArgException("expected time in " + switch (fractionDigits)
            {
                case 0 -> "seconds";
                case 3 -> "milliseconds";
                case 6 -> "microseconds";
                case 9 -> "nanoseconds";
                default -> "units of 10^-" + fractionDigits + " seconds";
            });
        }
        final BigDecimal units = v.scaleByPowerOfTen(fractionDigits).setScale(0, RoundingMode.HALF_UP);
        if (units.compareTo(BigDecimal.valueOf(UINT32_MAX)) > 0)
        {
            throw new ArgException("out of range");
        }
        return units.longValueExact();
    }
}
