package org.jclick.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code click-undead}, run in-process: what it removes, what it reroutes, and what it keeps. */
class ClickUndeadToolTest {

    private static String undead(String config) {
        final Run r = Run.of("click-undead", "-e", config);
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
        return r.out().replaceAll("(?m)^#.*\n", "").replaceAll("\n\n+", "\n");
    }

    @Test
    void idleBranchesStaticSwitchesAndOneInputSchedulersGo() {
        assertEquals("""
                is :: InfiniteSource;
                q :: Queue;
                td2 :: ToDump(b);
                is -> q
                    -> td2;
                """, undead("""
                Idle -> Counter -> td1 :: ToDump(a);
                is :: InfiniteSource -> ss :: StaticSwitch(1);
                  ss[0] -> ToDump(c);
                  ss[1] -> q :: Queue -> rr :: RoundRobinSched;
                  Idle -> [1]rr;
                  rr -> td2 :: ToDump(b);
                """));
    }

    @Test
    void schedulerInputsAndTeeOutputsAreRenumberedWithTheirArguments() {
        assertEquals("""
                s :: InfiniteSource;
                t :: Tee(2);
                d1 :: Discard;
                c :: Counter;
                d2 :: Discard;
                s4 :: InfiniteSource;
                st :: StrideSched(1, 3);
                s5 :: InfiniteSource;
                q :: Queue;
                d3 :: Discard;
                s -> t
                    -> d1;
                t [1] -> c
                    -> d2;
                s4 -> st
                    -> d3;
                s5 -> q
                    -> [1] st;
                """, undead("""
                s :: InfiniteSource -> t :: Tee(3);
                t[0] -> d1 :: Discard; t[1] -> Idle; t[2] -> c :: Counter -> d2 :: Discard;
                s4 :: InfiniteSource -> n :: Null -> st :: StrideSched(1, 2, 3);
                Idle -> [1]st; s5 :: InfiniteSource -> q :: Queue -> [2]st; st -> d3 :: Discard;
                """));
    }

    @Test
    void informationElementsUnknownClassesAndDeadEndsWithoutASink() {
        final String out = undead("""
                AddressInfo(a 1.2.3.4);
                x :: Whatever -> y :: Counter -> z :: AlsoUnknown;
                s :: InfiniteSource -> c :: Counter -> Idle;
                """);
        assertTrue(out.contains("AddressInfo@1 :: AddressInfo(a 1.2.3.4);"), out);
        assertTrue(out.contains("x -> y\n    -> z;"), out);
        // s reaches no sink (only Idle): it and its counter go
        assertTrue(!out.contains("InfiniteSource") && !out.contains("c :: Counter"), out);
    }

    @Test
    void aPullSwitchKeepsTheInputItSelects() {
        assertEquals("""
                s2 :: InfiniteSource;
                q2 :: Queue;
                u :: Unqueue;
                d :: Discard;
                s2 -> q2
                    -> u
                    -> d;
                """, undead("""
                s1 :: InfiniteSource -> q1 :: Queue -> [0]ps :: StaticPullSwitch(1);
                s2 :: InfiniteSource -> q2 :: Queue -> [1]ps;
                ps -> u :: Unqueue -> d :: Discard;
                """));
    }
}
