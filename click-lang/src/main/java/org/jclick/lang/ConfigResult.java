package org.jclick.lang;

import java.util.List;

/**
 * The outcome of reading a configuration: the flattened router (possibly partial when there are errors),
 * every diagnostic in source order of discovery, and the sources read (for quoting lines).
 */
public record ConfigResult(FlatRouter router, List<Diagnostic> diagnostics, SourceSet sources) {

    public ConfigResult {
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean hasErrors() {
        for (Diagnostic d : diagnostics) {
            if (d.isError()) {
                return true;
            }
        }
        return false;
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }
}
