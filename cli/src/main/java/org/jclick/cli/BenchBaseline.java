package org.jclick.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code jclick bench --baseline}: reads the reference medians of the benchmark kit's README at run time (nothing
 * of it is copied into jclick). It takes the first Markdown table whose header row starts with a "config" column:
 * each further column whose header is a name and whose cells are numbers is an engine (e.g. Click, FastClick),
 * and a row's configuration is the first word of its first cell ("fwd (harness only)" is fwd).
 */
final class BenchBaseline {

    /** One reference figure. */
    record Row(String config, String engine, double mpps) {
    }

    private BenchBaseline() {
    }

    /** The kit's README: under -Djclick.shared if set, else beside the checkout; null if neither exists. */
    static Path defaultReadme() {
        final String shared = System.getProperty("jclick.shared");
        if (shared != null) {
            final Path p = Path.of(shared, "bench", "README.md");
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        final Path p = KitTrace.home().resolve("../shared/bench/README.md").normalize();
        return Files.isRegularFile(p) ? p : null;
    }

    /** The rows of the first table with a "config" header column; empty if there is none. */
    static List<Row> parse(List<String> lines) {
        final List<Row> rows = new ArrayList<>();
        List<String> header = null;
        for (String line : lines) {
            final String t = line.strip();
            if (!t.startsWith("|")) {
                if (header != null && !rows.isEmpty()) {
                    break;              // the end of the table
                }
                header = null;
                continue;
            }
            final List<String> cells = cells(t);
            if (header == null) {
                if (!cells.isEmpty() && cells.get(0).equalsIgnoreCase("config") && cells.size() > 1) {
                    header = cells;
                }
                continue;
            }
            if (cells.isEmpty() || cells.get(0).startsWith("-")) {
                continue;               // the |---|---| line
            }
            final String config = cells.get(0).split("\\s+")[0];
            for (int i = 1; i < cells.size() && i < header.size(); i++) {
                final double v = number(cells.get(i));
                if (!Double.isNaN(v) && !header.get(i).isEmpty()) {
                    rows.add(new Row(config, header.get(i), v));
                }
            }
        }
        return rows;
    }

    private static List<String> cells(String row) {
        String r = row.substring(1);
        if (r.endsWith("|")) {
            r = r.substring(0, r.length() - 1);
        }
        final List<String> out = new ArrayList<>();
        for (String c : r.split("\\|", -1)) {
            out.add(c.strip());
        }
        return out;
    }

    private static double number(String s) {
        if (s.isEmpty() || !(Character.isDigit(s.charAt(0)))) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
