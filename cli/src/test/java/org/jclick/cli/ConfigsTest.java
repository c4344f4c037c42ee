package org.jclick.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The bundled example configurations check cleanly and flatten the same way through every entry point. */
class ConfigsTest {

    static List<Path> configs() throws IOException {
        try (Stream<Path> s = Files.list(Run.root().resolve("configs"))) {
            final List<Path> l = s.filter(p -> p.toString().endsWith(".click")).sorted().toList();
            assertTrue(l.size() >= 4, "bundled configurations: " + l);
            return l;
        }
    }

    @ParameterizedTest
    @MethodSource("configs")
    void checksWithoutErrorsOrWarnings(Path config) {
        final Run r = Run.of("check", config.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.errWithoutNotice());
        assertEquals("", r.out());
    }

    @ParameterizedTest
    @MethodSource("configs")
    void flattensAlikeEverywhere(Path config) {
        final Run jclick = Run.of("flatten", config.toString());
        final Run tool = Run.of("click-flatten", config.toString());
        assertEquals(0, jclick.status(), jclick.err());
        assertEquals(0, tool.status(), tool.err());
        // the Click driver instantiates the router: it agrees once the library has every class the file uses
        final Run click = Run.of("click", "-qo-", config.toString());
        if (click.status() == 0) {
            assertEquals(jclick.out(), click.out());
        } else {
            // Click's driver initializes the router even with -q: missing classes, or files the defaults name
            assertTrue(click.err().contains("unknown element class") || click.err().contains("undeclared element")
                    || click.err().contains("Router could not be initialized!"), click.err());
        }
        assertEquals(jclick.out(), tool.out().replaceAll("(?m)^#.*\n", ""));
        assertFalse(jclick.out().contains("$"), "every parameter is substituted:\n" + jclick.out());
    }

    @ParameterizedTest
    @MethodSource("configs")
    void hasCommentsParametersAndACompound(Path config) throws IOException {
        final String text = Files.readString(config);
        assertTrue(text.startsWith("//"), "starts with a comment saying what it is");
        assertTrue(text.contains("define($"), "has parameters");
        assertTrue(text.contains("elementclass "), "has a compound element");
    }
}
