package org.jclick.lang;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The front end: parses a Click configuration (ANTLR grammar), builds its AST, and flattens it as
 * click-flatten does. Every error is collected; none is thrown.
 */
public final class ClickFrontEnd {

    private final ElementCatalog catalog;
    private final List<Path> librarySearchPath;

    /**
     * @param catalog           which identifiers are primitive element classes
     * @param librarySearchPath where {@code require(library FILE)} looks after the including file's folder
     *                          (Click's CLICKPATH)
     */
    public ClickFrontEnd(ElementCatalog catalog, List<Path> librarySearchPath) {
        this.catalog = catalog;
        this.librarySearchPath = List.copyOf(librarySearchPath);
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
        throw new UnsupportedOperationException("front end under construction");
    }

    /** Parses and flattens configuration text; {@code fileName} is used in diagnostics. */
    public ConfigResult load(String fileName, String text, Map<String, String> defines) {
        throw new UnsupportedOperationException("front end under construction");
    }
}
