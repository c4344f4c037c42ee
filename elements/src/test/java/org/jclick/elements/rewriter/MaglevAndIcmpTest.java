package org.jclick.elements.rewriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.jclick.dataplane.packet.Packet;
import org.junit.jupiter.api.Test;

/** MaglevMapper's table and its run-time changes; ICMPRewriter and ICMPPingRewriter. */
class MaglevAndIcmpTest
{
    private static String[] names(final int n)
    {
        final String[] s = new String[n];
        for (int i = 0; i < n; i++)
        {
            s[i] = "- - 10.0." + (i / 250) + "." + (1 + i % 250) + " 8080 0 1";
        }
        return s;
    }

    private static boolean[] all(final int n)
    {
        final boolean[] a = new boolean[n];
        java.util.Arrays.fill(a, true);
        return a;
    }

    @Test
    void tableIsFullAndEvenlyShared()
    {
        final int m = 65537;
        final int n = 10;
        final int[] t = MaglevMapper.build(names(n), all(n), m);
        final int[] count = new int[n];
        for (final int b : t)
        {
            assertTrue(b >= 0 && b < n);
            count[b]++;
        }
        // the population takes turns: every backend gets floor(M/N) or ceil(M/N) slots
        for (final int c : count)
        {
            assertTrue(c == m / n || c == m / n + 1, "slots " + c);
        }
    }

    @Test
    void tableFollowsEachBackendsPermutation()
    {
        // the paper's algorithm: a backend's slots are the first ones of its permutation that were free
        final int m = 13;
        final String[] nm = names(3);
        final int[] t = MaglevMapper.build(nm, all(3), m);
        for (int i = 0; i < 3; i++)
        {
            final long offset = Long.remainderUnsigned(MaglevMapper.hash64(nm[i], 0x4D61676C6576L), m);
            final long skip = Long.remainderUnsigned(MaglevMapper.hash64(nm[i], 0x536B6970L), m - 1) + 1;
            final boolean[] seen = new boolean[m];
            for (int j = 0; j < m; j++)
            {
                final int c = (int)((offset + j * skip) % m);
                assertTrue(!seen[c], "a permutation");
                seen[c] = true;
            }
            // the first slot of the permutation belongs to the backend unless an earlier backend in the first
            // round took it
            final int first = (int)offset;
            if (i == 0)
            {
                assertEquals(0, t[first]);
            }
        }
    }

    @Test
    void removingABackendMovesFewFlows()
    {
        final int m = 65537;
        final int n = 10;
        final String[] nm = names(n);
        final int[] before = MaglevMapper.build(nm, all(n), m);
        final boolean[] active = all(n);
        active[3] = false;
        final int[] after = MaglevMapper.build(nm, active, m);
        int moved = 0;
        int onOthers = 0;
        for (int s = 0; s < m; s++)
        {
            if (before[s] != 3)
            {
                onOthers++;
                if (after[s] != before[s])
                {
                    moved++;
                }
            }
            else
            {
                assertTrue(after[s] != 3);
            }
        }
        final double fraction = moved / (double)onOthers;
        System.out.printf("Maglev M=%d N=%d, one backend removed: %.4f of the other backends' slots moved%n", m, n, fraction);
        // ideal is 0; Maglev's paper reports a few percent at this size
        assertTrue(fraction < 0.05, "fraction of other backends' slots that moved: " + fraction);
    }

    @Test
    void runTimeChangesKeepExistingFlows()
    {
        try (RwFixture f = RwFixture.of("lb :: MaglevMapper(- - 10.0.0.1 8080 0 1, - - 10.0.0.2 8080 0 1, "
            + "- - 10.0.0.3 8080 0 1, TABLE_SIZE 1009); i :: Idle; rw :: IPRewriter(lb, drop);"
            + "i -> [0]rw; i[1] -> [1]rw; rw[0] -> out :: Sink; rw[1] -> back :: Sink;"))
        {
            final RewriterBase rw = f.element("rw");
            final String[] first = new String[300];
            for (int i = 0; i < 300; i++)
            {
                rw.push(0, f.packet(6, "100." + (i / 200) + ".0." + (i % 200), 1000 + i, "192.0.2.80", 80, new byte[0]));
                final Packet o = f.sink("out").take();
                assertNotNull(o);
                first[i] = RwFixture.str(RwFixture.get32(RwFixture.bytes(o), 16));
                o.kill();
            }
            final String slots = f.read("lb.slots").trim();
            assertEquals(3, slots.split(" ").length);
            // drain backend 0: no new flows go there, old ones stay
            assertEquals(0, f.write("lb.drain_backend", "0"));
            assertTrue(f.read("lb.backends").contains("0 drained - - 10.0.0.1 8080 0 1"));
            assertEquals(0, f.write("lb.add_backend", "- - 10.0.0.4 8080 0 1"));
            assertEquals(0, f.write("lb.remove_backend", "- - 10.0.0.2 8080 0 1"));
            for (int i = 0; i < 300; i++)
            {
                rw.push(0, f.packet(6, "100." + (i / 200) + ".0." + (i % 200), 1000 + i, "192.0.2.80", 80, new byte[0]));
                final Packet o = f.sink("out").take();
                assertEquals(first[i], RwFixture.str(RwFixture.get32(RwFixture.bytes(o), 16)), "flow " + i + " stays");
                o.kill();
            }
            int toDrained = 0;
            for (int i = 0; i < 300; i++)
            {
                rw.push(0, f.packet(6, "101.0." + (i / 200) + "." + (i % 200), 2000 + i, "192.0.2.80", 80, new byte[0]));
                final Packet o = f.sink("out").take();
                final String b = RwFixture.str(RwFixture.get32(RwFixture.bytes(o), 16));
                if (b.equals("10.0.0.1") || b.equals("10.0.0.2"))
                {
                    toDrained++;
                }
                o.kill();
            }
            assertEquals(0, toDrained, "new flows avoid drained and removed backends");
            assertTrue(f.write("lb.remove_backend", "7") < 0);
            assertTrue(f.write("lb.add_backend", "- - 10.0.0.5 8080 0 9") < 0, "outputs are checked");
        }
        assertTrue(RwFixture.errorsOf("lb :: MaglevMapper(- - 10.0.0.1 - 0 1, TABLE_SIZE 1000); i :: Idle;"
            + "rw :: IPRewriter(lb); i -> rw -> Discard;").contains("TABLE_SIZE must be a prime number"));
    }

    @Test
    void icmpErrorsAboutMappedFlowsAreTranslated()
    {
        try (RwFixture f = RwFixture.of("i :: Idle; rw :: IPRewriter(pattern 21.0.0.1 1024-65535# - - 0 0);"
            + "ir :: ICMPRewriter(rw); i -> rw -> out :: Sink; i[1] -> ir -> fixed :: Sink; ir[1] -> other :: Sink;"))
        {
            for (final int proto : new int[] {6, 17})
            {
                final RewriterBase rw = f.element("rw");
                rw.push(0, f.packet(proto, "18.26.4.44", 20, "10.0.0.8", 80, "abc".getBytes(StandardCharsets.US_ASCII)));
                final Packet sent = f.sink("out").take();
                final byte[] s = RwFixture.bytes(sent);
                sent.kill();
                // time exceeded from a router on the way, quoting the rewritten packet (header + 8 bytes)
                final byte[] err = new byte[20 + 8 + 28];
                err[0] = 0x45;
                RwFixture.put16(err, 2, err.length);
                err[8] = 64;
                err[9] = 1;
                RwFixture.put32(err, 12, RwFixture.ip("19.19.19.19"));
                RwFixture.put32(err, 16, RwFixture.get32(s, 12));
                RwFixture.put16(err, 10, RwFixture.cksum(err, 0, 20, 0));
                err[20] = 11;
                System.arraycopy(s, 0, err, 28, 28);
                RwFixture.fixTransportChecksum(err);
                f.<ICMPRewriter>element("ir").push(0, f.make(err));
                final Packet out = f.sink("fixed").take();
                assertNotNull(out, "translated");
                final byte[] o = RwFixture.bytes(out);
                out.kill();
                assertEquals("18.26.4.44", RwFixture.str(RwFixture.get32(o, 16)), "sent back to the real source");
                assertTrue(RwFixture.checksumsValid(o), "outer IP and ICMP checksums");
                assertEquals(0, RwFixture.cksum(o, 28, 20, 0), "quoted IP checksum");
                assertEquals("18.26.4.44", RwFixture.str(RwFixture.get32(o, 28 + 12)));
                assertEquals(20, RwFixture.get16(o, 48));
                assertEquals(80, RwFixture.get16(o, 50));
                if (proto == 17)
                {
                    // the quoted UDP checksum must be the original packet's
                    final byte[] orig = RwFixture.bytes(f.packet(17, "18.26.4.44", 20, "10.0.0.8", 80, "abc".getBytes(StandardCharsets.US_ASCII)));
                    assertEquals(RwFixture.get16(orig, 26), RwFixture.get16(o, 54));
                }
            }
            // an error about an unknown flow goes to output 1
            final byte[] err = RwFixture.bytes(f.packet(1, "19.19.19.19", 11, "21.0.0.1", 0, new byte[28]));
            f.<ICMPRewriter>element("ir").push(0, f.make(err));
            assertNotNull(f.sink("other").take());
            assertEquals("2", f.read("ir.translated"));
        }
    }

    @Test
    void pingRewriterMapsIdentifiers()
    {
        try (RwFixture f = RwFixture.of("i :: Idle; rw :: ICMPPingRewriter(pattern 2.0.0.2 - 0-65535# 0 1, drop);"
            + "i -> [0]rw; i[1] -> [1]rw; rw[0] -> out :: Sink; rw[1] -> back :: Sink;"))
        {
            final RewriterBase rw = f.element("rw");
            rw.push(0, f.packet(1, "1.0.0.1", 8, "5.0.0.5", 10230, new byte[4]));
            final Packet a = f.sink("out").take();
            final byte[] ab = RwFixture.bytes(a);
            a.kill();
            assertEquals("2.0.0.2", RwFixture.str(RwFixture.get32(ab, 12)));
            assertEquals(0, RwFixture.get16(ab, 24), "identifier 0, sequential");
            assertTrue(RwFixture.checksumsValid(ab));
            rw.push(0, f.packet(1, "1.0.0.2", 8, "5.0.0.5", 0, new byte[4]));
            final Packet b = f.sink("out").take();
            assertEquals(1, RwFixture.get16(RwFixture.bytes(b), 24));
            b.kill();
            // the echo reply to identifier 0 returns to 1.0.0.1 with identifier 10230
            rw.push(1, f.packet(1, "5.0.0.5", 0, "2.0.0.2", 0, new byte[4]));
            final Packet r = f.sink("back").take();
            assertNotNull(r);
            final byte[] rb = RwFixture.bytes(r);
            r.kill();
            assertEquals("1.0.0.1", RwFixture.str(RwFixture.get32(rb, 16)));
            assertEquals(10230, RwFixture.get16(rb, 24));
            assertTrue(RwFixture.checksumsValid(rb));
            // back to identifier 0 with all-zero data: the checksum must be 0xFFFF, not the update's 0x0000
            final Packet proto = f.packet(1, "5.0.0.5", 0, "2.0.0.2", 1, new byte[0]);
            final byte[] zr = RwFixture.bytes(proto);
            proto.kill();
            RwFixture.put16(zr, 26, 0); // sequence 0
            RwFixture.fixTransportChecksum(zr);
            rw.push(1, f.make(zr));
            final Packet z = f.sink("back").take();
            assertNotNull(z);
            final byte[] zb = RwFixture.bytes(z);
            z.kill();
            assertEquals("1.0.0.2", RwFixture.str(RwFixture.get32(zb, 16)));
            assertEquals(0, RwFixture.get16(zb, 24));
            assertEquals(0xFFFF, RwFixture.get16(zb, 22));
            assertTrue(RwFixture.checksumsValid(zb));
        }
    }

    @Test
    void sourceIpHashIsStickyPerClient()
    {
        try (RwFixture f = RwFixture.of("sh :: SourceIPHashMapper(50 0xbadbeef, - - 10.0.0.1 - 0 1, - - 10.0.0.2 - 0 1,"
            + " - - 10.0.0.3 - 0 1); i :: Idle; rw :: IPRewriter(sh, drop); i -> [0]rw; i[1] -> [1]rw;"
            + "rw[0] -> out :: Sink; rw[1] -> back :: Sink;"))
        {
            final RewriterBase rw = f.element("rw");
            final Random rnd = new Random(3);
            final int[] per = new int[4];
            for (int c = 0; c < 200; c++)
            {
                final String client = "100.1." + (c / 250) + "." + (c % 250);
                String backend = null;
                for (int k = 0; k < 3; k++)
                {
                    rw.push(0, f.packet(17, client, 1000 + rnd.nextInt(60000), "192.0.2.1", 53, new byte[0]));
                    final Packet o = f.sink("out").take();
                    final String b = RwFixture.str(RwFixture.get32(RwFixture.bytes(o), 16));
                    o.kill();
                    if (backend != null)
                    {
                        assertEquals(backend, b, "same client, same backend");
                    }
                    backend = b;
                }
                per[backend.charAt(backend.length() - 1) - '0']++;
            }
            for (int i = 1; i <= 3; i++)
            {
                assertTrue(per[i] > 20, "every backend gets clients: " + java.util.Arrays.toString(per));
            }
        }
    }

    @Test
    void icmpErrorsQuotingPingsAreTranslated()
    {
        try (RwFixture f = RwFixture.of("i :: Idle; rw :: ICMPPingRewriter(pattern 2.0.0.2 - 0-65535# 0 0);"
            + "ir :: ICMPRewriter(rw); i -> rw -> out :: Sink; i[1] -> ir -> fixed :: Sink;"))
        {
            f.<RewriterBase>element("rw").push(0, f.packet(1, "1.0.0.1", 8, "5.0.0.5", 10, new byte[4]));
            final Packet sent = f.sink("out").take();
            final byte[] s = RwFixture.bytes(sent);
            sent.kill();
            final byte[] err = new byte[20 + 8 + 28];
            err[0] = 0x45;
            RwFixture.put16(err, 2, err.length);
            err[8] = 64;
            err[9] = 1;
            RwFixture.put32(err, 12, RwFixture.ip("3.0.0.3"));
            RwFixture.put32(err, 16, RwFixture.get32(s, 12));
            RwFixture.put16(err, 10, RwFixture.cksum(err, 0, 20, 0));
            err[20] = 3;
            err[21] = 1;
            System.arraycopy(s, 0, err, 28, 28);
            RwFixture.fixTransportChecksum(err);
            f.<ICMPRewriter>element("ir").push(0, f.make(err));
            final Packet out = f.sink("fixed").take();
            assertNotNull(out);
            final byte[] o = RwFixture.bytes(out);
            out.kill();
            assertEquals("1.0.0.1", RwFixture.str(RwFixture.get32(o, 16)));
            assertTrue(RwFixture.checksumsValid(o));
            assertEquals("1.0.0.1", RwFixture.str(RwFixture.get32(o, 40)));
            assertEquals(10, RwFixture.get16(o, 52), "quoted identifier restored");
            assertEquals(0, RwFixture.cksum(o, 28, 20, 0), "quoted IP checksum");
        }
    }
}
