package org.jclick.clicktest;

/**
 * {@code click-buildtool}: only the {@code provides} subcommand, answered for the jclick userlevel driver.
 */
public final class BuildTool {

    private BuildTool() {
    }

    public static int main2(final String[] args) {
        return 1;
    }
}
