package org.jclick.clicktest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildToolTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int runWithInput(final String stdin, final String... args) {
        return BuildTool.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private int run(final String... args) {
        return runWithInput("", args);
    }

    @Test
    void providesUserlevelAndInt64() {
        assertEquals(0, run("provides", "userlevel"));
        assertEquals(0, run("provides", "userlevel", "int64"));
        assertEquals(0, run("provides"));
    }

    @Test
    void doesNotProvideOtherDriversOrFeatures() {
        for (final String feature : new String[] {"linuxmodule", "ns", "bsdmodule", "dpdk", "netmap",
            "flow", "ctx", "batch", "false"}) {
            assertEquals(1, run("provides", feature), feature);
        }
        assertEquals(1, run("provides", "userlevel", "linuxmodule"));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void elementClassesComeOnlyFromTheRegistry() {
        final boolean registered = !BuildTool.elementClassNames().isEmpty();
        assertEquals(registered ? 0 : 1, run("provides", "FromIPSummaryDump"));
        assertEquals(1, run("provides", "NoSuchElementClassAnywhere"));
    }

    @Test
    void providesTheTestElementsJclickImplements() {
        final boolean registered = !BuildTool.elementClassNames().isEmpty();
        for (final String c : new String[] {"NotifierDebug", "QueueYankTest", "TokenBucketTest", "QuickNoteQueue",
            "MTDieTest"}) {
            assertEquals(registered ? 0 : 1, run("provides", c), c);
        }
        assertEquals(1, run("provides", "BigintTest"), "a Click test element jclick does not implement");
    }

    @Test
    void optionsQueryPrintAndProvide() {
        assertEquals(1, run("provides", "-l", "ns"));
        assertEquals(0, run("provides", "-r", "ns extra", "-l", "ns", "extra"));
        assertEquals("0\n1\n", out.toString(StandardCharsets.UTF_8));
        out.reset();
        assertEquals(0, run("provides", "-q"));
        assertTrue(out.toString(StandardCharsets.UTF_8).lines().toList().containsAll(java.util.List.of("int64", "userlevel")));
        assertEquals(1, runWithInput("userlevel\nlinuxmodule\n", "provides", "-"));
        assertEquals(0, runWithInput("userlevel int64\n", "provides", "-"));
    }

    @Test
    void elementMapProvisions(@TempDir final Path dir) throws IOException {
        final Path map = dir.resolve("elementmap.xml");
        Files.writeString(map, "<elementmap xmlns=\"x\">\n<entry name=\"Foo\" provides=\"bar baz\" />\n</elementmap>\n");
        assertEquals(0, run("provides", "-e", map.toString(), "Foo", "baz"));
        assertEquals(1, run("provides", "-e", dir.resolve("none.xml").toString(), "Foo"));
    }

    @Test
    void usageAndUnknownTools() {
        assertEquals(1, run());
        assertEquals(1, run("findelem"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("click-buildtool findelem is not implemented"));
        assertEquals(1, run("provides", "--bogus"));
    }
}
