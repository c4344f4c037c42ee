package org.jclick.lang;

import java.util.List;

/**
 * Prints diagnostics in two styles:
 * <ul>
 *   <li>{@link #rich}: jclick's own, {@code file:line:col: message}, then the source line and a caret;</li>
 *   <li>{@link #click}: Click's, {@code file:line: message}, so that Click's expected outputs match.</li>
 * </ul>
 */
public final class DiagnosticFormatter {

    private DiagnosticFormatter() {
    }

    public static String rich(Diagnostic d, SourceSet sources) {
        final StringBuilder sb = new StringBuilder();
        final SourceLocation loc = d.location();
        sb.append(loc).append(": ");
        if (d.severity() == Severity.WARNING) {
            sb.append("warning: ");
        } else if (d.severity() == Severity.NOTE) {
            sb.append("note: ");
        }
        sb.append(d.message()).append('\n');
        for (String detail : d.details()) {
            sb.append("  ").append(detail).append('\n');
        }
        final String text = sources == null ? null : sources.line(loc.file(), loc.line());
        if (text != null) {
            final String shown = text.replace('\t', ' ');
            sb.append("  ").append(shown).append('\n');
            if (loc.column() > 0) {
                sb.append("  ").append(" ".repeat(Math.min(loc.column() - 1, shown.length()))).append("^\n");
            }
        }
        return sb.toString();
    }

    public static String click(Diagnostic d) {
        final StringBuilder sb = new StringBuilder();
        final SourceLocation loc = d.location();
        if (loc != null && loc != SourceLocation.UNKNOWN) {
            sb.append(loc.landmark()).append(": ");
        }
        if (d.severity() == Severity.WARNING) {
            sb.append("warning: ");
        }
        sb.append(d.message()).append('\n');
        for (String detail : d.details()) {
            sb.append("  ").append(detail).append('\n');
        }
        return sb.toString();
    }

    public static String richAll(List<Diagnostic> ds, SourceSet sources) {
        final StringBuilder sb = new StringBuilder();
        for (Diagnostic d : ds) {
            sb.append(rich(d, sources));
        }
        return sb.toString();
    }
}
