package org.jclick.clicktest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end runs of small tests that need nothing but {@code sh} builtins. */
class TestRunnerTest {

    @TempDir
    Path temp;

    private TestResult run(final String text) {
        return run(text, 20, Map.of(), false);
    }

    private TestResult run(final String text, final int timeout, final Map<String, String> variables, final boolean keep) {
        final ClickTestCase test = ClickTestFile.parse("T.clicktest", text.getBytes(StandardCharsets.ISO_8859_1), null)
            .tests().getFirst();
        assertNull(test.firstError(), () -> test.messages().toString());
        final TestRunner runner = new TestRunner(new TestRunner.Options(
            temp.resolve("bin"), timeout, keep, variables, temp, Shims.shellQuote(temp.toString()) + "/"));
        return runner.run(test, temp.resolve("work"), "T.clicktest: ", null);
    }

    @Test
    void passingTest() {
        final TestResult result = run("""
            %script
            echo hello
            echo problem >&2
            read line; echo "got $line" >OUT
            %stdin
            input
            %expect stdout
            hello
            %expect stderr
            problem
            %expect OUT
            got input
            """);
        assertEquals(TestResult.Status.PASS, result.status(), result.reason());
        assertEquals("", result.reason());
        assertFalse(Files.exists(temp.resolve("work")), "test directory removed");
    }

    @Test
    void failingCommandIsLocated() {
        final TestResult result = run("""
            %script
            echo one
            echo oops >&2; false
            echo never >NEVER
            %expect stdout
            one
            """);
        assertEquals(TestResult.Status.FAIL, result.status());
        assertEquals("T.clicktest:3: failure at 'echo oops >&2; false': oops", result.reason());
        assertEquals(List.of("T.clicktest:3: failure at 'echo oops >&2; false'", "T.clicktest:3:   oops"),
            result.details());
    }

    @Test
    void exitStatusOtherThanOneIsAnError() {
        final TestResult result = run("%script\ntrue\n(exit 3)\n");
        assertEquals("T.clicktest:3: error 3 at '(exit 3)'", result.reason());
    }

    @Test
    void failureInsideFunctionIsReportedAtTheCall() {
        final TestResult result = run("%script\nf () {\n  false\n}\ntrue\nf\n");
        assertEquals("T.clicktest:6: failure at 'f'", result.reason());
    }

    @Test
    void outputMismatch() {
        final TestResult result = run("""
            %script
            echo hello
            echo world
            %expect stdout
            hello
            there
            """);
        assertEquals(TestResult.Status.FAIL, result.status());
        assertEquals("T.clicktest:6: stdout:2: expected 'there' but got 'world'", result.reason());
        assertEquals("T.clicktest:6: standard output has unexpected value starting at line 2",
            result.details().getFirst());
    }

    @Test
    void missingOutputFile() {
        final TestResult result = run("%script\ntrue\n%expect NOWHERE\nx\n");
        assertEquals(TestResult.Status.FAIL, result.status());
        assertEquals("NOWHERE: No such file or directory", result.reason());
        assertEquals(List.of("T.clicktest: NOWHERE: No such file or directory"), result.details());
    }

    @Test
    void failedRequirementSkips() {
        final TestResult result = run("""
            %require
            true
            echo not available; false
            %script
            echo should not run >RAN
            %file INPUT
            never written
            """);
        assertEquals(TestResult.Status.SKIP, result.status());
        assertEquals("T.clicktest:3: requirement failure at 'echo not available; false': not available", result.reason());
    }

    @Test
    void requirementsRunBeforeFilesExist() {
        final TestResult result = run("%require\n! test -f INPUT\n%script\ntest -f INPUT\n%file INPUT\nx\n");
        assertEquals(TestResult.Status.PASS, result.status(), result.reason());
    }

    @Test
    void environment() {
        final TestResult result = run("""
            %script
            echo "$LC_ALL" "$VAR" "$rundir"
            case ":$PATH:" in *":$JCLICK_SHIM_DIR:"*) echo shims;; esac
            %expect stdout
            C value {{/.*}}
            shims
            """, 20, Map.of("VAR", "value"), false);
        assertEquals(TestResult.Status.PASS, result.status(), result.reason());
    }

    @Test
    void variablesOverrideLocale() {
        final TestResult result = run("%script\necho $LC_ALL\n%expect stdout\nPOSIX\n", 20, Map.of("LC_ALL", "POSIX"), false);
        assertEquals(TestResult.Status.PASS, result.status(), result.reason());
    }

    @Test
    void filesInSubdirectoriesAndDotSlash() throws IOException {
        Files.writeString(temp.resolve("helper"), "#!/bin/sh\necho helped\n");
        temp.resolve("helper").toFile().setExecutable(true);
        final TestResult result = run("""
            %script
            cat X/Y > Y/X
            ./helper
            %file X/Y
            Hello
            %expect Y/X
            Hello
            %expect stdout
            helped
            """);
        assertEquals(TestResult.Status.PASS, result.status(), result.reason());
    }

    @Test
    void binaryFilesAndVerbatimExpectations() {
        final TestResult result = run("%script\ncat B > C\n%file +4 B\na\u0000\n\u00ff%expectv +4 C\na\u0000\n\u00ff");
        assertEquals(TestResult.Status.PASS, result.status(), result.reason());
    }

    @Test
    void subtestIsNamedInFailures() {
        final TestResult result = run("%script\nclicktest_subtest first\ntrue\nclicktest_subtest second\nfalse\n");
        assertEquals("T.clicktest:5 subtest second: failure at 'false'", result.reason());
    }

    @Test
    void clicktestErrorLines() {
        final TestResult result = run("%script\n(echo clicktest_error:custom problem >&2; exit 1)\n");
        assertEquals("T.clicktest:2: custom problem", result.reason());
    }

    @Test
    void timeoutKillsTheScript() {
        final long start = System.nanoTime();
        final TestResult result = run("%script\ntrue\nwhile :; do :; done\n", 1, Map.of(), false);
        final long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(TestResult.Status.FAIL, result.status());
        assertEquals("T.clicktest:3: timed out after 1 sec at 'while :; do :; done'", result.reason());
        assertTrue(millis < 10_000, "took " + millis + " ms");
    }

    @Test
    void keepLeavesTheDirectory() {
        final TestResult result = run("%script\necho kept >FILE\n", 20, Map.of(), true);
        assertEquals(TestResult.Status.PASS, result.status());
        assertEquals(temp.resolve("work"), result.directory());
        assertTrue(Files.exists(temp.resolve("work/FILE")));
        assertTrue(Files.exists(temp.resolve("work/%script")));
    }

    @Test
    void ignoresApplyToOutput() {
        final TestResult result = run("""
            %script
            echo "debug 1"; echo real; echo "debug 2"
            %ignorex stdout
            debug \\d+
            %expect stdout
            real
            """);
        assertEquals(TestResult.Status.PASS, result.status(), result.reason());
    }
}
