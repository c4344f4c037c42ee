package org.jclick.elements.modify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jclick.elements.RouterFixture;
import org.junit.jupiter.api.Test;

class AlignTest
{
    @Test
    void alignKeepsContents()
    {
        for (int s = 0; s < 4; s++)
        {
            final String out = ModifyTest.stderrOf("InfiniteSource(DATA \\<0102030405060708>, LIMIT 1, STOP true)"
                + " -> Strip(" + s + ") -> Align(4, 2) -> Align(8, 0) -> Align(2, 1) -> Print(a) -> Discard;");
            assertEquals("a:    " + (8 - s) + " | " + "0102030405060708".substring(2 * s).replaceAll("(.{8})(?=.)", "$1 ")
                + "\n", out);
        }
    }

    @Test
    void badArguments()
    {
        assertTrue(RouterFixture.errorsOf("InfiniteSource -> Align(3, 0) -> Discard;").contains("bad modulus"));
        assertTrue(RouterFixture.errorsOf("InfiniteSource -> Align(4, 4) -> Discard;").contains("bad offset"));
    }

    @Test
    void alignmentInfoIsAccepted()
    {
        try (RouterFixture f = RouterFixture.simtime("AlignmentInfo(src 8 2) AlignmentInfo(dst 8 2)"
            + " src :: InfiniteSource(LIMIT 1, STOP true) -> dst :: Discard;"))
        {
            f.run();
            assertEquals("1", f.read("dst.count"));
        }
        assertTrue(RouterFixture.errorsOf("AlignmentInfo(src 8); src :: InfiniteSource -> Discard;").contains("ELEMENT"));
    }
}
