package org.jclick.elements.modify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jclick.elements.RouterFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clipboard, SetTimestampDelta, StripToNetworkHeader and StripEtherVLANHeader. */
class ClipboardAndHeaderTest
{
    @TempDir
    Path dir;

    @Test
    void clipboardCopiesRangesBetweenPackets()
    {
        // Click's Clipboard-01
        final String out = ModifyTest.stderrOf("""
            clipboard :: Clipboard(0/1, 2/1, 9/1);
            TimedSource(0.0019, "Simplistic", LIMIT 1) -> [0]clipboard[0] -> Discard();
            TimedSource(0.0029, "Dance tour", LIMIT 1) -> [0]clipboard;
            TimedSource(0.0039, "Ionize tub", LIMIT 1) -> [0]clipboard;
            TimedSource(0.001, ".a. is a .at,", LIMIT 4, STOP true) -> [1]clipboard[1] -> Print(CONTENTS ASCII)
                -> Discard();
            """);
        assertEquals("""
              13 |  .a. is a  .at,
              13 |  Sam is a  cat,
              13 |  Dan is a  rat,
              13 |  Ian is a  bat,
            """, out);
    }

    @Test
    void clipboardWorksInPullAndLeavesShortPacketsAlone()
    {
        final String out = ModifyTest.stderrOf("""
            c :: Clipboard(1/2);
            InfiniteSource("XYZ", LIMIT 1) -> q0 :: Queue -> [0]c[0] -> u0 :: Unqueue -> Discard;
            TimedSource(0.1, "abcd", LIMIT 2) -> q1 :: Queue -> [1]c[1] -> u1 :: Unqueue
                -> Print(CONTENTS ASCII) -> Discard;
            TimedSource(0.15, "a", LIMIT 1) -> q1;
            DriverManager(wait_time 0.5s, stop);
            """);
        assertEquals("""
               4 |  aYZd
               1 |  a
               4 |  aYZd
            """, out);
    }

    @Test
    void clipboardConfigurationErrors()
    {
        assertTrue(RouterFixture.errorsOf("c :: Clipboard(5); Idle -> [0]c[0] -> Discard; Idle -> [1]c[1] -> Discard;")
            .contains("range 0: expected '/' between offset and length"));
        assertTrue(RouterFixture.errorsOf("c :: Clipboard(1/2, x/2); Idle -> [0]c[0] -> Discard; Idle -> [1]c[1] -> Discard;")
            .contains("range 1: invalid offset or length"));
        assertTrue(RouterFixture.errorsOf("c :: Clipboard(1/); Idle -> [0]c[0] -> Discard; Idle -> [1]c[1] -> Discard;")
            .contains("range 0: expected '/'"));
    }

    @Test
    void setTimestampDeltaRange()
    {
        try (RouterFixture f = RouterFixture.simtime("""
            TimedSource(0.25, "ab", LIMIT 3, STOP true) -> SetTimestamp -> d :: SetTimestampDelta
                -> Print(TIMESTAMP true, CONTENTS NONE) -> Discard;
            """))
        {
            assertEquals("0.000000\n", f.read("d.first"));
        }
        final String out = ModifyTest.stderrOf("""
            TimedSource(0.25, "ab", LIMIT 3, STOP true) -> SetTimestamp -> d :: SetTimestampDelta
                -> Print(TIMESTAMP true, CONTENTS NONE) -> Discard;
            """);
        assertEquals("0.000000:    2\n0.250000:    2\n0.500000:    2\n", out);
    }

    @Test
    void setTimestampDeltaFirstHandlerAndReset()
    {
        try (RouterFixture f = RouterFixture.simtime("""
            TimedSource(0.25, "ab", LIMIT 2, STOP true) -> SetTimestamp -> d :: SetTimestampDelta -> Discard;
            """))
        {
            f.run();
            assertEquals("1000000000.250000\n", f.read("d.first"));
            assertEquals(0, f.write("d.reset", ""));
            assertEquals("0.000000\n", f.read("d.first"));
        }
    }

    @Test
    void setTimestampDeltaNowFirstAndZero()
    {
        // NOW: the current time (simulated, starting at 1e9 s) minus the timestamp
        assertEquals("1.500000:    2\n", ModifyTest.stderrOf("TimedSource(0.5, \"ab\", LIMIT 1, STOP true)"
            + " -> SetTimestamp(999999999) -> SetTimestampDelta(TYPE NOW) -> Print(TIMESTAMP true, CONTENTS NONE)"
            + " -> Discard;"));
        // FIRST: the timestamp minus the first-timestamp annotation
        assertEquals("2.500000:    2\n", ModifyTest.stderrOf("InfiniteSource(\"ab\", LIMIT 1, STOP true)"
            + " -> SetTimestamp(10, FIRST true) -> SetTimestamp(12.5) -> SetTimestampDelta(TYPE FIRST)"
            + " -> Print(TIMESTAMP true, CONTENTS NONE) -> Discard;"));
        // zero timestamps pass unchanged
        assertEquals("0.000000:    2\n", ModifyTest.stderrOf("InfiniteSource(DATA \"ab\", LIMIT 1, STOP true,"
            + " TIMESTAMP false) -> SetTimestamp(0) -> SetTimestampDelta(TYPE NOW) -> Print(TIMESTAMP true,"
            + " CONTENTS NONE) -> Discard;"));
        assertTrue(RouterFixture.errorsOf("Idle -> SetTimestampDelta(TYPE LATER) -> Discard;").contains("bad TYPE"));
        assertTrue(RouterFixture.errorsOf("Idle -> SetTimestampDelta(TYPE now) -> Discard;").contains("bad TYPE"),
            "TYPE is case sensitive, as in Click");
    }

    private String dump(final String text) throws IOException
    {
        final Path p = dir.resolve("in.ipsum");
        Files.writeString(p, text);
        return p.toString();
    }

    @Test
    void stripToNetworkHeaderBothWays() throws IOException
    {
        final String in = dump("!data ip_src ip_dst proto\n1.0.0.1 2.0.0.2 17\n");
        final String out = ModifyTest.stderrOf("FromIPSummaryDump(" + in + ", STOP true)"
            + " -> Unstrip(14) -> Print(a, CONTENTS NONE) -> StripToNetworkHeader -> Print(b, 4)"
            + " -> Strip(20) -> Print(c, 4) -> StripToNetworkHeader -> Print(d, 4) -> Discard;");
        assertEquals("""
            a:   42
            b:   28 | 4500001c
            c:    8 | 00000000
            d:   28 | 4500001c
            """, out);
        // packets without a network header annotation pass unchanged
        assertEquals("   2 | 6162\n", ModifyTest.stderrOf("InfiniteSource(DATA \"ab\", LIMIT 1, STOP true)"
            + " -> StripToNetworkHeader -> Print -> Discard;"));
    }

    private static final String SRC = "InfiniteSource(DATA \\<AAABACAD>, LIMIT 1, STOP true)";

    @Test
    void stripEtherVlanHeaderAsClickTest()
    {
        // Click's EtherVLANEncap-01
        final String out = ModifyTest.stderrOf(SRC + """
              -> EtherVLANEncap(0x0800, 1:1:1:1:1:1, 2:2:2:2:2:2, 1)
              -> StripEtherVLANHeader
              -> Print(b)
              -> EtherVLANEncap(0x0800, 1:1:1:1:1:1, 2:2:2:2:2:2, ANNO)
              -> Print(c)
              -> StripEtherVLANHeader
              -> EtherVLANEncap(0x0800, 1:1:1:1:1:1, 2:2:2:2:2:2, ANNO, NATIVE_VLAN 1)
              -> Print(e)
              -> StripEtherVLANHeader
              -> SetVLANAnno(2, 1)
              -> EtherVLANEncap(0x0800, 1:1:1:1:1:1, 2:2:2:2:2:2, ANNO, NATIVE_VLAN 1)
              -> Print(f)
              -> Discard;
            """);
        assertEquals("""
            b:    4 | aaabacad
            c:   22 | 02020202 02020101 01010101 81000001 0800aaab acad
            e:   18 | 02020202 02020101 01010101 0800aaab acad
            f:   22 | 02020202 02020101 01010101 81002002 0800aaab acad
            """, out);
    }

    @Test
    void stripEtherVlanHeaderNativeVlanAndRejects()
    {
        final String plain = SRC + " -> EtherVLANEncap(0x0800, 1:1:1:1:1:1, 2:2:2:2:2:2, VLAN_ID 0)";
        // untagged: the TCI annotation becomes NATIVE_VLAN
        assertEquals("b:    4 | aaabacad\nc:   22 | 02020202 02020101 01010101 81000007 0800aaab acad\n",
            ModifyTest.stderrOf(plain + " -> StripEtherVLANHeader(7) -> Print(b)"
                + " -> EtherVLANEncap(0x0800, 1:1:1:1:1:1, 2:2:2:2:2:2, ANNO) -> Print(c) -> Discard;"));
        // NATIVE_VLAN -1: untagged packets leave on output 1, or are dropped without it
        assertEquals("r:   18 | 02020202 02020101 01010101 0800aaab acad\n",
            ModifyTest.stderrOf(plain + " -> s :: StripEtherVLANHeader(-1) -> Print(ok) -> Discard;"
                + " s[1] -> Print(r) -> Discard;"));
        assertEquals("", ModifyTest.stderrOf(plain + " -> StripEtherVLANHeader(NATIVE_VLAN -1) -> Print(ok) -> Discard;"));
        // too short for an Ethernet header
        assertEquals("r:    4 | aaabacad\n", ModifyTest.stderrOf(SRC
            + " -> s :: StripEtherVLANHeader -> Print(ok) -> Discard; s[1] -> Print(r) -> Discard;"));
        assertTrue(RouterFixture.errorsOf("Idle -> StripEtherVLANHeader(4096) -> Discard;").contains("bad NATIVE_VLAN"));
    }
}
