package org.jclick.lang.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

import org.jclick.lang.ClickFrontEnd;
import org.jclick.lang.ConfigResult;
import org.jclick.lang.Diagnostic;
import org.jclick.lang.ElementCatalog;
import org.jclick.lang.Unparser;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of the Click front end (Jazzer).
 *
 * <p>Property: for <em>any</em> text, parsing, flattening (with the permissive tools catalog, a closed
 * catalog, and Click's compatible mode) and unparsing never throw anything: bad input is reported as
 * diagnostics only. Jazzer reports every escaping {@link Throwable} (including {@link StackOverflowError}
 * and {@link OutOfMemoryError}) as a finding, and the {@link Timeout} below becomes libFuzzer's per-input
 * {@code -timeout}, so an input that takes longer than that is a finding too.
 *
 * <p>How it runs: {@code mvn verify} runs this class in a surefire execution of its own with
 * {@code JAZZER_FUZZ=1}, i.e. in fuzzing mode for {@code maxDuration} (overridable with
 * {@code -Djclick.fuzz.duration=10m}), starting from the seed configs in
 * {@code src/test/resources/org/jclick/lang/fuzz/ParserFuzzTestInputs/loadNeverThrows/}. Without
 * {@code JAZZER_FUZZ} (e.g. from an IDE) it runs each seed once, as a regression test. A finding makes the
 * build fail; Jazzer stores the crashing input next to the seeds, where it becomes a regression case.
 */
class ParserFuzzTest {

    /**
     * A file in a directory that does not exist: {@code require(library ...)} is resolved relative to it,
     * so fuzzed inputs cannot pull in files from the working directory.
     */
    private static final String FILE_NAME = "/nonexistent-jclick-fuzz-dir/fuzz.click";

    /** A closed catalog (Click's driver): unknown classes are errors with suggestions. */
    private static final ElementCatalog CLOSED = ElementCatalog.of(List.of(
            "ARPResponder", "CheckIPHeader", "Classifier", "Counter", "Discard", "FromDevice", "IPFilter",
            "IPRewriter", "Idle", "InfiniteSource", "Paint", "Print", "Queue", "RatedSource", "Script",
            "SetIPAddress", "StaticSwitch", "Strip", "Tee", "ToDevice", "Unqueue"));

    private static final ClickFrontEnd TOOLS = new ClickFrontEnd(ElementCatalog.tools(), List.of());
    private static final ClickFrontEnd DRIVER = new ClickFrontEnd(CLOSED, List.of());
    private static final ClickFrontEnd CLICK_COMPATIBLE = DRIVER.clickCompatible();

    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @DictionaryEntries({"elementclass", "require", "provide", "define", "library", "package", "::", "->", "=>",
        "~>", "||", "...", "|", "$a", "input", "output", "[0]", "[1]", "{", "}", "(", ")", "\"", "'", "\\<",
        "/*", "*/", "//", "\n# 1 \"f.click\"\n", ";"})
    void loadNeverThrows(FuzzedDataProvider data) {
        final String text = text(data);

        // load() = parse + AST + flatten, with Click's tools' permissive catalog ...
        final ConfigResult tools = check(TOOLS, text);
        // ... and with a closed catalog, in jclick's strict mode or Click's compatible mode (chosen by the
        // text, so that no input byte is spent on it)
        check((text.hashCode() & 1) == 0 ? DRIVER : CLICK_COMPATIBLE, text);

        // click-flatten's output is itself a configuration: reading it back must not throw either.
        check(TOOLS, Unparser.unparse(tools.router(), true));
    }

    /** Loads {@code text}, unparses the result and checks the result's shape. */
    private static ConfigResult check(ClickFrontEnd frontEnd, String text) {
        final ConfigResult result = frontEnd.load(FILE_NAME, text, Map.of());
        assertNotNull(result.router(), "router is null");
        assertNotNull(result.diagnostics(), "diagnostics are null");
        for (Diagnostic d : result.diagnostics()) {
            assertNotNull(d.message(), "diagnostic without message");
            assertNotNull(d.location(), "diagnostic without location");
        }
        final String flat = Unparser.unparse(result.router());
        assertNotNull(flat);
        assertEquals(flat, Unparser.unparse(result.router()), "unparse is not deterministic");
        Unparser.unparse(result.router(), true);
        return result;
    }

    /**
     * The input as text. Mostly bytes read as ISO-8859-1, exactly as the front end reads files (so the seed
     * files are fed byte for byte, less their last byte, which picks the mode); sometimes arbitrary UTF-16,
     * since the {@code load(String, String, Map)} API accepts any string.
     */
    private static String text(FuzzedDataProvider data) {
        if (data.remainingBytes() == 0) {
            return "";
        }
        if (data.consumeBoolean()) {
            return data.consumeRemainingAsString();
        }
        return new String(data.consumeRemainingAsBytes(), StandardCharsets.ISO_8859_1);
    }
}
