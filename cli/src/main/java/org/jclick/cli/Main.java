package org.jclick.cli;

import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import picocli.CommandLine;

/**
 * jclick's entry point. The first argument picks either one of Click's own programs, which keep Click's
 * command lines, messages and exit codes ({@code click}, {@code click-flatten}, {@code click-combine},
 * {@code click-uncombine}, {@code click-undead}, {@code clicktest}, {@code click-buildtool}), or one of jclick's commands
 * ({@code check}, {@code flatten}, {@code dot}, {@code elements}, {@code demo}).
 */
public final class Main {

    /** Set by the launcher: the jclick directory (bundled configs, out/). */
    static final String HOME_PROPERTY = "jclick.home";

    /** Set by the launcher when it is called through a link named like a Click program. */
    static final String TOOL_PROPERTY = "jclick.tool";

    /** System.nanoTime() when this class was initialized, i.e. when the JVM had started and main was about to run. */
    static final long MAIN_NS = System.nanoTime();

    private Main() {
    }

    public static void main(String[] args) {
        final Streams io = Streams.system();
        int status;
        try {
            status = run(args, io);
        } finally {
            io.flush();
        }
        System.exit(status);
    }

    /**
     * Runs one command line; never throws, never prints a stack trace unless asked to. When the
     * {@value #TOOL_PROPERTY} property names a Click program (the launcher sets it when it is called through
     * a link named {@code click}, {@code clicktest}, ...), all arguments belong to that program; otherwise a
     * first argument {@code click} or {@code click-*} selects the Click program, and anything else is a
     * jclick command ({@code jclick clicktest} is jclick's test-runner command).
     */
    public static int run(String[] args, Streams io) {
        String tool = System.getProperty(TOOL_PROPERTY);
        String[] toolArgs = args;
        if (tool == null || !isClickTool(tool)) {
            tool = null;
            if (args.length > 0 && isClickTool(args[0]) && !args[0].equals("clicktest")) {
                tool = args[0];
                toolArgs = Arrays.copyOfRange(args, 1, args.length);
            }
        }
        try {
            return tool != null ? runTool(tool, toolArgs, io) : runJClick(args, io);
        } catch (Throwable t) {
            final boolean debug = System.getenv("JCLICK_DEBUG") != null
                    || (tool == null && Arrays.asList(args).contains("--debug"));
            internalError(tool != null ? tool : "jclick", t, debug, tool != null, io);
            return 1;
        }
    }

    /** Whether {@code name} is one of Click's program names: click, clicktest, click-*. */
    static boolean isClickTool(String name) {
        return name.equals("click") || name.equals("clicktest") || (name.startsWith("click-") && name.length() > 6);
    }

    static int runTool(String tool, String[] args, Streams io) {
        return switch (tool) {
            case "click" -> ClickDriverTool.run(tool, args, io);
            case "click-flatten" -> ClickFlattenTool.run(tool, args, io);
            case "click-combine" -> ClickCombineTool.run(tool, args, io);
            case "click-uncombine" -> ClickUncombineTool.run(tool, args, io);
            case "click-undead" -> ClickUndeadTool.run(tool, args, io);
            case "clicktest" -> ExternalTools.clicktest(args, io);
            case "click-buildtool" -> ExternalTools.buildtool(args, io);
            default -> {
                io.err().println("jclick: " + tool + " is not implemented");
                yield 1;
            }
        };
    }

    static CommandLine commandLine(Streams io) {
        return commandLine(io, null);
    }

    /**
     * jclick's command line. With {@code only} naming one of the commands, only that one is built: picocli
     * builds each command's model by reflection, which is a good part of a cold start. Otherwise (no command,
     * {@code help}, an unknown name) all of them, for the command list and picocli's suggestions.
     */
    static CommandLine commandLine(Streams io, String only) {
        final Catalogs.ForCommands catalogs = new Catalogs.ForCommands(io);
        final CommandLine cl = new CommandLine(new JClickCommand(io));
        final Object one = only == null ? null : command(only, io, catalogs);
        if (one != null) {
            cl.addSubcommand(one);
        } else {
            cl.addSubcommand(new CheckCommand(io, catalogs));
            cl.addSubcommand(new FlattenCommand(io, catalogs));
            cl.addSubcommand(new DotCommand(io, catalogs));
            cl.addSubcommand(new RunCommand(io, catalogs));
            cl.addSubcommand(new BenchCommand(io));
            cl.addSubcommand(new CompileCommand(io));
            cl.addSubcommand(new ElementsCommand(io));
            cl.addSubcommand(new DemoCommand(io, catalogs));
            cl.addSubcommand(ExternalTools.clickTestCommand());
            cl.addSubcommand(new CommandLine.HelpCommand());
        }
        cl.setOut(new PrintWriter(io.out(), true));
        cl.setErr(new PrintWriter(io.err(), true));
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            internalError("jclick", ex, debugRequested(parseResult), false, io);
            return 1;
        });
        return cl;
    }

    /** The command named {@code name}, or null if it is not one of those built alone. */
    private static Object command(String name, Streams io, Catalogs.ForCommands catalogs) {
        return switch (name) {
            case "check" -> new CheckCommand(io, catalogs);
            case "flatten" -> new FlattenCommand(io, catalogs);
            case "dot" -> new DotCommand(io, catalogs);
            case "run" -> new RunCommand(io, catalogs);
            case "bench" -> new BenchCommand(io);
            case "compile" -> new CompileCommand(io);
            case "elements" -> new ElementsCommand(io);
            case "demo" -> new DemoCommand(io, catalogs);
            default -> null;
        };
    }

    static int runJClick(String[] args, Streams io) {
        // a plain `run` command line skips picocli (a cold-start saving); anything else goes through it
        final RunCommand plain = RunCommand.parsePlain(args, io, new Catalogs.ForCommands(io));
        if (plain != null) {
            return plain.call();
        }
        return commandLine(io, args.length > 0 ? args[0] : null).execute(args);
    }

    private static boolean debugRequested(CommandLine.ParseResult pr) {
        if (System.getenv("JCLICK_DEBUG") != null) {
            return true;
        }
        for (CommandLine.ParseResult p = pr; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    private static void internalError(String program, Throwable t, boolean debug, boolean asTool, Streams io) {
        io.out().flush();
        final String what = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + firstLine(t.getMessage()));
        if (debug) {
            io.err().println(program + ": internal error: " + what);
            t.printStackTrace(io.err());
        } else {
            io.err().println(program + ": internal error: " + what + " (this is a bug in jclick; "
                    + (asTool ? "set JCLICK_DEBUG=1" : "rerun with --debug") + " to see the Java stack trace)");
        }
        io.err().flush();
    }

    private static String firstLine(String s) {
        final int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** jclick's version, from the jar's manifest. */
    static String version() {
        final String v = Main.class.getPackage() == null ? null : Main.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }

    /**
     * The jclick directory: the {@value #HOME_PROPERTY} property set by the launcher, else the project
     * directory that holds this class's jar (cli/target/cli.jar or cli/target/classes), else the current
     * directory.
     */
    static Path home() {
        final String prop = System.getProperty(HOME_PROPERTY);
        if (prop != null && !prop.isEmpty()) {
            return Path.of(prop);
        }
        try {
            final Path code = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = code; p != null; p = p.getParent()) {
                if (Files.isDirectory(p.resolve("configs")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                    return p;
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // no code source: fall back to the current directory
        }
        return Path.of("");
    }
}
