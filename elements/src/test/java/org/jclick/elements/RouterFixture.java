package org.jclick.elements;

import java.util.Map;

import org.jclick.dataplane.element.ElementRegistry;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.runtime.Clock;
import org.jclick.dataplane.runtime.Router;
import org.jclick.dataplane.runtime.RouterLoader;

/** Builds, runs and reads routers from configuration text, for element tests. */
public final class RouterFixture implements AutoCloseable
{
    private final Router router;
    private final ErrorHandler.Buffer errors = new ErrorHandler.Buffer();

    private RouterFixture(final String config, final boolean simtime, final int threads)
    {
        final Router.Options options = new Router.Options(simtime ? Clock.simulated(1_000_000_000L * 1_000_000_000L) : Clock.wall(),
            threads, config, "");
        router = RouterLoader.fromText("config", config, Map.of(), ElementRegistry.loadDefault(), options, errors);
    }

    /** A router under simulated time (deterministic). Fails with the error text if it cannot be initialized. */
    public static RouterFixture simtime(final String config)
    {
        final RouterFixture f = new RouterFixture(config, true, 1);
        if (f.router == null)
        {
            throw new AssertionError("router could not be initialized:\n" + f.errors.text());
        }
        return f;
    }

    /** A router under wall-clock time. */
    public static RouterFixture wall(final String config, final int threads)
    {
        final RouterFixture f = new RouterFixture(config, false, threads);
        if (f.router == null)
        {
            throw new AssertionError("router could not be initialized:\n" + f.errors.text());
        }
        return f;
    }

    /** The errors a configuration gives (null router expected). */
    public static String errorsOf(final String config)
    {
        final RouterFixture f = new RouterFixture(config, true, 1);
        if (f.router != null)
        {
            f.close();
            return "";
        }
        return f.errors.text();
    }

    public Router router()
    {
        return router;
    }

    /** Runs until the driver stops. */
    public RouterFixture run()
    {
        router.run();
        return this;
    }

    /** Reads handler {@code spec} ({@code elem.h} or global {@code h}); fails on error. */
    public String read(final String spec)
    {
        final ErrorHandler.Buffer e = new ErrorHandler.Buffer();
        final var h = router.handler(spec, null, e);
        if (h == null)
        {
            throw new AssertionError(e.text());
        }
        final String v = h.callRead("", e);
        if (v == null)
        {
            throw new AssertionError(e.text());
        }
        return v;
    }

    /** Writes handler {@code spec}; returns the result code. */
    public int write(final String spec, final String value)
    {
        final ErrorHandler.Buffer e = new ErrorHandler.Buffer();
        final var h = router.handler(spec, null, e);
        if (h == null)
        {
            throw new AssertionError(e.text());
        }
        return h.callWrite(value, e);
    }

    @Override
    public void close()
    {
        router.cleanup();
        router.releaseMemory();
    }
}
