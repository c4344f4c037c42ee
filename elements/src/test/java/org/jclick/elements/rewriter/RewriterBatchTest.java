package org.jclick.elements.rewriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketBatch;
import org.junit.jupiter.api.Test;

/**
 * The rewriters' batch path looks every packet's flow up before it processes any (a look-ahead that overlaps the
 * table's cache misses). A flow made or destroyed by an earlier packet of the same batch must be seen by the later
 * ones: the batch path must give exactly what pushing the packets one at a time gives.
 */
class RewriterBatchTest
{
    private static final byte[] DATA = "batch".getBytes(StandardCharsets.US_ASCII);

    private record Flow(int proto, String src, int sport, String dst, int dport)
    {
    }

    private static RwFixture nat(final String args)
    {
        return RwFixture.of("i :: Idle; rw :: IPRewriter(" + args + "); i -> [0]rw; i[1] -> [1]rw;"
            + "rw[0] -> out :: Sink; rw[1] -> back :: Sink;");
    }

    /** What leaves output 0 ("flow" text of each packet, in order) when {@code flows} are pushed in batches. */
    private static List<String> run(final String args, final List<Flow> warm, final List<Flow> flows,
        final boolean batched, final StringBuilder tableSize)
    {
        try (RwFixture f = nat(args))
        {
            final RewriterBase rw = f.element("rw");
            for (final Flow w : warm)
            {
                rw.push(0, f.packet(w.proto, w.src, w.sport, w.dst, w.dport, DATA));
            }
            // past the mappings' guarantee (5 s), so that capacity may evict them
            f.at(10);
            final RwFixture.Sink out = f.sink("out");
            out.cleanup(null);
            if (batched)
            {
                final PacketBatch batch = new PacketBatch(32);
                for (final Flow w : flows)
                {
                    batch.add(f.packet(w.proto, w.src, w.sport, w.dst, w.dport, DATA));
                }
                rw.pushBatch(0, batch);
            }
            else
            {
                for (final Flow w : flows)
                {
                    rw.push(0, f.packet(w.proto, w.src, w.sport, w.dst, w.dport, DATA));
                }
            }
            final List<String> seen = new ArrayList<>();
            for (Packet p = out.take(); p != null; p = out.take())
            {
                seen.add(RwFixture.flow(RwFixture.bytes(p)));
                p.kill();
            }
            tableSize.append(f.read("rw.table_size"));
            return seen;
        }
    }

    @Test
    void aFlowMadeByAnEarlierPacketOfTheBatchIsUsedByTheLaterOnes()
    {
        final Flow a = new Flow(6, "10.0.0.1", 1000, "8.8.8.8", 80);
        final Flow b = new Flow(17, "10.0.0.2", 2000, "8.8.4.4", 53);
        final List<Flow> flows = List.of(a, a, b, a, b, b);
        final StringBuilder single = new StringBuilder();
        final StringBuilder batched = new StringBuilder();
        final List<String> one = run("pattern 1.0.0.1 1024-65535# - - 0 1, drop", List.of(), flows, false, single);
        final List<String> many = run("pattern 1.0.0.1 1024-65535# - - 0 1, drop", List.of(), flows, true, batched);
        assertEquals(one, many);
        assertEquals(6, many.size());
        assertEquals("2", batched.toString(), "one mapping per flow, not one per packet");
        assertEquals(many.get(0), many.get(1));
    }

    @Test
    void aFlowDestroyedByAnEarlierPacketOfTheBatchIsLookedUpAgain()
    {
        // capacity 2: x and y exist; z's mapping evicts x (the earliest to expire), so x's packet later in the
        // same batch must get a new mapping (a new port), not the evicted flow's
        final Flow x = new Flow(17, "10.0.0.1", 1111, "9.9.9.9", 53);
        final Flow y = new Flow(17, "10.0.0.2", 2222, "9.9.9.9", 53);
        final Flow z = new Flow(17, "10.0.0.3", 3333, "9.9.9.9", 53);
        final Flow w = new Flow(17, "10.0.0.4", 4444, "9.9.9.9", 53);
        final String args = "pattern 1.0.0.1 1024-65535# - - 0 1, drop, MAPPING_CAPACITY 2";
        final List<Flow> flows = List.of(z, x, y, w, x);
        final StringBuilder single = new StringBuilder();
        final StringBuilder batched = new StringBuilder();
        final List<String> one = run(args, List.of(x, y), flows, false, single);
        final List<String> many = run(args, List.of(x, y), flows, true, batched);
        assertEquals(one, many);
        assertEquals(single.toString(), batched.toString());
        assertEquals(List.of("1.0.0.1:1026 > 9.9.9.9:53", "1.0.0.1:1027 > 9.9.9.9:53"), many.subList(0, 2),
            "z evicted x, so x was mapped anew");
    }
}
