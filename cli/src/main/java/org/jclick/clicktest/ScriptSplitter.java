package org.jclick.clicktest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Splits a {@code sh} script into top-level commands, as clicktest does before it runs a script: every
 * top-level command must succeed, and a failure is reported at the command's line.
 *
 * <p>A newline ends a command unless it is inside quotes, backquotes, {@code $(...)}, a {@code ( )} subshell,
 * a {@code { }} group or function body, an {@code if ... fi}, {@code case ... esac} or loop
 * ({@code while/until/for ... done}), a here-document, or follows a backslash or a trailing {@code &&},
 * {@code ||} or {@code |}. Reserved words count only where a command may start. Comment lines between
 * commands are dropped. This is a lexical approximation of the POSIX shell grammar, which is all that
 * clicktest needs; Click's Perl harness uses a coarser one (it counts every brace and ignores keywords).
 */
public final class ScriptSplitter {

    /** The commands of a script, and a message such as {@code unmatched single quote}, or {@code null}. */
    public record Result(List<ScriptCommand> commands, String error) {
    }

    private enum FrameKind { PAREN, SUBST, BRACE, IF, LOOP, CASE }

    private enum CaseState { SUBJECT, IN, PATTERN, BODY }

    private static final class Frame {
        final FrameKind kind;
        CaseState caseState = CaseState.SUBJECT;

        Frame(final FrameKind kind) {
            this.kind = kind;
        }
    }

    private record HereDoc(String delimiter, boolean stripTabs) {
    }

    private final String text;
    private final String file;
    private final int[] lineStarts;
    private final int firstLine;
    private final List<ScriptCommand> commands = new ArrayList<>();
    private final Deque<Frame> frames = new ArrayDeque<>();
    private final List<HereDoc> pendingHereDocs = new ArrayList<>();
    private String error;

    private boolean commandPosition = true;
    private boolean continuation;
    private boolean redirectTarget;
    private boolean hereDocDelimiterNext;
    private boolean hereDocStripTabs;
    private int commandStart = -1;
    private int wordStart = -1;
    private boolean wordQuoted;
    private final StringBuilder word = new StringBuilder();

    private ScriptSplitter(final String text, final String file, final int firstLine) {
        this.text = text;
        this.file = file;
        this.firstLine = firstLine;
        final List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Splits {@code text}, whose first line is line {@code firstLine} of {@code file}.
     */
    public static Result split(final String text, final String file, final int firstLine) {
        final ScriptSplitter splitter = new ScriptSplitter(text, file, firstLine);
        splitter.run();
        return new Result(List.copyOf(splitter.commands), splitter.error);
    }

    private int lineOf(final int index) {
        final int found = Arrays.binarySearch(lineStarts, index);
        final int lineIndex = found >= 0 ? found : -found - 2;
        return firstLine + lineIndex;
    }

    private void run() {
        final int length = text.length();
        int i = 0;
        while (i < length) {
            final char c = text.charAt(i);
            switch (c) {
                case ' ', '\t', '\r', '\f', 0x0b -> {
                    finishWord();
                    i++;
                }
                case '\n' -> i = newline(i);
                case '#' -> {
                    if (wordStart >= 0) {
                        wordChar(i);
                        i++;
                    } else {
                        i = skipComment(i);
                    }
                }
                case '\'' -> {
                    startWord(i);
                    wordQuoted = true;
                    final int close = text.indexOf('\'', i + 1);
                    if (close < 0) {
                        fail("unmatched single quote");
                        i = length;
                    } else {
                        word.append(text, i + 1, close);
                        i = close + 1;
                    }
                }
                case '"' -> {
                    startWord(i);
                    wordQuoted = true;
                    final int end = skipDoubleQuoted(i + 1);
                    word.append(text, i + 1, Math.max(i + 1, Math.min(end - 1, length)));
                    i = end;
                }
                case '`' -> {
                    startWord(i);
                    wordQuoted = true;
                    i = skipBackquoted(i + 1);
                }
                case '\\' -> {
                    if (i + 1 < length && text.charAt(i + 1) == '\n') {
                        // line continuation
                        i += 2;
                    } else {
                        startWord(i);
                        wordQuoted = true;
                        if (i + 1 < length) {
                            word.append(text.charAt(i + 1));
                        }
                        i += 2;
                    }
                }
                case '$' -> i = dollar(i);
                case '(' -> {
                    finishWord();
                    i = openParen(i);
                }
                case ')' -> {
                    finishWord();
                    closeParen(i);
                    i++;
                }
                case ';' -> {
                    finishWord();
                    if (i + 1 < length && text.charAt(i + 1) == ';') {
                        final Frame top = frames.peek();
                        if (top != null && top.kind == FrameKind.CASE) {
                            top.caseState = CaseState.PATTERN;
                        }
                        i += 2;
                    } else {
                        i++;
                    }
                    commandPosition = true;
                    continuation = false;
                }
                case '&' -> {
                    finishWord();
                    noteCommandStart(i);
                    if (i + 1 < length && text.charAt(i + 1) == '&') {
                        continuation = true;
                        i += 2;
                    } else {
                        continuation = false;
                        i++;
                    }
                    commandPosition = true;
                }
                case '|' -> {
                    finishWord();
                    noteCommandStart(i);
                    final Frame top = frames.peek();
                    if (top == null || top.kind != FrameKind.CASE || top.caseState != CaseState.PATTERN) {
                        continuation = true;
                        commandPosition = true;
                    }
                    i += (i + 1 < length && text.charAt(i + 1) == '|') ? 2 : 1;
                }
                case '<', '>' -> {
                    finishWord();
                    noteCommandStart(i);
                    i = redirection(i);
                }
                default -> {
                    wordChar(i);
                    i++;
                }
            }
        }
        finishWord();
        if (commandStart >= 0) {
            emit(length);
        }
    }

    private void fail(final String message) {
        if (error == null) {
            error = message;
        }
    }

    private void noteCommandStart(final int index) {
        if (commandStart < 0) {
            commandStart = index;
        }
    }

    private void startWord(final int index) {
        noteCommandStart(index);
        if (wordStart < 0) {
            wordStart = index;
            wordQuoted = false;
            word.setLength(0);
        }
    }

    private void wordChar(final int index) {
        startWord(index);
        word.append(text.charAt(index));
    }

    private int skipComment(final int index) {
        final int newline = text.indexOf('\n', index);
        return newline < 0 ? text.length() : newline;
    }

    private int skipDoubleQuoted(final int from) {
        int i = from;
        while (i < text.length()) {
            final char c = text.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '"') {
                return i + 1;
            } else if (c == '`') {
                i = skipBackquoted(i + 1);
            } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '(') {
                i = skipBalancedParens(i + 2);
            } else {
                i++;
            }
        }
        fail("unmatched double quote");
        return text.length();
    }

    private int skipBackquoted(final int from) {
        int i = from;
        while (i < text.length()) {
            final char c = text.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '`') {
                return i + 1;
            } else {
                i++;
            }
        }
        fail("unmatched backquote");
        return text.length();
    }

    /** Skips a {@code $(...)} inside double quotes, honouring nested quotes; returns the index after ')'. */
    private int skipBalancedParens(final int from) {
        int depth = 1;
        int i = from;
        while (i < text.length()) {
            final char c = text.charAt(i);
            switch (c) {
                case '\\' -> i += 2;
                case '\'' -> {
                    final int close = text.indexOf('\'', i + 1);
                    i = close < 0 ? text.length() : close + 1;
                }
                case '"' -> i = skipDoubleQuoted(i + 1);
                case '(' -> {
                    depth++;
                    i++;
                }
                case ')' -> {
                    depth--;
                    i++;
                    if (depth == 0) {
                        return i;
                    }
                }
                default -> i++;
            }
        }
        return i;
    }

    private int dollar(final int index) {
        if (index + 1 < text.length() && text.charAt(index + 1) == '(') {
            // "$(...)": commands inside; the enclosing word is resumed at the closing parenthesis
            noteCommandStart(index);
            finishWord();
            frames.push(new Frame(FrameKind.SUBST));
            commandPosition = true;
            return index + 2;
        }
        startWord(index);
        word.append('$');
        if (index + 1 < text.length()) {
            final char next = text.charAt(index + 1);
            if (next == '{') {
                int depth = 0;
                int i = index + 1;
                while (i < text.length()) {
                    final char c = text.charAt(i);
                    if (c == '{') {
                        depth++;
                    } else if (c == '}' && --depth == 0) {
                        return i + 1;
                    } else if (c == '\\') {
                        i++;
                    }
                    i++;
                }
                return text.length();
            }
        }
        return index + 1;
    }

    private int openParen(final int index) {
        noteCommandStart(index);
        final Frame top = frames.peek();
        if (top != null && top.kind == FrameKind.CASE && top.caseState == CaseState.PATTERN) {
            return index + 1;
        }
        int next = index + 1;
        while (next < text.length() && (text.charAt(next) == ' ' || text.charAt(next) == '\t')) {
            next++;
        }
        if (next < text.length() && text.charAt(next) == ')') {
            // "name ()": a function definition; its body follows
            commandPosition = true;
            return next + 1;
        }
        frames.push(new Frame(FrameKind.PAREN));
        commandPosition = true;
        return index + 1;
    }

    private void closeParen(final int index) {
        noteCommandStart(index);
        final Frame top = frames.peek();
        if (top == null) {
            return;
        }
        if (top.kind == FrameKind.CASE && top.caseState == CaseState.PATTERN) {
            top.caseState = CaseState.BODY;
            commandPosition = true;
            return;
        }
        if (top.kind == FrameKind.SUBST) {
            frames.pop();
            // back inside the word that holds the substitution; it is never a reserved word
            wordStart = index;
            wordQuoted = true;
            word.setLength(0);
            commandPosition = false;
            return;
        }
        if (top.kind == FrameKind.PAREN) {
            frames.pop();
        }
        commandPosition = false;
    }

    private int redirection(final int index) {
        final char c = text.charAt(index);
        int i = index + 1;
        if (c == '<' && i < text.length() && text.charAt(i) == '<') {
            i++;
            if (i < text.length() && text.charAt(i) == '<') {
                redirectTarget = true;
                return i + 1;
            }
            hereDocStripTabs = i < text.length() && text.charAt(i) == '-';
            if (hereDocStripTabs) {
                i++;
            }
            hereDocDelimiterNext = true;
            return i;
        }
        while (i < text.length() && (text.charAt(i) == '>' || text.charAt(i) == '&' || text.charAt(i) == '|')) {
            i++;
        }
        redirectTarget = true;
        return i;
    }

    private void finishWord() {
        if (wordStart < 0) {
            return;
        }
        final String value = word.toString();
        final boolean quoted = wordQuoted;
        wordStart = -1;
        word.setLength(0);
        continuation = false;
        if (hereDocDelimiterNext) {
            hereDocDelimiterNext = false;
            pendingHereDocs.add(new HereDoc(value, hereDocStripTabs));
            return;
        }
        if (redirectTarget) {
            redirectTarget = false;
            return;
        }
        final Frame top = frames.peek();
        if (top != null && top.kind == FrameKind.CASE && top.caseState != CaseState.BODY) {
            switch (top.caseState) {
                case SUBJECT -> top.caseState = CaseState.IN;
                case IN -> top.caseState = CaseState.PATTERN;
                case PATTERN -> {
                    if (!quoted && value.equals("esac")) {
                        frames.pop();
                        commandPosition = false;
                    }
                }
                default -> {
                }
            }
            return;
        }
        if (!commandPosition) {
            return;
        }
        if (quoted) {
            commandPosition = isAssignment(value);
            return;
        }
        switch (value) {
            case "if" -> frames.push(new Frame(FrameKind.IF));
            case "while", "until" -> frames.push(new Frame(FrameKind.LOOP));
            case "for", "select" -> {
                frames.push(new Frame(FrameKind.LOOP));
                commandPosition = false;
            }
            case "case" -> {
                frames.push(new Frame(FrameKind.CASE));
                commandPosition = false;
            }
            case "{" -> frames.push(new Frame(FrameKind.BRACE));
            case "then", "else", "elif", "do", "!" -> {
            }
            case "fi" -> close(FrameKind.IF);
            case "done" -> close(FrameKind.LOOP);
            case "esac" -> close(FrameKind.CASE);
            case "}" -> close(FrameKind.BRACE);
            default -> commandPosition = isAssignment(value);
        }
    }

    private void close(final FrameKind kind) {
        for (final Frame frame : frames) {
            if (frame.kind == kind) {
                while (frames.pop() != frame) {
                    // drop unterminated inner constructs
                }
                break;
            }
        }
        commandPosition = false;
    }

    private static boolean isAssignment(final String value) {
        final int equals = value.indexOf('=');
        if (equals <= 0) {
            return false;
        }
        for (int i = 0; i < equals; i++) {
            final char c = value.charAt(i);
            final boolean ok = c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Handles the newline at {@code index}; returns the index to continue at. */
    private int newline(final int index) {
        finishWord();
        int end = index;
        if (!pendingHereDocs.isEmpty()) {
            end = skipHereDocs(index);
        }
        final Frame top = frames.peek();
        if (top == null || top.kind != FrameKind.CASE || top.caseState == CaseState.BODY) {
            commandPosition = true;
        }
        if (commandStart >= 0 && frames.isEmpty() && !continuation) {
            emit(end);
        }
        return end + 1;
    }

    /** Skips the bodies of pending here-documents after the newline at {@code index}. */
    private int skipHereDocs(final int index) {
        int lineEnd = index;
        for (final HereDoc hereDoc : pendingHereDocs) {
            while (lineEnd < text.length()) {
                final int start = lineEnd + 1;
                final int next = text.indexOf('\n', start);
                lineEnd = next < 0 ? text.length() : next;
                String body = start <= text.length() ? text.substring(Math.min(start, text.length()), lineEnd) : "";
                if (hereDoc.stripTabs()) {
                    body = body.replaceFirst("^\t+", "");
                }
                if (body.equals(hereDoc.delimiter())) {
                    break;
                }
            }
        }
        pendingHereDocs.clear();
        return Math.min(lineEnd, text.length());
    }

    private void emit(final int end) {
        String command = text.substring(commandStart, Math.min(end, text.length()));
        if (command.endsWith("\n")) {
            command = command.substring(0, command.length() - 1);
        }
        if (!command.isBlank()) {
            commands.add(new ScriptCommand(command, file, lineOf(commandStart)));
        }
        commandStart = -1;
        commandPosition = true;
        continuation = false;
    }
}
