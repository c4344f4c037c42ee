package org.jclick.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A command-line parser that behaves like Click's CLP library ({@code lib/clp.c}), so that the
 * Click-compatible entry points accept exactly what Click's programs accept:
 * <ul>
 *   <li>short options bundle, and a short option that takes a value takes the rest of its word
 *       ({@code -qo-}, {@code -qe CONFIG}, {@code -e"..."}, {@code -j4}, {@code -o=FILE});</li>
 *   <li>a mandatory value may start with a dash ({@code -o -}, {@code -e -x});</li>
 *   <li>long options may be abbreviated to any unambiguous prefix, take values as {@code --opt=V} or
 *       {@code --opt V}, and negatable ones accept {@code --no-opt};</li>
 *   <li>an optional value is only taken from {@code --opt=V} (or the rest of a short option's word);</li>
 *   <li>{@code -} alone is an argument, not an option; {@code --} ends option processing;</li>
 *   <li>options and arguments may be interleaved.</li>
 * </ul>
 * Errors read like CLP's ({@code click: unrecognized option '-Z'}).
 */
final class Clp {

    enum ValType {
        NONE, STRING, INT, DOUBLE
    }

    /**
     * One option. {@code longName} may be null (short only); {@code shortName} may be 0 (long only).
     *
     * @param optionalValue the value may be omitted ({@code Clp_Optional})
     * @param negatable     {@code --no-NAME} (or {@code +X} where enabled) is accepted ({@code Clp_Negate})
     */
    record Option(String longName, char shortName, int id, ValType type, boolean optionalValue,
                  boolean negatable) {

        static Option flag(String longName, char shortName, int id) {
            return new Option(longName, shortName, id, ValType.NONE, false, false);
        }

        static Option negatableFlag(String longName, char shortName, int id) {
            return new Option(longName, shortName, id, ValType.NONE, false, true);
        }

        static Option value(String longName, char shortName, int id, ValType type) {
            return new Option(longName, shortName, id, type, false, false);
        }

        static Option optionalValue(String longName, char shortName, int id, ValType type) {
            return new Option(longName, shortName, id, type, true, false);
        }
    }

    /** What {@link #next()} found. */
    sealed interface Item permits Opt, Arg, Bad {
    }

    /**
     * An option. {@code value} is the raw value (null if none); {@code intValue}/{@code doubleValue} hold
     * the parsed value for INT/DOUBLE options; {@code shown} is how the user wrote the option.
     */
    record Opt(Option option, boolean negated, String value, long intValue, double doubleValue, String shown)
            implements Item {
        int id() {
            return option.id();
        }
    }

    /** A non-option argument. */
    record Arg(String value) implements Item {
    }

    /** A bad option; {@code message} is already prefixed with the program name. */
    record Bad(String message) implements Item {
    }

    private final String program;
    private final List<Option> options;
    private final String[] args;
    private final boolean plusNegatesShort;

    private int index;              // next argument to read
    private String shortRest;       // remaining characters of a short-option bundle, or null
    private String shortPrefix;     // "-" or "+" for the current bundle
    private boolean optionProcessing = true;

    /**
     * @param program          program name for error messages
     * @param plusNegatesShort whether {@code +X} is a negated short option (click-flatten's
     *                         {@code Clp_SetOptionChar(clp, '+', Clp_ShortNegated)})
     */
    Clp(String program, List<Option> options, String[] args, boolean plusNegatesShort) {
        this.program = program;
        this.options = List.copyOf(options);
        this.args = args.clone();
        this.plusNegatesShort = plusNegatesShort;
    }

    String program() {
        return program;
    }

    /** The next option or argument, or null when all have been read. */
    Item next() {
        // inside a bundle of short options: move to its next character
        if (shortRest != null) {
            shortRest = shortRest.substring(Character.charCount(shortRest.codePointAt(0)));
            if (shortRest.isEmpty()) {
                shortRest = null;
            } else {
                return shortOption();
            }
        }
        while (index < args.length) {
            final String text = args[index++];
            if (!optionProcessing) {
                return new Arg(text);
            }
            if (text.startsWith("--")) {
                if (text.length() == 2) {
                    optionProcessing = false;
                    continue;
                }
                return longOption(text.substring(2));
            }
            if (text.length() > 1 && (text.charAt(0) == '-' || (plusNegatesShort && text.charAt(0) == '+'))) {
                shortPrefix = text.substring(0, 1);
                shortRest = text.substring(1);
                return shortOption();
            }
            return new Arg(text);
        }
        return null;
    }

    /** All remaining items (for tests and simple callers). */
    List<Item> all() {
        final List<Item> items = new ArrayList<>();
        for (Item it = next(); it != null; it = next()) {
            items.add(it);
        }
        return items;
    }

    private Item shortOption() {
        final int c = shortRest.codePointAt(0);
        final String shown = shortPrefix + new String(Character.toChars(c));
        final boolean negatedByPrefix = shortPrefix.equals("+");
        Option found = null;
        for (Option o : options) {
            if (o.shortName() != 0 && o.shortName() == c && (!negatedByPrefix || o.negatable())) {
                found = o;
                break;
            }
        }
        if (found == null) {
            shortRest = null;
            return bad("unrecognized option '" + shown + "'");
        }
        final boolean negated = negatedByPrefix;
        final String after = shortRest.substring(Character.charCount(c));
        if (negated || found.type() == ValType.NONE) {
            return new Opt(found, negated, null, 0, 0, shown);
        }
        if (!after.isEmpty()) {
            // the -Xvalue (or -X=value) case: the rest of the word is the value
            shortRest = null;
            return withValue(found, false, after.startsWith("=") ? after.substring(1) : after, shown);
        }
        shortRest = null;
        if (found.optionalValue()) {
            return new Opt(found, false, null, 0, 0, shown);
        }
        if (index >= args.length) {
            return bad("'" + shown + "' requires an argument");
        }
        return withValue(found, false, args[index++], shown);
    }

    private Item longOption(String text) {
        final int eq = text.indexOf('=');
        final String name = eq >= 0 ? text.substring(0, eq) : text;
        final String value = eq >= 0 ? text.substring(eq + 1) : null;
        final String shownWhole = "--" + name;

        boolean negated = false;
        String lookup = name;
        Set<Option> matches = match(lookup, false);
        while (matches.isEmpty() && lookup.startsWith("no-")) {
            lookup = lookup.substring(3);
            negated = !negated;
            matches = match(lookup, true);
        }
        if (matches.isEmpty()) {
            return bad("unrecognized option '" + shownWhole + "'");
        }
        if (matches.size() > 1 && !sameId(matches)) {
            final StringBuilder sb = new StringBuilder("option '" + shownWhole + "' is ambiguous\n");
            sb.append("(Possibilities are");
            final List<String> names = new ArrayList<>();
            for (Option o : matches) {
                names.add("'--" + (negated ? "no-" : "") + o.longName() + "'");
            }
            for (int i = 0; i < names.size(); i++) {
                sb.append(i == 0 ? " " : (i == names.size() - 1 ? (names.size() > 2 ? ", and " : " and ") : ", "))
                        .append(names.get(i));
            }
            sb.append(".)");
            return bad(sb.toString());
        }
        final Option found = matches.iterator().next();
        final String shown = "--" + (negated ? "no-" : "") + found.longName();
        final boolean neg = negated;
        if (negated || found.type() == ValType.NONE) {
            if (value != null) {
                return bad("'" + shown + "' can't take an argument");
            }
            return new Opt(found, neg, null, 0, 0, shown);
        }
        if (value != null) {
            return withValue(found, neg, value, shown);
        }
        if (found.optionalValue()) {
            return new Opt(found, neg, null, 0, 0, shown);
        }
        if (index >= args.length) {
            return bad("'" + shown + "' requires an argument");
        }
        return withValue(found, neg, args[index++], shown);
    }

    /** Exact long-name match, else all options whose long name starts with {@code prefix}. */
    private Set<Option> match(String prefix, boolean negatableOnly) {
        final Set<Option> result = new LinkedHashSet<>();
        if (prefix.isEmpty()) {
            return result;
        }
        for (Option o : options) {
            if (o.longName() != null && o.longName().equals(prefix) && (!negatableOnly || o.negatable())) {
                result.add(o);
                return result;
            }
        }
        for (Option o : options) {
            if (o.longName() != null && o.longName().startsWith(prefix) && (!negatableOnly || o.negatable())) {
                result.add(o);
            }
        }
        return result;
    }

    private static boolean sameId(Set<Option> options) {
        final int id = options.iterator().next().id();
        for (Option o : options) {
            if (o.id() != id) {
                return false;
            }
        }
        return true;
    }

    private Item withValue(Option o, boolean negated, String value, String shown) {
        switch (o.type()) {
            case INT -> {
                final Long v = parseInt(value);
                if (v == null) {
                    return bad("'" + shown + "' expects an integer, not '" + value + "'");
                }
                return new Opt(o, negated, value, v, v, shown);
            }
            case DOUBLE -> {
                final Double d = parseDouble(value);
                if (d == null) {
                    return bad("'" + shown + "' expects a real number, not '" + value + "'");
                }
                return new Opt(o, negated, value, d.longValue(), d, shown);
            }
            default -> {
                return new Opt(o, negated, value, 0, 0, shown);
            }
        }
    }

    /** C's {@code strtol(s, &end, 0)} consuming the whole string: decimal, {@code 0x} hex, {@code 0} octal. */
    static Long parseInt(String s) {
        String t = s.stripLeading();
        boolean negative = false;
        if (t.startsWith("-") || t.startsWith("+")) {
            negative = t.charAt(0) == '-';
            t = t.substring(1);
        }
        int radix = 10;
        if (t.length() > 2 && t.charAt(0) == '0' && (t.charAt(1) == 'x' || t.charAt(1) == 'X')) {
            radix = 16;
            t = t.substring(2);
        } else if (t.length() > 1 && t.charAt(0) == '0') {
            radix = 8;
            t = t.substring(1);
        }
        if (t.isEmpty() || t.charAt(0) == '-' || t.charAt(0) == '+') {
            return null;
        }
        try {
            final long v = Long.parseLong(t, radix);
            return negative ? -v : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Double parseDouble(String s) {
        final String t = s.strip();
        if (t.isEmpty() || !t.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
            return null;
        }
        return Double.parseDouble(t);
    }

    private Bad bad(String message) {
        return new Bad(program + ": " + message);
    }

    /** Whether {@code arg} is a {@code NAME=value} define: a non-empty run of [A-Za-z0-9_] then '='. */
    static boolean isDefine(String arg) {
        for (int i = 0; i < arg.length(); i++) {
            final char c = arg.charAt(i);
            if (c == '=' && i > 0) {
                return true;
            }
            if (!(c < 128 && (Character.isLetterOrDigit(c) || c == '_'))) {
                return false;
            }
        }
        return false;
    }
}
