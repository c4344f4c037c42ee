package org.jclick.elements.standard;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Click's number renderings used by this package's handlers. */
final class ClickFormat
{
    private ClickFormat()
    {
    }

    /** C's {@code %.12g} (Click's {@code String(double)}). */
    static String g12(final double v)
    {
        if (Double.isNaN(v))
        {
            return "nan";
        }
        if (Double.isInfinite(v))
        {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == 0)
        {
            return "0";
        }
        final BigDecimal d = new BigDecimal(v).round(new MathContext(12, RoundingMode.HALF_EVEN));
        final int exp = d.precision() - d.scale() - 1;
        if (exp < -4 || exp >= 12)
        {
            final BigDecimal mant = d.movePointLeft(exp).stripTrailingZeros();
            String m = mant.toPlainString();
            return m + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
        }
        final BigDecimal s = d.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0).toPlainString() : s.toPlainString();
    }

    /** A decimal rendering of a fixed-point value with {@code bits} fraction bits: the shortest that reads back. */
    static String fixed(final long value, final int bits)
    {
        final BigDecimal exact = new BigDecimal(value).divide(new BigDecimal(1L << bits));
        for (int digits = 0; digits < 20; digits++)
        {
            final BigDecimal r = exact.setScale(digits, RoundingMode.HALF_EVEN);
            final long back = r.multiply(new BigDecimal(1L << bits)).setScale(0, RoundingMode.HALF_UP).longValue();
            if (back == value)
            {
                final BigDecimal s = r.stripTrailingZeros();
                return s.scale() < 0 ? s.setScale(0).toPlainString() : s.toPlainString();
            }
        }
        return exact.toPlainString();
    }

    /** Click's {@code cp_unparse_bandwidth}-style rendering of bytes per second. */
    static String bandwidth(final long bytesPerSecond)
    {
        final long bits = bytesPerSecond * 8;
        if (bytesPerSecond >= 125_000_000L)
        {
            return decimal(bits, 9) + "Gbps";
        }
        if (bytesPerSecond >= 125_000L)
        {
            return decimal(bits, 6) + "Mbps";
        }
        if (bytesPerSecond >= 125L)
        {
            return decimal(bits, 3) + "kbps";
        }
        return bits + "bps";
    }

    private static String decimal(final long v, final int shift)
    {
        final BigDecimal s = new BigDecimal(v).movePointLeft(shift).stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0).toPlainString() : s.toPlainString();
    }

    /** A time in seconds, as Click prints a Timestamp interval ({@code 0.500000000} trimmed: {@code 0.5}). */
    static String seconds(final long ns)
    {
        final BigDecimal s = new BigDecimal(ns).movePointLeft(9).stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0).toPlainString() : s.toPlainString();
    }
}
