package org.jclick.elements.ip;

import static org.jclick.elements.ip.IpTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FragmenterTest
{
    /** 24-byte header with a copied option (0x94 router alert, 4 bytes), 20 payload bytes, DF clear. */
    private static final String WITH_RA = "4600002c00000000640600000a0000010a00000294040000"
        + "0102030405060708090a0b0c0d0e0f1011121314";

    @Test
    void fragmentsCarryCopiedOptionsAndCorrectOffsets()
    {
        final String err = run("InfiniteSource(DATA \\<" + WITH_RA + ">, LIMIT 1, STOP true) -> MarkIPHeader"
            + " -> SetIPChecksum -> f :: IPFragmenter(36) -> CheckIPHeader -> Print(CONTENTS true, MAXLENGTH -1)"
            + " -> c :: Counter -> Discard;", fx ->
            {
                assertEquals("3", fx.read("c.count"));
                assertEquals("3", fx.read("f.fragments"));
                assertEquals("0", fx.read("f.drops"));
            });
        final String[] lines = err.split("\n");
        assertEquals(3, lines.length, err);
        // first: original header and option, 8 payload bytes, MF
        assertTrue(lines[0].startsWith("  32 | 46000020 00002000"), lines[0]);
        assertTrue(lines[0].endsWith("0a000002 94040000 01020304 05060708"), lines[0]);
        // second: the router-alert option is copied (marked 'copy'), offset 1 (8 bytes), MF
        assertTrue(lines[1].startsWith("  32 | 46000020 00002001"), lines[1]);
        assertTrue(lines[1].endsWith("94040000 090a0b0c 0d0e0f10"), lines[1]);
        // last: offset 2, MF clear, 4 bytes
        assertTrue(lines[2].startsWith("  28 | 4600001c 00000002"), lines[2]);
    }

    @Test
    void dontFragmentGoesToOutput1()
    {
        final String df = WITH_RA.substring(0, 12) + "4000" + WITH_RA.substring(16);
        run("InfiniteSource(DATA \\<" + df + ">, LIMIT 1, STOP true) -> MarkIPHeader -> f :: IPFragmenter(36)"
            + " -> c :: Counter -> Discard; f[1] -> d :: Counter -> Discard;", fx ->
            {
                assertEquals("0", fx.read("c.count"));
                assertEquals("1", fx.read("d.count"));
                assertEquals("1", fx.read("f.drops"));
            });
        // small packets pass untouched
        run("InfiniteSource(DATA \\<" + df + ">, LIMIT 1, STOP true) -> MarkIPHeader -> f :: IPFragmenter(1500)"
            + " -> c :: Counter -> Discard;", fx -> assertEquals("1", fx.read("c.count")));
    }
}
