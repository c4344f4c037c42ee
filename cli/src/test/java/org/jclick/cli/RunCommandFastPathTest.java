package org.jclick.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** {@code run}'s command line parsed without picocli (the cold-start fast path) must mean what picocli makes of it. */
class RunCommandFastPathTest {

    @TempDir
    Path dir;

    private static Streams nullStreams() {
        return Streams.of(new ByteArrayInputStream(new byte[0]), OutputStream.nullOutputStream(),
                OutputStream.nullOutputStream());
    }

    /** What the fields of a parsed run command hold, as one comparable string. */
    private static String fields(RunCommand c) {
        return String.join("|", String.valueOf(c.args), String.valueOf(c.handlers), String.valueOf(c.simtime),
                String.valueOf(c.threads), String.valueOf(c.replicas), String.valueOf(c.quit),
                String.valueOf(c.progress), String.valueOf(c.startupReport), String.valueOf(c.load.noWarnings),
                String.valueOf(c.load.clickpath), String.valueOf(c.engineOptions.engine),
                String.valueOf(c.engineOptions.dumpClasses), String.valueOf(c.engineOptions.verify));
    }

    private static String picocli(String... runArgs) {
        final Streams io = nullStreams();
        final RunCommand c = new RunCommand(io, new Catalogs.ForCommands(io));
        new CommandLine(c).parseArgs(runArgs);
        return fields(c);
    }

    private static RunCommand fast(String... args) {
        final Streams io = nullStreams();
        return RunCommand.parsePlain(args, io, new Catalogs.ForCommands(io));
    }

    @Test
    void plainCommandLinesAreParsedAsPicocliParsesThem() {
        final List<List<String>> lines = List.of(
                List.of("x.click"),
                List.of("-"),
                List.of("--no-progress", "--startup-report", "configs/nfv-chain.click", "IN=a.pcap", "OUT=b.pcap",
                        "RET=c.pcap", "DENIED=d.pcap", "-h", "in.count", "--handler", "nat.drops"),
                List.of("x.click", "--progress", "--simtime", "-q", "-w", "-C", "lib:other", "-j", "2",
                        "--threads", "3", "--engine", "interpret"),
                List.of("--quit", "--no-warnings", "--clickpath", "p", "--engine", "compiled", "x.click", "A=1"),
                List.of("A=1", "x.click", "B=", "-j", "10", "y.click"));
        for (List<String> line : lines) {
            final String[] args = new String[line.size() + 1];
            args[0] = "run";
            for (int i = 0; i < line.size(); i++) {
                args[i + 1] = line.get(i);
            }
            final RunCommand c = fast(args);
            assertNotNull(c, line.toString());
            assertEquals(picocli(line.toArray(String[]::new)), fields(c), line.toString());
        }
    }

    @Test
    void everythingElseIsLeftToPicocli() {
        final List<List<String>> lines = List.of(
                List.of("run"),                                      // no file: usage error
                List.of("check", "x.click"),                         // another command
                List.of("run", "--help"),
                List.of("run", "-V", "x.click"),
                List.of("run", "--debug", "x.click"),
                List.of("run", "--threads=2", "x.click"),            // attached value
                List.of("run", "-j2", "x.click"),
                List.of("run", "-qw", "x.click"),                    // clustered
                List.of("run", "-j", "007", "x.click"),              // a number read differently by some converters
                List.of("run", "-j", "two", "x.click"),
                List.of("run", "-j", "99999999999", "x.click"),
                List.of("run", "--engine", "COMPILED", "x.click"),
                List.of("run", "-h", "x.click"),                     // the file taken as the handler: no file left
                List.of("run", "x.click", "-h"),                     // no value
                List.of("run", "x.click", "-h", "-q"),               // a value that looks like an option
                List.of("run", "-q", "-q", "x.click"),               // repeated
                List.of("run", "--progress", "--no-progress", "x.click"),
                List.of("run", "A=1", "A=2", "x.click"),             // defined twice
                List.of("run", "A=1"),                               // definitions only
                List.of("run", "@args.txt"),                         // picocli's argument files
                List.of("run", "--dump-classes", "d", "x.click"),
                List.of("run", "--", "x.click"),
                List.of("run", "", "x.click"));
        for (List<String> line : lines) {
            assertNull(fast(line.toArray(String[]::new)), line.toString());
        }
    }

    @Test
    void aRunThroughTheFastPathBehavesAsThroughPicocli() throws IOException {
        final Path c = dir.resolve("s.click");
        Files.writeString(c, "InfiniteSource(LIMIT 5, STOP true) -> n :: Counter -> Discard;\n", Streams.CHARSET);
        // the same command, once plain (fast path) and once with a form only picocli takes (--handler=)
        final Run plain = Run.of("run", "--no-progress", c.toString(), "-h", "n.count");
        final Run viaPicocli = Run.of("run", "--no-progress", c.toString(), "--handler=n.count");
        assertEquals(0, plain.status(), plain.err());
        assertEquals(viaPicocli.status(), plain.status());
        assertEquals(viaPicocli.out(), plain.out());
        assertEquals(viaPicocli.err(), plain.err());
        assertTrue(plain.out().contains("5"), plain.out());
        // a configuration error: same message and exit status either way
        final Path bad = dir.resolve("bad.click");
        Files.writeString(bad, "a :: NoSuchElement -> Discard;\n", Streams.CHARSET);
        final Run badPlain = Run.of("run", "--no-progress", "-C", dir.toString(), bad.toString());
        final Run badPicocli = Run.of("run", "--no-progress", "--clickpath=" + dir, bad.toString());
        assertEquals(1, badPlain.status(), badPlain.err());
        assertEquals(badPicocli.status(), badPlain.status());
        assertEquals(badPicocli.err(), badPlain.err());
        assertTrue(Arrays.asList(badPlain.err().split("\n")).stream().anyMatch(l -> l.contains("NoSuchElement")),
                badPlain.err());
    }

    @Test
    void theRegistryLoadedInTheBackgroundIsTheRuntimeOneAndAnswersAsIt() {
        final RunCommand.BackgroundRegistry background = new RunCommand.BackgroundRegistry();
        final org.jclick.dataplane.element.ElementRegistry registry = Catalogs.runtime();
        assertNotNull(registry, "the element library is on the test class path");
        // the front end asks before the registry may be there: it waits
        assertTrue(background.isElementClass("Counter"));
        assertEquals(registry.portCount("IPFilter"), background.portCount("IPFilter"));
        assertEquals(List.copyOf(registry.classNames()), List.copyOf(background.classNames()));
        assertEquals(registry.isPermissive(), background.isPermissive());
        assertTrue(background.get() == registry);
    }
}
