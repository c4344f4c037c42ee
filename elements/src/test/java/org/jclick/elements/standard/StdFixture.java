package org.jclick.elements.standard;

import java.util.ArrayList;
import java.util.List;
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

/**
 * A router under simulated time for this package's tests, with one extra test element, {@link Holder}, that keeps
 * the packets pushed to it so tests can look at them.
 */
final class StdFixture implements AutoCloseable
{
    static final long START_NS = 1_000_000_000L * 1_000_000_000L;

    /** Keeps every packet pushed into it (test only). */
    @ElementDoc(synopsis = "Holder", description = "keeps packets")
    public static final class Holder extends Element
    {
        final List<Packet> packets = new ArrayList<>();

        @Override
        public String portCount()
        {
            return "1/0";
        }

        @Override
        public String processing()
        {
            return PUSH;
        }

        @Override
        public void push(final int port, final Packet p)
        {
            packets.add(p);
        }

        @Override
        public void cleanup(final CleanupStage stage)
        {
            for (final Packet p : packets)
            {
                p.kill();
            }
            packets.clear();
        }
    }

    private final Router router;
    private final ErrorHandler.Buffer errors = new ErrorHandler.Buffer();

    private StdFixture(final String config)
    {
        final ElementRegistry registry = ElementRegistry.loadDefault();
        registry.register(Holder.class);
        router = RouterLoader.fromText("config", config, Map.of(), registry,
            new Router.Options(Clock.simulated(START_NS), 1, config, ""), errors);
    }

    static StdFixture of(final String config)
    {
        final StdFixture f = new StdFixture(config);
        if (f.router == null)
        {
            throw new AssertionError("router could not be initialized:\n" + f.errors.text());
        }
        return f;
    }

    /** The errors a configuration gives ("" when it initializes). */
    static String errorsOf(final String config)
    {
        final StdFixture f = new StdFixture(config);
        if (f.router != null)
        {
            f.close();
            return "";
        }
        return f.errors.text();
    }

    Router router()
    {
        return router;
    }

    @SuppressWarnings("unchecked")
    <T extends Element> T element(final String name)
    {
        final Element e = router.find(name);
        if (e == null)
        {
            throw new AssertionError("no element " + name);
        }
        return (T)e;
    }

    /** Runs until the driver stops. */
    StdFixture run()
    {
        router.run();
        return this;
    }

    /** Runs until {@code seconds} of simulated time have passed since the start (or the driver stops). */
    StdFixture runUntil(final double seconds)
    {
        final Timer stop = new Timer(router.element(0), t -> router.stop());
        stop.initialize();
        stop.scheduleAt(START_NS + (long)(seconds * 1e9));
        router.run();
        return this;
    }

    long elapsedNs()
    {
        return router.nowNs() - START_NS;
    }

    String read(final String spec)
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

    int write(final String spec, final String value)
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
