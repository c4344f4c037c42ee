package org.jclick.elements.rewriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** INPUTSPEC and pattern parsing: Click's error texts and pattern unparsing. */
class RewriterSpecTest
{
    private static String two(final String element, final String args)
    {
        return "i :: Idle; rw :: " + element + "(" + args + "); i -> [0]rw; i[1] -> [1]rw; rw[0] -> Discard; rw[1] -> Discard;";
    }

    private static void assertError(final String config, final String expected)
    {
        final String errors = RwFixture.errorsOf(config);
        assertTrue(errors.contains(expected), "expected '" + expected + "' in:\n" + errors);
    }

    @Test
    void patternErrorsUseClicksWords()
    {
        assertError(two("IPRewriter", "pattern 1.0.0.1 1x - - 0 1, drop"), "  input spec 0: bad source port");
        assertError(two("IPRewriter", "pattern 1.0.0.0 456-19 - - 0 1, drop"), "input spec 0: bad source port");
        assertError(two("IPRewriter", "pattern 1.0.0.0 456-65536 - - 0 1, drop"), "input spec 0: bad source port");
        assertError(two("IPRewriter", "pattern 1.0.0.0 0 - - 0 1, drop"), "input spec 0: bad source port");
        assertError(two("IPAddrRewriter", "pattern 1.0.0.x - 0 1, drop"), "input spec 0: bad source address");
        assertError(two("IPAddrRewriter", "pattern 1.255.0.0-1.0.255.255 - 0 1, drop"), "input spec 0: bad source address");
        assertError(two("IPRewriter", "drop, pattern 1.0.0.1 - 1.2.3.x - 0 1"), "input spec 1: bad destination address");
        assertError(two("IPRewriter", "drop, pattern 1.0.0.1 - - 70000 0 1"), "input spec 1: bad destination port");
        assertError(two("IPRewriter", "pattern 1.0.0.1 - - - 0 1 2 3, drop"), "input spec 0: syntax error");
        assertError(two("IPRewriter", "pattern 0 1, drop"), "input spec 0: syntax error");
        assertError(two("IPRewriter", "pattern NOPE 0 1, drop"), "input spec 0: no such pattern 'NOPE'");
        assertError(two("IPRewriter", "pattern 1.0.0.1 - - - x 1, drop"), "input spec 0: bad forward port");
        assertError(two("IPRewriter", "pattern 1.0.0.1 - - - 0 y, drop"), "input spec 0: bad reply port");
        assertError(two("IPRewriter", "pattern 1.0.0.1 - - - 0 2, drop"), "input spec 0: output port out of range");
        assertError(two("IPRewriter", "keep 0 5, drop"), "input spec 0: output port out of range");
        assertError(two("IPRewriter", "drop 1, drop"), "input spec 0: syntax error, expected 'drop'");
        assertError(two("IPRewriter", "pass x, drop"), "input spec 0: syntax error, expected 'nochange [OUTPUT]'");
        assertError(two("IPRewriter", "pass 3, drop"), "input spec 0: output port out of range");
        assertError(two("IPRewriter", "frobnicate, drop"), "input spec 0: unknown specification");
        assertError(two("IPRewriter", "i, drop"), "input spec 0: element is not an IPMapper");
        assertError(two("IPRewriter", "drop"), "need 2 arguments, one per input port");
        assertError(two("IPRewriter", "drop, drop, MAPPING_CAPACITY frob"), "bad MAPPING_CAPACITY");
        assertError("IPRewriterPatterns(a 1.0.0.1 - - -, a 1.0.0.2 - - -);", "pattern 'a' already defined");
        assertError("IPRewriterPatterns(a 1.0.0.1 70000 - -);", "bad source port");
        assertError("IPRewriterPatterns(a 1 2 3 4 5);", "syntax error");
    }

    @Test
    void patternsUnparseAsClickDoes()
    {
        try (RwFixture f = RwFixture.of("i :: Idle; rw :: IPAddrRewriter(pattern 1.0.0.1 - 0 1, "
            + "pattern 1.0.0.1-1.0.255.255 - 0 1, pattern 1.0.0.1/24 - 0 1, pattern 1.0.0.1/8 - 0 1, "
            + "pattern 9.9.9.9/31 - 0 1, pattern 9.9.9.9/32 - 0 1);"
            + "i -> [0]rw; i[1] -> [1]rw; i[2] -> [2]rw; i[3] -> [3]rw; i[4] -> [4]rw; i[5] -> [5]rw;"
            + "rw[0] -> i; rw[1] -> i;"))
        {
            assertEquals("1.0.0.1 -\n1.0.0.1-1.0.255.255 -\n1.0.0.1-1.0.0.254 -\n1.0.0.1-1.255.255.254 -\n"
                + "9.9.9.8-9.9.9.9 -\n9.9.9.9 -\n", f.read("rw.patterns"));
        }
        try (RwFixture f = RwFixture.of("IPRewriterPatterns(p 2.0.0.1 1024-2047# - 80);"
            + "i :: Idle; rw :: IPRewriter(pattern 1.0.0.1 1 - - 0 1, pattern 1.0.0.1 1-65535? - - 0 1, "
            + "pattern - - 3.3.3.3 - 1 0, pattern p 0 1, keep 0 1, pass 1, drop);"
            + "i -> [0]rw; i[1] -> [1]rw; i[2] -> [2]rw; i[3] -> [3]rw; i[4] -> [4]rw; i[5] -> [5]rw; i[6] -> [6]rw;"
            + "rw[0] -> i; rw[1] -> i;"))
        {
            assertEquals("1.0.0.1 1 - -\n1.0.0.1 1-65535 - -\n- - 3.3.3.3 -\n2.0.0.1 1024-2047 - 80\n<keep>\n"
                + "<nochange>\n<drop>\n", f.read("rw.patterns"));
            assertEquals("<keep>\n", f.read("rw.pattern4"));
        }
    }

    @Test
    void keywordsAreTakenBeforeSpecsAreCounted()
    {
        try (RwFixture f = RwFixture.of(two("IPRewriter",
            "pattern 1.0.0.1 1024-65535 - - 0 1, drop, MAPPING_CAPACITY 7, TCP_TIMEOUT 1h, UDP_TIMEOUT 30, "
                + "REAP_INTERVAL 10, DST_ANNO false")))
        {
            assertEquals("7", f.read("rw.capacity"));
            assertEquals("0", f.read("rw.table_size"));
            assertEquals("0", f.read("rw.mapping_failures"));
        }
    }

    @Test
    void clickRandomIsGlibcRandom()
    {
        org.jclick.dataplane.runtime.ClickRandom.srandom(1);
        assertEquals(1804289383, org.jclick.dataplane.runtime.ClickRandom.random());
        assertEquals(846930886, org.jclick.dataplane.runtime.ClickRandom.random());
        assertEquals(1681692777, org.jclick.dataplane.runtime.ClickRandom.random());
    }
}
