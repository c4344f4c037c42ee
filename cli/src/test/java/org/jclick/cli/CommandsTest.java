package org.jclick.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jclick's own commands: exit codes, silence on success, rich diagnostics, no stack traces. */
class CommandsTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        final Path p = dir.resolve(name);
        Files.writeString(p, text, Streams.CHARSET);
        return p;
    }

    @Test
    void checkIsSilentOnSuccess() throws IOException {
        final Path ok = write("ok.click", "src :: Idle -> c :: Counter -> Discard;\n");
        final Run r = Run.of("check", ok.toString());
        assertEquals(0, r.status());
        assertEquals("", r.out());
        assertEquals("", r.errWithoutNotice());
    }

    @Test
    void checkReportsEveryErrorWithLineColumnAndCaret() throws IOException {
        final Path bad = write("bad.click", "a :: Idle;\na -> ;\nb :: Idle;\nb -> -> c;\n");
        final Run r = Run.of("check", bad.toString());
        assertEquals(1, r.status());
        assertEquals("", r.out());
        final String err = r.errWithoutNotice();
        final Matcher m = Pattern.compile("(?m)^" + Pattern.quote(bad.toString()) + ":(\\d+):(\\d+): .+$").matcher(err);
        int errors = 0;
        while (m.find()) {
            errors++;
        }
        assertTrue(errors >= 2, "every error is reported:\n" + err);
        assertTrue(err.contains("\n  a -> ;\n"), err);
        assertTrue(err.matches("(?s).*\n {2} *\\^\n.*"), "a caret line:\n" + err);
        assertFalse(r.hasStackTrace());
    }

    @Test
    void checkManyFilesWithDefines() throws IOException {
        final Path a = write("a.click", "define($N 1); Idle($N) -> Discard;\n");
        final Path b = write("b.click", "Idle -> Discard;\n");
        assertEquals(0, Run.of("check", a.toString(), b.toString(), "N=5").status());
        assertEquals(1, Run.of("check", a.toString(), dir.resolve("missing.click").toString()).status());
    }

    @Test
    void checkReadsStandardInput() {
        assertEquals(0, Run.withInput("Idle -> Discard;\n", "check", "-").status());
        final Run bad = Run.withInput("Idle -> ;\n", "check", "-");
        assertEquals(1, bad.status());
        assertTrue(bad.err().contains("<stdin>:1:"), bad.err());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, Run.of("check").status());
        assertEquals(2, Run.of("check", "--bogus", "x.click").status());
        assertEquals(2, Run.of("no-such-command").status());
        assertEquals(2, Run.of().status());
        assertEquals(2, Run.of("flatten", "a.click", "b.click").status());
        final Run dup = Run.of("check", "a.click", "N=1", "N=2");
        assertEquals(2, dup.status());
        assertTrue(dup.err().contains("defined twice"), dup.err());
    }

    @Test
    void helpOnEveryCommand() {
        for (String c : new String[] {"check", "flatten", "dot", "elements", "demo"}) {
            final Run r = Run.of(c, "--help");
            assertEquals(0, r.status(), c);
            assertTrue(r.out().startsWith("Usage: jclick " + c), r.out());
        }
        final Run top = Run.of("--help");
        assertEquals(0, top.status());
        assertTrue(top.out().contains("check"));
        assertTrue(Run.of("--version").out().startsWith("jclick "));
    }

    @Test
    void flattenPrintsTheFlatConfiguration() throws IOException {
        final Path f = write("f.click", "elementclass P { input -> Print(x) -> output }\nIdle -> p :: P -> Discard;\n");
        final Run r = Run.of("flatten", f.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("p/Print@1 :: Print(x);"), r.out());
        assertTrue(r.out().contains("->"), r.out());
        assertEquals(1, Run.of("flatten", write("g.click", "Idle -> ;").toString()).status());
    }

    @Test
    void internalErrorsAreOneLineUnlessDebugging() {
        final Run r = Run.with(Run.brokenInput(), "check", "-");
        assertEquals(1, r.status());
        assertFalse(r.hasStackTrace(), r.err());
        assertTrue(r.errWithoutNotice().startsWith("jclick: internal error: IllegalStateException: simulated failure"),
                r.err());
        assertEquals(1, r.errWithoutNotice().strip().lines().count(), r.err());
        assertTrue(r.err().contains("--debug"));

        final Run debug = Run.with(Run.brokenInput(), "check", "--debug", "-");
        assertEquals(1, debug.status());
        assertTrue(debug.err().contains("\tat "), debug.err());

        final Run tool = Run.with(Run.brokenInput(), "click", "-q");
        assertEquals(1, tool.status());
        assertFalse(tool.hasStackTrace(), tool.err());
        assertTrue(tool.err().startsWith("click: internal error: "), tool.err());
    }

    @Test
    void elementsIsHonestWithoutALibrary() {
        if (Catalogs.registry() != null) {
            final Run r = Run.of("elements");
            assertEquals(0, r.status());
            assertFalse(r.out().isEmpty());
            return;
        }
        final Run list = Run.of("elements");
        assertEquals(0, list.status());
        assertEquals("", list.out());
        assertEquals(ElementsCommand.NOT_BUILT + "\n", list.err());
        assertEquals(1, Run.of("elements", "Counter").status());
    }

    @Test
    void demoChecksFlattensAndDrawsTheBundledConfigurations() throws IOException {
        final Path out = dir.resolve("demo");
        final Run r = Run.of("demo", "--configs", Run.root().resolve("configs").toString(), "-o", out.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("router.click"), r.out());
        assertTrue(Files.exists(out.resolve("router.dot")));
        assertTrue(Files.exists(out.resolve("router.flat.click")));
        if (Graphviz.find() != null) {
            assertTrue(Files.readString(out.resolve("router.svg")).contains("<svg"));
        }
    }
}
