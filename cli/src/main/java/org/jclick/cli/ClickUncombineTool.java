package org.jclick.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jclick.lang.ClickFrontEnd;
import org.jclick.lang.ConfigStrings;
import org.jclick.lang.Diagnostic;
import org.jclick.lang.ElementCatalog;
import org.jclick.lang.SourceLocation;

/**
 * {@code click-uncombine}: Click's tool that takes one component router back out of a configuration made
 * by {@code click-combine} ({@code tools/click-combine/click-uncombine.cc}).
 *
 * <p>For component {@code A}, every {@code RouterLink} with an end in {@code A} gets those ends back as the
 * elements they replaced (named as they were in {@code A}, placed after the existing elements); then the
 * elements named {@code A/...}, those new ends, and everything connected to them are kept and the rest
 * removed; {@code A/} is stripped from names where that makes no clash. {@code A/B} takes out {@code A}, then
 * {@code B} from the result. The output keeps the input's archive members, with the {@code componentmap}
 * reduced to the component's own sub-components (and dropped when there are none).
 */
final class ClickUncombineTool {

    private static final int HELP = 300;
    private static final int VERSION = 301;
    private static final int FILE = 302;
    private static final int OUTPUT = 303;
    private static final int NAME = 304;

    static final List<Clp.Option> OPTIONS = List.of(
            Clp.Option.value("file", 'f', FILE, Clp.ValType.STRING),
            Clp.Option.flag("help", '\0', HELP),
            Clp.Option.value("name", 'n', NAME, Clp.ValType.STRING),
            Clp.Option.value("output", 'o', OUTPUT, Clp.ValType.STRING),
            Clp.Option.flag("version", 'v', VERSION));

    static final String LANDMARK = "<click-uncombine>";

    private final String program;
    private final Streams io;
    private final ToolErrors errh;

    private ClickUncombineTool(String program, Streams io) {
        this.program = program;
        this.io = io;
        this.errh = new ToolErrors(io, program);
    }

    static int run(String program, String[] args, Streams io) {
        final ClickUncombineTool tool = new ClickUncombineTool(program, io);
        try {
            return tool.run(args);
        } catch (ToolErrors.Fatal f) {
            return 1;
        } finally {
            io.err().flush();
        }
    }

    private int run(String[] args) {
        final Clp clp = new Clp(program, OPTIONS, args, true);
        String routerFile = null;
        String output = null;
        String component = null;
        for (Clp.Item item = clp.next(); item != null; item = clp.next()) {
            switch (item) {
                case Clp.Bad bad -> {
                    io.err().println(bad.message());
                    ClickDriverTool.shortUsage(program, io);
                    return 1;
                }
                case Clp.Arg arg -> {
                    // the first argument is the file, a second the component
                    if (routerFile != null && component != null) {
                        return badOption("component name specified twice");
                    } else if (routerFile != null) {
                        component = emptyToNull(arg.value());
                    } else {
                        routerFile = arg.value();
                    }
                }
                case Clp.Opt opt -> {
                    switch (opt.id()) {
                        case HELP -> {
                            usage();
                            return 0;
                        }
                        case VERSION -> {
                            io.out().print(program + " (Click) " + StaticHandlers.CLICK_VERSION + " (jclick "
                                    + Main.version() + ")\n");
                            io.out().flush();
                            return 0;
                        }
                        case FILE -> {
                            if (routerFile != null) {
                                return badOption("combined router specified twice");
                            }
                            routerFile = opt.value();
                        }
                        case OUTPUT -> {
                            if (output != null) {
                                return badOption("output file specified twice");
                            }
                            output = opt.value();
                        }
                        case NAME -> {
                            if (component != null) {
                                return badOption("component name specified twice");
                            }
                            component = emptyToNull(opt.value());
                        }
                        default -> throw new IllegalStateException("option id " + opt.id());
                    }
                }
            }
        }

        final ConfigInput input = ConfigInput.file(routerFile);
        final ClickFrontEnd frontEnd = new ClickFrontEnd(ElementCatalog.tools(), ConfigInput.libraryPath(null))
                .clickCompatible();
        final ConfigInput.Loaded loaded = input.loadArchive(frontEnd, Map.of(), io.in());
        for (Diagnostic d : loaded.result().diagnostics()) {
            errh.report(d);
        }
        if (loaded.unreadable() || errh.errors() > 0) {
            return 1;
        }
        final String fileName = input.landmark();
        final ToolRouter r = ToolRouter.of(loaded.result().router(), loaded.archive());

        if (r.archiveMember("componentmap") == null) {
            throw errh.fatal(fileName + ": not created by 'click-combine' (no 'componentmap')");
        } else if (component == null) {
            throw errh.programFatal("no component specified");
        }

        // one level at a time: A/B is B of the result of taking out A
        String shownPrefix = "";
        String rest = component;
        while (!rest.isEmpty()) {
            final int slash = rest.indexOf('/');
            final String top = slash < 0 ? rest : rest.substring(0, slash);
            rest = slash < 0 ? "" : rest.substring(slash + 1);
            takeOut(top, r, fileName, shownPrefix);
            shownPrefix += top + "/";
        }

        final String text = r.fileText(errh);
        if (output == null || output.equals("-")) {
            io.out().print(text);
            io.out().flush();
            return 0;
        }
        try (OutputStream out = new FileOutputStream(output)) {
            out.write(text.getBytes(Streams.CHARSET));
        } catch (IOException e) {
            throw errh.fatal(output + ": " + Files2.reason(e));
        }
        return 0;
    }

    private int badOption(String message) {
        errh.programError(message);
        ClickDriverTool.shortUsage(program, io);
        return 1;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** Reduces {@code r} to its top-level component {@code component}. */
    private void takeOut(String component, ToolRouter r, String fileName, String shownPrefix) {
        final ClickArchive.Member map = r.archiveMember("componentmap");
        final List<String> names = map == null ? List.of() : ConfigStrings.spacevec(map.data());
        if (!names.contains(component)) {
            throw errh.fatal(fileName + ": no '" + shownPrefix + component + "' component");
        }

        final List<ToolRouter.Element> endpoints = restoreLinkEnds(r, component);

        final String prefix = component + "/";
        final Set<ToolRouter.Element> keep = markComponent(r, prefix, endpoints);
        for (ToolRouter.Element e : r.liveElements()) {
            if (!keep.contains(e)) {
                r.kill(e);
            }
        }
        r.freeDeadElements();

        for (ToolRouter.Element e : r.slots()) {
            if (keep.contains(e) && e.live() && e.name().startsWith(prefix)) {
                final String shortName = e.name().substring(prefix.length());
                if (r.element(shortName) == null) {
                    r.changeName(e, shortName);
                }
            }
        }

        // RouterLinks inside the component: their ends lose the component's prefix
        for (ToolRouter.Element e : r.elementsOfClass(ClickCombineTool.LINK_CLASS)) {
            final List<String> words = new ArrayList<>(ConfigStrings.argvec(e.config()));
            for (int j = 0; j < words.size(); j += 2) {
                if (words.get(j).startsWith(prefix)) {
                    words.set(j, words.get(j).substring(prefix.length()));
                }
            }
            e.setConfig(String.join(", ", words));
        }

        r.flatten();
        if (errh.errors() != 0) {
            throw new ToolErrors.Fatal();
        }

        final StringBuilder sub = new StringBuilder();
        for (String name : names) {
            if (name.startsWith(prefix)) {
                sub.append(name.substring(prefix.length())).append('\n');
            }
        }
        if (sub.isEmpty()) {
            r.removeArchive("componentmap");
        } else {
            r.addArchive(map.withData(sub.toString()));
        }
    }

    /**
     * Replaces each RouterLink that has an end in {@code component} with the end elements it stood for
     * (their names without the component prefix). Returns those elements, and the RouterLinks that join
     * sub-components of {@code component} only, which belong to the component.
     */
    private List<ToolRouter.Element> restoreLinkEnds(ToolRouter r, String component) {
        final List<ToolRouter.Element> endpoints = new ArrayList<>();
        for (ToolRouter.Element link : r.elementsOfClass(ClickCombineTool.LINK_CLASS)) {
            final String linkName = link.name();
            final List<String> words = ConfigStrings.argvec(link.config());
            final int nin = r.ninputs(link);
            final int nout = r.noutputs(link);
            if (words.size() != 2 * (nin + nout) || nin == 0 || nout == 0) {
                errh.error("RouterLink '" + linkName + "' has strange configuration");
                continue;
            }

            boolean interesting = false;
            boolean bad = false;
            boolean subcomponent = false;
            for (int j = 0; !bad && j < words.size(); j += 2) {
                final List<String> clauses = ConfigStrings.spacevec(words.get(j));
                if (clauses.size() != 3) {
                    errh.error("RouterLink '" + linkName + "' has strange configuration");
                    bad = true;
                } else if (clauses.get(0).equals(component)) {
                    interesting = true;
                } else if (clauses.get(0).startsWith(component + "/")) {
                    subcomponent = true;
                }
            }
            if (subcomponent && !bad && !interesting) {
                endpoints.add(link);
            }
            if (bad || !interesting) {
                continue;
            }

            for (int j = 0; j < words.size(); j += 2) {
                final List<String> clauses = ConfigStrings.spacevec(words.get(j));
                final String fullName = clauses.get(0) + "/" + clauses.get(1);
                final ToolRouter.Element existing = r.element(fullName);
                if (existing != null) {
                    errh.lerror(link.landmark(), "RouterLink '" + linkName + "' element '" + fullName
                            + "' already exists");
                    errh.lerror(existing.landmark(), "(previous definition was here)");
                } else if (clauses.get(0).equals(component)) {
                    final ToolRouter.Element end = r.getElement(clauses.get(1), clauses.get(2), words.get(j + 1),
                            new SourceLocation(LANDMARK, 0, 0));
                    if (j / 2 < nin) {
                        r.insertBefore(end, 0, link, j / 2);
                    } else {
                        r.insertAfter(end, 0, link, j / 2 - nin);
                    }
                    endpoints.add(end);
                }
            }
            r.freeElement(link);
        }
        return endpoints;
    }

    /** The endpoints, the elements named with {@code prefix}, and everything connected to them. */
    private static Set<ToolRouter.Element> markComponent(ToolRouter r, String prefix,
                                                         List<ToolRouter.Element> endpoints) {
        final Set<ToolRouter.Element> keep = Collections.newSetFromMap(new IdentityHashMap<>());
        keep.addAll(endpoints);
        for (ToolRouter.Element e : r.liveElements()) {
            if (e.name().startsWith(prefix)) {
                keep.add(e);
            }
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (ToolRouter.Connection c : r.connections()) {
                final boolean from = keep.contains(c.from());
                final boolean to = keep.contains(c.to());
                if (from != to) {
                    keep.add(from ? c.to() : c.from());
                    changed = true;
                }
            }
        }
        return keep;
    }

    private void usage() {
        io.out().print("""
                '%1$s' takes one component router out of a configuration that
                'click-combine' made, and writes it to the standard output.

                Usage: %1$s [OPTION]... [ROUTERFILE [COMPONENT]]

                Options:
                  -f, --file FILE        Read the combined configuration from FILE.
                  -n, --name COMPONENT   Write the component named COMPONENT (A/B for component
                                         B of component A).
                  -o, --output FILE      Write the component to FILE.
                      --help             Print this message and exit.
                  -v, --version          Print version number and exit.
                """.formatted(program));
        io.out().flush();
    }
}
