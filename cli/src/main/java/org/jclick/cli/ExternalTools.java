package org.jclick.cli;

import org.jclick.clicktest.BuildTool;
import org.jclick.clicktest.ClickTestCommand;

/**
 * The hooks into tools that live in other packages: the Click test runner ({@code org.jclick.clicktest}).
 * Those tools print through {@code System.out} and {@code System.err}, so jclick's own streams are flushed
 * before and after them to keep the output in order.
 */
final class ExternalTools {

    private ExternalTools() {
    }

    /** The picocli command object for {@code jclick clicktest}. */
    static Object clickTestCommand() {
        return new ClickTestCommand();
    }

    /** The {@code clicktest} program: Click's clicktest command line. */
    static int clicktest(String[] args, Streams io) {
        io.flush();
        try {
            return ClickTestCommand.clicktestCompat(args);
        } finally {
            System.out.flush();
            System.err.flush();
        }
    }

    /** {@code click-buildtool ARGS}. */
    static int buildtool(String[] args, Streams io) {
        io.flush();
        try {
            return BuildTool.main2(args);
        } finally {
            System.out.flush();
            System.err.flush();
        }
    }
}
