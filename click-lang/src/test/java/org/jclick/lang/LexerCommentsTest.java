package org.jclick.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.LexerATNSimulator;
import org.antlr.v4.runtime.atn.PredictionContextCache;
import org.antlr.v4.runtime.dfa.DFA;
import org.antlr.v4.runtime.dfa.DFAState;
import org.jclick.lang.grammar.ClickLexer;
import org.junit.jupiter.api.Test;

/**
 * Comments and line directives are skipped by hand, so the characters inside them add nothing to the lexer's DFA:
 * matched by the ATN, each distinct character in a comment cost a cold start one DFA edge computed from the ATN in
 * the interpreter. The tokens are the same as the ATN's were.
 */
class LexerCommentsTest {

    /** Every printable ASCII character but none that ends a comment early. */
    private static final String ALL_PRINTABLE;

    static {
        final StringBuilder b = new StringBuilder();
        for (char c = ' '; c < 127; c++) {
            b.append(c);
        }
        ALL_PRINTABLE = b.toString();
    }

    /** Lexes {@code text} with a DFA of its own; returns the tokens and puts the number of the DFA's edges in {@code size[0]}. */
    private static List<Token> lex(String text, int[] size) {
        final ClickLexer lexer = new ClickLexer(CharStreams.fromString(text));
        final DFA[] dfa = new DFA[ClickLexer._ATN.getNumberOfDecisions()];
        for (int i = 0; i < dfa.length; i++) {
            dfa[i] = new DFA(ClickLexer._ATN.getDecisionState(i), i);
        }
        lexer.setInterpreter(new LexerATNSimulator(lexer, ClickLexer._ATN, dfa, new PredictionContextCache()));
        final CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        int edges = 0;
        for (DFA d : dfa) {
            for (DFAState st : d.states.keySet()) {
                if (st.edges != null) {
                    for (DFAState e : st.edges) {
                        edges += e == null ? 0 : 1;
                    }
                }
            }
        }
        size[0] = edges;
        return tokens.getTokens();
    }

    @Test
    void commentCharactersAddNoDfaEdges() {
        final int[] small = new int[1];
        final int[] large = new int[1];
        lex("a //x\nb /*x*/ c\n#x\n", small);
        final String noStar = ALL_PRINTABLE.replace("*", "");
        lex("a //" + ALL_PRINTABLE + "\nb /*" + noStar + "*/ c\n#" + ALL_PRINTABLE + "\n", large);
        // the ATN-matched comments made one edge per distinct character in each: about 280 more here
        assertTrue(large[0] <= small[0] + 4, "DFA edges " + large[0] + " against " + small[0]);
    }

    /** The expected tokens are what the ATN-matched rules gave (checked against the grammar before the change). */
    @Test
    void commentAndDirectiveTokensAreUnchanged() {
        final int[] size = new int[1];
        final String text = "# 3 \"f.click\" //x\na // one ) ( \"\r\n/* two\n * /* ** */b /*/ three */c # not\n"
                + "//\n/**/d /* open";
        final List<Token> t = lex(text, size);
        final StringBuilder kinds = new StringBuilder();
        for (Token k : t) {
            kinds.append(ClickLexer.VOCABULARY.getSymbolicName(k.getType())).append(' ')
                    .append(k.getType() == Token.EOF ? "" : k.getText().replace("\n", "\\n").replace("\r", "\\r"))
                    .append(k.getChannel() == Token.HIDDEN_CHANNEL ? " (hidden)" : "")
                    .append(" @").append(k.getLine()).append(':').append(k.getCharPositionInLine()).append('\n');
        }
        assertEquals("""
                LINE_DIRECTIVE # 3 "f.click" //x (hidden) @1:0
                WS \\n (hidden) @1:17
                IDENT a @2:0
                WS   (hidden) @2:1
                LINE_COMMENT // one ) ( " (hidden) @2:2
                WS \\r\\n (hidden) @2:14
                BLOCK_COMMENT /* two\\n * /* ** */ (hidden) @3:0
                IDENT b @4:11
                WS   (hidden) @4:12
                BLOCK_COMMENT /*/ three */ (hidden) @4:13
                IDENT c @4:25
                WS   (hidden) @4:26
                OTHER # @4:27
                WS   (hidden) @4:28
                IDENT not @4:29
                WS \\n (hidden) @4:32
                LINE_COMMENT // (hidden) @5:0
                WS \\n (hidden) @5:2
                BLOCK_COMMENT /**/ (hidden) @6:0
                IDENT d @6:4
                WS   (hidden) @6:5
                BLOCK_COMMENT /* open (hidden) @6:6
                EOF  @6:13
                """, kinds.toString());
    }
}
