package org.jclick.clicktest;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code bin/} directory put first on {@code PATH} for test scripts: one small {@code sh} script per Click
 * tool ({@code click}, {@code click-flatten}, ...), each starting the jclick command line in a new JVM, the way
 * a test expects to run Click's own programs.
 */
public final class Shims {

    /** The Click programs that tests call; the jclick CLI dispatches on these names. */
    public static final List<String> TOOLS = List.of(
        "click", "click-flatten", "click-align", "click-xform", "click-combine", "click-uncombine",
        "click-undead", "click-devirtualize", "click-mkmindriver", "click-fastclassifier", "click-buildtool",
        "clicktest");

    /** Tools implemented in this package, started without the CLI's dispatcher. */
    private static final List<String> LOCAL_TOOLS = List.of("click-buildtool", "clicktest");

    /**
     * JVM flags for the short-lived tool JVMs: C1 only and the serial collector start fastest (see
     * {@code README} of this package for measurements); the class-data-sharing archive is used when present.
     */
    public static final List<String> FAST_START_FLAGS = List.of(
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-XX:-UsePerfData");

    /** Environment variable holding the shim directory, so a nested clicktest reuses it. */
    public static final String SHIM_DIR_VARIABLE = "JCLICK_SHIM_DIR";

    /** Environment variable with extra JVM flags for the tool JVMs, read when a shim runs. */
    public static final String EXTRA_OPTIONS_VARIABLE = "JCLICK_JVM_OPTS";

    private Shims() {
    }

    /** The running JVM's {@code java} launcher. */
    public static String currentJava() {
        return ProcessHandle.current().info().command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** The running JVM's class path, with every entry made absolute (tests run in other directories). */
    public static String currentClassPath() {
        final String classPath = System.getProperty("java.class.path", "");
        final List<String> entries = new ArrayList<>();
        for (final String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(Path.of(entry).toAbsolutePath().normalize().toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** Creates the shims in {@code binDir} for the current JVM and class path. */
    public static Path install(final Path binDir) throws IOException {
        return install(binDir, currentJava(), currentClassPath(), FAST_START_FLAGS);
    }

    /** Creates the shims in {@code binDir}. */
    public static Path install(final Path binDir, final String java, final String classPath, final List<String> jvmOptions)
        throws IOException {
        Files.createDirectories(binDir);
        for (final String tool : TOOLS) {
            final Path shim = binDir.resolve(tool);
            final String mainClass = LOCAL_TOOLS.contains(tool) ? ToolMain.class.getName() : "org.jclick.cli.Main";
            final String script = """
                #!/bin/sh
                # jclick shim for '%s', created by jclick clicktest
                JAVA=%s
                CP=%s
                JVM_OPTS=%s
                exec "$JAVA" $JVM_OPTS $%s -cp "$CP" %s %s "$@"
                """.formatted(tool, shellQuote(java), shellQuote(classPath), shellQuote(String.join(" ", jvmOptions)),
                EXTRA_OPTIONS_VARIABLE, mainClass, tool);
            final Path temporary = Files.createTempFile(binDir, "." + tool, ".tmp");
            Files.writeString(temporary, script, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.move(temporary, shim, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return binDir;
    }

    /** Quotes {@code text} for {@code sh}. */
    public static String shellQuote(final String text) {
        return "'" + text.replace("'", "'\"'\"'") + "'";
    }
}
