package org.jclick.lang;

import static org.jclick.lang.Lang.clickErrors;
import static org.jclick.lang.Lang.flat;
import static org.jclick.lang.Lang.load;
import static org.jclick.lang.Lang.sortedLines;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The flat configurations and messages that Click's own tests (tools/lexer-0N, compound/*) expect, retyped
 * here. Where Click's test sorts the lines of the output after joining each chain on one line, so do we
 * ({@link Lang#sortedLines}); where it compares the exact text, so do we. (The cases of lexer-01, lexer-02 and
 * variables-01 are in DiagnosticsTest, CompoundsTest and VariablesTest.)
 */
class ClickCorpusTest {

    @Test
    void lexer03PortReuseIsNotAFrontEndError() {
        // lexer-03 expects "illegal reuse of ... push output 0" and "output 0 unused" from the router's
        // initialization, after the front end; the front end itself accepts the three configurations
        assertEquals("""
                i :: InfiniteSource;
                Print@2 :: Print;
                d :: Discard;
                Print@4 :: Print;

                i -> Print@2
                    -> d;
                i -> Print@4
                    -> d;
                """, flat("i::InfiniteSource -> Print -> d::Discard;\ni -> Print -> d;\n"));
        assertEquals("", clickErrors("i::InfiniteSource -> Print -> d::Discard;\nInfiniteSource -> Print -> d;\n"));
        assertEquals("", clickErrors("i::InfiniteSource -> Print -> d::Discard;\nInfiniteSource -> p::Print;\n"));
    }

    @Test
    void lexer04CommasInConnections() {
        assertEquals("""
                a -> b -> p -> c;
                a :: Idle;
                a [1] -> b;
                b -> q -> [2] c;
                b :: Idle;
                c :: Idle;
                p -> [1] c;
                p :: PullNull;
                q :: PullNull;
                """, sortedLines(flat("""
                a, b, c :: Idle;
                p, q :: PullNull;
                a, a[1] -> b -> p, q;
                p -> [0]c, [1]c; q -> [2]c;
                """)));
        assertEquals("""
                a :: Idle;
                a [1] -> c;
                a [2] -> a -> b;
                a [3] -> [1] a;
                b :: Idle;
                c :: Idle;
                """, sortedLines(flat("""
                a, b, c :: Idle;
                a => b, c, [0,1] a;
                """)));
        assertEquals("""
                a -> b;
                a :: Idle;
                a [1] -> [1] b;
                b :: Idle;
                """, sortedLines(flat("""
                a, b :: Idle;
                a -> { -> } -> b;
                a [1] -> { [0] -> [0] } -> [1] b;
                """)));
        assertEquals("""
                C.click:2: connection mismatch: 2 outputs connected to 3 inputs
                C.click:3: at most one expandable port allowed per connection
                """, clickErrors(load(ElementCatalog.tools(), "C.click",
                "a, b, c, d :: Idle;\na [0,1] => [0,1,2] b;\nc [] => [] d;\n", Map.of())));
        assertEquals("C2.click:2: syntax error: many-to-many connections require '=>'\n",
                clickErrors(load(ElementCatalog.tools(), "C2.click", "a, b, c, d :: Idle;\na [0,1,2] -> [0,1,2] b;\n",
                        Map.of())));
    }

    private static final String LEXER05_EXPECTED = """
            a -> c;
            a :: Idle;
            a [1] -> b;
            a [2] -> d;
            b :: Idle;
            c :: Idle;
            d :: Idle;
            """;

    @Test
    void lexer05ElementGroups() {
        assertEquals(LEXER05_EXPECTED, sortedLines(flat("a, b, c, d :: Idle;\na [0,1,2] => ( -> c ), ( -> b ), d;\n")));
        assertEquals(LEXER05_EXPECTED, sortedLines(flat("a, b, c, d :: Idle;\na [0,1,2] => c, b, d;\n")));
        assertEquals(LEXER05_EXPECTED, sortedLines(flat("a, d :: Idle;\na => (-> c :: Idle), (-> b :: Idle), d;\n")));
        // Click's test matches Paint@{{\d+}}: the group and its two tunnels count as elements, so it is 12
        assertEquals("""
                Paint@12 :: Paint(1);
                analyzer :: Idle;
                analyzer [1] -> post_classification;
                c -> [1] analyzer;
                c :: Idle;
                c [1] -> c2 -> post_classification;
                c2 :: Idle;
                c2 [1] -> Paint@12 -> post_classification;
                post_classification :: Idle;
                x1 -> analyzer -> x2;
                x1 :: Idle;
                x2 :: Idle;
                """, sortedLines(flat("""
                analyzer, x1, x2 :: Idle;
                x1 -> analyzer -> x2;
                c :: Idle =>
                         [1] analyzer [1],
                         (-> c2 :: Idle => (->), Paint(1) ->)
                -> post_classification :: Idle;
                """)));
    }

    private static final String LEXER06_EXPECTED = """
            foo/a -> foo/c;
            foo/a :: Idle;
            foo/a [1] -> foo/b;
            foo/a [2] -> foo/d;
            foo/b :: Idle;
            foo/c :: Idle;
            foo/d :: Idle;
            """;

    @Test
    void lexer06ElementGroupsInsideCompounds() {
        assertEquals(LEXER06_EXPECTED, sortedLines(flat("""
                elementclass Foo {
                    a, b, c, d :: Idle;
                    a [0,1,2] => ( -> c ), ( -> b ), d;
                }
                foo::Foo;
                """)));
        assertEquals(LEXER06_EXPECTED, sortedLines(flat("""
                elementclass Foo {
                    a, b, c, d :: Idle;
                    a [0,1,2] => c, b, d;
                }
                foo::Foo;
                """)));
        assertEquals(LEXER06_EXPECTED, sortedLines(flat("""
                elementclass Foo {
                    a, d :: Idle;
                    a => (-> c :: Idle), (-> b :: Idle), d;
                }
                foo::Foo;
                """)));
        assertEquals("""
                analyzer :: Idle;
                analyzer [1] -> post_classification;
                c -> [1] analyzer;
                c :: Idle;
                c [1] -> foo/c2 -> post_classification;
                foo/Paint@5 :: Paint(1);
                foo/c2 :: Idle;
                foo/c2 [1] -> foo/Paint@5 -> post_classification;
                post_classification :: Idle;
                x1 -> analyzer -> x2;
                x1 :: Idle;
                x2 :: Idle;
                """, sortedLines(flat("""
                analyzer, x1, x2 :: Idle;
                x1 -> analyzer -> x2;
                c :: Idle =>
                         [1] analyzer [1],
                         foo :: { -> c2 :: Idle => (->), Paint(1) -> }
                -> post_classification :: Idle;
                """)));
    }

    @Test
    void lexer07BackslashQuoting() {
        assertEquals("m :: Message(\"\\\\\");\n", flat("m :: Message(\"\\\\\");\n"));
    }

    @Test
    void lexer08LineDirectiveInsideAConfigurationString() {
        final ConfigResult r = load(ElementCatalog.tools(), "A.click",
                "m :: Message(\n# 100 \"foobar.click\"\n\"test\");\nm2 :: Message(\"test2\");\nDriverManager(stop);\n",
                Map.of());
        assertEquals("", clickErrors(r));
        assertEquals("A.click:1", r.router().element("m").location().landmark());
        assertEquals("foobar.click:101", r.router().element("m2").location().landmark());
    }

    @Test
    void lexer09ChainStartingWithAnArrow() {
        assertEquals("A.click:1: syntax error near '->'\n",
                clickErrors(load(ElementCatalog.tools(), "A.click", "->Null;\n", Map.of())));
    }

    private static final String OVERLOADS = """
            elementclass Foo {
               $a, $b | input -> Print(1) -> output
            || $a, __REST__ $b | input -> Print(2) -> output
            || $a, TWO $b, __REST__ $c | input -> Print(3) -> output
            }
            InfiniteSource(DATA "", LIMIT 1, STOP true)
              -> Foo(A)
              -> f::Foo(A, TWO B)
            elementclass Foo {
               $a, $b | input -> Print(4) -> output
            || ...
            }
            f -> Foo(A, B) -> Foo(A, B, C) -> Discard
            """;

    @Test
    void compact01ExactFlatConfiguration() {
        assertEquals("""
                require(compact_config);

                InfiniteSource@1 :: InfiniteSource(DATA "", LIMIT 1, STOP true);
                Discard@6 :: Discard;
                Foo@2/Print@1 :: Print(2);
                f/Print@1 :: Print(1);
                Foo@4/Print@1 :: Print(4);
                Foo@5/Print@1 :: Print(2);

                InfiniteSource@1 -> Foo@2/Print@1
                    -> f/Print@1
                    -> Foo@4/Print@1
                    -> Foo@5/Print@1
                    -> Discard@6;
                """, flat("require(compact_config)\n" + OVERLOADS));
    }

    @Test
    void overload01ChoosesTheSameOverloads() {
        final FlatRouter r = load(OVERLOADS).router();
        assertEquals("2", r.element("Foo@2/Print@1").config());
        assertEquals("1", r.element("f/Print@1").config());
        assertEquals("4", r.element("Foo@4/Print@1").config());
        assertEquals("2", r.element("Foo@5/Print@1").config());
    }

    @Test
    void input01CompoundsWithPseudoElements() {
        final String expected = """
                RS@1/RatedSource@1 :: RatedSource(DATA "I love myself\\n", RATE 10000, LIMIT 10, STOP true);
                P@2/Print@1 :: Print;
                D@3/Discard@1 :: Discard;

                RS@1/RatedSource@1 -> P@2/Print@1
                    -> D@3/Discard@1;
                """;
        final String classes = """
                elementclass P {
                   input[0] -> Print -> [0]output
                }
                elementclass D {
                   input[0] -> Discard
                }
                """;
        assertEquals(expected, flat("""
                elementclass RS {
                   RatedSource(DATA "I love myself\\n", RATE 10000, LIMIT 10, STOP true)
                      -> output
                }
                """ + classes + "RS -> P -> D\n"));
        assertEquals(expected, flat("""
                elementclass RS {
                   __REST__ $rest | RatedSource($rest)
                      -> output
                }
                """ + classes + "RS(DATA \"I love myself\\n\", RATE 10000, LIMIT 10, STOP true) -> P -> D\n"));
    }
}
