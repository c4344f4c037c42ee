package org.jclick.dataplane.args;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Click's {@code DecimalFixedPointArg(d)}: a decimal number (Click's fraction syntax, exponent allowed) scaled by
 * {@code 10^d} and rounded to the nearest integer: unsigned 32-bit by default, signed 32-bit from {@link #signed}.
 * Errors: {@code expected real number}, {@code out of range}.
 */
public final class DecimalFixedPointArg implements ArgParser<Long>
{
    private final int fractionDigits;
    private final boolean signed;

    private DecimalFixedPointArg(final int fractionDigits, final boolean signed)
    {
        if (fractionDigits < 0 || fractionDigits > 9)
        {
            throw new IllegalArgumentException("fraction digits " + fractionDigits);
        }
        this.fractionDigits = fractionDigits;
        this.signed = signed;
    }

    /** Unsigned 32-bit result. */
    public static DecimalFixedPointArg of(final int fractionDigits)
    {
        return new DecimalFixedPointArg(fractionDigits, false);
    }

    /** Signed 32-bit result. */
    public static DecimalFixedPointArg signed(final int fractionDigits)
    {
        return new DecimalFixedPointArg(fractionDigits, true);
    }

    @Override
    public Long parse(final String text, final ArgContext context)
    {
        final BigDecimal v = Decimals.parse(text, signed);
        if (v == null)
        {
            throw new ArgException("expected real number");
        }
        final BigDecimal scaled = v.scaleByPowerOfTen(fractionDigits).setScale(0, RoundingMode.HALF_UP);
        final long lo = signed ? Integer.MIN_VALUE : 0;
        final long hi = signed ? Integer.MAX_VALUE : 0xFFFF_FFFFL;
        if (scaled.compareTo(BigDecimal.valueOf(hi)) > 0 || scaled.compareTo(BigDecimal.valueOf(lo)) < 0)
        {
            throw new ArgException("out of range");
        }
        return scaled.longValueExact();
    }
}
