package org.jclick.elements.standard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketType;
import org.junit.jupiter.api.Test;

/** HashSwitch, RandomSwitch, StrideSwitch (one packet at a time and by batches), and SetPacketType. */
class OutputChooserTest
{
    /** A source of {@code n} four-byte packets, pushed {@code burst} at a time. */
    private static String source(final int n, final int burst)
    {
        return "InfiniteSource(DATA \\<00 00 00 00>, LIMIT " + n + ", BURST " + burst + ", STOP true)";
    }

    /** Click's hash: the sum d of the bytes; (d ^ (d >> 4)) & (n - 1) for 2, 4 or 8 outputs, else d % n. */
    private static int clickHash(final int[] bytes, final int n)
    {
        int d = 0;
        for (final int b : bytes)
        {
            d += b;
        }
        return n == 2 || n == 4 || n == 8 ? (d ^ (d >> 4)) & (n - 1) : d % n;
    }

    @Test
    void hashSwitchUsesClicksHashOverTheGivenBytes()
    {
        final int[][] datas = {{0x12, 0x34, 0x56, 0x78}, {0xff, 0xff, 0x01, 0x00}, {0x00, 0x00, 0x00, 0x09},
            {0xab, 0xcd, 0xef, 0x01}, {0x40, 0x00, 0x00, 0x00}};
        for (final int outputs : new int[] {2, 3, 4, 5, 8})
        {
            final StringBuilder cfg = new StringBuilder("h :: HashSwitch(0, 4);\n");
            for (int i = 0; i < datas.length; i++)
            {
                cfg.append(String.format("InfiniteSource(DATA \\<%02x %02x %02x %02x ee>, LIMIT 1, STOP true) -> h;%n",
                    datas[i][0], datas[i][1], datas[i][2], datas[i][3]));
            }
            for (int o = 0; o < outputs; o++)
            {
                cfg.append(" h[").append(o).append("] -> c").append(o).append(" :: Counter -> Discard;");
            }
            try (StdFixture f = StdFixture.of(cfg.toString()))
            {
                f.run();
                final int[] expected = new int[outputs];
                for (final int[] d : datas)
                {
                    expected[clickHash(d, outputs)]++;
                }
                for (int o = 0; o < outputs; o++)
                {
                    assertEquals(Integer.toString(expected[o]), f.read("c" + o + ".count"), outputs + " outputs, " + o);
                }
            }
        }
    }

    @Test
    void hashSwitchSendsShortPacketsToOutput0AndRejectsZeroLength()
    {
        try (StdFixture f = StdFixture.of("InfiniteSource(DATA \\<ff ff>, LIMIT 3, STOP true) -> h :: HashSwitch(1, 4);"
            + " h[0] -> a :: Counter -> Discard; h[1] -> b :: Counter -> Discard;"))
        {
            f.run();
            assertEquals("3", f.read("a.count"));
            assertEquals("0", f.read("b.count"));
        }
        assertTrue(StdFixture.errorsOf("Idle -> HashSwitch(0, 0) -> Discard;").contains("length must be > 0"));
        assertTrue(StdFixture.errorsOf("Idle -> HashSwitch(0) -> Discard;").contains("LENGTH"));
    }

    @Test
    void strideSwitchSharesByTicketsOneByOneAndByBatches()
    {
        for (final int burst : new int[] {1, 8})
        {
            try (StdFixture f = StdFixture.of(source(40, burst) + " -> s :: StrideSwitch(3, 1, 0);"
                + " s[0] -> a :: Counter -> Discard; s[1] -> b :: Counter -> Discard; s[2] -> c :: Counter -> Discard;"))
            {
                f.run();
                assertEquals("30", f.read("a.count"), "burst " + burst);
                assertEquals("10", f.read("b.count"), "burst " + burst);
                assertEquals("0", f.read("c.count"), "burst " + burst);
                assertEquals("3", f.read("s.tickets0"));
            }
        }
        // the order: three to output 0, then one to output 1 (stride 65536/3 against 65536)
        try (StdFixture f = StdFixture.of("InfiniteSource(DATA \\<00>, LIMIT 8, STOP true) -> s :: StrideSwitch(3, 1);"
            + " s[0] -> Paint(0) -> h :: Holder; s[1] -> Paint(1) -> h;"))
        {
            f.run();
            final StdFixture.Holder h = f.element("h");
            final List<Integer> order = new ArrayList<>();
            for (final Packet p : h.packets)
            {
                order.add(p.paintAnno());
            }
            assertEquals(List.of(0, 0, 0, 1, 0, 0, 0, 1), order);
        }
        assertTrue(StdFixture.errorsOf("Idle -> s :: StrideSwitch(1); s[1] -> Discard; s[0] -> Discard;")
            .contains("need 2 arguments, one per output"));
    }

    @Test
    void strideSwitchWithoutTicketsDropsAndCounts()
    {
        try (StdFixture f = StdFixture.of(source(5, 1) + " -> s :: StrideSwitch(0) -> Discard;"))
        {
            f.run();
            assertEquals("5", f.read("s.drops"));
        }
        try (StdFixture f = StdFixture.of(source(6, 1) + " -> s :: StrideSwitch(0, 1);"
            + " s[0] -> a :: Counter -> Discard; s[1] -> b :: Counter -> Discard;"))
        {
            assertEquals(0, f.write("s.tickets0", "1"));
            f.run();
            assertEquals("3", f.read("a.count"));
            assertEquals("3", f.read("b.count"));
        }
    }

    @Test
    void randomSwitchIsRoughlyUniformAndRepeatable()
    {
        final String config = source(4000, 16) + " -> r :: RandomSwitch;"
            + " r[0] -> a :: Counter -> Discard; r[1] -> b :: Counter -> Discard; r[2] -> c :: Counter -> Discard;";
        final List<String> first = new ArrayList<>();
        for (int run = 0; run < 2; run++)
        {
            try (StdFixture f = StdFixture.of(config))
            {
                f.run();
                final List<String> counts = List.of(f.read("a.count"), f.read("b.count"), f.read("c.count"));
                long sum = 0;
                for (final String c : counts)
                {
                    final long v = Long.parseLong(c);
                    assertTrue(v > 1100 && v < 1570, counts.toString());
                    sum += v;
                }
                assertEquals(4000, sum);
                if (run == 0)
                {
                    first.addAll(counts);
                }
                else
                {
                    assertEquals(first, counts, "a fixed seed: the same split every run");
                }
            }
        }
    }

    @Test
    void splittingBatchesAllocatesNothing()
    {
        try (StdFixture f = StdFixture.of("Idle -> h :: HashSwitch(0, 4) -> s :: StrideSwitch(1, 2, 3);"
            + " h[1] -> r :: RandomSwitch; r[0] -> Discard; r[1] -> Discard; s[1] -> Discard; s[2] -> Discard;"
            + " s[0] -> Discard;"))
        {
            final org.jclick.dataplane.element.Element h = f.element("h");
            final org.jclick.dataplane.packet.PacketAllocator a = f.router().allocatorFor(h);
            final org.jclick.dataplane.packet.PacketBatch batch =
                new org.jclick.dataplane.packet.PacketBatch(org.jclick.dataplane.packet.PacketBatch.MAX_CAPACITY);
            final byte[] data = {1, 2, 3, 4, 5, 6, 7, 8};
            final com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
            long best = Long.MAX_VALUE;
            for (int round = 0; round < 5; round++)
            {
                final long before = mx.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 2_000; i++)
                {
                    for (int k = 0; k < 32; k++)
                    {
                        data[0] = (byte)k;
                        batch.add(a.make(data, 0, data.length));
                    }
                    h.pushBatch(0, batch);
                }
                best = Math.min(best, mx.getCurrentThreadAllocatedBytes() - before);
            }
            assertTrue(best < 4_000, "allocated " + best + " bytes for 64,000 packets");
        }
    }

    @Test
    void setPacketTypeSetsTheAnnotationThatDropBroadcastsReads()
    {
        try (StdFixture f = StdFixture.of(source(3, 1) + " -> t :: SetPacketType(broadcast) -> DropBroadcasts"
            + " -> c :: Counter -> Discard;"))
        {
            assertEquals("BROADCAST", f.read("t.type"));
            f.run();
            assertEquals("0", f.read("c.count"));
        }
        try (StdFixture f = StdFixture.of(source(2, 1) + " -> t :: SetPacketType(OTHERHOST) -> h :: Holder;"))
        {
            f.run();
            final StdFixture.Holder h = f.element("h");
            assertEquals(2, h.packets.size());
            assertEquals(PacketType.OTHERHOST, h.packets.get(0).packetType());
            assertEquals(0, f.write("t.type", "loopback"));
            assertEquals("LOOPBACK", f.read("t.type"));
        }
        assertTrue(StdFixture.errorsOf("Idle -> SetPacketType(NOWHERE) -> Discard;").contains("bad packet type"));
    }
}
