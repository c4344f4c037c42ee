package org.jclick.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressTest {

    @TempDir
    Path dir;

    @Test
    void lineShowsPacketsRateAndElapsedTime() {
        assertEquals("jclick: 1,234,567 packets  2.50 Mpps  0:00:03.2",
                Progress.line(1_234_567, 2.5, 3_290_000_000L));
        assertEquals("jclick: 0 packets  0.00 Mpps  1:01:01.0", Progress.line(0, 0, 3661_000_000_000L));
    }

    /** A run of about 1.3 s: the source makes packets at 10 kpps until the script stops the driver. */
    private Path oneSecondRun() throws IOException {
        final Path f = dir.resolve("rated.click");
        Files.writeString(f, """
                src :: RatedSource(RATE 10000) -> c :: Counter -> Discard;
                Script(wait 1.3s, stop);
                """);
        return f;
    }

    @Test
    void progressIsDrawnOnStandardErrorAndErasedAtTheEnd() throws IOException {
        final Run r = Run.of("run", "--progress", oneSecondRun().toString(), "-h", "c.count");
        assertEquals(0, r.status(), r.err());
        final String err = r.errWithoutNotice();
        assertTrue(err.matches("(?s)\\rjclick: [0-9,]+ packets  [0-9.]+ Mpps  0:00:0[0-9]\\.[0-9]\\u001b\\[K.*"), err);
        assertTrue(err.endsWith("\r\u001b[K"), "the line is erased when the run ends: " + err);
        final long shown = Long.parseLong(err.replaceAll("(?s)^\\rjclick: ([0-9,]+) packets.*", "$1").replace(",", ""));
        assertTrue(shown > 0, err);
        assertFalse(r.out().contains("packets"), "standard output is left alone: " + r.out());
        assertTrue(Long.parseLong(r.out().trim()) >= shown, r.out());
    }

    @Test
    void noProgressPrintsNothingExtra() throws IOException {
        final Run r = Run.of("run", "--no-progress", oneSecondRun().toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.errWithoutNotice());
    }
}
