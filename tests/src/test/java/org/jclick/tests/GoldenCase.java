package org.jclick.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One differential case of {@code ../shared/golden}: a folder with {@code case.click}, input pcaps, {@code CMD} (a
 * {@code click} command line run inside the folder) and {@code expected/} (real Click's output pcaps,
 * {@code handlers.txt} = stderr then the {@code -h} values, {@code exit_status}). {@link #run} runs the command
 * through jclick's Click-compatible entry point in a scratch copy of the folder; {@link #differences} compares
 * the outcome with Click's as the golden set's README says: pcaps byte for byte, handler values as text (the
 * rewriter tables, printed in hash order by Click, as sets of lines), the stderr lines as a multiset.
 */
final class GoldenCase {

    static final long TIMEOUT_S = 300;

    final String name;
    final Path folder;

    GoldenCase(Path folder) {
        this.folder = folder;
        this.name = folder.getFileName().toString();
    }

    static List<GoldenCase> all(Path golden) throws IOException {
        final List<GoldenCase> cases = new ArrayList<>();
        try (Stream<Path> s = Files.list(golden)) {
            s.filter(p -> Files.isRegularFile(p.resolve("CMD")) && Files.isDirectory(p.resolve("expected")))
                    .sorted()
                    .forEach(p -> cases.add(new GoldenCase(p)));
        }
        return cases;
    }

    /** What a run left: its exit status, its merged stdout/stderr, and the folder holding its outputs. */
    record Outcome(int exitStatus, String output, Path dir) {
    }

    /** Runs CMD in a scratch copy of the case (inputs only) under {@code work}, with the shims first on PATH. */
    Outcome run(Path work, Path shims) throws IOException, InterruptedException {
        return run(work, shims, java.util.Map.of());
    }

    /** As {@link #run(Path, Path)}, with extra environment variables (e.g. JCLICK_ENGINE). */
    Outcome run(Path work, Path shims, java.util.Map<String, String> env) throws IOException, InterruptedException {
        final Path dir = work.resolve(name);
        Files.createDirectories(dir);
        try (Stream<Path> s = Files.list(folder)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isRegularFile(p)) {
                    Files.copy(p, dir.resolve(p.getFileName()));
                }
            }
        }
        final String cmd = Files.readString(folder.resolve("CMD"), StandardCharsets.UTF_8).strip();
        final ProcessBuilder pb = new ProcessBuilder("sh", "-c", cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("PATH", shims + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.environment().putAll(env);
        final Process p = pb.start();
        final byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Outcome(-1, "timed out after " + TIMEOUT_S + " s\n" + new String(out, StandardCharsets.UTF_8), dir);
        }
        return new Outcome(p.exitValue(), new String(out, StandardCharsets.UTF_8), dir);
    }

    /** The -h arguments of CMD, in order: the handler blocks expected at the end of the output. */
    List<String> handlerNames() throws IOException {
        final String[] words = Files.readString(folder.resolve("CMD"), StandardCharsets.UTF_8).strip().split("\\s+");
        final List<String> names = new ArrayList<>();
        for (int i = 0; i + 1 < words.length; i++) {
            if (words[i].equals("-h") || words[i].equals("--handler")) {
                names.add(words[++i]);
            }
        }
        return names;
    }

    /** Every way the outcome differs from Click's; empty when it matches. */
    List<String> differences(Outcome outcome) throws IOException {
        final List<String> diffs = new ArrayList<>();
        final Path expected = folder.resolve("expected");
        final Path statusFile = expected.resolve("exit_status");
        final int status = Files.isRegularFile(statusFile) ? Integer.parseInt(Files.readString(statusFile).strip()) : 0;
        if (outcome.exitStatus() != status) {
            diffs.add("exit status " + outcome.exitStatus() + ", Click's " + status);
        }
        try (Stream<Path> s = Files.list(expected)) {
            for (Path e : (Iterable<Path>) s.sorted()::iterator) {
                final String file = e.getFileName().toString();
                if (!file.endsWith(".pcap")) {
                    continue;
                }
                final Path actual = outcome.dir().resolve(file);
                if (!Files.isRegularFile(actual)) {
                    diffs.add(file + ": not written");
                    continue;
                }
                final byte[] want = Files.readAllBytes(e);
                final byte[] got = Files.readAllBytes(actual);
                final long at = Arrays.mismatch(want, got);
                if (at >= 0) {
                    diffs.add(file + ": differs from byte " + at + " (" + got.length + " bytes, Click's " + want.length
                            + ")");
                }
            }
        }
        final Path handlers = expected.resolve("handlers.txt");
        if (Files.isRegularFile(handlers)) {
            compareOutput(Files.readString(handlers, StandardCharsets.UTF_8), outcome.output(), diffs);
        }
        return diffs;
    }

    private void compareOutput(String want, String got, List<String> diffs) throws IOException {
        final List<String> names = handlerNames();
        final Split w = split(want, names);
        final Split g = split(got, names);
        final List<String> wantErr = new ArrayList<>(w.stderr());
        final List<String> gotErr = new ArrayList<>(g.stderr());
        wantErr.sort(null);
        gotErr.sort(null);
        if (!wantErr.equals(gotErr)) {
            diffs.add("stderr lines differ: Click's " + w.stderr() + ", jclick's " + g.stderr());
        }
        for (String h : names) {
            final String a = w.values().get(h);
            final String b = g.values().get(h);
            if (b == null) {
                diffs.add("handler " + h + ": not printed");
            } else if (!sameValue(h, a, b)) {
                diffs.add("handler " + h + ": " + abbreviate(b) + ", Click's " + abbreviate(a));
            }
        }
    }

    /** Click prints IPRewriter tables in hash-table order: those compare as sets of lines. */
    private static boolean sameValue(String handler, String a, String b) {
        if (a == null) {
            return b == null;
        }
        if (handler.endsWith(".tcp_table") || handler.endsWith(".udp_table")
                || handler.endsWith(".table") && a.contains("=>")) {
            final List<String> x = new ArrayList<>(List.of(a.split("\n")));
            final List<String> y = new ArrayList<>(List.of(b.split("\n")));
            x.sort(null);
            y.sort(null);
            return x.equals(y);
        }
        return a.equals(b);
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "(none)";
        }
        final String one = s.replace("\n", "\\n");
        return one.length() > 160 ? one.substring(0, 160) + "..." : "'" + one + "'";
    }

    record Split(List<String> stderr, Map<String, String> values) {
    }

    /**
     * Splits a run's output into the stderr lines before the first handler block and the handler values
     * ({@code name:\nvalue\n\n} per -h, in order).
     */
    static Split split(String text, List<String> names) {
        final List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        int first = lines.size();
        if (!names.isEmpty()) {
            final int at = lines.indexOf(names.get(0) + ":");
            if (at >= 0) {
                first = at;
            }
        }
        final List<String> stderr = new ArrayList<>();
        for (String l : lines.subList(0, first)) {
            if (!l.isEmpty()) {
                stderr.add(l);
            }
        }
        final Map<String, String> values = new LinkedHashMap<>();
        int i = first;
        for (String h : names) {
            if (i >= lines.size() || !lines.get(i).equals(h + ":")) {
                break;
            }
            i++;
            final StringBuilder v = new StringBuilder();
            while (i < lines.size() && !(lines.get(i).isEmpty() && (i + 1 >= lines.size()
                    || names.contains(lines.get(i + 1).replaceAll(":$", "")) || lines.get(i + 1).isEmpty()
                    && i + 2 >= lines.size()))) {
                if (!v.isEmpty()) {
                    v.append('\n');
                }
                v.append(lines.get(i));
                i++;
            }
            values.put(h, v.toString());
            i++; // the blank line after the value
        }
        return new Split(stderr, new TreeMap<>(values));
    }
}
