package org.jclick.lang;

import static org.jclick.lang.Lang.CLOSED;
import static org.jclick.lang.Lang.clickErrors;
import static org.jclick.lang.Lang.flat;
import static org.jclick.lang.Lang.load;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** Compound element classes: bodies, pseudo-elements, formals, overloads, extension, synonyms, scoping. */
class CompoundsTest {

    @Test
    void namedCompoundIsExpandedWithSlashNames() {
        assertEquals("""
                Idle@1 :: Idle;
                Discard@3 :: Discard;
                w/Counter@1 :: Counter;

                Idle@1 -> w/Counter@1
                    -> Discard@3;
                """, flat("""
                elementclass Wrap { input -> Counter -> output }
                Idle -> w :: Wrap -> Discard;
                """));
    }

    @Test
    void anonymousCompoundInElementPosition() {
        assertEquals("""
                Idle@1 :: Idle;
                Discard@3 :: Discard;
                @2/Counter@1 :: Counter;

                Idle@1 -> @2/Counter@1
                    -> Discard@3;
                """, flat("Idle -> { input -> Counter -> output } -> Discard;"));
    }

    @Test
    void anonymousCompoundAfterDeclarationWithImplicitPorts() {
        assertEquals("""
                Idle@1 :: Idle;
                Discard@3 :: Discard;
                x/Print@1 :: Print;

                Idle@1 -> x/Print@1
                    -> Discard@3;
                """, flat("Idle -> x :: { -> Print -> } -> Discard;"));
    }

    @Test
    void anonymousCompoundWithConfiguration() {
        assertEquals("@1/Print@1 :: Print(hi);\n", flat("{ $m | Print($m) }(hi);"));
    }

    @Test
    void severalPortsThroughPseudoElements() {
        final String expected = """
                s :: Tee;
                d1 :: Discard;
                d2 :: Discard;
                t/Print@1 :: Print;
                t/Counter@2 :: Counter;

                s -> t/Counter@2
                    -> d1;
                s [1] -> t/Print@1
                    -> d2;
                """;
        final String use = "s :: Tee; s [0] -> t :: Two; s [1] -> [1] t; t [0] -> d1 :: Discard; t[1] -> d2 :: Discard;";
        assertEquals(expected, flat("""
                elementclass Two { input [1] -> Print -> [1] output; input [0] -> Counter -> [0] output }
                """ + use));
        // the same with implicit ports: '[1] ->' starts from input 1, '-> [1]' ends at output 1
        assertEquals(expected, flat("elementclass Two { [1] -> Print -> [1]; [0] -> Counter -> [0] }\n" + use));
    }

    @Test
    void positionalFormals() {
        assertEquals("""
                Idle@1 :: Idle;
                Discard@4 :: Discard;
                P@2/Print@1 :: Print(hello);
                P@3/Print@1 :: Print("two words");

                Idle@1 -> P@2/Print@1
                    -> P@3/Print@1
                    -> Discard@4;
                """, flat("""
                elementclass P { $text | input -> Print($text) -> output }
                Idle -> P(hello) -> P("two words") -> Discard;
                """));
    }

    @Test
    void keywordAndRestFormals() {
        assertEquals("""
                Idle@1 :: Idle;
                Discard@4 :: Discard;
                K@2/Print@1 :: Print(1, 5, X 1, Y 2);
                K@3/Print@1 :: Print(2, 6, );

                Idle@1 -> K@2/Print@1
                    -> K@3/Print@1
                    -> Discard@4;
                """, flat("""
                elementclass K { $a, MAX $m, __REST__ $r | input -> Print($a, $m, $r) -> output }
                Idle -> K(1, MAX 5, X 1, Y 2) -> K(2, MAX 6) -> Discard;
                """));
    }

    @Test
    void emptyFormalsBar() {
        assertEquals("""
                E@1/Idle@1 :: Idle;
                E@1/Discard@2 :: Discard;

                E@1/Idle@1 -> E@1/Discard@2;
                """, flat("elementclass E { | Idle -> Discard }\nE;"));
    }

    @Test
    void overloadChosenByArgumentCount() {
        assertEquals("""
                Idle@1 :: Idle;
                Discard@4 :: Discard;
                F@2/Print@1 :: Print(one a);
                F@3/Print@1 :: Print(two a b);

                Idle@1 -> F@2/Print@1
                    -> F@3/Print@1
                    -> Discard@4;
                """, flat("""
                elementclass F { $x | input -> Print(one $x) -> output || $x, $y | input -> Print(two $x $y) -> output }
                Idle -> F(a) -> F(a, b) -> Discard;
                """));
    }

    @Test
    void overloadChosenByPortCounts() {
        assertEquals("""
                Idle@1 :: Idle;
                Discard@3 :: Discard;
                Idle@4 :: Idle;
                Discard@7 :: Discard;
                G@2/Print@1 :: Print(in-out);
                G@5/Print@1 :: Print(in-only);
                G@6/Print@1 :: Print(none);

                Idle@1 -> G@2/Print@1
                    -> Discard@3;
                Idle@4 -> G@5/Print@1;
                G@6/Print@1 -> Discard@7;
                """, flat("""
                elementclass G { input -> Print(in-out) -> output || input -> Print(in-only) || Print(none) -> output }
                Idle -> G -> Discard; Idle -> G; G -> Discard;
                """));
    }

    @Test
    void extensionFallsBackToThePreviousClass() {
        assertEquals("""
                Idle@1 :: Idle;
                Discard@4 :: Discard;
                F@2/Print@1 :: Print(new 1);
                F@3/Print@1 :: Print(old 1 2);

                Idle@1 -> F@2/Print@1
                    -> F@3/Print@1
                    -> Discard@4;
                """, flat("""
                elementclass F { $a, $b | input -> Print(old $a $b) -> output }
                elementclass F { $a | input -> Print(new $a) -> output || ... }
                Idle -> F(1) -> F(1, 2) -> Discard;
                """));
    }

    @Test
    void extensionOfAPrimitiveClass() {
        final String text = """
                elementclass Queue { $a | input -> Print($a) -> output || ... }
                Idle -> Queue(1) -> Queue(1, 2) -> Discard;
                """;
        final String expected = """
                Idle@1 :: Idle;
                Queue@3 :: Queue(1, 2);
                Discard@4 :: Discard;
                Queue@2/Print@1 :: Print(1);

                Idle@1 -> Queue@2/Print@1
                    -> Queue@3
                    -> Discard@4;
                """;
        assertEquals(expected, flat(CLOSED, text, Map.of()));
        // Click's tools know no classes in advance, and make one of the name extended
        assertEquals(expected, flat(text));
    }

    @Test
    void synonymClass() {
        assertEquals("""
                Idle@1 :: Idle;
                q :: Queue(10);
                Discard@3 :: Discard;

                Idle@1 -> q
                    -> Discard@3;
                """, flat(CLOSED, "elementclass MyQ Queue;\nIdle -> q :: MyQ(10) -> Discard;", Map.of()));
    }

    @Test
    void synonymOfACompound() {
        assertEquals("""
                Idle@1 :: Idle;
                Discard@3 :: Discard;
                a/Counter@1 :: Counter;

                Idle@1 -> a/Counter@1
                    -> Discard@3;
                """, flat("elementclass C { input -> Counter -> output } elementclass Alias C;\n"
                + "Idle -> a :: Alias -> Discard;"));
    }

    @Test
    void classesDefinedInsideACompoundAreNotVisibleOutside() {
        final String text = """
                elementclass Outer { elementclass Inner { input -> Counter -> output } input -> Inner -> output }
                Idle -> Outer -> Inner -> Discard;
                """;
        // Click's tools read the outer 'Inner' as an unknown primitive class
        assertEquals("""
                Idle@1 :: Idle;
                Inner@3 :: Inner;
                Discard@4 :: Discard;
                Outer@2/Inner@1/Counter@1 :: Counter;

                Idle@1 -> Outer@2/Inner@1/Counter@1
                    -> Inner@3
                    -> Discard@4;
                """, flat(text));
        // with a closed catalog it is an error
        assertEquals("config:2: undeclared element 'Inner'\n", clickErrors(load(CLOSED, "config", text, Map.of())));
    }

    @Test
    void classesAreResolvedWhereTheyAreUsed() {
        // when A is read, B is not yet a compound: A's B is the primitive class B
        assertEquals("""
                Idle@1 :: Idle;
                Discard@3 :: Discard;
                A@2/B@1 :: B(1);

                Idle@1 -> A@2/B@1
                    -> Discard@3;
                """, flat("""
                elementclass A { $v | input -> B($v) -> output }
                elementclass B { $w | input -> Print($w) -> output }
                Idle -> A(1) -> Discard;
                """));
    }

    @Test
    void redefiningAClassAffectsOnlyLaterUses() {
        assertEquals("""
                Idle@1 :: Idle;
                Discard@3 :: Discard;
                Idle@4 :: Idle;
                Discard@6 :: Discard;
                C@2/Counter@1 :: Counter;
                C@5/Print@1 :: Print;

                Idle@1 -> C@2/Counter@1
                    -> Discard@3;
                Idle@4 -> C@5/Print@1
                    -> Discard@6;
                """, flat("""
                elementclass C { input -> Counter -> output }
                Idle -> C -> Discard;
                elementclass C { input -> Print -> output }
                Idle -> C -> Discard;
                """));
    }

    @Test
    void nestedCompoundSeesItsLexicalParentsFormals() {
        assertEquals("""
                Idle@1 :: Idle;
                Discard@3 :: Discard;
                A@2/B@1/Print@1 :: Print(2 1);

                Idle@1 -> A@2/B@1/Print@1
                    -> Discard@3;
                """, flat("""
                elementclass A { $v | elementclass B { $w | input -> Print($w $v) -> output } input -> B(2) -> output }
                Idle -> A(1) -> Discard;
                """));
    }

    @Test
    void compoundDoesNotSeeItsCallersFormals() {
        final ConfigResult r = load("""
                elementclass B { $w | input -> Print($w $v) -> output }
                elementclass A { $v | input -> B($v) -> output }
                Idle -> A(1) -> Discard;
                """);
        assertEquals("""
                Idle@1 :: Idle;
                Discard@3 :: Discard;
                A@2/B@1/Print@1 :: Print(1 $v);

                Idle@1 -> A@2/B@1/Print@1
                    -> Discard@3;
                """, Unparser.unparse(r.router()));
        assertEquals("config:1: warning: undefined variable '$v' in the configuration of "
                + "'A@2/B@1/Print@1 :: Print' is left as written\n", clickErrors(r));
    }

    @Test
    void clickLexerTestFormalsAreLexicallyScoped() {
        // Click's tools/lexer-02 'A.click' and 'B.click'
        assertEquals("Far@1/Foo@1/DriverManager@1 :: DriverManager(stop);\n", flat("""
                elementclass Foo {
                $a |
                   DriverManager($a);
                }
                elementclass Far {
                $a, $b |
                   Foo($b);
                }
                Far(wait_stop stop, stop);
                """));
        assertEquals("""
                Foo@1/Baz@1/Idle@1 :: Idle;
                Foo@1/Baz@1/Bar@2/DriverManager@1 :: DriverManager(stop);
                """, flat("""
                elementclass Foo {
                $a |
                   elementclass Bar {
                   $b |
                      DriverManager($a);
                   }
                   elementclass Baz {
                   $a |
                      Idle; Bar($a);
                   }
                   Baz(other);
                }
                Foo(stop);
                """));
    }

    @Test
    void compoundSeesGlobalDefinesAndItsFormalsShadowThem() {
        assertEquals("""
                Idle@1 :: Idle;
                Discard@3 :: Discard;
                Idle@4 :: Idle;
                Discard@6 :: Discard;
                D@2/Print@1 :: Print(global);
                E@5/Print@1 :: Print(local);

                Idle@1 -> D@2/Print@1
                    -> Discard@3;
                Idle@4 -> E@5/Print@1
                    -> Discard@6;
                """, flat("""
                elementclass D { input -> Print($G) -> output }
                elementclass E { $G | input -> Print($G) -> output }
                define($G global);
                Idle -> D -> Discard;
                Idle -> E(local) -> Discard;
                """));
    }

    @Test
    void defineInsideACompound() {
        // the compound's define is local to it; the top-level define is visible inside
        assertEquals("""
                Print@2 :: Print($X);
                C@1/Print@1 :: Print(inner 7);
                """, flat("elementclass C { define($X inner); Print($X $Y) } define($Y 7); C; Print($X);"));
    }
}
