package org.jclick.clicktest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jclick.clicktest.ClickTestCase.ExpectKind;
import org.jclick.clicktest.ClickTestCase.Expectation;
import org.jclick.clicktest.ClickTestCase.IgnoreKind;
import org.jclick.clicktest.ClickTestCase.IgnoreRule;
import org.jclick.clicktest.ClickTestCase.Message;

/**
 * A parsed clicktest file ({@code *.clicktest}, {@code *.testie}): a sequence of sections, each introduced by a
 * line {@code %COMMAND ARGS}, holding one test, or several separated by {@code %eot}.
 *
 * <p>The file is read as bytes (ISO-8859-1), so {@code +LEN} sections hold binary data exactly. Problems are
 * recorded as {@link Message}s with file and line, never thrown.
 */
public final class ClickTestFile {

    private static final Pattern HEADER = Pattern.compile("%\\s*(\\w+)\\s*(.*?)\\s*");
    private static final Pattern PLAIN_NAME = Pattern.compile("[-A-Za-z_0-9.]+");
    private static final Pattern PATH_NAME = Pattern.compile("[-A-Za-z_0-9./]+");
    private static final Pattern BAD_PATH = Pattern.compile("(\\A\\.\\./|/\\.\\./|/\\.\\.\\z|\\A/|//|/\\z)");
    private static final Pattern LENGTH = Pattern.compile("\\+(\\d+)");
    private static final int MAX_INCLUDE_DEPTH = 16;

    /** One physical line (with its newline, if any) and where it came from. */
    private record Line(String text, String file, Path path, int number, int includeDepth) {
    }

    private final String displayName;
    private final List<ClickTestCase> tests;

    private ClickTestFile(final String displayName, final List<ClickTestCase> tests) {
        this.displayName = displayName;
        this.tests = List.copyOf(tests);
    }

    /** The name used in messages, e.g. {@code tools/lexer-04.clicktest}. */
    public String displayName() {
        return displayName;
    }

    /** The tests of this file; at least one. */
    public List<ClickTestCase> tests() {
        return tests;
    }

    /** Reads and parses {@code path}; messages name it {@code displayName}. */
    public static ClickTestFile read(final Path path, final String displayName) throws IOException {
        return parse(displayName, Files.readAllBytes(path), path);
    }

    /**
     * Parses {@code content}. {@code path} (may be {@code null}) locates {@code %include} files.
     */
    public static ClickTestFile parse(final String displayName, final byte[] content, final Path path) {
        final Parser parser = new Parser();
        parser.pushLines(new String(content, StandardCharsets.ISO_8859_1), displayName, path, 0);
        final List<ClickTestCase> tests = new ArrayList<>();
        int index = 1;
        while (true) {
            final String suffix = index == 1 ? "" : "<" + index + ">";
            final ClickTestCase test = new ClickTestCase(displayName + suffix, displayName);
            final boolean more = parser.parseTest(test);
            if (index == 1 || !test.isEmpty()) {
                tests.add(test);
            }
            if (!more) {
                break;
            }
            index++;
        }
        return new ClickTestFile(displayName, tests);
    }

    /** Splits {@code text} into lines that keep their newlines. */
    static List<String> splitLines(final String text) {
        final List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            final int newline = text.indexOf('\n', start);
            final int end = newline < 0 ? text.length() : newline + 1;
            lines.add(text.substring(start, end));
            start = end;
        }
        return lines;
    }

    /** Whether {@code name} is acceptable as a test file name (relative, no {@code ..}, no {@code //}). */
    public static boolean isValidFileName(final String name) {
        if (name.equals(".") || name.equals("..")) {
            return false;
        }
        return PLAIN_NAME.matcher(name).matches()
            || (PATH_NAME.matcher(name).matches() && !BAD_PATH.matcher(name).find());
    }

    private static final class Parser {
        private final Deque<Line> lines = new ArrayDeque<>();

        void pushLines(final String text, final String file, final Path path, final int depth) {
            final List<String> split = splitLines(text);
            for (int i = split.size() - 1; i >= 0; i--) {
                lines.push(new Line(split.get(i), file, path, i + 1, depth));
            }
        }

        private Line next() {
            return lines.poll();
        }

        private void unget(final Line line) {
            lines.push(line);
        }

        /** Parses one test into {@code test}; returns whether an {@code %eot} left more to parse. */
        boolean parseTest(final ClickTestCase test) {
            boolean afterCommand = false;
            Line line;
            while ((line = next()) != null) {
                final String text = chomp(line.text());
                if (!text.startsWith("%")) {
                    if (!text.startsWith("#") && !text.startsWith("!") && !text.isBlank()) {
                        if (afterCommand) {
                            warn(test, line, "warning: garbage ignored");
                        }
                        afterCommand = false;
                    }
                    continue;
                }
                final Matcher header = HEADER.matcher(text);
                if (!header.matches()) {
                    error(test, line, "bad '%' command");
                    continue;
                }
                afterCommand = true;
                test.hasAnySection = true;
                final String command = header.group(1).toLowerCase(Locale.ROOT);
                final String args = header.group(2);
                switch (command) {
                    case "script", "test" -> readScript(test, line, args, false);
                    case "require" -> readScript(test, line, args, true);
                    case "info", "desc" -> {
                        if (!args.isEmpty()) {
                            warn(test, line, "arguments to '%" + command + "' ignored");
                        }
                        test.info.append(readText());
                    }
                    case "cut" -> readText();
                    case "stdin", "input" -> readFileSection(test, line, args, "file", "stdin");
                    case "file" -> readFileSection(test, line, args, "file", null);
                    case "stdout", "output" -> readFileSection(test, line, args, "expect", "stdout");
                    case "stderr" -> readFileSection(test, line, args, "expect", "stderr");
                    case "expect" -> readFileSection(test, line, args, "expect", null);
                    case "expectx" -> readFileSection(test, line, args, "expectx", null);
                    case "expectv", "expect_verbatim", "verbatim" -> readFileSection(test, line, args, "expectv", null);
                    case "ignore", "ignorev", "ignorex" -> readFileSection(test, line, args, command, null);
                    case "include" -> include(test, line, args);
                    case "eot" -> {
                        return true;
                    }
                    case "eof" -> lines.clear();
                    default -> {
                        error(test, line, "unrecognized command '" + command + "'");
                        readText();
                    }
                }
            }
            return false;
        }

        private void include(final ClickTestCase test, final Line line, final String args) {
            if (line.includeDepth() >= MAX_INCLUDE_DEPTH) {
                error(test, line, "%include " + args + ": too deeply nested");
                return;
            }
            final Path base = line.path() == null ? null : line.path().toAbsolutePath().getParent();
            final Path target = base == null ? Path.of(args) : base.resolve(args);
            String displayTarget = args;
            if (!args.startsWith("/")) {
                final int slash = line.file().lastIndexOf('/');
                displayTarget = slash < 0 ? args : line.file().substring(0, slash + 1) + args;
            }
            try {
                final String content = new String(Files.readAllBytes(target), StandardCharsets.ISO_8859_1);
                pushLines(content, displayTarget, target, line.includeDepth() + 1);
            } catch (final IOException | RuntimeException e) {
                error(test, line, "%include " + displayTarget + ": " + describe(e));
            }
        }

        private static String describe(final Exception e) {
            return switch (e) {
                case java.nio.file.NoSuchFileException ignored -> "No such file or directory";
                case java.nio.file.AccessDeniedException ignored -> "Permission denied";
                default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            };
        }

        /** Reads a section body: up to the next line that begins with {@code %}; unescapes {@code \%}. */
        private String readText() {
            final StringBuilder out = new StringBuilder();
            Line line;
            while ((line = next()) != null) {
                if (line.text().startsWith("%")) {
                    unget(line);
                    break;
                }
                final String text = line.text();
                out.append(text.startsWith("\\%") ? text.substring(1) : text);
            }
            return out.toString();
        }

        private void readScript(final ClickTestCase test, final Line header, final String args, final boolean require) {
            final String type = require ? "require" : "script";
            if (require && args.equals("-q")) {
                test.requireQuiet = true;
            } else if (!args.isEmpty()) {
                warn(test, header, "arguments to '%" + type + "' ignored");
            }
            if (!require) {
                test.hasScriptSection = true;
            }
            final String body = readText();
            final ScriptSplitter.Result result = ScriptSplitter.split(body, header.file(), header.number() + 1);
            (require ? test.require : test.script).addAll(result.commands());
            if (result.error() != null) {
                error(test, header, result.error() + " in '%" + type + "'");
            }
        }

        private void readFileSection(
            final ClickTestCase test, final Line header, final String argText, final String section, final String backupName) {
            final List<String> args = new ArrayList<>(argText.isBlank() ? List.of() : List.of(argText.strip().split("\\s+")));
            boolean alternate = false;
            boolean deleteFirst = false;
            boolean caseInsensitive = false;
            boolean base64 = false;
            boolean whitespace = false;
            Integer length = null;
            while (!args.isEmpty()) {
                final String arg = args.getFirst();
                final Matcher lengthMatch = LENGTH.matcher(arg);
                if (arg.startsWith("-a")) {
                    alternate = true;
                } else if (arg.startsWith("-d")) {
                    deleteFirst = true;
                } else if (arg.startsWith("-i")) {
                    caseInsensitive = true;
                } else if (arg.startsWith("-e")) {
                    base64 = true;
                } else if (arg.startsWith("-w")) {
                    whitespace = true;
                } else if (lengthMatch.matches()) {
                    try {
                        length = Integer.parseInt(lengthMatch.group(1));
                    } catch (final NumberFormatException e) {
                        error(test, header, "bad length '" + arg + "'");
                        length = 0;
                    }
                } else {
                    break;
                }
                // "-ad" is "-a -d"
                if (arg.startsWith("-") && arg.length() > 2) {
                    args.set(0, "-" + arg.substring(2));
                } else {
                    args.removeFirst();
                }
            }
            final boolean isIgnore = section.startsWith("ignore");
            if (args.isEmpty()) {
                if (backupName != null) {
                    args.add(backupName);
                } else if (section.equals("file")) {
                    args.add("stdin");
                } else if (isIgnore) {
                    args.add("all");
                } else {
                    args.add("stdout");
                }
            }
            if ((section.equals("file") || isIgnore) && alternate) {
                error(test, header, "'%" + section + " -a' is illegal");
            }
            if ((section.equals("file") || section.equals("expectv")) && caseInsensitive) {
                error(test, header, "'%" + section + " -i' is illegal");
            }
            if ((section.equals("file") || section.equals("expectv")) && whitespace) {
                error(test, header, "'%" + section + " -w' is illegal");
            }
            if ((section.equals("expectx") || isIgnore) && base64) {
                error(test, header, "'%" + section + " -e' is illegal");
            }

            // read contents
            final int firstLine = header.number() + 1;
            String data;
            if (length != null) {
                data = readLength(test, header, length);
            } else {
                data = readText();
            }
            if (deleteFirst) {
                data = deleteFirstCharacters(data);
            }
            if (isIgnore && whitespace) {
                data = data.replaceAll("[ \\f\\r\\t\\x0b]", "");
            }
            byte[] bytes = data.getBytes(StandardCharsets.ISO_8859_1);
            if (base64) {
                try {
                    bytes = Base64.getMimeDecoder().decode(bytes);
                } catch (final IllegalArgumentException e) {
                    error(test, header, "bad base64 data: " + e.getMessage());
                    bytes = new byte[0];
                }
                data = new String(bytes, StandardCharsets.ISO_8859_1);
            }

            for (final String name : args) {
                if ((name.equals("stdin") && !section.equals("file"))
                    || ((name.equals("stdout") || name.equals("stderr")) && section.equals("file"))
                    || (name.equals("all") && !isIgnore)) {
                    error(test, header, "'" + name + "' not meaningful for '%" + section + "'");
                    continue;
                }
                if (!isValidFileName(name)) {
                    error(test, header, "bad filename '%" + section + " " + name + "'");
                    continue;
                }
                if (!name.equals("all")) {
                    test.fileNames.add(name);
                }
                switch (section) {
                    case "file" -> {
                        if (test.files.containsKey(name)) {
                            error(test, header, "'%" + section + " " + name + "' already defined");
                        } else {
                            test.files.put(name, bytes);
                        }
                    }
                    case "ignore", "ignorev", "ignorex" -> {
                        final IgnoreKind kind = switch (section) {
                            case "ignore" -> IgnoreKind.PLAIN;
                            case "ignorev" -> IgnoreKind.VERBATIM;
                            default -> IgnoreKind.REGEX;
                        };
                        test.ignores.computeIfAbsent(name, key -> new ArrayList<>())
                            .add(new IgnoreRule(kind, data, whitespace, caseInsensitive, header.file(), firstLine));
                    }
                    default -> {
                        // a base64 %expect is compared byte for byte
                        final ExpectKind kind = switch (section) {
                            case "expectv" -> ExpectKind.VERBATIM;
                            case "expectx" -> ExpectKind.REGEX;
                            default -> base64 ? ExpectKind.VERBATIM : ExpectKind.EXPECT;
                        };
                        final List<Expectation> existing = test.expectations.computeIfAbsent(name, key -> new ArrayList<>());
                        if (!alternate && existing.stream().anyMatch(e -> e.kind() == kind)) {
                            error(test, header, "'%" + section + " " + name + "' already defined");
                        }
                        existing.add(new Expectation(kind, data, whitespace, caseInsensitive, header.file(), firstLine));
                    }
                }
            }
        }

        /** Reads exactly {@code length} bytes after the header; the rest of a line is left for the next section. */
        private String readLength(final ClickTestCase test, final Line header, final int length) {
            final StringBuilder out = new StringBuilder(length);
            Line line;
            while (out.length() < length && (line = next()) != null) {
                final int wanted = length - out.length();
                if (line.text().length() > wanted) {
                    out.append(line.text(), 0, wanted);
                    unget(new Line(line.text().substring(wanted), line.file(), line.path(), line.number(), line.includeDepth()));
                } else {
                    out.append(line.text());
                }
            }
            if (out.length() != length) {
                error(test, header, "file too short");
            }
            return out.toString();
        }

        private static String deleteFirstCharacters(final String data) {
            final StringBuilder out = new StringBuilder(data.length());
            for (final String line : splitLines(data)) {
                out.append(line.startsWith("\n") ? line : line.substring(1));
            }
            return out.toString();
        }

        private static String chomp(final String text) {
            return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        }

        private void warn(final ClickTestCase test, final Line line, final String text) {
            test.messages.add(new Message(line.file(), line.number(), text, true));
        }

        private void error(final ClickTestCase test, final Line line, final String text) {
            test.messages.add(new Message(line.file(), line.number(), text, false));
        }
    }
}
