package org.jclick.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jclick.lang.ClickFrontEnd;
import org.jclick.lang.ConfigResult;
import org.jclick.lang.Diagnostic;
import org.jclick.lang.DiagnosticFormatter;
import org.jclick.lang.ElementCatalog;
import org.jclick.lang.FlatRouter;
import org.jclick.lang.Unparser;
import org.jclick.lang.ast.Ast;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Click front end on one real configuration: parse + flatten ({@code load}, what {@code jclick check}
 * does), parse only (text to AST), and unparse only (flat router to text).
 *
 * <p>By default the configuration is the largest {@code .click} file under
 * {@code corpus/click/configs} of the shared folder, found by size; the shared folder is the system
 * property {@code jclick.shared}, else {@code ../shared} relative to the working directory. Any other file
 * can be given with {@code -p config=PATH}.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar FrontEndBenchmark -f 1 -wi 3 -i 5 -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class FrontEndBenchmark {

    /** Marks the default: the largest Click config in the shared corpus. */
    public static final String LARGEST = "largest";

    /** The configuration file, or {@value #LARGEST}. */
    @Param(LARGEST)
    public String config;

    private ClickFrontEnd frontEnd;
    private String fileName;
    private String text;
    private FlatRouter router;

    @Setup
    public void setUp() throws IOException {
        final Path file = LARGEST.equals(config) ? largestCorpusConfig() : Path.of(config);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("benchmark config not found: " + file.toAbsolutePath());
        }
        fileName = file.toString();
        text = Files.readString(file, StandardCharsets.ISO_8859_1);
        frontEnd = new ClickFrontEnd(ElementCatalog.tools(), List.of());
        final ConfigResult result = frontEnd.load(fileName, text, Map.of());
        if (result.hasErrors()) {
            throw new IllegalStateException("benchmark config has errors, so it would not measure a full run:\n"
                    + DiagnosticFormatter.richAll(result.errors(), result.sources()));
        }
        router = result.router();
        System.out.printf("%n# config: %s (%d bytes, %d elements, %d connections)%n", file, text.length(),
                router.elements().size(), router.connections().size());
    }

    /** Parse, build the AST, flatten: {@code ClickFrontEnd.load}. */
    @Benchmark
    public ConfigResult parseAndFlatten() {
        return frontEnd.load(fileName, text, Map.of());
    }

    /** Lex + parse + AST only. */
    @Benchmark
    public Ast.Program parseOnly() {
        final List<Diagnostic> diagnostics = new ArrayList<>();
        return ClickFrontEnd.parse(fileName, text, diagnostics);
    }

    /** Print the flattened router as Click text. */
    @Benchmark
    public String unparseOnly() {
        return Unparser.unparse(router);
    }

    /** The shared folder: {@code -Djclick.shared=DIR}, else {@code ../shared} from the working directory. */
    static Path sharedDir() {
        final String prop = System.getProperty("jclick.shared");
        return prop != null && !prop.isBlank() ? Path.of(prop) : Path.of("..", "shared");
    }

    /** The largest {@code .click} file under {@code corpus/click/configs}, ties broken by path. */
    static Path largestCorpusConfig() {
        final Path dir = sharedDir().resolve("corpus/click/configs");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("Click config corpus not found at " + dir.toAbsolutePath()
                    + " (set -Djclick.shared=DIR, run from a directory beside shared/, or pass -p config=FILE)");
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".click") && Files.isRegularFile(p))
                    .max(Comparator.comparingLong(FrontEndBenchmark::size)
                            .thenComparing(Comparator.<Path>naturalOrder().reversed()))
                    .orElseThrow(() -> new IllegalStateException("no .click file under " + dir.toAbsolutePath()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
