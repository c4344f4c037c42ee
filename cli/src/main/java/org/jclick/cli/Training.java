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
            for (List<String> command : plan(args.length > 1 && args[1].equals(RUN_ONLY), configs, runNfv)) {
                run(command);
            }
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

    /**
     * The second argument that makes the training run only {@code jclick run} on the nfv chain: the launcher makes
     * a cache of its own for {@code run} this way. With class linking, the JVM loads every class of its AOT cache
     * at start, so a cache holding only what a run uses starts faster than the all-commands one (about 4,800
     * classes against 6,600).
     */
    public static final String RUN_ONLY = "run-only";

    /**
     * The command lines a training runs, in order: three rounds of them. {@code runOnly}: the nfv chain's run
     * alone; otherwise the run, then check, flatten, dot and the Click tools on every configuration and a sample.
     */
    static List<List<String>> plan(boolean runOnly, List<String> configs, List<String> runNfv) {
        final String sample = """
                define($N 3)
                elementclass Pair { $a | input -> Print($a) -> output }
                src :: InfiniteSource(LIMIT $N) -> p :: Pair(hi) -> c :: Counter -> Discard;
                """;
        final List<List<String>> plan = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            if (!runNfv.isEmpty()) {
                plan.add(runNfv);
            }
            if (runOnly) {
                continue;
            }
            plan.add(List.of("check", "--help"));
            plan.add(List.of("--help"));
            final List<String> check = new ArrayList<>(List.of("check"));
            check.addAll(configs);
            plan.add(check);
            for (String c : configs) {
                plan.add(List.of("flatten", c));
                plan.add(List.of("dot", c));
                plan.add(List.of("click", "-qo-", c));
                plan.add(List.of("click-flatten", c));
            }
            plan.add(List.of("click", "-qe", sample));
            plan.add(List.of("click", "-q", "-h", "list", "-e", sample));
            plan.add(List.of("click-flatten", "-e", sample));
            plan.add(List.of("click", "-qo-", "-e", "a -> ;"));      // the error path
            plan.add(List.of("check", "-"));
        }
        return plan;
    }

    private static void run(List<String> args) {
        final OutputStream sink = OutputStream.nullOutputStream();
        Main.run(args.toArray(String[]::new),
                Streams.of(new ByteArrayInputStream("a :: Idle -> b :: Discard;\n".getBytes(Streams.CHARSET)), sink, sink));
    }
}
