package org.jclick.elements.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import org.jclick.dataplane.element.ElementRegistry;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.runtime.Clock;
import org.jclick.dataplane.runtime.Router;
import org.jclick.dataplane.runtime.RouterLoader;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of the trace sources (Jazzer): FromDump and FromIPSummaryDump run over mutated files in a
 * real router ({@code source(FILE, STOP true) -> c :: Counter -> Discard}) under simulated time.
 *
 * <p>Property: for any file content the router initializes or reports a configuration error, runs to the end of the
 * file, and stops; nothing is thrown out of an element (Jazzer reports any escaping {@link Throwable}), and an input
 * that takes longer than the per-input timeout is a finding (a hang). {@code mvn verify} fuzzes for
 * {@code jclick.fuzz.duration} in a surefire execution of its own; without {@code JAZZER_FUZZ} each seed in
 * {@code src/test/resources/org/jclick/elements/fuzz/TraceFuzzTestInputs/} runs once.
 */
class TraceFuzzTest
{
    private static final ElementRegistry REGISTRY = ElementRegistry.loadDefault();

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void traceSourcesNeverThrowNorHang(final FuzzedDataProvider data) throws IOException
    {
        final boolean summary = data.consumeBoolean();
        final byte[] content = data.consumeRemainingAsBytes();
        final Path file = Files.createTempFile("jclick-fuzz", summary ? ".ipsum" : ".pcap");
        try
        {
            Files.write(file, content);
            final String source = summary ? "FromIPSummaryDump" : "FromDump";
            final String config = source + "(\"" + file + "\", STOP true) -> c :: Counter -> Discard;";
            final Router router = RouterLoader.fromText("fuzz", config, Map.of(), REGISTRY,
                new Router.Options(Clock.simulated(-1), 1, config, ""), ErrorHandler.silent());
            if (router != null)
            {
                try
                {
                    FuzzHandlers.runQuietly(router); // the sources' warnings are checked there, not printed
                }
                finally
                {
                    router.cleanup();
                    router.releaseMemory();
                }
            }
        }
        finally
        {
            Files.deleteIfExists(file);
        }
    }
}
