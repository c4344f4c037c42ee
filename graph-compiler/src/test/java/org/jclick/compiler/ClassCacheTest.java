package org.jclick.compiler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.runtime.Router;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-disk cache of generated classes: hit, miss after a change, a corrupt file ignored with one line. */
class ClassCacheTest {

    @TempDir
    Path cache;

    private static final String CONFIG = """
            src :: InfiniteSource(ACTIVE false)
              -> c :: Counter
              -> Strip(14)
              -> f :: IPClassifier(tcp dst port 80, -)
              -> web :: Counter -> Discard;
            f[1] -> other :: Counter -> Discard;
            """;

    private final ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();

    private CompiledGraph install(Router r) {
        return GraphCompiler.install(r, GraphCompiler.Options.of("cached.click").withCacheDirectory(cache),
                new PrintStream(diagnostics, true, StandardCharsets.UTF_8));
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(cache)) {
            return s.filter(p -> p.toString().endsWith(".classes")).sorted().toList();
        }
    }

    private static String count(Router r, String element) {
        return r.handler(element + ".count", null, ErrorHandler.silent()).callRead("", ErrorHandler.silent());
    }

    /** Installs CONFIG-like text, pushes 10 packets (5 to port 80), checks the counts. */
    private CompiledGraph runOnce(String text) {
        final Router r = GraphCompilerTest.router(text);
        final CompiledGraph g = install(r);
        GraphCompilerTest.push(r, "src", 10);
        assertEquals("10", count(r, "c"));
        assertEquals("5", count(r, "web"));
        assertEquals("5", count(r, "other"));
        r.cleanup();
        return g;
    }

    @Test
    void aSecondStartOfTheSameConfigurationLoadsTheClassesKept() throws IOException {
        final long hits = ClassCache.HITS.get();
        final CompiledGraph first = runOnce(CONFIG);
        assertEquals(hits, ClassCache.HITS.get(), "nothing to load the first time");
        assertEquals(1, files().size(), "the classes are kept");
        final CompiledGraph second = runOnce(CONFIG);
        assertEquals(hits + 1, ClassCache.HITS.get(), "the second time they are loaded");
        assertEquals(first.classes().keySet(), second.classes().keySet());
        for (String name : first.classes().keySet()) {
            assertArrayEquals(first.classes().get(name), second.classes().get(name), name);
        }
        // another configuration string of an element that is not a classifier (no code depends on it): still a hit
        runOnce(CONFIG.replace("InfiniteSource(ACTIVE false)", "InfiniteSource(ACTIVE false, LIMIT 7, BURST 3)"));
        assertEquals(hits + 2, ClassCache.HITS.get());
        assertEquals("", diagnostics.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aChangedConfigurationMisses() throws IOException {
        final long hits = ClassCache.HITS.get();
        runOnce(CONFIG);
        // another rule: another decision program, so other bytecode
        final String other = CONFIG.replace("tcp dst port 80, -", "tcp dst port 80 or tcp dst port 8080, -");
        runOnce(other);
        assertEquals(hits, ClassCache.HITS.get());
        assertEquals(2, files().size());
        // another element on the path
        runOnce(CONFIG.replace("-> Strip(14)", "-> Strip(14) -> Null"));
        assertEquals(hits, ClassCache.HITS.get());
        assertEquals(3, files().size());
        runOnce(other);
        assertEquals(hits + 1, ClassCache.HITS.get());
    }

    @Test
    void aCorruptFileIsIgnoredWithOneLineAndReplaced() throws IOException {
        runOnce(CONFIG);
        final Path file = files().get(0);
        final byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(file, bytes);
        final long hits = ClassCache.HITS.get();
        runOnce(CONFIG);
        assertEquals(hits, ClassCache.HITS.get());
        final String said = diagnostics.toString(StandardCharsets.UTF_8);
        assertEquals(1, said.lines().count(), said);
        assertTrue(said.startsWith("jclick: ignoring the compiled-class cache file " + file), said);
        assertTrue(said.contains("checksum mismatch"), said);
        // it was written again, and loads
        runOnce(CONFIG);
        assertEquals(hits + 1, ClassCache.HITS.get());
        // a truncated file: the same
        Files.write(file, java.util.Arrays.copyOf(bytes, 5));
        diagnostics.reset();
        runOnce(CONFIG);
        assertEquals(1, diagnostics.toString(StandardCharsets.UTF_8).lines().count());
        assertFalse(Files.size(file) < 100, "replaced");
    }

    @Test
    void theKeyHoldsNothingThatChangesFromOneJvmToTheNext() {
        final Router r = GraphCompilerTest.router(CONFIG);
        final String key = ClassCache.key(GraphPlan.of(r, "cached.click"));
        // e.g. a lambda's class name (Foo$$Lambda/0x...) or an identity hash (Foo@1b6d3586): every start would miss
        assertFalse(key.contains("/0x") || key.matches("(?s).*@[0-9a-f]{6,8}\\b.*"), key);
        assertTrue(key.contains("config 27 tcp dst port 80, -") || key.contains("tcp dst port 80, -"), key);
        assertFalse(key.contains("ACTIVE false"), "not a classifier's configuration: " + key);
        r.cleanup();
    }

    @Test
    void withoutADirectoryThereIsNoCache() {
        final Router r = GraphCompilerTest.router(CONFIG);
        final long hits = ClassCache.HITS.get();
        GraphCompiler.install(r, GraphCompiler.Options.of("cached.click"), null);
        GraphCompiler.install(GraphCompilerTest.router(CONFIG), GraphCompiler.Options.of("cached.click"), null);
        assertEquals(hits, ClassCache.HITS.get());
        r.cleanup();
    }
}
