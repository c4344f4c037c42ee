package org.jclick.lang.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
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
 * <p>Property: for <em>any</em> text, {@code ClickFrontEnd.load} (parse, AST, flatten, port checks) with the
 * permissive tools catalog and with a closed catalog (jclick's strict or Click's compatible mode), unparsing
 * the result, and loading that output again never throw anything: bad input is reported as diagnostics
 * only. Jazzer reports every escaping {@link Throwable} (including {@link StackOverflowError}
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

    /** Click's port counts of the classes that the closed catalog knows. */
    private static final Map<String, String> PORT_COUNTS = Map.ofEntries(
            Map.entry("ARPQuerier", "2/1-2"), Map.entry("ARPResponder", "1/1-2"),
            Map.entry("CheckIPHeader", "1/1-2"), Map.entry("Classifier", "1/-"), Map.entry("Counter", "1/1"),
            Map.entry("Discard", "1/0"), Map.entry("FromDevice", "0/1"), Map.entry("IPFilter", "1/-"),
            Map.entry("IPRewriter", "1-/1-"), Map.entry("Idle", "-/-"), Map.entry("InfiniteSource", "0/1"),
            Map.entry("Paint", "1/1"), Map.entry("Print", "1/1"), Map.entry("Queue", "1/1"),
            Map.entry("RatedSource", "0/1"), Map.entry("Script", "-/="), Map.entry("SetIPAddress", "1/1"),
            Map.entry("StaticSwitch", "1/-"), Map.entry("Strip", "1/1"), Map.entry("Tee", "1/-"),
            Map.entry("ToDevice", "1/0"), Map.entry("Unqueue", "1/1"));

    /** A closed catalog with port counts (Click's driver): unknown classes and bad ports are errors. */
    private static final ElementCatalog CLOSED = new ElementCatalog() {
        @Override
        public boolean isElementClass(String name) {
            return PORT_COUNTS.containsKey(name);
        }

        @Override
        public Collection<String> classNames() {
            return PORT_COUNTS.keySet();
        }

        @Override
        public boolean isPermissive() {
            return false;
        }

        @Override
        public String portCount(String className) {
            return PORT_COUNTS.get(className);
        }
    };

    private static final ClickFrontEnd TOOLS = new ClickFrontEnd(ElementCatalog.tools(), List.of());
    private static final ClickFrontEnd DRIVER = new ClickFrontEnd(CLOSED, List.of());
    private static final ClickFrontEnd CLICK_COMPATIBLE = DRIVER.clickCompatible();

    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @DictionaryEntries({"elementclass", "require", "provide", "define", "library", "package", "::", "->", "=>",
        "~>", "||", "...", "|", "$a", "input", "output", "[0]", "[1]", "{", "}", "(", ")", "\"", "'", "\\<",
        "/*", "*/", "//", "# 1 \"f.click\"", ";"})
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
