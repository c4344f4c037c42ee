package org.jclick.clicktest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jclick.clicktest.ClickTestCase.ExpectKind;
import org.jclick.clicktest.ClickTestCase.Expectation;
import org.jclick.clicktest.ClickTestCase.IgnoreKind;
import org.jclick.clicktest.ClickTestCase.IgnoreRule;
import org.jclick.clicktest.ClickTestCase.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClickTestFileTest {

    private static ClickTestCase parseOne(final String text) {
        final ClickTestFile file = ClickTestFile.parse("T.clicktest", text.getBytes(StandardCharsets.ISO_8859_1), null);
        assertEquals(1, file.tests().size());
        return file.tests().getFirst();
    }

    private static String text(final byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static List<String> errors(final ClickTestCase test) {
        return test.messages().stream().filter(m -> !m.warning()).map(Message::toString).toList();
    }

    @Test
    void parsesScriptInfoFilesAndExpectations() {
        final ClickTestCase test = parseOne("""
            #! /usr/bin/env clicktest
            %info
            Describes the test.

            %script
            click CONFIG
            echo done
            %file CONFIG
            Idle -> Discard;
            %expect stdout
            done
            %stderr
            nothing
            """);
        assertEquals("Describes the test.\n\n", test.info());
        assertTrue(test.hasScript());
        assertEquals(List.of("click CONFIG", "echo done"), test.script().stream().map(ScriptCommand::text).toList());
        assertEquals(6, test.script().getFirst().line());
        assertEquals(7, test.script().get(1).line());
        assertEquals("Idle -> Discard;\n", text(test.files().get("CONFIG")));
        final Expectation stdout = test.expectations().get("stdout").getFirst();
        assertEquals(ExpectKind.EXPECT, stdout.kind());
        assertEquals("done\n", stdout.data());
        assertEquals(11, stdout.firstLine());
        assertEquals("nothing\n", test.expectations().get("stderr").getFirst().data());
        assertTrue(test.messages().isEmpty(), test.messages().toString());
    }

    @Test
    void aliasesAndDefaultNames() {
        final ClickTestCase test = parseOne("""
            %test
            cat
            %input
            in
            %output
            out
            %file
            more
            %desc
            d
            %expectx
            x.*
            %verbatim
            v
            %ignore
            i
            """);
        assertEquals(List.of("cat"), test.script().stream().map(ScriptCommand::text).toList());
        assertEquals("in\n", text(test.files().get("stdin")));
        assertEquals(1, test.files().size());
        assertEquals(List.of("'%file stdin' already defined"),
            test.messages().stream().map(Message::text).toList());
        assertEquals("d\n", test.info());
        final List<Expectation> stdout = test.expectations().get("stdout");
        assertEquals(List.of(ExpectKind.EXPECT, ExpectKind.REGEX, ExpectKind.VERBATIM),
            stdout.stream().map(Expectation::kind).toList());
        assertEquals(IgnoreKind.PLAIN, test.ignores().get("all").getFirst().kind());
    }

    @Test
    void commandWordIsCaseInsensitiveAndMayHaveSpaces() {
        final ClickTestCase test = parseOne("""
            % SCRIPT
            true
            %Expect   out
            x
            """);
        assertEquals(1, test.script().size());
        assertTrue(test.expectations().containsKey("out"));
    }

    @Test
    void escapedPercentLines() {
        final ClickTestCase test = parseOne("""
            %script
            printf '%%s\\n' x
            %file F
            \\%file not a section
            \\\\%kept
            %expect F
            \\%file not a section
            """);
        assertEquals("%file not a section\n\\\\%kept\n", text(test.files().get("F")));
        assertEquals("%file not a section\n", test.expectations().get("F").getFirst().data());
    }

    @Test
    void lengthBodiesAreBinarySafeAndMayEndMidLine() {
        final byte[] header = "%script\ntrue\n%file +5 BIN\n".getBytes(StandardCharsets.ISO_8859_1);
        final byte[] binary = {0, (byte) 0xff, '\n', '%', 7};
        final byte[] rest = "%expect stdout\nok\n".getBytes(StandardCharsets.ISO_8859_1);
        final byte[] content = new byte[header.length + binary.length + rest.length];
        System.arraycopy(header, 0, content, 0, header.length);
        System.arraycopy(binary, 0, content, header.length, binary.length);
        System.arraycopy(rest, 0, content, header.length + binary.length, rest.length);
        final ClickTestCase test = ClickTestFile.parse("B", content, null).tests().getFirst();
        assertArrayEquals(binary, test.files().get("BIN"));
        assertEquals("ok\n", test.expectations().get("stdout").getFirst().data());
        assertTrue(test.messages().isEmpty(), test.messages().toString());
    }

    @Test
    void lengthBodyLeavesRestOfLineForTheNextSection() {
        final ClickTestCase test = parseOne("%script\ntrue\n%expectv +3 FILE\n\n\t\u0001\n%file X\nx\n");
        final Expectation expectation = test.expectations().get("FILE").getFirst();
        assertEquals(ExpectKind.VERBATIM, expectation.kind());
        assertEquals("\n\t\u0001", expectation.data());
        assertEquals("x\n", text(test.files().get("X")));
        assertTrue(errors(test).isEmpty(), test.messages().toString());
    }

    @Test
    void lengthBodyTooShort() {
        final ClickTestCase test = parseOne("%script\ntrue\n%file +100 F\nshort\n");
        assertEquals(List.of("T.clicktest:3: file too short"), errors(test));
    }

    @Test
    void deleteFirstCharacter() {
        final ClickTestCase test = parseOne("""
            %script
            true
            %file -d TEST
             %script
             false

            x%expect
            """);
        assertEquals("%script\nfalse\n\n%expect\n", text(test.files().get("TEST")));
    }

    @Test
    void base64Bodies() {
        final ClickTestCase test = parseOne("""
            %script
            true
            %file -e B
            AAH/
            CgA=
            %file -de C
            xaGk=
            %expect -e OUT
            aGk=
            """);
        assertArrayEquals(new byte[] {0, 1, (byte) 0xff, '\n', 0}, test.files().get("B"));
        assertEquals("hi", text(test.files().get("C")));
        final Expectation out = test.expectations().get("OUT").getFirst();
        assertEquals(ExpectKind.VERBATIM, out.kind());
        assertEquals("hi", out.data());
    }

    @Test
    void combinedFlagsAndExpectOptions() {
        final ClickTestCase test = parseOne("""
            %script
            true
            %expect -aiw A B
            a
            %expect -a A
            b
            %ignorex -i -w A
            x y
            """);
        final List<Expectation> a = test.expectations().get("A");
        assertEquals(2, a.size());
        assertTrue(a.getFirst().caseInsensitive());
        assertTrue(a.getFirst().whitespace());
        assertFalse(a.get(1).whitespace());
        assertEquals(1, test.expectations().get("B").size());
        final IgnoreRule ignore = test.ignores().get("A").getFirst();
        assertEquals(IgnoreKind.REGEX, ignore.kind());
        assertEquals("xy\n", ignore.data());
        assertTrue(ignore.caseInsensitive());
        assertTrue(test.messages().isEmpty(), test.messages().toString());
    }

    @Test
    void duplicateExpectationWithoutAlternateIsAnError() {
        final ClickTestCase test = parseOne("%script\ntrue\n%expect F\na\n%expect F\nb\n");
        assertEquals(List.of("T.clicktest:5: '%expect F' already defined"), errors(test));
    }

    @Test
    void badFileNames() {
        final ClickTestCase test = parseOne("""
            %script
            true
            %file ../
            %file /A
            %file A/
            %file A//B
            %file ..
            %file ok/name.txt
            %expect stdin
            %file stdout
            """);
        assertEquals(List.of(
            "T.clicktest:3: bad filename '%file ../'",
            "T.clicktest:4: bad filename '%file /A'",
            "T.clicktest:5: bad filename '%file A/'",
            "T.clicktest:6: bad filename '%file A//B'",
            "T.clicktest:7: bad filename '%file ..'",
            "T.clicktest:9: 'stdin' not meaningful for '%expect'",
            "T.clicktest:10: 'stdout' not meaningful for '%file'"), errors(test));
        assertTrue(test.files().containsKey("ok/name.txt"));
        assertTrue(ClickTestFile.isValidFileName("a-b_c.d/e"));
        assertFalse(ClickTestFile.isValidFileName("a/../b"));
        assertFalse(ClickTestFile.isValidFileName("a b"));
    }

    @Test
    void illegalFlags() {
        final ClickTestCase test = parseOne("""
            %script
            true
            %file -a F
            %file -i G
            %expectv -w H
            %expectx -e I
            %ignore -a
            """);
        assertEquals(List.of(
            "T.clicktest:3: '%file -a' is illegal",
            "T.clicktest:4: '%file -i' is illegal",
            "T.clicktest:5: '%expectv -w' is illegal",
            "T.clicktest:6: '%expectx -e' is illegal",
            "T.clicktest:7: '%ignore -a' is illegal"), errors(test));
    }

    @Test
    void unknownAndBadCommands() {
        final ClickTestCase test = parseOne("""
            %script
            true
            %frobnicate
            ignored body
            %%
            %expect stdout
            """);
        assertEquals(List.of("T.clicktest:3: unrecognized command 'frobnicate'", "T.clicktest:5: bad '%' command"),
            errors(test));
        assertTrue(test.expectations().containsKey("stdout"));
    }

    @Test
    void garbageAfterLengthSectionIsAWarning() {
        final ClickTestCase test = parseOne("%script\ntrue\n%file +2 F\nabgarbage\n%expect stdout\n");
        assertEquals("ab", text(test.files().get("F")));
        assertNull(test.firstError());
        assertEquals(List.of("T.clicktest:4: warning: garbage ignored"),
            test.messages().stream().map(Message::toString).toList());
    }

    @Test
    void requireSections() {
        final ClickTestCase test = parseOne("""
            %require -q
            click-buildtool provides userlevel
            test -x /bin/sh
            %script
            true
            """);
        assertTrue(test.requireQuiet());
        assertEquals(2, test.require().size());
        assertEquals(3, test.require().get(1).line());
    }

    @Test
    void scriptArgumentsAreWarnedAbout() {
        final ClickTestCase test = parseOne("%script -x\ntrue\n");
        assertNull(test.firstError());
        assertEquals("arguments to '%script' ignored", test.messages().getFirst().text());
    }

    @Test
    void unmatchedQuoteInScriptIsAnError() {
        final ClickTestCase test = parseOne("%script\necho 'oops\n");
        assertEquals(List.of("T.clicktest:1: unmatched single quote in '%script'"), errors(test));
    }

    @Test
    void cutAndEof() {
        final ClickTestCase test = parseOne("""
            %script
            true
            %cut
            %file NOT_A_FILE
            %eof
            %file NOR_THIS
            x
            """);
        assertFalse(test.files().containsKey("NOR_THIS"));
        // %cut's body ends at the next section, as in clicktest
        assertTrue(test.files().containsKey("NOT_A_FILE"));
    }

    @Test
    void missingScript() {
        final ClickTestCase test = parseOne("%info\nnothing to run\n");
        assertFalse(test.hasScript());
    }

    @Test
    void endOfTestStartsAnotherTest() {
        final ClickTestFile file = ClickTestFile.parse("M.testie", """
            %script
            echo one
            %expect stdout
            one
            %eot
            %script
            echo two
            %eot
            """.getBytes(StandardCharsets.ISO_8859_1), null);
        assertEquals(2, file.tests().size());
        assertEquals("M.testie", file.tests().getFirst().name());
        assertEquals("M.testie<2>", file.tests().get(1).name());
        assertEquals(7, file.tests().get(1).script().getFirst().line());
        assertTrue(file.tests().get(1).expectations().isEmpty());
    }

    @Test
    void includeReadsAnotherFileRelativeToThisOne(@TempDir final Path dir) throws IOException {
        Files.writeString(dir.resolve("common.inc"), "%file SHARED\nshared\n");
        Files.writeString(dir.resolve("main.clicktest"), "%script\ncat SHARED\n%include common.inc\n%include nope.inc\n");
        final ClickTestCase test = ClickTestFile.read(dir.resolve("main.clicktest"), "sub/main.clicktest").tests().getFirst();
        assertEquals("shared\n", text(test.files().get("SHARED")));
        assertEquals(List.of("sub/main.clicktest:4: %include sub/nope.inc: No such file or directory"), errors(test));
    }

    @Test
    void includeCycleIsBounded(@TempDir final Path dir) throws IOException {
        Files.writeString(dir.resolve("loop.clicktest"), "%script\ntrue\n%include loop.clicktest\n");
        final ClickTestCase test = ClickTestFile.read(dir.resolve("loop.clicktest"), "loop.clicktest").tests().getFirst();
        assertTrue(errors(test).getFirst().contains("too deeply nested"), errors(test).toString());
    }

    @Test
    void realClickTestSectionShapes() {
        // the shapes of tools/clicktest-01: -d files holding whole tests, %ignorex stderr
        final ClickTestCase test = parseOne("""
            %info
            Meta-test.

            %script
            clicktest -V TEST1 TEST2 || true

            %file -d TEST1
             %script
             false

            %ignorex stderr
            .*Running.*

            %expect stderr
            TEST1:2: failure at 'false'
            """);
        assertEquals("%script\nfalse\n\n", text(test.files().get("TEST1")));
        assertEquals(".*Running.*\n\n", test.ignores().get("stderr").getFirst().data());
        assertEquals(List.of("clicktest -V TEST1 TEST2 || true"), test.script().stream().map(ScriptCommand::text).toList());
    }
}
