package org.jclick.elements.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.jclick.elements.RouterFixture;
import org.junit.jupiter.api.Test;

class PrintTest
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

    @Test
    void hexWithLabelAndGroups()
    {
        assertEquals("x:    4 | aaabacad\n",
            stderrOf("InfiniteSource(DATA \\<AAABACAD>, LIMIT 1, STOP true) -> Print(x) -> Discard;"));
        assertEquals("   4 | 41424344\n",
            stderrOf("InfiniteSource(DATA \"ABCD\", LIMIT 1, STOP true) -> Print() -> Discard;"));
    }

    @Test
    void maxLengthDefaultsTo24()
    {
        final String out = stderrOf("InfiniteSource(LIMIT 1, STOP true) -> Print(p) -> Discard;");
        assertEquals("p:   69 | 52616e64 6f6d2062 756c6c73 68697420 696e2061 20706163\n", out);
        final String all = stderrOf("InfiniteSource(DATA \\<0102030405>, LIMIT 1, STOP true) -> Print(MAXLENGTH -1) -> Discard;");
        assertEquals("   5 | 01020304 05\n", all);
        final String two = stderrOf("InfiniteSource(DATA \\<0102030405>, LIMIT 1, STOP true) -> Print(a, 2) -> Discard;");
        assertEquals("a:    5 | 0102\n", two);
    }

    @Test
    void asciiAndNone()
    {
        assertEquals("c:    9 |  child1_0 +\n",
            stderrOf("InfiniteSource(DATA \"child1_0+\", LIMIT 1, STOP true) -> Print(c, CONTENTS ASCII) -> Discard;"));
        assertEquals("c:    3 |  a.b\n",
            stderrOf("InfiniteSource(DATA \"a\\nb\", LIMIT 1, STOP true) -> Print(c, CONTENTS ASCII) -> Discard;"));
        assertEquals("c:    2\n",
            stderrOf("InfiniteSource(DATA \"ab\", LIMIT 1, STOP true) -> Print(c, CONTENTS NONE) -> Discard;"));
        assertEquals("   0\n", stderrOf("InfiniteSource(DATA \"\", LIMIT 1, STOP true) -> Print(\"\") -> Discard;"));
        assertEquals("A B C:    0\n",
            stderrOf("InfiniteSource(DATA \"\", LIMIT 1, STOP true) -> Print(\"A B C\") -> Discard;"));
        assertEquals("  40 | 01\n",
            stderrOf("InfiniteSource(DATA \\<01>, DATASIZE 40, LIMIT 1, STOP true) -> Print(CONTENTS true, MAXLENGTH 1) -> Discard;").replace("01010101", "x"));
    }

    @Test
    void timestampHeadroomAnnoAndActive()
    {
        final String ts = stderrOf("InfiniteSource(DATA \"ab\", LIMIT 1, STOP true, TIMESTAMP false) -> Print(t, TIMESTAMP true) -> Discard;");
        assertEquals("t: 0.000000:    2 | 6162\n", ts);
        final String hr = stderrOf("InfiniteSource(DATA \"ab\", LIMIT 1, STOP true) -> Print(h, HEADROOM true, CONTENTS NONE) -> Discard;");
        assertTrue(hr.matches("h: \\(h\\d+ t\\d+\\)    2\n"), hr);
        final String an = stderrOf("InfiniteSource(DATA \"ab\", LIMIT 1, STOP true) -> Print(PRINTANNO true, CONTENTS NONE) -> Discard;");
        assertEquals("   2 | " + "00".repeat(48) + "\n", an);
        assertEquals("", stderrOf("InfiniteSource(LIMIT 3, STOP true) -> Print(ACTIVE false) -> Discard;"));
    }

    @Test
    void badContentsIsAnError()
    {
        final String e = RouterFixture.errorsOf("InfiniteSource(ACTIVE false) -> Print(CONTENTS FOO) -> Discard;");
        assertTrue(e.contains("bad contents value"), e);
    }

    @Test
    void timestampFormat()
    {
        assertEquals("1.000020", Timestamps.format(1_000_020_000L));
        assertEquals("-0.900000", Timestamps.format(-900_000_000L));
        assertEquals("0.000000", Timestamps.format(0));
    }

    @Test
    void messageAndError()
    {
        final String e = RouterFixture.errorsOf("Message(\"stop here\", ERROR);");
        assertTrue(e.contains("stop here"), e);
        final String e2 = RouterFixture.errorsOf("InfiniteSource(ACTIVE false) -> Error(whatever, 1 2 3) -> Discard;");
        assertEquals("", e2);
        final org.jclick.dataplane.element.ErrorHandler.Buffer errs = new org.jclick.dataplane.element.ErrorHandler.Buffer();
        final var router = org.jclick.dataplane.runtime.RouterLoader.fromText("config",
            "InfiniteSource(ACTIVE false) -> Error(whatever, 1 2 3) -> Discard;", java.util.Map.of(),
            org.jclick.dataplane.element.ElementRegistry.loadDefault(),
            new org.jclick.dataplane.runtime.Router.Options(org.jclick.dataplane.runtime.Clock.simulated(0), 1, "", ""),
            errs);
        assertEquals(null, router);
        assertEquals("", RouterFixture.errorsOf("Message(hello);"));
    }
}
