package org.jclick.elements.rewriter;

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
 * Routers for the rewriter tests under simulated time: a {@code Sink} test element keeps what it receives, packets
 * are built here (IPv4 with TCP, UDP or ICMP, correct checksums computed independently of the code under test)
 * and pushed straight into the element under test.
 */
final class RwFixture implements AutoCloseable
{
    static final long START_NS = 1_000_000_000L * 1_000_000_000L;

    @ElementDoc(synopsis = "Sink", description = "keeps packets (tests)")
    public static final class Sink extends Element
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

        Packet take()
        {
            return packets.isEmpty() ? null : packets.remove(0);
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
    private final Clock clock = Clock.simulated(START_NS);

    private RwFixture(final String config)
    {
        final ElementRegistry registry = ElementRegistry.loadDefault();
        registry.register(Sink.class);
        router = RouterLoader.fromText("config", config, Map.of(), registry, new Router.Options(clock, 1, config, ""),
            errors);
    }

    static RwFixture of(final String config)
    {
        final RwFixture f = new RwFixture(config);
        if (f.router == null)
        {
            throw new AssertionError("router could not be initialized:\n" + f.errors.text());
        }
        return f;
    }

    static String errorsOf(final String config)
    {
        final RwFixture f = new RwFixture(config);
        if (f.router != null)
        {
            f.close();
            return "";
        }
        return f.errors.text();
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

    Sink sink(final String name)
    {
        return element(name);
    }

    /** Sets simulated time to {@code seconds} after the start. */
    void at(final double seconds)
    {
        clock.advanceTo(START_NS + (long)(seconds * 1e9));
    }

    /** Runs the router (timers fire) until {@code seconds} after the start. */
    void runUntil(final double seconds)
    {
        final Timer stop = new Timer(router.element(0), t -> router.stop());
        stop.initialize();
        stop.scheduleAt(START_NS + (long)(seconds * 1e9));
        router.run();
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

    String read(final String spec, final String param)
    {
        final ErrorHandler.Buffer e = new ErrorHandler.Buffer();
        final var h = router.handler(spec, null, e);
        final String v = h.callRead(param, e);
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
        final int r = h.callWrite(value, e);
        if (r < 0)
        {
            System.err.println(e.text());
        }
        return r;
    }

    // ------------------------------------------------------------------------------------------ packets

    static int ip(final String dotted)
    {
        final String[] p = dotted.split("\\.");
        return Integer.parseInt(p[0]) << 24 | Integer.parseInt(p[1]) << 16 | Integer.parseInt(p[2]) << 8
            | Integer.parseInt(p[3]);
    }

    /** An IPv4 packet (no options) with a TCP (20-byte header), UDP or ICMP-echo header and {@code payload}. */
    Packet packet(final int proto, final String src, final int sport, final String dst, final int dport,
        final byte[] payload)
    {
        final int thl = proto == 6 ? 20 : 8;
        final byte[] b = new byte[20 + thl + payload.length];
        b[0] = 0x45;
        put16(b, 2, b.length);
        put16(b, 4, 0x1234);
        b[8] = 64;
        b[9] = (byte)proto;
        put32(b, 12, ip(src));
        put32(b, 16, ip(dst));
        put16(b, 10, cksum(b, 0, 20, 0));
        if (proto == 1)
        {
            b[20] = (byte)sport; // type
            put16(b, 24, dport); // identifier
            put16(b, 26, 7); // sequence
        }
        else
        {
            put16(b, 20, sport);
            put16(b, 22, dport);
        }
        if (proto == 6)
        {
            put32(b, 24, 1000);
            put32(b, 28, 0);
            b[32] = 0x50;
            b[33] = 0x10;
            put16(b, 34, 8192);
        }
        else if (proto == 17)
        {
            put16(b, 24, 8 + payload.length);
        }
        System.arraycopy(payload, 0, b, 20 + thl, payload.length);
        fixTransportChecksum(b);
        return make(b);
    }

    Packet make(final byte[] b)
    {
        final Packet p = router.allocatorFor(router.element(0)).make(b, 0, b.length);
        p.setNetworkHeader(0, (b[0] & 0xF) << 2);
        return p;
    }

    static void fixTransportChecksum(final byte[] b)
    {
        final int proto = b[9] & 0xFF;
        final int len = b.length - 20;
        if (proto == 1)
        {
            put16(b, 22, 0);
            put16(b, 22, cksum(b, 20, len, 0));
            return;
        }
        final int off = 20 + (proto == 6 ? 16 : 6);
        put16(b, off, 0);
        final int pseudo = sum(b, 12, 8, 0) + proto + len;
        int c = cksum(b, 20, len, pseudo);
        if (proto == 17 && c == 0)
        {
            c = 0xFFFF;
        }
        put16(b, off, c);
    }

    static byte[] bytes(final Packet p)
    {
        final byte[] b = new byte[p.length()];
        p.copyTo(0, b, 0, b.length);
        return b;
    }

    static int sum(final byte[] b, final int off, final int len, final int initial)
    {
        long s = initial;
        for (int i = 0; i < len; i += 2)
        {
            s += (b[off + i] & 0xFF) << 8 | (i + 1 < len ? b[off + i + 1] & 0xFF : 0);
        }
        while (s >> 16 != 0)
        {
            s = (s & 0xFFFF) + (s >> 16);
        }
        return (int)s;
    }

    static int cksum(final byte[] b, final int off, final int len, final int initial)
    {
        return ~sum(b, off, len, initial) & 0xFFFF;
    }

    /** Whether the IP header checksum and (for TCP, UDP with nonzero checksum, ICMP) the transport checksum verify. */
    static boolean checksumsValid(final byte[] b)
    {
        final int hl = (b[0] & 0xF) << 2;
        if (cksum(b, 0, hl, 0) != 0)
        {
            return false;
        }
        final int proto = b[9] & 0xFF;
        final int len = b.length - hl;
        if (proto == 1)
        {
            return cksum(b, hl, len, 0) == 0;
        }
        if (proto == 17 && get16(b, hl + 6) == 0)
        {
            return true;
        }
        final int pseudo = sum(b, 12, 8, 0) + proto + len;
        return cksum(b, hl, len, pseudo) == 0;
    }

    static int get16(final byte[] b, final int off)
    {
        return (b[off] & 0xFF) << 8 | b[off + 1] & 0xFF;
    }

    static int get32(final byte[] b, final int off)
    {
        return get16(b, off) << 16 | get16(b, off + 2);
    }

    static void put16(final byte[] b, final int off, final int v)
    {
        b[off] = (byte)(v >> 8);
        b[off + 1] = (byte)v;
    }

    static void put32(final byte[] b, final int off, final int v)
    {
        put16(b, off, v >>> 16);
        put16(b, off + 2, v);
    }

    /** "src:sport > dst:dport" of a TCP/UDP packet's bytes. */
    static String flow(final byte[] b)
    {
        return str(get32(b, 12)) + ":" + get16(b, 20) + " > " + str(get32(b, 16)) + ":" + get16(b, 22);
    }

    static String str(final int a)
    {
        return (a >>> 24) + "." + (a >>> 16 & 0xFF) + "." + (a >>> 8 & 0xFF) + "." + (a & 0xFF);
    }

    @Override
    public void close()
    {
        if (router != null)
        {
            router.cleanup();
            router.releaseMemory();
        }
    }
}
