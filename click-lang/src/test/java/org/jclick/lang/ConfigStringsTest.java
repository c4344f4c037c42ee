package org.jclick.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Click's configuration-string functions, with the examples Click documents and tests for them. */
class ConfigStringsTest {

    @Test
    void uncomment() {
        assertEquals("a  b", ConfigStrings.uncomment("  a  b  "));
        assertEquals("a b", ConfigStrings.uncomment("  a /* whatever */   // whatever\n    b  "));
        assertEquals("\" /*???  */ \"", ConfigStrings.uncomment("  \" /*???  */ \"  "));
    }

    @Test
    void argvec() {
        assertEquals(List.of("a", "b", "c"), ConfigStrings.argvec("a, b, c"));
        assertEquals(List.of("a b", "c"), ConfigStrings.argvec("  a /*?*/ b,  c, "));
        assertEquals(List.of("\"x, y\""), ConfigStrings.argvec("\"x, y\" // ?"));
        assertEquals(List.of(), ConfigStrings.argvec(""));
        assertEquals(List.of("a", "", "b"), ConfigStrings.argvec("a,,b"));
        // parentheses do not group arguments; quotes and blobs do
        assertEquals(List.of("f(xx", "y)"), ConfigStrings.argvec("f(xx, y)"));
        assertEquals(List.of("'a, b'", "\\<2c>"), ConfigStrings.argvec("'a, b', \\<2c>"));
    }

    @Test
    void spacevec() {
        assertEquals(List.of("a", "b,", "c"), ConfigStrings.spacevec("a  b, c"));
        assertEquals(List.of("'a /*?*/ b'c"), ConfigStrings.spacevec("  'a /*?*/ b'c"));
        assertEquals(List.of("\"x y\"", "z"), ConfigStrings.spacevec("\"x y\" /* c */ z // end"));
        assertEquals(List.of(), ConfigStrings.spacevec("   "));
    }

    @Test
    void shiftSpacevec() {
        assertEquals(List.of("$X", "rest of it"), List.of(ConfigStrings.shiftSpacevec("  $X  rest of it")));
        assertEquals(List.of("$X", ""), List.of(ConfigStrings.shiftSpacevec("$X")));
    }

    @Test
    void unquote() {
        assertEquals("\n abc /* def */", ConfigStrings.unquote("\"\\n\" abc /* 123 */ '/* def */'"));
        assertEquals("a\tb\"c\\", ConfigStrings.unquote("\"a\\tb\\\"c\\\\\""));
        assertEquals("AB", ConfigStrings.unquote("\\<41 42>"));
        assertEquals("\u0001\u00ff", ConfigStrings.unquote("\"\\001\\xff\""));
        assertEquals("\\n", ConfigStrings.unquote("'\\n'"));
        assertEquals("plain", ConfigStrings.unquote("plain"));
        assertEquals("a\"b", ConfigStrings.unquote("a'\"'b"));
    }

    @Test
    void quote() {
        assertEquals("\"a b\"", ConfigStrings.quote("a b"));
        assertEquals("\"\\\"\\\\\\$\\t\\r\\n\\001\\377\"", ConfigStrings.quote("\"\\$\t\r\n\u0001\u00ff"));
        assertEquals("\"x\ny\"", ConfigStrings.quote("x\ny", true));
        for (String s : List.of("", "a", "two words", "q\"uo'te", "\\<41>", "/* c */", "\u0000\u0080\u00ff$x")) {
            assertEquals(s, ConfigStrings.unquote(ConfigStrings.quote(s)), "unquote(quote(s)) == s");
        }
    }

    @Test
    void isWordAndKeyword() {
        assertTrue(ConfigStrings.isWord("package"));
        assertFalse(ConfigStrings.isWord(""));
        assertFalse(ConfigStrings.isWord("a b"));
        assertFalse(ConfigStrings.isWord("a,b"));
        assertFalse(ConfigStrings.isWord("\"a\""));
        assertEquals("MAX", ConfigStrings.keywordOf("MAX 5"));
        assertEquals("A_B:C.D", ConfigStrings.keywordOf("A_B:C.D"));
        assertNull(ConfigStrings.keywordOf("max 5"));
        assertNull(ConfigStrings.keywordOf("MAXx 5"));
        assertNull(ConfigStrings.keywordOf(""));
    }

    private static String expand(String s, Map<String, String> vars, List<String> undefined) {
        return ConfigStrings.expand(s, vars::get, undefined == null ? null : undefined::add);
    }

    @Test
    void expandForms() {
        final Map<String, String> v = Map.of("a", "1", "w", "x y z", "q", "say \"hi\"");
        assertEquals("1 1 1b", expand("$a ${a} ${a}b", v, null));
        assertEquals("$ab", expand("$ab", v, null));
        assertEquals("d 1", expand("${nope-d} ${a-d}", v, null));
        assertEquals("x|y|z|", expand("${w[0]}|${w[1]}|${w[2]}|${w[3]}", v, null));
        assertEquals("'$a' \"1\"", expand("'$a' \"$a\"", v, null));
        assertEquals("\"say \\\"hi\\\"\" say \"hi\"", expand("\"$q\" $q", v, null));
        assertEquals("$(add 1 $x)", expand("$(add $a $x)", v, null));
        assertEquals("/* $a */ 1", expand("/* $a */ $a", v, null));
        assertEquals("\"\\$a\"", expand("\"\\$a\"", v, null));
    }

    @Test
    void expandReportsUndefinedVariablesOnly() {
        final List<String> undefined = new ArrayList<>();
        assertEquals("$x ${y} 1 $(z $w)", expand("$x ${y} $a $(z $w)", Map.of("a", "1"), undefined));
        assertEquals(List.of("x", "y"), undefined);
    }

    @Test
    void expandWithoutVariablesReturnsTheSameString() {
        final String s = "no variables here";
        assertTrue(s == ConfigStrings.expand(s, name -> null, null));
        assertNull(ConfigStrings.expand(null, name -> null, null));
    }
}
