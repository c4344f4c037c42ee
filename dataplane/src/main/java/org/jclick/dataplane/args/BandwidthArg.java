package org.jclick.dataplane.args;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Click's {@code BandwidthArg}: a rate in bytes per second, as an unsigned 32-bit value. Units: {@code bps},
 * {@code b/s}, {@code baud} (bits per second, divided by 8) and {@code Bps}, {@code B/s} (bytes per second), with
 * prefixes {@code k}/{@code K} (10^3), {@code M} (10^6), {@code G} (10^9) just before the unit: {@code 10Mbps},
 * {@code 1Gbps}, {@code 5MBps}. A bare number means bytes per second (Click flags it as "unitless"; see
 * {@link #isUnitless}). A prefix without a unit ({@code 10M}) is an error, as in Click. Results round to the
 * nearest byte. Errors: {@code expected bandwidth}, {@code out of range}.
 */
public final class BandwidthArg implements ArgParser<Long>
{
    public static final BandwidthArg INSTANCE = new BandwidthArg();

    private static final BigDecimal UINT32_MAX = BigDecimal.valueOf(0xFFFF_FFFFL);

    private BandwidthArg()
    {
    }

    @Override
    public Long parse(final String text, final ArgContext context)
    {
        final BigDecimal v = Decimals.parseWithUnits(text, Decimals.BANDWIDTH, false);
        if (v == null)
        {
            throw new ArgException("expected bandwidth");
        }
        final BigDecimal rounded = v.setScale(0, RoundingMode.HALF_UP);
        if (rounded.compareTo(UINT32_MAX) > 0)
        {
            throw new ArgException("out of range");
        }
        return rounded.longValueExact();
    }

    /** Whether {@code text} has no unit (Click's {@code status_unitless}); elements may warn about it. */
    public static boolean isUnitless(final String text)
    {
        return !Decimals.splitUnit(text, Decimals.BANDWIDTH).hasUnit();
    }
}
