package org.jclick.elements;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ElementRegistry;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.runtime.Clock;
import org.jclick.dataplane.runtime.Router;
import org.jclick.dataplane.runtime.RouterLoader;
import org.jclick.dataplane.runtime.Timer;
import org.junit.jupiter.api.Test;

/** An element that throws from the packet path (a task or a timer) neither stops the router nor prints a trace. */
class SchedulerRobustnessTest
{
    /** Throws on its 3rd and 7th packet, passes the others. */
    @ElementDoc(synopsis = "FaultyPass", description = "Test element: throws on packets 3 and 7.")
    public static final class FaultyPass extends Element
    {
        private int seen;

        @Override
        public String portCount()
        {
            return PORTS_1_1;
        }

        @Override
        public String processing()
        {
            return PUSH;
        }

        @Override
        public void push(final int port, final Packet p)
        {
            seen++;
            if (seen == 3 || seen == 7)
            {
                p.kill();
                throw new IllegalStateException("packet " + seen);
            }
            output(0).push(p);
        }
    }

    /** A timer every millisecond, five times; the second run throws. */
    @ElementDoc(synopsis = "FaultyTimer", description = "Test element: its second timer run throws.")
    public static final class FaultyTimer extends Element
    {
        private final Timer timer = new Timer(this);
        private int runs;

        @Override
        public int initialize(final ErrorHandler errh)
        {
            timer.initialize();
            timer.scheduleAfterMs(1);
            return 0;
        }

        @Override
        public void runTimer(final Timer t)
        {
            runs++;
            if (runs < 5)
            {
                t.scheduleAfterMs(1);
            }
            if (runs == 2)
            {
                throw new ArithmeticException("second run");
            }
        }

        @Override
        public void addHandlers()
        {
            addReadHandler("runs", () -> Integer.toString(runs));
        }
    }

    private static Router build(final String config)
    {
        final ElementRegistry registry = ElementRegistry.loadDefault();
        registry.register(FaultyPass.class);
        registry.register(FaultyTimer.class);
        final ErrorHandler.Buffer errors = new ErrorHandler.Buffer();
        final Router r = RouterLoader.fromText("config", config, Map.of(), registry,
            new Router.Options(Clock.simulated(1_000_000_000L * 1_000_000_000L), 1, config, ""), errors);
        assertNotNull(r, errors.text());
        return r;
    }

    private static String read(final Router r, final String spec)
    {
        final ErrorHandler.Buffer e = new ErrorHandler.Buffer();
        return r.handler(spec, null, e).callRead("", e);
    }

    /** Runs {@code r} to its end with standard error captured; returns what was printed there. */
    private static String runCapturingStderr(final Router r)
    {
        final PrintStream old = System.err;
        final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try
        {
            r.run();
        }
        finally
        {
            System.setErr(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anExceptionInAPushIsCountedAndTheSourceGoesOn()
    {
        final Router r = build("InfiniteSource(LIMIT 10, STOP true) -> f :: FaultyPass -> c :: Counter -> Discard;");
        try
        {
            final String err = runCapturingStderr(r);
            // the source's task met the exception twice, was run again each time, and reached its limit
            assertEquals("8", read(r, "c.count"));
            assertEquals(2, r.exceptionCount(r.find("InfiniteSource@1")));
            assertEquals("InfiniteSource@1 2\n", read(r, "exceptions"));
            // one line, the first time, and no stack trace
            final String[] lines = err.strip().split("\n");
            assertEquals(1, lines.length, err);
            assertTrue(lines[0].contains("InfiniteSource@1 :: InfiniteSource") && lines[0].contains("task threw")
                && lines[0].contains("IllegalStateException: packet 3") && lines[0].contains("FaultyPass"), err);
            assertTrue(!err.contains("\tat "), err);
        }
        finally
        {
            r.cleanup();
        }
    }

    @Test
    void anExceptionInATimerIsCountedAndTheTimerKeepsItsSchedule()
    {
        final Router r = build("t :: FaultyTimer;");
        try
        {
            final String err = runCapturingStderr(r);
            // the timer had rescheduled itself before throwing; the router ends once nothing is left to do
            assertEquals("5", read(r, "t.runs"));
            assertEquals("t 1\n", read(r, "exceptions"));
            assertTrue(err.contains("'t :: FaultyTimer' timer threw java.lang.ArithmeticException: second run"), err);
            assertEquals(1, err.strip().split("\n").length, err);
        }
        finally
        {
            r.cleanup();
        }
    }

    @Test
    void noExceptionsNoLines()
    {
        final Router r = build("InfiniteSource(LIMIT 3, STOP true) -> c :: Counter -> Discard;");
        try
        {
            assertEquals("", runCapturingStderr(r));
            assertEquals("", read(r, "exceptions"));
        }
        finally
        {
            r.cleanup();
        }
    }
}
