package org.jclick.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;

import org.jclick.dataplane.element.ElementRegistry;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.runtime.Router;
import org.jclick.dataplane.runtime.Shard;
import org.jclick.lang.FlatRouter;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The replicas of {@code --threads N}: N routers built from one flattened configuration, replica k seeing only the
 * flows of {@link Shard} k of N (as a NIC's RSS queue k), each with its own elements and state and run by its own
 * platform thread. Nothing is shared between replicas on the packet path: no locks, no shared tables.
 */
final class Replicas {

    /** The replica whose thread is running (inherited by a replica's own scheduler threads), or null. */
    private static final InheritableThreadLocal<Integer> CURRENT = new InheritableThreadLocal<>();

    private final List<Router> routers;

    private Replicas(List<Router> routers) {
        this.routers = routers;
    }

    /**
     * Builds and initializes {@code n} replicas of {@code flat} ({@code options} gives each its options). Returns
     * null (after cleaning up what was built) if one could not be built or initialized; errors went to {@code errh}.
     */
    static Replicas build(FlatRouter flat, ElementRegistry registry, IntFunction<Router.Options> options, int n,
            ErrorHandler errh) {
        final List<Router> built = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            final Router router = Router.build(flat, registry, options.apply(k), errh);
            if (router == null) {
                built.forEach(Router::cleanup);
                return null;
            }
            router.setShard(Shard.of(k, n));
            built.add(router);
            if (router.initialize(errh) < 0) {
                built.forEach(Router::cleanup);
                return null;
            }
        }
        return new Replicas(built);
    }

    /** Replicas made of routers built and initialized elsewhere (router k with shard k of N). */
    static Replicas of(List<Router> routers) {
        return new Replicas(List.copyOf(routers));
    }

    int count() {
        return routers.size();
    }

    Router get(int k) {
        return routers.get(k);
    }

    List<Router> all() {
        return routers;
    }

    /** Applies the engine options to every replica; with several, replica k's classes go to DIR/replica-k. */
    void applyEngine(EngineOptions engine, String configName, PrintStream err) {
        applyEngine(engine, configName, java.util.List.of(), err);
    }

    /** As {@link #applyEngine(EngineOptions, String, PrintStream)}, keeping the machinery of {@code handlers}. */
    void applyEngine(EngineOptions engine, String configName, java.util.Collection<String> handlers, PrintStream err) {
        for (int k = 0; k < routers.size(); k++) {
            final Path dump = engine.dumpClasses == null || routers.size() == 1 ? engine.dumpClasses
                    : engine.dumpClasses.resolve("replica-" + k);
            EngineOptions.apply(routers.get(k), configName, engine.engine(), dump, engine.verify, handlers, err);
        }
    }

    /** Packets made so far by every replica (for progress displays). */
    long packetsMade() {
        long n = 0;
        for (Router r : routers) {
            n += r.packetsMade();
        }
        return n;
    }

    /**
     * Runs every replica on its own platform thread until each driver stops (Ctrl-C or SIGTERM stops them all), with
     * standard output replaced by one that hands each line a replica prints to {@code lines} (replica index, line
     * without its newline); what other threads print goes to the standard output in place. Returns when every replica
     * has stopped.
     */
    void run(BiConsumer<Integer, String> lines) {
        final PrintStream saved = System.out;
        final ReplicaLines out = new ReplicaLines(routers.size(), lines, saved);
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        SignalHandler oldInt = null;
        SignalHandler oldTerm = null;
        try {
            oldInt = Signal.handle(new Signal("INT"), sig -> stopAll());
            oldTerm = Signal.handle(new Signal("TERM"), sig -> stopAll());
        } catch (IllegalArgumentException e) {
            // signal not available here: run without
        }
        final Thread[] threads = new Thread[routers.size()];
        final Throwable[] failures = new Throwable[routers.size()];
        try {
            for (int k = 0; k < threads.length; k++) {
                final int replica = k;
                final Router router = routers.get(k);
                threads[k] = Thread.ofPlatform().name("jclick-replica-" + k).unstarted(() -> {
                    CURRENT.set(replica);
                    try {
                        router.run();
                    } catch (RuntimeException | Error e) {
                        failures[replica] = e;
                        stopAll();
                    }
                });
            }
            for (Thread t : threads) {
                t.start();
            }
            for (Thread t : threads) {
                joinUninterruptibly(t);
            }
        } finally {
            System.out.flush();
            out.flushPartialLines();
            System.setOut(saved);
            if (oldInt != null) {
                Signal.handle(new Signal("INT"), oldInt);
            }
            if (oldTerm != null) {
                Signal.handle(new Signal("TERM"), oldTerm);
            }
        }
        for (int k = 0; k < failures.length; k++) {
            if (failures[k] instanceof RuntimeException e) {
                throw e;
            }
            if (failures[k] instanceof Error e) {
                throw e;
            }
        }
    }

    private void stopAll() {
        for (Router r : routers) {
            r.stop();
        }
    }

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    void cleanup() {
        for (Router r : routers) {
            r.cleanup();
        }
    }

    void releaseMemory() {
        for (Router r : routers) {
            r.releaseMemory();
        }
    }

    /** A standard output that collects each replica's bytes into lines and hands over whole lines. */
    private static final class ReplicaLines extends OutputStream {
        private final ByteArrayOutputStream[] partial;
        private final BiConsumer<Integer, String> lines;
        private final PrintStream others;

        ReplicaLines(int n, BiConsumer<Integer, String> lines, PrintStream others) {
            this.partial = new ByteArrayOutputStream[n];
            for (int k = 0; k < n; k++) {
                partial[k] = new ByteArrayOutputStream();
            }
            this.lines = lines;
            this.others = others;
        }

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            final Integer k = CURRENT.get();
            if (k == null || k < 0 || k >= partial.length) {
                others.write(b, off, len);
                return;
            }
            final ByteArrayOutputStream buf = partial[k];
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    lines.accept(k, buf.toString(StandardCharsets.UTF_8));
                    buf.reset();
                } else {
                    buf.write(b[i]);
                }
            }
        }

        @Override
        public synchronized void flush() throws IOException {
            others.flush();
        }

        synchronized void flushPartialLines() {
            for (int k = 0; k < partial.length; k++) {
                if (partial[k].size() > 0) {
                    lines.accept(k, partial[k].toString(StandardCharsets.UTF_8));
                    partial[k].reset();
                }
            }
        }
    }
}
