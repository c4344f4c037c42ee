package org.jclick.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bad IPFilter, IPClassifier or Classifier rule: {@code jclick check} and {@code jclick run} point at the
 * offending word ({@code file:line:col: While configuring 'x :: C': pattern N: ... 'word'}, the source line, a
 * caret), while the Click-compatible {@code click} keeps Click's format ({@code file:line: While configuring} and
 * the indented {@code pattern N:} lines).
 */
class RuleErrorsTest {

    @TempDir
    Path dir;

    private String write(String name, String text) throws IOException {
        final Path p = dir.resolve(name);
        Files.writeString(p, text, Streams.CHARSET);
        return p.toString();
    }

    private static final String FILTER = """
            // a firewall with a typo in rule 1
            fw :: IPFilter(allow tcp dst port 80,
                           1     src host 10.0.0.1 && tcp dst prot 22,
                           deny  all);
            Idle -> fw;
            fw[0] -> Discard;
            fw[1] -> Discard;
            """;

    /** Click's warning about rule 1 keeps Click's form; the errors point at 'prot' (line 3, column 51). */
    private static String filterRich(String f) {
        final String line = "                 1     src host 10.0.0.1 && tcp dst prot 22,\n";
        final String caret = " ".repeat(52) + "^\n";
        return f + ":2: While configuring 'fw :: IPFilter':\n"
                + "  warning: pattern 1: 'src' or 'dst' is meaningless here\n"
                + f + ":3:51: While configuring 'fw :: IPFilter': pattern 1: empty term near 'prot'\n" + line + caret
                + f + ":3:51: While configuring 'fw :: IPFilter': pattern 1: garbage after expression at 'prot'\n"
                + line + caret;
    }

    @Test
    void checkPointsAtTheOffendingWord() throws IOException {
        final String f = write("fw.click", FILTER);
        final Run r = Run.of("check", f);
        assertEquals(1, r.status());
        assertEquals("", r.out());
        assertEquals(filterRich(f), r.errWithoutNotice());
    }

    @Test
    void checkWithoutWarnings() throws IOException {
        final String f = write("fw.click", FILTER);
        final Run r = Run.of("check", "-w", f);
        assertEquals(1, r.status());
        final String rich = filterRich(f);
        assertEquals(rich.substring(rich.indexOf(f + ":3:51:")), r.errWithoutNotice());
        final String ok = write("ok.click", "c :: IPClassifier(tcp, tcp, -);\n"
                + "Idle -> c; c[0] -> Discard; c[1] -> Discard; c[2] -> Discard;\n");
        final Run quiet = Run.of("check", "-w", ok);
        assertEquals(0, quiet.status());
        assertEquals("", quiet.errWithoutNotice());
        final Run warned = Run.of("check", ok);
        assertEquals(0, warned.status());
        assertEquals(ok + ":1: While configuring 'c :: IPClassifier':\n"
                + "  warning: output 1 matches no packets\n", warned.errWithoutNotice());
    }

    @Test
    void runPointsAtTheOffendingWord() throws IOException {
        final String f = write("fw.click", FILTER);
        final Run r = Run.of("run", "--quit", f);
        assertEquals(1, r.status());
        assertEquals(filterRich(f) + "jclick: router could not be initialized\n", r.errWithoutNotice());
    }

    @Test
    void clickKeepsClicksFormat() throws IOException {
        final String f = write("fw.click", FILTER);
        final Run r = Run.of("click", "-q", f);
        assertEquals(1, r.status());
        assertEquals(f + ":2: While configuring 'fw :: IPFilter':\n"
                + "  warning: pattern 1: 'src' or 'dst' is meaningless here\n"
                + "  pattern 1: empty term near 'prot'\n"
                + "  pattern 1: garbage after expression at 'prot'\n"
                + "Router could not be initialized!\n", r.errWithoutNotice());
    }

    @Test
    void ipClassifierRuleOnOneLine() throws IOException {
        final String f = write("c.click", "c :: IPClassifier(tcp, udp port bogus, -);\n"
                + "Idle -> c; c[0] -> Discard; c[1] -> Discard; c[2] -> Discard;\n");
        final Run r = Run.of("check", f);
        assertEquals(1, r.status());
        final String line = "  c :: IPClassifier(tcp, udp port bogus, -);\n";
        assertEquals(f + ":1:28: While configuring 'c :: IPClassifier': pattern 1: port number missing in 'port'"
                + " directive\n" + line + "                             ^\n"
                + f + ":1:33: While configuring 'c :: IPClassifier': pattern 1: empty term near 'bogus'\n"
                + line + "                                  ^\n"
                + f + ":1:33: While configuring 'c :: IPClassifier': pattern 1: garbage after expression at"
                + " 'bogus'\n" + line + "                                  ^\n", r.errWithoutNotice());
    }

    @Test
    void classifierRuleWithoutAQuotedWordPointsAtTheRule() throws IOException {
        final String f = write("e.click", "Idle -> eth :: Classifier(12/0800,\n"
                + "    // the second rule\n"
                + "    12/08x6, -);\neth[0] -> Discard; eth[1] -> Discard; eth[2] -> Discard;\n");
        final Run r = Run.of("check", f);
        assertEquals(1, r.status());
        assertEquals(f + ":3:5: While configuring 'eth :: Classifier': pattern 1: expected a digit\n"
                + "      12/08x6, -);\n"
                + "      ^\n", r.errWithoutNotice());
    }

    @Test
    void aRuleInsideAnExpandedCompoundHasNoColumn() throws IOException {
        final String f = write("k.click", "elementclass F { $p | input -> fw :: IPFilter(allow $p) -> output }\n"
                + "Idle -> F(tcp dst prot 22) -> Discard;\n");
        final Run r = Run.of("check", f);
        assertEquals(1, r.status());
        assertEquals(f + ":1: While configuring 'F@2/fw :: IPFilter':\n"
                + "  warning: pattern 0: 'src' or 'dst' is meaningless here\n"
                + "  pattern 0: empty term near 'prot'\n"
                + "  pattern 0: garbage after expression at 'prot'\n", r.errWithoutNotice());
    }
}
