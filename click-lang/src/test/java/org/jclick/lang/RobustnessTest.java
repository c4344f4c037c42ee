package org.jclick.lang;

import static org.jclick.lang.Lang.CLOSED;
import static org.jclick.lang.Lang.clickErrors;
import static org.jclick.lang.Lang.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile and broken input: deep nesting is refused quickly, and nothing makes load throw. */
class RobustnessTest {

    private static final String TOO_DEEP = "too deeply nested (more than 512 levels of groups, compounds or "
            + "parentheses)";

    private static void assertTooDeep(String text, String landmark) {
        final ConfigResult r = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> load(text));
        assertEquals(landmark + ": " + TOO_DEEP + "\n", clickErrors(r));
    }

    @Test
    void tenThousandNestedGroups() {
        assertTooDeep("(".repeat(10_000) + ")".repeat(10_000), "config:1");
        assertTooDeep("a :: Idle;\nx -> " + "(".repeat(10_000) + "y" + ")".repeat(10_000) + ";", "config:2");
    }

    @Test
    void tenThousandNestedParenthesesInAConfigurationString() {
        assertTooDeep("a :: Foo(" + "(".repeat(10_000) + ")".repeat(10_000) + ");", "config:1");
    }

    @Test
    void tenThousandNestedBraces() {
        assertTooDeep("elementclass A " + "{".repeat(10_000) + "}".repeat(10_000), "config:1");
        assertTooDeep("x :: " + "{ ".repeat(10_000) + "}".repeat(10_000), "config:1");
    }

    @Test
    void aStrayQuoteDoesNotHideTheNesting() {
        // outside configuration strings a quote is just a bad character: it must not hide what follows
        assertTooDeep("\" x -> " + "(".repeat(10_000) + ")".repeat(10_000) + ";", "config:1");
    }

    @Test
    void parenthesesInCommentsAndQuotesDoNotCount() {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 600; i++) {
            sb.append("// see (").append(i).append('\n');
        }
        sb.append("a :: Idle(\"").append("(".repeat(600)).append("\" /* ").append("(".repeat(600)).append(" */);\n");
        final ConfigResult r = load(sb.toString());
        assertEquals("", clickErrors(r));
    }

    @Test
    void nestingJustBelowTheLimitIsFine() {
        final ConfigResult r = load("a :: Foo(" + "(".repeat(500) + ")".repeat(500) + ");");
        assertEquals("", clickErrors(r));
        // groups nest deeper than compounds may: the semantic pass has its own, lower limit
        final ConfigResult groups = load("Idle -> " + "(".repeat(300) + "-> Discard ->" + ")".repeat(300) + " -> Idle;");
        assertEquals("config:1: maximum element group nesting depth exceeded\n",
                clickErrors(groups).lines().findFirst().orElse("") + "\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", ";", "(", ")", "{", "}", "[", "]", "->", "=>", "::", "||", "|", "...", ",", "$",
        "$x", "a ::", ":: b", "a :: b(", "a(", "elementclass", "elementclass A", "elementclass A {", "elementclass {",
        "require", "require(", "define(", "define($x", "provide", "[0]", "[]", "[,]", "[x,", "a -> [", "a [0", "{ || }",
        "{ ... }", "{ $a | }", "{ $a, }", "{ A B | }", "( -> )", "(->)(->)", "a -> b -> ;", "#", "# 1 \"", "/*", "//",
        "\\<", "a :: { input -> output } -> a", "input -> output", "x :: input", "output :: Idle",
        "elementclass input { }", "a :: b :: c", "a, :: b", "a, , b :: Idle", "a -> ,", "[0] a [1] [2] -> b",
        "elementclass A B C", "elementclass A {}{}", "A :: { A }", "{ { { } } }", "( ( ( ) ) )", "\u0000\u00ff",
        "a :: Idle(\\<", "a :: Idle(\"\\<", "a :: Idle('", "define($a $a); x :: Print(${a-${a}})",
        "elementclass F { $a | F($a) } F(1)", "x :: Print($(((("})
    void fragmentsNeverThrow(String text) {
        load(text);
        load(CLOSED, "config", text, Map.of());
        Lang.load(new ClickFrontEnd(ElementCatalog.tools(), List.of()).clickCompatible(), "config", text, Map.of());
    }

    private static final String[] TOKENS = {"a", "b", "Idle", "Queue(3)", "Print(\"x\")", "input", "output", "::",
        "->", "=>", "~>", ",", ";", "[", "]", "0", "1", "(", ")", "{", "}", "||", "|", "...", "$x", "X", "elementclass",
        "require(package p)", "require(library l.click)", "define($x 1)", "provide(p)", "// c\n", "/* c */", "\n",
        "\n# 5 \"f\"\n", "\n#bad\n", "'", "\"", "Foo($x, KW $y)", "@", "/", "%", " "};

    /** A hang fails the test (the timeout); speed is not asserted here: the front end is measured in benchmarks. */
    @Test
    @org.junit.jupiter.api.Timeout(300)
    void randomTokenSoupNeverThrows() {
        final Random random = new Random(20240607L);
        for (int n = 0; n < 3000; n++) {
            final StringBuilder sb = new StringBuilder();
            final int len = 1 + random.nextInt(40);
            for (int i = 0; i < len; i++) {
                sb.append(TOKENS[random.nextInt(TOKENS.length)]).append(random.nextInt(3) == 0 ? "" : " ");
            }
            final ConfigResult r = load(n % 2 == 0 ? ElementCatalog.tools() : CLOSED, "config", sb.toString(),
                    Map.of("x", "v"));
            for (Diagnostic d : r.diagnostics()) {
                // every diagnostic can be printed, in both formats
                DiagnosticFormatter.rich(d, r.sources());
                DiagnosticFormatter.click(d);
            }
            Unparser.unparse(r.router(), n % 3 == 0);
        }
    }

    @Test
    void mutatedConfigurationsNeverThrow() {
        final String base = """
                require(compact_config)
                define($N 3);
                elementclass Foo {
                   $a, $b | input -> Print($a) -> output
                || $a, __REST__ $b | input -> [0] Print(2) -> [0] output
                || ...
                }
                s :: InfiniteSource(DATA "x\\n", LIMIT $N) -> Foo(A) -> f::Foo(A, TWO B);
                f => (-> c :: Idle), (-> Print ->), [1] Discard;
                """;
        final Random random = new Random(7L);
        for (int n = 0; n < 1500; n++) {
            final StringBuilder sb = new StringBuilder(base);
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                final int at = random.nextInt(sb.length());
                switch (random.nextInt(3)) {
                    case 0 -> sb.deleteCharAt(at);
                    case 1 -> sb.insert(at, "()[]{}\"'/*#$,;:|.>-\\<\n".charAt(random.nextInt(22)));
                    default -> sb.setCharAt(at, sb.charAt(random.nextInt(sb.length())));
                }
            }
            load(sb.toString());
        }
    }
}
