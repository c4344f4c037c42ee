package org.jclick.elements.iplookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.elements.RouterFixture;
import org.junit.jupiter.api.Test;

class IPLookupElementsTest
{
    private static final String[] CLASSES = {"RadixIPLookup", "DirectIPLookup", "RangeIPLookup", "LinearIPLookup"};

    private static String lookup(final RouterFixture f, final String addr)
    {
        final ErrorHandler.Buffer e = new ErrorHandler.Buffer();
        return f.router().handler("r.lookup", null, e).callRead(addr, e);
    }

    private static String write(final RouterFixture f, final String h, final String value)
    {
        final ErrorHandler.Buffer e = new ErrorHandler.Buffer();
        final int r = f.router().handler(h, null, e).callWrite(value, e);
        return r < 0 ? e.text() : "";
    }

    @Test
    void handlersAndTableFormat()
    {
        for (final String cls : CLASSES)
        {
            try (RouterFixture f = RouterFixture.simtime("i :: Idle -> r :: " + cls
                + "(18.26.4.0/24 0, 0.0.0.0/0 18.26.4.1 1) -> i; r[1] -> i; r[2] -> i;"))
            {
                assertEquals("18.26.4.0/24\t\t-\t\t0\n0.0.0.0/0\t\t18.26.4.1\t1\n", f.read("r.table"), cls);
                assertEquals("0", lookup(f, "18.26.4.9"), cls);
                assertEquals("1 18.26.4.1", lookup(f, "1.2.3.4"), cls);
                assertEquals("", write(f, "r.add", "18.26.4.128/25 2.2.2.2 2"), cls);
                assertEquals("2 2.2.2.2", lookup(f, "18.26.4.200"), cls);
                assertTrue(write(f, "r.add", "18.26.4.129/25 3.3.3.3 2")
                    .contains("conflict with existing route '18.26.4.128/25 2.2.2.2 2'"), cls);
                assertEquals("", write(f, "r.set", "18.26.4.129/25 3.3.3.3 1"), cls);
                assertEquals("1 3.3.3.3", lookup(f, "18.26.4.200"), cls);
                assertTrue(write(f, "r.remove", "18.26.4.128/25 9.9.9.9 1").contains("not found"), cls);
                assertEquals("", write(f, "r.remove", "18.26.4.128/25"), cls);
                assertEquals("0", lookup(f, "18.26.4.200"), cls);
                assertTrue(write(f, "r.add", "1.0.0.0/8 5").contains("expected 'ADDR/MASK [GATEWAY] OUTPUT'"), cls);
                // ctrl: all or nothing
                assertTrue(write(f, "r.ctrl", "add 7.0.0.0/8 1\nremove 8.0.0.0/8").contains("not found"), cls);
                assertEquals("1 18.26.4.1", lookup(f, "7.1.1.1"), cls);
                assertEquals("", write(f, "r.ctrl", "add 7.0.0.0/8 2\nset 0.0.0.0/0 0"), cls);
                assertEquals("2", lookup(f, "7.1.1.1"), cls);
                assertEquals("0", lookup(f, "9.1.1.1"), cls);
                assertEquals("", write(f, "r.remove", "0.0.0.0/0"), cls);
                assertEquals("-1", lookup(f, "9.1.1.1"), cls);
            }
        }
    }

    @Test
    void pushPathSetsGatewayAndPicksOutput()
    {
        final String config = "InfiniteSource(DATA \\<4500002012340000401154970a0000010a00000204d20035000c6f33aabbccdd>,"
            + " LIMIT 2, STOP true) -> GetIPAddress(16) -> r :: StaticIPLookup(10.0.0.0/8 10.0.0.254 1,"
            + " 10.0.0.2/32 0, 0/0 2); r[0] -> c0 :: Counter -> Discard;"
            + " r[1] -> c1 :: Counter -> Discard; r[2] -> c2 :: Counter -> Discard;";
        try (RouterFixture f = RouterFixture.simtime(config))
        {
            f.run();
            assertEquals("2", f.read("c0.count"));
            assertEquals("0", f.read("c1.count"));
            assertTrue(write(f, "r.add", "1.0.0.0/8 1").contains("cannot add routes to this routing table"));
            assertTrue(write(f, "r.remove", "10.0.0.2/32").contains("cannot delete routes"));
            assertEquals("0", lookup(f, "10.0.0.2"));
            assertEquals("1 10.0.0.254", lookup(f, "10.1.0.2"));
        }
        final String errors = RouterFixture.errorsOf("Idle -> r :: LinearIPLookup(10.0.0.0/8 3) -> Discard;");
        assertTrue(errors.contains("argument 1 should be 'ADDR/MASK [GATEWAY] OUTPUT'"), errors);
    }

    @Test
    void radixAndDirectHoldHalfAMillionRoutes()
    {
        final int n = 500_000;
        final Random rnd = new Random(42);
        final int[] addr = new int[n];
        final int[] len = new int[n];
        final int[] port = new int[n];
        final Set<Long> seen = new HashSet<>();
        final StringBuilder ctrl = new StringBuilder(n * 30);
        int k = 0;
        while (k < n)
        {
            final int l = 8 + rnd.nextInt(25);
            final int m = -1 << (32 - l);
            final int a = rnd.nextInt() & m;
            if (!seen.add(((long)a << 6) | l))
            {
                continue;
            }
            addr[k] = a;
            len[k] = l;
            port[k] = rnd.nextInt(4);
            ctrl.append("add ").append(ip(a)).append('/').append(l).append(' ').append(port[k]).append('\n');
            k++;
        }
        for (final String cls : new String[] {"RadixIPLookup", "DirectIPLookup"})
        {
            try (RouterFixture f = RouterFixture.simtime("i :: Idle -> r :: " + cls
                + "() -> i; r[1] -> i; r[2] -> i; r[3] -> i;"))
            {
                assertEquals("", write(f, "r.ctrl", ctrl.toString()), cls);
                final Random q = new Random(7);
                for (int t = 0; t < 1500; t++)
                {
                    // half random addresses, half inside a stored route
                    final int dst = t % 2 == 0 ? q.nextInt()
                        : addr[q.nextInt(n)] | (q.nextInt() & ~(-1 << (32 - len[q.nextInt(n)] % 32)));
                    int best = -1;
                    for (int i = 0; i < n; i++)
                    {
                        final int m = -1 << (32 - len[i]);
                        if ((dst & m) == addr[i] && (best < 0 || len[i] > len[best]))
                        {
                            best = i;
                        }
                    }
                    assertEquals(best < 0 ? "-1" : Integer.toString(port[best]), lookup(f, ip(dst)),
                        cls + " " + ip(dst));
                }
            }
        }
    }

    private static String ip(final int a)
    {
        return (a >>> 24) + "." + ((a >>> 16) & 255) + "." + ((a >>> 8) & 255) + "." + (a & 255);
    }
}
