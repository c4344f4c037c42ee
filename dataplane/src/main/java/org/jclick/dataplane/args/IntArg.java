package org.jclick.dataplane.args;

import java.math.BigInteger;

/**
 * Click's {@code IntArg}: integers of a given width and signedness. With base 0 (the default) the text is decimal,
 * or hexadecimal after {@code 0x}, binary after {@code 0b}, octal after a leading {@code 0} (so {@code 08} is an
 * error, as in Click). A leading {@code +} is allowed; {@code -} only for signed types; an underscore may follow a
 * digit ({@code 1_000_000}).
 *
 * <p>Errors: {@code expected integer} (signed) or {@code expected unsigned integer} for bad syntax;
 * {@code out of range, bound N} when the value does not fit, N the violated bound (Click's {@code range_error}).
 *
 * <p>Values: 8-, 16- and signed 32-bit types give {@link Integer}; unsigned 32-bit and signed 64-bit give
 * {@link Long}; unsigned 64-bit gives a {@link Long} holding the unsigned bits.
 */
public final class IntArg<T extends Number> implements ArgParser<T>
{
    private final int bits;
    private final boolean signed;
    private final int base;
    private final java.util.function.Function<BigInteger, T> convert;
    private final BigInteger min;
    private final BigInteger max;

    private IntArg(final int bits, final boolean signed, final int base,
        final java.util.function.Function<BigInteger, T> convert)
    {
        if (base != 0 && (base < 2 || base > 36))
        {
            throw new IllegalArgumentException("base " + base);
        }
        this.bits = bits;
        this.signed = signed;
        this.base = base;
        this.convert = convert;
        this.min = signed ? BigInteger.ONE.shiftLeft(bits - 1).negate() : BigInteger.ZERO;
        this.max = signed ? BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE)
            : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
    }

    public static IntArg<Integer> int8()
    {
        return new IntArg<>(8, true, 0, BigInteger::intValue);
    }

    public static IntArg<Integer> uint8()
    {
        return new IntArg<>(8, false, 0, BigInteger::intValue);
    }

    public static IntArg<Integer> int16()
    {
        return new IntArg<>(16, true, 0, BigInteger::intValue);
    }

    public static IntArg<Integer> uint16()
    {
        return new IntArg<>(16, false, 0, BigInteger::intValue);
    }

    public static IntArg<Integer> int32()
    {
        return new IntArg<>(32, true, 0, BigInteger::intValue);
    }

    public static IntArg<Long> uint32()
    {
        return new IntArg<>(32, false, 0, BigInteger::longValue);
    }

    public static IntArg<Long> int64()
    {
        return new IntArg<>(64, true, 0, BigInteger::longValue);
    }

    /** Unsigned 64-bit: the result's bits are the unsigned value (compare with {@link Long#compareUnsigned}). */
    public static IntArg<Long> uint64()
    {
        return new IntArg<>(64, false, 0, BigInteger::longValue);
    }

    /** The same type read in a fixed base (Click's {@code IntArg(base)}); base 16 still accepts {@code 0x}. */
    public IntArg<T> base(final int newBase)
    {
        return new IntArg<>(bits, signed, newBase, convert);
    }

    @Override
    public T parse(final String text, final ArgContext context)
    {
        final BigInteger v = parseInteger(text, signed, base);
        if (v == null)
        {
            throw new ArgException(signed ? "expected integer" : "expected unsigned integer");
        }
        if (v.compareTo(max) > 0)
        {
            throw new ArgException("out of range, bound " + max);
        }
        if (v.compareTo(min) < 0)
        {
            throw new ArgException("out of range, bound " + min);
        }
        return convert.apply(v);
    }

    /**
     * Click's integer syntax (see the class comment) without range limits; {@code null} when {@code text} is not
     * an integer.
     */
    static BigInteger parseInteger(final String text, final boolean signed, final int base)
    {
        final int n = text.length();
        int s = 0;
        boolean negative = false;
        if (s < n && ((signed && text.charAt(s) == '-') || text.charAt(s) == '+'))
        {
            negative = text.charAt(s) == '-';
            s++;
        }
        int b = base;
        if ((b == 0 || b == 16) && s + 2 < n && text.charAt(s) == '0'
            && (text.charAt(s + 1) == 'x' || text.charAt(s + 1) == 'X'))
        {
            s += 2;
            b = 16;
        }
        else if (b == 0 && s + 2 < n && text.charAt(s) == '0'
            && (text.charAt(s + 1) == 'b' || text.charAt(s + 1) == 'B'))
        {
            s += 2;
            b = 2;
        }
        else if (b == 0)
        {
            b = (s < n && text.charAt(s) == '0') ? 8 : 10;
        }
        final StringBuilder digits = new StringBuilder(n);
        boolean lastWasDigit = false;
        for (; s < n; s++)
        {
            final char c = text.charAt(s);
            if (c == '_' && lastWasDigit)
            {
                lastWasDigit = false;
            }
            else if (Character.digit(c, b) >= 0 && c < 128)
            {
                digits.append(c);
                lastWasDigit = true;
            }
            else
            {
                return null;
            }
        }
        if (digits.isEmpty() || !lastWasDigit)
        {
            return null;
        }
        final BigInteger v = new BigInteger(digits.toString(), b);
        return negative ? v.negate() : v;
    }
}
