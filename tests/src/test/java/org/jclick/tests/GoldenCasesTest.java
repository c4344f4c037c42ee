package org.jclick.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jclick.clicktest.Shims;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Click's outputs against jclick's: every case of {@code ../shared/golden} runs its {@code CMD} through
 * jclick's {@code click} (a shim that starts jclick's Click-compatible entry point) in a scratch copy of the
 * case, and its output pcaps, handler values and messages are compared with {@code expected/} (see
 * {@link GoldenCase}). The cases in {@link #MUST_MATCH} must match; every other case must be listed in
 * docs/CONFORMANCE.md with the reason, and is reported here with its differences.
 */
class GoldenCasesTest {

    /** Cases that match Click exactly now; a regression fails the build. */
    static final Set<String> MUST_MATCH = Set.of(
            "chain", "classify", "fw-acl", "lb-rr", "malformed", "nat-snat", "router");

    @TempDir
    Path work;

    @Test
    void outputsEqualRealClicks() throws Exception {
        final Path golden = SharedCorpus.root().resolve("golden");
        if (!Files.isDirectory(golden)) {
            fail("../shared is present but has no golden/ folder");
        }
        final Path shims = Shims.install(work.resolve("bin"));
        final List<GoldenCase> cases = GoldenCase.all(golden);
        assertTrue(cases.size() >= 7, "the golden set has 7 cases; found " + cases.size());
        final String doc = Files.readString(Path.of(System.getProperty("jclick.root", ".."))
                .resolve("docs/CONFORMANCE.md"), StandardCharsets.UTF_8);
        final List<String> failures = new ArrayList<>();
        final StringBuilder report = new StringBuilder("[golden cases]\n");
        for (GoldenCase c : cases) {
            final GoldenCase.Outcome outcome = c.run(work.resolve("runs"), shims);
            final List<String> diffs = c.differences(outcome);
            report.append(diffs.isEmpty() ? "MATCH " : "DIFF  ").append(c.name).append('\n');
            for (String d : diffs.subList(0, Math.min(diffs.size(), 8))) {
                report.append("      ").append(d).append('\n');
            }
            if (diffs.size() > 8) {
                report.append("      (").append(diffs.size() - 8).append(" more)\n");
            }
            if (MUST_MATCH.contains(c.name) && !diffs.isEmpty()) {
                failures.add(c.name + " must match Click: " + diffs);
            }
            if (!diffs.isEmpty() && !doc.contains("golden `" + c.name + "`")) {
                failures.add(c.name + " differs from Click and is not listed in docs/CONFORMANCE.md (as golden `"
                        + c.name + "`)");
            }
        }
        System.out.println(report);
        if (!failures.isEmpty()) {
            fail(String.join("\n", failures) + "\n" + report);
        }
    }
}
