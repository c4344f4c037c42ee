package org.jclick.clicktest;

import java.util.Arrays;

/**
 * Entry point of the {@code clicktest} and {@code click-buildtool} shims: {@code ToolMain TOOL ARGS...}. These
 * two tools live in this package and need none of the CLI's start-up, so their shims start this class directly.
 */
public final class ToolMain {

    private ToolMain() {
    }

    public static void main(final String[] args) {
        if (args.length == 0) {
            System.err.println("usage: ToolMain clicktest|click-buildtool ARGS...");
            System.exit(1);
        }
        final String[] rest = Arrays.copyOfRange(args, 1, args.length);
        final int status = switch (args[0]) {
            case "clicktest" -> ClickTestCommand.clicktestCompat(rest);
            case "click-buildtool" -> BuildTool.main2(rest);
            case "nc" -> NetCat.main(rest);
            default -> {
                System.err.println("jclick: " + args[0] + " is not implemented");
                yield 1;
            }
        };
        System.out.flush();
        System.err.flush();
        System.exit(status);
    }
}
