package org.jclick.lang;

import static org.jclick.lang.Lang.CLOSED;
import static org.jclick.lang.Lang.clickErrors;
import static org.jclick.lang.Lang.load;
import static org.jclick.lang.Lang.richErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The exact text of every error: jclick's rich format (file:line:col, the source line, a caret) and Click's
 * format (file:line). Messages are Click's wording unless noted.
 */
class DiagnosticsTest {

    /** Checks both formats of the diagnostics of {@code text} (file "config", Click's tools' catalog). */
    private static void check(String text, String rich, String click) {
        check(ElementCatalog.tools(), text, rich, click);
    }

    private static void check(ElementCatalog catalog, String text, String rich, String click) {
        final ConfigResult r = load(catalog, "config", text, Map.of());
        assertEquals(rich, richErrors(r), "rich format");
        assertEquals(click, clickErrors(r), "Click's format");
    }

    @Test
    void syntaxErrorNear() {
        check("a :: Idle -> ;; b :: Idle", """
                config:1:11: syntax error near '->'
                  a :: Idle -> ;; b :: Idle
                            ^
                """, "config:1: syntax error near '->'\n");
        // Click's tools/lexer-09: a chain cannot start with '->' outside compounds and groups
        check("->Null;", """
                config:1:1: syntax error near '->'
                  ->Null;
                  ^
                """, "config:1: syntax error near '->'\n");
        check("a :: Idle;\nb :: Idle %;", """
                config:2:11: syntax error near '%'
                  b :: Idle %;
                            ^
                """, "config:2: syntax error near '%'\n");
    }

    @Test
    void unterminatedConfigurationString() {
        final String expectedClick = "config:2: unterminated configuration string: expected ')'\n";
        for (String tail : List.of("foo, \"bar", "foo (bar", "foo /* bar", "foo \\<12", "x 'y", "x \"\\")) {
            check("a :: Idle;\nb :: Idle(" + tail + "\n -> c :: Idle;", """
                    config:2:10: unterminated configuration string: expected ')'
                      b :: Idle(%s
                               ^
                    """.formatted(tail), expectedClick);
        }
    }

    @Test
    void unknownElementClassWithSuggestion() {
        check(CLOSED, "q :: Queu;", """
                config:1:6: unknown element class 'Queu'; did you mean 'Queue'?
                  q :: Queu;
                       ^
                """, "config:1: unknown element class 'Queu'; did you mean 'Queue'?\n");
        check(CLOSED, "q :: Zzzzzzzz;", """
                config:1:6: unknown element class 'Zzzzzzzz'
                  q :: Zzzzzzzz;
                       ^
                """, "config:1: unknown element class 'Zzzzzzzz'\n");
    }

    @Test
    void undeclaredElement() {
        check(CLOSED, "x -> y;", """
                config:1:1: undeclared element 'x'
                  x -> y;
                  ^
                config:1:6: undeclared element 'y'
                  x -> y;
                       ^
                """, "config:1: undeclared element 'x'\nconfig:1: undeclared element 'y'\n");
        check(CLOSED, "Idle -> Discrd;", """
                config:1:9: undeclared element 'Discrd' (or unknown element class; did you mean 'Discard'?)
                  Idle -> Discrd;
                          ^
                """, "config:1: undeclared element 'Discrd' (or unknown element class; did you mean 'Discard'?)\n");
    }

    @Test
    void classUsedAsElementName() {
        check(CLOSED, "Idle :: Queue;", """
                config:1:1: class 'Idle' used as element name
                  Idle :: Queue;
                  ^
                """, "config:1: class 'Idle' used as element name\n");
    }

    @Test
    void clickLexerTestClassUsedAsElementName() {
        // Click's tools/lexer-01: an unknown identifier used as a class in a compound stays a class
        assertEquals("config:5: class 'A' used as element name\n", clickErrors("""

                elementclass Foo {
                   A -> B;
                }
                A :: Idle;
                """));
        assertEquals("config:3: class 'A' used as element name\nconfig:5: class 'A' used as element name\n",
                clickErrors("""

                        elementclass Foo {
                           A :: A -> B;
                        }
                        A :: Idle;
                        """));
        assertEquals("", clickErrors("""

                elementclass Foo {
                   A :: AA -> B;
                }
                A :: Idle;
                """));
    }

    @Test
    void redeclarationOfElement() {
        check("a :: Idle;\na :: Queue;", """
                config:2:1: redeclaration of element 'a'
                  a :: Queue;
                  ^
                config:1:1: element 'a' previously declared here
                  a :: Idle;
                  ^
                """, "config:2: redeclaration of element 'a'\nconfig:1: element 'a' previously declared here\n");
    }

    @Test
    void configurationStringIgnoredOnReference() {
        check("a :: Idle; a(3) -> Discard;", """
                config:1:14: configuration string ignored on element reference
                  a :: Idle; a(3) -> Discard;
                               ^
                """, "config:1: configuration string ignored on element reference\n");
    }

    @Test
    void portNumberShouldBeInteger() {
        check("a :: Idle; a[x] -> Discard;", """
                config:1:14: syntax error: port number should be integer
                  a :: Idle; a[x] -> Discard;
                               ^
                """, "config:1: syntax error: port number should be integer\n");
    }

    @Test
    void manyToManyRequiresDoubleArrow() {
        // Click's tools/lexer-04 'C2.click'
        check("a, b, c, d :: Idle;\na [0,1,2] -> [0,1,2] b;", """
                config:2:11: syntax error: many-to-many connections require '=>'
                  a [0,1,2] -> [0,1,2] b;
                            ^
                """, "config:2: syntax error: many-to-many connections require '=>'\n");
    }

    @Test
    void connectionMismatch() {
        check("a,b :: Idle; a [0,1] => [0,1,2] b;", """
                config:1:22: connection mismatch: 2 outputs connected to 3 inputs
                  a,b :: Idle; a [0,1] => [0,1,2] b;
                                       ^
                """, "config:1: connection mismatch: 2 outputs connected to 3 inputs\n");
        check("a,b :: Idle; a [0,1,2,] => [0,1] b;", """
                config:1:25: connection mismatch: 3 or more outputs connected to 2 inputs
                  a,b :: Idle; a [0,1,2,] => [0,1] b;
                                          ^
                """, "config:1: connection mismatch: 3 or more outputs connected to 2 inputs\n");
        check("a,b :: Idle; a [0,1] => [0,1,2,] b;", """
                config:1:22: connection mismatch: 2 outputs connected to 3 or more inputs
                  a,b :: Idle; a [0,1] => [0,1,2,] b;
                                       ^
                """, "config:1: connection mismatch: 2 outputs connected to 3 or more inputs\n");
    }

    @Test
    void atMostOneExpandablePort() {
        check("c, d :: Idle; c [] => [] d;", """
                config:1:20: at most one expandable port allowed per connection
                  c, d :: Idle; c [] => [] d;
                                     ^
                """, "config:1: at most one expandable port allowed per connection\n");
    }

    @Test
    void clickLexerTestCommaConnectionErrors() {
        // Click's tools/lexer-04 'C.click'
        assertEquals("""
                C.click:2: connection mismatch: 2 outputs connected to 3 inputs
                C.click:3: at most one expandable port allowed per connection
                """, clickErrors(load(ElementCatalog.tools(), "C.click", """
                a, b, c, d :: Idle;
                a [0,1] => [0,1,2] b;
                c [] => [] d;
                """, Map.of())));
    }

    @Test
    void implicitPortsInTheMiddleOfAChain() {
        check("elementclass A { input -> x :: Idle -> output; x -> [1], y :: Idle -> Discard }", """
                config:1:53: implicit ports used in the middle of a chain
                  elementclass A { input -> x :: Idle -> output; x -> [1], y :: Idle -> Discard }
                                                                      ^
                config:1:18: 'A' pseudoelement 'output' may only be used as input
                  elementclass A { input -> x :: Idle -> output; x -> [1], y :: Idle -> Discard }
                                   ^
                """, """
                config:1: implicit ports used in the middle of a chain
                config:1: 'A' pseudoelement 'output' may only be used as input
                """);
    }

    @Test
    void strandedPorts() {
        check("a :: Idle; [0] -> a;", """
                config:1:12: stranded port ignored
                  a :: Idle; [0] -> a;
                             ^
                config:1:16: syntax error near '->'
                  a :: Idle; [0] -> a;
                                 ^
                """, "config:1: stranded port ignored\nconfig:1: syntax error near '->'\n");
        // inside a compound, a port list alone followed by '->' is not an implicit port in mid-chain
        assertEquals("config:1: stranded port ignored\nconfig:1: syntax error near '->'\n",
                clickErrors("elementclass A { input -> x :: Idle -> output; x -> [1] -> Idle }"));
        // in a list, it is dropped and the rest goes on
        final ConfigResult r = load("a :: Idle; a -> b :: Idle, [1] -> Discard;");
        assertEquals("config:1: stranded port ignored\n", clickErrors(r));
        assertEquals("""
                a :: Idle;
                b :: Idle;
                Discard@3 :: Discard;

                a -> b
                    -> Discard@3;
                """, Unparser.unparse(r.router()));
    }

    @Test
    void portsIgnoredAtTheEndsOfAChain() {
        check("a :: Idle;\n[1] a -> Idle;\na [1] -> Idle [2];", """
                config:2:1: input ports ignored at start of chain
                  [1] a -> Idle;
                  ^
                config:3:1: output ports ignored at end of chain
                  a [1] -> Idle [2];
                  ^
                """, """
                config:2: input ports ignored at start of chain
                config:3: output ports ignored at end of chain
                """);
    }

    @Test
    void pseudoElementMisuse() {
        check("elementclass A {\n input -> x :: Idle -> output; output -> Idle; Idle -> input }", """
                config:2:2: 'A' pseudoelement 'input' may only be used as output
                   input -> x :: Idle -> output; output -> Idle; Idle -> input }
                   ^
                config:2:2: 'A' pseudoelement 'output' may only be used as input
                   input -> x :: Idle -> output; output -> Idle; Idle -> input }
                   ^
                """, """
                config:2: 'A' pseudoelement 'input' may only be used as output
                config:2: 'A' pseudoelement 'output' may only be used as input
                """);
        check("elementclass A { input [1] -> x :: Idle -> [1] output }", """
                config:1:18: 'A' input 0 missing
                  elementclass A { input [1] -> x :: Idle -> [1] output }
                                   ^
                config:1:18: 'A' output 0 missing
                  elementclass A { input [1] -> x :: Idle -> [1] output }
                                   ^
                """, "config:1: 'A' input 0 missing\nconfig:1: 'A' output 0 missing\n");
    }

    @Test
    void compoundPortErrors() {
        check("elementclass F { $a | input -> Idle -> output }\nx :: F(1); Idle -> [1] x; x [2] -> Discard", """
                config:2:1: 'x' has no input 1
                  x :: F(1); Idle -> [1] x; x [2] -> Discard
                  ^
                config:2:1: 'x' has no output 2
                  x :: F(1); Idle -> [1] x; x [2] -> Discard
                  ^
                config:2:1: 'x' input 0 unused
                  x :: F(1); Idle -> [1] x; x [2] -> Discard
                  ^
                config:2:1: 'x' output 0 unused
                  x :: F(1); Idle -> [1] x; x [2] -> Discard
                  ^
                """, """
                config:2: 'x' has no input 1
                config:2: 'x' has no output 2
                config:2: 'x' input 0 unused
                config:2: 'x' output 0 unused
                """);
    }

    @Test
    void noMatchForCompound() {
        check("elementclass F { $a | input -> Idle -> output }\nF(1, 2) -> Discard", """
                config:2:1: no match for 'F[2 arguments, 0 inputs, 1 output]'
                  candidates are:
                    F(<arg>)[1 input, 1 output] (config:1)
                  F(1, 2) -> Discard
                  ^
                """, """
                config:2: no match for 'F[2 arguments, 0 inputs, 1 output]'
                  candidates are:
                    F(<arg>)[1 input, 1 output] (config:1)
                """);
        check("elementclass F { $a | input -> Idle -> output\n|| $a, $b | input -> Idle -> output }\n"
                + "Idle -> F -> Discard", """
                config:3:9: no match for 'F[1 input, 1 output]'
                  candidates are:
                    F(<arg>)[1 input, 1 output] (config:1)
                    F(<arg>, <arg>)[1 input, 1 output] (config:2)
                  Idle -> F -> Discard
                          ^
                """, """
                config:3: no match for 'F[1 input, 1 output]'
                  candidates are:
                    F(<arg>)[1 input, 1 output] (config:1)
                    F(<arg>, <arg>)[1 input, 1 output] (config:2)
                """);
    }

    @Test
    void formalErrors() {
        check("elementclass F { $a, $a | Idle }", """
                config:1:22: parameter '$a' multiply defined
                  elementclass F { $a, $a | Idle }
                                       ^
                """, "config:1: parameter '$a' multiply defined\n");
        check("elementclass F { A $a, A $b | Idle }", """
                config:1:24: repeated keyword parameter 'A' in compound element
                  elementclass F { A $a, A $b | Idle }
                                         ^
                """, "config:1: repeated keyword parameter 'A' in compound element\n");
        check("elementclass F { A $a, $b | Idle }", """
                config:1:24: compound element parameters out of order
                  (The correct order is '[positional], [keywords], [__REST__]'.)
                  elementclass F { A $a, $b | Idle }
                                         ^
                """, """
                config:1: compound element parameters out of order
                  (The correct order is '[positional], [keywords], [__REST__]'.)
                """);
        assertEquals("""
                config:1: compound element parameters out of order
                  (The correct order is '[positional], [keywords], [__REST__]'.)
                """, clickErrors("elementclass F { __REST__ $a, B $b | Idle }"));
    }

    @Test
    void defineErrors() {
        check("define(X 1);", """
                config:1:8: bad 'define' declaration: not a variable
                  define(X 1);
                         ^
                """, "config:1: bad 'define' declaration: not a variable\n");
        assertEquals("""
                config:1: bad 'define' declaration: not a variable
                config:1: bad 'define' declaration: not a variable
                """, clickErrors("define($ 2, $a-b 3);"));
        check("define($X 1);\ndefine($X 2);", """
                config:2:8: parameter '$X' multiply defined
                  define($X 2);
                         ^
                """, "config:2: parameter '$X' multiply defined\n");
    }

    @Test
    void requirementErrors() {
        check("require(package a b);", """
                config:1:1: syntax error at requirement
                  require(package a b);
                  ^
                """, "config:1: syntax error at requirement\n");
        assertEquals("""
                config:1: syntax error at requirement
                config:1: syntax error at requirement
                config:1: syntax error at requirement
                """, clickErrors("require(package, library, \"\");"));
        check("require(library nosuch.click);", """
                config:1:1: library 'nosuch.click' not found in CLICKPATH/conf
                  require(library nosuch.click);
                  ^
                """, "config:1: library 'nosuch.click' not found in CLICKPATH/conf\n");
        check("elementclass X {\n  require(library lib.click); Idle }", """
                config:2:3: 'require library' must be used at file scope
                    require(library lib.click); Idle }
                    ^
                """, "config:2: 'require library' must be used at file scope\n");
    }

    @Test
    void extensionErrors() {
        check("elementclass F { ... }", """
                config:1:18: '...' should occur last, after one or more compounds
                  elementclass F { ... }
                                   ^
                """, "config:1: '...' should occur last, after one or more compounds\n");
        check("elementclass F { Idle || ... || Print }", """
                config:1:26: '...' should occur last, after one or more compounds
                  elementclass F { Idle || ... || Print }
                                           ^
                """, "config:1: '...' should occur last, after one or more compounds\n");
        check(CLOSED, "elementclass G { input -> output || ... }", """
                config:1:37: cannot extend unknown element class 'G'
                  elementclass G { input -> output || ... }
                                                      ^
                """, "config:1: cannot extend unknown element class 'G'\n");
        assertEquals("config:1: cannot extend anonymous compound element class\n",
                clickErrors("x :: { input -> output || ... };"));
    }

    @Test
    void allDigitElementName() {
        check("12 :: Idle; a/34 :: Idle;", """
                config:1:1: element name '12' has all-digit component
                  12 :: Idle; a/34 :: Idle;
                  ^
                config:1:13: element name 'a/34' has all-digit component
                  12 :: Idle; a/34 :: Idle;
                              ^
                """, """
                config:1: element name '12' has all-digit component
                config:1: element name 'a/34' has all-digit component
                """);
    }

    @Test
    void recursiveElementClassInStrictMode() {
        check("elementclass A { input -> A -> output }", """
                config:1:27: recursive element class 'A': a compound cannot contain itself
                  elementclass A { input -> A -> output }
                                            ^
                """, "config:1: recursive element class 'A': a compound cannot contain itself\n");
        assertEquals("config:1: recursive element class 'A': a compound cannot contain itself\n",
                clickErrors("elementclass A { input -> x :: A -> output }"));
        // Click itself reads the inner A as a (primitive) class, as it does not know A yet
        final ConfigResult compatible = Lang.load(new ClickFrontEnd(ElementCatalog.tools(), List.of())
                .clickCompatible(), "config", "elementclass A { input -> A -> output }\nIdle -> A -> Discard",
                Map.of());
        assertEquals("", clickErrors(compatible));
        assertEquals("""
                Idle@1 :: Idle;
                Discard@3 :: Discard;
                A@2/A@1 :: A;

                Idle@1 -> A@2/A@1
                    -> Discard@3;
                """, Unparser.unparse(compatible.router()));
    }

    @Test
    void undefinedVariableWarning() {
        check("p :: Print($UNDEF);", """
                config:1:1: warning: undefined variable '$UNDEF' in the configuration of 'p :: Print' is left as written
                  p :: Print($UNDEF);
                  ^
                """, "config:1: warning: undefined variable '$UNDEF' in the configuration of 'p :: Print' "
                + "is left as written\n");
        final ConfigResult r = load("p :: Print($UNDEF);");
        assertTrue(!r.hasErrors(), "a warning is not an error");
        // Click-compatible: no warning; Script's variables are its own
        assertEquals("", clickErrors(Lang.load(new ClickFrontEnd(ElementCatalog.tools(), List.of())
                .clickCompatible(), "config", "p :: Print($UNDEF);", Map.of())));
        assertEquals("", clickErrors("s :: Script(set x 1, print $x);"));
    }

    @Test
    void unknownPreprocessorDirective() {
        check("#bogus\na :: Idle;", """
                config:1:1: unknown preprocessor directive
                  #bogus
                  ^
                """, "config:1: unknown preprocessor directive\n");
        // inside a configuration string the line is dropped (with its line break)
        final ConfigResult r = load("a :: Idle(1,\n#bogus\n2);");
        assertEquals("config:2: unknown preprocessor directive\n", clickErrors(r));
        assertEquals("1,\n2", r.router().element("a").config());
    }

    @Test
    void allErrorsOfAFileAreReported() {
        final ConfigResult r = load(CLOSED, "config", """
                q :: Queu;
                a :: Idle; a[x] -> Discard;
                b :: Idle;
                b :: Idle;
                """, Map.of());
        assertEquals("""
                config:1: unknown element class 'Queu'; did you mean 'Queue'?
                config:2: syntax error: port number should be integer
                config:4: redeclaration of element 'b'
                config:3: element 'b' previously declared here
                """, clickErrors(r));
        // syntax errors do not hide the semantic errors of the rest of the file
        assertEquals("""
                config:1: syntax error near '%'
                config:3: syntax error near '&'
                config:2: undeclared element 'x'
                """, clickErrors(load(CLOSED, "config", "a :: Idle %;\nx -> a;\nb :: Idle &;", Map.of())));
    }

    @Test
    void aBrokenChainGivesOneErrorNotAFollowOnCascade() {
        assertEquals("""
                config:2:16: syntax error near '%'
                  b :: Idle -> c % d;
                                 ^
                """, richErrors("a :: Idle;\nb :: Idle -> c % d;\n"));
    }

    @Test
    void aDeclarationWithoutATypeIsClicksMissingElementType() {
        // Click reports it once and takes the element's own name as its class; a '(' after '::' is the
        // configuration string, not a group
        assertEquals("""
                config:2:16: missing element type in declaration
                  b :: Idle -> c :: ;
                                 ^
                """, richErrors("a :: Idle;\nb :: Idle -> c :: ;\n"));
        assertEquals("config:1: missing element type in declaration\n", clickErrors("g :: (-> c :: Idle);"));
        final ConfigResult r = load("g :: (a);");
        assertEquals("g", r.router().element("g").className());
        assertEquals("a", r.router().element("g").config());
    }
}
