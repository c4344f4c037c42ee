package org.jclick.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;

import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;
import org.jclick.lang.grammar.ClickLexer;
import org.junit.jupiter.api.Test;

/**
 * The lexer caches its start state. A semantic predicate first in a lexer rule keeps ANTLR from caching it, and every
 * token then recomputes it from the ATN: lexing a configuration was 5-10 times slower, a cost each cold start paid.
 */
class LexerStartStateTest {

    private static List<Token> lex(String text) {
        final ClickLexer lexer = new ClickLexer(CharStreams.fromString(text));
        final CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        assertNotNull(lexer.getInterpreter().decisionToDFA[ClickLexer.DEFAULT_MODE].s0,
                "the lexer's start state is not cached: is there a predicate first in a lexer rule?");
        return tokens.getTokens();
    }

    @Test
    void startStateIsCachedAndPredicatesStillDecide() {
        final List<Token> t = lex("# 3 \"f.click\"\na :: X(1) -> (b) ; c # d\n");
        // a '#' in column 0 starts a line directive, elsewhere it is an OTHER character
        assertEquals(ClickLexer.LINE_DIRECTIVE, t.get(0).getType());
        int others = 0;
        int configs = 0;
        int lparens = 0;
        for (Token k : t) {
            others += k.getType() == ClickLexer.OTHER ? 1 : 0;
            configs += k.getType() == ClickLexer.CONFIG ? 1 : 0;
            lparens += k.getType() == ClickLexer.LPAREN ? 1 : 0;
        }
        assertEquals(1, others);
        // '(' after an element class is a configuration string; after '->' it opens a group
        assertEquals(1, configs);
        assertEquals(1, lparens);
        final List<Token> open = lex("a :: X(1, (2)");
        assertEquals(ClickLexer.UNTERMINATED_CONFIG, open.get(open.size() - 2).getType());
    }
}
