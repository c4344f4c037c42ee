package org.jclick.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The training run the launcher makes after each build, under {@code -XX:AOTCacheOutput}: it runs the
 * common commands on the bundled configurations, output discarded, so that the JVM's AOT cache holds the
 * classes they load. Not a user command.
 */
public final class Training {

    private Training() {
    }

    public static void main(String[] args) throws IOException {
        final Path home = Path.of(args.length > 0 ? args[0] : ".");
        final List<String> configs = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(home.resolve("configs"), "*.click")) {
            ds.forEach(p -> configs.add(p.toString()));
        }
        configs.sort(null);
        // the run path: nfv-chain.click on the demo's trace, as `./jclick run configs/nfv-chain.click` does
        final Path nfv = home.resolve("configs").resolve("nfv-chain.click");
        final Path scratch = Files.createTempDirectory("jclick-training");
        // the launcher's on-disk class cache, in the scratch folder: the first round writes it, the next ones load it
        final Path classes = scratch.resolve("classes");
        System.setProperty(org.jclick.compiler.GraphCompiler.CACHE_PROPERTY, classes.toString());
        final List<String> runNfv = new ArrayList<>();
        if (Files.isRegularFile(nfv)) {
            DemoTrace.writeNfv(scratch.resolve("in.pcap"), DemoCommand.NFV_FLOWS, DemoCommand.NFV_SEED);
            runNfv.addAll(List.of("run", "--startup-report", "--no-progress", nfv.toString(),
                    "IN=" + scratch.resolve("in.pcap"), "OUT=" + scratch.resolve("out.pcap"),
                    "RET=" + scratch.resolve("ret.pcap"), "DENIED=" + scratch.resolve("denied.pcap"),
                    "-h", "in.count"));
        }
        try {
            train(configs, runNfv);
        } finally {
            System.clearProperty(org.jclick.compiler.GraphCompiler.CACHE_PROPERTY);
            deleteTree(scratch);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) {
                    deleteTree(p);
                }
            }
        }
        Files.deleteIfExists(dir);
    }

    private static void train(List<String> configs, List<String> runNfv) {
        final String sample = """
                define($N 3)
                elementclass Pair { $a | input -> Print($a) -> output }
                src :: InfiniteSource(LIMIT $N) -> p :: Pair(hi) -> c :: Counter -> Discard;
                """;
        for (int round = 0; round < 3; round++) {
            if (!runNfv.isEmpty()) {
                run(runNfv);
            }
            run(List.of("check", "--help"));
            run(List.of("--help"));
            final List<String> check = new ArrayList<>(List.of("check"));
            check.addAll(configs);
            run(check);
            for (String c : configs) {
                run(List.of("flatten", c));
                run(List.of("dot", c));
                run(List.of("click", "-qo-", c));
                run(List.of("click-flatten", c));
            }
            run(List.of("click", "-qe", sample));
            run(List.of("click", "-q", "-h", "list", "-e", sample));
            run(List.of("click-flatten", "-e", sample));
            run(List.of("click", "-qo-", "-e", "a -> ;"));      // the error path
            run(List.of("check", "-"));
        }
    }

    private static void run(List<String> args) {
        final OutputStream sink = OutputStream.nullOutputStream();
        Main.run(args.toArray(String[]::new),
                Streams.of(new ByteArrayInputStream("a :: Idle -> b :: Discard;\n".getBytes(Streams.CHARSET)), sink, sink));
    }
}
