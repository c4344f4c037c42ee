package org.jclick.cli;

import picocli.CommandLine;

/** Makes picocli's usage errors for classes on the run path, which must not name them (see ConfigArgs.usageError). */
final class UsageError {

    private UsageError() {
    }

    static RuntimeException of(CommandLine.Model.CommandSpec spec, String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
