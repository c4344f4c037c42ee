package org.jclick.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.jclick.lang.ClickFrontEnd;
import org.jclick.lang.ConfigResult;
import org.jclick.lang.Diagnostic;
import org.jclick.lang.DiagnosticFormatter;
import org.jclick.lang.ElementCatalog;
import org.jclick.lang.FlatRouter;
import org.jclick.lang.Unparser;

/**
 * {@code click-flatten}: Click's tool ({@code tools/click-flatten/click-flatten.cc}). Reads a configuration
 * with the permissive tools catalog, flattens it and prints it, or with {@code -c}, {@code -n} or
 * {@code -d} the sorted lists of classes, element names or declarations. A configuration read from an
 * archive is written as an archive with the same other members, unless {@code --config} asks for the
 * configuration alone.
 */
final class ClickFlattenTool {

    private static final int HELP = 300;
    private static final int VERSION = 301;
    private static final int CLICKPATH = 302;
    private static final int FILE = 303;
    private static final int EXPRESSION = 304;
    private static final int OUTPUT = 305;
    private static final int FLATTEN = 306;
    private static final int CLASSES = 307;
    private static final int ELEMENTS = 308;
    private static final int DECLARATIONS = 309;
    private static final int CONFIG = 310;
    private static final int EXPAND_VARS = 311;

    static final List<Clp.Option> OPTIONS = List.of(
            Clp.Option.flag("classes", 'c', CLASSES),
            Clp.Option.value("clickpath", 'C', CLICKPATH, Clp.ValType.STRING),
            Clp.Option.flag("config", '\0', CONFIG),
            Clp.Option.flag("decls", 'd', DECLARATIONS),
            Clp.Option.flag("declarations", 'd', DECLARATIONS),
            Clp.Option.flag("elements", 'n', ELEMENTS),
            Clp.Option.negatableFlag("expand-vars", '\0', EXPAND_VARS),
            Clp.Option.value("expression", 'e', EXPRESSION, Clp.ValType.STRING),
            Clp.Option.value("file", 'f', FILE, Clp.ValType.STRING),
            Clp.Option.flag("help", '\0', HELP),
            Clp.Option.flag("names", 'n', ELEMENTS),
            Clp.Option.value("output", 'o', OUTPUT, Clp.ValType.STRING),
            Clp.Option.flag("version", 'v', VERSION));

    private ClickFlattenTool() {
    }

    /** What click-flatten's command line asks for (click-undead reads the same options). */
    record Request(ConfigInput input, String output, String clickpath, int action, Map<String, String> defines) {

        boolean flatten() {
            return action == FLATTEN;
        }
    }

    /**
     * Parses a click-flatten style command line. Returns null when the program is done (help, version, or an
     * error already printed): the exit status is then in {@code status[0]}.
     */
    static Request parse(String program, String toolName, String[] args, Streams io, Runnable usage, int[] status) {
        final Clp clp = new Clp(program, OPTIONS, args, true);
        final String prefix = program + ": ";
        ConfigInput input = null;
        String output = null;
        String clickpath = null;
        int action = FLATTEN;
        final Map<String, String> defines = new LinkedHashMap<>();
        status[0] = 1;
        for (Clp.Item item = clp.next(); item != null; item = clp.next()) {
            switch (item) {
                case Clp.Bad bad -> {
                    io.err().println(bad.message());
                    ClickDriverTool.shortUsage(program, io);
                    return null;
                }
                case Clp.Arg arg -> {
                    if (Clp.isDefine(arg.value())) {
                        final int eq = arg.value().indexOf('=');
                        final String name = arg.value().substring(0, eq);
                        if (defines.containsKey(name)) {
                            io.err().println(prefix + "parameter '" + name + "' multiply defined");
                        } else {
                            defines.put(name, arg.value().substring(eq + 1));
                        }
                        continue;
                    }
                    if (input != null) {
                        io.err().println(prefix + "router configuration specified twice");
                        ClickDriverTool.shortUsage(program, io);
                        return null;
                    }
                    input = ConfigInput.file(arg.value());
                }
                case Clp.Opt opt -> {
                    switch (opt.id()) {
                        case HELP -> {
                            usage.run();
                            status[0] = 0;
                            return null;
                        }
                        case VERSION -> {
                            io.out().print(toolName + " (Click) " + StaticHandlers.CLICK_VERSION + " (jclick "
                                    + Main.version() + ")\n");
                            io.out().flush();
                            status[0] = 0;
                            return null;
                        }
                        case CLICKPATH -> clickpath = opt.value();
                        case CLASSES, DECLARATIONS, ELEMENTS, CONFIG -> action = opt.id();
                        case EXPAND_VARS -> {
                            // jclick's flattener always substitutes the values of global definitions
                        }
                        case OUTPUT -> {
                            if (output != null) {
                                io.err().println(prefix + "--output file specified twice");
                                ClickDriverTool.shortUsage(program, io);
                                return null;
                            }
                            output = opt.value();
                        }
                        case FILE, EXPRESSION -> {
                            if (input != null) {
                                io.err().println(prefix + "router configuration specified twice");
                                ClickDriverTool.shortUsage(program, io);
                                return null;
                            }
                            input = opt.id() == EXPRESSION ? ConfigInput.expression(opt.value())
                                    : ConfigInput.file(opt.value());
                        }
                        default -> throw new IllegalStateException("option id " + opt.id());
                    }
                }
            }
        }
        return new Request(input == null ? ConfigInput.stdin() : input, output, clickpath, action, defines);
    }

    /** Writes {@code text} to the request's output file, or to standard output; returns the exit status. */
    static int write(Request request, String text, Streams io) {
        final String output = request.output();
        if (output == null || output.equals("-")) {
            io.out().print(text);
            io.out().flush();
            return 0;
        }
        try (OutputStream f = new FileOutputStream(output)) {
            f.write(text.getBytes(Streams.CHARSET));
        } catch (IOException e) {
            io.err().println(output + ": " + Files2.reason(e));
            return 1;
        }
        return 0;
    }

    static int run(String program, String[] args, Streams io) {
        final int[] status = new int[1];
        final Request request = parse(program, "click-flatten", args, io, () -> usage(program, io), status);
        if (request == null) {
            return status[0];
        }
        final int action = request.action();
        final ClickFrontEnd frontEnd = new ClickFrontEnd(ElementCatalog.tools(),
                ConfigInput.libraryPath(request.clickpath())).clickCompatible();
        final ConfigInput.Loaded loaded = request.input().loadArchive(frontEnd, request.defines(), io.in());
        final ConfigResult result = loaded.result();
        for (Diagnostic d : result.diagnostics()) {
            io.err().print(DiagnosticFormatter.click(d));
        }
        if (result.hasErrors()) {
            return 1;
        }
        String text = render(action, result.router());
        if (action == FLATTEN && !loaded.archive().isEmpty()) {
            // an archive stays an archive: the flat configuration, then the other members (Click's
            // write_router_file); --config writes the configuration alone
            final ToolRouter r = ToolRouter.of(result.router(), loaded.archive());
            final ToolErrors errh = new ToolErrors(io, program);
            text = r.fileText(errh);
            if (errh.errors() != 0) {
                return 1;
            }
        }
        return write(request, text, io);
    }

    private static String render(int action, FlatRouter router) {
        final StringBuilder sb = new StringBuilder();
        switch (action) {
            case CLASSES -> {
                final TreeSet<String> classes = new TreeSet<>();
                router.elements().forEach(e -> classes.add(e.className()));
                classes.forEach(c -> sb.append(c).append('\n'));
            }
            case DECLARATIONS -> sortedLines(sb, router, true);
            case ELEMENTS -> sortedLines(sb, router, false);
            default -> sb.append(Unparser.unparse(router, true));
        }
        return sb.toString();
    }

    private static void sortedLines(StringBuilder sb, FlatRouter router, boolean declarations) {
        final List<String> lines = new ArrayList<>();
        for (FlatRouter.Element e : router.elements()) {
            lines.add(declarations ? e.name() + " :: " + e.className() : e.name());
        }
        lines.sort(null);
        lines.forEach(l -> sb.append(l).append('\n'));
    }

    static void usage(String program, Streams io) {
        final PrintStream out = io.out();
        out.print("""
                'Click-flatten' reads a Click configuration, flattens it (removing any
                compound elements), and writes an equivalent configuration to the standard
                output.

                Usage: %1$s [OPTION]... [ROUTERFILE] [PARAM=VALUE]...

                Options:
                  -c, --classes             Output list of classes used by configuration.
                  -n, --names               Output list of element names in flat config.
                  -d, --declarations        Output list of declarations in flat config.
                  -f, --file FILE           Read router configuration from FILE.
                  -e, --expression EXPR     Use EXPR as router configuration.
                      --config              Output configuration only (not an archive).
                      --expand-vars         Expand global variables (jclick always does).
                  -o, --output FILE         Write output configuration to FILE.
                  -C, --clickpath PATH      Use PATH for CLICKPATH.
                      --help                Print this message and exit.
                  -v, --version             Print version number and exit.
                """.formatted(program));
        out.flush();
    }
}
