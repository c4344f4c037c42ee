package org.jclick.lang;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jclick.lang.ast.Ast;

/**
 * The front end: parses a Click configuration (ANTLR grammar), builds its AST, and flattens it as
 * click-flatten does. Every error is collected; none is thrown.
 *
 * <p>Configuration files are read as ISO-8859-1, so every byte survives a round trip unchanged; print
 * results with the same charset.
 */
public final class ClickFrontEnd {

    private final ElementCatalog catalog;
    private final List<Path> librarySearchPath;
    private final boolean strict;

    /**
     * @param catalog           which identifiers are primitive element classes
     * @param librarySearchPath where {@code require(library FILE)} looks after the including file's folder
     *                          (Click's CLICKPATH; each entry and its {@code conf/} subfolder)
     */
    public ClickFrontEnd(ElementCatalog catalog, List<Path> librarySearchPath) {
        this(catalog, librarySearchPath, true);
    }

    private ClickFrontEnd(ElementCatalog catalog, List<Path> librarySearchPath, boolean strict) {
        this.catalog = catalog;
        this.librarySearchPath = List.copyOf(librarySearchPath);
        this.strict = strict;
    }

    /**
     * The same front end, reporting exactly what Click reports: without jclick's extra checks (undefined
     * variables, recursive compounds). Used by the Click-compatible entry points.
     */
    public ClickFrontEnd clickCompatible() {
        return new ClickFrontEnd(catalog, librarySearchPath, false);
    }

    public ElementCatalog catalog() {
        return catalog;
    }

    /**
     * Reads, parses and flattens {@code file}. A file that cannot be read is reported as a diagnostic.
     *
     * @param defines command-line {@code NAME=value} overrides of {@code define}s
     */
    public ConfigResult load(Path file, Map<String, String> defines) {
        final String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            final List<Diagnostic> d = List.of(Diagnostic.error(new SourceLocation(file.toString(), 0, 0),
                    "cannot read file: " + describe(e)));
            return new ConfigResult(new FlatRouter(List.of(), List.of(), List.of()), d, new SourceSet());
        }
        return load(file.toString(), text, defines);
    }

    /** Parses and flattens configuration text; {@code fileName} is used in diagnostics. */
    public ConfigResult load(String fileName, String text, Map<String, String> defines) {
        final List<Diagnostic> diagnostics = new ArrayList<>();
        final SourceSet sources = new SourceSet();
        sources.add(fileName, text);
        final Ast.Program program = AstBuilder.parse(fileName, text, diagnostics);
        final Flattener flattener = new Flattener(catalog, diagnostics,
                key -> findLibrary(key, diagnostics, sources), strict);
        flattener.program(program);
        final FlatRouter router = flattener.expand(defines);
        if (diagnostics.stream().noneMatch(Diagnostic::isError)) {
            diagnostics.addAll(PortCheck.check(router, catalog));
        }
        return new ConfigResult(router, diagnostics, sources);
    }

    /** Parses only, returning the AST; syntax errors go to {@code diagnostics}. */
    public static Ast.Program parse(String fileName, String text, List<Diagnostic> diagnostics) {
        return AstBuilder.parse(fileName, text, diagnostics);
    }

    private Flattener.LibraryFile findLibrary(String key, List<Diagnostic> diagnostics, SourceSet sources) {
        final int nul = key.indexOf('\u0000');
        final String name = key.substring(0, nul);
        final String including = key.substring(nul + 1);
        final List<Path> candidates = new ArrayList<>();
        try {
            final Path includingPath = Path.of(including);
            final Path dir = includingPath.getParent() == null ? Path.of(".") : includingPath.getParent();
            candidates.add(dir.resolve(name));
            for (Path p : librarySearchPath) {
                candidates.add(p.resolve(name));
                candidates.add(p.resolve("conf").resolve(name));
            }
        } catch (RuntimeException e) {
            return null;
        }
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                try {
                    final String canonical = p.toRealPath().toString();
                    final String text = Files.readString(p, StandardCharsets.ISO_8859_1);
                    final String shown = p.toString();
                    sources.add(shown, text);
                    return new Flattener.LibraryFile(canonical, AstBuilder.parse(shown, text, diagnostics));
                } catch (IOException e) {
                    diagnostics.add(Diagnostic.error(new SourceLocation(p.toString(), 0, 0),
                            "cannot read library: " + describe(e)));
                    return null;
                }
            }
        }
        return null;
    }

    private static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "No such file or directory";
        } else if (e instanceof java.nio.file.AccessDeniedException) {
            return "Permission denied";
        } else if (e.getMessage() != null && e.getMessage().contains("Is a directory")) {
            return "Is a directory";
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
