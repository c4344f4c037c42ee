package org.jclick.cli;

/**
 * The hooks into tools that live in other packages: the Click test runner ({@code org.jclick.clicktest}).
 * Until the runner is merged these report that it is not available.
 */
final class ExternalTools {

    private ExternalTools() {
    }

    /** Whether the test runner is built into this jclick. */
    static boolean haveClickTest() {
        return false;
    }

    /** The picocli command object for {@code jclick clicktest}, or null. */
    static Object clickTestCommand() {
        return null;
    }

    /** {@code clicktest ARGS}: Click's clicktest command line. */
    static int clicktest(String[] args, Streams io) {
        return missing("clicktest", io);
    }

    /** {@code click-buildtool ARGS}. */
    static int buildtool(String[] args, Streams io) {
        return missing("click-buildtool", io);
    }

    private static int missing(String tool, Streams io) {
        io.err().println("jclick: " + tool + " is not implemented");
        return 1;
    }
}
