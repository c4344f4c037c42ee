package org.jclick.elements.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jclick.elements.RouterFixture;
import org.junit.jupiter.api.Test;

/** Script(TYPE SIGNAL ...) with real signals sent to this JVM by the kill function. */
class ScriptSignalTest
{
    @Test
    void signalScriptsRunOnTheRouterThreadAndExitDisarms()
    {
        try (RouterFixture f = RouterFixture.wall(
            "a :: Script(TYPE SIGNAL USR1, export n 0, set n $(add $n 1), end);\n"
                + "b :: Script(TYPE SIGNAL SIGUSR1, export m 0, set m $(add $m 1), exit);\n"
                + "Script(set y $(kill USR1 $$), wait 0.05s, set y $(kill 10 $$), wait 0.05s, stop);", 1))
        {
            f.run();
            // a ran for both signals; b ran once and then let its signal go
            assertEquals("2", f.read("a.n").trim());
            assertEquals("1", f.read("b.m").trim());
        }
    }

    @Test
    void aRealSignalFromAnotherThreadRunsTheScript() throws Exception
    {
        try (RouterFixture f = RouterFixture.wall(
            "a :: Script(TYPE SIGNAL USR1, export n 0, set n $(add $n 1), end);\n"
                + "DriverManager(wait 0.4s, stop);", 1))
        {
            final Thread driver = Thread.ofPlatform().daemon().start(f::run);
            Thread.sleep(100);
            sun.misc.Signal.raise(new sun.misc.Signal("USR1"));
            driver.join(5000);
            assertEquals("1", f.read("a.n").trim());
        }
    }

    @Test
    void badSignalNames()
    {
        assertTrue(RouterFixture.errorsOf("Script(TYPE SIGNAL FROB, end)").contains("unknown signal 'FROB'"));
        assertTrue(RouterFixture.errorsOf("Script(TYPE SIGNAL, end)").contains("missing signal names"));
    }
}
