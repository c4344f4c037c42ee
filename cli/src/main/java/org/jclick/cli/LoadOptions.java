package org.jclick.cli;

import picocli.CommandLine.Option;

/** The options every jclick command that loads configurations shares (a picocli mixin). */
final class LoadOptions {

    @Option(names = {"-w", "--no-warnings"}, description = "Do not print warnings.")
    boolean noWarnings;

    @Option(names = {"-C", "--clickpath"}, paramLabel = "PATH",
            description = "Where require(library FILE) looks (colon-separated; default: $CLICKPATH).")
    String clickpath;
}
