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

    // equals and hashCode written out: a record's generated ones are bootstrapped through invokedynamic on first
    // use, which spins a class during a cold start (locations are hashed while flattening)
    @Override
    public boolean equals(Object o) {
        return o instanceof SourceLocation s && s.line == line && s.column == column && s.file.equals(file);
    }

    @Override
    public int hashCode() {
        return (file.hashCode() * 31 + line) * 31 + column;
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
