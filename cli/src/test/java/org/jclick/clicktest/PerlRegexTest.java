package org.jclick.clicktest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;

import org.jclick.clicktest.PerlRegex.Braces;
import org.junit.jupiter.api.Test;

class PerlRegexTest {

    @Test
    void splitBracesFindsTheFirstBalancedPair() {
        assertEquals(new Braces("before", "middle", "after"), PerlRegex.splitBraces("before{{middle}}after"));
        assertEquals(new Braces("b", "m1{{m2}}m3", "a"), PerlRegex.splitBraces("b{{m1{{m2}}m3}}a"));
        assertEquals(new Braces("}}b", "m", "a}}x{{y"), PerlRegex.splitBraces("}}b{{m}}a}}x{{y"));
        assertEquals(new Braces("", "", ""), PerlRegex.splitBraces("{{}}"));
        assertEquals(new Braces("", "{{}}", ""), PerlRegex.splitBraces("{{{{}}}}"));
        assertNull(PerlRegex.splitBraces("abc"));
        assertNull(PerlRegex.splitBraces("{{"));
        assertNull(PerlRegex.splitBraces("{ {}}"));
        assertNull(PerlRegex.splitBraces("{{ {{ }}"));
        assertNull(PerlRegex.splitBraces("{{ {{ {{ }} }} }}"));
    }

    @Test
    void rangeRegexMatchesExactlyTheRange() {
        for (int low = 0; low < 60; low++) {
            for (int high = low; high < 130; high += 7) {
                final Pattern pattern = Pattern.compile(PerlRegex.rangeToRegex(low, high));
                for (int value = 0; value < 1200; value++) {
                    final boolean inside = value >= low && value <= high;
                    assertEquals(inside, pattern.matcher(Integer.toString(value)).matches(),
                        low + "-" + high + " vs " + value + ": " + pattern);
                }
            }
        }
        assertTrue(Pattern.compile(PerlRegex.rangeToRegex(43, 3504)).matcher("3504").matches());
        assertFalse(Pattern.compile(PerlRegex.rangeToRegex(43, 3504)).matcher("3505").matches());
    }

    @Test
    void intRangeSpecs() {
        assertTrue(Pattern.matches(PerlRegex.intRange("~ 5 - 15"), "15"));
        assertTrue(Pattern.matches(PerlRegex.intRange("~15-5"), "5"));
        assertTrue(Pattern.matches(PerlRegex.intRange("~ 100 +- 5"), "95"));
        assertFalse(Pattern.matches(PerlRegex.intRange("~ 100 +- 5"), "94"));
        assertTrue(Pattern.matches(PerlRegex.intRange("~ 3 +- 5"), "0"));
        assertTrue(Pattern.matches(PerlRegex.intRange("~ 200 +- 5%"), "210"));
        assertFalse(Pattern.matches(PerlRegex.intRange("~ 200 +- 5%"), "211"));
        assertNull(PerlRegex.intRange("\\d+"));
        assertEquals("x(?:[1-2]){{y}}", PerlRegex.expandIntRanges("x{{~1-2}}{{y}}"));
    }

    @Test
    void quoteMatchesLiterally() {
        final String text = "a.b*c (d) [e] {f} \\g $h ^i |j ?k +l \u00e9\t";
        assertTrue(Pattern.matches(PerlRegex.quote(text), text));
        assertFalse(Pattern.matches(PerlRegex.quote("a.b"), "axb"));
    }

    @Test
    void perlSyntaxIsConverted() {
        assertTrue(Pattern.matches(PerlRegex.toJava("a{"), "a{"));
        assertTrue(Pattern.matches(PerlRegex.toJava("{x}"), "{x}"));
        assertTrue(Pattern.matches(PerlRegex.toJava("a{2,3}"), "aaa"));
        assertTrue(Pattern.matches(PerlRegex.toJava("[[:alpha:]]+[[:^digit:]]"), "abc_"));
        assertTrue(Pattern.matches(PerlRegex.toJava("[]a]+"), "]a]"));
        assertTrue(Pattern.matches(PerlRegex.toJava("[a[]+"), "a[["));
        assertTrue(Pattern.matches(PerlRegex.toJava("[&&x]+"), "&x&"));
        assertTrue(Pattern.matches(PerlRegex.toJava("a\\N+"), "abc"));
    }

    @Test
    void bracesToRegexQuotesLiteralText() {
        final PerlRegex.LineRegex line = PerlRegex.bracesToRegex("a.b {{\\d+}} c  {{? note }}", true, false);
        assertEquals("note", line.comment());
        assertTrue(Pattern.matches(line.regex(), "a.b 12 c"));
        assertFalse(Pattern.matches(line.regex(), "axb 12 c"));
        final PerlRegex.LineRegex regexLine = PerlRegex.bracesToRegex("a.b{{x|y}}", false, false);
        assertTrue(Pattern.matches(regexLine.regex(), "axby"));
        final PerlRegex.LineRegex insensitive = PerlRegex.bracesToRegex("A{{b}}", true, true);
        assertTrue(Pattern.matches(insensitive.regex(), "AB"));
        assertFalse(Pattern.matches(insensitive.regex(), "aB"));
    }
}
