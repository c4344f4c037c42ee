package org.jclick.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jclick.lang.FlatRouter;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every Click configuration that Click's own tests run ({@code shared/corpus/click/tests/**}{@code /*.clicktest}:
 * {@code -e} arguments and the {@code %file}s given to {@code click} and its tools) parses and flattens
 * without errors, unless the test expects Click to report errors for it; then jclick must report errors
 * too, with Click's message. Each configuration is its own test, named {@code DIR/TEST:SOURCE}, where
 * SOURCE is the {@code %file} name, {@code stdin}, or {@code -e@LINE} (the line of the test file where the
 * expression starts).
 */
class ClickTestConfigsTest {

    /**
     * Configurations the test expects Click to reject, with the errors the test's {@code %expect stderr}
     * shows for them, in order (Click's format, {@code FILE:LINE: message}; {@code config} is Click's name
     * for a {@code -e} expression). The front end in its Click-compatible mode must report exactly these
     * errors; jclick's own mode must report errors too.
     */
    static final Map<String, List<String>> EXPECTED_ERRORS = Map.of(
            // click-flatten -e ... || true: an identifier used as a class (even inside a compound) is a class
            // for the rest of the file, so declaring an element with that name is an error
            "tools/lexer-01:-e@3", List.of("config:5: class 'A' used as element name"),
            "tools/lexer-01:-e@10", List.of("config:3: class 'A' used as element name",
                    "config:5: class 'A' used as element name"),
            // (tools/lexer-01:-e@17 declares 'A :: AA' in the compound: A is an element there, and Click reports
            // nothing for it; the three lines of the test's %expect stderr are the three above)
            "tools/lexer-04:C.click", List.of("C.click:2: connection mismatch: 2 outputs connected to 3 inputs",
                    "C.click:3: at most one expandable port allowed per connection"),
            "tools/lexer-04:C2.click", List.of("C2.click:2: syntax error: many-to-many connections require '=>'"),
            "tools/lexer-09:A.click", List.of("A.click:1: syntax error near '->'"));

    /**
     * Configurations that do not flatten for another reason: Click itself rejects them, or the text is not
     * the configuration Click sees (the shell substitutes a variable at run time), or, with a reason that
     * starts with {@code FRONT-END BUG}, Click accepts them and jclick does not. An excepted configuration
     * that flattens cleanly fails its test, so the list stays true.
     */
    static final Map<String, String> EXCEPTIONS = Map.of(
            "ip/iplookups-01:-e@4",
            "the class is the shell variable $rtable ('-> r :: $rtable()'), which the script's for-loop sets to "
                    + "RadixIPLookup, DirectIPLookup, RangeIPLookup and LinearIPLookup; Click never sees the "
                    + "literal text, and would reject a variable in class position");

    static boolean cleanExpected(String name) {
        return !EXPECTED_ERRORS.containsKey(name) && !EXCEPTIONS.containsKey(name);
    }

    @TestFactory
    Stream<DynamicTest> everyEmbeddedConfigFlattens() {
        return Corpus.clickTests().cases().stream().map(c -> DynamicTest.dynamicTest(c.name, () -> check(c)));
    }

    private static void check(Corpus.Case c) {
        if (EXCEPTIONS.containsKey(c.name)) {
            assertTrue(!c.flattensCleanly(), c.name + " is excepted (" + EXCEPTIONS.get(c.name)
                    + ") but flattens cleanly now: remove it from ClickTestConfigsTest.EXCEPTIONS");
            return;
        }
        final List<String> expected = EXPECTED_ERRORS.get(c.name);
        if (expected == null) {
            if (!c.flattensCleanly()) {
                fail(c.name + " does not flatten:\n" + c.describe() + "--- configuration ---\n" + c.text);
            }
            return;
        }
        assertTrue(!c.flattensCleanly(), c.name + ": Click reports " + expected + ", jclick reports no error");
        assertEquals(expected, c.clickErrors(), c.name + ": the Click-compatible front end's errors differ from Click's");
    }

    @TestFactory
    Stream<DynamicTest> flatteningIsIdempotent() {
        return Corpus.clickTests().cases().stream()
                .filter(c -> cleanExpected(c.name) && c.flattensCleanly())
                .map(c -> DynamicTest.dynamicTest(c.name, () -> CorpusConfigsTest.assertRoundTrip(c)));
    }

    /** {@code FILE:LINE: While configuring 'NAME :: CLASS':}, as Click prints an element's errors. */
    private static final Pattern ELEMENT_CONTEXT =
            Pattern.compile("(\\S+):(\\d+): While (?:configuring|initializing) '([^' ]+) :: ([^' ]+)':\\s*");

    /**
     * Where a test's expected output names an element with its landmark (Click prints
     * {@code FILE:LINE: While configuring 'NAME :: CLASS':} before an element's messages), jclick's flattened
     * configuration has that element, with that class, declared at that landmark: this checks the names of
     * anonymous elements ({@code ToDevice@3}) and line directives ({@code # 100 "foobar.click"}).
     */
    @TestFactory
    Stream<DynamicTest> elementNamesAndLandmarksMatchClick() {
        final Corpus.ClickTests tests = Corpus.clickTests();
        return tests.tests().entrySet().stream().flatMap(t -> t.getValue().expects().getOrDefault("stderr", List.of())
                .stream()
                .flatMap(b -> b.text().lines())
                .filter(l -> !l.contains("{{"))
                .map(ELEMENT_CONTEXT::matcher)
                .filter(Matcher::matches)
                .map(m -> DynamicTest.dynamicTest(t.getKey() + ": " + m.group(), () -> {
                    final String landmark = m.group(1) + ":" + m.group(2);
                    final List<Corpus.Case> cases = tests.cases().stream()
                            .filter(c -> c.name.startsWith(t.getKey() + ":") && c.flattensCleanly()
                                    && c.result().router().element(m.group(3)) != null)
                            .toList();
                    assertTrue(!cases.isEmpty(), "no configuration of " + t.getKey() + " has an element '"
                            + m.group(3) + "'");
                    for (Corpus.Case c : cases) {
                        final FlatRouter.Element e = c.result().router().element(m.group(3));
                        assertEquals(m.group(4), e.className(), c.name + ": class of " + m.group(3));
                        assertEquals(landmark, c.landmark(e.location()), c.name + ": landmark of " + m.group(3));
                    }
                })));
    }

    @Test
    void listsNameExtractedConfigs() {
        final Set<String> names = Corpus.clickTests().cases().stream().map(c -> c.name).collect(Collectors.toSet());
        for (String e : EXCEPTIONS.keySet()) {
            assertTrue(names.contains(e), "EXCEPTIONS names " + e + ", which is not an extracted configuration");
        }
        for (String e : EXPECTED_ERRORS.keySet()) {
            assertTrue(names.contains(e), "EXPECTED_ERRORS names " + e + ", which is not an extracted configuration");
        }
    }

    @Test
    void everyTestFileIsReadable() {
        assertTrue(Corpus.clickTests().problems().isEmpty(),
                "format problems in the .clicktest files:\n" + String.join("\n", Corpus.clickTests().problems()));
    }
}
