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
        final String sample = """
                define($N 3)
                elementclass Pair { $a | input -> Print($a) -> output }
                src :: InfiniteSource(LIMIT $N) -> p :: Pair(hi) -> c :: Counter -> Discard;
                """;
        for (int round = 0; round < 3; round++) {
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
