package org.jclick.lang;

import static org.jclick.lang.Lang.clickErrors;
import static org.jclick.lang.Lang.flat;
import static org.jclick.lang.Lang.load;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** define(), command-line defines, and the expansion of variables in configuration strings. */
class VariablesTest {

    private static String config(String text, Map<String, String> defines, String element) {
        final ConfigResult r = load(ElementCatalog.tools(), "config", text, defines);
        return r.router().element(element).config();
    }

    @Test
    void defineAndExpand() {
        assertEquals("""
                q :: Queue(10);
                p :: Print(eth0, eth0, "eth0:x");
                """, flat("define($N 10, $NAME eth0);\nq :: Queue($N); p :: Print($NAME, ${NAME}, \"$NAME:x\");"));
    }

    @Test
    void defineValueIsTheRestOfTheArgument() {
        assertEquals("two words, [] fallback two words", config(
                "define($W two words, $E);\np :: Print(${W[0]} ${W[1]}, [$E] ${U-fallback} ${W-unused});",
                Map.of(), "p"));
    }

    @Test
    void indexedWords() {
        assertEquals("two words [] [two]", config("define($W two words);\np :: Print(${W[0]} ${W[1]} [${W[2]}] "
                + "[${W[ 0 ]}]);", Map.of(), "p"));
    }

    @Test
    void indexedWordsWithAVariableIndex() {
        // Click's compound/variables-01: ${a[$n]} picks the $n-th word
        assertEquals("""
                InfiniteSource@1 :: InfiniteSource(DATA "", LIMIT 1, STOP true);
                Discard@6 :: Discard;
                Foo@2/Print@1 :: Print("A B C");
                Foo@2/Print@2 :: Print("A");
                Foo@2/Print@3 :: Print("C");
                Foo@2/Print@4 :: Print("");
                Bar@3/Print@1 :: Print("F");
                Baz@4/Bar@1/Print@1 :: Print("G");
                Baz@5/Bar@1/Print@1 :: Print("J");

                InfiniteSource@1 -> Foo@2/Print@1
                    -> Foo@2/Print@2
                    -> Foo@2/Print@3
                    -> Foo@2/Print@4
                    -> Bar@3/Print@1
                    -> Baz@4/Bar@1/Print@1
                    -> Baz@5/Bar@1/Print@1
                    -> Discard@6;
                """, flat("""
                elementclass Foo {
                   $a | input -> Print("$a") -> Print("${a[0]}") -> Print("${a[2]}") -> Print("${a[3]}") -> output
                }
                elementclass Bar {
                   $a, $n | input -> Print("${a[$n]}") -> output
                }
                elementclass Baz {
                   $a | input -> Bar(${a[1]} ${a[0]}, ${a[2]}) -> output
                }
                InfiniteSource(DATA "", LIMIT 1, STOP true)
                  -> Foo(A B C)
                  -> Bar(D E F, 2)
                  -> Baz(G H 1)
                  -> Baz(I J 0)
                  -> Discard
                """));
    }

    @Test
    void commandLineDefinesOverrideDefine() {
        final Map<String, String> defines = new LinkedHashMap<>();
        defines.put("N", "20");
        defines.put("EXTRA", "x y");
        assertEquals("20, x y", config("define($N 10);\np :: Print($N, $EXTRA);", defines, "p"));
        assertEquals("10", config("define($N 10);\np :: Print($N);", Map.of(), "p"));
    }

    @Test
    void commandLineDefinesReachCompounds() {
        assertEquals("""
                C@1/Print@1 :: Print(cmd);
                """, flat(ElementCatalog.tools(), "elementclass C { Print($V) }\nC;", Map.of("V", "cmd")));
    }

    @Test
    void noExpansionInsideSingleQuotes() {
        assertEquals("'$X' \"1\" 1", config("define($X 1);\np :: Print('$X' \"$X\" $X);", Map.of(), "p"));
    }

    @Test
    void valuesAreRequotedInsideDoubleQuotes() {
        assertEquals("\"a\\\"b\\\\c\\$d\" a\"b\\c$d", config("p :: Print(\"$X\" $X);",
                Map.of("X", "a\"b\\c$d"), "p"));
    }

    @Test
    void escapedDollarInsideDoubleQuotesIsNotExpanded() {
        assertEquals("\"\\$X\" 1", config("define($X 1);\np :: Print(\"\\$X\" $X);", Map.of(), "p"));
    }

    @Test
    void runTimeExpressionsAreLeftWithTheirVariablesExpanded() {
        final ConfigResult r = load("define($T 5);\ns :: Script(set x $(add $T 1), wait $(mul $x 2));");
        assertEquals("set x $(add 5 1), wait $(mul $x 2)", r.router().element("s").config());
        assertEquals("", clickErrors(r));
    }

    @Test
    void variablesInsideCommentsAreNotExpanded() {
        assertEquals("1 /* $X */", config("define($X 1);\np :: Print($X /* $X */);", Map.of(), "p"));
    }

    @Test
    void undefinedVariablesAreLeftAsWritten() {
        final ConfigResult r = load("p :: Print($UNDEF, \"${UNDEF2}\", $$, ${});");
        assertEquals("$UNDEF, \"${UNDEF2}\", $$, ${}", r.router().element("p").config());
        assertEquals("""
                config:1: warning: undefined variable '$UNDEF' in the configuration of 'p :: Print' is left as written
                config:1: warning: undefined variable '$UNDEF2' in the configuration of 'p :: Print' is left as written
                """, clickErrors(r));
    }

    @Test
    void defineInsideAGroupBelongsToTheFile() {
        assertEquals("g", config("( define($G g) );\np :: Print($G);", Map.of(), "p"));
    }
}
