package org.jclick.clicktest;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.jclick.clicktest.ExpectMatcher.Mismatch;

/**
 * Runs one {@link ClickTestCase} the way Click's clicktest does:
 * <ol>
 *   <li>in a fresh directory, the {@code %require} script runs first; if it fails the test is skipped;</li>
 *   <li>the {@code %file} and {@code %stdin} sections are written, with the directories their names imply;</li>
 *   <li>the {@code %script} runs under {@code /bin/sh -e} with {@code LC_ALL=C}, {@code $rundir}, the
 *       command-line variables and the tool shims first on {@code PATH}; standard input is the {@code stdin}
 *       file or {@code /dev/null}, standard output and error go to files {@code stdout} and {@code stderr};</li>
 *   <li>every top-level command must succeed (a marker written before each one locates a failure); a test
 *       that runs longer than the timeout is killed, with everything it started;</li>
 *   <li>each expected file is compared with its {@code %expect} sections.</li>
 * </ol>
 */
public final class TestRunner {

    /** JVM option variables removed from the scripts' environment: the JVM would announce them on stderr. */
    private static final List<String> NOISY_VARIABLES = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");
    private static final String SHELL = "/bin/sh";
    private static final File DEV_NULL = new File("/dev/null");

    /**
     * How tests run.
     *
     * @param shimDir the directory put first on {@code PATH}
     * @param timeoutSeconds the time a script may run; 0 or less for no limit
     * @param keep whether to keep test directories
     * @param variables {@code VAR=VALUE} settings for the scripts (they override {@code LC_ALL=C})
     * @param runDir the value of {@code $rundir}, the directory the run started in
     * @param dotSlash what a leading {@code ./} of a command is rewritten to ({@code ../} when test
     *     directories are children of {@code runDir}, as in clicktest)
     */
    public record Options(
        Path shimDir, int timeoutSeconds, boolean keep, Map<String, String> variables, Path runDir, String dotSlash) {
    }

    private final Options options;
    private final Set<Process> running = ConcurrentHashMap.newKeySet();

    public TestRunner(final Options options) {
        this.options = options;
    }

    /** Kills every script this runner is running, with everything they started (e.g. on interrupt). */
    public void killRunning() {
        for (final Process process : running) {
            ProcessTree.killAll(process);
        }
    }

    /**
     * Runs {@code test} in {@code directory}, which is created (replacing any old one) and, unless kept,
     * removed afterwards. Messages are prefixed with {@code messagePrefix} when they have no location.
     * {@code afterRun}, if not null, sees the directory after the script ran.
     */
    public TestResult run(
        final ClickTestCase test, final Path directory, final String messagePrefix, final Consumer<Path> afterRun) {
        try {
            return runIn(test, directory, messagePrefix, afterRun);
        } catch (final IOException e) {
            final String reason = messagePrefix + "I/O error: " + describe(e);
            return TestResult.fail(test.name(), reason, List.of(reason), kept(directory));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return TestResult.fail(test.name(), "interrupted", List.of(messagePrefix + "interrupted"), kept(directory));
        } finally {
            if (!options.keep()) {
                deleteTree(directory);
            }
        }
    }

    private Path kept(final Path directory) {
        return options.keep() ? directory : null;
    }

    private TestResult runIn(
        final ClickTestCase test, final Path directory, final String messagePrefix, final Consumer<Path> afterRun)
        throws IOException, InterruptedException {
        deleteTree(directory);
        Files.createDirectories(directory);
        final Path stderr = directory.resolve("stderr");

        if (!test.require().isEmpty()) {
            Files.writeString(directory.resolve("%require"), scriptText(test.require()), StandardCharsets.ISO_8859_1);
            final int status = execute(directory, "%require", DEV_NULL, stderr.toFile(), stderr.toFile());
            if (status != 0) {
                final ScriptFailure failure = analyze(stderr, test.require(), test.name(), true, status);
                return new TestResult(test.name(), TestResult.Status.SKIP, failure.summary(),
                    failure.clicktestMessages(), failure, kept(directory));
            }
        }

        for (final String name : test.fileNames()) {
            final Path parent = directory.resolve(name).getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        }
        for (final Map.Entry<String, byte[]> file : test.files().entrySet()) {
            Files.write(directory.resolve(file.getKey()), file.getValue());
        }
        Files.writeString(directory.resolve("%script"), scriptText(test.script()), StandardCharsets.ISO_8859_1);
        final File stdin = test.files().containsKey("stdin") ? directory.resolve("stdin").toFile() : DEV_NULL;
        final int status = execute(directory, "%script", stdin, directory.resolve("stdout").toFile(), stderr.toFile());
        if (afterRun != null) {
            afterRun.accept(directory);
        }
        if (status != 0) {
            final ScriptFailure failure = analyze(stderr, test.script(), test.name(), false, status);
            return new TestResult(test.name(), TestResult.Status.FAIL, failure.summary(), failure.clicktestMessages(),
                failure, kept(directory));
        }

        final List<String> details = new ArrayList<>();
        String reason = null;
        for (final String fileName : test.expectations().keySet()) {
            final Mismatch mismatch = checkFile(test, directory, fileName);
            if (mismatch != null) {
                details.addAll(mismatch.clicktestMessages(messagePrefix));
                if (reason == null) {
                    reason = mismatch.summary();
                }
            }
        }
        if (reason != null) {
            return TestResult.fail(test.name(), reason, details, kept(directory));
        }
        return TestResult.pass(test.name(), kept(directory));
    }

    /** Compares output file {@code fileName} with its expectations; null when it matches. */
    static Mismatch checkFile(final ClickTestCase test, final Path directory, final String fileName) {
        final String actual;
        try {
            actual = new String(Files.readAllBytes(directory.resolve(fileName)), StandardCharsets.ISO_8859_1);
        } catch (final NoSuchFileException e) {
            return Mismatch.problem(fileName, null, "No such file or directory");
        } catch (final IOException e) {
            return Mismatch.problem(fileName, null, describe(e));
        }
        return ExpectMatcher.check(test, fileName, actual);
    }

    private ScriptFailure analyze(
        final Path stderr, final List<ScriptCommand> commands, final String testName, final boolean requirement,
        final int status) throws IOException {
        final String text = Files.exists(stderr)
            ? new String(Files.readAllBytes(stderr), StandardCharsets.ISO_8859_1) : "";
        final String withStatus = text.contains(ScriptFailure.FAILURE_MARKER)
            ? text : text + "\n" + ScriptFailure.FAILURE_MARKER + status + "\n";
        return ScriptFailure.analyze(withStatus, commands, testName, requirement, options.timeoutSeconds());
    }

    /** The script clicktest runs: an exit trap, then every command preceded by a line marker. */
    String scriptText(final List<ScriptCommand> commands) {
        final StringBuilder out = new StringBuilder("""
            clicktest_failed () {
                clicktest_status=$?
                test $clicktest_status = 0 || (echo; echo clicktest_failure:$clicktest_status) >&2
                exit $clicktest_status
            }
            clicktest_subtest () {
                echo clicktest_subtest "$@"
                echo clicktest_subtest "$@" >&2
            }
            trap clicktest_failed EXIT
            """);
        for (final ScriptCommand command : commands) {
            out.append("echo >&2; echo ").append(Shims.shellQuote(ScriptFailure.LINENO_MARKER + command.location()))
                .append(" >&2\n");
            String text = command.text();
            if (text.startsWith("./")) {
                text = options.dotSlash() + text.substring(2);
            }
            out.append(text).append('\n');
        }
        return out.toString();
    }

    /** Runs {@code script} in {@code directory}; returns its exit status, or 124 after a timeout. */
    private int execute(final Path directory, final String script, final File stdin, final File stdout, final File stderr)
        throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>(ProcessTree.newSessionPrefix());
        command.addAll(List.of(SHELL, "-e", script));
        final ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.redirectInput(stdin);
        if (stdout.equals(stderr)) {
            builder.redirectOutput(stdout).redirectErrorStream(true);
        } else {
            builder.redirectOutput(stdout).redirectError(stderr);
        }
        builder.environment().putAll(environment(builder.environment()));
        NOISY_VARIABLES.forEach(builder.environment()::remove);

        final Process process = builder.start();
        running.add(process);
        boolean finished;
        try {
            if (options.timeoutSeconds() > 0) {
                finished = process.waitFor(options.timeoutSeconds(), TimeUnit.SECONDS);
            } else {
                process.waitFor();
                finished = true;
            }
        } catch (final InterruptedException e) {
            ProcessTree.killAll(process);
            throw e;
        } finally {
            running.remove(process);
        }
        if (!finished) {
            ProcessTree.killAll(process);
            process.waitFor(5, TimeUnit.SECONDS);
            Files.writeString(stderr.toPath(), "\n" + ScriptFailure.FAILURE_MARKER + ScriptFailure.TIMEOUT + "\n",
                StandardCharsets.ISO_8859_1, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return 124;
        }
        // give background jobs a moment, then end whatever the script left behind
        Thread.sleep(1);
        ProcessTree.killGroup(process.pid());
        return process.exitValue();
    }

    private Map<String, String> environment(final Map<String, String> inherited) {
        final Map<String, String> environment = new LinkedHashMap<>();
        final String path = inherited.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        environment.put("PATH", options.shimDir() + File.pathSeparator + path);
        environment.put(Shims.SHIM_DIR_VARIABLE, options.shimDir().toString());
        environment.put("LC_ALL", "C");
        environment.putAll(options.variables());
        environment.put("rundir", options.runDir().toString());
        return environment;
    }

    static String describe(final IOException e) {
        return switch (e) {
            case NoSuchFileException missing -> missing.getFile() + ": No such file or directory";
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
    }

    /** Deletes {@code root} and everything below it, as far as possible. */
    static void deleteTree(final Path root) {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (final IOException e) {
                    path.toFile().setWritable(true);
                    path.toFile().delete();
                }
            });
        } catch (final IOException | RuntimeException e) {
            // best effort
        }
    }
}
