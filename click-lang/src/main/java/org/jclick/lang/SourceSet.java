package org.jclick.lang;

import java.util.LinkedHashMap;
import java.util.Map;

/** The texts of the files a configuration was read from, so diagnostics can quote the offending line. */
public final class SourceSet {

    private final Map<String, String[]> lines = new LinkedHashMap<>();

    public void add(String file, String text) {
        lines.put(file, text.split("\r\n|\r|\n", -1));
    }

    /** The text of line {@code line} (1-based) of {@code file}, or {@code null} if unknown. */
    public String line(String file, int line) {
        final String[] l = lines.get(file);
        if (l == null || line < 1 || line > l.length) {
            return null;
        }
        return l[line - 1];
    }

    /** The whole text of {@code file} (lines joined with newlines), or {@code null} if unknown. */
    public String text(String file) {
        final String[] l = lines.get(file);
        return l == null ? null : String.join("\n", l);
    }

    public boolean contains(String file) {
        return lines.containsKey(file);
    }
}
