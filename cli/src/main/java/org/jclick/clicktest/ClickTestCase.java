package org.jclick.clicktest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One test of a clicktest file (a file holds several when it uses {@code %eot}): its scripts, input files,
 * expectations and ignore rules, and the problems found while parsing it.
 *
 * <p>Text is held as ISO-8859-1 strings, one char per byte.
 */
public final class ClickTestCase {

    /** How an expectation is compared; also the order in which alternates are tried. */
    public enum ExpectKind {
        /** {@code %expectv}: exact lines. */
        VERBATIM,
        /** {@code %expect}: literal text with {@code {{regex}}} holes. */
        EXPECT,
        /** {@code %expectx}: every line a regex. */
        REGEX
    }

    /** How the lines of an ignore section are read. */
    public enum IgnoreKind {
        /** {@code %ignore}: literal text with {@code {{regex}}} holes. */
        PLAIN,
        /** {@code %ignorev}: literal lines. */
        VERBATIM,
        /** {@code %ignorex}: every line a regex. */
        REGEX
    }

    /**
     * Expected contents of an output file.
     *
     * @param firstLine the test-file line of the first body line, to locate mismatches
     */
    public record Expectation(
        ExpectKind kind, String data, boolean whitespace, boolean caseInsensitive, String file, int firstLine) {
    }

    /** Lines to drop from an output file (or from {@code all} files) before comparing it. */
    public record IgnoreRule(
        IgnoreKind kind, String data, boolean whitespace, boolean caseInsensitive, String file, int firstLine) {
    }

    /** A problem in the test file. Warnings do not fail the test. */
    public record Message(String file, int line, String text, boolean warning) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + text;
        }
    }

    private final String name;
    private final String fileName;
    final List<ScriptCommand> script = new ArrayList<>();
    final List<ScriptCommand> require = new ArrayList<>();
    boolean requireQuiet;
    final StringBuilder info = new StringBuilder();
    final Map<String, byte[]> files = new LinkedHashMap<>();
    final Map<String, List<Expectation>> expectations = new LinkedHashMap<>();
    final Map<String, List<IgnoreRule>> ignores = new LinkedHashMap<>();
    final Set<String> fileNames = new LinkedHashSet<>();
    final List<Message> messages = new ArrayList<>();
    boolean hasScriptSection;
    boolean hasAnySection;

    ClickTestCase(final String name, final String fileName) {
        this.name = name;
        this.fileName = fileName;
    }

    /** The test's name: the file's display name, plus {@code <2>}, {@code <3>}... for later tests in it. */
    public String name() {
        return name;
    }

    /** The display name of the file that holds the test. */
    public String fileName() {
        return fileName;
    }

    /** The top-level commands of the {@code %script} sections. */
    public List<ScriptCommand> script() {
        return Collections.unmodifiableList(script);
    }

    /** The top-level commands of the {@code %require} sections. */
    public List<ScriptCommand> require() {
        return Collections.unmodifiableList(require);
    }

    /** Whether a {@code %require -q} asks not to report failed requirements. */
    public boolean requireQuiet() {
        return requireQuiet;
    }

    /** The text of the {@code %info} sections. */
    public String info() {
        return info.toString();
    }

    /** The input files ({@code %file}, {@code %stdin}) by name, in order of definition. */
    public Map<String, byte[]> files() {
        return Collections.unmodifiableMap(files);
    }

    /** The expectations by output file name; several for one file are alternates. */
    public Map<String, List<Expectation>> expectations() {
        return Collections.unmodifiableMap(expectations);
    }

    /** The ignore rules by output file name, or {@code all}. */
    public Map<String, List<IgnoreRule>> ignores() {
        return Collections.unmodifiableMap(ignores);
    }

    /** Every file name the test mentions; their directories are created before the script runs. */
    public Set<String> fileNames() {
        return Collections.unmodifiableSet(fileNames);
    }

    /** Problems found while parsing, in file order. */
    public List<Message> messages() {
        return Collections.unmodifiableList(messages);
    }

    /** The first parse error (not warning), or {@code null}. */
    public Message firstError() {
        return messages.stream().filter(message -> !message.warning()).findFirst().orElse(null);
    }

    /** Whether the test has a {@code %script} section. */
    public boolean hasScript() {
        return hasScriptSection;
    }

    boolean isEmpty() {
        return !hasAnySection && messages.isEmpty();
    }
}
