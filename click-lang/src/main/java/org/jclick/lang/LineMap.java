package org.jclick.lang;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps physical lines of a source text to the logical (file, line) positions that {@code # LINE "FILE"}
 * directives establish, as C preprocessors and Click's lexer do.
 */
final class LineMap {

    private record Segment(int physicalStart, String file, int logicalStart) {
    }

    private final String originalFile;
    private final List<Segment> segments = new ArrayList<>();

    LineMap(String originalFile) {
        this.originalFile = originalFile;
        segments.add(new Segment(1, originalFile, 1));
    }

    String originalFile() {
        return originalFile;
    }

    /**
     * Records a directive found on physical line {@code physicalLine}: the next physical line is line
     * {@code logicalLine} of {@code file} ({@code null} file = unchanged, empty = back to the original).
     */
    void directive(int physicalLine, int logicalLine, String file) {
        final String current = locate(physicalLine, 0).file();
        final String f = file == null ? current : file.isEmpty() ? originalFile : file;
        segments.add(new Segment(physicalLine + 1, f, logicalLine));
        segments.sort((a, b) -> Integer.compare(a.physicalStart, b.physicalStart));
    }

    SourceLocation locate(int physicalLine, int column) {
        Segment best = segments.get(0);
        for (Segment s : segments) {
            if (s.physicalStart <= physicalLine) {
                best = s;
            } else {
                break;
            }
        }
        return new SourceLocation(best.file, best.logicalStart + (physicalLine - best.physicalStart), column);
    }

    /**
     * Parses the text of a directive line (starting with '#'). Returns {@code null} when it is not a line
     * directive (Click: "unknown preprocessor directive"), else {@code [line, file-or-null]}.
     */
    static Object[] parseDirective(String text) {
        int i = 1;
        final int n = text.length();
        while (i < n && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        if (text.startsWith("line", i) && i + 4 < n && (text.charAt(i + 4) == ' ' || text.charAt(i + 4) == '\t')) {
            i += 5;
            while (i < n && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
                i++;
            }
        }
        if (i >= n || !Character.isDigit(text.charAt(i))) {
            return null;
        }
        long line = 0;
        while (i < n && Character.isDigit(text.charAt(i))) {
            line = Math.min(Integer.MAX_VALUE, line * 10 + (text.charAt(i) - '0'));
            i++;
        }
        while (i < n && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        String file = null;
        if (i < n && text.charAt(i) == '"') {
            final int start = i;
            for (i++; i < n && text.charAt(i) != '"'; i++) {
                if (text.charAt(i) == '\\' && i + 1 < n) {
                    i++;
                }
            }
            final int end = Math.min(i + 1, n);
            String quoted = text.substring(start, end);
            if (!quoted.endsWith("\"") || quoted.length() == 1) {
                quoted = quoted + "\"";
            }
            file = ConfigStrings.unquote(quoted);
        }
        return new Object[] {(int) line, file};
    }
}
