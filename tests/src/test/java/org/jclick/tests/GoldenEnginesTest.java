package org.jclick.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.jclick.clicktest.Shims;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two engines on the golden cases: every case of {@code ../shared/golden} runs once with
 * {@code JCLICK_ENGINE=interpret} and once compiled (with the class-file verifier on), and both runs must leave
 * the same files, byte for byte, and print exactly the same text (handler values and messages). GoldenCasesTest
 * compares the compiled engine (the default) with real Click.
 */
class GoldenEnginesTest {

    @TempDir
    Path work;

    @Test
    void bothEnginesGiveTheSameOutputs() throws Exception {
        final Path golden = SharedCorpus.root().resolve("golden");
        if (!Files.isDirectory(golden)) {
            fail("../shared is present but has no golden/ folder");
        }
        final Path shims = Shims.install(work.resolve("bin"));
        final List<GoldenCase> cases = GoldenCase.all(golden);
        assertTrue(cases.size() >= 7, "the golden set has 7 cases; found " + cases.size());
        final List<String> failures = new ArrayList<>();
        for (GoldenCase c : cases) {
            final GoldenCase.Outcome interpreted = c.run(work.resolve("interpret"), shims,
                    Map.of("JCLICK_ENGINE", "interpret"));
            final GoldenCase.Outcome compiled = c.run(work.resolve("compiled"), shims,
                    Map.of("JCLICK_ENGINE", "compiled", "JCLICK_JAVA_OPTS", "-Djclick.compiler.verify=true"));
            if (interpreted.exitStatus() != compiled.exitStatus()) {
                failures.add(c.name + ": exit status " + interpreted.exitStatus() + " interpreted, "
                        + compiled.exitStatus() + " compiled");
            }
            if (!interpreted.output().equals(compiled.output())) {
                failures.add(c.name + ": output differs:\n--- interpreted\n" + interpreted.output()
                        + "\n--- compiled\n" + compiled.output());
            }
            final Map<String, byte[]> a = files(interpreted.dir());
            final Map<String, byte[]> b = files(compiled.dir());
            assertEquals(a.keySet(), b.keySet(), c.name + ": the same files");
            int outputs = 0;
            for (Map.Entry<String, byte[]> e : a.entrySet()) {
                if (!Arrays.equals(e.getValue(), b.get(e.getKey()))) {
                    failures.add(c.name + ": " + e.getKey() + " differs from byte "
                            + Arrays.mismatch(e.getValue(), b.get(e.getKey())));
                }
                outputs += e.getKey().endsWith(".pcap") ? 1 : 0;
            }
            assertTrue(outputs > 0, c.name + " wrote pcaps");
        }
        if (!failures.isEmpty()) {
            fail(String.join("\n", failures));
        }
    }

    private static Map<String, byte[]> files(Path dir) throws IOException {
        final Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isRegularFile(p)) {
                    m.put(p.getFileName().toString(), Files.readAllBytes(p));
                }
            }
        }
        return m;
    }
}
