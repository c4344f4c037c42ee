package org.jclick.clicktest;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.jclick.clicktest.ClickTestCase.ExpectKind;
import org.jclick.clicktest.ClickTestCase.Expectation;
import org.jclick.clicktest.ClickTestCase.IgnoreRule;

/**
 * Compares an output file with its expectations, by clicktest's rules:
 * <ul>
 *   <li>{@code %expect}: line by line; blank lines and trailing whitespace are ignored, {@code {{regex}}}
 *       holes are Perl regexes ({@code {{?comment}}} is a comment), {@code -w} ignores whitespace inside lines,
 *       {@code -i} makes the holes case-insensitive, output lines matched by {@code %ignore*} rules are
 *       skipped, and a line {@code clicktest_subtest NAME} in the output names the part that follows;</li>
 *   <li>{@code %expectx}: the same, but every expected line is a regex;</li>
 *   <li>{@code %expectv}: lines must be equal, blank ones included, and no ignore rule applies.</li>
 * </ul>
 * Several expectations for one file are alternates: the file matches if any of them does. When none does,
 * the reported mismatch is the one that got furthest into the output.
 */
public final class ExpectMatcher {

    /** Replaces an ignored output line, as in clicktest. */
    static final String IGNORED = "\u00ff";
    /** Terminates both line lists, as in clicktest. */
    static final String END = "\u00fe";
    private static final String SUBTEST = "clicktest_subtest ";
    private static final Pattern LINE_WHITESPACE = Pattern.compile("[ \\f\\r\\t\\x0b]");

    /**
     * Why an output file did not match.
     *
     * @param fileName the output file ({@code stdout}, {@code stderr} or a file name)
     * @param location where the mismatching expected line is in the test file ({@code FILE:LINE}), or null
     * @param textLine the line of the output where the mismatch starts (1-based)
     * @param expected the expected line ({@code <end of file>} past its end)
     * @param actual the actual line ({@code <end of file>} past its end)
     * @param comment the {@code {{?comment}}} text of the expected line, or null
     * @param subtest the last {@code clicktest_subtest} name seen in the output, or null
     * @param problem set instead of the others when the file could not be compared at all
     * @param regexLine whether the expected line was a regex (its comments are then not shown)
     */
    public record Mismatch(
        String fileName, String location, int textLine, String expected, String actual, String comment,
        String subtest, String problem, boolean regexLine) {

        static Mismatch problem(final String fileName, final String location, final String problem) {
            return new Mismatch(fileName, location, 0, null, null, null, null, problem, false);
        }

        /** One line for a test report. */
        public String summary() {
            final String where = location != null ? location + ": " : "";
            if (problem != null) {
                return where + fileName + ": " + problem;
            }
            final StringBuilder out = new StringBuilder(where)
                .append(fileName).append(':').append(textLine)
                .append(": expected '").append(printable(shownExpected()))
                .append("' but got '").append(printable(shownActual())).append('\'');
            if (comment != null) {
                out.append(" (").append(comment).append(')');
            }
            if (subtest != null) {
                out.append(" [subtest ").append(subtest).append(']');
            }
            return out.toString();
        }

        /** The messages Click's clicktest prints for this mismatch; {@code prefix} is e.g. {@code "TEST: "}. */
        public List<String> clicktestMessages(final String prefix) {
            final List<String> out = new ArrayList<>();
            String fp = prefix;
            if (subtest != null) {
                fp = (fp.endsWith(": ") ? fp.substring(0, fp.length() - 2) + " " : fp) + "subtest " + subtest + ": ";
            }
            if (location != null) {
                fp = location + ": ";
            }
            if (problem != null) {
                out.add(fp + fileName + ": " + problem);
                return out;
            }
            out.add(fp + describe(fileName) + " has unexpected value starting at line " + textLine);
            final String shownExpected = shownExpected();
            final String shownActual = shownActual();
            if (isPrintable(shownExpected) && isPrintable(shownActual)) {
                out.add(fp + fileName + ":" + textLine + ": expected '" + shownExpected + "'");
                out.add(fp + fileName + ":" + textLine + ": but got  '" + shownActual + "'");
            }
            if (comment != null) {
                out.add(fp + fileName + ":" + textLine + ": " + comment);
            }
            return out;
        }

        private String shownExpected() {
            final String text = expected.equals(END) ? "<end of file>" : chompLine(expected);
            return regexLine ? PerlRegex.stripComments(text) : text;
        }

        private String shownActual() {
            return actual.equals(END) ? "<end of file>" : chompLine(actual);
        }

        private static String describe(final String fileName) {
            return switch (fileName) {
                case "stdout" -> "standard output";
                case "stderr" -> "standard error";
                default -> "file " + fileName;
            };
        }
    }

    /** A problem with a pattern in the test file. */
    static final class BadPatternException extends Exception {
        private static final long serialVersionUID = 1L;

        BadPatternException(final String message) {
            super(message, null, false, false);
        }
    }

    private ExpectMatcher() {
    }

    /**
     * Checks {@code actual}, the contents of output file {@code fileName}, against {@code test}'s expectations
     * for it. Returns {@code null} when it matches.
     */
    public static Mismatch check(final ClickTestCase test, final String fileName, final String actual) {
        final List<Expectation> expectations = test.expectations().getOrDefault(fileName, List.of());
        final Ignores ignores;
        try {
            ignores = Ignores.of(test, fileName);
        } catch (final BadPatternException e) {
            return Mismatch.problem(fileName, null, e.getMessage());
        }
        Mismatch furthest = null;
        for (final ExpectKind kind : ExpectKind.values()) {
            for (final Expectation expectation : expectations) {
                if (expectation.kind() != kind) {
                    continue;
                }
                final Mismatch mismatch;
                try {
                    mismatch = compare(actual, expectation, ignores, fileName);
                } catch (final BadPatternException e) {
                    return Mismatch.problem(fileName, null, e.getMessage());
                }
                if (mismatch == null) {
                    return null;
                }
                if (furthest == null || mismatch.textLine() > furthest.textLine()) {
                    furthest = mismatch;
                }
            }
        }
        return furthest;
    }

    /** Compares with one expectation; {@code null} when it matches. */
    static Mismatch compare(
        final String rawText, final Expectation expectation, final Ignores ignores, final String fileName)
        throws BadPatternException {
        final ExpectKind kind = expectation.kind();
        String text = rawText;
        String expected = expectation.data();
        if (text.equals(expected)) {
            return null;
        }
        if (kind != ExpectKind.VERBATIM) {
            text = normalizeVerticalSpace(text);
            if (text.startsWith("\n")) {
                text = text.substring(1);
            }
            expected = normalizeVerticalSpace(expected);
            if (text.equals(expected)) {
                return null;
            }
            text = ignores.apply(text);
        }

        final List<String> textLines = perlSplitLines(text);
        textLines.add(END);
        final List<String> expectedLines = perlSplitLines(expected);
        expectedLines.add(END);
        int tp = 0;
        int ep = 0;
        String subtest = null;
        String comment = null;
        final boolean skipBlank = kind != ExpectKind.VERBATIM;
        while (tp < textLines.size() && ep < expectedLines.size()) {
            while (skipBlank && expectedLines.get(ep).isEmpty()) {
                ep++;
            }
            while ((skipBlank && textLines.get(tp).isEmpty()) || textLines.get(tp).equals(IGNORED)) {
                tp++;
            }
            String textLine = textLines.get(tp);
            if (textLine.length() > SUBTEST.length() && textLine.startsWith(SUBTEST)) {
                subtest = textLine.substring(SUBTEST.length());
                tp++;
                continue;
            }
            String expectedLine = expectedLines.get(ep);
            if (expectation.whitespace()) {
                textLine = LINE_WHITESPACE.matcher(textLine).replaceAll("");
                expectedLine = trimWhitespaceOutsideBraces(expectedLine);
            }
            final boolean matched;
            if (kind != ExpectKind.VERBATIM && expectedLine.contains("{{")) {
                final boolean literalText = kind == ExpectKind.EXPECT;
                final PerlRegex.LineRegex lineRegex =
                    PerlRegex.bracesToRegex(expectedLine, literalText, literalText && expectation.caseInsensitive());
                comment = lineRegex.comment();
                final int flags = !literalText && expectation.caseInsensitive() ? Pattern.CASE_INSENSITIVE : 0;
                matched = compile("\\A" + lineRegex.regex() + "\\z", flags, expectation, ep).matcher(textLine).find();
            } else if (kind == ExpectKind.REGEX) {
                final int flags = expectation.caseInsensitive() ? Pattern.CASE_INSENSITIVE : 0;
                matched = compile("\\A" + PerlRegex.toJava(expectedLine) + "\\z", flags, expectation, ep)
                    .matcher(textLine).find();
            } else {
                matched = textLine.equals(expectedLine);
            }
            if (!matched) {
                break;
            }
            tp++;
            ep++;
        }
        if (tp >= textLines.size() || ep >= expectedLines.size()) {
            return null;
        }
        final String location = expectation.file() + ":" + (expectation.firstLine() + ep);
        return new Mismatch(fileName, location, tp + 1, expectedLines.get(ep), textLines.get(tp), comment, subtest,
            null, kind != ExpectKind.VERBATIM);
    }

    private static Pattern compile(final String regex, final int flags, final Expectation expectation, final int index)
        throws BadPatternException {
        try {
            return Pattern.compile(regex, flags | Pattern.UNIX_LINES);
        } catch (final PatternSyntaxException e) {
            throw new BadPatternException(expectation.file() + ":" + (expectation.firstLine() + index)
                + ": bad regular expression: " + e.getDescription());
        }
    }

    /** Removes trailing whitespace from lines and extra newlines at the end. */
    static String normalizeVerticalSpace(final String text) {
        String out = text.replaceAll("[ \\f\\r\\t\\x0b]+\n", "\n");
        out = out.replaceAll("[ \\f\\r\\t\\x0b]+\\z", "");
        out = out.replaceAll("\n\n+\\z", "\n");
        return out;
    }

    /** Splits at newlines like Perl's {@code split /\n/}: trailing empty fields are dropped. */
    static List<String> perlSplitLines(final String text) {
        final List<String> lines = new ArrayList<>();
        int start = 0;
        while (start <= text.length()) {
            final int newline = text.indexOf('\n', start);
            if (newline < 0) {
                lines.add(text.substring(start));
                break;
            }
            lines.add(text.substring(start, newline));
            start = newline + 1;
        }
        while (!lines.isEmpty() && lines.getLast().isEmpty()) {
            lines.removeLast();
        }
        return lines;
    }

    /** For {@code -w}: deletes whitespace outside {@code {{ }}} holes. */
    static String trimWhitespaceOutsideBraces(final String line) {
        final StringBuilder out = new StringBuilder();
        String rest = line;
        PerlRegex.Braces braces;
        while ((braces = PerlRegex.splitBraces(rest)) != null) {
            out.append(LINE_WHITESPACE.matcher(braces.before()).replaceAll(""))
                .append("{{").append(braces.middle()).append("}}");
            rest = braces.after();
        }
        return out.append(LINE_WHITESPACE.matcher(rest).replaceAll("")).toString();
    }

    static String chompLine(final String line) {
        String out = line;
        if (out.endsWith("\n")) {
            out = out.substring(0, out.length() - 1);
        }
        if (out.endsWith("\r")) {
            out = out.substring(0, out.length() - 1);
        }
        return out;
    }

    static boolean isPrintable(final String text) {
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c != '\t' && (c < 0x20 || c > 0x7e)) {
                return false;
            }
        }
        return true;
    }

    /** {@code text} with non-printable characters escaped, for one-line reports. */
    static String printable(final String text) {
        final StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c == '\t') {
                out.append("\\t");
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The ignore rules that apply to one output file. */
    static final class Ignores {
        private final List<Pattern> linePatterns;
        private final List<Pattern> whitespacePatterns;

        private Ignores(final List<Pattern> linePatterns, final List<Pattern> whitespacePatterns) {
            this.linePatterns = linePatterns;
            this.whitespacePatterns = whitespacePatterns;
        }

        static Ignores of(final ClickTestCase test, final String fileName) throws BadPatternException {
            final List<Pattern> linePatterns = new ArrayList<>();
            final List<Pattern> whitespacePatterns = new ArrayList<>();
            for (final String key : List.of(fileName, "all")) {
                for (final IgnoreRule rule : test.ignores().getOrDefault(key, List.of())) {
                    final List<String> lines = perlSplitLines(rule.data());
                    for (int i = 0; i < lines.size(); i++) {
                        final String line = lines.get(i);
                        if (line.isBlank()) {
                            continue;
                        }
                        final String regex = switch (rule.kind()) {
                            case PLAIN -> PerlRegex.bracesToRegex(line, true, false).regex();
                            case VERBATIM -> PerlRegex.quote(line);
                            case REGEX -> PerlRegex.toJava(PerlRegex.expandIntRanges(PerlRegex.stripComments(line)));
                        };
                        final int flags = Pattern.UNIX_LINES | (rule.caseInsensitive() ? Pattern.CASE_INSENSITIVE : 0);
                        try {
                            if (rule.whitespace()) {
                                whitespacePatterns.add(Pattern.compile("\\A" + regex + "\\z", flags));
                            } else {
                                linePatterns.add(Pattern.compile("^" + regex + "[ \\t]*$", flags | Pattern.MULTILINE));
                            }
                        } catch (final PatternSyntaxException e) {
                            throw new BadPatternException(
                                rule.file() + ":" + (rule.firstLine() + i) + ": bad regular expression: " + e.getDescription());
                        }
                    }
                }
            }
            if (fileName.equals("stderr")) {
                linePatterns.add(Pattern.compile("^clicktest_lineno:.*[ \\t]*$", Pattern.MULTILINE | Pattern.UNIX_LINES));
                linePatterns.add(Pattern.compile("^clicktest_error:.*[ \\t]*$", Pattern.MULTILINE | Pattern.UNIX_LINES));
            }
            return new Ignores(linePatterns, whitespacePatterns);
        }

        /** Replaces every ignored line of {@code text} by {@link #IGNORED}. */
        String apply(final String text) {
            if (whitespacePatterns.isEmpty()) {
                String out = text;
                for (final Pattern pattern : linePatterns) {
                    out = pattern.matcher(out).replaceAll(IGNORED);
                }
                return out;
            }
            final StringBuilder out = new StringBuilder(text.length());
            for (final String line : perlSplitLines(text)) {
                out.append(applyToLine(line)).append('\n');
            }
            return out.toString();
        }

        private String applyToLine(final String line) {
            final String squeezed = LINE_WHITESPACE.matcher(line).replaceAll("");
            for (final Pattern pattern : whitespacePatterns) {
                if (pattern.matcher(squeezed).find()) {
                    return IGNORED;
                }
            }
            String out = line;
            for (final Pattern pattern : linePatterns) {
                out = pattern.matcher(out).replaceAll(IGNORED);
            }
            return out;
        }
    }
}
