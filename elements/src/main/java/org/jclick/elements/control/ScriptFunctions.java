package org.jclick.elements.control;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Random;

import org.jclick.dataplane.args.BoolArg;
import org.jclick.dataplane.args.DoubleArg;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.lang.ConfigStrings;

/** Script's built-in read handlers with parameters (arithmetic, comparison, logic, strings). */
final class ScriptFunctions
{
    static final List<String> NAMES = List.of("add", "sub", "min", "max", "mul", "div", "idiv", "mod", "rem", "neg",
        "abs", "eq", "ne", "gt", "ge", "lt", "le", "not", "sprintf", "first", "random", "and", "or", "nand", "nor",
        "if", "in", "readable", "writable", "length", "unquote", "htons", "htonl", "ntohs", "ntohl", "cat", "catq", "kill");

    /** The random source of {@code random} (seeded by RandomSeed). */
    static final Random RANDOM = new Random();

    private ScriptFunctions()
    {
    }

    static Long parseLong(final String s)
    {
        try
        {
            return IntArg.int64().parse(s, null);
        }
        catch (final RuntimeException e)
        {
            return null;
        }
    }

    static Double parseDouble(final String s)
    {
        try
        {
            return DoubleArg.INSTANCE.parse(s, null);
        }
        catch (final RuntimeException e)
        {
            return null;
        }
    }

    /** C's {@code %.12g} (Click's String(double)). */
    static String formatDouble(final double x)
    {
        if (Double.isNaN(x))
        {
            return "nan";
        }
        if (Double.isInfinite(x))
        {
            return x > 0 ? "inf" : "-inf";
        }
        if (x == 0)
        {
            return 1 / x < 0 ? "-0" : "0";
        }
        final BigDecimal bd = new BigDecimal(x).round(new MathContext(12, RoundingMode.HALF_EVEN));
        final int exp = bd.precision() - bd.scale() - 1;
        if (exp < -4 || exp >= 12)
        {
            String digits = bd.unscaledValue().abs().toString();
            int end = digits.length();
            while (end > 1 && digits.charAt(end - 1) == '0')
            {
                end--;
            }
            digits = digits.substring(0, end);
            final StringBuilder sb = new StringBuilder();
            if (bd.signum() < 0)
            {
                sb.append('-');
            }
            sb.append(digits.charAt(0));
            if (digits.length() > 1)
            {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(exp < 0 ? '-' : '+');
            final int a = Math.abs(exp);
            if (a < 10)
            {
                sb.append('0');
            }
            sb.append(a);
            return sb.toString();
        }
        return bd.stripTrailingZeros().toPlainString();
    }

    /** Seconds since the epoch with nine decimals. */
    static String formatTimestamp(final long ns)
    {
        final long sec = Math.floorDiv(ns, 1_000_000_000L);
        final long frac = Math.floorMod(ns, 1_000_000_000L);
        final String f = Long.toString(frac);
        return sec + "." + "000000000".substring(f.length()) + f;
    }

    static String call(final ScriptEngine script, final String op, final String str, final ErrorHandler errh)
    {
        switch (op)
        {
            case "add", "sub", "min", "max", "mul", "div", "idiv":
                return arithmetic(op, str, errh);
            case "mod", "rem":
            {
                final List<String> w = ConfigStrings.spacevec(str);
                if (w.size() != 2)
                {
                    errh.error("expected two numbers");
                    return null;
                }
                final Long a = parseLong(w.get(0));
                final Long b = parseLong(w.get(1));
                if (a != null && b != null)
                {
                    if (b == 0)
                    {
                        errh.error("division by zero");
                        return null;
                    }
                    return Long.toString(a % b);
                }
                final Double da = parseDouble(w.get(0));
                final Double db = parseDouble(w.get(1));
                if (op.equals("mod") || da == null || db == null)
                {
                    errh.error("expected two numbers");
                    return null;
                }
                return formatDouble(da % db);
            }
            case "neg", "abs":
            {
                final String t = str.trim();
                final Long a = parseLong(t);
                if (a != null)
                {
                    return Long.toString(op.equals("neg") || a < 0 ? -a : a);
                }
                final Double d = parseDouble(t);
                if (d == null)
                {
                    errh.error("expected one number");
                    return null;
                }
                return formatDouble(op.equals("neg") ? -d : Math.abs(d));
            }
            case "eq", "ne", "gt", "ge", "lt", "le":
                return compare(op, str, errh);
            case "not":
            {
                final Boolean b = BoolArg.parseOrNull(str);
                if (b == null)
                {
                    errh.error("syntax error");
                    return null;
                }
                return Boolean.toString(!b);
            }
            case "and", "or", "nand", "nor":
            {
                final boolean isAnd = op.equals("and") || op.equals("nand");
                boolean value = isAnd;
                String rest = str;
                while (value == isAnd && !rest.isEmpty())
                {
                    final String[] w = ConfigStrings.shiftSpacevec(rest);
                    rest = w[1];
                    final Boolean b = BoolArg.parseOrNull(w[0]);
                    if (b == null)
                    {
                        errh.error("syntax error");
                        return null;
                    }
                    value = isAnd ? value && b : value || b;
                }
                if (op.startsWith("n"))
                {
                    value = !value;
                }
                return Boolean.toString(value);
            }
            case "if":
            {
                final String[] w = ConfigStrings.shiftSpacevec(str);
                final Boolean b = BoolArg.parseOrNull(w[0]);
                if (b == null)
                {
                    errh.error("syntax error");
                    return null;
                }
                final String[] v = ConfigStrings.shiftSpacevec(w[1]);
                return b ? v[0] : ConfigStrings.shiftSpacevec(v[1])[0];
            }
            case "in":
            {
                final List<String> w = ConfigStrings.spacevec(str);
                if (w.isEmpty())
                {
                    return "false";
                }
                final String word = ConfigStrings.unquote(w.get(0));
                for (int i = 1; i < w.size(); i++)
                {
                    if (word.equals(ConfigStrings.unquote(w.get(i))))
                    {
                        return "true";
                    }
                }
                return "false";
            }
            case "first":
                return ConfigStrings.shiftSpacevec(str)[0];
            case "random":
            {
                final List<String> w = ConfigStrings.spacevec(str);
                if (w.isEmpty())
                {
                    return Integer.toString(RANDOM.nextInt(Integer.MAX_VALUE));
                }
                final Long n1 = w.size() <= 2 ? parseLong(w.get(0)) : null;
                final Long n2 = w.size() == 2 ? parseLong(w.get(1)) : null;
                if (n1 == null || n1 < 0 || (w.size() == 2 && (n2 == null || n2 < n1)) || (w.size() == 1 && n1 == 0))
                {
                    errh.error("bad N");
                    return null;
                }
                final long lo = w.size() == 2 ? n1 : 0;
                final long hi = w.size() == 2 ? n2 : n1 - 1;
                return Long.toString(lo + (long)(RANDOM.nextDouble() * (hi - lo + 1)));
            }
            case "readable", "writable":
            {
                for (final String name : ConfigStrings.spacevec(str))
                {
                    if (!script.handlerUsable(name, op.equals("writable")))
                    {
                        return "false";
                    }
                }
                return "true";
            }
            case "length":
                return Integer.toString(str.length());
            case "unquote":
                return ConfigStrings.unquote(str);
            case "htons", "ntohs", "htonl", "ntohl":
            {
                final Long x = parseLong(str.trim());
                if (x == null || x < Integer.MIN_VALUE || x > Integer.MAX_VALUE)
                {
                    errh.error("syntax error");
                    return null;
                }
                final int v = x.intValue();
                if (op.endsWith("s"))
                {
                    return Integer.toString(Short.toUnsignedInt(Short.reverseBytes((short)v)));
                }
                return Integer.toUnsignedString(Integer.reverseBytes(v));
            }
            case "cat", "catq":
            {
                final String name = ConfigStrings.unquote(str.trim());
                if (name.isEmpty())
                {
                    errh.error("bad FILE");
                    return null;
                }
                final String text = ScriptEngine.readFile(name, errh);
                if (text == null)
                {
                    return null;
                }
                return op.equals("catq") ? ConfigStrings.quote(text) : text;
            }
            case "sprintf":
                return sprintf(str, errh);
            case "kill":
            {
                final List<String> w = ConfigStrings.spacevec(str);
                final String sig = w.size() == 2 ? SignalScripts.canonical(w.get(0)) : null;
                final long pid;
                try
                {
                    pid = w.size() == 2 ? Long.parseLong(w.get(1)) : -1;
                }
                catch (final NumberFormatException e)
                {
                    errh.error("syntax error");
                    return null;
                }
                if (sig == null || pid <= 0)
                {
                    errh.error("syntax error");
                    return null;
                }
                if (!SignalScripts.kill(sig, pid))
                {
                    errh.error("kill: no such process");
                    return null;
                }
                return "";
            }
            default:
                errh.error("unknown function");
                return null;
        }
    }

    private static String arithmetic(final String op, final String str, final ErrorHandler errh)
    {
        final boolean additive = op.equals("add") || op.equals("sub");
        long accum = additive ? 0 : 1;
        double daccum = accum;
        boolean useD = op.equals("div") || op.equals("idiv");
        boolean first = true;
        for (final String word : ConfigStrings.spacevec(str))
        {
            Long arg = null;
            if (!useD)
            {
                arg = parseLong(word);
                if (arg == null)
                {
                    useD = true;
                    daccum = accum;
                }
            }
            if (useD)
            {
                final Double d = parseDouble(word);
                if (d == null)
                {
                    errh.error("expected list of numbers");
                    return null;
                }
                final double x = d;
                if (first)
                {
                    daccum = x;
                }
                else
                {
                    daccum = switch (op)
                    {
                        case "add" -> daccum + x;
                        case "sub" -> daccum - x;
                        case "min" -> Math.min(daccum, x);
                        case "max" -> Math.max(daccum, x);
                        case "mul" -> daccum * x;
                        default -> daccum / x;
                    };
                }
            }
            else
            {
                final long x = arg;
                if (first)
                {
                    accum = x;
                }
                else
                {
                    accum = switch (op)
                    {
                        case "add" -> accum + x;
                        case "sub" -> accum - x;
                        case "min" -> Math.min(accum, x);
                        case "max" -> Math.max(accum, x);
                        default -> accum * x;
                    };
                }
            }
            first = false;
        }
        if (op.equals("idiv"))
        {
            return Long.toString((long)daccum);
        }
        return useD ? formatDouble(daccum) : Long.toString(accum);
    }

    private static String compare(final String op, final String str, final ErrorHandler errh)
    {
        final List<String> w = ConfigStrings.spacevec(str);
        if (w.size() != 2)
        {
            errh.error("expected two numbers");
            return null;
        }
        int cmp;
        final Long a = parseLong(w.get(0));
        final Long b = parseLong(w.get(1));
        if (a != null && b != null)
        {
            cmp = Long.compare(a, b);
        }
        else
        {
            final Double da = parseDouble(w.get(0));
            final Double db = parseDouble(w.get(1));
            if (da != null && db != null)
            {
                cmp = da < db ? -1 : da.doubleValue() == db.doubleValue() ? 0 : 1;
            }
            else
            {
                cmp = Integer.signum(compareBytes(ConfigStrings.unquote(w.get(0)), ConfigStrings.unquote(w.get(1))));
            }
        }
        final boolean r = switch (op)
        {
            case "eq" -> cmp == 0;
            case "ne" -> cmp != 0;
            case "lt" -> cmp < 0;
            case "le" -> cmp <= 0;
            case "gt" -> cmp > 0;
            default -> cmp >= 0;
        };
        return Boolean.toString(r);
    }

    private static int compareBytes(final String a, final String b)
    {
        final int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++)
        {
            final int d = (a.charAt(i) & 0xFF) - (b.charAt(i) & 0xFF);
            if (d != 0)
            {
                return d;
            }
        }
        return a.length() - b.length();
    }

    private static String sprintf(final String input, final ErrorHandler errh)
    {
        String[] w = ConfigStrings.shiftSpacevec(input);
        final String format = ConfigStrings.unquote(w[0]);
        String rest = w[1];
        final StringBuilder out = new StringBuilder();
        int i = 0;
        final int n = format.length();
        while (i < n)
        {
            final char c = format.charAt(i);
            if (c != '%')
            {
                out.append(c);
                i++;
                continue;
            }
            i++;
            boolean left = false;
            boolean zero = false;
            boolean alt = false;
            boolean plus = false;
            boolean space = false;
            while (i < n && "0#- +".indexOf(format.charAt(i)) >= 0)
            {
                switch (format.charAt(i))
                {
                    case '0' -> zero = true;
                    case '#' -> alt = true;
                    case '-' -> left = true;
                    case '+' -> plus = true;
                    default -> space = true;
                }
                i++;
            }
            int width = 0;
            if (i < n && format.charAt(i) == '*')
            {
                w = ConfigStrings.shiftSpacevec(rest);
                rest = w[1];
                final Long x = parseLong(w[0]);
                if (x == null)
                {
                    errh.error("syntax error");
                    return null;
                }
                width = x.intValue();
                if (width < 0)
                {
                    left = true;
                    width = -width;
                }
                i++;
            }
            else
            {
                while (i < n && Character.isDigit(format.charAt(i)))
                {
                    width = width * 10 + format.charAt(i++) - '0';
                }
            }
            int precision = -1;
            if (i < n && format.charAt(i) == '.')
            {
                i++;
                precision = 0;
                if (i < n && format.charAt(i) == '*')
                {
                    w = ConfigStrings.shiftSpacevec(rest);
                    rest = w[1];
                    final Long x = parseLong(w[0]);
                    if (x == null || x < 0)
                    {
                        errh.error("syntax error");
                        return null;
                    }
                    precision = x.intValue();
                    i++;
                }
                else
                {
                    while (i < n && Character.isDigit(format.charAt(i)))
                    {
                        precision = precision * 10 + format.charAt(i++) - '0';
                    }
                }
            }
            int size = 0;
            while (i < n && "hlLq".indexOf(format.charAt(i)) >= 0)
            {
                size = format.charAt(i) == 'h' ? 'h' : 'l';
                i++;
            }
            if (i >= n)
            {
                errh.error("syntax error");
                return null;
            }
            final char conv = format.charAt(i++);
            String body;
            String prefix = "";
            switch (conv)
            {
                case 'd', 'i', 'o', 'x', 'X', 'u' ->
                {
                    w = ConfigStrings.shiftSpacevec(rest);
                    rest = w[1];
                    Long x = parseLong(w[0]);
                    if (x == null && conv != 'd' && conv != 'i')
                    {
                        try
                        {
                            x = IntArg.uint64().parse(w[0], null);
                        }
                        catch (final RuntimeException e)
                        {
                            x = null;
                        }
                    }
                    if (x == null)
                    {
                        errh.error("syntax error");
                        return null;
                    }
                    long v = x;
                    if (size == 'h')
                    {
                        v = (conv == 'd' || conv == 'i') ? (short)v : v & 0xFFFF;
                    }
                    final boolean neg = (conv == 'd' || conv == 'i') && v < 0;
                    switch (conv)
                    {
                        case 'o' -> body = Long.toOctalString(v);
                        case 'x' -> body = Long.toHexString(v);
                        case 'X' -> body = Long.toHexString(v).toUpperCase();
                        case 'u' -> body = Long.toUnsignedString(v);
                        default -> body = Long.toString(Math.abs(v));
                    }
                    if (precision >= 0)
                    {
                        zero = false;
                        if (precision == 0 && v == 0)
                        {
                            body = "";
                        }
                        while (body.length() < precision)
                        {
                            body = "0" + body;
                        }
                    }
                    if (neg)
                    {
                        prefix = "-";
                    }
                    else if ((conv == 'd' || conv == 'i') && plus)
                    {
                        prefix = "+";
                    }
                    else if ((conv == 'd' || conv == 'i') && space)
                    {
                        prefix = " ";
                    }
                    if (alt && v != 0 && (conv == 'x' || conv == 'X'))
                    {
                        prefix = conv == 'x' ? "0x" : "0X";
                    }
                    if (alt && conv == 'o' && !body.startsWith("0"))
                    {
                        body = "0" + body;
                    }
                }
                case 's' ->
                {
                    w = ConfigStrings.shiftSpacevec(rest);
                    rest = w[1];
                    body = ConfigStrings.unquote(w[0]);
                    if (precision >= 0 && body.length() > precision)
                    {
                        body = body.substring(0, precision);
                    }
                    zero = false;
                }
                case '%' ->
                {
                    out.append('%');
                    continue;
                }
                default ->
                {
                    errh.error("syntax error");
                    return null;
                }
            }
            final int len = prefix.length() + body.length();
            if (len >= width)
            {
                out.append(prefix).append(body);
            }
            else if (left)
            {
                out.append(prefix).append(body).append(" ".repeat(width - len));
            }
            else if (zero)
            {
                out.append(prefix).append("0".repeat(width - len)).append(body);
            }
            else
            {
                out.append(" ".repeat(width - len)).append(prefix).append(body);
            }
        }
        if (!rest.isEmpty())
        {
            errh.error("syntax error");
            return null;
        }
        return out.toString();
    }
}
