package org.jclick.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Helpers shared by the click-lang tests: load a configuration, print it, print its diagnostics. */
final class Lang {

    private Lang() {
    }

    /** A closed catalog, as Click's driver knows its classes. */
    static final ElementCatalog CLOSED = ElementCatalog.of(Set.of("Queue", "Discard", "Idle", "Print", "Tee",
            "InfiniteSource", "Counter", "Paint", "Classifier", "Unqueue", "RatedSource", "DriverManager",
            "Script", "Message", "PullNull", "Null"));

    /** Loads {@code text} as file {@code config} with Click's tools' permissive catalog. */
    static ConfigResult load(String text) {
        return load(ElementCatalog.tools(), "config", text, Map.of());
    }

    static ConfigResult load(ElementCatalog catalog, String file, String text, Map<String, String> defines) {
        return load(new ClickFrontEnd(catalog, List.of()), file, text, defines);
    }

    /** Loads and checks the invariants every load must keep, whatever the input. */
    static ConfigResult load(ClickFrontEnd fe, String file, String text, Map<String, String> defines) {
        final ConfigResult r;
        try {
            r = fe.load(file, text, defines);
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("load threw for input: " + abbreviate(text), e);
        }
        final FlatRouter router = r.router();
        final int n = router.elements().size();
        for (int i = 0; i < n; i++) {
            assertEquals(i, router.elements().get(i).index(), "element indices are positions");
        }
        for (FlatRouter.Connection c : router.connections()) {
            assertTrue(c.from() >= 0 && c.from() < n && c.to() >= 0 && c.to() < n, "connection ends exist");
            assertTrue(c.fromPort() >= 0 && c.toPort() >= 0, "ports are not negative");
        }
        return r;
    }

    /**
     * The flat configuration of a text that must load without errors (warnings allowed). Also checks the
     * round trip property on it: the flat configuration loads without errors and flattens to itself.
     */
    static String flat(String text) {
        return flat(ElementCatalog.tools(), text, Map.of());
    }

    static String flat(ElementCatalog catalog, String text, Map<String, String> defines) {
        final ConfigResult r = load(catalog, "config", text, defines);
        if (r.hasErrors()) {
            fail("unexpected errors:\n" + clickErrors(r) + "for:\n" + text);
        }
        final String once = Unparser.unparse(r.router());
        // every flattened test configuration also checks the round trip property
        final ConfigResult again = load(catalog, "flat", once, Map.of());
        assertFalse(again.hasErrors(), () -> "the flat configuration has errors:\n" + clickErrors(again) + once);
        assertEquals(once, Unparser.unparse(again.router()), () -> "flatten(parse(flatten(x))) != flatten(x) for:\n"
                + text);
        return once;
    }

    /** Diagnostics in Click's format, one per line (details indented under it). */
    static String clickErrors(ConfigResult r) {
        final StringBuilder sb = new StringBuilder();
        for (Diagnostic d : r.diagnostics()) {
            sb.append(DiagnosticFormatter.click(d));
        }
        return sb.toString();
    }

    /** Diagnostics of {@code text} (file {@code config}, permissive catalog) in Click's format. */
    static String clickErrors(String text) {
        return clickErrors(load(text));
    }

    static String richErrors(ConfigResult r) {
        return DiagnosticFormatter.richAll(r.diagnostics(), r.sources());
    }

    static String richErrors(String text) {
        return richErrors(load(text));
    }

    /**
     * Click's tests compare flat configurations after joining each chain's continuation lines into one
     * line and sorting the lines; so do we where Click's expected output is given that way.
     */
    static String sortedLines(String flat) {
        final String joined = flat.replace("\n    ", " ");
        final List<String> lines = new ArrayList<>(Arrays.asList(joined.split("\n")));
        lines.removeIf(String::isEmpty);
        return lines.stream().sorted().collect(Collectors.joining("\n", "", "\n"));
    }

    static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

}
