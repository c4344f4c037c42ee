package org.jclick.elements.iplookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ElementRegistry;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketBatch;
import org.jclick.dataplane.runtime.Clock;
import org.jclick.dataplane.runtime.Router;
import org.jclick.dataplane.runtime.RouterLoader;
import org.junit.jupiter.api.Test;

/**
 * The route tables' batch path (one lookup per packet into per-output batches, then one push per output) must send
 * every packet where pushing it alone sends it: same output, same order within the output, same annotation, same
 * no-route count.
 */
class IPLookupBatchTest
{
    private static final String[] CLASSES =
        {"StaticIPLookup", "LinearIPLookup", "RadixIPLookup", "DirectIPLookup", "RangeIPLookup"};

    /** Routes with gateways, nested prefixes, a host route; 8.8.8.8, 172.32/16 and 192.169/16 have no route (no default). */
    private static final String ROUTES = "10.0.0.0/8 0, 10.1.0.0/16 10.1.0.254 1, 10.1.2.3/32 2,"
        + " 192.168.0.0/16 192.168.0.1 2, 172.16.0.0/12 3, 10.9.0.0/16 10.9.0.1 1";

    private static final int[] DESTINATIONS = {
        ip(10, 0, 0, 1), ip(10, 1, 7, 7), ip(10, 1, 2, 3), ip(192, 168, 4, 4), ip(172, 20, 0, 1),
        ip(8, 8, 8, 8), ip(10, 9, 1, 1), ip(172, 32, 0, 1), ip(10, 1, 2, 4), ip(192, 169, 0, 0)};

    /** Keeps what it receives (tests): each packet's id (aggregate annotation) and destination annotation. */
    @ElementDoc(synopsis = "RouteSink", description = "keeps packets (tests)")
    public static final class RouteSink extends Element
    {
        final List<String> seen = new ArrayList<>();
        int batches;

        @Override
        public String portCount()
        {
            return "1/0";
        }

        @Override
        public String processing()
        {
            return PUSH;
        }

        @Override
        public void push(final int port, final Packet p)
        {
            seen.add(p.aggregateAnno() + "@" + Integer.toHexString(p.dstIpAnno()));
            p.kill();
        }

        @Override
        public void pushBatch(final int port, final PacketBatch batch)
        {
            batches++;
            super.pushBatch(port, batch);
        }
    }

    /**
     * Sends a packet back (output 0) the first time it sees it and on (output 1) the second time, by its paint
     * annotation; a batch of first-timers goes back as the same batch object, as batch elements that work in place
     * do (tests).
     */
    @ElementDoc(synopsis = "LoopOnce", description = "loops packets back once (tests)")
    public static final class LoopOnce extends Element
    {
        @Override
        public String portCount()
        {
            return "1/2";
        }

        @Override
        public String processing()
        {
            return PUSH;
        }

        @Override
        public void push(final int port, final Packet p)
        {
            final boolean first = p.paintAnno() == 0;
            p.setPaintAnno(1);
            output(first ? 0 : 1).push(p);
        }

        @Override
        public void pushBatch(final int port, final PacketBatch batch)
        {
            if (!batch.isEmpty() && batch.get(0).paintAnno() == 0)
            {
                for (int i = 0; i < batch.size(); i++)
                {
                    batch.get(i).setPaintAnno(1);
                }
                output(0).pushBatch(batch);
                batch.clear();
                return;
            }
            super.pushBatch(port, batch);
        }
    }

    private static int ip(final int a, final int b, final int c, final int d)
    {
        return a << 24 | b << 16 | c << 8 | d;
    }

    private static Router router(final String config)
    {
        final ElementRegistry registry = ElementRegistry.loadDefault();
        registry.register(RouteSink.class);
        registry.register(LoopOnce.class);
        final ErrorHandler.Buffer errors = new ErrorHandler.Buffer();
        final Router r = RouterLoader.fromText("config", config, Map.of(), registry,
            new Router.Options(Clock.simulated(1_000_000_000L), 1, config, ""), errors);
        if (r == null)
        {
            throw new AssertionError("router could not be initialized:\n" + errors.text());
        }
        return r;
    }

    private static String read(final Router r, final String spec)
    {
        final ErrorHandler.Buffer e = new ErrorHandler.Buffer();
        return r.handler(spec, null, e).callRead("", e);
    }

    private static Packet packet(final Router r, final int id, final int dst)
    {
        final Packet p = r.allocator(0).make(60);
        p.setAggregateAnno(id);
        p.setPaintAnno(0);
        p.setDstIpAnno(dst);
        return p;
    }

    /** Per sink: what it received; then the no-route count; then the sinks' batch counts. */
    private static List<String> run(final String cls, final String extra, final int[] dsts, final boolean batched)
    {
        final Router r = router("i :: Idle -> rt :: " + cls + "(" + ROUTES + ");"
            + " rt[0] -> s0 :: RouteSink; rt[2] -> s2 :: RouteSink;"
            + (extra.contains("rt[1]") ? "" : " rt[1] -> s1 :: RouteSink;")
            + (extra.contains("rt[3]") ? "" : " rt[3] -> s3 :: RouteSink;") + extra);
        try
        {
            final Element rt = r.find("rt");
            if (batched)
            {
                PacketBatch b = new PacketBatch(PacketBatch.MAX_CAPACITY);
                for (int i = 0; i < dsts.length; i++)
                {
                    b.add(packet(r, i, dsts[i]));
                    if (b.isFull())
                    {
                        rt.pushBatch(0, b);
                        assertTrue(b.isEmpty(), "the batch is left empty");
                    }
                }
                rt.pushBatch(0, b);
                assertTrue(b.isEmpty(), "the batch is left empty");
            }
            else
            {
                for (int i = 0; i < dsts.length; i++)
                {
                    rt.push(0, packet(r, i, dsts[i]));
                }
            }
            final List<String> out = new ArrayList<>();
            final StringBuilder batches = new StringBuilder("batches");
            for (int s = 0; s < 4; s++)
            {
                final Element e = r.find("s" + s);
                if (e instanceof RouteSink sink)
                {
                    out.add("s" + s + " " + sink.seen);
                    batches.append(' ').append(sink.batches);
                }
            }
            out.add("noroute " + read(r, "rt.noroute_drops"));
            out.add(batches.toString());
            return out;
        }
        finally
        {
            r.cleanup();
        }
    }

    private static int[] mixed(final int n, final long seed)
    {
        final Random rnd = new Random(seed);
        final int[] d = new int[n];
        for (int i = 0; i < n; i++)
        {
            d[i] = DESTINATIONS[rnd.nextInt(DESTINATIONS.length)];
        }
        return d;
    }

    @Test
    void aBatchGoesWhereItsPacketsGoOneAtATime()
    {
        final int[] dsts = mixed(300, 11); // more than one batch
        for (final String cls : CLASSES)
        {
            final List<String> one = run(cls, "", dsts, false);
            final List<String> many = run(cls, "", dsts, true);
            assertEquals(one.subList(0, one.size() - 1), many.subList(0, many.size() - 1), cls);
            assertTrue(!one.get(one.size() - 2).equals("noroute 0"), cls + ": some packets had no route");
            assertEquals("batches 0 0 0 0", one.get(one.size() - 1), cls);
            // two input batches (256 + 44), each output non-empty in both: one batch per output per input batch
            assertEquals("batches 2 2 2 2", many.get(many.size() - 1), cls + ": one batch per output");
        }
    }

    @Test
    void gatewayAnnotationAndOutputsOfABatch()
    {
        final int[] dsts = {ip(10, 1, 2, 3), ip(10, 1, 7, 7), ip(8, 8, 8, 8), ip(10, 0, 0, 1), ip(192, 168, 9, 9),
            ip(10, 1, 0, 1), ip(172, 16, 0, 9)};
        for (final String cls : CLASSES)
        {
            final List<String> many = run(cls, "", dsts, true);
            assertEquals(List.of("s0 [3@a000001]", "s1 [1@a0100fe, 5@a0100fe]", "s2 [0@a010203, 4@c0a80001]",
                "s3 [6@ac100009]", "noroute 1", "batches 1 1 1 1"), many, cls);
        }
    }

    @Test
    void aBatchReenteringThroughAPushLoopIsRoutedOnce()
    {
        // output 3 leads back into the table with a new destination (routed to output 0): the table's pushBatch
        // is re-entered while it sends its own output batches
        final String loop = " rt[3] -> SetIPAddress(10.0.0.2) -> rt;";
        final int[] dsts = mixed(200, 5);
        for (final String cls : CLASSES)
        {
            final List<String> one = run(cls, loop, dsts, false);
            final List<String> many = run(cls, loop, dsts, true);
            assertEquals(one.size(), many.size(), cls);
            for (int s = 0; s < 3; s++)
            {
                // packets looped back join output 0 later in batch order than one at a time: same packets
                final List<String> a = new ArrayList<>(List.of(one.get(s).replaceAll("[\\[\\]]", "").split(",? ")));
                final List<String> b = new ArrayList<>(List.of(many.get(s).replaceAll("[\\[\\]]", "").split(",? ")));
                Collections.sort(a);
                Collections.sort(b);
                assertEquals(a, b, cls + " s" + s);
            }
            assertEquals(one.get(3), many.get(3), cls + ": same no-route count");
            assertTrue(one.get(0).contains("@a000002"), cls + ": looped packets reach output 0");
            // outputs 1 and 2 get no looped packets: their order is the one-at-a-time order
            assertEquals(one.get(1), many.get(1), cls);
            assertEquals(one.get(2), many.get(2), cls);
        }
    }

    @Test
    void aLoopThatSendsTheSameBatchBackIsRoutedAgainWithoutLosingPackets()
    {
        // output 1's batch comes straight back into the table (the same batch object) and is routed to output 1
        // again: the table must not sort it into the batch it is sending
        final String loop = " rt[1] -> lp :: LoopOnce; lp[0] -> rt; lp[1] -> s1 :: RouteSink;";
        final int[] dsts = mixed(300, 3);
        for (final String cls : CLASSES)
        {
            final List<String> one = run(cls, loop, dsts, false);
            final List<String> many = run(cls, loop, dsts, true);
            assertEquals(one.subList(0, one.size() - 1), many.subList(0, many.size() - 1), cls);
            assertTrue(one.get(1).length() > 100, cls + ": output 1 got packets: " + one.get(1));
        }
    }

    @Test
    void theBatchPathAllocatesNothing()
    {
        final com.sun.management.ThreadMXBean mx =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        final int[] dsts = mixed(32, 9);
        for (final String cls : CLASSES)
        {
            final Router r = router("i :: Idle -> rt :: " + cls + "(" + ROUTES + ", 0/0 3);"
                + " rt[0] -> Discard; rt[1] -> Discard; rt[2] -> Discard; rt[3] -> Discard;");
            try
            {
                final Element rt = r.find("rt");
                final PacketBatch b = new PacketBatch(32);
                long best = Long.MAX_VALUE;
                for (int round = 0; round < 5; round++) // warm up, then take the best round
                {
                    final long before = mx.getCurrentThreadAllocatedBytes();
                    for (int k = 0; k < 5_000; k++)
                    {
                        for (int i = 0; i < dsts.length; i++)
                        {
                            b.add(packet(r, i, dsts[i]));
                        }
                        rt.pushBatch(0, b);
                    }
                    best = Math.min(best, mx.getCurrentThreadAllocatedBytes() - before);
                }
                assertTrue(best < 1024, cls + ": " + best + " bytes for 160,000 packets");
            }
            finally
            {
                r.cleanup();
            }
        }
    }
}
