package org.jclick.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jclick compile -o app.jar}: the jar runs on its own and writes what {@code jclick run} writes. */
class CompileCommandTest {

    @Test
    void theJarRunsAloneAndWritesWhatRunWrites(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Catalogs.runtime() != null, "the element library is not on the class path");
        final Path in = dir.resolve("in.pcap");
        DemoTrace.writeNfv(in, DemoCommand.NFV_FLOWS, DemoCommand.NFV_SEED, DemoTrace.Mode.CHAIN);
        final String config = Run.root().resolve("configs/nfv-chain.click").toString();
        final Path jar = dir.resolve("nfv.jar");
        final Run compile = Run.of("compile", config, "IN=" + in, "OUT=" + dir.resolve("jar-out.pcap"),
                "RET=" + dir.resolve("jar-ret.pcap"), "DENIED=" + dir.resolve("jar-denied.pcap"), "-o", jar.toString(),
                "--dump-classes", dir.resolve("classes").toString());
        assertEquals(0, compile.status(), compile.err());
        assertTrue(compile.out().contains("generated classes"), compile.out());
        try (JarFile j = new JarFile(jar.toFile())) {
            assertEquals("org.jclick.compiler.AppMain", j.getManifest().getMainAttributes().getValue("Main-Class"));
            assertTrue(j.getEntry("org/jclick/gen/nfv_chain/fw.class") != null
                    || j.stream().anyMatch(e -> e.getName().startsWith("org/jclick/gen/nfv_chain/")), "generated classes");
            assertTrue(j.getEntry("org/jclick/elements/standard/Counter.class") != null, "the elements it uses");
            assertTrue(j.getEntry("org/jclick/elements/arp/ARPQuerier.class") == null, "not the ones it does not use");
            assertTrue(j.getEntry("picocli/CommandLine.class") == null, "not the command line");
            assertTrue(j.getEntry("META-INF/jclick/config.click") != null);
        }
        assertTrue(Files.isRegularFile(dir.resolve("classes/org/jclick/gen/nfv_chain/graph.txt")));
        final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        final List<String> cmd = new ArrayList<>(List.of(java.toString(), "--sun-misc-unsafe-memory-access=allow",
                "-jar", jar.toString(), "-h", "c_deny.count"));
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        assertFalse(out.contains("compiling it again"), "the jar's own classes were used:\n" + out);
        final Run run = Run.of("run", "-w", config, "IN=" + in, "OUT=" + dir.resolve("run-out.pcap"),
                "RET=" + dir.resolve("run-ret.pcap"), "DENIED=" + dir.resolve("run-denied.pcap"));
        assertEquals(0, run.status(), run.err());
        for (String f : List.of("out", "ret", "denied")) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("run-" + f + ".pcap")),
                    Files.readAllBytes(dir.resolve("jar-" + f + ".pcap")), f);
            assertTrue(Files.size(dir.resolve("jar-" + f + ".pcap")) > 24, f + " holds packets");
        }
    }

    @Test
    void aMissingConfigurationIsAnError(@TempDir Path dir) throws IOException {
        final Run r = Run.of("compile", dir.resolve("nope.click").toString(), "-o", dir.resolve("x.jar").toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("nope.click"), r.err());
        assertFalse(r.hasStackTrace(), r.err());
    }
}
