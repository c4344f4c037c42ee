package org.jclick.elements.standard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PaintTest
{
    @Test
    void paintSetsAnnotationAndCheckPaintSplits()
    {
        try (StdFixture f = StdFixture.of(
            "InfiniteSource(LIMIT 5, STOP true) -> p :: Paint(7) -> cp :: CheckPaint(7) -> ok :: Counter -> Discard;"
                + " cp[1] -> bad :: Counter -> Discard;"
                + "InfiniteSource(LIMIT 4) -> Paint(3) -> cp2 :: CheckPaint(7) -> ok2 :: Counter -> Discard;"
                + " cp2[1] -> bad2 :: Counter -> Discard;"
                + "InfiniteSource(LIMIT 2) -> Paint(3) -> CheckPaint(7) -> ok3 :: Counter -> Discard;"))
        {
            assertEquals("7", f.read("p.color"));
            f.run();
            assertEquals("5", f.read("ok.count"));
            assertEquals("0", f.read("bad.count"));
            assertEquals("0", f.read("ok2.count"));
            assertEquals("4", f.read("bad2.count"));
            assertEquals("0", f.read("ok3.count"));
            assertEquals(0, f.write("p.color", "200"));
            assertEquals("200", f.read("p.color"));
            assertTrue(f.write("p.color", "256") < 0);
        }
    }

    @Test
    void paintOtherAnnotation()
    {
        try (StdFixture f = StdFixture.of(
            "InfiniteSource(LIMIT 3, STOP true) -> Paint(9, ANNO 40) -> h :: Holder;"))
        {
            f.run();
            final StdFixture.Holder h = f.element("h");
            assertEquals(3, h.packets.size());
            assertEquals(9, h.packets.get(0).annoU8(40));
            assertEquals(0, h.packets.get(0).paintAnno());
        }
        assertFalse(StdFixture.errorsOf("Idle -> Paint(256) -> Discard;").isEmpty());
        assertFalse(StdFixture.errorsOf("Idle -> Paint -> Discard;").isEmpty());
    }

    @Test
    void paintTeeClonesMatchingPackets()
    {
        try (StdFixture f = StdFixture.of(
            "InfiniteSource(LIMIT 4, STOP true) -> Paint(2) -> pt :: PaintTee(2) -> c0 :: Counter -> Discard;"
                + " pt[1] -> c1 :: Counter -> Discard;"
                + "InfiniteSource(LIMIT 3) -> Paint(1) -> pt2 :: PaintTee(2) -> c2 :: Counter -> Discard;"
                + " pt2[1] -> c3 :: Counter -> Discard;"))
        {
            f.run();
            assertEquals("4", f.read("c0.count"));
            assertEquals("4", f.read("c1.count"));
            assertEquals("3", f.read("c2.count"));
            assertEquals("0", f.read("c3.count"));
            assertEquals("2", f.read("pt.color"));
        }
    }

    @Test
    void paintSwitchByColorAndBroadcast()
    {
        try (StdFixture f = StdFixture.of(
            "InfiniteSource(LIMIT 2, STOP true) -> Paint(1) -> ps :: PaintSwitch;"
                + "InfiniteSource(LIMIT 3) -> Paint(255) -> ps;"
                + "InfiniteSource(LIMIT 4) -> Paint(9) -> ps;"
                + "ps[0] -> c0 :: Counter -> Discard; ps[1] -> c1 :: Counter -> Discard; ps[2] -> c2 :: Counter -> Discard;"))
        {
            f.run();
            assertEquals("3", f.read("c0.count"));
            assertEquals("5", f.read("c1.count"));
            assertEquals("3", f.read("c2.count"));
        }
    }
}
