package org.jclick.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.jclick.dataplane.element.ElementRegistry;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.runtime.Clock;
import org.jclick.dataplane.runtime.Router;
import org.jclick.lang.ConfigResult;
import org.jclick.lang.Unparser;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a Click configuration until its drivers stop (or Ctrl-C), then prints the handlers "
                + "asked for with -h."},
        footer = {"", "Exit status: 0 ran, 1 configuration or initialization error, 2 usage error."})
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CONFIG|NAME=value", arity = "1..*",
            description = "The configuration file (- for standard input) and NAME=value overrides of define($NAME).")
    List<String> args;

    @Option(names = {"-h", "--handler"}, paramLabel = "ELEM.HANDLER",
            description = "Print this read handler's value after the run (repeatable), as click -h does.")
    List<String> handlers = new ArrayList<>();

    @Option(names = "--simtime", description = "Run in simulated time: deterministic, timers fire without waiting.")
    boolean simtime;

    @Option(names = "-j", paramLabel = "N", defaultValue = "1",
            description = "Scheduler threads within the router, as Click's -j (default ${DEFAULT-VALUE}); "
                    + "StaticThreadSched places tasks on them.")
    int threads;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = {"Shard flows over N replicas of the router, each on its own core (default "
                    + "${DEFAULT-VALUE}): replica k lets in only the packets whose symmetric 5-tuple hash falls in "
                    + "shard k (FromDump; counted in its shard_skipped handler), and keeps its own state (NAT and "
                    + "load-balancer tables per core, no locks). Lines the replicas print get a '[k] ' prefix; "
                    + "-h prints the sum over the replicas when the value is an integer in every replica, else "
                    + "replica 0's value (with a note when they differ)."})
    int replicas;

    @Option(names = {"-q", "--quit"}, description = "Initialize the router, read handlers, but do not run it.")
    boolean quit;

    @Option(names = "--progress", negatable = true,
            description = "Show packets, rate and elapsed time on one line of standard error while running "
                    + "(default: on when the terminal is interactive; JCLICK_PROGRESS=0 or 1 overrides).")
    Boolean progress;

    @Option(names = "--startup-report", description = {"After the run, print on standard error how long it took "
            + "from the JVM's start to the first packet processed (the end of the first task run that did work), "
            + "and when the router was built and initialized. The JVM's start is the launcher's exec time when "
            + "./jclick started it, else RuntimeMXBean.getStartTime (ms, about 20 ms late)."})
    boolean startupReport;

    @Mixin
    LoadOptions load;

    @Mixin
    EngineOptions engineOptions;

    private final Streams io;
    private final Catalogs.ForCommands catalogs;

    RunCommand(Streams io, Catalogs.ForCommands catalogs) {
        this.io = io;
        this.catalogs = catalogs;
    }

    /**
     * The cold-start fast path: {@code run}'s command line parsed without picocli, whose reflective model building
     * takes a few hundred ms of a cold start. Only the plain forms are taken: {@code args[0]} is {@code run}, then
     * the flags and the separate-value options below, configuration files and {@code NAME=value} definitions. For
     * anything else (help, {@code --opt=value}, clustered or unknown options, {@code @files}, {@code --debug}, a
     * repeated option, a bad number or engine, a usage error) it returns null and the caller uses picocli, which
     * also prints the messages. When it returns a command, its fields are what picocli would have set
     * ({@code RunCommandFastPathTest} compares both).
     */
    static RunCommand parsePlain(String[] args, Streams io, Catalogs.ForCommands catalogs) {
        if (args.length < 2 || !args[0].equals("run")) {
            return null;
        }
        final RunCommand c = new RunCommand(io, catalogs);
        c.load = new LoadOptions();
        c.engineOptions = new EngineOptions();
        c.threads = 1;
        c.replicas = 1;
        c.args = new ArrayList<>();
        final java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 1; i < args.length; i++) {
            final String a = args[i];
            if (a.isEmpty() || a.charAt(0) == '@') {
                return null;                          // picocli expands @argument-files
            }
            if (a.charAt(0) != '-' || a.equals("-")) {
                c.args.add(a);
                continue;
            }
            final String option = canonical(a);
            if (option == null || (!option.equals("-h") && !seen.add(option.equals("--no-progress") ? "--progress" : option))) {
                return null;                          // unknown, or given twice
            }
            switch (option) {
                case "--startup-report" -> c.startupReport = true;
                case "--no-progress" -> c.progress = Boolean.FALSE;
                case "--progress" -> c.progress = Boolean.TRUE;
                case "--simtime" -> c.simtime = true;
                case "-q" -> c.quit = true;
                case "-w" -> c.load.noWarnings = true;
                default -> {
                    if (i + 1 >= args.length || args[i + 1].isEmpty() || args[i + 1].charAt(0) == '-'
                            || args[i + 1].charAt(0) == '@') {
                        return null;                  // no value, or one picocli might read as an option
                    }
                    final String value = args[++i];
                    switch (option) {
                        case "-h" -> c.handlers.add(value);
                        case "-C" -> c.load.clickpath = value;
                        case "--engine" -> {
                            if (!value.equals("compiled") && !value.equals("interpret")) {
                                return null;
                            }
                            c.engineOptions.engine = EngineOptions.Engine.valueOf(value);
                        }
                        default -> {                  // -j, --threads
                            if (!plainNumber(value)) {
                                return null;
                            }
                            if (option.equals("-j")) {
                                c.threads = Integer.parseInt(value);
                            } else {
                                c.replicas = Integer.parseInt(value);
                            }
                        }
                    }
                }
            }
        }
        // what ConfigArgs.split would reject as a usage error goes to picocli, which prints it with the usage
        final java.util.Set<String> defined = new java.util.HashSet<>();
        boolean file = false;
        for (String a : c.args) {
            if (Clp.isDefine(a)) {
                if (!defined.add(a.substring(0, a.indexOf('=')))) {
                    return null;
                }
            } else {
                file = true;
            }
        }
        return file ? c : null;
    }

    /**
     * The runtime element registry ({@link Catalogs#runtime()}), loaded on a thread of its own from construction on;
     * as a catalog it waits for it. When there is no element library it throws {@link NoLibrary} to the front end.
     */
    static final class BackgroundRegistry implements org.jclick.lang.ElementCatalog {

        /** Thrown through the front end when there is no element library (the caller then says so). */
        static final class NoLibrary extends RuntimeException {
            private static final long serialVersionUID = 1L;

            NoLibrary() {
                super("no element library", null, false, false);
            }
        }

        private final java.util.concurrent.FutureTask<ElementRegistry> task =
                new java.util.concurrent.FutureTask<>(Catalogs::runtime);

        BackgroundRegistry() {
            Thread.ofPlatform().name("jclick-registry").daemon(true).start(task);
        }

        /** The registry, or null when there is no element library; what loading it threw is thrown here. */
        ElementRegistry get() {
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        return task.get();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                if (e.getCause() instanceof Error er) {
                    throw er;
                }
                throw new IllegalStateException(e.getCause());
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private ElementRegistry registry() {
            final ElementRegistry r = get();
            if (r == null) {
                throw new NoLibrary();
            }
            return r;
        }

        @Override
        public boolean isElementClass(String name) {
            return registry().isElementClass(name);
        }

        @Override
        public java.util.Collection<String> classNames() {
            return registry().classNames();
        }

        @Override
        public boolean isPermissive() {
            return registry().isPermissive();
        }

        @Override
        public String portCount(String className) {
            return registry().portCount(className);
        }
    }

    /** Digits only, no leading zero, at most 9 of them: read the same by every integer converter. */
    private static boolean plainNumber(String v) {
        if (v.isEmpty() || v.length() > 9 || (v.length() > 1 && v.charAt(0) == '0')) {
            return false;
        }
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) < '0' || v.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** The option {@code a} names, as one canonical name, or null if the fast path does not take it. */
    private static String canonical(String a) {
        return switch (a) {
            case "--startup-report", "--no-progress", "--progress", "--simtime", "-q", "-w", "-h", "-C", "-j",
                    "--threads", "--engine" -> a;
            case "--quit" -> "-q";
            case "--no-warnings" -> "-w";
            case "--handler" -> "-h";
            case "--clickpath" -> "-C";
            default -> null;
        };
    }

    @Override
    public Integer call() {
        final StartupReport startup = startupReport ? new StartupReport() : null;
        final ConfigArgs a = ConfigArgs.split(spec, args);
        if (a.files.size() != 1) {
            io.err().println("jclick run: give exactly one configuration file");
            return 2;
        }
        // the element registry loads on another thread while this one reads and parses the configuration (a
        // cold-start saving); the front end waits for it when it first needs an element class
        final BackgroundRegistry background = new BackgroundRegistry();
        final String file = a.files.get(0);
        ConfigResult loaded;
        try {
            loaded = ConfigArgs.load(file, a.defines, background, load.clickpath, io);
        } catch (BackgroundRegistry.NoLibrary e) {
            loaded = null;
        }
        final ConfigResult r = loaded;
        final ElementRegistry registry = background.get();
        if (registry == null) {
            io.err().println(Catalogs.NO_LIBRARY);
            return 1;
        }
        if (!ConfigArgs.report(r, io, !load.noWarnings)) {
            return 1;
        }
        if (startup != null) {
            startup.configLoaded();
        }
        // jclick's own form for errors with a column (e.g. a bad classifier rule); Click's otherwise
        final ErrorHandler errh = ErrorHandler.positional(io.err(),
                (f, l) -> r.sources() == null ? null : r.sources().line(f, l));
        final String text = r.sources() == null ? "" : r.sources().text(file);
        if (replicas < 1) {
            io.err().println("jclick run: --threads must be at least 1");
            return 2;
        }
        final String configText = StaticHandlers.configuration(r.router(), text);
        final String flatText = Unparser.unparse(r.router());
        final Replicas all = Replicas.build(r.router(), registry,
                k -> new Router.Options(clock(), Math.max(1, threads), configText, flatText), replicas, errh);
        if (all == null) {
            io.err().println("jclick: router could not be initialized");
            return 1;
        }
        if (startup != null) {
            startup.routerBuilt(); // with its initialization: replicas are built and initialized together
        }
        all.applyEngine(engineOptions, file, handlers, io.err());
        if (startup != null) {
            startup.routerInitialized();
            startup.watch(all.get(0).master());
        }
        if (!quit) {
            io.out().flush();
            try (Progress p = Progress.start(progress != null ? progress : Progress.wanted(), io.err(),
                    all::packetsMade)) {
                if (all.count() == 1) {
                    Interrupts.run(all.get(0));
                } else {
                    final java.io.PrintStream stdout = System.out;
                    all.run((k, line) -> {
                        stdout.print("[" + k + "] " + line + "\n");
                        stdout.flush();
                    });
                }
            }
        }
        System.out.flush();
        if (startup != null) {
            startup.print(io.err());
        }
        int exit = 0;
        if (!handlers.isEmpty()) {
            final LiveHandlers live = new LiveHandlers(all.all(), r.router(), text, registry);
            if (!live.callReadHandlers(handlers, io)) {
                exit = 1;
            }
        }
        all.cleanup();
        if (all.count() > 1) {
            try {
                PcapMerge.mergeToDumps(all);
            } catch (java.io.IOException e) {
                io.err().println("jclick run: merging the replicas' ToDump files: " + e.getMessage());
                exit = 1;
            }
        }
        io.out().flush();
        return exit;
    }

    private Clock clock() {
        return simtime ? Clock.simulated(-1) : Clock.wall();
    }
}
