package org.jclick.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;

import org.jclick.lang.ClickFrontEnd;
import org.jclick.lang.ConfigResult;
import org.jclick.lang.Diagnostic;
import org.jclick.lang.DiagnosticFormatter;
import org.jclick.lang.ElementCatalog;
import org.jclick.lang.Unparser;

/**
 * The configurations of Click's corpus in {@code ../shared}, as test cases: every file under
 * {@code corpus/click/configs}, and every configuration the {@code .clicktest} files under
 * {@code corpus/click/tests} run. Each case is loaded once (results are memoized, so the conformance tests
 * and the report share them).
 */
final class Corpus {

    /**
     * One configuration. {@code name} is the test name ({@code conf/grid.click},
     * {@code tools/lexer-01:-e@3}); {@code workDir} is the prefix to strip from file names in messages.
     */
    static final class Case {
        final String name;
        final String text;
        final EmbeddedConfigs.Config embedded;
        private final Path workDir;
        private final ClickFrontEnd frontEnd;
        private final Function<ClickFrontEnd, ConfigResult> loader;
        private volatile ConfigResult result;
        private volatile ConfigResult clickResult;
        private volatile RoundTrip roundTrip;

        Case(String name, String text, EmbeddedConfigs.Config embedded, Path workDir, ClickFrontEnd frontEnd,
             Function<ClickFrontEnd, ConfigResult> loader) {
            this.name = name;
            this.text = text;
            this.embedded = embedded;
            this.workDir = workDir;
            this.frontEnd = frontEnd;
            this.loader = loader;
        }

        /** The result of jclick's front end (with its checks beyond Click's). */
        ConfigResult result() {
            ConfigResult r = result;
            if (r == null) {
                r = loader.apply(frontEnd);
                result = r;
            }
            return r;
        }

        /** The result of the front end in its Click-compatible mode: exactly Click's checks. */
        ConfigResult clickResult() {
            ConfigResult r = clickResult;
            if (r == null) {
                r = loader.apply(frontEnd.clickCompatible());
                clickResult = r;
            }
            return r;
        }

        boolean flattensCleanly() {
            return !result().hasErrors();
        }

        /** Syntax errors only: the configuration parsed, without flattening. */
        List<Diagnostic> syntaxErrors() {
            final List<Diagnostic> d = new ArrayList<>();
            ClickFrontEnd.parse(name, text, d);
            return d.stream().filter(Diagnostic::isError).toList();
        }

        /**
         * The errors of the Click-compatible front end in Click's format ({@code FILE:LINE: message}, first
         * line only), file names relative to the work folder.
         */
        List<String> clickErrors() {
            return clickResult().errors().stream().map(d -> clickFormat(d).lines().findFirst().orElse("")).toList();
        }

        /** {@code FILE:LINE} of a location, the file name relative to the work folder. */
        String landmark(org.jclick.lang.SourceLocation location) {
            return workDir == null ? location.landmark() : location.landmark().replace(workDir + "/", "");
        }

        String clickFormat(Diagnostic d) {
            String s = DiagnosticFormatter.click(d).strip();
            if (workDir != null) {
                s = s.replace(workDir + "/", "");
            }
            return s;
        }

        /** Errors and warnings, jclick's rich format, for failure messages. */
        String describe() {
            return DiagnosticFormatter.richAll(result().diagnostics(), result().sources());
        }

        /** flatten(parse(flatten(x))) against flatten(x); only for a case that flattens cleanly. */
        RoundTrip roundTrip() {
            RoundTrip t = roundTrip;
            if (t == null) {
                final String first = Unparser.unparse(result().router());
                final ConfigResult again = frontEnd.load(name + " (flattened)", first, Map.of());
                final String second = again.hasErrors() ? null : Unparser.unparse(again.router());
                t = new RoundTrip(first, second, DiagnosticFormatter.richAll(again.diagnostics(), again.sources()));
                roundTrip = t;
            }
            return t;
        }
    }

    /** {@code second} is null when the flattened text did not load cleanly; {@code diagnostics} says why. */
    record RoundTrip(String first, String second, String diagnostics) {
        boolean identical() {
            return first.equals(second);
        }
    }

    /** The results of reading the {@code .clicktest} files. */
    record ClickTests(int files, List<Case> cases, List<String> skipped, List<String> problems,
                      List<String> testsWithoutConfigs, Map<String, ClickTestFile> tests) {
    }

    private static final Map<String, Object> CACHE = new ConcurrentHashMap<>();

    private Corpus() {
    }

    /** Every file under {@code corpus/click/configs}, named by its path relative to that folder. */
    @SuppressWarnings("unchecked")
    static List<Case> configFiles() {
        final Path root = SharedCorpus.clickConfigs();
        return (List<Case>) CACHE.computeIfAbsent("configs", k -> loadConfigFiles(root));
    }

    /** Every configuration embedded in {@code corpus/click/tests/**}{@code /*.clicktest}. */
    static ClickTests clickTests() {
        final Path root = SharedCorpus.clickTests();
        return (ClickTests) CACHE.computeIfAbsent("clicktests", k -> loadClickTests(root));
    }

    private static List<Case> loadConfigFiles(Path root) {
        final Path conf = root.resolve("conf");
        final List<Case> cases = new ArrayList<>();
        for (Path f : regularFiles(root, "")) {
            final String name = slashes(root.relativize(f));
            final ClickFrontEnd fe = new ClickFrontEnd(ElementCatalog.tools(), List.of(f.getParent(), conf));
            final String text = read(f);
            cases.add(new Case(name, text, null, null, fe, front -> front.load(f, Map.of())));
        }
        return List.copyOf(cases);
    }

    private static ClickTests loadClickTests(Path root) {
        final Path work = workRoot();
        final List<Case> cases = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        final List<String> without = new ArrayList<>();
        final Map<String, ClickTestFile> tests = new java.util.LinkedHashMap<>();
        final List<Path> files = regularFiles(root, ".clicktest");
        for (Path f : files) {
            final String rel = slashes(root.relativize(f));
            final String testName = rel.substring(0, rel.length() - ".clicktest".length());
            final ClickTestFile t;
            try {
                t = ClickTestFile.read(f);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            tests.put(testName, t);
            problems.addAll(t.problems().stream().map(p -> testName + ": " + p).toList());
            final EmbeddedConfigs.Result extracted = EmbeddedConfigs.extract(t);
            skipped.addAll(extracted.skipped().stream().map(s -> testName + ": " + s).toList());
            if (extracted.configs().isEmpty()) {
                without.add(testName);
                continue;
            }
            final Path dir = work.resolve(testName);
            writeFiles(dir, t);
            final ClickFrontEnd fe = new ClickFrontEnd(ElementCatalog.tools(), List.of(dir));
            for (EmbeddedConfigs.Config c : extracted.configs()) {
                final String name = testName + ":" + c.label();
                final Function<ClickFrontEnd, ConfigResult> loader = switch (c.kind()) {
                    case FILE -> front -> front.load(dir.resolve(c.fileName()), c.defines());
                    // Click's names for a -e expression and for standard input
                    case INLINE -> front -> front.load(dir.resolve("config").toString(), c.text(), c.defines());
                    case STDIN -> front -> front.load(dir.resolve("<stdin>").toString(), c.text(), c.defines());
                };
                cases.add(new Case(name, c.text(), c, dir, fe, loader));
            }
        }
        return new ClickTests(files.size(), List.copyOf(cases), List.copyOf(skipped), List.copyOf(problems),
                List.copyOf(without), java.util.Collections.unmodifiableMap(tests));
    }

    /** Where the {@code %file}s of each test are written: {@code target/clicktest-files/DIR/TEST/}. */
    private static Path workRoot() {
        final Path base = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
        final Path work = base.resolve("target/clicktest-files");
        try {
            if (Files.exists(work)) {
                try (Stream<Path> s = Files.walk(work)) {
                    for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            Files.createDirectories(work);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return work;
    }

    private static void writeFiles(Path dir, ClickTestFile t) {
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, ClickTestFile.Body> e : t.files().entrySet()) {
                final Path p = dir.resolve(e.getKey());
                Files.createDirectories(p.getParent());
                Files.writeString(p, e.getValue().text(), StandardCharsets.ISO_8859_1);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> regularFiles(Path root, String suffix) {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(suffix))
                    .sorted(Comparator.comparing(p -> slashes(root.relativize(p))))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String slashes(Path p) {
        return p.toString().replace('\\', '/');
    }
}
