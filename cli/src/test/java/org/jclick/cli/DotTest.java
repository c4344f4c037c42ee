package org.jclick.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jclick.lang.FlatRouter;
import org.jclick.lang.SourceLocation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jclick dot}: the structure of the DOT text, escaping, and Graphviz output. */
class DotTest {

    @TempDir
    Path dir;

    @AfterEach
    void restorePath() {
        Graphviz.searchPath = null;
    }

    private static FlatRouter router() {
        final SourceLocation l = new SourceLocation("t.click", 1, 1);
        return new FlatRouter(List.of(
                new FlatRouter.Element(0, "src", "InfiniteSource", "DATA \"<&>\"", l),
                new FlatRouter.Element(1, "cl", "Classifier", "12/0800, -", l),
                new FlatRouter.Element(2, "c/x\"y", "Counter", "", l),
                new FlatRouter.Element(3, "d", "Discard", "", l)),
                List.of(new FlatRouter.Connection(0, 0, 1, 0, l),
                        new FlatRouter.Connection(1, 0, 2, 0, l),
                        new FlatRouter.Connection(1, 1, 3, 0, l),
                        new FlatRouter.Connection(2, 0, 3, 0, l)),
                List.of());
    }

    @Test
    void oneNodePerElementAndOneEdgePerConnectionFromPortToPort() {
        final String dot = new DotRenderer(false, true).render(router(), "t.click");
        assertTrue(dot.startsWith("digraph \"t.click\" {\n"), dot);
        assertTrue(dot.endsWith("}\n"));
        final Matcher nodes = Pattern.compile("(?m)^\\s*n(\\d+) \\[label=<").matcher(dot);
        int n = 0;
        while (nodes.find()) {
            n++;
        }
        assertEquals(4, n);
        assertTrue(dot.contains("src :: <b>InfiniteSource</b>"), dot);
        assertTrue(dot.contains("n1:o1:s -> n3:i0:n;"), dot);
        assertTrue(dot.contains("n0:o0:s -> n1:i0:n"), dot);
        assertTrue(dot.contains("<td port=\"o1\""), "output port cells: " + dot);
        assertTrue(dot.contains("<td port=\"i0\""), dot);
        final Matcher edges = Pattern.compile("(?m)^  n\\d+:o\\d+:s -> n\\d+:i\\d+:n;").matcher(dot);
        int e = 0;
        while (edges.find()) {
            e++;
        }
        assertEquals(4, e);
    }

    @Test
    void compoundPartsAreClustered() {
        final String dot = new DotRenderer(false, true).render(router(), "t");
        assertTrue(dot.contains("subgraph cluster_0 {"), dot);
        assertTrue(dot.contains("label=\"c\";"), dot);
        assertFalse(new DotRenderer(false, false).render(router(), "t").contains("subgraph"));
    }

    @Test
    void labelsAreEscaped() {
        final String dot = new DotRenderer(true, true).render(router(), "a\"b\\c");
        assertTrue(dot.startsWith("digraph \"a\\\"b\\\\c\" {"), dot);
        assertTrue(dot.contains("c/x&quot;y :: "), dot);
        assertTrue(dot.contains("DATA &quot;&lt;&amp;&gt;&quot;"), dot);
        assertTrue(dot.contains("tooltip=\"c/x\\\"y :: Counter\""), dot);
        assertEquals("&#233;", DotRenderer.html("\u00e9"));
        for (char c : dot.toCharArray()) {
            assertTrue(c < 0x7f, "DOT output is ASCII");
        }
    }

    @Test
    void dotCommandPrintsDotOrWritesFiles() throws IOException {
        final Path cfg = dir.resolve("x.click");
        Files.writeString(cfg, "Idle -> c :: Classifier(12/0800, -) -> Discard; c[1] -> Discard;\n");
        final Run r = Run.of("dot", cfg.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("digraph \"x.click\""), r.out());

        final Path dotFile = dir.resolve("x.dot");
        assertEquals(0, Run.of("dot", cfg.toString(), "-o", dotFile.toString()).status());
        assertEquals(r.out(), Files.readString(dotFile));

        final Run bad = Run.of("dot", cfg.toString(), "-o", dir.resolve("x.jpeg2000").toString());
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("output format"), bad.err());

        final Run broken = Run.of("dot", Files.writeString(dir.resolve("y.click"), "a -> ;").toString());
        assertEquals(1, broken.status());
        assertEquals("", broken.out());
    }

    @Test
    void svgNeedsGraphviz() throws IOException {
        final Path cfg = Files.writeString(dir.resolve("x.click"), "Idle -> Discard;\n");
        Graphviz.searchPath = dir.resolve("empty").toString();
        final Run r = Run.of("dot", cfg.toString(), "-o", dir.resolve("x.svg").toString());
        assertEquals(1, r.status());
        assertEquals("graphviz is not installed: apt-get install graphviz\n", r.errWithoutNotice());
    }

    @Test
    void svgAndPngWithGraphviz() throws IOException {
        assumeTrue(Graphviz.find() != null, "Graphviz's dot is not installed");
        final Path cfg = Files.writeString(dir.resolve("x.click"),
                "elementclass E { input -> Counter -> output }\nIdle -> e :: E -> cl :: Classifier(-, -) -> Discard; cl[1] -> Discard;\n");
        final Path svg = dir.resolve("x.svg");
        final Run r = Run.of("dot", cfg.toString(), "-o", svg.toString());
        assertEquals(0, r.status(), r.err());
        final String text = Files.readString(svg);
        assertTrue(text.contains("<svg"), text);
        assertTrue(text.contains("e/Counter@1 :: "), text);
        final Path png = dir.resolve("x.png");
        assertEquals(0, Run.of("dot", cfg.toString(), "-o", png.toString()).status());
        final byte[] b = Files.readAllBytes(png);
        assertTrue(b.length > 8 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G');
    }
}
