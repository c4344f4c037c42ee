package org.jclick.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.jclick.lang.ClickFrontEnd;
import org.jclick.lang.ConfigResult;
import org.jclick.lang.DiagnosticFormatter;
import org.jclick.lang.ElementCatalog;

/**
 * The smallest "check a config" program: read, parse and flatten one file with the tools catalog, print
 * the diagnostics, exit 1 if any is an error. It stands in for {@code jclick check} when timing a cold JVM
 * (docs/PERFORMANCE.md, benchmarks/cold-start.sh), without the launcher's own work.
 */
public final class CheckOnce {

    private CheckOnce() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: CheckOnce CONFIG.click");
            System.exit(2);
        }
        final ClickFrontEnd frontEnd = new ClickFrontEnd(ElementCatalog.tools(), List.of());
        final ConfigResult result = frontEnd.load(Path.of(args[0]), Map.of());
        System.err.print(DiagnosticFormatter.richAll(result.diagnostics(), result.sources()));
        System.exit(result.hasErrors() ? 1 : 0);
    }
}
