package org.jclick.elements.queues;

import static org.jclick.elements.queues.QueueTestSupport.runFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.packet.Packet;
import org.jclick.elements.RouterFixture;
import org.junit.jupiter.api.Test;

class SchedulerTest
{
    /** Pulls {@code n} times from {@code name}'s output 0; each packet's first byte (or -1 for none). */
    static List<Integer> pullBytes(final RouterFixture f, final String name, final int n)
    {
        final Element e = f.router().find(name);
        final List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++)
        {
            final Packet p = e.pull(0);
            if (p == null)
            {
                out.add(-1);
            }
            else
            {
                out.add(p.u8(0));
                p.kill();
            }
        }
        return out;
    }

    private static final String TWO_QUEUES = """
        InfiniteSource(\\<11>, LIMIT 3) -> q0 :: Queue -> [0] s;
        InfiniteSource(\\<22>, LIMIT 3) -> q1 :: Queue -> [1] s;
        s -> Discard(ACTIVE false);
        """;

    @Test
    void prioSchedEmptiesInputZeroFirst()
    {
        try (RouterFixture f = RouterFixture.simtime("s :: PrioSched;\n" + TWO_QUEUES))
        {
            runFor(f, 0.01);
            assertEquals(List.of(0x11, 0x11, 0x11, 0x22, 0x22, 0x22, -1), pullBytes(f, "s", 7));
        }
    }

    @Test
    void roundRobinSchedAlternates()
    {
        try (RouterFixture f = RouterFixture.simtime("s :: RoundRobinSched;\n" + TWO_QUEUES))
        {
            runFor(f, 0.01);
            assertEquals(List.of(0x11, 0x22, 0x11, 0x22, 0x11, 0x22, -1), pullBytes(f, "s", 7));
        }
    }

    @Test
    void strideSchedSharesByTickets()
    {
        // Click's StrideSched-01
        try (RouterFixture f = RouterFixture.simtime("""
            i1 :: InfiniteSource(\\<11>, LIMIT 10)
            i2 :: InfiniteSource(\\<22>, LIMIT 10)
            i3 :: InfiniteSource(\\<33>, LIMIT 10)
            ss :: StrideSched(4, 2, 1)
            i1 -> [0] ss; i2 -> [1]ss; i3 -> [2]ss
            ss -> Discard(ACTIVE false)
            """))
        {
            final List<Integer> expect = List.of(
                0x11, 0x11, 0x22, 0x11, 0x11, 0x22, 0x33, 0x11, 0x11, 0x22, 0x11, 0x11, 0x22, 0x33, 0x11, 0x11,
                0x22, 0x22, 0x33, 0x22, 0x22, 0x33, 0x22, 0x22, 0x33, 0x33, 0x33, 0x33, 0x33, 0x33, -1);
            assertEquals(expect, pullBytes(f, "ss", 31));
            assertEquals("4", f.read("ss.tickets0"));
        }
    }

    @Test
    void strideSchedArgumentCountMustMatchInputs()
    {
        final String e = RouterFixture.errorsOf(
            "i1 :: InfiniteSource -> [0] ss :: StrideSched(1, 2, 3); InfiniteSource -> [1] ss; ss -> Discard;");
        assertEquals(true, e.contains("need 2 arguments"), e);
    }

    @Test
    void pullSwitchFollowsSwitchHandler()
    {
        try (RouterFixture f = RouterFixture.simtime("s :: PullSwitch;\n" + TWO_QUEUES))
        {
            runFor(f, 0.01);
            assertEquals(List.of(0x11), pullBytes(f, "s", 1));
            assertEquals(0, f.write("s.switch", "1"));
            assertEquals("1", f.read("s.switch"));
            assertEquals(List.of(0x22, 0x22), pullBytes(f, "s", 2));
            assertEquals(0, f.write("s.switch", "-1"));
            assertEquals(List.of(-1), pullBytes(f, "s", 1));
            assertEquals(0, f.write("s.switch", "0"));
            assertEquals(List.of(0x11, 0x11, -1), pullBytes(f, "s", 3));
        }
        try (RouterFixture f = RouterFixture.simtime("s :: SimplePullSwitch(1);\n" + TWO_QUEUES))
        {
            runFor(f, 0.01);
            assertEquals(List.of(0x22, 0x22, 0x22, -1), pullBytes(f, "s", 4));
        }
    }

    @Test
    void pullSwitchNotifierWakesTaskWhenSwitched()
    {
        // the Unqueue sleeps on PullSwitch's notifier while the selected input (1) is empty
        try (RouterFixture f = RouterFixture.simtime("""
            InfiniteSource(LIMIT 5) -> q0 :: Queue -> [0] s :: PullSwitch(1);
            InfiniteSource(LIMIT 0) -> q1 :: Queue -> [1] s;
            s -> u :: Unqueue -> c :: Counter -> Discard;
            """))
        {
            runFor(f, 0.03, QueueTestSupport.at(0.01, () ->
            {
                assertEquals("0", f.read("c.count"));
                assertEquals("false", f.read("u.scheduled"));
                f.write("s.switch", "0");
            }));
            assertEquals("5", f.read("c.count"));
            assertEquals("false", f.read("u.scheduled"));
        }
    }

    @Test
    void prioSchedPassesUpstreamNotifiersToUnqueue()
    {
        try (RouterFixture f = RouterFixture.simtime("""
            InfiniteSource(LIMIT 4) -> q0 :: Queue -> [0] s :: PrioSched;
            InfiniteSource(LIMIT 6) -> q1 :: Queue -> [1] s;
            s -> u :: Unqueue(BURST 8) -> c :: Counter -> Discard;
            """))
        {
            runFor(f, 0.01);
            assertEquals("10", f.read("c.count"));
            assertEquals("false", f.read("u.scheduled"));
        }
    }

    @Test
    void timeSortedSchedMergesByTimestamp()
    {
        try (RouterFixture f = RouterFixture.simtime("""
            InfiniteSource(ACTIVE false) -> a :: Queue -> [0] t :: TimeSortedSched;
            InfiniteSource(ACTIVE false) -> b :: Queue -> [1] t;
            t -> Discard(ACTIVE false);
            """))
        {
            final long[][] stamps = {{10, 30, 50}, {20, 25, 60}};
            final String[] names = {"a", "b"};
            for (int q = 0; q < 2; q++)
            {
                final org.jclick.dataplane.element.Element e = f.router().find(names[q]);
                for (final long ts : stamps[q])
                {
                    final Packet p = f.router().allocatorFor(e).make(1);
                    p.setU8(0, (int)ts);
                    p.setTimestampNs(ts);
                    e.push(0, p);
                }
            }
            assertEquals(List.of(10, 20, 25, 30, 50, 60, -1), pullBytes(f, "t", 7));
        }
    }

    /** Pushes packets with the given timestamps (and first byte) into queues a and b, then pulls t. */
    private static List<Integer> mergeThrough(final String tss, final long[][] stamps, final int pulls,
        final RouterFixture f)
    {
        final String[] names = {"a", "b"};
        for (int q = 0; q < stamps.length; q++)
        {
            final org.jclick.dataplane.element.Element e = f.router().find(names[q]);
            for (final long ts : stamps[q])
            {
                final Packet p = f.router().allocatorFor(e).make(1);
                p.setU8(0, (int)ts);
                p.setTimestampNs(ts);
                e.push(0, p);
            }
        }
        return pullBytes(f, "t", pulls);
    }

    private static final String TSS_TWO_QUEUES = """
        InfiniteSource(ACTIVE false) -> a :: Queue -> [0] t :: TimeSortedSched(%s);
        InfiniteSource(ACTIVE false) -> b :: Queue -> [1] t;
        t -> Discard(ACTIVE false);
        """;

    @Test
    void timeSortedSchedBufferCorrectsSmallReorderings()
    {
        // input a is out of order by two places; BUFFER 3 sorts it, BUFFER 1 cannot
        final long[][] stamps = {{30, 20, 10, 40}, {25, 35}};
        try (RouterFixture f = RouterFixture.simtime(TSS_TWO_QUEUES.formatted("BUFFER 3")))
        {
            assertEquals(List.of(10, 20, 25, 30, 35, 40, -1), mergeThrough("", stamps, 7, f));
            assertEquals("true", f.read("t.well_ordered"));
        }
        try (RouterFixture f = RouterFixture.simtime(TSS_TWO_QUEUES.formatted("BUFFER 1")))
        {
            assertEquals(List.of(25, 30, 20, 10, 35, 40, -1), mergeThrough("", stamps, 7, f));
            assertEquals("false", f.read("t.well_ordered"));
        }
        final String e = RouterFixture.errorsOf(TSS_TWO_QUEUES.formatted("BUFFER 0"));
        assertTrue(e.contains("BUFFER must be at least 1"), e);
    }

    @Test
    void timeSortedSchedStopsOnceEveryNotifyingSourceIsDone()
    {
        // Queues have empty notifiers: once both are drained for good, STOP stops the driver (a source without a
        // notifier would make its input's signal busy, and TimeSortedSched, as Click's, would never stop)
        try (RouterFixture f = RouterFixture.simtime("""
            a :: InfiniteSource(LIMIT 3, STOP false) -> qa :: Queue -> [0] t :: TimeSortedSched(STOP true);
            b :: InfiniteSource(LIMIT 2, STOP false) -> qb :: Queue -> [1] t;
            t -> u :: Unqueue -> c :: Counter -> Discard;
            """))
        {
            final long start = f.router().nowNs();
            runFor(f, 100);
            assertEquals("5", f.read("c.count"));
            assertTrue(f.router().nowNs() - start < 50_000_000_000L, "STOP did not stop the driver");
        }
    }
}
