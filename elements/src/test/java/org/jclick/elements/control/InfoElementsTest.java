package org.jclick.elements.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jclick.dataplane.args.NameResolver.NameType;
import org.jclick.dataplane.args.PortArg;
import org.jclick.elements.RouterFixture;
import org.junit.jupiter.api.Test;

class InfoElementsTest
{
    private static byte[] b(final int... v)
    {
        final byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++)
        {
            out[i] = (byte)v[i];
        }
        return out;
    }

    @Test
    void addressInfoDefinesNames()
    {
        try (RouterFixture f = RouterFixture.simtime(
            "AddressInfo(me 10.0.0.1/24 00:01:02:03:04:05, gw 10.0.0.254); DriverManager(stop)"))
        {
            final var db = f.router().names();
            assertArrayEquals(b(10, 0, 0, 1), db.lookup(NameType.IP_ADDRESS, "me", "x"));
            assertArrayEquals(b(10, 0, 0, 1, 255, 255, 255, 0), db.lookup(NameType.IP_PREFIX, "me", "x"));
            assertArrayEquals(b(0, 1, 2, 3, 4, 5), db.lookup(NameType.ETHERNET_ADDRESS, "me", "x"));
            assertArrayEquals(b(10, 0, 0, 255), db.lookup(NameType.IP_ADDRESS, "me:bcast", "x"));
            assertArrayEquals(b(10, 0, 0, 254), db.lookup(NameType.IP_ADDRESS, "gw", null));
            assertNull(db.lookup(NameType.ETHERNET_ADDRESS, "gw", null));
        }
    }

    @Test
    void addressInfoRejectsGarbage()
    {
        final String e = RouterFixture.errorsOf("AddressInfo(me frob)");
        assertTrue(e.contains("not a recognizable address"), e);
    }

    @Test
    void staticThreadSchedSetsHomeThreads()
    {
        try (RouterFixture f = RouterFixture.wall("i :: InfiniteSource(LIMIT 1, STOP true) -> Discard;"
            + " StaticThreadSched(i 1)", 2))
        {
            assertEquals(1, f.router().homeThreadOf(f.router().find("i")));
        }
    }

    @Test
    void staticThreadSchedPlacesWholeCompounds()
    {
        // Click's threads/StaticThreadSched-02: a compound's name places everything in it; a StaticThreadSched
        // inside the compound, configured later, overrides it for its own element
        try (RouterFixture f = RouterFixture.wall("""
            StaticThreadSched(sub0 1);
            sub0, sub1 :: {
                src :: RatedSource -> q :: Queue -> d :: Discard;
                StaticThreadSched(d 0);
            }
            """, 2))
        {
            final var r = f.router();
            assertEquals(1, r.homeThreadOf(r.find("sub0/src")));
            assertEquals(1, r.homeThreadOf(r.find("sub0/q")));
            assertEquals(0, r.homeThreadOf(r.find("sub0/d")));
            assertEquals(0, r.homeThreadOf(r.find("sub1/src")));
            assertEquals("1", f.read("sub0/src.home_thread"));
        }
        final String e = RouterFixture.errorsOf("Idle -> Discard; StaticThreadSched(nothing 0)");
        assertTrue(e.contains("'nothing' does not name an element"), e);
    }

    @Test
    void randomSeedRepeats()
    {
        try (RouterFixture f = RouterFixture.simtime("RandomSeed(7); s :: Script(TYPE PASSIVE, return $(random 1000000));"
            + " DriverManager(stop)"))
        {
            final String a = f.read("s.run");
            f.write("RandomSeed@1.seed", "7");
            assertEquals(a, f.read("s.run"));
        }
    }

    @Test
    void scheduleInfoSetsTickets()
    {
        try (RouterFixture f = RouterFixture.simtime("i :: InfiniteSource(LIMIT 10, STOP true) -> Discard;"
            + " j :: InfiniteSource(LIMIT 10) -> Discard; ScheduleInfo(i 2, j 0.5)"))
        {
            f.run();
            assertEquals("2048", f.read("i.tickets"));
            assertEquals("512", f.read("j.tickets"));
        }
    }
    @Test
    void portInfoDefinesPortNames()
    {
        try (RouterFixture f = RouterFixture.simtime(
            "PortInfo(web 8080 www2, dns2 5353/udp, sshx 0x16/tcp # comment words, , # a comment argument,"
                + " sc 9/sctp); c :: { PortInfo(inner 7); Idle -> Discard }; DriverManager(stop)"))
        {
            final var db = f.router().names();
            assertArrayEquals(b(0x1f, 0x90), db.lookup(NameType.TCP_PORT, "web", "x"));
            assertArrayEquals(b(0x1f, 0x90), db.lookup(NameType.UDP_PORT, "web", "x"));
            assertArrayEquals(b(0x1f, 0x90), db.lookup(NameType.TCP_PORT, "www2", "x"));
            assertArrayEquals(b(0x14, 0xe9), db.lookup(NameType.UDP_PORT, "dns2", "x"));
            assertNull(db.lookup(NameType.TCP_PORT, "dns2", "x"));
            assertArrayEquals(b(0, 22), db.lookup(NameType.TCP_PORT, "sshx", "x"));
            assertNull(db.lookup(NameType.TCP_PORT, "comment", "x"));
            assertNull(db.lookup(NameType.TCP_PORT, "sc", "x"));
            assertArrayEquals(b(0, 7), db.lookup(NameType.TCP_PORT, "inner", "c/y"));
            assertNull(db.lookup(NameType.TCP_PORT, "inner", "x"), "compound-scoped");
            // the names reach PortArg through the element's argument context
            final var ctx = f.router().elements().get(0).argContext();
            assertEquals(8080, PortArg.TCP_PORT.parse("web", ctx));
            assertEquals(5353, PortArg.UDP_PORT.parse("dns2", ctx));
            assertEquals(80, PortArg.TCP_PORT.parse("www", ctx));
        }
    }

    @Test
    void portInfoRejectsGarbage()
    {
        assertTrue(RouterFixture.errorsOf("PortInfo(web)").contains("expected 'NAME PORT/PROTO', got 'web'"));
        assertTrue(RouterFixture.errorsOf("PortInfo(web 80x)").contains("expected 'NAME PORT/PROTO', got 'web 80x'"));
        assertEquals("", RouterFixture.errorsOf("PortInfo(web 80/bogus); DriverManager(stop)"),
            "an unknown protocol skips the argument, as in Click");
    }
}
