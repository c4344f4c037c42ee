package org.jclick.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The Click-compatible option parser and the {@code click} command line built on it. */
class ClpTest {

    private static List<Clp.Item> parse(String... args) {
        return new Clp("click", ClickDriverTool.OPTIONS, args, false).all();
    }

    private static ClickDriverTool.Settings settings(String... args) {
        final ByteArrayOutputStream sink = new ByteArrayOutputStream();
        return ClickDriverTool.parse("click", args, Streams.of(InputStream.nullInputStream(), sink, sink));
    }

    private static String parseError(String... args) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertNull(ClickDriverTool.parse("click", args, Streams.of(InputStream.nullInputStream(), out, err)));
        return err.toString(Streams.CHARSET);
    }

    @Test
    void bundledQuitAndOutputDash() {
        final ClickDriverTool.Settings s = settings("-qo-", "A.click");
        assertTrue(s.quit);
        assertEquals("-", s.output);
        assertEquals(ConfigInput.Kind.FILE, s.input.kind());
        assertEquals("A.click", s.input.landmark());
    }

    @Test
    void bundledQuitAndExpressionTakesNextWord() {
        final ClickDriverTool.Settings s = settings("-qe", "Idle -> Discard");
        assertTrue(s.quit);
        assertEquals(ConfigInput.Kind.EXPRESSION, s.input.kind());
        assertEquals("config", s.input.landmark());
        assertEquals("Idle -> Discard", s.input.text());
    }

    @Test
    void attachedValues() {
        final ClickDriverTool.Settings s = settings("-eIdle", "-o=out.click", "-j4");
        assertEquals("Idle", s.input.text());
        assertEquals("out.click", s.output);
        assertEquals(4, s.threads);
    }

    @Test
    void mandatoryValueMayStartWithDash() {
        final ClickDriverTool.Settings s = settings("-o", "-", "-e", "-x");
        assertEquals("-", s.output);
        assertEquals("-x", s.input.text());
    }

    @Test
    void bundledHandlerAfterFile() {
        final ClickDriverTool.Settings s = settings("SCRIPT", "-qh", "c.program");
        assertTrue(s.quit);
        assertEquals(List.of("c.program"), s.handlers);
        assertEquals("SCRIPT", s.input.landmark());
    }

    @Test
    void longOptionsWithValuesAndAbbreviations() {
        final ClickDriverTool.Settings s = settings("--threads=2", "--exp", "Idle", "--out", "x", "--handler=a.b",
                "--handler", "c.d");
        assertEquals(2, s.threads);
        assertEquals("Idle", s.input.text());
        assertEquals("x", s.output);
        assertEquals(List.of("a.b", "c.d"), s.handlers);
    }

    @Test
    void simtimeTakesAnOptionalValueOnlyAfterEquals() {
        final ClickDriverTool.Settings s = settings("--simtime", "CONFIG");
        assertNotNull(s.simtime);
        assertEquals("CONFIG", s.input.landmark());
        assertEquals(5.0, settings("--simtime=5", "-e", "").simtime);
    }

    @Test
    void warningsAndNegation() {
        assertFalse(settings("-w", "-e", "").warnings);
        assertFalse(settings("--no-warnings", "-e", "").warnings);
        assertTrue(settings("--no-warnings", "--warnings", "-e", "").warnings);
        assertTrue(settings("-R", "-e", "").allowReconfigure);
        assertFalse(settings("-R", "--no-allow-reconfigure", "-e", "").allowReconfigure);
    }

    @Test
    void definesAnywhereAndDashIsStdin() {
        final ClickDriverTool.Settings s = settings("N=10", "-", "X_1=a=b");
        assertEquals(ConfigInput.Kind.STDIN, s.input.kind());
        assertEquals("<stdin>", s.input.landmark());
        assertEquals("10", s.defines.get("N"));
        assertEquals("a=b", s.defines.get("X_1"));
        assertEquals(ConfigInput.Kind.STDIN, settings("-q").input.kind());
        // not a define: '=' first, or a character that is not a letter, digit or underscore
        assertEquals("a.b=c", settings("a.b=c").input.landmark());
        assertEquals("=x", settings("=x").input.landmark());
    }

    @Test
    void doubleDashEndsOptions() {
        final List<Clp.Item> items = parse("-q", "--", "-o", "--x");
        assertEquals(3, items.size());
        assertInstanceOf(Clp.Opt.class, items.get(0));
        assertEquals(new Clp.Arg("-o"), items.get(1));
        assertEquals(new Clp.Arg("--x"), items.get(2));
    }

    @Test
    void ports() {
        final ClickDriverTool.Settings s = settings("-p", "41900+", "-p", "80", "--port=www", "-q", "-e", "");
        assertEquals(List.of("41900+", "80", "www"), s.ports);
        assertTrue(parseError("-p", "99999").contains("expects a TCP port number"));
    }

    @Test
    void errorsReadLikeClp() {
        assertTrue(parseError("-Z").startsWith("click: unrecognized option '-Z'\nUsage: click [OPTION]... [ROUTERFILE]\n"));
        assertTrue(parseError("--bogus").startsWith("click: unrecognized option '--bogus'"));
        assertTrue(parseError("-e").startsWith("click: '-e' requires an argument"));
        assertTrue(parseError("--quit=1").startsWith("click: '--quit' can't take an argument"));
        assertTrue(parseError("--threads", "many").startsWith("click: '--threads' expects an integer, not 'many'"));
        assertTrue(parseError("--s").contains("is ambiguous"));
        assertTrue(parseError("A", "B").startsWith("router configuration specified twice\n"));
        assertTrue(parseError("-e", "x", "-f", "y").startsWith("router configuration specified twice\n"));
        assertTrue(parseError("-o", "a", "-o", "b").startsWith("output file specified twice\n"));
    }

    @Test
    void sameIdAbbreviationIsNotAmbiguous() {
        // click-flatten's --decls and --declarations are one option
        final List<Clp.Item> items = new Clp("click-flatten", ClickFlattenTool.OPTIONS, new String[] {"--dec"}, true).all();
        assertInstanceOf(Clp.Opt.class, items.get(0));
    }

    @Test
    void plusNegatesShortOptionsOnlyWhereEnabled() {
        final List<Clp.Item> flatten = new Clp("click-flatten", ClickFlattenTool.OPTIONS, new String[] {"+c"}, true).all();
        assertInstanceOf(Clp.Bad.class, flatten.get(0));           // -c is not negatable
        assertEquals(new Clp.Arg("+c"), parse("+c").get(0));       // click: '+' is an ordinary character
    }

    @Test
    void integers() {
        assertEquals(16L, Clp.parseInt("0x10"));
        assertEquals(8L, Clp.parseInt("010"));
        assertEquals(-3L, Clp.parseInt("-3"));
        assertNull(Clp.parseInt("3x"));
        assertNull(Clp.parseInt(""));
        assertNull(Clp.parseInt("--3"));
    }

    @Test
    void defines() {
        assertTrue(Clp.isDefine("A=1"));
        assertTrue(Clp.isDefine("a_b9="));
        assertFalse(Clp.isDefine("=1"));
        assertFalse(Clp.isDefine("dir/a=b.click"));
        assertFalse(Clp.isDefine("noequals"));
    }
}
