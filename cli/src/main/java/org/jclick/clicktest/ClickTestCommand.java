package org.jclick.clicktest;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jclick clicktest FILE|DIR...}: runs Click's own tests ({@code *.clicktest}, {@code *.testie}) against
 * jclick, with the Click tools on {@code PATH} replaced by jclick (see {@link Shims}).
 *
 * <p>Prints one line per test, {@code PASS name}, {@code FAIL name: reason} or {@code SKIP name: reason}, then
 * {@code N passed, N failed, N skipped}. Exits 0 when nothing failed, 1 otherwise.
 */
@Command(
    name = "clicktest",
    mixinStandardHelpOptions = true,
    description = {
        "Run Click test files (*.clicktest, *.testie) against jclick.",
        "Directories are searched recursively. Arguments VAR=VALUE set variables for the test scripts."})
public final class ClickTestCommand implements Callable<Integer> {

    private static final Pattern VARIABLE = Pattern.compile("([A-Za-z_]\\w*)=(.*)", Pattern.DOTALL);

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "Test files, or directories to search.")
    List<String> arguments = new ArrayList<>();

    @Option(names = {"-j", "--jobs"}, defaultValue = "2", paramLabel = "N",
        description = "Run N tests in parallel (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--timeout", defaultValue = "120", paramLabel = "S",
        description = "Kill a test after S seconds; 0 for no limit (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--keep", description = "Keep the test directories (their location is printed).")
    boolean keep;

    @Option(names = {"-v", "--verbose"}, description = "Show the details of failures and skips.")
    boolean verbose;

    /** A test file to run, with the names used in reports. */
    private record Source(Path file, String displayName, String testName) {
    }

    @Override
    public Integer call() {
        final PrintWriter out = spec != null ? spec.commandLine().getOut() : new PrintWriter(System.out, true);
        final PrintWriter err = spec != null ? spec.commandLine().getErr() : new PrintWriter(System.err, true);
        final Map<String, String> variables = new LinkedHashMap<>();
        final List<Path> inputs = new ArrayList<>();
        boolean badArgument = false;
        for (final String argument : arguments) {
            final Matcher variable = VARIABLE.matcher(argument);
            if (variable.matches() && !Files.exists(Path.of(argument))) {
                variables.put(variable.group(1), variable.group(2));
            } else if (Files.exists(Path.of(argument))) {
                inputs.add(Path.of(argument));
            } else {
                err.println("jclick clicktest: " + argument + ": No such file or directory");
                badArgument = true;
            }
        }

        final Path root = TestDiscovery.commonRoot(inputs);
        final List<Source> sources = new ArrayList<>();
        for (final Path input : inputs) {
            try {
                final List<Path> files = Files.isDirectory(input) ? TestDiscovery.search(input) : List.of(input);
                for (final Path file : files) {
                    sources.add(new Source(file, TestDiscovery.displayName(root, file), TestDiscovery.testName(root, file)));
                }
            } catch (final IOException e) {
                err.println("jclick clicktest: " + input + ": " + TestRunner.describe(e));
                badArgument = true;
            }
        }

        final Counts counts = new Counts();
        final Path workRoot;
        try {
            workRoot = Files.createTempDirectory("jclick-clicktest-");
            Shims.install(workRoot.resolve("bin"));
        } catch (final IOException e) {
            err.println("jclick clicktest: cannot create test directory: " + TestRunner.describe(e));
            return 1;
        }
        final Path runDir = Path.of("").toAbsolutePath();
        final TestRunner runner = new TestRunner(new TestRunner.Options(workRoot.resolve("bin"), timeoutSeconds, keep,
            variables, runDir, Shims.shellQuote(runDir.toString()) + "/"));

        // scripts run in their own sessions, so an interrupt does not reach them: end them on exit
        final AtomicBoolean exiting = new AtomicBoolean();
        final Thread cleanup = new Thread(() -> {
            exiting.set(true);
            runner.killRunning();
            if (!keep) {
                TestRunner.deleteTree(workRoot);
            }
        }, "clicktest-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        final ExecutorService executor = Executors.newFixedThreadPool(Math.max(1, jobs), runnable -> {
            final Thread thread = new Thread(runnable, "clicktest");
            thread.setDaemon(true);
            return thread;
        });
        try {
            final List<Future<List<TestResult>>> futures = new ArrayList<>();
            for (int i = 0; i < sources.size(); i++) {
                final Source source = sources.get(i);
                final Path directory = workRoot.resolve(String.format("%04d-%s", i + 1, sanitize(source.testName())));
                futures.add(executor.submit(() -> runFile(runner, source, directory)));
            }
            for (final Future<List<TestResult>> future : futures) {
                final List<TestResult> results = resultOf(future);
                if (exiting.get()) {
                    // killed scripts are not test results
                    return 130;
                }
                for (final TestResult result : results) {
                    counts.add(result.status());
                    print(out, result);
                }
            }
        } finally {
            executor.shutdownNow();
            removeShutdownHook(cleanup);
            if (keep) {
                err.println("jclick clicktest: test directories kept in " + workRoot);
            } else {
                TestRunner.deleteTree(workRoot);
            }
        }
        out.println(counts.passed + " passed, " + counts.failed + " failed, " + counts.skipped + " skipped");
        out.flush();
        return counts.failed == 0 && !badArgument ? 0 : 1;
    }

    private static void removeShutdownHook(final Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (final IllegalStateException e) {
            // already shutting down: the hook runs
        }
    }

    private static List<TestResult> resultOf(final Future<List<TestResult>> future) {
        try {
            return future.get();
        } catch (final ExecutionException e) {
            final Throwable cause = e.getCause();
            return List.of(TestResult.fail("?", "internal error: " + cause, List.of(), null));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of(TestResult.fail("?", "interrupted", List.of(), null));
        }
    }

    private void print(final PrintWriter out, final TestResult result) {
        final String name = result.name();
        switch (result.status()) {
            case PASS -> out.println("PASS " + name);
            case FAIL -> out.println("FAIL " + name + ": " + result.reason());
            case SKIP -> out.println("SKIP " + name + ": " + result.reason());
        }
        if (verbose && result.status() != TestResult.Status.PASS) {
            result.details().forEach(line -> out.println("    " + ExpectMatcher.printable(line)));
            if (result.directory() != null) {
                out.println("    test directory: " + result.directory());
            }
        }
        out.flush();
    }

    private static List<TestResult> runFile(final TestRunner runner, final Source source, final Path directory) {
        final ClickTestFile file;
        try {
            file = ClickTestFile.read(source.file(), source.displayName());
        } catch (final IOException e) {
            final String reason = source.displayName() + ": " + TestRunner.describe(e);
            return List.of(TestResult.fail(source.testName(), reason, List.of(reason), null));
        }
        final List<TestResult> results = new ArrayList<>();
        final List<ClickTestCase> tests = file.tests();
        for (int i = 0; i < tests.size(); i++) {
            final ClickTestCase test = tests.get(i);
            final String name = source.testName() + (i == 0 ? "" : "<" + (i + 1) + ">");
            final ClickTestCase.Message error = test.firstError();
            final List<String> messages = test.messages().stream().map(ClickTestCase.Message::toString).toList();
            final TestResult result;
            if (error != null) {
                result = TestResult.fail(name, error.toString(), messages, null);
            } else if (!test.hasScript()) {
                final String reason = source.displayName() + ": no %script section";
                result = TestResult.fail(name, reason, List.of(reason), null);
            } else {
                final TestResult run = runner.run(test, directory.resolveSibling(directory.getFileName() + suffix(i)),
                    test.name() + ": ", null);
                result = new TestResult(name, run.status(), run.reason(), run.details(), run.failure(), run.directory());
            }
            results.add(result);
        }
        return results;
    }

    private static String suffix(final int index) {
        return index == 0 ? "" : "-" + (index + 1);
    }

    private static String sanitize(final String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static final class Counts {
        int passed;
        int failed;
        int skipped;

        void add(final TestResult.Status status) {
            switch (status) {
                case PASS -> passed++;
                case FAIL -> failed++;
                case SKIP -> skipped++;
            }
        }
    }

    /**
     * Entry point for the {@code clicktest} tool that test scripts call (Click's own tests test clicktest):
     * Click's clicktest options and output format. Returns the exit status.
     */
    public static int clicktestCompat(final String[] args) {
        return new ClickTestCompat(System.in, System.out, System.err, Path.of("").toAbsolutePath()).run(args);
    }
}
