package org.jclick.tests;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small {@code sh} reader for the scripts of Click's tests: it splits a script into simple commands with
 * their words (after quote removal) and redirections. It covers the shell the corpus uses, not all of sh:
 * <ul>
 *   <li>{@code '...'} is literal; in {@code "..."} the sequences {@code \$ \` \" \\} and backslash-newline
 *       are unescaped and other backslashes stay; unquoted {@code \c} is {@code c};</li>
 *   <li>{@code $NAME}, {@code ${NAME}}, {@code $1}, {@code $$}... are expanded when the variable is known
 *       (the caller gives the values, e.g. {@code VALGRIND} empty as in clicktest) and otherwise left as
 *       written, with the word remembering the name, so a configuration that contains one is visible;</li>
 *   <li>a backquote or {@code $(...)} command substitution is left as written, except {@code `which X`},
 *       which stands for {@code X} (its path's base name); its text is also returned as a nested script so
 *       that commands inside it are seen;</li>
 *   <li>an unquoted word that expands to nothing disappears, as in sh;</li>
 *   <li>{@code ; & && || | ( )} and newlines separate commands, {@code |} marks the next command's standard
 *       input as a pipe; {@code < > >> >& <&}, with an optional descriptor number, are redirections;</li>
 *   <li>{@code #} at the start of a word starts a comment.</li>
 * </ul>
 */
final class ShellScript {

    /** A word after quote removal. {@code line} is the script line where it starts. */
    record Word(String text, int line, boolean quoted, boolean onlyVariable, List<String> unresolved) {
    }

    /** A redirection {@code op target}, e.g. {@code ("<", DUMP)} or {@code (">&", 2)}. */
    record Redirect(String op, Word target) {
    }

    /**
     * A simple command: its words, its redirections, and whether its standard input is the previous
     * command's output ({@code a | b}).
     */
    record Command(List<Word> words, List<Redirect> redirects, boolean stdinFromPipe) {
    }

    /** A command substitution's text and the line where it starts, to be read as a script of its own. */
    record Nested(String text, int line) {
    }

    record Parsed(List<Command> commands, List<Nested> nested) {
    }

    private static final Pattern WHICH = Pattern.compile("\\s*which\\s+([-\\w./]+)\\s*");

    private final String s;
    private final Map<String, String> variables;
    private int pos;
    private int line;

    // the word being built
    private StringBuilder word;
    private int wordLine;
    private boolean wordQuoted;
    private int wordVariables;
    private int wordLiteralChars;
    private List<String> wordUnresolved;

    // the command being built
    private final List<Command> commands = new ArrayList<>();
    private final List<Nested> nested = new ArrayList<>();
    private List<Word> words = new ArrayList<>();
    private List<Redirect> redirects = new ArrayList<>();
    private boolean stdinFromPipe;
    private String pendingRedirect;

    private ShellScript(String text, int firstLine, Map<String, String> variables) {
        this.s = text;
        this.line = firstLine;
        this.variables = variables;
    }

    /**
     * Reads {@code text}, whose first line is line {@code firstLine} of its file. {@code variables} gives the
     * values of the shell variables known to be set; others are left as written.
     */
    static Parsed parse(String text, int firstLine, Map<String, String> variables) {
        final ShellScript p = new ShellScript(text, firstLine, variables);
        p.run();
        return new Parsed(List.copyOf(p.commands), List.copyOf(p.nested));
    }

    private void run() {
        while (pos < s.length()) {
            final char c = s.charAt(pos);
            if (word == null && c == '#') {
                while (pos < s.length() && s.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (c == ' ' || c == '\t' || c == '\r') {
                endWord();
                pos++;
            } else if (c == '\n') {
                endWord();
                endCommand(false);
                line++;
                pos++;
            } else if (c == '\\') {
                if (pos + 1 < s.length() && s.charAt(pos + 1) == '\n') {
                    pos += 2;
                    line++;
                } else {
                    startWord();
                    wordQuoted = true;
                    if (pos + 1 < s.length()) {
                        literal(s.charAt(pos + 1));
                    }
                    pos += 2;
                }
            } else if (c == '\'') {
                startWord();
                wordQuoted = true;
                final int end = s.indexOf('\'', pos + 1);
                final int stop = end < 0 ? s.length() : end;
                literal(s.substring(pos + 1, stop));
                pos = stop + 1;
            } else if (c == '"') {
                startWord();
                wordQuoted = true;
                doubleQuoted();
            } else if (c == '$') {
                startWord();
                dollar();
            } else if (c == '`') {
                startWord();
                backquote();
            } else if (c == ';' || c == '&' || c == '|' || c == '(' || c == ')') {
                endWord();
                final boolean twice = pos + 1 < s.length() && s.charAt(pos + 1) == c && c != '(' && c != ')';
                pos += twice ? 2 : 1;
                endCommand(c == '|' && !twice);
            } else if (c == '<' || c == '>') {
                // a word of digits right before the operator is the descriptor number
                if (word != null && !wordQuoted && !word.isEmpty() && word.chars().allMatch(Character::isDigit)) {
                    word = null;
                } else {
                    endWord();
                }
                String op = String.valueOf(c);
                pos++;
                if (pos < s.length() && (s.charAt(pos) == '>' || s.charAt(pos) == '&')) {
                    op += s.charAt(pos);
                    pos++;
                }
                pendingRedirect = op;
            } else {
                startWord();
                literal(c);
                pos++;
            }
        }
        endWord();
        endCommand(false);
    }

    private void startWord() {
        if (word == null) {
            word = new StringBuilder();
            wordLine = line;
            wordQuoted = false;
            wordVariables = 0;
            wordLiteralChars = 0;
            wordUnresolved = new ArrayList<>();
        }
    }

    private void literal(char c) {
        word.append(c);
        wordLiteralChars++;
        if (c == '\n') {
            line++;
        }
    }

    private void literal(String t) {
        for (int i = 0; i < t.length(); i++) {
            literal(t.charAt(i));
        }
    }

    private void endWord() {
        if (word == null) {
            return;
        }
        final String text = word.toString();
        final boolean onlyVariable = wordVariables == 1 && wordLiteralChars == 0 && !wordUnresolved.isEmpty();
        final Word w = new Word(text, wordLine, wordQuoted, onlyVariable, List.copyOf(wordUnresolved));
        word = null;
        if (text.isEmpty() && !w.quoted()) {
            return; // an unquoted expansion to nothing is no word at all
        }
        if (pendingRedirect != null) {
            redirects.add(new Redirect(pendingRedirect, w));
            pendingRedirect = null;
        } else {
            words.add(w);
        }
    }

    private void endCommand(boolean nextFromPipe) {
        if (!words.isEmpty() || !redirects.isEmpty()) {
            commands.add(new Command(List.copyOf(words), List.copyOf(redirects), stdinFromPipe));
        }
        words = new ArrayList<>();
        redirects = new ArrayList<>();
        pendingRedirect = null;
        stdinFromPipe = nextFromPipe;
    }

    /** At the opening {@code "}: reads to the closing one. */
    private void doubleQuoted() {
        pos++;
        while (pos < s.length()) {
            final char c = s.charAt(pos);
            if (c == '"') {
                pos++;
                return;
            } else if (c == '\\' && pos + 1 < s.length()) {
                final char n = s.charAt(pos + 1);
                if (n == '\n') {
                    line++;
                    pos += 2;
                } else if (n == '$' || n == '`' || n == '"' || n == '\\') {
                    literal(n);
                    pos += 2;
                } else {
                    literal('\\');
                    pos++;
                }
            } else if (c == '$') {
                dollar();
            } else if (c == '`') {
                backquote();
            } else {
                literal(c);
                pos++;
            }
        }
    }

    /** At a {@code $}: a variable, a command substitution, or a literal dollar sign. */
    private void dollar() {
        final int start = pos;
        pos++;
        if (pos >= s.length()) {
            literal('$');
            return;
        }
        final char c = s.charAt(pos);
        String name = null;
        if (c == '{') {
            final int end = s.indexOf('}', pos);
            if (end >= 0) {
                name = s.substring(pos + 1, end);
                pos = end + 1;
            }
        } else if (c == '(') {
            final int end = matchingParen(pos);
            final String inner = s.substring(pos + 1, Math.max(pos + 1, end));
            nested.add(new Nested(inner, line));
            pos = Math.min(s.length(), end + 1);
            appendUnresolved(s.substring(start, pos), "$(" + inner + ")");
            return;
        } else if (Character.isLetter(c) || c == '_') {
            int e = pos;
            while (e < s.length() && (Character.isLetterOrDigit(s.charAt(e)) || s.charAt(e) == '_')) {
                e++;
            }
            name = s.substring(pos, e);
            pos = e;
        } else if (Character.isDigit(c) || "$!?#@*-".indexOf(c) >= 0) {
            name = String.valueOf(c);
            pos++;
        }
        if (name == null) {
            literal('$');
            return;
        }
        final String value = variables.get(name);
        if (value != null) {
            word.append(value);
            wordVariables++;
        } else {
            appendUnresolved(s.substring(start, pos), name);
        }
    }

    private void appendUnresolved(String asWritten, String name) {
        for (int i = 0; i < asWritten.length(); i++) {
            if (asWritten.charAt(i) == '\n') {
                line++;
            }
        }
        word.append(asWritten);
        wordVariables++;
        wordUnresolved.add(name);
    }

    /** The index of the {@code )} matching the {@code (} at {@code open}, skipping quoted text. */
    private int matchingParen(int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (c == '\'') {
                final int e = s.indexOf('\'', i + 1);
                i = e < 0 ? s.length() : e;
            } else if (c == '"') {
                int e = i + 1;
                while (e < s.length() && s.charAt(e) != '"') {
                    e += s.charAt(e) == '\\' ? 2 : 1;
                }
                i = e;
            } else if (c == '\\') {
                i++;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return s.length();
    }

    /** At a backquote: reads to the closing one. */
    private void backquote() {
        final int start = pos;
        int e = pos + 1;
        while (e < s.length() && s.charAt(e) != '`') {
            e += s.charAt(e) == '\\' ? 2 : 1;
        }
        final String inner = s.substring(pos + 1, Math.min(e, s.length()));
        pos = Math.min(s.length(), e + 1);
        final Matcher m = WHICH.matcher(inner);
        if (m.matches()) {
            word.append(m.group(1));
            wordLiteralChars++;
            return;
        }
        nested.add(new Nested(inner, line));
        appendUnresolved(s.substring(start, pos), "`" + inner + "`");
    }
}
