package org.jclick.clicktest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.jclick.clicktest.ExpectMatcher.Mismatch;
import org.junit.jupiter.api.Test;

class ExpectMatcherTest {

    /** A test whose sections follow a one-line script; {@code sections} starts at line 3. */
    private static ClickTestCase test(final String sections) {
        final String text = "%script\ntrue\n" + sections;
        return ClickTestFile.parse("T", text.getBytes(StandardCharsets.ISO_8859_1), null).tests().getFirst();
    }

    private static Mismatch check(final String sections, final String file, final String actual) {
        final ClickTestCase test = test(sections);
        assertNull(test.firstError(), () -> test.messages().toString());
        return ExpectMatcher.check(test, file, actual);
    }

    @Test
    void exactMatch() {
        assertNull(check("%expect stdout\na\nb\n", "stdout", "a\nb\n"));
    }

    @Test
    void blankLinesAndTrailingWhitespaceAreIgnored() {
        assertNull(check("%expect stdout\na\n\nb\n\n\n", "stdout", "\na  \t\nb\n\n\n\n"));
        assertNull(check("%expect stdout\na\nb\n", "stdout", "a\n\n\n\nb   "));
        assertNull(check("%expect stdout\n\n", "stdout", ""));
    }

    @Test
    void mismatchReportsLinesAndLocation() {
        final Mismatch mismatch = check("%expect stdout\na\nb\nc\n", "stdout", "a\nB\nc\n");
        assertNotNull(mismatch);
        assertEquals(2, mismatch.textLine());
        assertEquals("T:5", mismatch.location());
        assertEquals("T:5: stdout:2: expected 'b' but got 'B'", mismatch.summary());
        assertEquals(List.of(
                "T:5: standard output has unexpected value starting at line 2",
                "T:5: stdout:2: expected 'b'",
                "T:5: stdout:2: but got  'B'"),
            mismatch.clicktestMessages("T: "));
    }

    @Test
    void missingAndExtraLinesAreEndOfFile() {
        final Mismatch missing = check("%expect stderr\na\nb\n", "stderr", "a\n");
        assertEquals("T:5: stderr:2: expected 'b' but got '<end of file>'", missing.summary());
        assertEquals("T:5: standard error has unexpected value starting at line 2",
            missing.clicktestMessages("T: ").getFirst());
        final Mismatch extra = check("%expect OUT\na\n", "OUT", "a\nb\n");
        assertEquals("T:5: OUT:2: expected '<end of file>' but got 'b'", extra.summary());
        assertEquals("T:5: file OUT has unexpected value starting at line 2", extra.clicktestMessages("T: ").getFirst());
    }

    @Test
    void regexHoles() {
        final String sections = "%expect stdout\ncount: {{\\d+}} packets{{s?}}\nx.y {{?a dot, literally}}\n";
        assertNull(check(sections, "stdout", "count: 42 packets\nx.y\n"));
        assertNull(check(sections, "stdout", "count: 7 packetss\nx.y\n"));
        final Mismatch text = check(sections, "stdout", "count: 42 packets\nxzy\n");
        assertEquals("T:5: stdout:2: expected 'x.y' but got 'xzy' (a dot, literally)", text.summary());
        assertEquals("T:5: stdout:2: a dot, literally", text.clicktestMessages("T: ").getLast());
        assertNotNull(check(sections, "stdout", "count: many packets\nx.y\n"));
    }

    @Test
    void regexHoleMustMatchWholeLine() {
        assertNotNull(check("%expect stdout\n{{a|b}}\n", "stdout", "ab\n"));
        assertNull(check("%expect stdout\n{{a|b}}\n", "stdout", "b\n"));
        assertNull(check("%expect stdout\n{{\\s*}}3\n", "stdout", "       3\n"));
    }

    @Test
    void perlRegexSyntaxInHoles() {
        assertNull(check("%expect stdout\n{{[[:digit:]]+}} {{x{2,}y}} {\n", "stdout", "12 xxxy {\n"));
    }

    @Test
    void caseInsensitiveHolesOnly() {
        assertNull(check("%expect -i stdout\nError: {{bad}}\n", "stdout", "Error: BAD\n"));
        assertNotNull(check("%expect -i stdout\nError: {{bad}}\n", "stdout", "ERROR: BAD\n"));
        assertNotNull(check("%expect stdout\nError: {{bad}}\n", "stdout", "Error: BAD\n"));
    }

    @Test
    void whitespaceFolding() {
        assertNull(check("%expect -w stdout\na b  c\n", "stdout", "a    b\tc\n"));
        assertNull(check("%expect -w stdout\na b\n", "stdout", "ab\n"));
        assertNotNull(check("%expect stdout\na b  c\n", "stdout", "a    b\tc\n"));
        assertNull(check("%expect -w stdout\nx = {{a\\s*b}}\n", "stdout", "x=a b\n"));
    }

    @Test
    void integerRanges() {
        assertNull(check("%expect stdout\nrate {{~ 90 - 110}}\n", "stdout", "rate 100\n"));
        assertNotNull(check("%expect stdout\nrate {{~ 90 - 110}}\n", "stdout", "rate 111\n"));
        assertNull(check("%expect stdout\n{{~100 +- 10%}}\n", "stdout", "91\n"));
        assertNotNull(check("%expect stdout\n{{~100 +- 10%}}\n", "stdout", "89\n"));
    }

    @Test
    void expectxLinesAreRegexes() {
        final String sections = "%expectx stdout\n\\d+ packets\n[a-c]+\n";
        assertNull(check(sections, "stdout", "12 packets\nabc\n"));
        assertNotNull(check(sections, "stdout", "12 packets\nabcd\n"));
        assertNull(check("%expectx -i stdout\nhello\n", "stdout", "HELLO\n"));
    }

    @Test
    void ignoreRulesDropOutputLines() {
        final String sections = """
            %expect stdout
            kept
            %ignorex stdout
            debug: .*
            %ignore
            noise {{\\d+}}
            %ignorev stdout
            a.b
            """;
        assertNull(check(sections, "stdout", "debug: x\nkept\nnoise 17\na.b\n"));
        assertNotNull(check(sections, "stdout", "kept\naxb\n"));
        assertNotNull(check(sections, "stdout", "kept\nnoise x\n"));
    }

    @Test
    void ignoredLinesStillCountInLineNumbers() {
        final Mismatch mismatch = check("%expect stdout\na\nb\n%ignorex stdout\n#.*\n", "stdout", "a\n#x\nc\n");
        assertEquals(3, mismatch.textLine());
    }

    @Test
    void ignoreWithWhitespaceFolding() {
        assertNull(check("%expect stdout\nkept\n%ignore -w stdout\nsome noise\n", "stdout", "so me  noise\nkept\n"));
    }

    @Test
    void stderrMarkersAreIgnored() {
        final String stderr = "\nclicktest_lineno:T:2\n\nclicktest_lineno:T:3\nhello\n";
        assertNull(check("%expect stderr\nhello\n", "stderr", stderr));
        assertNotNull(check("%expect OUT\nhello\n", "OUT", stderr));
    }

    @Test
    void alternatesReportTheFurthestMismatch() {
        final String sections = "%expect -a stdout\na\nX\n%expect -a stdout\na\nb\nY\n%expect -a stdout\nZ\n";
        assertNull(check(sections, "stdout", "a\nX\n"));
        assertNull(check(sections, "stdout", "a\nb\nY\n"));
        assertNull(check(sections, "stdout", "Z\n"));
        final Mismatch mismatch = check(sections, "stdout", "a\nb\nW\n");
        assertEquals(3, mismatch.textLine());
        assertEquals("T:9: stdout:3: expected 'Y' but got 'W'", mismatch.summary());
    }

    @Test
    void expectvIsExact() {
        assertNull(check("%expectv stdout\n a  b\n", "stdout", " a  b\n"));
        assertNotNull(check("%expectv stdout\n a  b\n", "stdout", " a b\n"));
        assertNotNull(check("%expectv stdout\na\n\nb\n", "stdout", "a\nb\n"));
        assertNotNull(check("%expectv stdout\n{{.*}}\n", "stdout", "anything\n"));
        assertNull(check("%expectv stdout\n{{.*}}\n", "stdout", "{{.*}}\n"));
        assertNotNull(check("%expectv stdout\nkept\n%ignorex\n.*\n", "stdout", "other\n"));
    }

    @Test
    void expectvWithLengthIsBinary() {
        assertNull(check("%expectv +3 FILE\n\n\t\u0001\n", "FILE", "\n\t\u0001"));
        final Mismatch mismatch = check("%expectv +3 FILE\n\n\t\u0001\n", "FILE", "\n\t\u0002");
        assertNotNull(mismatch);
        assertEquals("T:5: FILE:2: expected '\\t\\x01' but got '\\t\\x02'", mismatch.summary());
        // non-printable lines are not quoted in clicktest's messages
        assertEquals(1, mismatch.clicktestMessages("T: ").size());
    }

    @Test
    void subtestLinesNameThePart() {
        final Mismatch mismatch = check("%expect stdout\na\nb\n", "stdout", "clicktest_subtest one\na\nclicktest_subtest two\nc\n");
        assertEquals("two", mismatch.subtest());
        assertEquals(4, mismatch.textLine());
        assertTrue(mismatch.summary().endsWith("[subtest two]"), mismatch.summary());
    }

    @Test
    void badRegexIsAProblemNotAnException() {
        final Mismatch mismatch = check("%expect stdout\n{{(}}\n", "stdout", "x\n");
        assertNotNull(mismatch.problem());
        assertTrue(mismatch.summary().startsWith("stdout: T:4: bad regular expression"), mismatch.summary());
        final Mismatch ignore = check("%expect stdout\nx\n%ignorex\n(\n", "stdout", "x\n");
        assertTrue(ignore.problem().startsWith("T:6: bad regular expression"), ignore.problem());
    }
}
