package org.jclick.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** Runs jclick's Main in-process and captures what it prints. */
record Run(int status, String out, String err) {

    static Run of(String... args) {
        return withInput("", args);
    }

    static Run withInput(String stdin, String... args) {
        return with(new ByteArrayInputStream(stdin.getBytes(Streams.CHARSET)), args);
    }

    static Run with(InputStream stdin, String... args) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = Main.run(args, Streams.of(stdin, out, err));
        return new Run(status, out.toString(Streams.CHARSET), err.toString(Streams.CHARSET));
    }

    /** stderr without the one-line notice that no element library is built yet. */
    String errWithoutNotice() {
        return err.replace(Catalogs.NO_LIBRARY + "\n", "");
    }

    boolean hasStackTrace() {
        return err.contains("\tat ") || err.contains("Exception in thread") || out.contains("\tat ");
    }

    /** The repository root (surefire sets jclick.root), for the bundled configurations. */
    static Path root() {
        final String r = System.getProperty("jclick.root");
        return r != null ? Path.of(r) : Path.of("..").toAbsolutePath().normalize();
    }

    /** An input stream that fails in a way jclick does not expect (to provoke an internal error). */
    static InputStream brokenInput() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IllegalStateException("simulated failure");
            }

            @Override
            public byte[] readAllBytes() {
                throw new IllegalStateException("simulated failure");
            }
        };
    }
}
