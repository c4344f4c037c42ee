package org.jclick.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal reader of Click's {@code .clicktest} format (see {@code shared/reference/clicktest-format.md}):
 * just enough to find the configurations a test runs. It keeps the script sections, the {@code %file}
 * contents, and the {@code %expect} contents; it does not run anything or match expectations.
 *
 * <p>Text is read as ISO-8859-1 so that every byte survives unchanged.
 */
final class ClickTestFile {

    /** A {@code %script} section: its text and the line number (1-based) of its first body line. */
    record Script(String text, int firstLine) {
    }

    /** The body of a {@code %file} or {@code %expect}, and the line number of its first body line. */
    record Body(String text, int firstLine) {
    }

    private static final Pattern HEADER = Pattern.compile("%\\s*(\\w+)\\s*(.*?)\\s*");
    private static final Pattern FILE_NAME = Pattern.compile("[-A-Za-z_0-9./]+");

    private final String name;
    private final List<Script> scripts = new ArrayList<>();
    private final Map<String, Body> files = new LinkedHashMap<>();
    private final Map<String, List<Body>> expects = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    private ClickTestFile(String name) {
        this.name = name;
    }

    static ClickTestFile read(Path file) throws IOException {
        return parse(file.getFileName().toString(), Files.readString(file, StandardCharsets.ISO_8859_1));
    }

    /** Parses the text of a test file; {@code name} is used in problem reports only. */
    static ClickTestFile parse(String name, String text) {
        final ClickTestFile t = new ClickTestFile(name);
        t.parseText(text);
        return t;
    }

    String name() {
        return name;
    }

    List<Script> scripts() {
        return scripts;
    }

    /** {@code %file} (and {@code %stdin}) contents by file name, in order of appearance. */
    Map<String, Body> files() {
        return files;
    }

    /** {@code %expect}/{@code %stdout}/{@code %stderr}/{@code %expectx}/{@code %expectv} bodies by file name. */
    Map<String, List<Body>> expects() {
        return expects;
    }

    /** Format problems found while reading (an unknown section, a bad file name...); empty for a good file. */
    List<String> problems() {
        return problems;
    }

    // ---------------------------------------------------------------------------------------------------

    /** Splits into lines that keep their terminator ({@code \n}); the last line may lack one. */
    private static List<String> lines(String text) {
        final List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                out.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            out.add(text.substring(start));
        }
        return out;
    }

    private void parseText(String text) {
        final List<String> lines = lines(text);
        int i = 0;
        while (i < lines.size()) {
            final String raw = lines.get(i);
            final int headerLine = i + 1;
            i++;
            if (!raw.startsWith("%")) {
                // before the first section: '#' and '!' lines are comments; other text is ignored
                continue;
            }
            final Matcher m = HEADER.matcher(stripNewline(raw));
            if (!m.matches()) {
                problems.add(name + ":" + headerLine + ": bad '%' command");
                continue;
            }
            final String command = m.group(1).toLowerCase(Locale.ROOT);
            final String args = m.group(2);
            switch (command) {
                case "script", "test" -> {
                    final int end = bodyEnd(lines, i);
                    scripts.add(new Script(join(lines, i, end), i + 1));
                    i = end;
                }
                case "require", "info", "desc", "cut", "ignore", "ignorev", "ignorex" -> i = bodyEnd(lines, i);
                case "file" -> i = fileSection(lines, i, args, null, true);
                case "stdin", "input" -> i = fileSection(lines, i, args, "stdin", true);
                case "expect", "expectx", "expectv", "expect_verbatim", "verbatim" ->
                        i = fileSection(lines, i, args, "stdout", false);
                case "stdout", "output" -> i = fileSection(lines, i, args, "stdout", false);
                case "stderr" -> i = fileSection(lines, i, args, "stderr", false);
                case "eof", "eot" -> i = lines.size(); // %eot: further tests in the file are not read
                case "include" -> {
                    problems.add(name + ":" + headerLine + ": %include is not supported by this reader");
                    i = bodyEnd(lines, i);
                }
                default -> {
                    problems.add(name + ":" + headerLine + ": unrecognized command '" + command + "'");
                    i = bodyEnd(lines, i);
                }
            }
        }
    }

    private static String stripNewline(String line) {
        return line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
    }

    /** The index of the first line at or after {@code from} that starts a section. */
    private static int bodyEnd(List<String> lines, int from) {
        int j = from;
        while (j < lines.size() && !lines.get(j).startsWith("%")) {
            j++;
        }
        return j;
    }

    /** The body lines, with a leading {@code \%} unescaped to {@code %}. */
    private static String join(List<String> lines, int from, int to) {
        final StringBuilder sb = new StringBuilder();
        for (int j = from; j < to; j++) {
            final String l = lines.get(j);
            sb.append(l.startsWith("\\%") ? l.substring(1) : l);
        }
        return sb.toString();
    }

    /**
     * Reads a {@code %file}/{@code %expect}-style section: flags {@code -a -d -e -i -w +LEN} (bundled or
     * not), then the file names. Returns the index of the next unread line.
     */
    private int fileSection(List<String> lines, int from, String args, String defaultName, boolean isFile) {
        final List<String> words = new ArrayList<>(List.of(args.isBlank() ? new String[0] : args.split("\\s+")));
        boolean deleteFirst = false;
        boolean base64 = false;
        int length = -1;
        while (!words.isEmpty()) {
            final String w = words.getFirst();
            if (w.matches("\\+\\d+")) {
                length = Integer.parseInt(w.substring(1));
                words.removeFirst();
            } else if (w.length() >= 2 && w.charAt(0) == '-' && "adeiw".indexOf(w.charAt(1)) >= 0) {
                deleteFirst |= w.charAt(1) == 'd';
                base64 |= w.charAt(1) == 'e';
                final String rest = w.substring(2);
                if (rest.isEmpty()) {
                    words.removeFirst();
                } else {
                    words.set(0, "-" + rest);
                }
            } else {
                break;
            }
        }
        if (words.isEmpty()) {
            words.add(defaultName != null ? defaultName : (isFile ? "stdin" : "stdout"));
        }
        final int firstLine = from + 1;
        String body;
        int next;
        if (length >= 0) {
            // exactly LEN bytes; the rest of the last line read is put back as a line of its own
            final StringBuilder sb = new StringBuilder();
            int j = from;
            while (sb.length() < length && j < lines.size()) {
                sb.append(lines.get(j));
                j++;
            }
            if (sb.length() > length) {
                lines.set(j - 1, sb.substring(length));
                j--;
                sb.setLength(length);
            } else if (sb.length() < length) {
                problems.add(name + ":" + from + ": file too short");
            }
            body = sb.toString();
            next = j;
        } else {
            next = bodyEnd(lines, from);
            body = join(lines, from, next);
        }
        if (deleteFirst) {
            body = Pattern.compile("^.", Pattern.MULTILINE).matcher(body).replaceAll("");
        }
        if (base64) {
            body = new String(Base64.getMimeDecoder().decode(body.getBytes(StandardCharsets.ISO_8859_1)),
                    StandardCharsets.ISO_8859_1);
        }
        for (String fileName : words) {
            if (!FILE_NAME.matcher(fileName).matches() || fileName.matches("(^|.*/)\\.\\.(/.*|$)|^/.*|.*//.*")) {
                problems.add(name + ":" + from + ": bad filename '" + fileName + "'");
                continue;
            }
            if (isFile) {
                files.putIfAbsent(fileName, new Body(body, firstLine));
            } else {
                expects.computeIfAbsent(fileName, k -> new ArrayList<>()).add(new Body(body, firstLine));
            }
        }
        return next;
    }
}
