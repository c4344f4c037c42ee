package org.jclick.elements.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jclick.elements.RouterFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptTest
{
    /** Runs {@code config} under simulated time; returns {stdout, stderr} of every Script. */
    private static String[] run(final String config)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final PrintStream oldErr = System.err;
        try (RouterFixture f = RouterFixture.simtime(config))
        {
            final PrintStream o = new PrintStream(out, true, StandardCharsets.ISO_8859_1);
            final PrintStream e = new PrintStream(err, true, StandardCharsets.ISO_8859_1);
            for (final var el : f.router().elements())
            {
                if (el instanceof ScriptEngine s)
                {
                    s.setOutput(o);
                    s.setErrorOutput(e);
                }
            }
            System.setErr(e);
            f.run();
        }
        finally
        {
            System.setErr(oldErr);
        }
        return new String[] {out.toString(StandardCharsets.ISO_8859_1), err.toString(StandardCharsets.ISO_8859_1)};
    }

    @Test
    void driverManagerPausesUntilTheSourceStops()
    {
        final String[] r = run("InfiniteSource(LIMIT 5, STOP true) -> c :: Counter -> Discard;"
            + "DriverManager(pause, print $(c.count), print c.count)");
        assertEquals("5\n5\n", r[0]);
    }

    @Test
    void arithmeticAsClickScript04()
    {
        final String[] r = run("s0 :: Script(print $(add 1 2 3), print $(sub 10 2 2), print $(min 10 6 20),"
            + " print $(max -1 6 3), print $(mul 1 2 3), print $(div 75 2.5 5), print $(idiv 60 2 5),"
            + " print $(htonl $(ntohl 6)), print $(htons $(ntohs 6)), write set foovar foo bar baz,"
            + " print $(shift foovar), print $(shift foovar), print $(get foovar), stop)");
        assertEquals("6\n6\n6\n6\n6\n6\n6\n6\n6\nfoo\nbar\nbaz\n", r[0]);
        assertEquals("", r[1]);
    }

    @Test
    void passiveScriptAndReadqAsClickScript02(@TempDir final Path dir)
    {
        final Path file = dir.resolve("FILE");
        final String[] r = run("s0 :: Script(printn >" + file + " $(s.run \"\\<0a 09 01>\"),"
            + " readq length \"\\<0a 09 01>\", stop)\n s :: Script(TYPE PASSIVE, returnq $1)");
        assertEquals("s0.length:\n3\n", r[1]);
        try
        {
            assertEquals("\n\t\u0001", Files.readString(file, StandardCharsets.ISO_8859_1));
        }
        catch (final java.io.IOException e)
        {
            throw new AssertionError(e);
        }
    }

    @Test
    void tooManyJumpsAsClickScript03()
    {
        final String[] r = run("s0 :: Script(label a, goto a);\ns1 :: Script(wait 1, stop);");
        assertEquals("s0 :: Script: too many jumps, giving up\n", r[1]);
    }

    @Test
    void loopsWithConditions()
    {
        final String[] r = run("Script(set x 0, label l, print $x, set x $(add $x 1), goto l $(lt $x 5), stop)");
        assertEquals("0\n1\n2\n3\n4\n", r[0]);
    }

    @Test
    void waitAdvancesSimulatedTime()
    {
        final String[] r = run("s :: Script(set a $(now), wait 1.5s, set b $(now), print $(sub $b $a), "
            + "print $(if $(gt $b $a) yes no), stop)");
        assertEquals("1.5\nyes\n", r[0]);
    }

    @Test
    void passiveRunHandlerReturnsValue()
    {
        try (RouterFixture f = RouterFixture.simtime("InfiniteSource(ACTIVE false) -> c :: Counter -> Discard;"
            + "s :: Script(TYPE PASSIVE, return \"out=$(c.count) args=$# first=$1\"); DriverManager(stop)"))
        {
            assertEquals("\"out=0 args=0 first=\"", f.read("s.run"));
        }
    }

    @Test
    void packetScriptChoosesOutputs()
    {
        try (RouterFixture f = RouterFixture.simtime("InfiniteSource(LIMIT 6, STOP true)"
            + " -> sx :: Script(TYPE PACKET, init i 0, set j $i, set i $(if $(eq $i 0) 1 0), return $j);"
            + " sx[0] -> a :: Counter -> Discard; sx[1] -> b :: Counter -> Discard;"
            + " InfiniteSource(LIMIT 3, STOP true) -> Script(TYPE PACKET, exit) -> d :: Counter -> Discard;"
            + " DriverManager(pause, pause)"))
        {
            f.run();
            assertEquals("3", f.read("a.count"));
            assertEquals("3", f.read("b.count"));
            assertEquals("0", f.read("d.count"));
        }
    }

    @Test
    void stepHandlerAndCountCallAsInTheBenchmarkHarness()
    {
        final String[] r = run("define($N 4) i :: InfiniteSource(LIMIT 10, ACTIVE false) -> in :: Counter(COUNT_CALL $N s.step)"
            + " -> Discard;"
            + "s :: Script(TYPE ACTIVE, set t1 $(now), write i.active true, pause, set t2 $(now),"
            + " set dt $(sub $t2 $t1), wait 10ms,"
            + " print \"RESULT n=$(in.count) proc_s=$dt\", stop)");
        assertEquals("RESULT n=10 proc_s=0\n", r[0]);
    }

    @Test
    void exportedVariablesAreHandlers()
    {
        try (RouterFixture f = RouterFixture.simtime("s :: Script(TYPE PASSIVE, export x 5, init y 2, set x 7);"
            + "DriverManager(stop)"))
        {
            assertEquals("5", f.read("s.x"));
            f.read("s.run");
            assertEquals("7", f.read("s.x"));
        }
    }

    @Test
    void functions()
    {
        final String[] r = run("Script(print $(sprintf \"%05x|%-4s|%+d\" 127 ab 3), print $(div 1 3),"
            + " print $(and true false), print $(in b a b), print $(eq 10 0xA), print $(eq 10x 10x),"
            + " print $(mod 7 3), print $(neg 2.5), print $(length abc), stop)");
        assertEquals("0007f|ab  |+3\n0.333333333333\nfalse\ntrue\ntrue\ntrue\n1\n-2.5\n3\n", r[0]);
    }

    @Test
    void driverManagerWithoutInstructionsStopsAtFirstEvent()
    {
        final String[] r = run("InfiniteSource(LIMIT 2, STOP true) -> c :: Counter -> Discard;"
            + "InfiniteSource(LIMIT 3, STOP true) -> Discard; DriverManager(wait_stop, print c.count, wait_stop)");
        assertTrue(r[0].startsWith("2"), r[0]);
    }

    @Test
    void configurationErrors()
    {
        final String e = RouterFixture.errorsOf("Script(frob 1)");
        assertTrue(e.contains("syntax error at 'frob'"), e);
        final String e2 = RouterFixture.errorsOf("Script(goto nowhere)");
        assertTrue(e2.contains("no such label 'nowhere'"), e2);
        final String e3 = RouterFixture.errorsOf("DriverManager(stop); DriverManager(stop)");
        assertTrue(e3.contains("more than one driver script"), e3);
    }

    @Test
    void harnessUnderWallClock()
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RouterFixture f = RouterFixture.wall("i :: InfiniteSource(LIMIT 1000, BURST 32, ACTIVE false)"
            + " -> in :: Counter(COUNT_CALL 1000 s.step) -> Discard;"
            + " s :: Script(TYPE ACTIVE, set t0 $(now), label wl, wait 1ms, goto wl $(lt $(sub $(now) $t0) 0.005),"
            + " set t1 $(now), write i.active true, pause, set t2 $(now), set dt $(sub $t2 $t1),"
            + " print \"RESULT n=$(in.count) ok=$(ge $dt 0) mpps=$(div $(div $(in.count) $dt) 1000000)\", stop)", 1))
        {
            ((ScriptEngine)f.router().find("s")).setOutput(new PrintStream(out, true, StandardCharsets.ISO_8859_1));
            f.run();
        }
        final String r = out.toString(StandardCharsets.ISO_8859_1);
        assertTrue(r.matches("RESULT n=1000 ok=true mpps=[0-9.e+]+\n"), r);
    }

    @Test
    void driverWaitTimeIsSteppedByStopEvents()
    {
        try (RouterFixture f = RouterFixture.simtime("InfiniteSource(LIMIT 3, STOP true) -> c :: Counter -> Discard;"
            + " d :: DriverManager(wait 10s, stop)"))
        {
            final long start = f.router().nowNs();
            f.run();
            assertTrue(f.router().nowNs() - start < 1_000_000_000L);
            assertEquals("3", f.read("c.count"));
        }
    }

    @Test
    void numberFormatting()
    {
        assertEquals("0.333333333333", ScriptFunctions.formatDouble(1.0 / 3));
        assertEquals("1e+12", ScriptFunctions.formatDouble(1e12));
        assertEquals("123456789012", ScriptFunctions.formatDouble(123456789012.0));
        assertEquals("1.5e-05", ScriptFunctions.formatDouble(0.000015));
        assertEquals("1000000000.123456789", ScriptFunctions.formatTimestamp(1_000_000_000_123_456_789L));
    }

    @Test
    void passiveScriptInsideACompoundAsInTheBenchmarkConfigs()
    {
        final String[] r = run("define($NAME fwd) elementclass Processing { input -> c :: Counter -> Discard;"
            + " counters :: Script(TYPE PASSIVE, return \"out=$(c.count)\"); }"
            + " InfiniteSource(LIMIT 3, STOP true) -> proc :: Processing;"
            + " DriverManager(pause, print \"RESULT config=$NAME n=$(proc/c.count)\", print \"COUNTERS $(proc/counters.run)\")");
        assertEquals("RESULT config=fwd n=3\nCOUNTERS \"out=3\"\n", r[0]);
    }
    @Test
    void passiveScriptKeepsItsArgumentsAcrossWait()
    {
        // Click's run_timer steps without resetting $args (Bypass-02's try_all_orders relies on it)
        final String[] r = run("t :: Script(TYPE PASSIVE, print \"a $1 $#\", wait 1, print \"b $1 $2 $args\");"
            + " Script(write t.run x y, wait 3, stop);");
        assertEquals("a x 2\nb x y x y\n", r[0]);
    }
}
