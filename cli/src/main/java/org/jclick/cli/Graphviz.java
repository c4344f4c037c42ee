package org.jclick.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Graphviz's {@code dot} to turn DOT text into SVG, PNG or PDF. */
final class Graphviz {

    static final String MISSING = "graphviz is not installed: apt-get install graphviz";

    /** Output formats jclick asks {@code dot} for, by file extension. */
    static String formatFor(Path out) {
        final String name = out.getFileName() == null ? "" : out.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        final int dot = name.lastIndexOf('.');
        final String ext = dot < 0 ? "" : name.substring(dot + 1);
        return switch (ext) {
            case "svg", "png", "pdf" -> ext;
            case "dot", "gv" -> "dot";
            default -> null;
        };
    }

    /** Where to look for {@code dot}; null means the PATH environment variable (tests set it). */
    static volatile String searchPath;

    /** The {@code dot} executable on PATH, or null. */
    static Path find() {
        final String path = searchPath != null ? searchPath : System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            try {
                final Path p = Path.of(dir, "dot");
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return p;
                }
            } catch (RuntimeException e) {
                // an unusable PATH entry
            }
        }
        return null;
    }

    /** Thrown when {@code dot} is missing or fails; the message is for the user. */
    static final class GraphvizException extends Exception {
        private static final long serialVersionUID = 1L;

        GraphvizException(String message) {
            super(message);
        }
    }

    /** Renders {@code dotText} into {@code out} in {@code format} (svg, png or pdf). */
    static void render(String dotText, String format, Path out) throws GraphvizException {
        final Path exe = find();
        if (exe == null) {
            throw new GraphvizException(MISSING);
        }
        final Process p;
        try {
            p = new ProcessBuilder(List.of(exe.toString(), "-T" + format, "-o", out.toString()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new GraphvizException(MISSING + " (" + Files2.reason(e) + ")");
        }
        final ByteArrayOutputStream errors = new ByteArrayOutputStream();
        final Thread drain = Thread.ofVirtual().start(() -> {
            try (InputStream in = p.getErrorStream()) {
                in.transferTo(errors);
            } catch (IOException e) {
                // dot's stderr is only for the error message
            }
        });
        try (OutputStream stdin = p.getOutputStream()) {
            stdin.write(dotText.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // dot exited early; its status and message tell why
        }
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new GraphvizException("dot did not finish within 120 seconds");
            }
            drain.join();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new GraphvizException("interrupted while waiting for dot");
        }
        if (p.exitValue() != 0) {
            final String msg = errors.toString(StandardCharsets.UTF_8).strip();
            throw new GraphvizException("dot failed (exit " + p.exitValue() + ")" + (msg.isEmpty() ? "" : ": " + msg));
        }
    }
}
