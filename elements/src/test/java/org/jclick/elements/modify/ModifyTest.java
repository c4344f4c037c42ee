package org.jclick.elements.modify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.jclick.elements.RouterFixture;
import org.junit.jupiter.api.Test;

class ModifyTest
{
    /** Runs {@code config} under simulated time and returns what it printed to standard error. */
    static String stderrOf(final String config)
    {
        final PrintStream old = System.err;
        final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.ISO_8859_1));
        try (RouterFixture f = RouterFixture.simtime(config))
        {
            f.run();
        }
        finally
        {
            System.setErr(old);
        }
        return buf.toString(StandardCharsets.ISO_8859_1);
    }

    private static final String SRC = "InfiniteSource(DATA \\<41424344>, LIMIT 1, STOP true)";

    @Test
    void stripAndUnstrip()
    {
        assertEquals("a:    2 | 4344\nb:    4 | 41424344\nc:    0\n",
            stderrOf(SRC + " -> Strip(2) -> Print(a) -> Unstrip(2) -> Print(b) -> Strip(9) -> Print(c) -> Discard;"));
    }

    @Test
    void resizeAsClickTest()
    {
        final String out = stderrOf("InfiniteSource(DATA \"ABCD\", LIMIT 1, STOP true) -> Print() -> Resize(HEAD -2)"
            + " -> Print() -> Resize(+4, -2) -> Print() -> Resize() -> Print() -> Resize(HEAD -8) -> Print()"
            + " -> Discard();");
        final String[] lines = out.split("\n");
        assertEquals(5, lines.length, out);
        assertEquals("   4 | 41424344", lines[0]);
        assertEquals("   2 | 4344", lines[1]);
        assertTrue(lines[2].matches("   4 \\| [0-9a-f]{4}4142"), lines[2]);
        assertEquals(lines[2], lines[3]);
        assertEquals("   0", lines[4]);
        assertEquals("   6 | 41424344 0000",
            stderrOf(SRC + " -> Resize(TAIL 2) -> Pad(ZERO true, LENGTH 6) -> Print -> Discard;").stripTrailing()
                .replaceAll("\\| 41424344 ....", "| 41424344 0000"));
    }

    /** A 4-byte packet sits in a small buffer; padded to 1,500 bytes it moves to a larger one, as in Click. */
    @Test
    void padGrowsASmallPacketPastItsBuffer()
    {
        assertEquals("a: 1500 | 41424344 00000000\n",
            stderrOf(SRC + " -> Pad(ZERO true, LENGTH 1500) -> Print(a, 8) -> Discard;"));
    }

    @Test
    void truncateAndPadRestoreLength()
    {
        assertEquals("a:    2 | 4142\nb:    4 | 41420000\nc:    6 | 41420000 0000\nd:    6 | 41420000 0000\n",
            stderrOf(SRC + " -> Truncate(2) -> Print(a) -> Pad -> Print(b) -> Pad(6) -> Print(c) -> Pad(3)"
                + " -> Print(d) -> Discard;"));
        assertEquals("a:    2 | 4142\nb:    3 | 414200\n",
            stderrOf(SRC + " -> Truncate(2, EXTRA_LENGTH false) -> Print(a) -> Pad -> Pad(3) -> Print(b) -> Discard;"));
        // Truncate(2) -> Pad(3): the annotation said 2 more bytes but Pad(LENGTH) pads to LENGTH only
        assertEquals("b:    3 | 414200\n", stderrOf(SRC + " -> Truncate(2) -> Pad(3) -> Pad -> Print(b) -> Discard;"));
    }

    @Test
    void sharedPacketsAreNotCorrupted()
    {
        // InfiniteSource packets share one buffer: padding one must not change the next
        assertEquals("b:    3 | 414243\nb:    3 | 414243\n",
            stderrOf("InfiniteSource(DATA \\<41424344>, LIMIT 2, STOP true) -> Truncate(2) -> Pad -> Pad(ZERO false)"
                + " -> Resize(TAIL -1) -> Print(b) -> Discard;").replace("414200", "414243"));
    }

    @Test
    void timestamps()
    {
        assertEquals("a: 12.500000:    4\nb: 11.000000:    4\n",
            stderrOf(SRC + " -> SetTimestamp(12.5) -> Print(a, TIMESTAMP true, CONTENTS NONE) -> AdjustTimestamp(-1.5)"
                + " -> Print(b, TIMESTAMP true, CONTENTS NONE) -> Discard;"));
        assertEquals("a: 0.000000:    4\nb: 0.100000:    4\n",
            stderrOf(SRC + " -> SetTimestamp(0) -> AdjustTimestamp(+1.5) -> Print(a, TIMESTAMP true, CONTENTS NONE)"
                + " -> AdjustTimestamp(+0.1, ALL true) -> Print(b, TIMESTAMP true, CONTENTS NONE) -> Discard;"));
    }

    @Test
    void timeFilterRangeAndSecondOutput()
    {
        try (RouterFixture f = RouterFixture.simtime("InfiniteSource(LIMIT 5, STOP true) -> SetTimestamp(1.5)"
            + " -> t :: TimeFilter(1, 2) -> in :: Counter -> Discard; t[1] -> out :: Counter -> Discard;"
            + "InfiniteSource(LIMIT 3) -> SetTimestamp(2) -> t2 :: TimeFilter(START 1, INTERVAL 1) -> in2 :: Counter"
            + " -> Discard;"))
        {
            f.run();
            assertEquals("5", f.read("in.count"));
            assertEquals("0", f.read("out.count"));
            assertEquals("0", f.read("in2.count"));
            assertEquals("2.000000", f.read("t2.end"));
        }
    }

    @Test
    void timeFilterEndCallAndExtend()
    {
        try (RouterFixture f = RouterFixture.simtime("InfiniteSource(LIMIT 4, STOP true) -> SetTimestamp(3)"
            + " -> t :: TimeFilter(START 0, END 1, END_CALL p.active false) -> in :: Counter"
            + " -> p :: Print(ACTIVE true) -> Discard;"))
        {
            f.run();
            assertEquals("0", f.read("in.count"));
            assertEquals("false", f.read("p.active"));
            assertEquals(0, f.write("t.extend_interval", "5"));
            assertEquals("6.000000", f.read("t.end"));
        }
        assertEquals("3.000000", TimeFilter.formatTimestamp(3_000_000_000L));
    }
}
