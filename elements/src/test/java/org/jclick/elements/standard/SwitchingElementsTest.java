package org.jclick.elements.standard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.jclick.dataplane.packet.Packet;
import org.junit.jupiter.api.Test;

/** Bypass, Hub, InputSwitch and RoundRobinSwitch. */
class SwitchingElementsTest
{
    private static List<Integer> paints(final StdFixture.Holder h)
    {
        final List<Integer> out = new ArrayList<>();
        for (final Packet p : h.packets)
        {
            out.add(p.paintAnno());
        }
        return out;
    }

    @Test
    void pushBypassSwitchesOutputsAndRejoinsThroughInput1()
    {
        // Click's Bypass-01: after the third packet the bypass (b[1] -> [1]b) path carries the packets
        try (StdFixture f = StdFixture.of("InfiniteSource(LIMIT 4, STOP true) -> Counter(COUNT_CALL 3 b.active true)"
            + " -> b :: Bypass -> main :: Counter -> Discard; b[1] -> side :: Counter -> [1]b;"))
        {
            f.run();
            assertEquals("4", f.read("main.count"));
            assertEquals("2", f.read("side.count"));
            assertEquals("true", f.read("b.active"));
        }
    }

    @Test
    void pullBypassAnswersFromInput1WhenActive()
    {
        try (StdFixture f = StdFixture.of("InfiniteSource(LIMIT 4, STOP true) -> PullNull"
            + " -> Counter(COUNT_CALL 3 b.active true) -> b :: Bypass -> main :: Counter -> Discard;"
            + " b[1] -> side :: Counter -> [1]b;"))
        {
            f.run();
            assertEquals("4", f.read("main.count"));
            assertEquals("1", f.read("side.count"));
        }
    }

    @Test
    void bypassWithOneOutputStaysOnIt()
    {
        try (StdFixture f = StdFixture.of("InfiniteSource(LIMIT 3, STOP true) -> b :: Bypass(true) -> c :: Counter -> Discard;"))
        {
            f.run();
            assertEquals("3", f.read("c.count"));
        }
    }

    @Test
    void bypassActiveHandlerAndKeywords()
    {
        try (StdFixture f = StdFixture.of("Idle -> b :: Bypass(ACTIVE true, INLINE true) -> Discard; b[1] -> Discard;"))
        {
            assertEquals("true", f.read("b.active"));
            assertEquals(0, f.write("b.active", "false"));
            assertEquals("false", f.read("b.active"));
            assertTrue(f.write("b.active", "maybe") < 0);
        }
        assertTrue(StdFixture.errorsOf("Idle -> Bypass(FOO 1) -> Discard;").contains("FOO"));
    }

    @Test
    void hubFloodsEveryOutputButTheInputsOwn()
    {
        try (StdFixture f = StdFixture.of("h :: Hub;"
            + " InfiniteSource(LIMIT 1, STOP true) -> Paint(7) -> [1]h;"
            + " Idle -> [0]h; Idle -> [2]h;"
            + " h[0] -> a :: Holder; h[1] -> b :: Holder; h[2] -> c :: Holder;"))
        {
            f.run();
            final StdFixture.Holder a = f.element("a");
            final StdFixture.Holder b = f.element("b");
            final StdFixture.Holder c = f.element("c");
            assertEquals(List.of(7), paints(a));
            assertEquals(List.of(), paints(b));
            assertEquals(List.of(7), paints(c));
        }
    }

    @Test
    void hubWithOnePortDrops()
    {
        try (StdFixture f = StdFixture.of("InfiniteSource(LIMIT 2, STOP true) -> h :: Hub -> c :: Counter -> Discard;"))
        {
            f.run();
            assertEquals("0", f.read("c.count"));
        }
    }

    @Test
    void inputSwitchAcceptsOneInput()
    {
        try (StdFixture f = StdFixture.of("s :: InputSwitch(1);"
            + " InfiniteSource(LIMIT 3) -> Paint(1) -> [0]s;"
            + " InfiniteSource(LIMIT 2) -> Paint(2) -> [1]s;"
            + " s -> h :: Holder;"))
        {
            f.runUntil(1);
            assertEquals(List.of(2, 2), paints(f.element("h")));
            assertEquals("1", f.read("s.switch"));
            assertEquals("1", f.read("s.config"));
            assertEquals(0, f.write("s.switch", "5"));
            assertEquals("-1", f.read("s.switch"));
            assertEquals(0, f.write("s.switch", "0"));
            assertEquals("0", f.read("s.switch"));
            assertTrue(f.write("s.switch", "x") < 0);
        }
        assertTrue(StdFixture.errorsOf("Idle -> s :: InputSwitch(2) -> Discard; Idle -> [1]s;")
            .contains("input must be < 2"));
        // Click's keyword is OUTPUT (InputSwitch's Args reads it so)
        assertEquals("", StdFixture.errorsOf("Idle -> s :: InputSwitch(OUTPUT -1) -> Discard;"));
    }

    @Test
    void roundRobinSwitchCyclesOutputs()
    {
        try (StdFixture f = StdFixture.of("InfiniteSource(LIMIT 7, STOP true) -> s :: RoundRobinSwitch;"
            + " s[0] -> a :: Counter -> Discard; s[1] -> b :: Counter -> Discard; s[2] -> c :: Counter -> Discard;"))
        {
            f.run();
            assertEquals("3", f.read("a.count"));
            assertEquals("2", f.read("b.count"));
            assertEquals("2", f.read("c.count"));
        }
        try (StdFixture f = StdFixture.of("InfiniteSource(LIMIT 7, STOP true) -> s :: RoundRobinSwitch(2);"
            + " s[0] -> a :: Counter -> Discard; s[1] -> b :: Counter -> Discard; s[2] -> c :: Counter -> Discard;"))
        {
            f.run();
            assertEquals("4", f.read("a.count"));
            assertEquals("3", f.read("b.count"));
            assertEquals("0", f.read("c.count"));
        }
        try (StdFixture f = StdFixture.of("InfiniteSource(LIMIT 6, STOP true) -> s :: RoundRobinSwitch(3);"
            + " s[0] -> a :: Counter -> Discard; s[1] -> b :: Counter -> Discard;"))
        {
            f.run();
            assertEquals("2", f.read("a.count"));
            assertEquals("2", f.read("b.count"), "packets for the missing output 2 are dropped");
        }
    }
}
