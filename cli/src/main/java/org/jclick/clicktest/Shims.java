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
        "clicktest", "nc");

    /** Tools implemented in this package, started without the CLI's dispatcher ({@code nc}: see NetCat). */
    private static final List<String> LOCAL_TOOLS = List.of("click-buildtool", "clicktest", "nc");

    /**
     * JVM flags for the short-lived tool JVMs. Measured on JDK 25 (2 busy CPUs, medians of 15 runs): a JVM that
     * runs {@code click-buildtool provides userlevel} takes about 65-75 ms with these flags against 100-140 ms
     * with the defaults; one that builds a picocli command model takes about 330-345 ms against 400-460 ms, and
     * about 270 ms when the AOT cache of the {@code jclick} launcher is used as well. C1 only
     * ({@code TieredStopAtLevel=1}) and the serial collector win because these JVMs are short and small;
     * {@code -XX:-UsePerfData} skips the {@code hsperfdata} file. The JDK's default CDS archive is used as
     * always ({@code -Xshare:auto} is the default, and may not be given together with {@code -XX:AOTCache}).
     */
    public static final List<String> FAST_START_FLAGS = List.of(
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "--sun-misc-unsafe-memory-access=allow",
        "--enable-native-access=ALL-UNNAMED");

    /** Environment variable holding the shim directory, so a nested clicktest reuses it. */
    public static final String SHIM_DIR_VARIABLE = "JCLICK_SHIM_DIR";

    /** Environment variable with extra JVM options (as for the {@code jclick} launcher), read when a shim runs. */
    public static final String EXTRA_OPTIONS_VARIABLE = "JCLICK_JAVA_OPTS";

    /** System property naming the source tree, set by the {@code jclick} launcher. */
    public static final String HOME_PROPERTY = "jclick.home";

    /** Where the {@code jclick} launcher keeps its AOT cache, relative to {@link #HOME_PROPERTY}. */
    public static final String AOT_CACHE = ".jclick-build/jclick.aot";

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

    /** Creates the shims in {@code binDir} for the current JVM, class path and {@code jclick.home}. */
    public static Path install(final Path binDir) throws IOException {
        return install(binDir, currentJava(), currentClassPath(), FAST_START_FLAGS, System.getProperty(HOME_PROPERTY));
    }

    /**
     * Creates the shims in {@code binDir}. With a {@code jclickHome} (may be null), the tools get
     * {@code -Djclick.home} and use the launcher's AOT cache whenever it exists; a cache that does not match the
     * class path is ignored silently.
     */
    public static Path install(
        final Path binDir, final String java, final String classPath, final List<String> jvmOptions,
        final String jclickHome) throws IOException {
        Files.createDirectories(binDir);
        final String homeOption = jclickHome == null ? "" : "-D" + HOME_PROPERTY + "=" + jclickHome;
        final String aotCache = jclickHome == null ? "" : Path.of(jclickHome, AOT_CACHE).toString();
        for (final String tool : TOOLS) {
            final Path shim = binDir.resolve(tool);
            final String mainClass = LOCAL_TOOLS.contains(tool) ? ToolMain.class.getName() : "org.jclick.cli.Main";
            final String script = """
                #!/bin/sh
                # jclick shim for '%1$s', created by jclick clicktest
                JAVA=%2$s
                CP=%3$s
                JVM_OPTS=%4$s
                HOME_OPT=%5$s
                AOT=%6$s
                if [ -n "$AOT" ] && [ -f "$AOT" ]; then
                    exec "$JAVA" $JVM_OPTS "-XX:AOTCache=$AOT" -Xlog:aot=off -Xlog:cds=off $%7$s ${HOME_OPT:+"$HOME_OPT"} -cp "$CP" %8$s %1$s "$@"
                fi
                exec "$JAVA" $JVM_OPTS $%7$s ${HOME_OPT:+"$HOME_OPT"} -cp "$CP" %8$s %1$s "$@"
                """.formatted(tool, shellQuote(java), shellQuote(classPath), shellQuote(String.join(" ", jvmOptions)),
                shellQuote(homeOption), shellQuote(aotCache), EXTRA_OPTIONS_VARIABLE, mainClass);
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
