package org.jclick.dataplane.args;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * Click's {@code TimestampArg} (and intervals): a time with nanosecond precision, as a {@link Duration}: a
 * decimal number of seconds with Click's time units ({@code 1.5s}, {@code 10ms}, {@code 2min}, {@code 1h}, see
 * {@link SecondsArg}); negative values only from {@link #signed()}. Errors: {@code expected time},
 * {@code out of range}.
 */
public final class TimestampArg implements ArgParser<Duration>
{
    private static final TimestampArg UNSIGNED = new TimestampArg(false);
    private static final TimestampArg SIGNED = new TimestampArg(true);
    /**
     * The largest time, in a holder class: BigDecimal's static initializer is slow before the JIT, and a
     * configuration whose elements merely have a time keyword (FromDump's START, END...) should not pay it at
     * start-up unless a time is actually given.
     */
    private static final class Limits
    {
        static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(Long.MAX_VALUE);
    }

    private final boolean signed;

    private TimestampArg(final boolean signed)
    {
        this.signed = signed;
    }

    /** Non-negative times (Click's default). */
    public static TimestampArg unsigned()
    {
        return UNSIGNED;
    }

    /** Times that may be negative (Click's {@code TimestampArg(true)}). */
    public static TimestampArg signed()
    {
        return SIGNED;
    }

    @Override
    public Duration parse(final String text, final ArgContext context)
    {
        final BigDecimal v = Decimals.parseWithUnits(text, Decimals.SECONDS, signed);
        if (v == null)
        {
            throw new ArgException("expected time");
        }
        final BigDecimal nanos = v.setScale(9, RoundingMode.HALF_UP);
        if (nanos.abs().compareTo(Limits.MAX_SECONDS) > 0)
        {
            throw new ArgException("out of range");
        }
        final BigDecimal wholeSeconds = nanos.setScale(0, RoundingMode.FLOOR);
        final long fraction = nanos.subtract(wholeSeconds).scaleByPowerOfTen(9).longValueExact();
        return Duration.ofSeconds(wholeSeconds.longValueExact(), fraction);
    }
}
