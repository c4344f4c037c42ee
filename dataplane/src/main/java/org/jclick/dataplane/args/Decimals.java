package org.jclick.dataplane.args;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Click's decimal-fraction syntax ({@code preparse_fraction} in {@code lib/args.cc}) and unit suffixes
 * ({@code UnitArg}): digits with at most one decimal point (at least one digit), underscores after digits, an
 * optional exponent ({@code e5}, {@code E-3}), then an optional unit with an optional power-of-ten prefix just
 * before it, possibly separated from the number by spaces.
 */
final class Decimals
{
    private Decimals()
    {
    }

    /** A unit suffix: the value is multiplied by {@code factor * 10^power}. */
    record Unit(String suffix, int power, int factor)
    {
    }

    /** A unit table: units tried in order (first suffix match wins), then a prefix character just before it. */
    record Units(List<Unit> units, Map<Character, Integer> prefixes)
    {
    }

    /** Click's seconds units: s, sec, m, min, h, hr, d, day; prefixes m (milli), u (micro), n (nano). */
    static final Units SECONDS = new Units(
        List.of(new Unit("s", 0, 1), new Unit("sec", 0, 1), new Unit("m", 1, 6), new Unit("min", 1, 6),
            new Unit("h", 2, 36), new Unit("hr", 2, 36), new Unit("d", 2, 864), new Unit("day", 2, 864)),
        Map.of('m', -3, 'u', -6, 'n', -9));

    /**
     * Click's byte bandwidth units: baud, bps, b/s are bits per second (x 1/8); Bps and B/s bytes per second;
     * prefixes k and K (10^3), M (10^6), G (10^9).
     */
    static final Units BANDWIDTH = new Units(
        List.of(new Unit("baud", -3, 125), new Unit("bps", -3, 125), new Unit("b/s", -3, 125),
            new Unit("Bps", 0, 1), new Unit("B/s", 0, 1)),
        Map.of('k', 3, 'K', 3, 'M', 6, 'G', 9));

    /** A number split from its unit. */
    record WithUnit(String number, BigDecimal multiplier, boolean hasUnit)
    {
    }

    static WithUnit splitUnit(final String text, final Units table)
    {
        for (final Unit u : table.units())
        {
            if (text.endsWith(u.suffix()))
            {
                int end = text.length() - u.suffix().length();
                int power = u.power();
                if (end > 0)
                {
                    final Integer p = table.prefixes().get(text.charAt(end - 1));
                    if (p != null)
                    {
                        power += p;
                        end--;
                    }
                }
                while (end > 0 && isSpace(text.charAt(end - 1)))
                {
                    end--;
                }
                final BigDecimal multiplier = BigDecimal.valueOf(u.factor()).scaleByPowerOfTen(power);
                return new WithUnit(text.substring(0, end), multiplier, true);
            }
        }
        return new WithUnit(text, BigDecimal.ONE, false);
    }

    private static boolean isSpace(final char c)
    {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B';
    }

    /** Parses Click's decimal fraction syntax exactly; {@code null} if {@code text} is not one. */
    static BigDecimal parse(final String text, final boolean signed)
    {
        final int n = text.length();
        int s = 0;
        boolean negative = false;
        if (s < n && ((signed && text.charAt(s) == '-') || text.charAt(s) == '+'))
        {
            negative = text.charAt(s) == '-';
            s++;
        }
        final StringBuilder digits = new StringBuilder(n);
        int fractionDigits = 0;
        boolean point = false;
        boolean lastWasDigit = false;
        boolean anyDigit = false;
        for (; s < n; s++)
        {
            final char c = text.charAt(s);
            if (c == '_' && lastWasDigit)
            {
                lastWasDigit = false;
            }
            else if (c == '.' && !point && (lastWasDigit || !anyDigit))
            {
                point = true;
                lastWasDigit = false;
            }
            else if (c >= '0' && c <= '9')
            {
                digits.append(c);
                if (point)
                {
                    fractionDigits++;
                }
                anyDigit = true;
                lastWasDigit = true;
            }
            else
            {
                break;
            }
        }
        if (!anyDigit)
        {
            return null;
        }
        int exponent = 0;
        if (s < n && (text.charAt(s) == 'e' || text.charAt(s) == 'E') && s + 1 < n)
        {
            int t = s + 1;
            final boolean negativeExponent = text.charAt(t) == '-';
            if (text.charAt(t) == '-' || text.charAt(t) == '+')
            {
                t++;
            }
            final int digitsStart = t;
            while (t < n && text.charAt(t) >= '0' && text.charAt(t) <= '9')
            {
                t++;
            }
            if (t > digitsStart)
            {
                if (t - digitsStart > 9)
                {
                    return null;
                }
                exponent = Integer.parseInt(text, digitsStart, t, 10);
                exponent = negativeExponent ? -exponent : exponent;
                s = t;
            }
        }
        if (s != n)
        {
            return null;
        }
        final BigDecimal v = new BigDecimal(new BigInteger(digits.toString()), fractionDigits - exponent);
        return negative ? v.negate() : v;
    }

    /** Number with an optional unit from {@code table}; {@code null} when malformed. */
    static BigDecimal parseWithUnits(final String text, final Units table, final boolean signed)
    {
        final WithUnit w = splitUnit(text, table);
        final BigDecimal v = parse(w.number(), signed);
        return v == null ? null : v.multiply(w.multiplier());
    }
}
