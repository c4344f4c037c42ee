package org.jclick.lang;

import java.util.LinkedHashMap;
import java.util.Map;

/** The texts of the files a configuration was read from, so diagnostics can quote the offending line. */
public final class SourceSet {

    private final Map<String, String[]> lines = new LinkedHashMap<>();

    public void add(String file, String text) {
        lines.put(file, splitLines(text));
    }

    /**
     * {@code text} cut at each {@code \r\n}, {@code \r} or {@code \n}, with the empty last line kept: what
     * {@code text.split("\r\n|\r|\n", -1)} gives, without compiling and running a regular expression in the
     * interpreter at every cold start (about 2 ms for a 100-line configuration).
     */
    static String[] splitLines(String text) {
        final java.util.ArrayList<String> out = new java.util.ArrayList<>();
        final int n = text.length();
        int start = 0;
        for (int i = 0; i < n; i++) {
            final char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                out.add(text.substring(start, i));
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        out.add(text.substring(start));
        return out.toArray(new String[0]);
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
