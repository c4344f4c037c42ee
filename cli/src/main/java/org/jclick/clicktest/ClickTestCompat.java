package org.jclick.clicktest;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code clicktest} program as test scripts see it: Click's clicktest command line and its messages on
 * standard error ({@code TEST:LINE: failure at 'CMD'}, {@code TEST: Success!} with {@code -V},
 * {@code clicktest: N successes, N failures, N skipped}). Click's {@code tools/clicktest-*.clicktest} tests run
 * clicktest inside a test.
 *
 * <p>Test directories are created in the current directory ({@code clicktestPID}, {@code clicktestPID-N}), so a
 * leading {@code ./} in a command becomes {@code ../} and {@code $rundir} is the current directory.
 */
final class ClickTestCompat {

    private static final Pattern VARIABLE = Pattern.compile("([A-Za-z_]\\w*)=(.*)", Pattern.DOTALL);
    private static final String BIN_NAME = "clicktest";
    private static final int DEFAULT_TIMEOUT = 45;
    private static final String RULE = "=".repeat(79);

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Path cwd;

    private int verbose;
    private boolean expandMode;
    private boolean preserve;
    private int timeout = DEFAULT_TIMEOUT;
    private int jobs = 1;
    private final List<String> pathPrepend = new ArrayList<>();
    private final List<Show> shows = new ArrayList<>();
    private final Map<String, String> variables = new LinkedHashMap<>();

    /** A {@code --show} request: a file name (or {@code *}), and whether ignored lines are left out. */
    private record Show(String fileName, boolean filtered) {
    }

    /** Counters of one test file, as clicktest keeps them. */
    private static final class Counter {
        int errors;
        int requireErrors;
        int attempts;
        int skips;
        int failures;
        int badFiles;
        final List<String> requireCommands = new ArrayList<>();

        void add(final Counter other) {
            errors += other.errors;
            requireErrors += other.requireErrors;
            attempts += other.attempts;
            skips += other.skips;
            failures += other.failures;
            badFiles += other.badFiles;
            requireCommands.addAll(other.requireCommands);
        }
    }

    /** Output of one test file: its messages, then its counters. */
    private record FileOutcome(List<Runnable> output, Counter counter) {
    }

    ClickTestCompat(final InputStream in, final PrintStream out, final PrintStream err, final Path cwd) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.cwd = cwd;
    }

    int run(final String[] args) {
        variables.put("LC_ALL", "C");
        final List<String> tests = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            final String arg = args[i];
            final Matcher variable = VARIABLE.matcher(arg);
            if (variable.matches()) {
                variables.put(variable.group(1), variable.group(2));
            } else if (arg.equals("-")) {
                tests.add(arg);
            } else if (!arg.startsWith("-")) {
                final Path path = cwd.resolve(arg);
                if (Files.isDirectory(path)) {
                    try {
                        for (final Path file : TestDiscovery.search(path)) {
                            tests.add(arg.replaceAll("/+$", "") + "/" + path.relativize(file).toString());
                        }
                    } catch (final IOException e) {
                        err.println(arg + ": " + TestRunner.describe(e));
                    }
                } else {
                    tests.add(arg);
                }
            } else if (arg.equals("-v") || longOption(arg, "--version", 4)) {
                out.print("""
                    ClickTest 1.3 (jclick)
                    This is jclick's implementation of Click's clicktest test harness.
                    """);
                return 0;
            } else if (arg.equals("-q") || longOption(arg, "--quiet", 1)) {
                verbose = -1;
            } else if (arg.equals("-V") || longOption(arg, "--verbose", 4)) {
                verbose = 1;
            } else if (arg.equals("-VV") || longOption(arg, "--superverbose", 2)) {
                verbose = 2;
            } else if (arg.equals("-e") || longOption(arg, "--expand", 1)) {
                expandMode = true;
                preserve = true;
            } else if (longOption(arg, "--help", 1)) {
                help();
                return 0;
            } else if (longOption(arg, "--preserve-temporaries", 2) || longOption(arg, "--preserve-temps", 2)) {
                preserve = true;
            } else if (arg.equals("-p") || longOption(arg, "--path", 2)) {
                if (i + 1 >= args.length) {
                    return usage();
                }
                pathPrepend.add(args[++i]);
            } else if (arg.startsWith("-p")) {
                pathPrepend.add(arg.substring(2));
            } else if (arg.startsWith("--pa") && arg.contains("=")) {
                pathPrepend.add(arg.substring(arg.indexOf('=') + 1));
            } else if (arg.equals("-s") || arg.equals("-S") || longOption(arg, "--show", 2) || longOption(arg, "--show-raw", 6)) {
                if (i + 1 >= args.length) {
                    return usage();
                }
                shows.add(new Show(args[++i], !arg.equals("-S") && !arg.startsWith("--show-r")));
            } else if (longOption(arg, "--show-all", 6)) {
                shows.add(new Show("*", true));
            } else if (longOption(arg, "--show-all-raw", 9)) {
                shows.add(new Show("*", false));
            } else if ((arg.startsWith("-s") || arg.startsWith("-S")) && arg.length() > 2) {
                shows.add(new Show(arg.substring(2), arg.charAt(1) == 's'));
            } else if (arg.equals("-t") || longOption(arg, "--timeout", 1)) {
                if (i + 1 >= args.length || !setTimeout(args[++i])) {
                    return usage();
                }
            } else if (arg.startsWith("-t")) {
                if (!setTimeout(arg.substring(2))) {
                    return usage();
                }
            } else if (arg.startsWith("--t") && arg.contains("=")) {
                if (!setTimeout(arg.substring(arg.indexOf('=') + 1))) {
                    return usage();
                }
            } else if (arg.equals("-j") || longOption(arg, "--jobs", 1)) {
                if (i + 1 >= args.length || !args[i + 1].matches("\\d+")) {
                    return usage();
                }
                jobs = Integer.parseInt(args[++i]);
            } else if (arg.matches("-j\\d+")) {
                jobs = Integer.parseInt(arg.substring(2));
            } else if (arg.matches("--j[a-z]*=\\d+")) {
                jobs = Integer.parseInt(arg.substring(arg.indexOf('=') + 1));
            } else {
                return usage();
            }
        }
        if (tests.isEmpty()) {
            tests.add("-");
        }
        return runAll(tests);
    }

    /** Like clicktest's option matching: a prefix of {@code option} at least {@code minMatch} letters long. */
    private static boolean longOption(final String arg, final String option, final int minMatch) {
        if (arg.contains("=") || arg.length() < 2 + minMatch || arg.length() > option.length()) {
            return false;
        }
        return option.startsWith(arg);
    }

    private boolean setTimeout(final String value) {
        try {
            timeout = (int) Math.round(Double.parseDouble(value));
            return true;
        } catch (final NumberFormatException e) {
            return false;
        }
    }

    private int usage() {
        err.println("Usage: clicktest [-V] [FILE]...");
        err.println("Try 'clicktest --help' for more information.");
        return 1;
    }

    private void help() {
        out.print("""
            'ClickTest' is a simple test harness.

            Usage: clicktest [OPTIONS] [FILE]...

            Options:
              VARIABLE=VALUE             Variable settings for test script.
              -V, --verbose              Print information for successful tests.
              -VV, --superverbose        Print initial %info for all tests.
              -s, --show TESTFILE        Show contents of TESTFILE on completion.
              -S, --show-raw TESTFILE    Like --show, but include ignored lines.
              --show-all                 Show contents of all TESTFILEs on completion.
              --show-all-raw             Like --show-all, but include ignored lines.
              --preserve-temporaries     Preserve temporary files.
              -e, --expand               Expand test files into current directory.
              -p, --path DIR             Prepend DIR to PATH.
              -t, --timeout T            Set timeout to T [45 sec].
              -j, --jobs N               Run up to N tests simultaneously.
              -v, --version              Print version information and exit.
              --help                     Print this message and exit.
            """);
    }

    private int runAll(final List<String> tests) {
        Path shimDir = null;
        Path ownShimDir = null;
        final String inherited = System.getenv(Shims.SHIM_DIR_VARIABLE);
        if (inherited != null && Files.isDirectory(Path.of(inherited))) {
            shimDir = Path.of(inherited);
        } else {
            try {
                ownShimDir = Files.createTempDirectory("jclick-clicktest-bin-");
                shimDir = Shims.install(ownShimDir);
            } catch (final IOException e) {
                err.println(BIN_NAME + ": cannot create tool directory: " + TestRunner.describe(e));
                return 2;
            }
        }
        if (!pathPrepend.isEmpty()) {
            final List<String> entries = new ArrayList<>();
            for (final String entry : pathPrepend) {
                entries.add(entry.startsWith("/") ? entry : cwd.resolve(entry.replaceFirst("^\\./", "")).toString());
            }
            final String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
            variables.put("PATH", String.join(File.pathSeparator, entries) + File.pathSeparator + shimDir
                + File.pathSeparator + path);
        }
        final TestRunner runner = new TestRunner(new TestRunner.Options(shimDir, timeout, preserve, variables, cwd, "../"));
        final Counter total = new Counter();
        final Path shimsToDelete = ownShimDir;
        final long pid = ProcessHandle.current().pid();
        final AtomicBoolean exiting = new AtomicBoolean();
        final Thread cleanup = new Thread(() -> {
            exiting.set(true);
            runner.killRunning();
            if (!preserve) {
                for (int i = 0; i < tests.size(); i++) {
                    TestRunner.deleteTree(cwd.resolve(testDirectoryName(pid, i)));
                }
            }
            if (shimsToDelete != null) {
                TestRunner.deleteTree(shimsToDelete);
            }
        }, "clicktest-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            final List<Future<FileOutcome>> futures = new ArrayList<>();
            final ExecutorService executor = Executors.newFixedThreadPool(Math.max(1, jobs), runnable -> {
                final Thread thread = new Thread(runnable, "clicktest");
                thread.setDaemon(true);
                return thread;
            });
            try {
                for (int i = 0; i < tests.size(); i++) {
                    final String test = tests.get(i);
                    final Path directory = expandMode ? cwd : cwd.resolve(testDirectoryName(pid, i));
                    futures.add(executor.submit(() -> runFile(runner, test, directory)));
                }
                for (final Future<FileOutcome> future : futures) {
                    final FileOutcome outcome = future.get();
                    if (exiting.get()) {
                        return 1;
                    }
                    outcome.output().forEach(Runnable::run);
                    total.add(outcome.counter());
                }
            } catch (final ExecutionException e) {
                err.println(BIN_NAME + ": internal error: " + e.getCause());
                total.badFiles++;
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                total.badFiles++;
            } finally {
                executor.shutdownNow();
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (final IllegalStateException e) {
                // already shutting down: the hook runs
            }
            if (ownShimDir != null) {
                TestRunner.deleteTree(ownShimDir);
            }
        }
        return summarize(total);
    }

    /** Like clicktest: {@code clicktestPID} for the first test, {@code clicktestPID-N} for later ones. */
    private static String testDirectoryName(final long pid, final int index) {
        return "clicktest" + pid + (index == 0 ? "" : "-" + index);
    }

    private int summarize(final Counter total) {
        final TreeSet<String> commands = new TreeSet<>(total.requireCommands);
        if (!commands.isEmpty()) {
            err.println(BIN_NAME + ": requirement failures blocked " + total.requireErrors
                + (total.requireErrors > 1 ? " tests" : " test") + ", use '-V' for details");
            err.println(BIN_NAME + ": (" + (commands.size() > 1 ? "commands" : "command") + " '"
                + String.join("', '", commands) + "')");
        }
        final int successes = total.attempts - total.failures - total.skips;
        err.println(BIN_NAME + ": " + successes + (successes == 1 ? " success, " : " successes, ")
            + total.failures + (total.failures == 1 ? " failure, " : " failures, ") + total.skips + " skipped");
        err.flush();
        if (total.badFiles > 0) {
            return 2;
        }
        return total.attempts == 0 || (total.errors == 0 && total.skips < total.attempts) ? 0 : 1;
    }

    private FileOutcome runFile(final TestRunner runner, final String fileName, final Path directory) {
        final List<Runnable> output = new ArrayList<>();
        final Counter counter = new Counter();
        final ClickTestFile file;
        try {
            if (fileName.equals("-")) {
                file = ClickTestFile.parse("<stdin>", in.readAllBytes(), null);
            } else {
                final Path path = cwd.resolve(fileName);
                if (Files.isDirectory(path)) {
                    output.add(() -> err.println(fileName + ": is a directory"));
                    counter.badFiles++;
                    return new FileOutcome(output, counter);
                }
                file = ClickTestFile.read(path, fileName);
            }
        } catch (final IOException e) {
            final String text = e instanceof java.nio.file.NoSuchFileException
                ? "No such file or directory" : TestRunner.describe(e);
            output.add(() -> err.println(fileName + ": " + text));
            counter.badFiles++;
            return new FileOutcome(output, counter);
        }
        for (final ClickTestCase test : file.tests()) {
            test.messages().forEach(message -> output.add(() -> err.println(message)));
            final Counter testCounter = execute(runner, test, directory, output);
            if (testCounter.requireErrors > 0) {
                counter.skips++;
            } else if (testCounter.errors > 0) {
                counter.failures++;
            }
            counter.add(testCounter);
        }
        return new FileOutcome(output, counter);
    }

    private Counter execute(final TestRunner runner, final ClickTestCase test, final Path directory, final List<Runnable> output) {
        final Counter counter = new Counter();
        counter.attempts++;
        String prefix = test.name() + ": ";
        if (verbose > 1) {
            if (!test.info().isBlank()) {
                final String description = firstParagraph(test.info());
                output.add(() -> err.print(test.name() + " Information:\n" + description));
            }
            output.add(() -> err.println(test.name() + " Results:"));
            prefix = "  ";
        }
        final String messagePrefix = prefix;
        if (verbose == 1) {
            output.add(() -> err.println(messagePrefix + "Running..."));
        }
        if (expandMode) {
            expand(test, directory, output);
            return counter;
        }

        final TestResult result = runner.run(test, directory, messagePrefix, shows.isEmpty() ? null : showHook(test, output));
        switch (result.status()) {
            case PASS -> {
                if (verbose > 0 && test.hasScript()) {
                    output.add(() -> err.println(messagePrefix + "Success!"));
                }
            }
            case SKIP -> {
                counter.requireErrors++;
                final ScriptFailure failure = result.failure();
                final boolean special = !failure.clicktestErrors().isEmpty() || failure.command() == null;
                if (verbose <= 0 && test.requireQuiet() && !special) {
                    break;
                }
                if (verbose <= 0 && !special) {
                    counter.requireCommands.add(failure.command().display());
                } else {
                    result.details().forEach(line -> output.add(() -> err.println(line)));
                }
            }
            case FAIL -> {
                counter.errors++;
                result.details().forEach(line -> output.add(() -> err.println(line)));
            }
        }
        if (verbose > 1) {
            output.add(err::println);
        }
        return counter;
    }

    private static String firstParagraph(final String info) {
        String text = info.replace("\r\n", "\n").replace('\r', '\n');
        final StringBuilder expanded = new StringBuilder();
        for (final String line : text.split("\n", -1)) {
            final StringBuilder column = new StringBuilder();
            for (final char c : line.toCharArray()) {
                if (c == '\t') {
                    column.append(" ".repeat(8 - column.length() % 8));
                } else {
                    column.append(c);
                }
            }
            expanded.append(column).append('\n');
        }
        text = expanded.toString().replaceFirst("\\A\n+", "");
        final int blank = text.indexOf("\n\n");
        if (blank >= 0) {
            text = text.substring(0, blank + 1);
        }
        final StringBuilder out = new StringBuilder();
        for (final String line : text.split("\n")) {
            out.append("  ").append(line).append('\n');
        }
        return out.toString();
    }

    private Consumer<Path> showHook(final ClickTestCase test, final List<Runnable> output) {
        return directory -> {
            final List<Show> expanded = new ArrayList<>();
            for (final Show show : shows) {
                if (show.fileName().equals("*")) {
                    expanded.add(new Show("stdout", show.filtered()));
                    expanded.add(new Show("stderr", show.filtered()));
                    new TreeSet<>(test.expectations().keySet()).stream()
                        .filter(name -> !name.equals("stdout") && !name.equals("stderr"))
                        .forEach(name -> expanded.add(new Show(name, show.filtered())));
                } else {
                    expanded.add(show);
                }
            }
            for (final Show show : expanded) {
                final Path file = directory.resolve(show.fileName());
                if (!Files.isReadable(file)) {
                    output.add(() -> out.println(test.name() + ": " + show.fileName() + " does not exist"));
                    continue;
                }
                String text;
                try {
                    text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                    if (show.filtered()) {
                        text = ExpectMatcher.Ignores.of(test, show.fileName()).apply(text)
                            .replaceAll("(?m)^" + ExpectMatcher.IGNORED + "\n", "");
                    }
                } catch (final IOException | ExpectMatcher.BadPatternException e) {
                    text = "(" + e.getMessage() + ")\n";
                }
                final String shown = text;
                output.add(() -> {
                    out.println(test.name() + ": " + show.fileName());
                    out.println(RULE);
                    out.print(shown);
                    out.println(RULE);
                });
            }
        };
    }

    /** {@code --expand}: writes the test's files and scripts into the current directory instead of running it. */
    private void expand(final ClickTestCase test, final Path directory, final List<Runnable> output) {
        try {
            for (final String name : test.fileNames()) {
                final Path parent = directory.resolve(name).getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
            }
            for (final Map.Entry<String, byte[]> file : test.files().entrySet()) {
                Files.write(directory.resolve(file.getKey()), file.getValue());
            }
            if (!test.require().isEmpty()) {
                Files.writeString(directory.resolve("%require"), plainScript(test.require()), StandardCharsets.ISO_8859_1);
            }
            Files.writeString(directory.resolve("%script"), plainScript(test.script()), StandardCharsets.ISO_8859_1);
        } catch (final IOException e) {
            output.add(() -> err.println(test.name() + ": " + TestRunner.describe(e)));
        }
    }

    private static String plainScript(final List<ScriptCommand> commands) {
        final StringBuilder text = new StringBuilder();
        commands.forEach(command -> text.append(command.text()).append('\n'));
        return text.toString();
    }
}
