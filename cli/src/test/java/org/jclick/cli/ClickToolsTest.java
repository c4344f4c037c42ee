package org.jclick.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Click-compatible entry points: {@code click} and {@code click-flatten}, run in-process. */
class ClickToolsTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        final Path p = dir.resolve(name);
        Files.writeString(p, text, Streams.CHARSET);
        return p;
    }

    @Test
    void quitAndOutputDashPrintsTheFlatConfiguration() throws IOException {
        final Path a = write("A.click", """
                elementclass Foo { $a | DriverManager($a); }
                Foo(stop);
                """);
        final Run r = Run.of("click", "-qo-", a.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("Foo@1/DriverManager@1 :: DriverManager(stop);\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void clickAndClickFlattenAgree() throws IOException {
        final Path a = write("A.click", "a, b, c :: Idle;\np, q :: PullNull;\na, a[1] -> b -> p, q;\np -> [0]c, [1]c; q -> [2]c;\n");
        final Run driver = Run.of("click", "-qo-", a.toString());
        final Run tool = Run.of("click-flatten", a.toString());
        assertEquals(0, driver.status(), driver.err());
        assertEquals(0, tool.status(), tool.err());
        assertEquals(driver.out(), tool.out().replaceAll("(?m)^#.*\n", ""));
    }

    @Test
    void errorsUseClicksFormatWithTheExpressionLandmark() {
        final Run r = Run.of("click-flatten", "-o/dev/null", "-e", """

                elementclass Foo {
                   A -> B;
                }
                A :: Idle;
                """);
        assertEquals(1, r.status());
        assertEquals("config:5: class 'A' used as element name\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void configErrorsExitOneWithoutStackTrace() throws IOException {
        final Path bad = write("bad.click", "a :: Idle;\na -> ;\n");
        final Run r = Run.of("click", "-q", bad.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith(bad + ":2: "), r.err());
        assertFalse(r.hasStackTrace());
        assertEquals("", r.out());
    }

    @Test
    void missingFileIsAnInputError() {
        final Run r = Run.of("click", "-q", dir.resolve("nonexistent.click").toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("nonexistent.click"), r.err());
        assertTrue(r.err().contains("No such file or directory"), r.err());
        assertFalse(r.hasStackTrace());
    }

    @Test
    void stdinIsTheDefaultConfiguration() {
        final Run r = Run.withInput("x :: Idle\n", "click", "-qo-");
        assertEquals(0, r.status(), r.err());
        assertEquals("x :: Idle;\n", r.out());
        final Run bad = Run.withInput("x :: Idle ->\n", "click", "-q");
        assertEquals(1, bad.status());
        assertTrue(bad.err().startsWith("<stdin>:"), bad.err());
    }

    @Test
    void definesOverrideTheConfiguration() {
        final Run r = Run.of("click", "-qo-", "-e", "define($N 1); InfiniteSource($N) -> Discard", "N=7");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("InfiniteSource(7)"), r.out());
    }

    @Test
    void runsARouterAndPrintsHandlersAfterwards() {
        final Run r = Run.of("click", "--simtime", "-h", "c.count", "-e",
                "InfiniteSource(LIMIT 3, STOP true) -> c :: Counter -> Discard");
        assertEquals(0, r.status(), r.err());
        assertEquals("3\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void initializationErrorsNameTheElement() {
        final Run r = Run.of("click", "-e", "i :: InfiniteSource(BURST 0) -> Discard");
        assertEquals(1, r.status());
        assertEquals("config:1: While configuring 'i :: InfiniteSource':\n  BURST must be >= 1\n"
                + "Router could not be initialized!\n", r.err());
    }

    @Test
    void anEmptyConfigurationHasNothingToRun() {
        final Run r = Run.of("click", "-e", "");
        assertEquals(0, r.status());
        assertEquals("warning: config: configuration has no elements, exiting\n", r.err());
        assertEquals(0, Run.of("click", "-w", "-e", "").err().length());
    }

    @Test
    void outputFileIsWrittenEvenWhenTheRouterCannotRun() throws IOException {
        final Path out = dir.resolve("flat.click");
        final Run r = Run.of("click", "-o", out.toString(), "-e", "InfiniteSource(BURST 0) -> Discard");
        assertEquals(1, r.status());
        assertEquals("InfiniteSource@1 :: InfiniteSource(BURST 0);\nDiscard@2 :: Discard;\n\n"
                + "InfiniteSource@1 -> Discard@2;\n", Files.readString(out));
    }

    @Test
    void staticHandlersAfterQuit() {
        final Run list = Run.of("click", "-q", "-h", "list", "-e", "a :: Idle; b :: Discard; a -> b");
        assertEquals(0, list.status(), list.err());
        assertEquals("2\na\nb\n", list.out());

        final Run named = Run.of("click", "-q", "-h", "a.class", "-h", "b.config", "-e", "a :: Idle; b :: Discard(ACTIVE false); a -> b");
        assertEquals("a.class:\nIdle\n\nb.config:\nACTIVE false\n\n", named.out());

        final Run glob = Run.of("click", "-qh", "*.class", "-e", "a :: Idle; b :: Discard; a -> b");
        assertEquals("a.class:\nIdle\n\nb.class:\nDiscard\n\n", glob.out());

        final Run missing = Run.of("click", "-q", "-h", "zz.count", "-e", "a :: Idle");
        assertEquals(1, missing.status());
        assertEquals("no element 'zz'\n", missing.err());
    }

    @Test
    void compactConfigMakesTheConfigHandlerTheFlatConfiguration() {
        // Click's Router drops the configuration text when the configuration requires compact_config
        final String config = "require(compact_config)\nelementclass F { input -> output }\nIdle -> F -> Discard";
        final Run quit = Run.of("click", "-q", "-h", "config", "-e", config);
        assertEquals(0, quit.status(), quit.err());
        final String flat = "require(compact_config);\n\nIdle@1 :: Idle;\nDiscard@3 :: Discard;\n\n"
                + "Idle@1 -> Discard@3;\n";
        assertEquals(flat, quit.out());
        final Run run = Run.of("click", "-h", "config", "-e", config + "; DriverManager(stop)");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().startsWith("require(compact_config);\n\nIdle@1 :: Idle;\n"), run.out());
        final Run plain = Run.of("click", "-q", "-h", "config", "-e", "Idle -> Discard");
        assertEquals("Idle -> Discard\n", plain.out());
    }

    @Test
    void exitHandler() {
        final Run r = Run.of("click", "-q", "-x", "a.config", "-e", "a :: InfiniteSource(true) -> Discard");
        assertEquals(0, r.status(), r.err() + r.out());
        assertEquals(1, Run.of("click", "-q", "-x", "a.config", "-e", "a :: InfiniteSource(false) -> Discard").status());
        assertEquals(42, Run.of("click", "-q", "-x", "a.config", "-e", "a :: InfiniteSource(42) -> Discard").status());
        final Run bad = Run.of("click", "-q", "-x", "a.config", "-e", "a :: InfiniteSource(maybe) -> Discard");
        assertEquals(255, bad.status());
        assertEquals("exit handler value should be integer\n", bad.err());
    }

    @Test
    void usageErrorsFollowClick() {
        final Run r = Run.of("click", "--frobnicate");
        assertEquals(1, r.status());
        assertEquals("click: unrecognized option '--frobnicate'\nUsage: click [OPTION]... [ROUTERFILE]\n"
                + "Try 'click --help' for more information.\n", r.err());
        final Run help = Run.of("click", "--help");
        assertEquals(0, help.status());
        assertTrue(help.out().contains("-q, --quit"));
    }

    @Test
    void clickFlattenListings() {
        final String cfg = "b :: Idle; a :: Counter; b -> a -> Discard";
        assertEquals("Counter\nDiscard\nIdle\n", Run.of("click-flatten", "-c", "-e", cfg).out());
        assertEquals("Discard@3\na\nb\n", Run.of("click-flatten", "-n", "-e", cfg).out());
        assertEquals("Discard@3 :: Discard\na :: Counter\nb :: Idle\n", Run.of("click-flatten", "--decls", "-e", cfg).out());
    }

    @Test
    void clickBuildtoolAndClicktestAreWired() {
        assertEquals(0, Run.of("click-buildtool", "provides", "userlevel").status());
        final Run help = Run.of("clicktest", "--help");
        assertEquals(0, help.status(), help.err());
        assertTrue(help.out().startsWith("Usage: jclick clicktest"), help.out());
    }

    @Test
    void otherClickToolsAreNotImplemented() {
        final Run r = Run.of("click-align", "-e", "Idle");
        assertEquals(1, r.status());
        assertEquals("jclick: click-align is not implemented\n", r.err());
    }
}
