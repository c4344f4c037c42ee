package org.jclick.cli;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The standard streams a command works with. Click configurations are byte strings; the front end reads
 * them as ISO-8859-1 so that every byte survives, and everything jclick prints uses the same charset, so
 * bytes in a configuration come out exactly as they went in.
 */
public record Streams(InputStream in, PrintStream out, PrintStream err) {

    /** The charset of every configuration text and of all output. */
    public static final Charset CHARSET = StandardCharsets.ISO_8859_1;

    /** The process's own streams, buffered; {@link #flush()} them before exiting. */
    public static Streams system() {
        final PrintStream out = new PrintStream(
                new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16), false, CHARSET);
        final PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, CHARSET);
        return new Streams(System.in, out, err);
    }

    /** Streams over arbitrary byte sinks (tests). */
    public static Streams of(InputStream in, OutputStream out, OutputStream err) {
        return new Streams(in, new PrintStream(out, true, CHARSET), new PrintStream(err, true, CHARSET));
    }

    public void flush() {
        out.flush();
        err.flush();
    }
}
