package org.jclick.lang;

/**
 * A position in a Click configuration source. {@code line} and {@code column} are 1-based; a column of 0
 * means "the whole line" (for example a landmark that came from a {@code # line} directive or from Click's
 * own {@code file:line} landmark format).
 */
public record SourceLocation(String file, int line, int column) {

    public static final SourceLocation UNKNOWN = new SourceLocation("<unknown>", 0, 0);

    public SourceLocation {
        if (file == null) {
            file = "<unknown>";
        }
    }

    /** {@code file:line:col}, or {@code file:line} when the column is unknown. */
    @Override
    public String toString() {
        if (line <= 0) {
            return file;
        }
        return column > 0 ? file + ":" + line + ":" + column : file + ":" + line;
    }

    /** Click's landmark format, {@code file:line}. */
    public String landmark() {
        return line > 0 ? file + ":" + line : file;
    }
}
