package org.jclick.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jclick.dataplane.element.ElementRegistry;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.runtime.Clock;
import org.jclick.dataplane.runtime.Router;
import org.jclick.lang.ClickFrontEnd;
import org.jclick.lang.ConfigStrings;
import org.jclick.lang.ConfigResult;
import org.jclick.lang.Diagnostic;
import org.jclick.lang.DiagnosticFormatter;
import org.jclick.lang.ElementCatalog;
import org.jclick.lang.FlatRouter;
import org.jclick.lang.SourceLocation;
import org.jclick.lang.Unparser;

/**
 * {@code click}: Click 2.1's user-level driver ({@code userlevel/click.cc}), with its options, its
 * argument rules and its messages. The configuration is read, checked and flattened as Click does;
 * {@code -o} writes the flat configuration; {@code -q -h} answers the handlers that follow from the
 * configuration alone. Running a router needs the element library, which does not exist yet: that case
 * says so and fails.
 */
final class ClickDriverTool {

    static final String NOT_RUNNING = "jclick: running routers is not implemented yet (element library missing)";

    private static final int ALLOW_RECONFIG = 314;
    private static final int CLICKPATH = 302;
    private static final int EXPRESSION = 304;
    private static final int FILE = 303;
    private static final int HANDLER = 307;
    private static final int HELP = 300;
    private static final int OUTPUT = 306;
    private static final int SOCKET = 318;
    private static final int PORT = 310;
    private static final int QUIT = 305;
    private static final int SIMTIME = 317;
    private static final int THREADS = 316;
    private static final int AFFINITY = 319;
    private static final int TIME = 308;
    private static final int UNIX_SOCKET = 311;
    private static final int VERSION = 301;
    private static final int WARNINGS = 313;
    private static final int EXIT_HANDLER = 315;
    private static final int NO_WARNINGS = 312;

    /** Click's option table, in Click's order. */
    static final List<Clp.Option> OPTIONS = List.of(
            Clp.Option.negatableFlag("allow-reconfigure", 'R', ALLOW_RECONFIG),
            Clp.Option.value("clickpath", 'C', CLICKPATH, Clp.ValType.STRING),
            Clp.Option.value("expression", 'e', EXPRESSION, Clp.ValType.STRING),
            Clp.Option.value("file", 'f', FILE, Clp.ValType.STRING),
            Clp.Option.value("handler", 'h', HANDLER, Clp.ValType.STRING),
            Clp.Option.flag("help", '\0', HELP),
            Clp.Option.value("output", 'o', OUTPUT, Clp.ValType.STRING),
            Clp.Option.value("socket", '\0', SOCKET, Clp.ValType.INT),
            Clp.Option.value("port", 'p', PORT, Clp.ValType.STRING),
            Clp.Option.flag("quit", 'q', QUIT),
            Clp.Option.optionalValue("simtime", '\0', SIMTIME, Clp.ValType.DOUBLE),
            Clp.Option.optionalValue("simulation-time", '\0', SIMTIME, Clp.ValType.DOUBLE),
            Clp.Option.value("threads", 'j', THREADS, Clp.ValType.INT),
            Clp.Option.flag("affinity", 'a', AFFINITY),
            Clp.Option.flag("time", 't', TIME),
            Clp.Option.value("unix-socket", 'u', UNIX_SOCKET, Clp.ValType.STRING),
            Clp.Option.flag("version", 'v', VERSION),
            Clp.Option.negatableFlag("warnings", '\0', WARNINGS),
            Clp.Option.value("exit-handler", 'x', EXIT_HANDLER, Clp.ValType.STRING),
            Clp.Option.negatableFlag(null, 'w', NO_WARNINGS));

    /** What the command line asked for. */
    static final class Settings {
        ConfigInput input;
        final Map<String, String> defines = new LinkedHashMap<>();
        String output;
        boolean quit;
        boolean reportTime;
        boolean allowReconfigure;
        boolean warnings = true;
        final List<String> handlers = new ArrayList<>();
        String exitHandler;
        final List<String> ports = new ArrayList<>();
        final List<String> unixSockets = new ArrayList<>();
        final List<Long> sockets = new ArrayList<>();
        int threads = 1;
        boolean affinity;
        Double simtime;
        String clickpath;
        boolean help;
        boolean version;
    }

    /** Parses the command line; returns null after printing the error and usage (exit 1, as Click). */
    static Settings parse(String program, String[] args, Streams io) {
        final Clp clp = new Clp(program, OPTIONS, args, false);
        final Settings s = new Settings();
        for (Clp.Item item = clp.next(); item != null; item = clp.next()) {
            switch (item) {
                case Clp.Bad bad -> {
                    io.err().println(bad.message());
                    shortUsage(program, io);
                    return null;
                }
                case Clp.Arg arg -> {
                    if (Clp.isDefine(arg.value())) {
                        final int eq = arg.value().indexOf('=');
                        final String name = arg.value().substring(0, eq);
                        if (s.defines.containsKey(name)) {
                            io.err().println("parameter '" + name + "' multiply defined");
                        } else {
                            s.defines.put(name, arg.value().substring(eq + 1));
                        }
                        continue;
                    }
                    if (s.input != null) {
                        return twice(program, io);
                    }
                    s.input = ConfigInput.file(arg.value());
                }
                case Clp.Opt opt -> {
                    switch (opt.id()) {
                        case FILE, EXPRESSION -> {
                            if (s.input != null) {
                                return twice(program, io);
                            }
                            s.input = opt.id() == EXPRESSION ? ConfigInput.expression(opt.value())
                                    : ConfigInput.file(opt.value());
                        }
                        case OUTPUT -> {
                            if (s.output != null) {
                                io.err().println("output file specified twice");
                                shortUsage(program, io);
                                return null;
                            }
                            s.output = opt.value();
                        }
                        case HANDLER -> s.handlers.add(opt.value());
                        case EXIT_HANDLER -> {
                            if (s.exitHandler != null) {
                                io.err().println("--exit-handler specified twice");
                                shortUsage(program, io);
                                return null;
                            }
                            s.exitHandler = opt.value();
                        }
                        case PORT -> {
                            final String port = validPort(opt.value());
                            if (port == null) {
                                io.err().println(program + ": '" + opt.shown() + "' expects a TCP port number, not '"
                                        + opt.value() + "'");
                                shortUsage(program, io);
                                return null;
                            }
                            s.ports.add(port);
                        }
                        case UNIX_SOCKET -> s.unixSockets.add(opt.value());
                        case SOCKET -> s.sockets.add(opt.intValue());
                        case ALLOW_RECONFIG -> s.allowReconfigure = !opt.negated();
                        case QUIT -> s.quit = true;
                        case TIME -> s.reportTime = true;
                        case WARNINGS -> s.warnings = !opt.negated();
                        case NO_WARNINGS -> s.warnings = opt.negated();
                        case THREADS -> s.threads = (int) Math.max(1, Math.min(opt.intValue(), 4096));
                        case AFFINITY -> s.affinity = true;
                        case SIMTIME -> s.simtime = opt.value() != null ? opt.doubleValue() : 1_000_000_000.0;
                        case CLICKPATH -> s.clickpath = opt.value();
                        case HELP -> s.help = true;
                        case VERSION -> s.version = true;
                        default -> throw new IllegalStateException("option id " + opt.id());
                    }
                    if (s.help || s.version) {
                        return s;      // Click acts on --help and --version at once
                    }
                }
            }
        }
        if (s.input == null) {
            s.input = ConfigInput.stdin();
        }
        return s;
    }

    static int run(String program, String[] args, Streams io) {
        final Settings s = parse(program, args, io);
        if (s == null) {
            return 1;
        }
        if (s.help) {
            usage(program, io);
            return 0;
        }
        if (s.version) {
            version(io);
            return 0;
        }
        return run(program, s, io);
    }

    static int run(String program, Settings s, Streams io) {
        final ElementRegistry runtime = Catalogs.runtime();
        final ElementCatalog registry = Catalogs.registry();
        final ElementCatalog catalog = registry != null ? registry : ElementCatalog.tools();
        final ClickFrontEnd frontEnd = new ClickFrontEnd(catalog, ConfigInput.libraryPath(s.clickpath))
                .clickCompatible();
        final ConfigResult result = s.input.load(frontEnd, s.defines, io.in());
        for (Diagnostic d : result.diagnostics()) {
            if (d.isError() || s.warnings) {
                io.err().print(DiagnosticFormatter.click(d));
            }
        }
        if (result.hasErrors()) {
            return 1;
        }
        final FlatRouter router = result.router();
        int exit = 0;

        if (s.output != null) {
            final String flat = Unparser.unparse(router);
            if (s.output.equals("-")) {
                io.out().print(flat);
                io.out().flush();
            } else {
                try (OutputStream f = new FileOutputStream(s.output)) {
                    f.write(flat.getBytes(Streams.CHARSET));
                } catch (IOException e) {
                    io.err().println(s.output + ": " + Files2.reason(e));
                    exit = 1;
                }
            }
        }
        if (runtime != null) {
            return runRouter(s, io, runtime, router, exit);
        }

        final long cpuBefore = cpuNanos();
        final long wallBefore = System.nanoTime();
        if (!s.quit && !router.elements().isEmpty()) {
            io.out().flush();
            io.err().println(NOT_RUNNING);
            return 1;
        } else if (!s.quit && s.warnings) {
            io.err().println("warning: " + s.input.landmark() + ": configuration has no elements, exiting");
        }
        if (s.reportTime) {
            printTime(io, cpuBefore, wallBefore);
        }

        final StaticHandlers handlers = new StaticHandlers(router, s.input.text(), catalog);
        if (!s.handlers.isEmpty() && !callReadHandlers(s.handlers, handlers, io)) {
            exit = 1;
        }
        if (s.exitHandler != null) {
            exit = exitHandler(s.exitHandler, handlers, io);
        }
        io.out().flush();
        return exit;
    }

    private static void printTime(Streams io, long cpuBefore, long wallBefore) {
        final long cpu = cpuNanos() - cpuBefore;
        final long wall = System.nanoTime() - wallBefore;
        final long cpuMs = (cpu + 500_000) / 1_000_000;
        final long wallCs = (wall + 5_000_000) / 10_000_000;
        io.out().printf(Locale.ROOT, "%d.%03du %d.%03ds %d:%02d.%02d%n", cpuMs / 1000, cpuMs % 1000, 0, 0,
                wallCs / 6000, (wallCs / 100) % 60, wallCs % 100);
    }

    /** Builds, initializes and (unless {@code -q}) runs the router, then answers {@code -h} and {@code -x}. */
    private static int runRouter(Settings s, Streams io, ElementRegistry registry, FlatRouter flat, int exit) {
        final ErrorHandler errh = ErrorHandler.printing(io.err());
        final Clock clock = s.simtime != null ? Clock.simulated((long) (s.simtime * 1e9)) : Clock.wall();
        final Router.Options options = new Router.Options(clock, s.threads,
                StaticHandlers.configuration(flat, s.input.text()), Unparser.unparse(flat));
        final Router router = Router.build(withControlSockets(flat, s), registry, options, errh);
        if (router == null || router.initialize(errh) < 0) {
            if (router != null) {
                router.cleanup();
            }
            io.err().println("Router could not be initialized!");
            return 1;
        }
        final List<String> called = new ArrayList<>(s.handlers);
        if (s.exitHandler != null) {
            called.add(s.exitHandler);
        }
        EngineOptions.apply(router, s.input.landmark(), EngineOptions.defaultEngine(), null, false, called, io.err());
        if (!s.quit && router.elementCount() == 0 && s.warnings) {
            io.err().println("warning: " + s.input.landmark() + ": configuration has no elements, exiting");
        }
        final long cpuBefore = cpuNanos();
        final long wallBefore = System.nanoTime();
        if (!s.quit && router.elementCount() > 0) {
            io.out().flush();
            Interrupts.run(router);
        }
        System.out.flush();
        if (s.reportTime) {
            printTime(io, cpuBefore, wallBefore);
        }
        final LiveHandlers handlers = new LiveHandlers(router, flat, s.input.text(), registry);
        if (!s.handlers.isEmpty() && !handlers.callReadHandlers(s.handlers, io)) {
            exit = 1;
        }
        if (s.exitHandler != null) {
            exit = handlers.exitHandler(s.exitHandler, io);
        }
        router.cleanup();
        io.out().flush();
        System.out.flush();
        System.err.flush();
        return exit;
    }

    /** Click's {@code call_read_handlers}. */
    private static boolean callReadHandlers(List<String> names, StaticHandlers handlers, Streams io) {
        final boolean printNames = names.size() > 1;
        boolean ok = true;
        for (String full : names) {
            final int dot = full.indexOf('.');
            if (dot < 0) {
                ok &= callReadHandler(null, full, printNames, handlers, io);
                continue;
            }
            final List<String> errors = new ArrayList<>();
            final List<FlatRouter.Element> elements = handlers.expand(full.substring(0, dot), errors);
            if (elements == null) {
                errors.forEach(io.err()::println);
                ok = false;
                continue;
            }
            final String handler = full.substring(dot + 1);
            final boolean exact = elements.size() == 1 && elements.get(0).name().equals(full.substring(0, dot));
            for (FlatRouter.Element e : elements) {
                // like Click, an expansion by pattern or class skips elements without the handler
                if (exact || handlers.read(e, handler) != null) {
                    ok &= callReadHandler(e, handler, printNames || !exact, handlers, io);
                }
            }
        }
        return ok;
    }

    private static boolean callReadHandler(FlatRouter.Element e, String handler, boolean printName,
                                           StaticHandlers handlers, Streams io) {
        final String fullName = e == null ? handler : e.name() + "." + handler;
        String value = handlers.read(e, handler);
        if (value == null) {
            io.err().println("no '" + fullName + "' handler" + (e != null
                    ? " (element handlers other than name, class and config need the element library, "
                      + "which is not built yet)" : ""));
            return false;
        }
        if (printName) {
            io.out().print(fullName + ":\n");
        }
        if (!value.isEmpty() && !value.endsWith("\n")) {
            value += "\n";
        }
        io.out().print(value);
        if (printName) {
            io.out().print("\n");
        }
        return true;
    }

    /** Click's exit-handler rule: an integer, or a boolean (true = 0), else an error. */
    private static int exitHandler(String call, StaticHandlers handlers, Streams io) {
        final int dot = call.indexOf('.');
        final String value;
        if (dot < 0) {
            value = handlers.read(null, call);
        } else {
            final List<String> errors = new ArrayList<>();
            final List<FlatRouter.Element> elements = handlers.expand(call.substring(0, dot), errors);
            value = elements == null || elements.size() != 1 ? null : handlers.read(elements.get(0), call.substring(dot + 1));
        }
        if (value == null) {
            io.err().println("no '" + call + "' handler");
            return 255;
        }
        final String v = uncomment(value).strip();
        if (v.matches("[+-]?\\d{1,18}")) {
            return (int) (Long.parseLong(v) & 0xFF);
        }
        switch (v) {
            case "true", "yes", "1", "t", "y", "on" -> {
                return 0;
            }
            case "false", "no", "0", "f", "n", "off" -> {
                return 1;
            }
            default -> {
                io.err().println("exit handler value should be integer");
                return 255;
            }
        }
    }

    /** Removes {@code //} and {@code /* *}{@code /} comments outside quotes (Click's cp_uncomment, simplified). */
    static String uncomment(String s) {
        final StringBuilder sb = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (quote != 0) {
                sb.append(c);
                if (c == '\\' && quote == '"' && i + 1 < s.length()) {
                    sb.append(s.charAt(++i));
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                sb.append(c);
            } else if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '/') {
                while (i < s.length() && s.charAt(i) != '\n') {
                    i++;
                }
                sb.append('\n');
            } else if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '*') {
                final int end = s.indexOf("*/", i + 2);
                i = end < 0 ? s.length() : end + 1;
                sb.append(' ');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Click's {@code -p} argument: a TCP port (number or service name), or {@code N+}. */
    /**
     * Click's {@code -p PORT} and {@code -u FILE}: one ControlSocket per option, named
     * {@code click_driver@@ControlSocket}, then {@code click_driver@@ControlSocket@1}, ... (TCP ports first).
     */
    static FlatRouter withControlSockets(FlatRouter flat, Settings s) {
        if (s.ports.isEmpty() && s.unixSockets.isEmpty()) {
            return flat;
        }
        final List<FlatRouter.Element> elements = new ArrayList<>(flat.elements());
        final List<String> configs = new ArrayList<>();
        s.ports.forEach(p -> configs.add("TCP, " + p));
        s.unixSockets.forEach(u -> configs.add("UNIX, " + ConfigStrings.quote(u)));
        int n = 0;
        for (String config : configs) {
            final String name = "click_driver@@ControlSocket" + (n == 0 ? "" : "@" + n);
            n++;
            elements.add(new FlatRouter.Element(elements.size(), name, "ControlSocket", config,
                    new SourceLocation("<click>", 0, 0)));
        }
        return new FlatRouter(elements, flat.connections(), flat.requirements());
    }

    static String validPort(String v) {
        if (v == null || v.isEmpty()) {
            return null;
        }
        final String num = v.endsWith("+") ? v.substring(0, v.length() - 1) : v;
        if (num.matches("\\d+")) {
            try {
                final int p = Integer.parseInt(num);
                if (p >= (v.endsWith("+") ? 1 : 0) && p < 65536) {
                    return p + (v.endsWith("+") ? "+" : "");
                }
            } catch (NumberFormatException e) {
                return null;
            }
            return null;
        }
        return !v.endsWith("+") && v.matches("[A-Za-z][-A-Za-z0-9]*") ? v : null;
    }

    private static long cpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(0, os.getProcessCpuTime());
        }
        return 0;
    }

    private static Settings twice(String program, Streams io) {
        io.err().println("router configuration specified twice");
        shortUsage(program, io);
        return null;
    }

    static void shortUsage(String program, Streams io) {
        io.err().print("Usage: " + program + " [OPTION]... [ROUTERFILE]\n"
                + "Try '" + program + " --help' for more information.\n");
    }

    static void usage(String program, Streams io) {
        io.out().print("""
                'Click' runs a Click router configuration at user level. It installs the
                configuration, reporting any errors to standard error, and then generally runs
                until interrupted. (jclick: this version checks and flattens configurations;
                running them needs the element library, which is not built yet.)

                Usage: %1$s [OPTION]... [ROUTERFILE] [PARAM=VALUE]...

                Options:
                  -f, --file FILE               Read router configuration from FILE.
                  -e, --expression EXPR         Use EXPR as router configuration.
                  -j, --threads N               Start N threads (default 1).
                  -a, --affinity                Pin threads to CPUs (default no).
                  -p, --port PORT               Listen for control connections on TCP port.
                  -u, --unix-socket FILE        Listen for control connections on Unix socket.
                      --socket FD               Add a file descriptor control connection.
                  -R, --allow-reconfigure       Provide a writable 'hotconfig' handler.
                  -h, --handler ELEMENT.H       Call ELEMENT's read handler H after running
                                                driver and print result to standard output.
                  -x, --exit-handler ELEMENT.H  Use handler ELEMENT.H value for exit status.
                  -o, --output FILE             Write flat configuration to FILE.
                  -q, --quit                    Do not run driver.
                  -t, --time                    Print information on how long driver took.
                  -w, --no-warnings             Do not print warnings.
                      --simtime                 Run in simulation time.
                  -C, --clickpath PATH          Use PATH for CLICKPATH.
                      --help                    Print this message and exit.
                  -v, --version                 Print version number and exit.
                """.formatted(program));
        io.out().flush();
    }

    static void version(Streams io) {
        io.out().print("click (Click) " + StaticHandlers.CLICK_VERSION + " (jclick " + Main.version() + ")\n"
                + "jclick is a Java implementation of the Click modular router's language and tools.\n"
                + "Click: Copyright (C) 1999-2012 Eddie Kohler and others; see Click's LICENSE.\n");
        io.out().flush();
    }
}
