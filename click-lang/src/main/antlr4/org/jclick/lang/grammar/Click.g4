/*
 * The Click configuration language, as Click 2.1's lexer and parser accept it, plus FastClick's '~>'.
 *
 * Lexical structure (Click's lib/lexer.cc is the reference for the facts; this grammar is our own):
 *  - identifiers: letters, digits, '_' and '@', with inner '/' when a word character follows it
 *    ("a/b" is one identifier, "a/" or "a//c" are not); identifiers may start with a digit;
 *  - '$name' is a variable (compound formals and define), '::', '->', '=>', '~>', '||', '...';
 *  - line and block comments; '# LINE "FILE"' line directives only at the start of a line;
 *  - a configuration string is the raw text between '(' and its matching ')' that follows an element
 *    name or class, 'require', 'define' or 'provide'. Inside it, parentheses nest; "..." (with '\'
 *    escapes and '\<hex>' blobs), '...' quotes, comments, '\<hex>' blobs and '#' directive lines are
 *    skipped as units, so a ')' inside them does not end the string. It is scanned by hand (scanConfig),
 *    in linear time and without recursion, however deeply its parentheses nest. Any other '(' opens an
 *    element group.
 */
grammar Click;

@lexer::members {
    /** The kind of the last token on the default channel, or -1. */
    private int lastKind = -1;
    /** The kind of the token before that. */
    private int lastKind2 = -1;
    /** For each open '{': true when it opened an anonymous compound (whose '}' may be followed by a config). */
    private final java.util.ArrayDeque<Boolean> braceIsAnonymous = new java.util.ArrayDeque<>();
    /** True right after the '}' closing an anonymous compound class. */
    private boolean afterAnonymousClose = false;

    /**
     * Scans the rest of a configuration string, its '(' already matched, up to and including the matching
     * ')', as Click's lexer does. At the end of the input the string is unterminated: the token becomes
     * UNTERMINATED_CONFIG (the AST builder reports it) and holds the rest of the input.
     */
    private void scanConfig() {
        int depth = 1;
        int previous = '(';
        while (true) {
            final int c = _input.LA(1);
            if (c == EOF) {
                setType(UNTERMINATED_CONFIG);
                return;
            }
            getInterpreter().consume(_input);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (--depth == 0) {
                    return;
                }
            } else if (c == '#' && (previous == '\n' || previous == '\r')) {
                skipToEndOfLine();                  // a line directive
            } else if (c == '/' && _input.LA(1) == '/') {
                skipToEndOfLine();
            } else if (c == '/' && _input.LA(1) == '*') {
                getInterpreter().consume(_input);
                skipBlockComment();
            } else if (c == '\'') {
                while (_input.LA(1) != EOF && _input.LA(1) != '\'') {
                    getInterpreter().consume(_input);
                }
                consumeIf('\'');
            } else if (c == '"') {
                skipDoubleQuoted();
            } else if (c == '\\' && _input.LA(1) == '<') {
                getInterpreter().consume(_input);
                skipBackslashAngle();
            }
            previous = c;
        }
    }

    private void consumeIf(int c) {
        if (_input.LA(1) == c) {
            getInterpreter().consume(_input);
        }
    }

    private void skipToEndOfLine() {
        while (_input.LA(1) != EOF && _input.LA(1) != '\n' && _input.LA(1) != '\r') {
            getInterpreter().consume(_input);
        }
    }

    /** After its '/' '*': up to and including the closing '*' '/'. */
    private void skipBlockComment() {
        while (_input.LA(1) != EOF) {
            final int c = _input.LA(1);
            getInterpreter().consume(_input);
            if (c == '*' && _input.LA(1) == '/') {
                getInterpreter().consume(_input);
                return;
            }
        }
    }

    /** After its '"': up to and including the closing '"'; backslash escapes, '\<hex>' blobs. */
    private void skipDoubleQuoted() {
        while (_input.LA(1) != EOF) {
            final int c = _input.LA(1);
            getInterpreter().consume(_input);
            if (c == '"') {
                return;
            } else if (c == '\\' && _input.LA(1) == '<') {
                getInterpreter().consume(_input);
                skipBackslashAngle();
            } else if (c == '\\' && _input.LA(1) != EOF) {
                getInterpreter().consume(_input);
            }
        }
    }

    /** After its backslash and '<': up to and including the '>'; comments inside are skipped. */
    private void skipBackslashAngle() {
        while (_input.LA(1) != EOF) {
            final int c = _input.LA(1);
            getInterpreter().consume(_input);
            if (c == '>') {
                return;
            } else if (c == '/' && _input.LA(1) == '/') {
                skipToEndOfLine();
            } else if (c == '/' && _input.LA(1) == '*') {
                getInterpreter().consume(_input);
                skipBlockComment();
            }
        }
    }

    /** A '(' starts a configuration string after an identifier, an anonymous class, or a directive keyword. */
    private boolean configAllowed() {
        // after '::' too: 'g :: (...)' is Click's "missing element type" with a configuration string
        return lastKind == IDENT || lastKind == REQUIRE || lastKind == DEFINE || lastKind == PROVIDE
            || lastKind == DCOLON
            || (lastKind == RBRACE && afterAnonymousClose);
    }

    @Override
    public void emit(org.antlr.v4.runtime.Token token) {
        super.emit(token);
        if (token.getChannel() != org.antlr.v4.runtime.Token.DEFAULT_CHANNEL) {
            return;
        }
        final int kind = token.getType();
        boolean closeAnon = false;
        if (kind == LBRACE) {
            braceIsAnonymous.push(!(lastKind == IDENT && lastKind2 == ELEMENTCLASS));
        } else if (kind == RBRACE) {
            closeAnon = braceIsAnonymous.isEmpty() ? false : braceIsAnonymous.pop();
        }
        afterAnonymousClose = closeAnon;
        lastKind2 = lastKind;
        lastKind = kind;
    }
}

// ---------------------------------------------------------------------------------------------------
// Parser
// ---------------------------------------------------------------------------------------------------

config
    : statement* EOF
    ;

statement
    : connection                                   # connectionStatement
    | ELEMENTCLASS IDENT classBody                 # elementclassStatement
    | ELEMENTCLASS IDENT synonym=IDENT             # synonymStatement
    | REQUIRE CONFIG                               # requireStatement
    | PROVIDE CONFIG                               # provideStatement
    | DEFINE CONFIG                                # defineStatement
    | SEMI                                         # emptyStatement
    ;

/**
 * '{' alternative ('||' alternative)* ('||' '...')? '}' : a compound class with overloads. A '...' that is
 * not last, or not after an alternative, is accepted here and reported by the AST builder in Click's words.
 */
classBody
    : LBRACE classItem (DBAR classItem)* RBRACE
    ;

classItem
    : DOTS
    | compoundAlternative
    ;

compoundAlternative
    : formals? statement*
    ;

formals
    : formal (COMMA formal)* BAR
    | BAR
    ;

formal
    : keyword=IDENT? VARIABLE
    ;

/**
 * A chain of element lists joined by connectors. Any list may be missing: inside a compound or group, a
 * missing list at either end stands for the implicit 'input' or 'output' pseudo-element.
 */
connection
    : elementList (connector elementList?)*
    | (connector elementList?)+
    ;

connector
    : ARROW
    | DARROW
    | TARROW
    ;

elementList
    : element (COMMA element)*
    ;

element
    : inPorts=ports? elementBody outPorts=ports?
    | inPorts=ports
    ;

elementBody
    : IDENT (DCOLON classRef?)? CONFIG?            # namedElement
    | classBody CONFIG?                            # anonymousClassElement
    | LPAREN statement* RPAREN                     # groupElement
    ;

classRef
    : IDENT
    | classBody
    ;

ports
    : LBRACK (port (COMMA port)* COMMA?)? RBRACK
    ;

port
    : IDENT
    ;

// ---------------------------------------------------------------------------------------------------
// Lexer
// ---------------------------------------------------------------------------------------------------

// No predicate stands first in a rule: ANTLR evaluates such a predicate while it computes the lexer's start state,
// and then never caches that state, so every token would compute it again from the ATN (several times slower,
// which a cold start pays in full). A predicate after the first character only keeps the lexer from caching the
// transition on that character. When ANTLR evaluates it, the character before it has been consumed.

// The bodies of comments and line directives are skipped by hand (skipToEndOfLine, skipBlockComment), as
// configuration strings are: matched by the ATN, each distinct character inside them cost the lexer a DFA edge
// computed from the ATN, in the interpreter, on every cold start (comments are most of a documented
// configuration's text). The tokens are the same: '#' directive lines and '//' comments up to the end of the
// line, '/*' comments up to the first '*/' or the end of the input.

/** '#' in the first column (the predicate runs with the '#' consumed, so the column is then 1). */
LINE_DIRECTIVE
    : '#' {getCharPositionInLine() == 1}? { skipToEndOfLine(); } -> channel(HIDDEN)
    ;

LINE_COMMENT
    : '//' { skipToEndOfLine(); } -> channel(HIDDEN)
    ;

BLOCK_COMMENT
    : '/*' { skipBlockComment(); } -> channel(HIDDEN)
    ;

WS
    : [ \t\r\n\f\u000B]+ -> channel(HIDDEN)
    ;

/** A configuration string, '(' to its matching ')': see scanConfig. */
CONFIG
    : '(' {configAllowed()}? { scanConfig(); }
    ;

/** Never matched by itself: the type scanConfig gives a configuration string that has no ')'. */
UNTERMINATED_CONFIG
    : '(' {false}?
    ;

ELEMENTCLASS : 'elementclass' ;
REQUIRE      : 'require' ;
PROVIDE      : 'provide' ;
DEFINE       : 'define' ;

IDENT
    : WordChar+ ('/' WordChar+)*
    ;

VARIABLE
    : '$' [A-Za-z0-9_]+
    ;

ARROW  : '->' ;
DARROW : '=>' ;
TARROW : '~>' ;
DCOLON : '::' ;
DBAR   : '||' ;
DOTS   : '...' ;
BAR    : '|' ;
COMMA  : ',' ;
SEMI   : ';' ;
LPAREN : '(' ;
RPAREN : ')' ;
LBRACE : '{' ;
RBRACE : '}' ;
LBRACK : '[' ;
RBRACK : ']' ;

/** Any other character: Click reports it as a syntax error. */
OTHER
    : .
    ;

fragment WordChar
    : [A-Za-z0-9_@]
    ;
