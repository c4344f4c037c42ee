package org.jclick.dataplane.args;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Click's {@code FixedPointArg(b)}: a non-negative decimal number (Click's fraction syntax) as an unsigned 32-bit
 * fixed-point value with {@code b} fraction bits, rounded to the nearest. Errors: {@code expected real number},
 * {@code out of range, bound X} with X the largest value, printed exactly.
 */
public final class FixedPointArg implements ArgParser<Long>
{
    private static final BigDecimal UINT32_MAX = BigDecimal.valueOf(0xFFFF_FFFFL);

    private final int fractionBits;

    private FixedPointArg(final int fractionBits)
    {
        if (fractionBits < 0 || fractionBits > 32)
        {
            throw new IllegalArgumentException("fraction bits " + fractionBits);
        }
        this.fractionBits = fractionBits;
    }

    public static FixedPointArg of(final int fractionBits)
    {
        return new FixedPointArg(fractionBits);
    }

    @Override
    public Long parse(final String text, final ArgContext context)
    {
        final BigDecimal v = Decimals.parse(text, false);
        if (v == null)
        {
            throw new ArgException("expected real number");
        }
        final BigDecimal scale = new BigDecimal(java.math.BigInteger.ONE.shiftLeft(fractionBits));
        final BigDecimal scaled = v.multiply(scale).setScale(0, RoundingMode.HALF_UP);
        if (scaled.compareTo(UINT32_MAX) > 0)
        {
            final BigDecimal bound = UINT32_MAX.divide(scale).stripTrailingZeros();
            throw new ArgException("out of range, bound " + bound.toPlainString());
        }
        return scaled.longValueExact();
    }
}
