package org.jclick.lang;

import static org.jclick.lang.Lang.clickErrors;
import static org.jclick.lang.Lang.flat;
import static org.jclick.lang.Lang.load;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Declarations, anonymous elements, connections, ports, element lists, groups and FastClick's '~>'. */
class ConnectionsTest {

    @Test
    void declarationWithConfiguration() {
        assertEquals("q :: Queue(100);\n", flat("q :: Queue(100);"));
    }

    @Test
    void multipleDeclarationSpreadsClassAndConfiguration() {
        assertEquals("""
                a :: Counter(x);
                b :: Counter(x);
                c :: Counter(x);
                """, flat("a, b, c :: Counter(x);"));
        assertEquals("""
                a :: Idle;
                b :: Counter;
                c :: Counter;
                d :: Counter;
                """, flat("a :: Idle; b, c, d :: Counter;"));
    }

    @Test
    void multipleDeclarationDoesNotSpreadPastADeclaredElement() {
        // only the bare names before the last (declared) entry take its class; 'a' is then an unknown
        // identifier, which Click's tools read as a class
        assertEquals("""
                a@1 :: a;
                b :: Counter;
                c :: Idle;
                """, flat("a, b :: Counter, c :: Idle;"));
    }

    @Test
    void anonymousElementsAreNumberedByPosition() {
        assertEquals("""
                Idle@1 :: Idle;
                Counter@2 :: Counter;
                Discard@3 :: Discard;
                Queue@4 :: Queue(5);
                Unqueue@5 :: Unqueue;

                Idle@1 -> Counter@2
                    -> Discard@3;
                Queue@4 -> Unqueue@5;
                """, flat("Idle -> Counter -> Discard; Queue(5) -> Unqueue;"));
    }

    @Test
    void anonymousNumberingCountsNamedElementsToo() {
        assertEquals("""
                a :: Idle;
                Idle@2 :: Idle;
                b :: Idle;
                Idle@4 :: Idle;

                Idle@4 -> b;
                """, flat("a :: Idle; Idle; b :: Idle; Idle -> b;"));
    }

    @Test
    void anonymousNameYieldsToAUserNamedElement() {
        // 'Idle@1' and 'Idle@2' are taken by the user, so the anonymous Idle becomes Idle@3
        assertEquals("""
                Idle@3 :: Idle;
                d :: Discard;
                Idle@1 :: Idle;
                Idle@2 :: Idle;

                Idle@3 -> d;
                """, flat("Idle -> d :: Discard; Idle@1 :: Idle; Idle@2 :: Idle;"));
    }

    @Test
    void anonymousCompoundNameYieldsToAUserNamedElement() {
        assertEquals("""
                F@2 :: Idle;
                F@1/Idle@1 :: Idle;
                F@3/Idle@1 :: Idle;
                """, flat("elementclass F { Idle }  F; F; F@2 :: Idle"));
        // inside a compound too: its own anonymous Idle@1 meets a user-named Idle@1
        assertEquals("""
                Idle@1 :: Idle;
                Discard@3 :: Discard;
                F@2 :: Idle;
                F@3/Idle@2 :: Idle;
                F@3/Idle@1 :: Idle;

                Idle@1 -> F@3/Idle@2
                    -> Discard@3;
                """, flat("""
                elementclass F { input -> Idle -> output; Idle@1 :: Idle; }
                Idle -> F -> Discard; F@2 :: Idle
                """));
    }

    @Test
    void chainsAndReferences() {
        assertEquals("""
                Idle@1 :: Idle;
                c :: Counter;
                Discard@3 :: Discard;
                Print@4 :: Print;
                Discard@5 :: Discard;

                Idle@1 -> c
                    -> Discard@3;
                c -> Print@4
                    -> Discard@5;
                """, flat("Idle -> c :: Counter -> Discard; c -> Print -> Discard;"));
    }

    @Test
    void portsOnBothSides() {
        assertEquals("""
                s :: Tee;
                d :: Discard;

                s -> d;
                s [1] -> [1] d;
                s [2] -> d;
                """, flat("s :: Tee; s[0] -> [0]d :: Discard; s [1] -> [1] d; s[2]->d;"));
    }

    @Test
    void portListsPairUp() {
        assertEquals("""
                a :: Tee;
                b :: Tee;

                a -> [1] b;
                a [1] -> b;
                """, flat("a, b :: Tee; a [0,1] => [1,0] b;"));
    }

    @Test
    void manyToManyFansOutAMissingPortList() {
        assertEquals("""
                s :: Tee;
                Discard@2 :: Discard;
                Discard@3 :: Discard;
                Discard@4 :: Discard;

                s -> Discard@2;
                s [1] -> Discard@3;
                s [2] -> Discard@4;
                """, flat("s :: Tee; s => Discard, Discard, Discard;"));
    }

    @Test
    void emptyPortListIsExpandable() {
        assertEquals("""
                s :: Idle;
                d :: Idle;
                Print@3 :: Print;
                Print@4 :: Print;

                s -> d;
                s [1] -> Print@3;
                s [2] -> Print@4;
                """, flat("s, d :: Idle; s [] => d, Print, Print;"));
    }

    @Test
    void trailingCommaMakesAPortListExpandable() {
        assertEquals("""
                s :: Idle;
                d :: Idle;
                Print@3 :: Print;
                Print@4 :: Print;

                s [1] -> d;
                s [2] -> Print@3;
                s [3] -> [2] Print@4;
                """, flat("s, d :: Idle; s [1,] => d, Print, [2] Print;"));
        assertEquals("""
                a :: Idle;
                b :: Idle;
                c :: Idle;

                a -> b;
                a [1] -> [1] b;
                a [2] -> [2] b;
                a [3] -> [3] b;
                a [4] -> c;
                a [5] -> [1] c;
                """, flat("a,b,c :: Idle; a [0,1,] => [0,1,2,3] b, [0,1] c;"));
    }

    @Test
    void fanInAndFanOut() {
        assertEquals("""
                a :: Idle;
                b :: Idle;
                c :: Idle;

                a -> c;
                b -> c;
                """, flat("a, b, c :: Idle; a, b -> c;"));
        assertEquals("""
                a :: Idle;
                b :: Idle;
                c :: Idle;

                a -> b;
                a -> c;
                """, flat("a, b, c :: Idle; a -> b, c;"));
    }

    @Test
    void manyToManyWithArrowIsAnErrorButStillConnects() {
        final ConfigResult r = load("a, b, c, d :: Idle; a, b -> c, d;");
        assertEquals("config:1: syntax error: many-to-many connections require '=>'\n", clickErrors(r));
        assertEquals("""
                a :: Idle;
                b :: Idle;
                c :: Idle;
                d :: Idle;

                a -> c;
                b -> d;
                """, Unparser.unparse(r.router()));
    }

    @Test
    void manyToManyBetweenLists() {
        assertEquals("""
                a :: Idle;
                b :: Idle;
                c :: Idle;
                d :: Idle;

                a -> c;
                b -> d;
                """, flat("a, b, c, d :: Idle; a, b => c, d;"));
    }

    @Test
    void fastClickTildeArrowIsAnArrow() {
        assertEquals("""
                a :: Idle;
                b :: Idle;
                Print@3 :: Print;
                Discard@4 :: Discard;

                a -> b
                    -> Print@3
                    -> Discard@4;
                """, flat("a, b :: Idle; a ~> b ~> Print -> Discard;"));
    }

    @Test
    void groupWithImplicitPorts() {
        // a group takes three names (itself, its input, its output): Counter is the 5th element
        assertEquals("""
                a :: Idle;
                Counter@5 :: Counter;
                Discard@6 :: Discard;

                a -> Counter@5
                    -> Discard@6;
                """, flat("a :: Idle; a -> ( -> Counter -> ) -> Discard;"));
    }

    @Test
    void groupWithSeveralPortsImpliesAllOfThem() {
        final ConfigResult r = load("a :: Idle; a -> ( [0] -> Counter -> [0]; [1] -> Print -> [1] ) [1] -> Discard;");
        assertEquals("""
                a :: Idle;
                Counter@5 :: Counter;
                Print@6 :: Print;
                Discard@7 :: Discard;

                a -> Counter@5;
                a -> Print@6
                    -> Discard@7;
                """, Unparser.unparse(r.router()));
        assertEquals("config:1: '@2' output 0 unused\n", clickErrors(r));
    }

    @Test
    void groupsInManyToMany() {
        assertEquals("""
                a :: Idle;
                d :: Idle;
                c :: Idle;
                b :: Idle;

                a -> c;
                a [1] -> b;
                a [2] -> d;
                """, flat("a, d :: Idle;\na => (-> c :: Idle), (-> b :: Idle), d;"));
    }

    @Test
    void implicitInputWithPortsBeforeACommaInsideACompound() {
        // '[0], x' at the start of a chain: '[0]' is 'input [0]'
        assertEquals("""
                Idle@1 :: Idle;
                Discard@3 :: Discard;
                A@2/x :: Idle;
                A@2/Discard@2 :: Discard;

                Idle@1 -> A@2/x
                    -> Discard@3;
                Idle@1 -> A@2/Discard@2;
                A@2/x -> A@2/Discard@2;
                """, flat("elementclass A { input -> x :: Idle -> output; [0], x -> Discard } Idle -> A -> Discard"));
    }

    @Test
    void identifiersWithDigitsSlashesAndAts() {
        assertEquals("""
                1a/b@c :: Idle;
                2x :: Idle;
                a/b/c@3 :: a/b/c;

                a/b/c@3 -> 1a/b@c;
                """, flat("1a/b@c :: Idle; 2x :: Idle; a/b/c -> 1a/b@c;"));
    }
}
