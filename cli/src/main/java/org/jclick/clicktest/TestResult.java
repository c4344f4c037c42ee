package org.jclick.clicktest;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of one test.
 *
 * @param name the test's name
 * @param status pass, fail or skip
 * @param reason one line saying why the test failed or was skipped; empty for a pass
 * @param details the messages Click's clicktest would print for the outcome
 * @param failure the failed script, when a script failed; otherwise null
 * @param directory the test directory, when it was kept; otherwise null
 */
public record TestResult(
    String name, Status status, String reason, List<String> details, ScriptFailure failure, Path directory) {

    /** The outcome kinds. */
    public enum Status { PASS, FAIL, SKIP }

    static TestResult pass(final String name, final Path directory) {
        return new TestResult(name, Status.PASS, "", List.of(), null, directory);
    }

    static TestResult fail(final String name, final String reason, final List<String> details, final Path directory) {
        return new TestResult(name, Status.FAIL, reason, List.copyOf(details), null, directory);
    }
}
