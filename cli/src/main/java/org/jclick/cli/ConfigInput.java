package org.jclick.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jclick.lang.ClickFrontEnd;
import org.jclick.lang.ConfigResult;
import org.jclick.lang.Diagnostic;
import org.jclick.lang.FlatRouter;
import org.jclick.lang.SourceLocation;
import org.jclick.lang.SourceSet;

/**
 * Where a configuration comes from, as Click's {@code click_read_router} sees it: a file, an expression
 * ({@code -e}, landmark {@code config}) or standard input (no file or {@code -}, landmark
 * {@code <stdin>}).
 */
final class ConfigInput {

    enum Kind {
        FILE, EXPRESSION, STDIN
    }

    static final String EXPRESSION_LANDMARK = "config";
    static final String STDIN_LANDMARK = "<stdin>";

    private final Kind kind;
    private final String value;
    private String stdinText;

    private ConfigInput(Kind kind, String value) {
        this.kind = kind;
        this.value = value;
    }

    Kind kind() {
        return kind;
    }

    static ConfigInput file(String name) {
        return name == null || name.isEmpty() || name.equals("-") ? stdin() : new ConfigInput(Kind.FILE, name);
    }

    static ConfigInput expression(String text) {
        return new ConfigInput(Kind.EXPRESSION, text);
    }

    static ConfigInput stdin() {
        return new ConfigInput(Kind.STDIN, null);
    }

    /** The name diagnostics use (Click's {@code filename_landmark}). */
    String landmark() {
        return switch (kind) {
            case FILE -> value;
            case EXPRESSION -> EXPRESSION_LANDMARK;
            case STDIN -> STDIN_LANDMARK;
        };
    }

    /**
     * Reads and flattens the configuration; read errors become diagnostics. Standard input is read here
     * (once: the text is kept for {@link #text()}). An archive (text starting with {@code !}) is read as
     * Click reads it: its {@code config} member is the configuration; see {@link #loadArchive}.
     */
    ConfigResult load(ClickFrontEnd frontEnd, Map<String, String> defines, InputStream stdin) {
        return loadArchive(frontEnd, defines, stdin).result();
    }

    /**
     * What {@link #loadArchive} found.
     *
     * @param archive    the archive's live members other than {@code config}, in order (empty when the input
     *                   was not an archive)
     * @param unreadable whether the input could not be read at all (Click's tools then have no router)
     */
    record Loaded(ConfigResult result, List<ClickArchive.Member> archive, boolean unreadable) {
        Loaded {
            archive = List.copyOf(archive);
        }
    }

    /** Like {@link #load}, and also returns the archive members that came with the configuration. */
    Loaded loadArchive(ClickFrontEnd frontEnd, Map<String, String> defines, InputStream stdin) {
        switch (kind) {
            case FILE -> {
                final Path path;
                try {
                    path = Path.of(value);
                } catch (InvalidPathException e) {
                    return new Loaded(unreadable(value, "invalid file name"), List.of(), true);
                }
                final String fileText;
                try {
                    fileText = Files.readString(path, Streams.CHARSET);
                } catch (IOException | RuntimeException e) {
                    // the front end words the failure
                    return new Loaded(frontEnd.load(path, defines), List.of(), true);
                }
                return fromText(frontEnd, path.toString(), fileText, defines);
            }
            case EXPRESSION -> {
                return fromText(frontEnd, EXPRESSION_LANDMARK, value, defines);
            }
            default -> {
                if (stdinText == null) {
                    try {
                        stdinText = new String(stdin.readAllBytes(), Streams.CHARSET);
                    } catch (IOException e) {
                        return new Loaded(unreadable(STDIN_LANDMARK,
                                e.getMessage() == null ? "read error" : e.getMessage()), List.of(), true);
                    }
                }
                return fromText(frontEnd, STDIN_LANDMARK, stdinText, defines);
            }
        }
    }

    /**
     * Parses configuration text that may be an archive. Problems with the archive are reported against
     * {@code landmark} with the byte offset where they were found; the members read before any damage are
     * still used, as Click does.
     */
    private static Loaded fromText(ClickFrontEnd frontEnd, String landmark, String text, Map<String, String> defines) {
        if (!ClickArchive.isArchive(text)) {
            return new Loaded(frontEnd.load(landmark, text, defines), List.of(), false);
        }
        final ClickArchive.Parsed parsed = ClickArchive.parse(text);
        final List<Diagnostic> diagnostics = new ArrayList<>();
        final SourceLocation where = new SourceLocation(landmark, 0, 0);
        for (ClickArchive.Problem p : parsed.problems()) {
            diagnostics.add(p.error() ? Diagnostic.error(where, p.describe()) : Diagnostic.warning(where, p.describe()));
        }
        final ClickArchive.Member config = parsed.find("config");
        if (config == null) {
            diagnostics.add(Diagnostic.error(where, "archive has no 'config' section"));
        }
        final ConfigResult inner = frontEnd.load(landmark, config == null ? "" : config.data(), defines);
        diagnostics.addAll(inner.diagnostics());
        // a later member of the same name replaces an earlier one in its place
        final Map<String, ClickArchive.Member> others = new LinkedHashMap<>();
        for (ClickArchive.Member m : parsed.members()) {
            if (m.live() && !m.name().equals("config")) {
                others.put(m.name(), m);
            }
        }
        return new Loaded(new ConfigResult(inner.router(), diagnostics, inner.sources()),
                new ArrayList<>(others.values()), false);
    }

    /** The configuration's text as written (for the {@code config} handler), or null if unreadable. */
    String text() {
        return switch (kind) {
            case FILE -> {
                try {
                    yield Files.readString(Path.of(value), Streams.CHARSET);
                } catch (IOException | RuntimeException e) {
                    yield null;
                }
            }
            case EXPRESSION -> value;
            case STDIN -> stdinText;
        };
    }

    static ConfigResult unreadable(String name, String why) {
        return new ConfigResult(new FlatRouter(List.of(), List.of(), List.of()),
                List.of(Diagnostic.error(new SourceLocation(name, 0, 0), why)), new SourceSet());
    }

    /**
     * The library search path: {@code clickpath} if given (Click's {@code -C}), else the {@code CLICKPATH}
     * environment variable; colon-separated, empty entries ignored.
     */
    static List<Path> libraryPath(String clickpath) {
        final String spec = clickpath != null ? clickpath : System.getenv("CLICKPATH");
        final List<Path> result = new ArrayList<>();
        if (spec != null) {
            for (String part : spec.split(":")) {
                if (!part.isEmpty()) {
                    try {
                        result.add(Path.of(part));
                    } catch (RuntimeException e) {
                        // an unusable entry cannot hold libraries; Click skips it too
                    }
                }
            }
        }
        return result;
    }
}
