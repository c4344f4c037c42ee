package org.jclick.dataplane.element;

import java.util.List;

import org.jclick.dataplane.args.ArgContext;
import org.jclick.dataplane.args.Args;
import org.jclick.dataplane.args.ConfigurationException;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketBatch;
import org.jclick.dataplane.runtime.Router;
import org.jclick.dataplane.runtime.Task;
import org.jclick.dataplane.runtime.Timer;

/**
 * Click's {@code Element}: one node of a router. A subclass is named as in configurations (class {@code Counter}
 * is element class {@code Counter}, or {@link ElementDoc#name()} says otherwise), has a public no-argument
 * constructor, and overrides what it needs:
 *
 * <ul>
 * <li><b>Declarations</b> (constant per class): {@link #portCount()}, {@link #processing()}, {@link #flowCode()},
 * {@link #configurePhase()}.</li>
 * <li><b>Setup</b> (may allocate and report errors): {@link #configure}, {@link #addHandlers()},
 * {@link #initialize}, {@link #cleanup}, in that order (Click's configure-phase order).</li>
 * <li><b>Packets</b> (may not allocate, box, log or throw): {@link #push}, {@link #pull}, and their batch forms
 * {@link #pushBatch} and {@link #pullBatch}. An element without batch code gets a per-packet adapter. Elements
 * whose work is one packet in, at most one packet out extend {@link SimpleElement} instead.</li>
 * <li><b>Scheduling</b>: {@link #runTask} for its {@link Task}s and {@link #runTimer} for its {@link Timer}s.</li>
 * </ul>
 *
 * <p>Batch ownership: a callee of {@link #pushBatch} takes every packet of the batch (it forwards or kills each
 * one) and may reuse the batch object to forward them; when it returns, the caller must treat the batch's
 * contents as gone and {@link PacketBatch#clear()} it before reuse.
 */
public abstract class Element
{
    // ---------------------------------------------------------------------------------- Click's constants

    /** Processing codes: every port agnostic / push / pull, or push inputs and pull outputs, and so on. */
    public static final String AGNOSTIC = "a";
    public static final String PUSH = "h";
    public static final String PULL = "l";
    public static final String PUSH_TO_PULL = "h/l";
    public static final String PULL_TO_PUSH = "l/h";
    public static final String PROCESSING_A_AH = "a/ah";

    /** Port counts in Click's notation ({@code in/out}, {@code -} for any number, {@code =} for as many as inputs). */
    public static final String PORTS_0_0 = "0/0";
    public static final String PORTS_0_1 = "0/1";
    public static final String PORTS_1_0 = "1/0";
    public static final String PORTS_1_1 = "1/1";
    public static final String PORTS_1_1X2 = "1/1-2";

    /** Flow code: every input may reach every output. */
    public static final String COMPLETE_FLOW = "x/x";

    public static final int CONFIGURE_PHASE_FIRST = 0;
    public static final int CONFIGURE_PHASE_INFO = 20;
    public static final int CONFIGURE_PHASE_PRIVILEGED = 90;
    public static final int CONFIGURE_PHASE_DEFAULT = 100;
    public static final int CONFIGURE_PHASE_LAST = 2000;

    /** How far setup got when {@link #cleanup} is called (Click's {@code CleanupStage}). */
    public enum CleanupStage
    {
        NO_ROUTER, BEFORE_ROUTER_INITIALIZE, RAW, CONFIGURE_FAILED, CONFIGURED, INITIALIZE_FAILED, INITIALIZED,
        ROUTER_INITIALIZED, MANUAL
    }

    private static final Port[] NO_PORTS = new Port[0];

    // ---------------------------------------------------------------------------------- identity (set by Router)

    private Router router;
    private int eindex = -1;
    private String name = "";
    private String landmark = "";
    private String configuration = "";
    private org.jclick.lang.SourceLocation configLocation;
    Port[] inputs = NO_PORTS;
    Port[] outputs = NO_PORTS;

    /** Called once by the router that owns this element, before {@link #configure}. */
    public final void attach(final Router router, final int eindex, final String name, final String landmark,
        final String configuration)
    {
        if (this.router != null)
        {
            throw new IllegalStateException("element already attached: " + this.name);
        }
        this.router = router;
        this.eindex = eindex;
        this.name = name;
        this.landmark = landmark == null ? "" : landmark;
        this.configuration = configuration == null ? "" : configuration;
    }

    /**
     * As {@link #attach(Router, int, String, String, String)}, with where the configuration string starts in the
     * source (null when unknown or when variable expansion changed it), for {@link #argumentLocation}.
     */
    public final void attach(final Router router, final int eindex, final String name, final String landmark,
        final String configuration, final org.jclick.lang.SourceLocation configLocation)
    {
        attach(router, eindex, name, landmark, configuration);
        this.configLocation = configLocation;
    }

    /**
     * Where {@code word}, found at {@code offset} within configuration argument {@code arg} (as
     * {@link org.jclick.lang.ConfigStrings#argvec} splits {@link #configuration()}), is in the source, with its
     * column; null when that is unknown (no source position, an expanded configuration, or the word is not
     * there). Pass it to {@link ErrorHandler#lerrorAt} to point an error at the word.
     */
    public final org.jclick.lang.SourceLocation argumentLocation(final int arg, final int offset, final String word)
    {
        final org.jclick.lang.SourceLocation base = configLocation;
        if (base == null || base.line() <= 0 || base.column() <= 0 || arg < 0 || offset < 0)
        {
            return null;
        }
        final String config = configuration;
        final int[] starts = org.jclick.lang.ConfigStrings.argStarts(config);
        if (arg >= starts.length)
        {
            return null;
        }
        int at = starts[arg] + offset;
        final int argEnd = arg + 1 < starts.length ? starts[arg + 1] : config.length();
        if (word != null && !word.isEmpty() && !config.startsWith(word, at))
        {
            // comments inside the argument shift the offsets: look for the word itself
            at = config.indexOf(word, starts[arg]);
            if (at < 0 || at >= argEnd)
            {
                return null;
            }
        }
        if (at > config.length())
        {
            return null;
        }
        int line = base.line();
        int column = base.column();
        for (int i = 0; i < at; i++)
        {
            if (config.charAt(i) == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }
        return new org.jclick.lang.SourceLocation(base.file(), line, column);
    }

    /**
     * Whether {@code jclick check} may configure this element to check its configuration: true for elements whose
     * {@link #configure} only parses (no files, sockets or other elements' state). False by default.
     */
    public boolean checkedStatically()
    {
        return false;
    }

    /** Called by the router once ports are resolved; {@code inputs[i]} and {@code outputs[i]} are never null. */
    public final void setPorts(final Port[] inputs, final Port[] outputs)
    {
        this.inputs = inputs.clone();
        this.outputs = outputs.clone();
    }

    public final Router router()
    {
        return router;
    }

    /** Index of this element in its router (Click's {@code eindex()}). */
    public final int eindex()
    {
        return eindex;
    }

    /** Full flattened name, e.g. {@code proc/c}. */
    public final String name()
    {
        return name;
    }

    /** Where it was declared, {@code file:line}. */
    public final String landmark()
    {
        return landmark;
    }

    /** Click's {@code declaration()}: {@code name :: Class}. */
    public final String declaration()
    {
        return name + " :: " + className();
    }

    /** The element class name used in configurations. */
    public String className()
    {
        return ElementRegistry.classNameOf(getClass());
    }

    /** The configuration string as written (after variable expansion); the {@code config} handler. */
    public final String configuration()
    {
        return configuration;
    }

    /** Replaces the stored configuration string (after a successful live reconfiguration). */
    public final void setConfiguration(final String configuration)
    {
        this.configuration = configuration;
    }

    // ---------------------------------------------------------------------------------- declarations

    /** Click's {@code port_count()}; the default is no ports. */
    public String portCount()
    {
        return PORTS_0_0;
    }

    /** Click's {@code processing()}; the default is agnostic everywhere. */
    public String processing()
    {
        return AGNOSTIC;
    }

    /** Click's {@code flow_code()}; the default is complete flow. */
    public String flowCode()
    {
        return COMPLETE_FLOW;
    }

    /** Click's {@code configure_phase()}: lower phases are configured and initialized first. */
    public int configurePhase()
    {
        return CONFIGURE_PHASE_DEFAULT;
    }

    /** Whether {@code config} may be written while running ({@link #liveReconfigure}). */
    public boolean canLiveReconfigure()
    {
        return false;
    }

    /**
     * Click's {@code cast()}: a named interface or facility of this element, or null. The runtime asks for
     * {@link org.jclick.dataplane.runtime.Notifier#EMPTY_NOTIFIER} and
     * {@link org.jclick.dataplane.runtime.Notifier#FULL_NOTIFIER}.
     */
    public Object cast(final String name)
    {
        return null;
    }

    // ---------------------------------------------------------------------------------- ports

    public final int ninputs()
    {
        return inputs.length;
    }

    public final int noutputs()
    {
        return outputs.length;
    }

    /**
     * Told by the graph compiler, before a compiled router runs, which of this element's handlers anything can
     * call ({@code live} answers for a handler name without the element's name): the Scripts and handler calls of
     * the configuration, the handlers asked for on the command line, and every handler when a ControlSocket serves
     * them. An element may then stop keeping, on its packet path, state that only dead handlers read (Click's
     * compiler tools remove such code too). A handler whose state is no longer kept must say so when it is read
     * anyway, never answer a stale value. Setup time; by default nothing changes.
     */
    public void retainHandlers(final java.util.function.Predicate<String> live)
    {
    }

    public final Port input(final int port)
    {
        return inputs[port];
    }

    public final Port output(final int port)
    {
        return outputs[port];
    }

    public final boolean inputIsPush(final int port)
    {
        return inputs[port].isPush();
    }

    public final boolean inputIsPull(final int port)
    {
        return !inputs[port].isPush();
    }

    public final boolean outputIsPush(final int port)
    {
        return outputs[port].isPush();
    }

    public final boolean outputIsPull(final int port)
    {
        return !outputs[port].isPush();
    }

    /** Click's {@code checked_output_push}: pushes to {@code port}, or kills the packet if there is no such port. */
    public final void checkedOutputPush(final int port, final Packet p)
    {
        if (port >= 0 && port < outputs.length)
        {
            outputs[port].push(p);
        }
        else
        {
            p.kill();
        }
    }

    // ---------------------------------------------------------------------------------- setup

    /**
     * Click's {@code configure()}: parses {@code conf} (the configuration split into arguments, unquoting left to
     * the argument parsers). Reports every problem to {@code errh} and returns a negative value on failure. The
     * default accepts no arguments.
     */
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        return complete(args(conf), errh);
    }

    /** Registers this element's own handlers (the standard ones are added by the router). */
    public void addHandlers()
    {
    }

    /** Click's {@code initialize()}: acquires resources, schedules tasks. Returns a negative value on failure. */
    public int initialize(final ErrorHandler errh)
    {
        return 0;
    }

    /** Releases what {@link #initialize} acquired. Called exactly once, whatever the stage reached. */
    public void cleanup(final CleanupStage stage)
    {
    }

    /** Click's {@code live_reconfigure()} (for {@link #canLiveReconfigure()} elements): the default configures again. */
    public int liveReconfigure(final List<String> conf, final ErrorHandler errh)
    {
        return configure(conf, errh);
    }

    /** An argument parser over {@code conf}, knowing this element's name, the router's elements and names. */
    protected final Args args(final List<String> conf)
    {
        return new Args(conf, argContext());
    }

    /** The context argument parsers see (relative element and AddressInfo names). */
    public final ArgContext argContext()
    {
        return router == null ? ArgContext.EMPTY : router.argContext(this);
    }

    /**
     * Completes {@code args} (Click's {@code Args::complete()}): reports every error and warning to {@code errh};
     * returns 0, or a negative value when there was an error.
     */
    protected static int complete(final Args args, final ErrorHandler errh)
    {
        try
        {
            args.complete();
            for (final String w : args.warnings())
            {
                errh.warning(w);
            }
            return 0;
        }
        catch (final ConfigurationException e)
        {
            for (final String w : args.warnings())
            {
                errh.warning(w);
            }
            for (final String message : e.errors())
            {
                errh.error(message);
            }
            return ErrorHandler.FAILURE;
        }
    }

    // ---------------------------------------------------------------------------------- handlers

    /** Adds a read handler (setup time; call from {@link #addHandlers()}). */
    protected final void addReadHandler(final String name, final Handler.Reader reader)
    {
        router.handlers().addRead(this, name, reader, 0);
    }

    protected final void addReadHandler(final String name, final Handler.Reader reader, final int flags)
    {
        router.handlers().addRead(this, name, reader, flags);
    }

    /**
     * Adds a read handler without parameter that can fail: {@code reader} gets an empty parameter, reports a
     * failure to its error handler and returns null.
     */
    protected final void addFallibleReadHandler(final String name, final Handler.ParamReader reader)
    {
        router.handlers().addFallibleRead(this, name, reader, 0);
    }

    /** Adds a read handler that takes a parameter ({@code name param}, Click's {@code READ_PARAM}). */
    protected final void addParamReadHandler(final String name, final Handler.ParamReader reader, final int flags)
    {
        router.handlers().addParamRead(this, name, reader, flags);
    }

    /** Adds a write handler. */
    protected final void addWriteHandler(final String name, final Handler.Writer writer)
    {
        router.handlers().addWrite(this, name, writer, 0);
    }

    protected final void addWriteHandler(final String name, final Handler.Writer writer, final int flags)
    {
        router.handlers().addWrite(this, name, writer, flags);
    }

    /** Adds flags to an existing handler (Click's {@code set_handler_flags}). */
    protected final void setHandlerFlags(final String name, final int flags)
    {
        router.handlers().setFlags(this, name, flags);
    }

    /**
     * Click's {@code add_task_handlers}: {@code scheduled} (read), {@code tickets} (read/write) and
     * {@code home_thread} (read/write) for {@code task}, with an optional name prefix.
     */
    protected final void addTaskHandlers(final Task task, final String prefix)
    {
        router.handlers().addTaskHandlers(this, task, prefix == null ? "" : prefix);
    }

    // ---------------------------------------------------------------------------------- packets

    /**
     * Click's {@code push()}: a packet arrives on push input {@code port}. The element now owns it and must
     * forward or kill it. An element with push inputs overrides this (or extends {@link SimpleElement}); the
     * default kills the packet.
     */
    public void push(final int port, final Packet p)
    {
        p.kill();
    }

    /** Click's {@code pull()}: a packet is wanted from pull output {@code port}; null when there is none. */
    public Packet pull(final int port)
    {
        return null;
    }

    /**
     * FastClick's {@code push_batch()}: every packet of {@code batch} arrives on push input {@code port}. The default
     * is the per-packet adapter, calling {@link #push} in order.
     */
    public void pushBatch(final int port, final PacketBatch batch)
    {
        for (int i = 0, n = batch.size(); i < n; i++)
        {
            push(port, batch.get(i));
        }
        batch.clear();
    }

    /**
     * FastClick's {@code pull_batch()}: appends up to {@code max} packets from pull output {@code port} to
     * {@code batch} (which must have room) and returns how many. The default calls {@link #pull} until it returns
     * null.
     */
    public int pullBatch(final int port, final PacketBatch batch, final int max)
    {
        int n = 0;
        while (n < max)
        {
            final Packet p = pull(port);
            if (p == null)
            {
                break;
            }
            batch.add(p);
            n++;
        }
        return n;
    }

    // ---------------------------------------------------------------------------------- scheduling

    /** Runs one of this element's tasks; returns whether it did useful work. Reschedule the task to run again. */
    public boolean runTask(final Task task)
    {
        return false;
    }

    /** Called when one of this element's timers fires. */
    public void runTimer(final Timer timer)
    {
    }

    @Override
    public String toString()
    {
        return declaration();
    }
}
