package org.jclick.lang;

import static org.jclick.lang.Lang.flat;
import static org.jclick.lang.Lang.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * flatten(parse(flatten(x))) == flatten(x). {@link Lang#flat} checks this for every configuration the tests
 * flatten; these are the configurations whose flat form is hardest to read back: generated names, raw
 * configuration strings, requirements, nested compounds and groups.
 */
class RoundTripTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "a :: Idle(\"q)\" 'r)' /* ) */ f(x) \\<0a /* > */>) -> b :: Idle(\n  multi\n  line\n);",
        "Idle -> d :: Discard; Idle@1 :: Idle; Idle@2 :: Idle;",
        "elementclass F { input -> Idle -> output; Idle@1 :: Idle; } Idle -> F -> Discard; F@2 :: Idle",
        "require(package \"a b\\\"c\", compact_config); provide(package x); Idle;",
        "a :: Tee; a [0,1,2] => (-> c :: Idle), ( -> Print ), [1] d :: Idle; c, d -> a;",
        "elementclass A { $v | elementclass B { $w | input -> Print($w $v) -> output } input -> B(2) -> output }\n"
            + "elementclass C { $x | input -> A($x) -> A(${x}2) -> output } Idle -> C(q) -> C(\"r s\") -> Discard;",
        "s :: Script(set x $(add 1 2), print $x); p :: Print($UNDEF);",
        "x :: { [0] -> Print -> [1]; [1] -> Counter -> [0] }; Idle -> x -> Discard; Idle -> [1] x [1] -> Discard;",
        "1a/b@c :: Idle; a/b/c -> 1a/b@c; x :: Idle(a\tb);",
        "a :: Idle(\u00e9\u00ff\u0001);",
    })
    void roundTrip(String text) {
        flat(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "a :: Idle;\n# 10 \"x.click\"\nb :: Idle; a -> b;",
        "elementclass W { input -> Counter -> output } Idle -> W -> W -> Discard;",
    })
    void flatFormWithLineDirectivesReadsBackTheSame(String text) {
        final ConfigResult r = load(text);
        final String withDirectives = Unparser.unparse(r.router(), true);
        final ConfigResult again = load(ElementCatalog.tools(), "flat", withDirectives, Map.of());
        assertFalse(again.hasErrors());
        assertEquals(Unparser.unparse(r.router()), Unparser.unparse(again.router()));
        // and the directives carry the original locations
        for (FlatRouter.Element e : r.router().elements()) {
            assertEquals(e.location().landmark(), again.router().element(e.name()).location().landmark());
        }
    }

    @Test
    void elementsWithoutALineKeepTheirPlaceName() {
        // tools make elements whose place is a name, such as <click-combine>: Click writes line 0
        final FlatRouter made = new FlatRouter(List.of(
                new FlatRouter.Element(0, "a", "Idle", "", new SourceLocation("x.click", 3, 1)),
                new FlatRouter.Element(1, "link1", "RouterLink", "", new SourceLocation("<click-combine>", 0, 0)),
                new FlatRouter.Element(2, "b", "Idle", "", SourceLocation.UNKNOWN)), List.of(), List.of());
        assertEquals("# 3 \"x.click\"\na :: Idle;\n# 0 \"<click-combine>\"\nlink1 :: RouterLink;\nb :: Idle;\n",
                Unparser.unparse(made, true));
        // and such a directive reads back as the same place
        final ConfigResult again = load(ElementCatalog.tools(), "flat", Unparser.unparse(made, true), Map.of());
        assertEquals("<click-combine>", again.router().element("link1").location().landmark());
    }
}
