package org.jclick.lang;

import static org.jclick.lang.Lang.clickErrors;
import static org.jclick.lang.Lang.flat;
import static org.jclick.lang.Lang.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Comments, line directives, identifiers, and configuration strings kept raw. */
class LexicalTest {

    private static String configOf(String text, String element) {
        final ConfigResult r = load(text);
        assertEquals("", clickErrors(r));
        return r.router().element(element).config();
    }

    @Test
    void commentsAreIgnored() {
        assertEquals("""
                a :: Idle;
                b :: Idle;

                a -> b;
                """, flat("a :: Idle; // a comment ( with -> b; inside\n/* block\n comment */ b /* x */ :: Idle;"
                + "\na /* ; */ -> // line\n b;"));
    }

    @Test
    void commentsInsideConfigurationStringsAreKeptRaw() {
        assertEquals("1 /* ) */, 2 // )\n", configOf("a :: Idle(1 /* ) */, 2 // )\n);", "a"));
    }

    @Test
    void configurationStringsAreKeptRaw() {
        assertEquals("f(x) (g(h)), \"q)\" 'r)'", configOf("a :: Idle(f(x) (g(h)), \"q)\" 'r)');", "a"));
        assertEquals("\\<0a 0b /* > */ 0c>, x", configOf("a :: Idle(\\<0a 0b /* > */ 0c>, x);", "a"));
        assertEquals("\"\\\\\"", configOf("m :: Message(\"\\\\\");", "m"));
        assertEquals("\"a \\\" ) b\"", configOf("m :: Message(\"a \\\" ) b\");", "m"));
        assertEquals("\n  multi\n  line\n", configOf("m :: Message(\n  multi\n  line\n);", "m"));
    }

    @Test
    void clickLexerTestBackslashQuoting() {
        // Click's tools/lexer-07
        assertEquals("m :: Message(\"\\\\\");\n", flat("m :: Message(\"\\\\\");"));
    }

    @Test
    void deeplyNestedParenthesesInsideAConfigurationString() {
        final String nested = "(".repeat(300) + "x" + ")".repeat(300);
        assertEquals(nested, configOf("a :: Idle(" + nested + ");", "a"));
    }

    @Test
    void identifiers() {
        assertEquals("""
                1a/b@c :: Idle;
                x_y :: Idle;
                a@b :: Idle;
                """, flat("1a/b@c :: Idle; x_y :: Idle; a@b :: Idle;"));
        // a '/' that is not followed by a word character ends the identifier
        assertEquals("config:1: syntax error near '/'\n", clickErrors("a/ :: Idle;"));
    }

    @Test
    void lineDirectivesChangeLocations() {
        final ConfigResult r = load("""
                a :: Idle;
                # 100 "foo.click"
                b :: Idle -> c :: Idle(1,
                # 200 "bar.click"
                  2);
                d :: Idle;
                #line 5
                e :: Idle;
                # 7 ""
                f :: Idle;
                """);
        assertEquals("", clickErrors(r));
        final FlatRouter router = r.router();
        assertEquals(new SourceLocation("config", 1, 1), router.element("a").location());
        assertEquals(new SourceLocation("foo.click", 100, 1), router.element("b").location());
        assertEquals(new SourceLocation("foo.click", 100, 14), router.element("c").location());
        assertEquals(new SourceLocation("bar.click", 201, 1), router.element("d").location());
        assertEquals(new SourceLocation("bar.click", 5, 1), router.element("e").location());
        // an empty file name goes back to the file's own name
        assertEquals(new SourceLocation("config", 7, 1), router.element("f").location());
        // the directive inside the configuration string is removed from it, its line break kept
        assertEquals("1,\n\n  2", router.element("c").config());
    }

    @Test
    void lineDirectivesChangeDiagnosticLocations() {
        // Click's tools/lexer-08 moves m2 to foobar.click:101 through a directive inside m's configuration
        final ConfigResult r = load("m :: Message(\n# 100 \"foobar.click\"\n\"test\");\nm2 :: Message(\"test2\");\n"
                + "m2 :: Idle;");
        assertEquals(new SourceLocation("config", 1, 1), r.router().element("m").location());
        assertEquals(new SourceLocation("foobar.click", 101, 1), r.router().element("m2").location());
        assertEquals("\n\n\"test\"", r.router().element("m").config());
        assertEquals("""
                foobar.click:102: redeclaration of element 'm2'
                foobar.click:101: element 'm2' previously declared here
                """, clickErrors(r));
        // no source line for a file we do not have
        assertEquals("foobar.click:102:1: redeclaration of element 'm2'\n",
                DiagnosticFormatter.rich(r.diagnostics().get(0), r.sources()));
    }

    @Test
    void hashNotAtLineStartIsNotADirective() {
        assertEquals("1,\n   # not a directive\n   2", configOf("e :: Idle(1,\n   # not a directive\n   2);", "e"));
        assertEquals("config:2: syntax error near '#'\n", clickErrors("a :: Idle;\n  # 5\n"));
    }

    @Test
    void hashInsideAQuotedStringIsNotADirective() {
        assertEquals("\"x\n# 5 \"", configOf("e :: Idle(\"x\n# 5 \");\nf :: Idle;", "e"));
        assertEquals(3, load("e :: Idle(\"x\n# 5 \");\nf :: Idle;").router().element("f").location().line());
    }

    @Test
    void crLfLineEnds() {
        final ConfigResult r = load("a :: Idle;\r\nb :: Idle(1,\r\n 2);\r\nc :: Idle;\r\n");
        assertEquals("", clickErrors(r));
        assertEquals(4, r.router().element("c").location().line());
        assertEquals("1,\r\n 2", r.router().element("b").config());
    }

    @Test
    void unparserWithLineDirectives() {
        final ConfigResult r = load("a :: Idle;\n# 10 \"x.click\"\nb :: Idle; a -> b;");
        assertEquals("""
                # 1 "config"
                a :: Idle;
                # 10 "x.click"
                b :: Idle;

                # 7 ""
                a -> b;
                """, Unparser.unparse(r.router(), true));
    }

    @Test
    void parseOnlyBuildsTheAst() {
        final List<Diagnostic> diagnostics = new java.util.ArrayList<>();
        final org.jclick.lang.ast.Ast.Program p = ClickFrontEnd.parse("f", "a :: Idle -> [1] b; elementclass C {}",
                diagnostics);
        assertEquals(List.of(), diagnostics);
        // the connection, the empty statement ';', the class
        assertEquals(3, p.statements().size());
        final var conn = (org.jclick.lang.ast.Ast.Connection) p.statements().get(0);
        assertEquals(1, conn.connectors().size());
        final var named = (org.jclick.lang.ast.Ast.Named) conn.lists().get(0).elements().get(0).body();
        assertEquals("a", named.name());
        assertEquals(new SourceLocation("f", 1, 1), named.location());
        assertNull(named.config());
    }

    @Test
    void emptyInput() {
        assertEquals("", flat(""));
        assertEquals("", flat("  // nothing\n;;\n"));
    }
}
