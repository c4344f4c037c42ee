package org.jclick.clicktest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShimsTest {

    @TempDir
    Path temp;

    private int runShim(final Path bin, final String... command) throws IOException, InterruptedException {
        final ProcessBuilder builder = new ProcessBuilder(command).directory(temp.toFile())
            .redirectOutput(temp.resolve("out").toFile()).redirectError(temp.resolve("err").toFile());
        builder.environment().put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        final Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return process.exitValue();
    }

    @Test
    void everyToolHasAnExecutableShim() throws IOException {
        final Path bin = Shims.install(temp.resolve("bin"));
        for (final String tool : Shims.TOOLS) {
            final Path shim = bin.resolve(tool);
            assertTrue(Files.isExecutable(shim), tool);
            final String text = Files.readString(shim);
            assertTrue(text.contains(" " + tool + " \"$@\""), text);
            assertTrue(text.contains("-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"), text);
        }
        assertTrue(Files.readString(bin.resolve("click")).contains("org.jclick.cli.Main click \"$@\""));
        assertTrue(Files.readString(bin.resolve("clicktest")).contains(ToolMain.class.getName() + " clicktest \"$@\""));
        try (var files = Files.list(bin)) {
            assertEquals(Shims.TOOLS.size(), files.count(), "no temporary files left");
        }
    }

    @Test
    void buildtoolShimRunsInANewJvm() throws IOException, InterruptedException {
        final Path bin = Shims.install(temp.resolve("bin"));
        assertEquals(0, runShim(bin, "sh", "-c", "click-buildtool provides userlevel int64"));
        assertEquals(1, runShim(bin, "sh", "-c", "click-buildtool provides linuxmodule"));
        assertEquals("", Files.readString(temp.resolve("err")));
    }

    @Test
    void homeAndMissingAotCache() throws IOException, InterruptedException {
        final Path home = temp.resolve("home with space");
        final Path bin = Shims.install(temp.resolve("bin"), Shims.currentJava(), Shims.currentClassPath(),
            Shims.FAST_START_FLAGS, home.toString());
        final String text = Files.readString(bin.resolve("click-buildtool"), StandardCharsets.UTF_8);
        assertTrue(text.contains("'-Djclick.home=" + home + "'"), text);
        assertEquals(0, runShim(bin, "sh", "-c", "click-buildtool provides userlevel"));
        // an unusable cache is ignored without a word
        Files.createDirectories(home.resolve(".jclick-build"));
        Files.writeString(home.resolve(Shims.AOT_CACHE), "not a cache");
        assertEquals(0, runShim(bin, "sh", "-c", "click-buildtool provides userlevel"));
        assertEquals(List.of(), Files.readAllLines(temp.resolve("err")));
    }
}
