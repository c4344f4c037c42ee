package org.jclick.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every file under {@code shared/corpus/click/configs} ({@code .click}, {@code .clickpat}, {@code .ipb}...)
 * parses and flattens without errors (warnings are allowed), with Click's tools catalog and the file's
 * folder plus {@code configs/conf} as library path; and flattening is idempotent on the printed result.
 */
class CorpusConfigsTest {

    /**
     * Files that do not flatten, each with the reason. Files Click itself rejects are listed with why; a
     * file Click accepts but jclick does not is a front-end bug, listed with a reason that starts with
     * {@code FRONT-END BUG} until it is fixed. An excepted file that flattens cleanly fails its test, so
     * the list stays true.
     */
    static final Map<String, String> EXCEPTIONS = Map.of(
            "conf/grid.click",
            "an m4 template, not a configuration: it uses m4 macros such as ifdef(`DISABLE_GF', ...) whose "
                    + "backquote and unbalanced quote Click's lexer rejects; it must be run through m4 first "
                    + "(its header says so)");

    static boolean excepted(String name) {
        return EXCEPTIONS.containsKey(name);
    }

    @TestFactory
    Stream<DynamicTest> everyConfigFlattens() {
        return Corpus.configFiles().stream().map(c -> DynamicTest.dynamicTest(c.name, () -> {
            if (excepted(c.name)) {
                assertTrue(!c.flattensCleanly(), c.name + " is excepted (" + EXCEPTIONS.get(c.name)
                        + ") but flattens cleanly now: remove it from CorpusConfigsTest.EXCEPTIONS");
            } else if (!c.flattensCleanly()) {
                fail(c.name + " does not flatten:\n" + c.describe());
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> flatteningIsIdempotent() {
        return Corpus.configFiles().stream()
                .filter(c -> !excepted(c.name) && c.flattensCleanly())
                .map(c -> DynamicTest.dynamicTest(c.name, () -> assertRoundTrip(c)));
    }

    static void assertRoundTrip(Corpus.Case c) {
        final Corpus.RoundTrip t = c.roundTrip();
        assertNotNull(t.second(), c.name + ": the flattened configuration does not load again:\n"
                + t.diagnostics() + "\n--- flattened ---\n" + t.first());
        assertEquals(t.first(), t.second(), c.name + ": flatten(parse(flatten(x))) differs from flatten(x)");
    }

    @Test
    void exceptionsNameCorpusFiles() {
        final Set<String> names = Corpus.configFiles().stream().map(c -> c.name).collect(Collectors.toSet());
        for (String e : EXCEPTIONS.keySet()) {
            assertTrue(names.contains(e), "EXCEPTIONS names " + e + ", which is not a file of the corpus");
        }
    }
}
