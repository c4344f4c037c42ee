package org.jclick.clicktest;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Regular-expression helpers for clicktest's pattern syntax. Test files hold Perl regexes; this class turns
 * them into {@link java.util.regex} syntax, quotes literal text, expands clicktest's integer ranges
 * ({@code {{~ 5 - 15}}}, {@code {{~ 100 +- 5}}}, {@code {{~ 100 +- 5%}}}) and splits {@code {{...}}} holes.
 *
 * <p>All text is handled as ISO-8859-1, so one char is one byte, as in Perl under {@code use bytes}.
 */
public final class PerlRegex {

    /** The parts of a string around its first balanced {@code {{ }}} pair. */
    public record Braces(String before, String middle, String after) {
    }

    /** A converted line: the Java regex and the {@code {{?comment}}} text, or {@code null}. */
    public record LineRegex(String regex, String comment) {
    }

    private static final Pattern CLOSED_RANGE = Pattern.compile("\\A~\\s*(\\d+)\\s*-\\s*(\\d+)\\s*\\z");
    private static final Pattern FUZZY_RANGE = Pattern.compile("\\A~\\s*(\\d+)\\s*\\+-\\s*(\\d+)\\s*(%?)\\s*\\z");
    private static final Pattern QUANTIFIER = Pattern.compile("\\{\\d+(,\\d*)?}");

    private PerlRegex() {
    }

    /**
     * Finds the first {@code {{} and its matching {@code }}}, allowing one level of nesting. Returns
     * {@code null} when there is no such pair, or when nesting is deeper than one level.
     */
    public static Braces splitBraces(final String text) {
        final int open = text.indexOf("{{");
        if (open < 0) {
            return null;
        }
        int level = 1;
        int pos = open + 2;
        while (level > 0) {
            final int nextOpen = text.indexOf("{{", pos);
            final int nextClose = text.indexOf("}}", pos);
            if (nextClose < 0 && nextOpen < 0) {
                return null;
            }
            if (nextOpen >= 0 && (nextClose < 0 || nextOpen < nextClose)) {
                level++;
                pos = nextOpen + 2;
                if (level > 2) {
                    return null;
                }
            } else {
                level--;
                pos = nextClose + 2;
            }
        }
        final int close = pos - 2;
        return new Braces(text.substring(0, open), text.substring(open + 2, close), text.substring(close + 2));
    }

    /** Quotes {@code text} so that it matches itself literally (like Perl's {@code quotemeta}). */
    public static String quote(final String text) {
        final StringBuilder out = new StringBuilder(text.length() * 2);
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == ' ') {
                out.append(c);
            } else if (c > 0x20 && c < 0x7f) {
                out.append('\\').append(c);
            } else {
                out.append(String.format("\\x{%x}", (int) c));
            }
        }
        return out.toString();
    }

    /**
     * Converts a Perl regex to {@link java.util.regex} syntax: a {@code {} that does not start a quantifier is
     * literal, {@code [} and {@code &} inside a character class are literal, POSIX classes
     * ({@code [:alpha:]}) are mapped, and {@code \N} means "not a newline".
     */
    public static String toJava(final String perl) {
        final StringBuilder out = new StringBuilder(perl.length() + 8);
        boolean inClass = false;
        int classBodyStart = -1;
        for (int i = 0; i < perl.length(); i++) {
            final char c = perl.charAt(i);
            if (c == '\\' && i + 1 < perl.length()) {
                final char next = perl.charAt(i + 1);
                if (next == 'N' && (i + 2 >= perl.length() || perl.charAt(i + 2) != '{')) {
                    out.append(inClass ? "\\n" : "[^\\n]");
                } else if (next == 'Z' && !inClass) {
                    out.append("(?=\\n?\\z)");
                } else {
                    out.append(c).append(next);
                }
                i++;
            } else if (inClass) {
                if (c == '[' && perl.startsWith("[:", i)) {
                    final int end = perl.indexOf(":]", i + 2);
                    final String mapped = end < 0 ? null : posixClass(perl.substring(i + 2, end));
                    if (mapped != null) {
                        out.append(mapped);
                        i = end + 1;
                    } else {
                        out.append("\\[");
                    }
                } else if (c == '[' || c == '&') {
                    out.append('\\').append(c);
                } else if (c == ']' && i == classBodyStart) {
                    out.append("\\]");
                } else {
                    if (c == ']') {
                        inClass = false;
                    }
                    out.append(c);
                }
            } else if (c == '[') {
                inClass = true;
                out.append(c);
                if (i + 1 < perl.length() && perl.charAt(i + 1) == '^') {
                    out.append('^');
                    i++;
                }
                classBodyStart = i + 1;
            } else if (c == '{') {
                final Matcher quantifier = QUANTIFIER.matcher(perl).region(i, perl.length());
                if (quantifier.lookingAt() && hasQuantifiable(out)) {
                    out.append(quantifier.group());
                    i = quantifier.end() - 1;
                } else {
                    out.append("\\{");
                }
            } else if (c == '}') {
                out.append("\\}");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean hasQuantifiable(final CharSequence out) {
        if (out.isEmpty()) {
            return false;
        }
        final char last = out.charAt(out.length() - 1);
        final boolean escaped = out.length() >= 2 && out.charAt(out.length() - 2) == '\\';
        return escaped || (last != '(' && last != '|');
    }

    private static String posixClass(final String name) {
        final boolean negated = name.startsWith("^");
        final String base = negated ? name.substring(1) : name;
        final String property = switch (base) {
            case "alpha" -> "Alpha";
            case "digit" -> "Digit";
            case "alnum" -> "Alnum";
            case "upper" -> "Upper";
            case "lower" -> "Lower";
            case "space" -> "Space";
            case "punct" -> "Punct";
            case "print" -> "Print";
            case "graph" -> "Graph";
            case "cntrl" -> "Cntrl";
            case "xdigit" -> "XDigit";
            case "blank" -> "Blank";
            case "word" -> "word";
            default -> null;
        };
        if (property == null) {
            return null;
        }
        if (property.equals("word")) {
            return negated ? "\\W" : "\\w";
        }
        return (negated ? "\\P{" : "\\p{") + property + "}";
    }

    /**
     * The regex for a clicktest integer range ({@code ~ LO - HI}, {@code ~ N +- D}, {@code ~ N +- P%}), or
     * {@code null} if {@code spec} is not one.
     */
    public static String intRange(final String spec) {
        final Matcher closed = CLOSED_RANGE.matcher(spec);
        if (closed.matches()) {
            final long first = Long.parseLong(closed.group(1));
            final long second = Long.parseLong(closed.group(2));
            return rangeToRegex(Math.min(first, second), Math.max(first, second));
        }
        final Matcher fuzzy = FUZZY_RANGE.matcher(spec);
        if (fuzzy.matches()) {
            final long value = Long.parseLong(fuzzy.group(1));
            final long fuzz = Long.parseLong(fuzzy.group(2));
            final long delta = fuzzy.group(3).isEmpty() ? fuzz : (long) Math.floor(fuzz / 100.0 * value);
            return rangeToRegex(Math.max(0, value - delta), value + delta);
        }
        return null;
    }

    /** Replaces every {@code {{~ range}}} inside {@code regex} by its expansion; other braces stay. */
    public static String expandIntRanges(final String regex) {
        final StringBuilder out = new StringBuilder();
        String rest = regex;
        Braces braces;
        while ((braces = splitBraces(rest)) != null) {
            final String range = intRange(braces.middle());
            out.append(braces.before()).append(range != null ? range : "{{" + braces.middle() + "}}");
            rest = braces.after();
        }
        return out.append(rest).toString();
    }

    /**
     * A regex matching exactly the decimal integers from {@code low} to {@code high} (without leading
     * zeros), as a non-capturing group.
     */
    public static String rangeToRegex(final long low, final long high) {
        if (low < 0 || high < low) {
            throw new IllegalArgumentException("bad range " + low + "-" + high);
        }
        final List<String> alternatives = new ArrayList<>();
        long start = low;
        for (final long stop : rangeStops(low, high)) {
            alternatives.add(digitsPattern(Long.toString(start), Long.toString(stop)));
            start = stop + 1;
        }
        return "(?:" + String.join("|", alternatives) + ")";
    }

    /** Splits [low, high] into sub-ranges whose ends differ only in a run of trailing 0..9 digits. */
    private static List<Long> rangeStops(final long low, final long high) {
        final TreeSet<Long> stops = new TreeSet<>();
        stops.add(high);
        int nines = 1;
        long stop = fillWithNines(low, nines);
        while (low <= stop && stop < high) {
            stops.add(stop);
            nines++;
            stop = fillWithNines(low, nines);
        }
        long power = 10;
        stop = (high + 1) - ((high + 1) % power) - 1;
        while (low < stop && stop <= high) {
            stops.add(stop);
            power *= 10;
            stop = (high + 1) - ((high + 1) % power) - 1;
        }
        return List.copyOf(stops);
    }

    private static long fillWithNines(final long value, final int count) {
        final String digits = Long.toString(value);
        if (count > digits.length()) {
            return Long.parseLong("9".repeat(count));
        }
        return Long.parseLong(digits.substring(0, digits.length() - count) + "9".repeat(count));
    }

    private static String digitsPattern(final String start, final String stop) {
        if (start.length() != stop.length()) {
            throw new IllegalStateException(start + " vs " + stop);
        }
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < start.length(); i++) {
            final char a = start.charAt(i);
            final char b = stop.charAt(i);
            if (a == b) {
                out.append(a);
            } else if (a == '0' && b == '9') {
                out.append("\\d");
            } else {
                out.append('[').append(a).append('-').append(b).append(']');
            }
        }
        return out.toString();
    }

    /**
     * Converts an expected line holding {@code {{regex}}} holes into one Java regex. In {@code literalText}
     * mode (for {@code %expect} and {@code %ignore}) the text outside holes is quoted; otherwise (for
     * {@code %expectx}) it is a regex too. {@code {{?comment}}} holes are removed, together with the
     * whitespace around them, and their text is returned as the comment. With {@code caseInsensitive} the
     * holes (not the literal text) ignore case.
     */
    public static LineRegex bracesToRegex(final String line, final boolean literalText, final boolean caseInsensitive) {
        final StringBuilder regex = new StringBuilder();
        String comment = null;
        String rest = line;
        Braces braces;
        while ((braces = splitBraces(rest)) != null) {
            if (braces.middle().startsWith("?")) {
                final String text = braces.middle().substring(1).strip();
                comment = comment == null ? text : comment + " " + text;
                rest = stripTrailing(braces.before()) + stripLeading(braces.after());
                continue;
            }
            regex.append(literalText ? quote(braces.before()) : toJava(braces.before()));
            final String range = intRange(braces.middle());
            if (range != null) {
                regex.append(range);
            } else {
                regex.append(caseInsensitive ? "(?i:" : "(?:").append(toJava(expandIntRanges(braces.middle()))).append(')');
            }
            rest = braces.after();
        }
        regex.append(literalText ? quote(rest) : toJava(rest));
        return new LineRegex(regex.toString(), comment);
    }

    /** Removes {@code {{?comment}}} holes and the whitespace around them. */
    public static String stripComments(final String line) {
        return line.replaceAll("\\s*\\{\\{\\?.*?}}\\s*", "");
    }

    static String stripTrailing(final String text) {
        int end = text.length();
        while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }

    static String stripLeading(final String text) {
        int start = 0;
        while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        return text.substring(start);
    }
}
