package org.jclick.lang;

/**
 * One message about a configuration. {@code message} is a single line in Click's wording; {@code details}
 * holds continuation lines that Click prints indented under it (for example the "candidates are:" list
 * of an overloaded compound).
 */
public record Diagnostic(Severity severity, SourceLocation location, String message, java.util.List<String> details) {

    public Diagnostic {
        details = java.util.List.copyOf(details);
    }

    public static Diagnostic error(SourceLocation location, String message) {
        return new Diagnostic(Severity.ERROR, location, message, java.util.List.of());
    }

    public static Diagnostic warning(SourceLocation location, String message) {
        return new Diagnostic(Severity.WARNING, location, message, java.util.List.of());
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
