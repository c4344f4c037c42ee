package org.jclick.lang;

import java.util.ArrayList;
import java.util.List;

import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import org.antlr.v4.runtime.tree.TerminalNode;
import org.jclick.lang.ast.Ast;
import org.jclick.lang.grammar.ClickLexer;
import org.jclick.lang.grammar.ClickParser;

/**
 * Parses one source text with the ANTLR grammar and builds the {@link Ast}. Syntax errors are collected as
 * diagnostics in Click's wording ({@code syntax error near 'X'}); the builder recovers and goes on, so all
 * errors of a file are reported.
 */
public final class AstBuilder {

    /** Nesting of groups, compounds and configuration parentheses beyond which we refuse to parse. */
    public static final int MAX_NESTING = 512;

    private final String file;
    private final List<Diagnostic> diagnostics;
    private final LineMap lines;

    private AstBuilder(String file, List<Diagnostic> diagnostics) {
        this.file = file;
        this.diagnostics = diagnostics;
        this.lines = new LineMap(file);
    }

    /** Parses {@code text}; errors go to {@code diagnostics}. Never throws for bad input. */
    public static Ast.Program parse(String file, String text, List<Diagnostic> diagnostics) {
        final AstBuilder b = new AstBuilder(file, diagnostics);
        return b.run(text);
    }

    private SourceLocation loc(Token t) {
        if (t == null || t.getType() == Token.EOF && t.getLine() <= 0) {
            return new SourceLocation(file, 0, 0);
        }
        return lines.locate(t.getLine(), t.getCharPositionInLine() + 1);
    }

    private SourceLocation loc(TerminalNode n) {
        return loc(n.getSymbol());
    }

    private void error(SourceLocation at, String message) {
        diagnostics.add(Diagnostic.error(at, message));
    }

    private Ast.Program run(String text) {
        final ClickLexer lexer = new ClickLexer(CharStreams.fromString(text, file));
        lexer.removeErrorListeners();
        final CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        final List<Token> all = tokens.getTokens();
        final Token tooDeep = tooDeeplyNested(all);
        if (tooDeep != null) {
            error(loc(tooDeep),
                    "too deeply nested (more than " + MAX_NESTING + " levels of groups, compounds or parentheses)");
            return new Ast.Program(file, List.of());
        }
        scanDirectives(all);

        final ClickParser parser = new ClickParser(tokens);
        parser.removeErrorListeners();
        ClickParser.ConfigContext tree;
        try {
            // ANTLR's two-stage parse: SLL prediction is much faster and right for every valid file; on the
            // first syntax error (which SLL may also report falsely), parse again with full LL and error
            // recovery, so errors are exact and all of them are reported.
            parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
            parser.setErrorHandler(new org.antlr.v4.runtime.BailErrorStrategy());
            try {
                tree = parser.config();
            } catch (ParseCancellationException sllFailed) {
                tokens.seek(0);
                parser.reset();
                parser.setErrorHandler(new org.antlr.v4.runtime.DefaultErrorStrategy());
                parser.addErrorListener(new Listener());
                parser.getInterpreter().setPredictionMode(PredictionMode.LL);
                tree = parser.config();
            }
        } catch (ParseCancellationException | StackOverflowError e) {
            error(new SourceLocation(file, 1, 1), "too deeply nested");
            return new Ast.Program(file, List.of());
        }
        final List<Ast.Statement> statements = new ArrayList<>();
        for (ClickParser.StatementContext s : tree.statement()) {
            addStatement(statements, s);
        }
        return new Ast.Program(file, statements);
    }

    // ----------------------------------------------------------------------------------------------
    // pre-scans

    /**
     * The token at which groups, compounds, port lists and the parentheses inside configuration strings
     * nest more than {@link #MAX_NESTING} deep, or null. Checked on the tokens, before parsing, so hostile
     * input cannot exhaust the (recursive) parser's stack; comments and quoted text do not count.
     */
    private static Token tooDeeplyNested(List<Token> all) {
        int depth = 0;
        for (Token t : all) {
            if (t.getChannel() != Token.DEFAULT_CHANNEL) {
                continue;
            }
            switch (t.getType()) {
                case ClickLexer.LPAREN, ClickLexer.LBRACE, ClickLexer.LBRACK -> {
                    if (++depth > MAX_NESTING) {
                        return t;
                    }
                }
                case ClickLexer.RPAREN, ClickLexer.RBRACE, ClickLexer.RBRACK -> depth = Math.max(0, depth - 1);
                case ClickLexer.CONFIG, ClickLexer.UNTERMINATED_CONFIG -> {
                    if (depth + walkConfig(t.getText(), null) > MAX_NESTING) {
                        return t;
                    }
                }
                default -> {
                }
            }
        }
        return null;
    }

    /**
     * Walks the text of a configuration-string token ('(' included) as the lexer scanned it: quotes,
     * comments and blobs are skipped, and a '#' that starts a line begins a directive line. Adds the
     * {@code [start, end)} range of each directive line to {@code directives} (if not null); returns the
     * deepest parenthesis nesting.
     */
    static int walkConfig(String s, List<int[]> directives) {
        final int n = s.length();
        int depth = 1;
        int max = 1;
        for (int i = 1; i < n; i++) {
            final char c = s.charAt(i);
            if (c == '(') {
                max = Math.max(max, ++depth);
            } else if (c == ')') {
                if (--depth == 0) {
                    break;
                }
            } else if (c == '#' && (s.charAt(i - 1) == '\n' || s.charAt(i - 1) == '\r')) {
                final int end = endOfLine(s, i);
                if (directives != null) {
                    directives.add(new int[] {i, end});
                }
                i = end - 1;
            } else if (c == '/' && i + 1 < n && (s.charAt(i + 1) == '/' || s.charAt(i + 1) == '*')) {
                i = (s.charAt(i + 1) == '/' ? endOfLine(s, i) : ConfigStrings.skipComment(s, i)) - 1;
            } else if (c == '\'') {
                i = ConfigStrings.skipSingleQuote(s, i) - 1;
            } else if (c == '"') {
                i = ConfigStrings.skipDoubleQuote(s, i) - 1;
            } else if (c == '\\' && i + 1 < n && s.charAt(i + 1) == '<') {
                i = ConfigStrings.skipBackslashAngle(s, i) - 1;
            }
        }
        return max;
    }

    private static int endOfLine(String s, int i) {
        while (i < s.length() && s.charAt(i) != '\n' && s.charAt(i) != '\r') {
            i++;
        }
        return i;
    }

    /** Applies {@code # line} directives, those on their own lines and those inside configuration strings. */
    private void scanDirectives(List<Token> all) {
        for (Token t : all) {
            if (t.getType() == ClickLexer.LINE_DIRECTIVE) {
                final Object[] d = LineMap.parseDirective(t.getText());
                if (d == null) {
                    error(loc(t), "unknown preprocessor directive");
                } else {
                    lines.directive(t.getLine(), (Integer) d[0], (String) d[1]);
                }
            } else if (t.getType() == ClickLexer.CONFIG || t.getType() == ClickLexer.UNTERMINATED_CONFIG) {
                final String s = t.getText();
                final List<int[]> directives = new ArrayList<>();
                walkConfig(s, directives);
                int line = t.getLine();
                int counted = 0;
                for (int[] range : directives) {
                    line += newlines(s, counted, range[0]);
                    counted = range[0];
                    final Object[] d = LineMap.parseDirective(s.substring(range[0], range[1]));
                    if (d == null) {
                        error(lines.locate(line, 1), "unknown preprocessor directive");
                    } else {
                        lines.directive(line, (Integer) d[0], (String) d[1]);
                    }
                }
            }
        }
    }

    /** The number of {@code \n} in {@code s[from, to)}: lines as the ANTLR lexer counts them. */
    private static int newlines(String s, int from, int to) {
        int count = 0;
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == '\n') {
                count++;
            }
        }
        return count;
    }

    /**
     * Removes the {@code #} directive lines from the text of a configuration-string token, as Click's lexer
     * does: a line directive leaves its line break, an unknown directive takes it along.
     */
    private static String stripDirectives(String token) {
        final List<int[]> directives = new ArrayList<>();
        walkConfig(token, directives);
        if (directives.isEmpty()) {
            return token;
        }
        final StringBuilder sb = new StringBuilder(token.length());
        int from = 0;
        for (int[] range : directives) {
            sb.append(token, from, range[0]);
            from = range[1];
            if (LineMap.parseDirective(token.substring(range[0], range[1])) == null && from < token.length()) {
                from += token.startsWith("\r\n", from) ? 2 : 1;
            }
        }
        sb.append(token, from, token.length());
        return sb.toString();
    }

    // ----------------------------------------------------------------------------------------------
    // syntax errors

    private final class Listener extends BaseErrorListener {
        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int col, String msg,
                RecognitionException e) {
            final Token t = offendingSymbol instanceof Token tok ? tok : null;
            final SourceLocation at = t != null ? loc(t) : lines.locate(line, col + 1);
            String message;
            if (t == null) {
                message = "syntax error";
            } else if (t.getType() == Token.EOF) {
                message = expectedAtEof(msg);
            } else if (t.getType() == ClickLexer.UNTERMINATED_CONFIG) {
                message = "unterminated configuration string: expected ')'";
            } else {
                message = "syntax error near '" + friendly(t) + "'";
            }
            // ANTLR may report the same token twice while recovering; report it once
            if (!diagnostics.isEmpty()) {
                final Diagnostic last = diagnostics.get(diagnostics.size() - 1);
                if (last.location().equals(at) && last.message().equals(message)) {
                    return;
                }
            }
            error(at, message);
        }
    }

    private static String expectedAtEof(String antlrMessage) {
        if (antlrMessage.contains("'}'")) {
            return "expected '}'";
        } else if (antlrMessage.contains("')'")) {
            return "expected ')'";
        } else if (antlrMessage.contains("']'")) {
            return "expected ']'";
        }
        return "syntax error near end of file";
    }

    private static String friendly(Token t) {
        final String text = t.getText();
        if (t.getType() == ClickLexer.CONFIG) {
            return "(";
        }
        if (text.length() > 40) {
            return text.substring(0, 37) + "...";
        }
        return text;
    }

    // ----------------------------------------------------------------------------------------------
    // building

    private void addStatement(List<Ast.Statement> out, ClickParser.StatementContext ctx) {
        if (ctx.exception != null && ctx.getChildCount() == 0) {
            return;
        }
        // instanceof chains rather than pattern switches in this class: each pattern switch is bootstrapped through
        // invokedynamic on first use (SwitchBootstraps spins a class), which a cold `jclick run` pays
        if (ctx instanceof ClickParser.ConnectionStatementContext c) {
            // a chain with a syntax error in it was reported already; analysing what is left of it
            // would only add follow-on errors
            if (containsSyntaxError(c.connection())) {
                return;
            }
            final Ast.Connection conn = connection(c.connection());
            if (conn != null) {
                out.add(conn);
            }
        } else if (ctx instanceof ClickParser.ElementclassStatementContext c) {
            if (c.IDENT() != null && c.classBody() != null) {
                out.add(new Ast.ElementClassDecl(loc(c.start), c.IDENT().getText(), classBody(c.classBody())));
            }
        } else if (ctx instanceof ClickParser.SynonymStatementContext c) {
            if (c.IDENT().size() == 2) {
                out.add(new Ast.SynonymDecl(loc(c.start), c.IDENT(0).getText(), c.synonym.getText(),
                        loc(c.synonym)));
            }
        } else if (ctx instanceof ClickParser.RequireStatementContext c) {
            if (c.CONFIG() != null) {
                out.add(new Ast.Require(loc(c.start), config(c.CONFIG()), false));
            }
        } else if (ctx instanceof ClickParser.ProvideStatementContext c) {
            if (c.CONFIG() != null) {
                out.add(new Ast.Require(loc(c.start), config(c.CONFIG()), true));
            }
        } else if (ctx instanceof ClickParser.DefineStatementContext c) {
            if (c.CONFIG() != null) {
                out.add(new Ast.Define(loc(c.start), config(c.CONFIG())));
            }
        } else if (ctx instanceof ClickParser.EmptyStatementContext c) {
            out.add(new Ast.Empty(loc(c.start)));
        }
    }

    /** Whether the chain itself (not a nested compound body or group) holds a syntax error. */
    private static boolean containsSyntaxError(org.antlr.v4.runtime.ParserRuleContext ctx) {
        if (ctx.exception != null) {
            return true;
        }
        for (int i = 0; i < ctx.getChildCount(); i++) {
            final var child = ctx.getChild(i);
            if (child instanceof org.antlr.v4.runtime.tree.ErrorNode) {
                return true;
            }
            if (child instanceof ClickParser.ClassBodyContext || child instanceof ClickParser.StatementContext) {
                continue;
            }
            if (child instanceof org.antlr.v4.runtime.ParserRuleContext rc && containsSyntaxError(rc)) {
                return true;
            }
        }
        return false;
    }

    private Ast.Config config(TerminalNode n) {
        final String text = n.getText();
        final Token t = n.getSymbol();
        // the location of the first character inside the parentheses
        final SourceLocation at = lines.locate(t.getLine(), t.getCharPositionInLine() + 2);
        final String stripped = stripDirectives(text);
        final String inner = stripped.length() >= 2 && stripped.endsWith(")")
                ? stripped.substring(1, stripped.length() - 1)
                : stripped.substring(1);
        return new Ast.Config(at, inner);
    }

    private Ast.Connection connection(ClickParser.ConnectionContext ctx) {
        final List<Ast.ElementList> lists = new ArrayList<>();
        final List<Ast.Connector> connectors = new ArrayList<>();
        boolean expectList = true;
        for (int i = 0; i < ctx.getChildCount(); i++) {
            final var child = ctx.getChild(i);
            if (child instanceof ClickParser.ElementListContext el) {
                lists.add(elementList(el));
                expectList = false;
            } else if (child instanceof ClickParser.ConnectorContext cc) {
                if (expectList) {
                    lists.add(null);
                }
                final Ast.ConnectorKind kind = switch (cc.start.getType()) {
                    case ClickLexer.DARROW -> Ast.ConnectorKind.DOUBLE_ARROW;
                    case ClickLexer.TARROW -> Ast.ConnectorKind.TILDE_ARROW;
                    default -> Ast.ConnectorKind.ARROW;
                };
                connectors.add(new Ast.Connector(loc(cc.start), kind));
                expectList = true;
            }
        }
        if (expectList) {
            lists.add(null);
        }
        if (lists.size() != connectors.size() + 1) {
            return null;
        }
        return new Ast.Connection(loc(ctx.start), lists, connectors);
    }

    private Ast.ElementList elementList(ClickParser.ElementListContext ctx) {
        final List<Ast.ElementNode> nodes = new ArrayList<>();
        for (ClickParser.ElementContext e : ctx.element()) {
            final Ast.ElementNode node = element(e);
            if (node != null) {
                nodes.add(node);
            }
        }
        return new Ast.ElementList(loc(ctx.start), nodes);
    }

    private Ast.ElementNode element(ClickParser.ElementContext ctx) {
        final Ast.Ports in = ctx.inPorts == null ? null : ports(ctx.inPorts);
        final Ast.Ports out = ctx.outPorts == null ? null : ports(ctx.outPorts);
        final Ast.ElementBody body = ctx.elementBody() == null ? null : body(ctx.elementBody());
        if (body == null && ctx.elementBody() != null) {
            return null;
        }
        return new Ast.ElementNode(loc(ctx.start), in, body, out);
    }

    private Ast.ElementBody body(ClickParser.ElementBodyContext ctx) {
        if (ctx instanceof ClickParser.NamedElementContext n) {
            if (n.IDENT() == null) {
                return null;
            }
            Ast.ClassRef cls = null;
            if (n.DCOLON() != null) {
                if (n.classRef() == null) {
                    // Click: report it, then take the element's own name as its class
                    final Token after = n.CONFIG() != null ? n.CONFIG().getSymbol() : n.DCOLON().getSymbol();
                    error(loc(after), "missing element type in declaration");
                    final Ast.Config cfg = n.CONFIG() == null ? null : config(n.CONFIG());
                    return new Ast.Named(loc(n.IDENT()), n.IDENT().getText(),
                            new Ast.ClassName(loc(after), ""), cfg);
                }
                if (n.classRef().IDENT() != null) {
                    cls = new Ast.ClassName(loc(n.classRef().IDENT()), n.classRef().IDENT().getText());
                } else if (n.classRef().classBody() != null) {
                    cls = classBody(n.classRef().classBody());
                } else {
                    return null;
                }
            }
            final Ast.Config cfg = n.CONFIG() == null ? null : config(n.CONFIG());
            return new Ast.Named(loc(n.IDENT()), n.IDENT().getText(), cls, cfg);
        } else if (ctx instanceof ClickParser.AnonymousClassElementContext a) {
            final Ast.Config cfg = a.CONFIG() == null ? null : config(a.CONFIG());
            return new Ast.AnonymousClass(loc(a.start), classBody(a.classBody()), cfg);
        } else if (ctx instanceof ClickParser.GroupElementContext g) {
            final List<Ast.Statement> stmts = new ArrayList<>();
            for (ClickParser.StatementContext s : g.statement()) {
                addStatement(stmts, s);
            }
            final SourceLocation end = g.RPAREN() != null ? loc(g.RPAREN()) : loc(g.stop);
            return new Ast.Group(loc(g.start), stmts, end);
        } else {
            return null;
        }
    }

    private Ast.ClassBody classBody(ClickParser.ClassBodyContext ctx) {
        final List<Ast.CompoundDef> alts = new ArrayList<>();
        SourceLocation ext = null;
        final List<ClickParser.ClassItemContext> items = ctx.classItem();
        for (int i = 0; i < items.size(); i++) {
            final ClickParser.ClassItemContext item = items.get(i);
            if (item.DOTS() != null) {
                if (i == items.size() - 1 && i > 0) {
                    ext = loc(item.DOTS());
                } else {
                    error(loc(item.DOTS()), "'...' should occur last, after one or more compounds");
                }
                continue;
            }
            final ClickParser.CompoundAlternativeContext alt = item.compoundAlternative();
            if (alt == null) {
                continue;
            }
            final List<Ast.Formal> formals = new ArrayList<>();
            if (alt.formals() != null) {
                for (ClickParser.FormalContext f : alt.formals().formal()) {
                    if (f.VARIABLE() == null) {
                        continue;
                    }
                    formals.add(new Ast.Formal(loc(f.start), f.keyword == null ? null : f.keyword.getText(),
                            f.VARIABLE().getText().substring(1)));
                }
            }
            final List<Ast.Statement> body = new ArrayList<>();
            for (ClickParser.StatementContext s : alt.statement()) {
                addStatement(body, s);
            }
            alts.add(new Ast.CompoundDef(loc(alt.start != null ? alt.start : ctx.start), formals, body));
        }
        if (alts.isEmpty()) {
            // '{ ... }': as in Click, after the error the class is an empty compound
            alts.add(new Ast.CompoundDef(loc(ctx.start), List.of(), List.of()));
        }
        final SourceLocation end = ctx.RBRACE() != null ? loc(ctx.RBRACE()) : loc(ctx.stop);
        return new Ast.ClassBody(loc(ctx.start), alts, ext, end);
    }

    private Ast.Ports ports(ClickParser.PortsContext ctx) {
        final List<Ast.Port> ps = new ArrayList<>();
        for (ClickParser.PortContext p : ctx.port()) {
            ps.add(new Ast.Port(loc(p.start), p.getText()));
        }
        // '[]' and a trailing ',' make the port list expandable
        boolean expandable = ps.isEmpty();
        final int n = ctx.getChildCount();
        if (n >= 2 && ctx.getChild(n - 2) instanceof TerminalNode tn && tn.getSymbol().getType() == ClickLexer.COMMA) {
            expandable = true;
        }
        return new Ast.Ports(loc(ctx.start), ps, expandable);
    }
}
