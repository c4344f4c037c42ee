package org.jclick.clicktest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

class ClickTestCommandTest {

    @TempDir
    Path temp;

    private record Output(int status, List<String> lines, String err) {
    }

    private Output execute(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = new CommandLine(new ClickTestCommand())
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true));
        final int status = commandLine.execute(args);
        return new Output(status, out.toString().lines().toList(), err.toString());
    }

    private void write(final String name, final String text) throws IOException {
        final Path file = temp.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.ISO_8859_1);
    }

    @Test
    void runsADirectoryTree() throws IOException {
        write("tests/tools/pass-01.clicktest", "%script\necho ok\n%expect stdout\nok\n");
        write("tests/tools/fail-01.clicktest", "%script\ntrue\nfalse\n");
        write("tests/standard/skip-01.testie", "%require\nfalse\n%script\ntrue\n");
        write("tests/standard/bad-01.clicktest", "%script\ntrue\n%file ../x\n");
        write("tests/standard/multi.clicktest", "%script\ntrue\n%eot\n%script\necho a\n%expect stdout\nb\n");
        write("tests/standard/.hidden.clicktest", "%script\nfalse\n");
        write("tests/standard/notes.txt", "%script\nfalse\n");
        final Output output = execute("-j", "3", temp.resolve("tests").toString());
        assertEquals(List.of(
                "FAIL standard/bad-01: standard/bad-01.clicktest:3: bad filename '%file ../x'",
                "PASS standard/multi",
                "FAIL standard/multi<2>: standard/multi.clicktest:7: stdout:1: expected 'b' but got 'a'",
                "SKIP standard/skip-01: standard/skip-01.testie:2: requirement failure at 'false'",
                "FAIL tools/fail-01: tools/fail-01.clicktest:3: failure at 'false'",
                "PASS tools/pass-01",
                "2 passed, 3 failed, 1 skipped"),
            output.lines());
        assertEquals(1, output.status());
    }

    @Test
    void allPassingExitsZero() throws IOException {
        write("a/one.clicktest", "%script\ntrue\n");
        write("b/two.clicktest", "%script\nfalse || true\n");
        final Output output = execute(temp.resolve("a/one.clicktest").toString(), temp.resolve("b").toString());
        assertEquals(List.of("PASS a/one", "PASS b/two", "2 passed, 0 failed, 0 skipped"), output.lines());
        assertEquals(0, output.status());
    }

    @Test
    void verboseShowsDetails() throws IOException {
        write("v.clicktest", "%script\necho first line >&2\necho second line >&2\nfalse\n");
        final Output output = execute("-v", temp.resolve("v.clicktest").toString());
        assertEquals(List.of(
                "FAIL v: v.clicktest:4: failure at 'false'",
                "    v.clicktest:4: failure at 'false'",
                "0 passed, 1 failed, 0 skipped"),
            output.lines());
    }

    @Test
    void missingScriptIsAFailure() throws IOException {
        write("empty.clicktest", "%info\nno script\n");
        final Output output = execute(temp.resolve("empty.clicktest").toString());
        assertEquals("FAIL empty: empty.clicktest: no %script section", output.lines().getFirst());
    }

    @Test
    void variablesAndMissingPaths() throws IOException {
        write("var.clicktest", "%script\necho $GREETING\n%expect stdout\nhi\n");
        final Output output = execute("GREETING=hi", temp.resolve("var.clicktest").toString(),
            temp.resolve("nope.clicktest").toString());
        assertEquals(List.of("PASS var", "1 passed, 0 failed, 0 skipped"), output.lines());
        assertTrue(output.err().contains("nope.clicktest: No such file or directory"), output.err());
        assertEquals(1, output.status());
    }

    @Test
    void keepPrintsTheDirectory() throws IOException {
        write("k.clicktest", "%script\nfalse\n");
        final Output output = execute("--keep", "-v", temp.resolve("k.clicktest").toString());
        assertTrue(output.lines().stream().anyMatch(line -> line.startsWith("    test directory: ")), output.lines().toString());
        assertTrue(output.err().contains("test directories kept in"), output.err());
        final String kept = output.err().substring(output.err().indexOf(" in ") + 4).strip();
        assertTrue(Files.exists(Path.of(kept, "0001-k", "%script")), kept);
        TestRunner.deleteTree(Path.of(kept));
    }

    @Test
    void perlCompatibleClicktest() throws IOException {
        write("TEST1", "%script\nfalse\n");
        write("TEST2", "%script\ntrue\n");
        write("TEST3", "%script\necho Money >FOO\n%expect FOO\nMoney\n");
        write("TEST4", """
            %script
            echo Money >FOO
            echo Honey >>FOO
            %expect -a FOO
            Funny
            %expect -a FOO
            Money
            %ignorex FOO
            Woman
            %ignorex FOO
            Honey
            """);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final ClickTestCompat compat = new ClickTestCompat(System.in, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), temp);
        final int status = compat.run(new String[] {"-V", "TEST1", "TEST2", "TEST3", "TEST4"});
        assertEquals(List.of(
                "TEST1: Running...",
                "TEST1:2: failure at 'false'",
                "TEST2: Running...",
                "TEST2: Success!",
                "TEST3: Running...",
                "TEST3: Success!",
                "TEST4: Running...",
                "TEST4: Success!",
                "clicktest: 3 successes, 1 failure, 0 skipped"),
            err.toString(StandardCharsets.UTF_8).lines().toList());
        assertEquals(1, status);
        try (var leftovers = Files.list(temp)) {
            assertTrue(leftovers.noneMatch(path -> path.getFileName().toString().startsWith("clicktest")));
        }
    }

    @Test
    void perlCompatibleQuietRequirementsAndBadNames() throws IOException {
        write("R1", "%require\nfalse\n%script\ntrue\n");
        write("R2", "%script\ntrue\n%file ../\n%file A//B\n");
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final ClickTestCompat compat = new ClickTestCompat(System.in, System.out,
            new PrintStream(err, true, StandardCharsets.UTF_8), temp);
        final int status = compat.run(new String[] {"R1", "R2", "MISSING"});
        assertEquals(List.of(
                "R2:3: bad filename '%file ../'",
                "R2:4: bad filename '%file A//B'",
                "MISSING: No such file or directory",
                "clicktest: requirement failures blocked 1 test, use '-V' for details",
                "clicktest: (command 'false')",
                "clicktest: 1 success, 0 failures, 1 skipped"),
            err.toString(StandardCharsets.UTF_8).lines().toList());
        assertEquals(2, status);
    }
}
