package org.jclick.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The {@code .clicktest} reader, the sh reader and the configuration extractor, on small made-up tests. */
class ClickTestExtractionTest {

    @Test
    void sectionsFilesAndExpectations() {
        final ClickTestFile t = ClickTestFile.parse("t", """
                #! shebang and comments before the first section are ignored
                %info
                Something.
                %script
                click CONFIG
                %file CONFIG
                a :: Idle;
                \\% not a section
                %file -d X Y
                 one
                 two
                %stdin
                from stdin
                %expect -w stderr
                CONFIG:1: oops
                %expect -a FOO
                A
                %expect -a FOO
                B
                %eof
                %file IGNORED
                """);
        assertEquals(List.of(), t.problems());
        assertEquals(1, t.scripts().size());
        assertEquals("click CONFIG\n", t.scripts().getFirst().text());
        assertEquals(5, t.scripts().getFirst().firstLine());
        assertEquals("a :: Idle;\n% not a section\n", t.files().get("CONFIG").text());
        assertEquals(7, t.files().get("CONFIG").firstLine());
        assertEquals("one\ntwo\n", t.files().get("X").text());
        assertEquals("one\ntwo\n", t.files().get("Y").text());
        assertEquals("from stdin\n", t.files().get("stdin").text());
        assertEquals("CONFIG:1: oops\n", t.expects().get("stderr").getFirst().text());
        assertEquals(2, t.expects().get("FOO").size());
        assertTrue(!t.files().containsKey("IGNORED"));
    }

    @Test
    void exactLengthAndBase64Files() {
        final ClickTestFile t = ClickTestFile.parse("t", "%file +3 A\nabc%file -e B\nYWJj\n%script\ntrue\n");
        assertEquals("abc", t.files().get("A").text());
        assertEquals("abc", t.files().get("B").text());
        assertEquals("true\n", t.scripts().getFirst().text());
    }

    @Test
    void badFileNamesAreProblems() {
        final ClickTestFile t = ClickTestFile.parse("t", "%file ../x\n%file a//b\n%bogus\n%script\ntrue\n");
        assertEquals(3, t.problems().size(), t.problems().toString());
    }

    @Test
    void shellQuotingAndVariables() {
        final ShellScript.Parsed p = ShellScript.parse(
                "$VALGRIND click -e \"a \\$x \\\"q\\\" \\\\ $y ${1}\" 'b $z' c\\ d # comment\n",
                1, Map.of("VALGRIND", ""));
        assertEquals(1, p.commands().size());
        final List<ShellScript.Word> w = p.commands().getFirst().words();
        assertEquals(List.of("click", "-e", "a $x \"q\" \\ $y ${1}", "b $z", "c d"),
                w.stream().map(ShellScript.Word::text).toList());
        assertEquals(List.of("y", "1"), w.get(2).unresolved());
        assertEquals(List.of(), w.get(3).unresolved());
    }

    @Test
    void shellSeparatorsRedirectionsAndSubstitutions() {
        final ShellScript.Parsed p = ShellScript.parse("""
                a 2>X || true; b < IN | c >>OUT 1>&2
                d="`which click-install`" && $SUDO "`which click-install`" K
                x=`click -e 'Q'`
                """, 10, Map.of());
        final List<ShellScript.Command> c = p.commands();
        assertEquals(List.of("a", "true", "b", "c", "d=click-install", "$SUDO", "x=`click -e 'Q'`"),
                c.stream().map(cmd -> cmd.words().getFirst().text()).toList());
        assertEquals("X", c.get(0).redirects().getFirst().target().text());
        assertEquals("<", c.get(2).redirects().getFirst().op());
        assertTrue(c.get(3).stdinFromPipe());
        assertEquals(List.of(">>", ">&"), c.get(3).redirects().stream().map(ShellScript.Redirect::op).toList());
        assertEquals(List.of("$SUDO", "click-install", "K"),
                c.get(5).words().stream().map(ShellScript.Word::text).toList());
        assertTrue(c.get(5).words().getFirst().onlyVariable());
        assertEquals(1, p.nested().size());
        assertEquals("click -e 'Q'", p.nested().getFirst().text());
        assertEquals(12, p.nested().getFirst().line());
    }

    @Test
    void extractsInlineFileAndStdinConfigurations() {
        final ClickTestFile t = ClickTestFile.parse("t", """
                %script
                usleep () { click -e "DriverManager(wait ${1}us)"; }
                $VALGRIND click --simtime -qe 'Idle -> Discard' -h x.y
                click -q CONFIG N=5 < DATA
                click-flatten -o/dev/null CONFIG
                click < S
                click
                cat X | click
                click GENERATED
                click-xform -p PAT CONFIG
                /bin/sh RUN
                %file CONFIG
                a :: Idle;
                %file S
                s :: Idle;
                %file stdin
                i :: Idle;
                %file PAT
                p :: Idle;
                %file RUN
                click -e "r :: Idle"
                %file DATA
                not a config
                """);
        final EmbeddedConfigs.Result r = EmbeddedConfigs.extract(t);
        assertEquals(List.of("-e@2", "-e@3", "CONFIG {N=5}", "CONFIG", "<S", "stdin", "PAT", "RUN:-e@1"),
                r.configs().stream().map(EmbeddedConfigs.Config::label).toList());
        final EmbeddedConfigs.Config usleep = r.configs().getFirst();
        assertEquals("DriverManager(wait ${1}us)", usleep.text());
        assertEquals(List.of("1"), usleep.shellVariables());
        assertEquals("Idle -> Discard", r.configs().get(1).text());
        assertEquals(Map.of("N", "5"), r.configs().get(2).defines());
        assertEquals("click-flatten", r.configs().get(3).tool());
        assertEquals(EmbeddedConfigs.Kind.STDIN, r.configs().get(4).kind());
        assertEquals("r :: Idle", r.configs().getLast().text());
        assertEquals(2, r.skipped().size(), r.skipped().toString()); // the pipe and GENERATED
    }

    @Test
    void aFileTheScriptOverwritesIsNotItsConfiguration() {
        final ClickTestFile t = ClickTestFile.parse("t", """
                %script
                click-combine -n A -f AI A.x=A.y > C
                click-uncombine C A | click-flatten
                %file AI
                a :: Idle;
                %file C
                """);
        final EmbeddedConfigs.Result r = EmbeddedConfigs.extract(t);
        assertEquals(List.of("AI"), r.configs().stream().map(EmbeddedConfigs.Config::label).toList());
        assertEquals(2, r.skipped().size(), r.skipped().toString());
    }
}
