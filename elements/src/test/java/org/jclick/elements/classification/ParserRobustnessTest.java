package org.jclick.elements.classification;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.jclick.dataplane.args.ArgContext;
import org.junit.jupiter.api.Test;

/** Random word soup never makes the parsers or the compiler throw: it parses, or it reports errors. */
class ParserRobustnessTest
{
    private static final String[] VOCABULARY = {
        "src", "dst", "dest", "and", "or", "not", "!", "&&", "||", "(", ")", "[", "]", ":", ",", "?", "&", "|",
        "=", "==", "!=", "<", ">", "<=", ">=", "host", "net", "port", "proto", "ip", "ether", "tcp", "udp", "icmp",
        "tcpudp", "transp", "opt", "win", "type", "vers", "hl", "id", "tos", "dscp", "ttl", "len", "frag", "unfrag",
        "ect", "ce", "syn", "ack", "echo", "www", "domain", "true", "false", "-", "any", "all", "mask", "0", "1",
        "80", "65535", "65536", "0x10", "4294967295", "4294967296", "10.0.0.1", "10.0.0.0/8", "1.2.3.4/33",
        "0:1:2:3:4:5", "2:4", "0,3", "foo", "",
    };

    @Test
    void ipFilterWordSoup()
    {
        final Random r = new Random(7);
        for (int round = 0; round < 20_000; round++)
        {
            final List<String> words = new ArrayList<>();
            final int n = 1 + r.nextInt(9);
            for (int i = 0; i < n; i++)
            {
                final String w = VOCABULARY[r.nextInt(VOCABULARY.length)];
                if (!w.isEmpty())
                {
                    words.add(w);
                }
            }
            final List<String> errors = new ArrayList<>();
            final List<String> warnings = new ArrayList<>();
            try
            {
                final Expr e = IPFilterParser.parseExpression(words, ArgContext.EMPTY, "pattern 0: ", errors, warnings);
                assertTrue(e != null || !errors.isEmpty(), String.join(" ", words));
                if (e != null)
                {
                    ProgramCompiler.compile(ClassifierProgram.Layout.IP, List.of(new Expr.Rule(e, 0))).unparse();
                }
            }
            catch (final RuntimeException ex)
            {
                throw new AssertionError("'" + String.join(" ", words) + "' threw " + ex, ex);
            }
        }
    }

    @Test
    void classifierCharacterSoup()
    {
        final Random r = new Random(8);
        final String alphabet = "0123456789abcdefABCDEF?/%! -x";
        for (int round = 0; round < 20_000; round++)
        {
            final StringBuilder sb = new StringBuilder();
            final int n = r.nextInt(16);
            for (int i = 0; i < n; i++)
            {
                sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            final List<String> errors = new ArrayList<>();
            try
            {
                final Expr e = ClassifierPatternParser.parse(sb.toString(), 0, errors);
                assertTrue(e != null || !errors.isEmpty(), sb.toString());
                if (e != null)
                {
                    ProgramCompiler.compile(ClassifierProgram.Layout.DATA, List.of(new Expr.Rule(e, 0))).unparse();
                }
            }
            catch (final RuntimeException ex)
            {
                throw new AssertionError("'" + sb + "' threw " + ex, ex);
            }
        }
    }
}
