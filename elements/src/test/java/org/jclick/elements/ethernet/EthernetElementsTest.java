package org.jclick.elements.ethernet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import org.jclick.elements.RouterFixture;
import org.junit.jupiter.api.Test;

class EthernetElementsTest
{
    private static String run(final String config, final Consumer<RouterFixture> check)
    {
        final PrintStream old = System.err;
        final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.ISO_8859_1));
        try (RouterFixture f = RouterFixture.simtime(config))
        {
            f.run();
            if (check != null)
            {
                check.accept(f);
            }
        }
        finally
        {
            System.setErr(old);
        }
        return buf.toString(StandardCharsets.ISO_8859_1);
    }

    private static String src(final String hex)
    {
        return "InfiniteSource(DATA \\<" + hex + ">, LIMIT 1, STOP true)";
    }

    @Test
    void etherEncapAndHandlers()
    {
        assertEquals("a:   18 | 02020202 02020101 01010101 0800aaab acad\n",
            run(src("aaabacad") + " -> EtherEncap(0x0800, 1:1:1:1:1:1, 2:2:2:2:2:2) -> Print(a) -> Discard;", null));
        try (RouterFixture f = RouterFixture.simtime(
            "Idle -> e :: EtherEncap(0x0800, 1:1:1:1:1:1, 2:2:2:2:2:2) -> Idle;"))
        {
            assertEquals("2048", f.read("e.ethertype"));
            assertEquals(0, f.write("e.ethertype", "0x86dd"));
            assertEquals("34525", f.read("e.ethertype"));
            assertEquals("01:01:01:01:01:01", f.read("e.src"));
            assertEquals(0, f.write("e.dst", "00:0a:95:9d:68:16"));
            assertEquals("00:0a:95:9d:68:16", f.read("e.dst"));
            assertTrue(f.write("e.dst", "nonsense") < 0);
        }
        assertTrue(RouterFixture.errorsOf("Idle -> EtherEncap(0x0800, 1:1:1:1:1:1) -> Idle;").contains("DST"));
    }

    @Test
    void rewriteAndStore()
    {
        final String frame = "02020202020201010101010108004500";
        assertEquals("a:   16 | 0a0b0c0d 0e0f0102 03040506 08004500\n", run(src(frame)
            + " -> EtherRewrite(1:2:3:4:5:6, a:b:c:d:e:f) -> Print(a) -> Discard;", null));
        assertEquals("a:   16 | 02020202 02020a0b 0c0d0e0f 08004500\n", run(src(frame)
            + " -> StoreEtherAddress(a:b:c:d:e:f, src) -> Print(a) -> Discard;", null));
        run(src("0102") + " -> s :: StoreEtherAddress(a:b:c:d:e:f, dst) -> c :: Counter -> Discard;"
            + " s[1] -> c1 :: Counter -> Discard;", f ->
            {
                assertEquals("0", f.read("c.count"));
                assertEquals("1", f.read("c1.count"));
                assertEquals("1", f.read("s.drops"));
            });
        run(src("0102") + " -> r :: EtherRewrite(1:2:3:4:5:6, a:b:c:d:e:f) -> c :: Counter -> Discard;", f ->
            assertEquals("1", f.read("r.drops")));
    }

    @Test
    void hostEtherFilterClassifiesAndDropBroadcastsDrops()
    {
        final String me = "00:0a:95:9d:68:16";
        final String toMe = "000a959d6816" + "020202020202" + "0800";
        final String bcast = "ffffffffffff" + "020202020202" + "0800";
        final String mcast = "01005e000001" + "020202020202" + "0800";
        final String other = "020202020203" + "020202020202" + "0800";
        final String fromMe = "ffffffffffff" + "000a959d6816" + "0800";
        for (final String[] c : new String[][] {{toMe, "0"}, {bcast, "1"}, {mcast, "2"}})
        {
            run(src(c[0]) + " -> h :: HostEtherFilter(" + me + ") -> x :: Counter -> db :: DropBroadcasts"
                + " -> y :: Counter -> Discard;", f ->
                {
                    assertEquals("1", f.read("x.count"));
                    assertEquals(c[1].equals("0") ? "1" : "0", f.read("y.count"));
                    assertEquals(c[1].equals("0") ? "0" : "1", f.read("db.drops"));
                });
        }
        // other hosts: refused by default, kept with DROP_OTHER false
        run(src(other) + " -> h :: HostEtherFilter(" + me + ") -> x :: Counter -> Discard; h[1] -> r :: Counter"
            + " -> Discard;", f ->
            {
                assertEquals("0", f.read("x.count"));
                assertEquals("1", f.read("r.count"));
            });
        run(src(other) + " -> HostEtherFilter(" + me + ", DROP_OTHER false) -> x :: Counter -> Discard;",
            f -> assertEquals("1", f.read("x.count")));
        // our own frames, looped back, with DROP_OWN
        run(src(fromMe) + " -> HostEtherFilter(" + me + ", true) -> x :: Counter -> Discard;",
            f -> assertEquals("0", f.read("x.count")));
        run(src(fromMe) + " -> HostEtherFilter(" + me + ") -> x :: Counter -> Discard;",
            f -> assertEquals("1", f.read("x.count")));
    }

    @Test
    void markMacHeader()
    {
        // the MAC header annotation lets VLANEncap-style elements find the frame; here: Print's view is unchanged
        run(src("0102030405") + " -> m :: MarkMACHeader(2) -> x :: Counter -> Discard;", f ->
        {
            assertEquals("1", f.read("x.count"));
            assertEquals("0", f.read("m.drops"));
        });
        run(src("01") + " -> m :: MarkMACHeader(4) -> x :: Counter -> Discard;",
            f -> assertEquals("1", f.read("m.drops")));
    }
}
