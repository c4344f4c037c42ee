package org.jclick.lang;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** {@link SourceSet} cuts lines as {@code split("\r\n|\r|\n", -1)} did, without the regular expression. */
class SourceSetTest {

    @Test
    void splitLinesAgreesWithTheRegularExpression() {
        final String[] fixed = {"", "a", "\n", "\r", "\r\n", "\n\r", "a\r\nb\rc\nd", "a\n", "\r\r\n\n", "x\r"};
        for (String s : fixed) {
            assertArrayEquals(s.split("\r\n|\r|\n", -1), SourceSet.splitLines(s), s.replace("\r", "\\r"));
        }
        final Random random = new Random(42);
        final char[] alphabet = {'a', 'b', '\r', '\n', ' '};
        for (int round = 0; round < 2_000; round++) {
            final char[] c = new char[random.nextInt(12)];
            for (int i = 0; i < c.length; i++) {
                c[i] = alphabet[random.nextInt(alphabet.length)];
            }
            final String s = new String(c);
            assertArrayEquals(s.split("\r\n|\r|\n", -1), SourceSet.splitLines(s), s.replace("\r", "\\r"));
        }
    }

    @Test
    void linesAreQuotedByNumber() {
        final SourceSet set = new SourceSet();
        set.add("f.click", "a -> b;\r\nc -> d;\re\n");
        assertEquals("c -> d;", set.line("f.click", 2));
        assertEquals("e", set.line("f.click", 3));
        assertEquals("", set.line("f.click", 4));
        assertNull(set.line("f.click", 5));
        assertEquals("a -> b;\nc -> d;\ne\n", set.text("f.click"));
    }
}
