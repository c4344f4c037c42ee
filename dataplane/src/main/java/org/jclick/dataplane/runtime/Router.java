package org.jclick.dataplane.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.jclick.dataplane.args.ArgContext;
import org.jclick.dataplane.args.ElementResolver;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementRegistry;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.Handler;
import org.jclick.dataplane.element.Handlers;
import org.jclick.dataplane.element.Port;
import org.jclick.dataplane.packet.PacketAllocator;
import org.jclick.lang.ConfigStrings;
import org.jclick.lang.FlatRouter;
import org.jclick.lang.SourceLocation;

/**
 * Click's {@code Router}: the elements of one flattened configuration, their connections with push and pull
 * resolved, their handlers, and the {@link Master} that runs them.
 *
 * <p>Life cycle: {@link #build} instantiates the elements and resolves processing (reporting Click's port errors);
 * {@link #initialize} configures every element in configure-phase order, adds handlers, and initializes them;
 * {@link #run()} runs the scheduler until the driver stops; {@link #cleanup()} cleans every element up once.
 */
public final class Router implements ElementResolver
{
    /** One connection, by element. */
    public record Connection(Element from, int fromPort, Element to, int toPort, String landmark)
    {
    }

    /**
     * Click's {@code DriverManager} attachment: called when the router's run count drops to zero; it may raise the
     * count again to keep running.
     */
    @FunctionalInterface
    public interface DriverHook
    {
        /**
         * One driver step (Click's {@code step router} write): returns the script's status, 0 to go on, 1 when it
         * reached a stop instruction, negative on error.
         */
        int handleStoppedDriver();
    }

    /** Everything a router needs besides the flat configuration. */
    public record Options(Clock clock, int threads, String configText, String flatConfigText)
    {
        public Options
        {
            if (threads < 1)
            {
                throw new IllegalArgumentException("threads must be >= 1");
            }
        }

        public static Options defaults()
        {
            return new Options(Clock.wall(), 1, "", "");
        }
    }

    /** Version string of the {@code version} handler: the Click language level, then jclick's. */
    public static final String VERSION = "2.1";

    private final FlatRouter flat;
    private final ElementRegistry registry;
    private final Options options;
    private final List<Element> elements = new ArrayList<>();
    private final Map<String, Element> byName = new HashMap<>();
    private final List<Connection> connections = new ArrayList<>();
    private final Handlers handlers = new Handlers();
    private final NameDatabase names = new NameDatabase();
    private final Master master;
    private final AtomicInteger runCount = new AtomicInteger(1);
    private final Map<String, Object> attachments = new LinkedHashMap<>();
    private final Map<Element, ArgContext> argContexts = new HashMap<>();
    private final PacketAllocator[] allocators;
    private int[] homeThreads;
    private Element.CleanupStage[] stages;
    private boolean initialized;
    private boolean cleanedUp;
    private Shard shard;
    private final Map<String, Integer> notifierSignals = new HashMap<>();
    /** Uncaught exceptions from each element's tasks and timers, by element index. */
    private java.util.concurrent.atomic.AtomicLongArray exceptionCounts = new java.util.concurrent.atomic.AtomicLongArray(0);

    private Router(final FlatRouter flat, final ElementRegistry registry, final Options options)
    {
        this.flat = flat;
        this.registry = registry;
        this.options = options;
        this.master = new Master(options.threads(), options.clock());
        this.master.setRouter(this);
        final boolean oneJavaThread = options.clock().isSimulated() || options.threads() == 1;
        this.allocators = new PacketAllocator[options.threads()];
        for (int i = 0; i < allocators.length; i++)
        {
            allocators[i] = oneJavaThread && i > 0 ? allocators[0] : new PacketAllocator();
        }
    }

    // ================================================================================== building

    /**
     * Instantiates {@code flat}'s elements and resolves push and pull. Reports Click's errors (unknown classes,
     * push/pull conflicts, port reuse) to {@code errh} and returns null if there was any.
     */
    public static Router build(final FlatRouter flat, final ElementRegistry registry, final Options options,
        final ErrorHandler errh)
    {
        final Router r = new Router(flat, registry, options);
        final int before = errh.errorCount();
        r.instantiate(errh);
        if (errh.errorCount() > before)
        {
            return null;
        }
        r.resolvePorts(errh);
        if (errh.errorCount() > before)
        {
            return null;
        }
        return r;
    }

    private static String landmark(final SourceLocation loc)
    {
        return loc == null ? "" : loc.landmark();
    }

    private void instantiate(final ErrorHandler errh)
    {
        for (final FlatRouter.Element fe : flat.elements())
        {
            final Element e = registry.create(fe.className());
            if (e == null)
            {
                errh.lerror(landmark(fe.location()), "unknown element class '" + fe.className() + "'");
                continue;
            }
            e.attach(this, elements.size(), fe.name(), landmark(fe.location()), fe.config(), fe.configLocation());
            elements.add(e);
            byName.put(fe.name(), e);
        }
        homeThreads = new int[elements.size()];
        exceptionCounts = new java.util.concurrent.atomic.AtomicLongArray(elements.size());
        stages = new Element.CleanupStage[elements.size()];
        Arrays.fill(stages, Element.CleanupStage.RAW);
    }

    // ---- processing (Click's Router::check_push_and_pull, lib/router.cc)

    private static final int AGNOSTIC = 0;
    private static final int PUSH = 1;
    private static final int PULL = 2;

    private static int[] codes(final String processing, final boolean outputs, final int n)
    {
        final int slash = processing.indexOf('/');
        final String side = slash < 0 ? processing : outputs ? processing.substring(slash + 1)
            : processing.substring(0, slash);
        final int[] out = new int[n];
        for (int i = 0; i < n; i++)
        {
            final char c = side.isEmpty() ? 'a' : side.charAt(Math.min(i, side.length() - 1));
            out[i] = switch (c)
            {
                case 'h', 'H' -> PUSH;
                case 'l', 'L' -> PULL;
                default -> AGNOSTIC;
            };
        }
        return out;
    }

    private static String kind(final int p)
    {
        return p == PULL ? "pull" : p == PUSH ? "push" : "agnostic";
    }

    private void resolvePorts(final ErrorHandler errh)
    {
        final int n = elements.size();
        final int[] nin = new int[n];
        final int[] nout = new int[n];
        for (final FlatRouter.Connection c : flat.connections())
        {
            nout[c.from()] = Math.max(nout[c.from()], c.fromPort() + 1);
            nin[c.to()] = Math.max(nin[c.to()], c.toPort() + 1);
        }
        for (int i = 0; i < n; i++)
        {
            final int[] lo = minimumPorts(elements.get(i).portCount());
            nin[i] = Math.max(nin[i], lo[0]);
            nout[i] = Math.max(nout[i], lo[1]);
        }
        final int[][] in = new int[n][];
        final int[][] out = new int[n][];
        for (int i = 0; i < n; i++)
        {
            final String pc = elements.get(i).processing();
            in[i] = codes(pc, false, nin[i]);
            out[i] = codes(pc, true, nout[i]);
        }

        // real connections, then agnostic links inside elements (input i <-> output j when flow allows)
        record Link(int from, int fromPort, int to, int toPort, boolean agnostic, String landmark)
        {
        }
        final List<Link> links = new ArrayList<>();
        for (final FlatRouter.Connection c : flat.connections())
        {
            links.add(new Link(c.from(), c.fromPort(), c.to(), c.toPort(), false, landmark(c.location())));
        }
        for (int i = 0; i < n; i++)
        {
            final Element e = elements.get(i);
            for (int p = 0; p < nin[i]; p++)
            {
                if (in[i][p] != AGNOSTIC)
                {
                    continue;
                }
                final java.util.BitSet f = FlowCode.forward(e.flowCode(), p, nin[i], nout[i]);
                for (int q = f.nextSetBit(0); q >= 0; q = f.nextSetBit(q + 1))
                {
                    if (out[i][q] == AGNOSTIC)
                    {
                        links.add(new Link(i, q, i, p, true, e.landmark()));
                    }
                }
            }
        }
        final boolean[] dead = new boolean[links.size()];
        boolean changed = true;
        while (changed)
        {
            changed = false;
            for (int k = 0; k < links.size(); k++)
            {
                if (dead[k])
                {
                    continue;
                }
                final Link l = links.get(k);
                final int pf = out[l.from()][l.fromPort()];
                final int pt = in[l.to()][l.toPort()];
                if (pt == AGNOSTIC)
                {
                    if (pf != AGNOSTIC)
                    {
                        in[l.to()][l.toPort()] = pf;
                        changed = true;
                    }
                }
                else if (pf == AGNOSTIC)
                {
                    out[l.from()][l.fromPort()] = pt;
                    changed = true;
                }
                else if (pf != pt)
                {
                    final Element from = elements.get(l.from());
                    if (l.agnostic())
                    {
                        errh.lerror(from.landmark(), "agnostic '" + from.declaration() + "' in mixed context: "
                            + kind(pt) + " input " + l.toPort() + ", " + kind(pf) + " output " + l.fromPort());
                    }
                    else
                    {
                        final Element to = elements.get(l.to());
                        errh.lerror(from.landmark(), "'" + from.declaration() + "' " + kind(pf) + " output "
                            + l.fromPort() + " connected to '" + to.declaration() + "' " + kind(pt) + " input "
                            + l.toPort());
                    }
                    dead[k] = true;
                }
            }
        }
        for (int i = 0; i < n; i++)
        {
            for (int p = 0; p < nin[i]; p++)
            {
                if (in[i][p] == AGNOSTIC)
                {
                    in[i][p] = PUSH;
                }
            }
            for (int p = 0; p < nout[i]; p++)
            {
                if (out[i][p] == AGNOSTIC)
                {
                    out[i][p] = PUSH;
                }
            }
        }

        // reuse: a push output or a pull input has exactly one connection
        final Map<Long, Integer> outputUse = new HashMap<>();
        final Map<Long, Integer> inputUse = new HashMap<>();
        final List<FlatRouter.Connection> fc = flat.connections();
        for (int k = 0; k < fc.size(); k++)
        {
            final FlatRouter.Connection c = fc.get(k);
            final long ok = ((long)c.from() << 32) | c.fromPort();
            final long ik = ((long)c.to() << 32) | c.toPort();
            if (out[c.from()][c.fromPort()] == PUSH && outputUse.containsKey(ok))
            {
                final Element from = elements.get(c.from());
                errh.lerror(from.landmark(), "illegal reuse of '" + from.declaration() + "' push output "
                    + c.fromPort());
            }
            else
            {
                outputUse.putIfAbsent(ok, k);
            }
            if (in[c.to()][c.toPort()] == PULL && inputUse.containsKey(ik))
            {
                final Element to = elements.get(c.to());
                errh.lerror(to.landmark(), "illegal reuse of '" + to.declaration() + "' pull input " + c.toPort());
            }
            else
            {
                inputUse.putIfAbsent(ik, k);
            }
            connections.add(new Connection(elements.get(c.from()), c.fromPort(), elements.get(c.to()), c.toPort(),
                landmark(c.location())));
        }

        for (int i = 0; i < n; i++)
        {
            final Element e = elements.get(i);
            final Port[] ins = new Port[nin[i]];
            final Port[] outs = new Port[nout[i]];
            for (int p = 0; p < nin[i]; p++)
            {
                Element peer = null;
                int peerPort = -1;
                if (in[i][p] == PULL)
                {
                    final Integer k = inputUse.get(((long)i << 32) | p);
                    if (k != null)
                    {
                        peer = elements.get(fc.get(k).from());
                        peerPort = fc.get(k).fromPort();
                    }
                }
                ins[p] = new Port(e, p, false, in[i][p] == PUSH, peer, peerPort);
            }
            for (int p = 0; p < nout[i]; p++)
            {
                Element peer = null;
                int peerPort = -1;
                if (out[i][p] == PUSH)
                {
                    final Integer k = outputUse.get(((long)i << 32) | p);
                    if (k != null)
                    {
                        peer = elements.get(fc.get(k).to());
                        peerPort = fc.get(k).toPort();
                    }
                }
                outs[p] = new Port(e, p, true, out[i][p] == PUSH, peer, peerPort);
            }
            e.setPorts(ins, outs);
        }
    }

    /** The minimum input and output counts of a port-count code (Click's notation). */
    static int[] minimumPorts(final String portCount)
    {
        if (portCount == null || portCount.isEmpty())
        {
            return new int[] {0, 0};
        }
        final int slash = portCount.indexOf('/');
        final String ins = slash < 0 ? portCount : portCount.substring(0, slash);
        final String outs = slash < 0 ? portCount : portCount.substring(slash + 1);
        final int inLo = low(ins);
        final int outLo = outs.startsWith("=") ? inLo + outs.length() - 1 : low(outs);
        return new int[] {inLo, outLo};
    }

    private static int low(final String s)
    {
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i)))
        {
            i++;
        }
        return i == 0 ? 0 : Integer.parseInt(s.substring(0, i));
    }

    // ================================================================================== set-up

    /** Elements in configure order: by configure phase, then by index. */
    public List<Element> configureOrder()
    {
        final List<Element> order = new ArrayList<>(elements);
        order.sort((a, b) -> a.configurePhase() != b.configurePhase()
            ? Integer.compare(a.configurePhase(), b.configurePhase())
            : Integer.compare(a.eindex(), b.eindex()));
        return order;
    }

    /**
     * For {@code jclick check}: configures, in configure order, only the elements that
     * {@link Element#checkedStatically() can be checked statically} (no files opened, nothing started), and
     * reports their errors as {@link #initialize} would. Returns 0, or a negative value when any failed. The
     * router is not initialized and is not to be run afterwards.
     */
    public int checkConfigurations(final ErrorHandler errh)
    {
        boolean ok = true;
        for (final Element e : configureOrder())
        {
            if (!e.checkedStatically())
            {
                continue;
            }
            final ErrorHandler cerrh = errh.context("While configuring '" + e.declaration() + "':", e.landmark());
            final int before = cerrh.errorCount();
            int r;
            try
            {
                r = e.configure(ConfigStrings.argvec(e.configuration()), cerrh);
            }
            catch (final RuntimeException ex)
            {
                r = cerrh.error("internal error: " + ex);
            }
            if (r < 0 || cerrh.errorCount() > before)
            {
                ok = false;
            }
        }
        return ok ? 0 : ErrorHandler.FAILURE;
    }

    /**
     * Configures every element (all of them, reporting every error), then adds handlers, then initializes them in
     * order, stopping at the first failure. Returns 0, or a negative value when the router could not be
     * initialized (the caller prints Click's "Router could not be initialized!").
     */
    public int initialize(final ErrorHandler errh)
    {
        if (initialized)
        {
            throw new IllegalStateException("router already initialized");
        }
        initialized = true;
        final List<Element> order = configureOrder();
        boolean ok = true;
        for (final Element e : order)
        {
            final ErrorHandler cerrh = errh.context("While configuring '" + e.declaration() + "':", e.landmark());
            final int before = cerrh.errorCount();
            int r;
            try
            {
                r = e.configure(ConfigStrings.argvec(e.configuration()), cerrh);
            }
            catch (final RuntimeException ex)
            {
                r = cerrh.error("internal error: " + ex);
            }
            if (r < 0 || cerrh.errorCount() > before)
            {
                stages[e.eindex()] = Element.CleanupStage.CONFIGURE_FAILED;
                ok = false;
            }
            else
            {
                stages[e.eindex()] = Element.CleanupStage.CONFIGURED;
            }
        }
        // Click's notifiers take their signal bits while their elements configure; do the same, in configure order
        for (final Element e : order)
        {
            if (stages[e.eindex()] == Element.CleanupStage.CONFIGURED)
            {
                numberNotifier(e, Notifier.EMPTY_NOTIFIER);
                numberNotifier(e, Notifier.FULL_NOTIFIER);
            }
        }
        addGlobalHandlers();
        for (final Element e : elements)
        {
            addStandardHandlers(e);
            try
            {
                e.addHandlers();
            }
            catch (final RuntimeException ex)
            {
                errh.lerror(e.landmark(), "While adding handlers to '" + e.declaration() + "': internal error: " + ex);
                ok = false;
            }
        }
        if (!ok)
        {
            return ErrorHandler.FAILURE;
        }
        for (final Element e : order)
        {
            final ErrorHandler cerrh = errh.context("While initializing '" + e.declaration() + "':", e.landmark());
            final int before = cerrh.errorCount();
            int r;
            try
            {
                r = e.initialize(cerrh);
            }
            catch (final RuntimeException ex)
            {
                r = cerrh.error("internal error: " + ex);
            }
            if (r < 0 || cerrh.errorCount() > before)
            {
                stages[e.eindex()] = Element.CleanupStage.INITIALIZE_FAILED;
                return ErrorHandler.FAILURE;
            }
            stages[e.eindex()] = Element.CleanupStage.INITIALIZED;
        }
        for (final Element e : elements)
        {
            stages[e.eindex()] = Element.CleanupStage.ROUTER_INITIALIZED;
        }
        return 0;
    }

    private void numberNotifier(final Element e, final String name)
    {
        try
        {
            if (e.cast(name) instanceof Notifier n)
            {
                n.initializeSignal(NotifierSignal.groupName(name), this);
            }
        }
        catch (final RuntimeException ex)
        {
            // an element whose cast needs initialization: it gets its number from the first search instead
        }
    }

    /**
     * Click's {@code Router::new_notifier_signal}: the next bit number of signal group {@code group} (bits are
     * shown as word {@code n / 32}, mask {@code 1 << n % 32} by {@link NotifierSignal#unparse()}).
     */
    synchronized int allocateNotifierSignal(final String group)
    {
        final int n = notifierSignals.getOrDefault(group, 0);
        notifierSignals.put(group, n + 1);
        return n;
    }

    /** Runs the scheduler until the driver stops (all sources done, {@code stop}, or {@link #stop()}). */
    public void run()
    {
        master.run();
    }

    /** Cleans every element up, in reverse configure order (once). */
    public void cleanup()
    {
        if (cleanedUp)
        {
            return;
        }
        cleanedUp = true;
        final List<Element> order = configureOrder();
        for (int i = order.size() - 1; i >= 0; i--)
        {
            final Element e = order.get(i);
            try
            {
                e.cleanup(stages[e.eindex()]);
            }
            catch (final RuntimeException ex)
            {
                System.err.println(e.landmark() + ": While cleaning up '" + e.declaration() + "': internal error: " + ex);
            }
        }
        for (final Runnable hook : cleanupHooks)
        {
            hook.run();
        }
    }

    private final List<Runnable> cleanupHooks = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Runs {@code hook} at the end of {@link #cleanup()} (setup time; e.g. to give compiled classes back). */
    public void onCleanup(final Runnable hook)
    {
        cleanupHooks.add(hook);
    }

    /** Frees the packet memory. Call after {@link #cleanup()}, when no packet is referenced any more. */
    public void releaseMemory()
    {
        for (int i = 0; i < allocators.length; i++)
        {
            if (i == 0 || allocators[i] != allocators[0])
            {
                allocators[i].close();
            }
        }
    }

    // ================================================================================== sharding

    /**
     * Makes this router one replica of {@code --threads N}: its sharding sources let in only the flows of
     * {@code shard}. Call before {@link #initialize}. A shard of count 1 (or null) means no sharding.
     */
    public void setShard(final Shard shard)
    {
        if (initialized)
        {
            throw new IllegalStateException("setShard after initialize");
        }
        this.shard = shard == null || shard.count() == 1 ? null : shard;
    }

    /** The shard of this replica, or null when the router sees every packet (the default). */
    public Shard shard()
    {
        return shard;
    }

    // ================================================================================== accessors

    public List<Element> elements()
    {
        return List.copyOf(elements);
    }

    public int elementCount()
    {
        return elements.size();
    }

    public Element element(final int eindex)
    {
        return elements.get(eindex);
    }

    public List<Connection> connections()
    {
        return connections;
    }

    public FlatRouter flatRouter()
    {
        return flat;
    }

    public ElementRegistry registry()
    {
        return registry;
    }

    public Options options()
    {
        return options;
    }

    public Master master()
    {
        return master;
    }

    public Clock clock()
    {
        return master.clock();
    }

    /** The router clock's time in ns since the epoch. */
    public long nowNs()
    {
        return master.clock().nowNs();
    }

    /** {@link Master#coarseNowNs()}: a cheap "now" for per-packet rate estimates. */
    public long coarseNowNs()
    {
        return master.coarseNowNs();
    }

    public Handlers handlers()
    {
        return handlers;
    }

    public NameDatabase names()
    {
        return names;
    }

    /**
     * Packets made by the router's allocators so far: those its sources brought in. Meant for progress displays
     * on another thread, which may see a slightly old figure.
     */
    public long packetsMade()
    {
        long n = 0;
        for (int i = 0; i < allocators.length; i++)
        {
            if (i == 0 || allocators[i] != allocators[0])
            {
                n += allocators[i].madeCount();
            }
        }
        return n;
    }

    /**
     * The allocator of the scheduler thread that is running now (the thread-0 allocator when called from outside
     * the run, e.g. at setup): where a packet handed over from another thread is copied to become this thread's.
     */
    public PacketAllocator allocatorOfCurrentThread()
    {
        final Thread me = Thread.currentThread();
        for (int i = 0; i < master.threadCount(); i++)
        {
            if (master.thread(i).javaThread == me)
            {
                return allocator(i);
            }
        }
        return allocators[0];
    }

    /** The packet allocator of thread {@code threadId} (the element's home thread for sources). */
    public PacketAllocator allocator(final int threadId)
    {
        return allocators[Math.min(Math.max(threadId, 0), allocators.length - 1)];
    }

    /** The packet allocator for packets made by {@code e} (its home thread's). */
    public PacketAllocator allocatorFor(final Element e)
    {
        return allocator(homeThreadOf(e));
    }

    /** The element named exactly {@code fullName}, or null. */
    @Override
    public Element find(final String fullName)
    {
        return byName.get(fullName);
    }

    /** Click's {@code Router::find(name, context)}: {@code name} relative to {@code context}'s compound. */
    public Element find(final String name, final Element context)
    {
        return (Element)findRelative(name, context == null ? null : context.name());
    }

    /** The argument context of {@code e}: relative element names and AddressInfo names. */
    public ArgContext argContext(final Element e)
    {
        return argContexts.computeIfAbsent(e, k -> new ArgContext(k.name(), names, this));
    }

    /** Thread an element's tasks and timers start on (set by StaticThreadSched; default 0). */
    public int homeThreadOf(final Element e)
    {
        return e.eindex() >= 0 && e.eindex() < homeThreads.length ? homeThreads[e.eindex()] : 0;
    }

    /** Sets the home thread of {@code e} (before it initializes). */
    public void setHomeThread(final Element e, final int threadId)
    {
        homeThreads[e.eindex()] = threadId;
    }

    /** Click's attachments: router-wide objects by name (e.g. the {@code DriverManager}). */
    public synchronized Object attachment(final String name)
    {
        return attachments.get(name);
    }

    public synchronized void setAttachment(final String name, final Object value)
    {
        attachments.put(name, value);
    }

    // ================================================================================== driver

    /** Click's run count: the router runs while it is positive. */
    public int runCount()
    {
        return runCount.get();
    }

    public void adjustRunCount(final int delta)
    {
        if (runCount.addAndGet(delta) <= 0)
        {
            master.thread(0).wake();
        }
    }

    public void setRunCount(final int value)
    {
        runCount.set(value);
        if (value <= 0)
        {
            master.thread(0).wake();
        }
    }

    /** Click's {@code please_stop_driver()}: a source is done; decrements the run count. */
    public void pleaseStopDriver()
    {
        adjustRunCount(-1);
    }

    /** Stops the run loop now, whatever the run count or DriverManager (Ctrl-C). */
    public void stop()
    {
        master.requestStop();
    }

    /** At most this many driver steps per check, as Click's {@code check_driver}. */
    private static final int MAX_DRIVER_STEPS = 1000;

    /** Called by thread 0 each turn: gives a stopped driver to the DriverManager; returns true to stop. */
    boolean checkDriver()
    {
        if (runCount.get() > 0)
        {
            return false;
        }
        final Object dm = attachment("DriverManager");
        if (dm instanceof DriverHook hook)
        {
            // As Click's Master::check_driver: step the script while the count stays down and the script goes on.
            // Each step consumes one stop request; requests made by other threads meanwhile (so the count may
            // not have risen after a step) are consumed by further steps rather than taken for a final stop.
            int max = MAX_DRIVER_STEPS;
            while (hook.handleStoppedDriver() == 0 && runCount.get() <= 0 && --max >= 0)
            {
                // step again
            }
        }
        return runCount.get() <= 0;
    }

    // ================================================================================== robustness

    /**
     * An element's task or timer ({@code where}) threw {@code ex}: the scheduler caught it (outside the per-packet
     * code) and goes on. Counts it for the element (see {@link #exceptionCount}, and the global {@code exceptions}
     * handler) and prints one line to standard error the first time for each element. Never throws.
     */
    static void reportException(final Element e, final RuntimeException ex, final String where)
    {
        final Router r = e == null ? null : e.router();
        long n = 1;
        if (r != null && e.eindex() >= 0 && e.eindex() < r.exceptionCounts.length())
        {
            n = r.exceptionCounts.incrementAndGet(e.eindex());
        }
        if (n == 1)
        {
            final StackTraceElement[] st = ex.getStackTrace();
            final String at = st.length > 0 ? " at " + st[0].getClassName() + "." + st[0].getMethodName() : "";
            final String who = e == null ? "?" : e.declaration();
            System.err.println((e == null || e.landmark().isEmpty() ? "" : e.landmark() + ": ") + "'" + who + "' "
                + where + " threw " + ex.getClass().getName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage())
                + at + "; continuing (counted in the exceptions handler)");
        }
    }

    /** How many exceptions {@code e}'s tasks and timers threw (caught by the scheduler). */
    public long exceptionCount(final Element e)
    {
        return e.eindex() >= 0 && e.eindex() < exceptionCounts.length() ? exceptionCounts.get(e.eindex()) : 0;
    }

    private String exceptionsText()
    {
        final StringBuilder sb = new StringBuilder();
        for (final Element e : elements)
        {
            final long n = exceptionCount(e);
            if (n > 0)
            {
                sb.append(e.name()).append(' ').append(n).append('\n');
            }
        }
        return sb.toString();
    }

    // ================================================================================== handlers

    private void addStandardHandlers(final Element e)
    {
        handlers.addRead(e, "name", e::name, Handler.CALM);
        handlers.addRead(e, "class", e::className, Handler.CALM);
        handlers.addRead(e, "config", e::configuration, Handler.CALM);
        if (e.canLiveReconfigure())
        {
            handlers.addWrite(e, "config", (value, errh) ->
            {
                final int r = e.liveReconfigure(ConfigStrings.argvec(value), errh);
                if (r >= 0)
                {
                    e.setConfiguration(value);
                }
                return r;
            }, 0);
        }
        handlers.addRead(e, "ports", () -> portsText(e), Handler.CALM);
        handlers.addRead(e, "handlers", () -> handlersText(e), Handler.CALM);
    }

    private String portsText(final Element e)
    {
        final StringBuilder sb = new StringBuilder();
        sb.append(e.ninputs()).append(e.ninputs() == 1 ? " input\n" : " inputs\n");
        for (int i = 0; i < e.ninputs(); i++)
        {
            sb.append(e.inputIsPush(i) ? "push" : "pull").append('\t');
            final List<String> peers = new ArrayList<>();
            for (final Connection c : connections)
            {
                if (c.to() == e && c.toPort() == i)
                {
                    peers.add(c.from().name() + " [" + c.fromPort() + "]");
                }
            }
            sb.append(peers.isEmpty() ? "-" : String.join(", ", peers)).append('\n');
        }
        sb.append(e.noutputs()).append(e.noutputs() == 1 ? " output\n" : " outputs\n");
        for (int i = 0; i < e.noutputs(); i++)
        {
            sb.append(e.outputIsPush(i) ? "push" : "pull").append('\t');
            final List<String> peers = new ArrayList<>();
            for (final Connection c : connections)
            {
                if (c.from() == e && c.fromPort() == i)
                {
                    peers.add("[" + c.toPort() + "] " + c.to().name());
                }
            }
            sb.append(peers.isEmpty() ? "-" : String.join(", ", peers)).append('\n');
        }
        return sb.toString();
    }

    private String handlersText(final Element e)
    {
        final List<Handler> hs = new ArrayList<>(handlers.of(e));
        hs.sort((a, b) -> a.name().compareTo(b.name()));
        final StringBuilder sb = new StringBuilder();
        for (final Handler h : hs)
        {
            if (h.visible())
            {
                sb.append(h.name()).append('\t').append(h.modeString()).append('\n');
            }
        }
        return sb.toString();
    }

    private void addGlobalHandlers()
    {
        handlers.addRead(null, "version", () -> VERSION, Handler.CALM);
        handlers.addRead(null, "list", () ->
        {
            final StringBuilder sb = new StringBuilder().append(elements.size()).append('\n');
            for (final Element e : elements)
            {
                sb.append(e.name()).append('\n');
            }
            return sb.toString();
        }, Handler.CALM);
        handlers.addRead(null, "classes", () ->
        {
            final StringBuilder sb = new StringBuilder();
            for (final String c : registry.classNames())
            {
                sb.append(c).append('\n');
            }
            return sb.toString();
        }, Handler.CALM);
        handlers.addRead(null, "config", options::configText, Handler.CALM);
        handlers.addRead(null, "flatconfig", options::flatConfigText, Handler.CALM);
        handlers.addRead(null, "requirements", () ->
        {
            final StringBuilder sb = new StringBuilder();
            for (final FlatRouter.Requirement r : flat.requirements())
            {
                sb.append(r.value()).append('\n');
            }
            return sb.toString();
        }, Handler.CALM);
        handlers.addRead(null, "handlers", () ->
        {
            final StringBuilder sb = new StringBuilder();
            for (final Handler h : handlers.of(null))
            {
                if (h.visible())
                {
                    sb.append(h.name()).append('\t').append(h.modeString()).append('\n');
                }
            }
            return sb.toString();
        }, Handler.CALM);
        handlers.addWrite(null, "stop", (value, errh) ->
        {
            int n = 1;
            if (!value.isBlank())
            {
                try
                {
                    n = Integer.parseInt(value.trim());
                }
                catch (final NumberFormatException ex)
                {
                    n = 1; // as Click: a value that is not an integer (e.g. "true") stops once
                }
            }
            adjustRunCount(-n);
            return 0;
        }, Handler.BUTTON);
        handlers.addRead(null, "timewarp", () -> Double.toString(clock().warp()), 0);
        handlers.addRead(null, "exceptions", this::exceptionsText, 0);
        handlers.addWrite(null, "timewarp", (value, errh) ->
        {
            try
            {
                clock().setWarp(Double.parseDouble(value.trim()));
                return 0;
            }
            catch (final RuntimeException ex)
            {
                return errh.error("timewarp: expected positive number");
            }
        }, 0);
    }

    /**
     * Finds a handler by Click's name syntax: {@code elem.h} (element relative to {@code context}'s compound) or
     * {@code h} (global). Reports "no element named" / "no handler" to {@code errh} and returns null.
     */
    public Handler handler(final String spec, final Element context, final ErrorHandler errh)
    {
        final int dot = spec.lastIndexOf('.');
        if (dot < 0)
        {
            final Handler h = handlers.find(null, spec);
            if (h == null)
            {
                errh.error("no global handler named '" + spec + "'");
            }
            return h;
        }
        final String ename = spec.substring(0, dot);
        final String hname = spec.substring(dot + 1);
        final Element e = find(ename, context);
        if (e == null)
        {
            errh.error("no element named '" + ename + "'");
            return null;
        }
        final Handler h = handlers.find(e, hname);
        if (h == null)
        {
            errh.error("no handler named '" + e.name() + "." + hname + "'");
        }
        return h;
    }
}
