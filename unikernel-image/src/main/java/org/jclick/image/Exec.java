package org.jclick.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a host tool with a time limit and returns its output (stdout and stderr merged); setup code only. */
final class Exec
{
    private Exec()
    {
    }

    /** Runs {@code command} in {@code dir}; throws with the output if it fails or runs past {@code timeout}. */
    static String run(final List<String> command, final Path dir, final Duration timeout) throws IOException
    {
        final Path log = Files.createTempFile("jclick-image-exec", ".log");
        try
        {
            final ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            if (dir != null)
            {
                pb.directory(dir.toFile());
            }
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            final Process p = pb.start();
            final boolean done;
            try
            {
                done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            catch (final InterruptedException e)
            {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException(String.join(" ", command) + ": interrupted", e);
            }
            final String output = Files.readString(log, StandardCharsets.UTF_8);
            if (!done)
            {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + ": still running after " + timeout.toSeconds() +
                    " s, killed. Output:\n" + tail(output));
            }
            if (p.exitValue() != 0)
            {
                throw new IOException(String.join(" ", command) + ": exit status " + p.exitValue() + ". Output:\n" +
                    tail(output));
            }
            return output;
        }
        finally
        {
            Files.deleteIfExists(log);
        }
    }

    /** Whether {@code tool} is on PATH. */
    static Path which(final String tool)
    {
        final String path = System.getenv("PATH");
        for (final String dir : (path == null ? "/usr/bin:/bin:/usr/sbin:/sbin" : path + ":/usr/sbin:/sbin").split(":"))
        {
            final Path p = Path.of(dir, tool);
            if (Files.isExecutable(p))
            {
                return p;
            }
        }
        return null;
    }

    private static String tail(final String s)
    {
        return s.length() <= 4000 ? s : "..." + s.substring(s.length() - 4000);
    }
}
