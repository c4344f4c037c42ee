package org.jclick.elements.arp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.elements.RouterFixture;
import org.junit.jupiter.api.Test;

class ArpElementsTest
{
    /** Who-has 10.0.0.1 tell 10.0.0.2 (02:00:00:00:00:02), broadcast. */
    private static final String REQUEST = "ffffffffffff020000000002080600010800060400010200000000020a000002"
        + "0000000000000a000001";
    /** 10.0.0.1 -> 10.0.0.2, UDP, 32 bytes, valid checksum. */
    private static final String IP = "4500002012340000401154970a0000010a00000204d20035000c6f33aabbccdd";
    private static final String IP_TO_BCAST = "4500002012340000401154970a0000010a0000ff04d20035000c6f33aabbccdd";

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

    private static String paramRead(final RouterFixture f, final String spec, final String param)
    {
        final ErrorHandler.Buffer e = new ErrorHandler.Buffer();
        return f.router().handler(spec, null, e).callRead(param, e);
    }

    private static String ipSource(final String hex, final int limit)
    {
        return "InfiniteSource(DATA \\<" + hex + ">, LIMIT " + limit + ", STOP true) -> GetIPAddress(16)";
    }

    @Test
    void responderAnswersRequestsForItsPrefixes()
    {
        final String err = run("InfiniteSource(DATA \\<" + REQUEST + ">, LIMIT 1, STOP true)"
            + " -> ar :: ARPResponder(10.0.0.1 02:00:0a:00:00:01) -> Print(r, MAXLENGTH -1) -> Discard;"
            + " ar[1] -> o :: Counter -> Discard;", f ->
            {
                assertEquals("0", f.read("o.count"));
                assertEquals("1", f.read("ar.answered"));
            });
        // to the requester, from the answered address; opcode 2; sender 10.0.0.1 at 02:00:0a:00:00:01
        assertEquals("r:   42 | 02000000 00020200 0a000001 08060001 08000604 00020200 0a000001 0a000001"
            + " 02000000 00020a00 0002\n", err);
    }

    @Test
    void responderPassesOtherPackets()
    {
        run("InfiniteSource(DATA \\<" + REQUEST + ">, LIMIT 1, STOP true)"
            + " -> ar :: ARPResponder(10.0.0.9/32 02:00:0a:00:00:01) -> a :: Counter -> Discard;"
            + " ar[1] -> o :: Counter -> Discard;", f ->
            {
                assertEquals("0", f.read("a.count"));
                assertEquals("1", f.read("o.count"));
            });
    }

    @Test
    void responderTableAndHandlers()
    {
        try (RouterFixture f = RouterFixture.simtime("Idle -> ar :: ARPResponder(10.0.0.0/8 02:00:00:00:00:08,"
            + " 10.0.0.1 10.0.0.2 02:00:00:00:00:01) -> Discard;"))
        {
            // most specific first
            assertEquals("10.0.0.1/32 02-00-00-00-00-01\n10.0.0.2/32 02-00-00-00-00-01\n"
                + "10.0.0.0/8 02-00-00-00-00-08\n", f.read("ar.table"));
            assertEquals("02-00-00-00-00-01", paramRead(f, "ar.lookup", "10.0.0.2"));
            assertEquals("02-00-00-00-00-08", paramRead(f, "ar.lookup", "10.9.9.9"));
            assertEquals("", paramRead(f, "ar.lookup", "11.0.0.1"));
            assertEquals(0, f.write("ar.remove", "10.0.0.2"));
            assertEquals("02-00-00-00-00-08", paramRead(f, "ar.lookup", "10.0.0.2"));
            assertTrue(f.write("ar.remove", "10.0.0.2") < 0);
            assertEquals(0, f.write("ar.add", "11.0.0.0/8 02:00:00:00:00:0b"));
            assertEquals("02-00-00-00-00-0B", paramRead(f, "ar.lookup", "11.0.0.1"));
        }
        final String errors = RouterFixture.errorsOf("Idle -> ARPResponder(10.0.0.1) -> Discard;");
        assertTrue(errors.contains("argument 0: missing ETH"), errors);
    }

    @Test
    void querierQueuesUntilTheReplyThenFlushesInOrder()
    {
        final String err = run(ipSource(IP, 3) + " -> arpq :: ARPQuerier(10.0.0.1, 02:00:0a:00:00:01)"
            + " -> Print(o, MAXLENGTH 14) -> Discard;"
            + " arpq[1] -> Print(q, MAXLENGTH -1) -> Queue -> Unqueue -> ARPResponder(10.0.0.2 02:00:0a:00:00:02)"
            + " -> [1]arpq;", f ->
            {
                assertEquals("1", f.read("arpq.queries"));
                assertEquals("1", f.read("arpq.responses"));
                assertEquals("0", f.read("arpq.drops"));
                assertEquals("1", f.read("arpq.count"));
                assertEquals("0", f.read("arpq.length"));
                assertTrue(f.read("arpq.table").matches("10\\.0\\.0\\.2 1 02-00-0A-00-00-02 0\\.\\d{6}\n"),
                    f.read("arpq.table"));
                assertEquals("0 packets killed\n1 ARP queries sent\n", f.read("arpq.stats"));
            });
        // one broadcast who-has 10.0.0.2 tell 10.0.0.1, 42 bytes
        assertTrue(err.startsWith("q:   42 | ffffffff ffff0200 0a000001 08060001 08000604 00010200 0a000001"
            + " 0a000001 00000000 00000a00 0002\n"), err);
        final String ether = "o:   46 | 02000a00 00020200 0a000001 0800\n";
        assertTrue(err.endsWith(ether + ether + ether), err);
    }

    @Test
    void querierWithoutRepliesKeepsPacketsAndRateLimitsQueries()
    {
        run(ipSource(IP, 5) + " -> arpq :: ARPQuerier(10.0.0.1, 02:00:0a:00:00:01, ENTRY_PACKET_CAPACITY 2)"
            + " -> c :: Counter -> Discard; Idle -> [1]arpq;", f ->
            {
                // simulated time stands still: one query; queries and IP packets share output 0
                assertEquals("1", f.read("c.count"));
                assertEquals("1", f.read("arpq.queries"));
                assertEquals("2", f.read("arpq.length"));
                assertEquals("3 packets killed\n1 ARP queries sent\n", f.read("arpq.stats"));
                assertTrue(f.read("arpq.table").startsWith("10.0.0.2 0 FF-FF-FF-FF-FF-FF "), f.read("arpq.table"));
            });
    }

    @Test
    void querierInsertDeleteAndBroadcast()
    {
        final String err = run("s :: InfiniteSource(DATA \\<" + IP + ">, LIMIT 1, STOP true, ACTIVE false)"
            + " -> GetIPAddress(16) -> arpq :: ARPQuerier(10.0.0.1/24, 02:00:0a:00:00:01)"
            + " -> Print(o, MAXLENGTH 14) -> Discard; Idle -> [1]arpq;"
            + "InfiniteSource(DATA \\<" + IP_TO_BCAST + ">, LIMIT 1, STOP false) -> GetIPAddress(16) -> arpq;"
            + "Script(write arpq.insert 10.0.0.2 02:00:0a:00:00:22, write s.active true)", f ->
            {
                assertEquals("0", f.read("arpq.queries"));
                assertEquals("10.0.0.255", f.read("arpq.broadcast"));
                assertEquals(0, f.write("arpq.delete", "10.0.0.2"));
                assertTrue(f.read("arpq.table").startsWith("10.0.0.2 0 FF-FF-FF-FF-FF-FF "), f.read("arpq.table"));
                assertEquals(0, f.write("arpq.clear", ""));
                assertEquals("", f.read("arpq.table"));
            });
        assertTrue(err.contains("o:   46 | 02000a00 00220200 0a000001 0800\n"), err);
        assertTrue(err.contains("o:   46 | ffffffff ffff0200 0a000001 0800\n"), err);
    }

    @Test
    void sharedTableAndZeroAddress()
    {
        final String err = run("arpt :: ARPTable;"
            + ipSource(IP, 1) + " -> a1 :: ARPQuerier(10.0.0.1, 02:00:0a:00:00:01, TABLE arpt) -> Discard;"
            + " Idle -> [1]a1;"
            + "InfiniteSource(DATA \\<" + IP + ">, LIMIT 1, STOP true) -> a2 :: ARPQuerier(10.0.0.1, "
            + "02:00:0a:00:00:01, TABLE arpt) -> Discard; Idle -> [1]a2;", f ->
            {
                assertEquals("1", f.read("arpt.count"));
                assertEquals("1", f.read("arpt.length"));
                assertEquals("1", f.read("a2.drops"));
                assertEquals(f.read("arpt.table"), f.read("a1.table"));
            });
        assertTrue(err.contains("would query for 0.0.0.0; missing dest IP addr annotation?"), err);
    }
}
