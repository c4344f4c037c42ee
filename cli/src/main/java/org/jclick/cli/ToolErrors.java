package org.jclick.cli;

import java.io.PrintStream;

import org.jclick.lang.Diagnostic;
import org.jclick.lang.DiagnosticFormatter;

/**
 * Error reporting for Click's tools, in Click's words: plain messages ({@code landmark: text}), messages
 * prefixed with the program's name ({@code click-combine: text}), warnings ({@code warning: text}), and a
 * count of errors that decides the exit status.
 */
final class ToolErrors {

    /** Thrown by {@link #fatal}: the tool stops with exit status 1 (the message is already printed). */
    static final class Fatal extends RuntimeException {
        Fatal() {
            super(null, null, false, false);
        }
    }

    private final PrintStream err;
    private final String prefix;
    private int errors;

    ToolErrors(Streams io, String program) {
        this.err = io.err();
        this.prefix = program + ": ";
    }

    int errors() {
        return errors;
    }

    /** An error without the program's name. */
    void error(String message) {
        err.print(message + "\n");
        errors++;
    }

    /** An error at {@code landmark} ({@code file:line}, or a name such as {@code <click-combine>}). */
    void lerror(String landmark, String message) {
        error(landmark == null || landmark.isEmpty() ? message : landmark + ": " + message);
    }

    /** An error prefixed with the program's name. */
    void programError(String message) {
        error(prefix + message);
    }

    void warning(String message) {
        err.print("warning: " + message + "\n");
    }

    void programWarning(String message) {
        err.print(prefix + "warning: " + message + "\n");
    }

    /** A line that continues the previous message. */
    void message(String message) {
        err.print(message + "\n");
    }

    /** Prints a front-end diagnostic in Click's format, counting errors. */
    void report(Diagnostic d) {
        err.print(DiagnosticFormatter.click(d));
        if (d.isError()) {
            errors++;
        }
    }

    /** Prints an error and returns the exception that stops the tool: {@code throw errh.fatal(...)}. */
    Fatal fatal(String message) {
        error(message);
        return new Fatal();
    }

    Fatal programFatal(String message) {
        programError(message);
        return new Fatal();
    }
}
