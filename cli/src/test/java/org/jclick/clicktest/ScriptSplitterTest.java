package org.jclick.clicktest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

class ScriptSplitterTest {

    private static List<String> texts(final String script) {
        final ScriptSplitter.Result result = ScriptSplitter.split(script, "F", 10);
        assertNull(result.error(), result.error());
        return result.commands().stream().map(ScriptCommand::text).toList();
    }

    private static List<Integer> lines(final String script) {
        return ScriptSplitter.split(script, "F", 10).commands().stream().map(ScriptCommand::line).toList();
    }

    @Test
    void oneCommandPerLine() {
        assertEquals(List.of("echo a", "false", "true"), texts("echo a\nfalse\n\ntrue\n"));
        assertEquals(List.of(10, 11, 13), lines("echo a\nfalse\n\ntrue\n"));
        assertEquals(List.of("echo a; echo b"), texts("echo a; echo b"));
    }

    @Test
    void commentLinesAreDropped() {
        assertEquals(List.of("echo a#b", "echo c # comment"), texts("# leading\necho a#b\n  # indented\necho c # comment\n"));
        assertEquals(List.of(11, 13), lines("# leading\necho a#b\n  # indented\necho c # comment\n"));
    }

    @Test
    void quotesSpanLines() {
        final String script = "click -e \"\nIdle -> Discard;\n\" -q\necho 'it''s\nfine'\necho \"a\\\"b\"\nnext\n";
        assertEquals(List.of("click -e \"\nIdle -> Discard;\n\" -q", "echo 'it''s\nfine'", "echo \"a\\\"b\"", "next"),
            texts(script));
        assertEquals(List.of(10, 13, 15, 16), lines(script));
    }

    @Test
    void continuations() {
        assertEquals(List.of("a \\\n  b", "c &&\n  d", "e ||\n\n f", "g |\n  h", "i"),
            texts("a \\\n  b\nc &&\n  d\ne ||\n\n f\ng |\n  h\ni\n"));
    }

    @Test
    void functionBodiesAndGroups() {
        final String script = """
            fix () {
            \tperl -e 'undef($/); $_ = <STDIN>; s/\\n    / /g; print;' | sort
            }
            { echo a
              echo b; } >OUT
            ( cd x
              ls )
            x=${HOME}
            """;
        assertEquals(List.of(
                "fix () {\n\tperl -e 'undef($/); $_ = <STDIN>; s/\\n    / /g; print;' | sort\n}",
                "{ echo a\n  echo b; } >OUT",
                "( cd x\n  ls )",
                "x=${HOME}"),
            texts(script));
        assertEquals(List.of(10, 13, 15, 17), lines(script));
    }

    @Test
    void compoundCommands() {
        final String script = """
            for rtable in A B; do
            \tclick -e "x :: $rtable()" || exit 1
            done
            if true
            then echo yes
            else echo no
            fi
            while ! [ -f RUNNING ]; do sleep 1; done
            case $x in
              a|b) echo ab ;;
              (c) echo c
                  ;;
              *) echo other
            esac
            echo done fi esac
            echo last
            """;
        assertEquals(List.of(10, 13, 17, 18, 24, 25), lines(script));
        assertEquals("echo done fi esac", texts(script).get(4));
    }

    @Test
    void commandSubstitution() {
        assertEquals(List.of("for i in $(seq 1\n 3); do\n echo $i\ndone", "x=`date\n`", "y=\"$(echo \")\")\""),
            texts("for i in $(seq 1\n 3); do\n echo $i\ndone\nx=`date\n`\ny=\"$(echo \")\")\"\n"));
    }

    @Test
    void hereDocuments() {
        final String script = "cat <<EOF >OUT\nline 1\n  if\nEOF\ncat <<-'END'\n\t$x\n\tEND\necho after\n";
        assertEquals(List.of("cat <<EOF >OUT\nline 1\n  if\nEOF", "cat <<-'END'\n\t$x\n\tEND", "echo after"),
            texts(script));
    }

    @Test
    void unmatchedQuotesAreReported() {
        assertEquals("unmatched single quote", ScriptSplitter.split("echo 'a\n", "F", 1).error());
        assertEquals("unmatched double quote", ScriptSplitter.split("echo \"a\n", "F", 1).error());
        assertEquals("unmatched backquote", ScriptSplitter.split("echo `a\n", "F", 1).error());
    }

    @Test
    void displayForm() {
        final ScriptCommand command = new ScriptCommand("  click -e \"\n\tIdle\" \u00e9  ", "F", 3);
        assertEquals("click -e \"^J^IIdle\" \\351", command.display());
        assertEquals("F:3", command.location());
        final ScriptCommand longCommand = new ScriptCommand("echo " + "x".repeat(60), "F", 1);
        assertEquals("echo " + "x".repeat(35) + "...", longCommand.display());
    }
}
