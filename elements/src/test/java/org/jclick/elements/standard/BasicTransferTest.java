package org.jclick.elements.standard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jclick.dataplane.packet.Packet;
import org.junit.jupiter.api.Test;

class BasicTransferTest
{
    @Test
    void idleAcceptsAnyPortLayout()
    {
        // Click's Idle-01: inline port layout
        assertEquals("", StdFixture.errorsOf("i, j :: Idle; i[0] -> [0]j; i[1] -> [1]j; i[2] -> [2]j; i[3] -> [3]j;"));
    }

    @Test
    void idleKillsPushedPacketsAndNeverGivesAny()
    {
        try (StdFixture f = StdFixture.of(
            "RatedSource(RATE 1000, LIMIT 7, STOP true) -> c :: Counter -> Idle; Idle -> c2 :: Counter -> d :: Discard;"))
        {
            f.run();
            assertEquals("7", f.read("c.count"));
            assertEquals("0", f.read("c2.count"));
            assertEquals("0", f.read("d.count"));
        }
    }

    @Test
    void idleFullNotifierPutsPushSourceToSleep()
    {
        try (StdFixture f = StdFixture.of("s :: InfiniteSource -> c :: Counter -> Idle;"))
        {
            f.runUntil(1);
            assertEquals("0", f.read("c.count"));
            assertEquals("false", f.read("s.scheduled"));
        }
    }

    @Test
    void nullPassesPacketsInPush()
    {
        try (StdFixture f = StdFixture.of(
            "InfiniteSource(LIMIT 5, STOP true) -> Null -> PushNull -> c :: Counter -> Discard;"))
        {
            f.run();
            assertEquals("5", f.read("c.count"));
        }
    }

    @Test
    void nullPassesPacketsInPull()
    {
        try (StdFixture f = StdFixture.of(
            "InfiniteSource(LIMIT 3) -> PullNull -> Null -> c2 :: Counter(COUNT_CALL 3 stop) -> d :: Discard;"))
        {
            f.run();
            assertEquals("3", f.read("c2.count"));
            assertEquals("3", f.read("d.count"));
        }
    }

    @Test
    void teeSendsCopiesToEveryOutputAndTheOriginalLast()
    {
        try (StdFixture f = StdFixture.of(
            "InfiniteSource(LIMIT 4, STOP true) -> t :: Tee; t[0] -> a :: Holder; t[1] -> b :: Holder; t[2] -> c :: Holder;"))
        {
            f.run();
            final StdFixture.Holder a = f.element("a");
            final StdFixture.Holder b = f.element("b");
            final StdFixture.Holder c = f.element("c");
            assertEquals(4, a.packets.size());
            assertEquals(4, b.packets.size());
            assertEquals(4, c.packets.size());
            final Packet pa = a.packets.get(0);
            final Packet pc = c.packets.get(0);
            assertNotSame(pa, pc);
            // clones share the buffer until written
            assertTrue(pa.shared());
            assertEquals(pa.bufferIndex(), pc.bufferIndex());
            assertEquals(pa.u8(0), pc.u8(0));
            final int before = pc.u8(0);
            final Packet w = pa.uniqueify();
            w.setU8(0, before ^ 0xFF);
            assertNotEquals(w.bufferIndex(), pc.bufferIndex());
            assertEquals(before, pc.u8(0));
            assertEquals(before ^ 0xFF, w.u8(0));
            a.packets.set(0, w);
        }
    }

    @Test
    void teeNMustMatchOutputs()
    {
        assertEquals("", StdFixture.errorsOf("Idle -> t :: Tee(2); t[0] -> Discard; t[1] -> Discard;"));
        assertFalse(StdFixture.errorsOf("Idle -> t :: Tee(3); t[0] -> Discard; t[1] -> Discard;").isEmpty());
    }

    @Test
    void pullTeePushesClonesWhenPulled()
    {
        try (StdFixture f = StdFixture.of(
            "InfiniteSource(LIMIT 6) -> t :: PullTee -> c :: Counter(COUNT_CALL 6 stop) -> Discard; t[1] -> h :: Holder;"))
        {
            f.run();
            assertEquals("6", f.read("c.count"));
            final StdFixture.Holder h = f.element("h");
            assertEquals(6, h.packets.size());
            assertEquals(69, h.packets.get(0).length());
        }
    }

    @Test
    void switchHandlerRedirectsAndNegativeDrops()
    {
        try (StdFixture f = StdFixture.of(
            "i :: InfiniteSource(LIMIT 3, STOP true) -> s :: Switch(1); s[0] -> c0 :: Counter -> Discard;"
                + " s[1] -> c1 :: Counter -> Discard;"))
        {
            assertEquals("1", f.read("s.switch"));
            f.run();
            assertEquals("0", f.read("c0.count"));
            assertEquals("3", f.read("c1.count"));
            assertEquals(0, f.write("s.switch", "0"));
            assertEquals("0", f.read("s.switch"));
            assertEquals(0, f.write("s.switch", "5"));
            assertEquals("-1", f.read("s.switch"));
            assertTrue(f.write("s.switch", "x") < 0);
        }
    }

    @Test
    void switchAfterWriteSendsToNewOutput()
    {
        try (StdFixture f = StdFixture.of(
            "i :: InfiniteSource(LIMIT 4, ACTIVE false, STOP true) -> s :: Switch(-1); s[0] -> c0 :: Counter -> Discard;"
                + " s[1] -> c1 :: Counter -> Discard;"))
        {
            assertEquals("-1", f.read("s.switch"));
            f.write("s.switch", "0");
            f.write("i.active", "true");
            f.run();
            assertEquals("4", f.read("c0.count"));
            assertEquals("0", f.read("c1.count"));
        }
    }

    @Test
    void staticSwitch()
    {
        try (StdFixture f = StdFixture.of(
            "InfiniteSource(LIMIT 3, STOP true) -> s :: StaticSwitch(1); s[0] -> c0 :: Counter -> Discard;"
                + " s[1] -> c1 :: Counter -> Discard;"
                + "InfiniteSource(LIMIT 2) -> StaticSwitch(-1) -> c2 :: Counter -> Discard;"))
        {
            f.run();
            assertEquals("0", f.read("c0.count"));
            assertEquals("3", f.read("c1.count"));
            assertEquals("0", f.read("c2.count"));
        }
        assertFalse(StdFixture.errorsOf("Idle -> StaticSwitch -> Discard;").isEmpty());
    }
}
