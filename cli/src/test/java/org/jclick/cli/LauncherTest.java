package org.jclick.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code jclick} launcher's search for a JDK 25, run by bash on a copy of the script in an empty
 * directory, with fake JDKs and a PATH that holds only what each case needs. The copy never builds: with
 * no Maven on that PATH it stops right after the JDK search, with its own one-sentence message.
 */
class LauncherTest {

    static final Path BASH = Path.of("/bin/bash");

    @TempDir
    Path tmp;

    Path launcher;
    Path bin;
    Path noJvms;

    @BeforeEach
    void setUp() throws IOException {
        assumeTrue(Files.isExecutable(BASH), "needs /bin/bash");
        final Path script = Run.root().resolve("jclick");
        assumeTrue(Files.isRegularFile(script), "launcher not found at " + script);
        final Path home = Files.createDirectories(tmp.resolve("jclick-copy"));
        launcher = home.resolve("jclick");
        Files.copy(script, launcher);
        bin = Files.createDirectories(tmp.resolve("bin"));
        noJvms = Files.createDirectories(tmp.resolve("no-jvms"));
        // the ordinary tools the launcher uses, but neither java nor mvn
        for (String tool : TOOLS) {
            for (String dir : new String[] {"/usr/bin", "/bin"}) {
                final Path p = Path.of(dir, tool);
                if (Files.isExecutable(p)) {
                    Files.createSymbolicLink(bin.resolve(tool), p);
                    break;
                }
            }
        }
    }

    static final List<String> TOOLS = List.of("sh", "readlink", "mkdir", "touch", "rm", "mv", "cat", "find", "nice",
            "flock", "dirname");

    /** A fake JDK: bin/java prints a version banner; with {@code releaseFile}, a release file too. */
    private Path fakeJdk(String name, String version, boolean releaseFile) throws IOException {
        final Path home = Files.createDirectories(tmp.resolve(name));
        final Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\necho 'openjdk version \"" + version + "\" 2025-09-16' >&2\nexit 0\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        if (releaseFile) {
            Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Fake\"\nJAVA_VERSION=\"" + version + "\"\n");
        }
        return home;
    }

    private record Result(int status, String out, String err) {
    }

    private Result run(Map<String, String> env, String... args) throws Exception {
        final ProcessBuilder pb = new ProcessBuilder();
        final List<String> cmd = new java.util.ArrayList<>(List.of(BASH.toString(), launcher.toString()));
        cmd.addAll(List.of(args));
        pb.command(cmd);
        pb.environment().clear();
        pb.environment().put("HOME", tmp.toString());
        pb.environment().put("PATH", bin.toString());
        pb.environment().put("JCLICK_JVM_DIRS", noJvms.toString());
        pb.environment().putAll(env);
        pb.directory(tmp.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        final Process p = pb.start();
        final byte[][] out = new byte[1][];
        final Thread t = Thread.ofVirtual().start(() -> {
            try {
                out[0] = p.getInputStream().readAllBytes();
            } catch (IOException e) {
                out[0] = new byte[0];
            }
        });
        final byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "launcher finished");
        t.join();
        return new Result(p.exitValue(), new String(out[0], StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    private static void assertOneSentence(Result r, String mustContain) {
        assertEquals(2, r.status(), r.err());
        assertEquals("", r.out());
        final List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), "exactly one line: " + r.err());
        assertTrue(lines.get(0).contains(mustContain), r.err());
        assertTrue(lines.get(0).endsWith("."), "a sentence: " + r.err());
    }

    @Test
    void withoutAJdk25ItSaysWhatToInstallAndExitsTwo() throws Exception {
        fakeJdk("jdk17", "17.0.2", false);
        Files.createSymbolicLink(bin.resolve("java"), tmp.resolve("jdk17/bin/java"));
        final Result r = run(Map.of("JAVA_HOME", tmp.resolve("does-not-exist").toString()), "--help");
        assertOneSentence(r, "needs a JDK 25");
        assertTrue(r.err().contains("install"), r.err());
    }

    @Test
    void withNothingAtAllItSaysTheSame() throws Exception {
        final Result r = run(Map.of(), "check", "x.click");
        assertOneSentence(r, "needs a JDK 25");
    }

    @Test
    void aJdk17InJavaHomeIsSkipped() throws Exception {
        final Path jdk17 = fakeJdk("jdk17", "17.0.2", true);
        final Result r = run(Map.of("JAVA_HOME", jdk17.toString()), "--help");
        assertOneSentence(r, "needs a JDK 25");
    }

    @Test
    void aJdk25InJavaHomeIsUsed() throws Exception {
        // found by its release file; the launcher then needs Maven to build, and says so
        final Path jdk25 = fakeJdk("jdk25", "25.0.1", true);
        final Result r = run(Map.of("JAVA_HOME", jdk25.toString()), "--help");
        assertOneSentence(r, "needs Maven");
    }

    @Test
    void aJdk25WithoutReleaseFileIsAskedForItsVersion() throws Exception {
        final Path jdk25 = fakeJdk("jdk25", "25", false);
        final Result r = run(Map.of("JAVA_HOME", jdk25.toString()), "--help");
        assertOneSentence(r, "needs Maven");
    }

    @Test
    void aJdk25IsFoundAmongInstalledJvms() throws Exception {
        final Path jvms = Files.createDirectories(tmp.resolve("jvms"));
        fakeJdk("jvms/java-17", "17.0.9", true);
        fakeJdk("jvms/temurin-25", "25.0.1", true);
        final Result r = run(Map.of("JAVA_HOME", "/nonexistent", "JCLICK_JVM_DIRS", jvms.toString()), "--help");
        assertOneSentence(r, "needs Maven");
    }

    @Test
    void aJdk25IsFoundThroughJavaOnPath() throws Exception {
        final Path jdk25 = fakeJdk("jdk25", "25.0.1", true);
        Files.createSymbolicLink(bin.resolve("java"), jdk25.resolve("bin/java"));
        final Result r = run(Map.of(), "--help");
        assertOneSentence(r, "needs Maven");
    }

    @Test
    void worksThroughALinkFromAnotherDirectory() throws Exception {
        final Path link = Files.createDirectories(tmp.resolve("elsewhere")).resolve("jclick");
        Files.createSymbolicLink(link, launcher);
        launcher = link;
        final Result r = run(Map.of(), "--help");
        assertOneSentence(r, "needs a JDK 25");
    }

    /**
     * A copy that looks built (stamp, cli jar, class path, AOT cache) and a fake JDK 25 whose java prints its
     * arguments one per line: what the launcher passes the JVM for {@code args}.
     */
    private List<String> jvmArgs(Map<String, String> env, String... args) throws Exception {
        final Path jdk25 = fakeJdk("jdk25", "25.0.1", true);
        Files.writeString(jdk25.resolve("bin/java"), "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
        final Path home = launcher.getParent();
        final Path target = Files.createDirectories(home.resolve("cli/target"));
        Files.writeString(target.resolve("cli-0.jar"), "");
        Files.writeString(target.resolve("classpath.txt"), "/nowhere.jar");
        final Path build = Files.createDirectories(home.resolve(".jclick-build"));
        Files.writeString(build.resolve("jclick.aot"), "");
        Files.writeString(build.resolve("stamp"), "");
        final Map<String, String> all = new java.util.HashMap<>(env);
        all.put("JAVA_HOME", jdk25.toString());
        final Result r = run(all, args);
        assertEquals(0, r.status(), r.err());
        return r.out().lines().toList();
    }

    @Test
    void runStartsWithTheAotCacheButWithoutReplayingItsTrainingProfiles() throws Exception {
        final List<String> run = jvmArgs(Map.of(), "run", "x.click");
        assertTrue(run.stream().anyMatch(a -> a.startsWith("-XX:AOTCache=")), run.toString());
        assertTrue(run.contains("-XX:-AOTReplayTraining"), run.toString());
        assertTrue(run.indexOf("-XX:+UnlockDiagnosticVMOptions") < run.indexOf("-XX:-AOTReplayTraining"),
                "the diagnostic flag is unlocked first: " + run);
        assertEquals(List.of("org.jclick.cli.Main", "run", "x.click"), run.subList(run.size() - 3, run.size()));
    }

    @Test
    void eachGeneratedSegmentIsACompilationUnitOfItsOwnAndTheJvmSaysNothingAboutIt() throws Exception {
        for (String command : List.of("run", "bench", "check")) {
            final List<String> args = jvmArgs(Map.of(), command, "x.click");
            final int quiet = args.indexOf("-XX:CompileCommand=quiet");
            final int dontInline = args.indexOf("-XX:CompileCommand=dontinline,org.jclick.gen.*::push*");
            assertTrue(quiet >= 0 && dontInline > quiet, command + ": " + args);
        }
        assertTrue(jvmArgs(Map.of("JCLICK_SEGMENT_INLINING", "1"), "bench", "x.click").stream()
                .noneMatch(a -> a.startsWith("-XX:CompileCommand")), "the switch that leaves the option out");
    }

    @Test
    void runUsesItsOwnCacheWhenThereIsOneAndTheOtherCommandsTheGeneralOne() throws Exception {
        final Path build = launcher.getParent().resolve(".jclick-build");
        assertTrue(jvmArgs(Map.of(), "run", "x").contains("-XX:AOTCache=" + build.resolve("jclick.aot")),
                "no run cache yet: the general one");
        Files.writeString(build.resolve("jclick-run.aot"), "");
        assertTrue(jvmArgs(Map.of(), "run", "x").contains("-XX:AOTCache=" + build.resolve("jclick-run.aot")));
        assertTrue(jvmArgs(Map.of(), "check", "x").contains("-XX:AOTCache=" + build.resolve("jclick.aot")));
        assertTrue(jvmArgs(Map.of(), "bench", "x").contains("-XX:AOTCache=" + build.resolve("jclick.aot")));
        assertTrue(jvmArgs(Map.of("JCLICK_RUN_AOT", "0"), "run", "x")
                .contains("-XX:AOTCache=" + build.resolve("jclick.aot")));
    }

    @Test
    void benchDoesNotReplayTheProfilesEitherTheOverrideDoesAndNoCacheMeansNoFlag() throws Exception {
        // the training's profiles are another workload's: with them, bench's steady state varied by JVM
        final List<String> bench = jvmArgs(Map.of(), "bench", "nat");
        assertTrue(bench.stream().anyMatch(a -> a.startsWith("-XX:AOTCache=")), bench.toString());
        assertTrue(bench.contains("-XX:-AOTReplayTraining"), bench.toString());
        final List<String> replay = jvmArgs(Map.of("JCLICK_AOT_PROFILES", "1"), "run", "x.click");
        assertTrue(!replay.contains("-XX:-AOTReplayTraining"), replay.toString());
        assertTrue(!jvmArgs(Map.of("JCLICK_AOT_PROFILES", "1"), "bench", "nat").contains("-XX:-AOTReplayTraining"));
        final List<String> noCache = jvmArgs(Map.of("JCLICK_AOT", "0"), "run", "x.click");
        assertTrue(noCache.stream().noneMatch(a -> a.startsWith("-XX:AOTCache=")), noCache.toString());
        assertTrue(!noCache.contains("-XX:-AOTReplayTraining"), noCache.toString());
    }
}
