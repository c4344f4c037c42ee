package org.jclick.elements.traces;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.jclick.dataplane.trace.PcapReader;

/** Helpers for the trace element tests. */
final class TraceTestSupport
{
    private TraceTestSupport()
    {
    }

    /** The shared material folder ({@code jclick.shared}, else {@code <repo>/../shared}), or null if absent. */
    static Path shared()
    {
        final String prop = System.getProperty("jclick.shared");
        if (prop != null && !prop.isBlank())
        {
            final Path p = Path.of(prop);
            return Files.isDirectory(p) ? p : null;
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null)
        {
            if (Files.exists(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("dataplane")))
            {
                final Path p = dir.resolveSibling("shared");
                return Files.isDirectory(p) ? p : null;
            }
            dir = dir.getParent();
        }
        return null;
    }

    /** One record as read back. */
    record Rec(long ts, int caplen, int len, byte[] data)
    {
    }

    static List<Rec> records(final Path file) throws IOException
    {
        final List<Rec> out = new ArrayList<>();
        try (PcapReader r = PcapReader.open(file, null))
        {
            while (true)
            {
                try
                {
                    if (!r.next())
                    {
                        break;
                    }
                }
                catch (final IOException e)
                {
                    break;
                }
                final byte[] data = r.bufferSegment().asSlice(r.dataOffsetInBuffer(), r.capturedLength())
                    .toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
                out.add(new Rec(r.timestampNs(), r.capturedLength(), r.originalLength(), data));
            }
        }
        return out;
    }

    /** Runs {@code body} with standard error captured; returns what it printed. */
    static <T> String captureStderr(final Supplier<T> body)
    {
        final PrintStream old = System.err;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true));
        try
        {
            body.get();
        }
        finally
        {
            System.setErr(old);
        }
        return bytes.toString();
    }
}
