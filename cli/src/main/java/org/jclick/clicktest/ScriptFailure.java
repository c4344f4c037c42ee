package org.jclick.clicktest;

import java.util.ArrayList;
import java.util.List;

/**
 * Why a {@code %script} or {@code %require} script failed, recovered from its standard error: before each
 * top-level command the script writes a {@code clicktest_lineno:FILE:LINE} marker there, and its exit trap
 * writes {@code clicktest_failure:STATUS}.
 *
 * @param requirement whether the failing script was the {@code %require} script
 * @param location {@code FILE:LINE} of the failing command, plus {@code subtest NAME} when one was set
 * @param failureText {@code failure}, {@code error N}, {@code timed out after N sec} or {@code undefined error},
 *     prefixed by {@code requirement } for requirements
 * @param command the failing command, or null when the marker named no known command
 * @param errorLines what the failing command wrote to standard error (blank lines removed)
 * @param clicktestErrors messages the script reported with {@code clicktest_error:TEXT} lines
 */
public record ScriptFailure(
    boolean requirement, String location, String failureText, ScriptCommand command, List<String> errorLines,
    List<String> clicktestErrors) {

    static final String LINENO_MARKER = "clicktest_lineno:";
    static final String FAILURE_MARKER = "clicktest_failure:";
    static final String ERROR_MARKER = "clicktest_error:";
    static final String SUBTEST_MARKER = "clicktest_subtest ";
    static final String TIMEOUT = "timeout";
    private static final int MAX_SUMMARY = 300;

    /**
     * Reads the markers in {@code stderr}, the failed script's standard error.
     *
     * @param fallbackLocation the location when no marker was written (e.g. the test's name)
     */
    static ScriptFailure analyze(
        final String stderr, final List<ScriptCommand> commands, final String fallbackLocation,
        final boolean requirement, final int timeoutSeconds) {
        String lineno = null;
        String failure = null;
        String subtest = null;
        StringBuilder errorText = new StringBuilder();
        for (final String line : ClickTestFile.splitLines(stderr)) {
            final String text = ExpectMatcher.chompLine(line);
            if (text.startsWith(LINENO_MARKER)) {
                lineno = text.substring(LINENO_MARKER.length());
                errorText = new StringBuilder();
            } else if (text.startsWith(FAILURE_MARKER)) {
                failure = text.substring(FAILURE_MARKER.length());
            } else if (text.startsWith(SUBTEST_MARKER)) {
                subtest = text.substring(SUBTEST_MARKER.length());
            } else {
                errorText.append(line.endsWith("\n") ? line : line + "\n");
            }
        }
        String location = lineno != null ? lineno.strip() : fallbackLocation;
        location = location.replaceAll(": *\\z", "");
        ScriptCommand command = null;
        for (final ScriptCommand candidate : commands) {
            if (candidate.location().equals(location)) {
                command = candidate;
                break;
            }
        }

        String failureText;
        if (failure == null) {
            failureText = "undefined error";
        } else if (failure.equals(TIMEOUT)) {
            failureText = "timed out after " + timeoutSeconds + " sec";
        } else if (failure.equals("1")) {
            failureText = "failure";
        } else {
            failureText = "error " + failure;
        }
        if (requirement) {
            failureText = "requirement " + failureText;
        }

        final List<String> errorLines = new ArrayList<>();
        final List<String> clicktestErrors = new ArrayList<>();
        final String errors = errorText.toString().stripTrailing();
        final boolean reportsErrors = errors.startsWith(ERROR_MARKER);
        for (final String line : errors.split("\n", -1)) {
            if (reportsErrors && line.startsWith(ERROR_MARKER)) {
                clicktestErrors.add(line.substring(ERROR_MARKER.length()));
            } else if (!line.isEmpty()) {
                errorLines.add(line);
            }
        }
        if (subtest != null) {
            location = location + " subtest " + subtest;
        }
        return new ScriptFailure(requirement, location, failureText, command, List.copyOf(errorLines),
            List.copyOf(clicktestErrors));
    }

    /** The messages Click's clicktest prints for this failure. */
    public List<String> clicktestMessages() {
        final List<String> out = new ArrayList<>();
        if (!clicktestErrors.isEmpty()) {
            clicktestErrors.forEach(error -> out.add(location + ": " + error));
            if (!errorLines.isEmpty()) {
                out.add(location + ": (There were other errors as well.)");
            }
        } else if (command == null) {
            out.add(location + ": " + failureText + " at undefined point in script");
        } else {
            out.add(location + ": " + failureText + " at '" + command.display() + "'");
            errorLines.forEach(line -> out.add(location + ":   " + line));
        }
        return out;
    }

    /** One line: the failing command and the first line it wrote to standard error. */
    public String summary() {
        final StringBuilder out = new StringBuilder();
        if (!clicktestErrors.isEmpty()) {
            out.append(location).append(": ").append(clicktestErrors.getFirst());
        } else if (command == null) {
            out.append(location).append(": ").append(failureText).append(" at undefined point in script");
        } else {
            out.append(location).append(": ").append(failureText).append(" at '").append(command.display()).append('\'');
            if (!errorLines.isEmpty()) {
                out.append(": ").append(errorLines.getFirst().strip());
            }
        }
        final String text = ExpectMatcher.printable(out.toString());
        return text.length() > MAX_SUMMARY ? text.substring(0, MAX_SUMMARY) + "..." : text;
    }
}
