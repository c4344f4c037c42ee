package org.jclick.lang;

import java.util.ArrayList;
import java.util.List;

/**
 * Click's configuration-string conventions: splitting into arguments at unquoted commas, into words at
 * unquoted spaces, removing comments, quoting and unquoting (with backslash escapes and {@code \<hex>}
 * blobs), and {@code $variable} expansion. Element argument parsers and the front end share these.
 */
public final class ConfigStrings {

    private ConfigStrings() {
    }

    /** Looks a variable up; returns {@code null} when it is not defined. */
    @FunctionalInterface
    public interface Variables {
        String lookup(String name);
    }

    // ----------------------------------------------------------------------------------------------
    // skipping

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B';
    }

    /** Index just past the comment starting at {@code i} ({@code s[i..i+1]} is {@code //} or {@code /*}). */
    static int skipComment(String s, int i) {
        final int n = s.length();
        if (s.charAt(i + 1) == '/') {
            for (i += 2; i < n; i++) {
                final char c = s.charAt(i);
                if (c == '\n') {
                    return i + 1;
                } else if (c == '\r') {
                    return i + 1 < n && s.charAt(i + 1) == '\n' ? i + 2 : i + 1;
                }
            }
            return n;
        }
        for (i += 2; i + 1 < n; i++) {
            if (s.charAt(i) == '*' && s.charAt(i + 1) == '/') {
                return i + 2;
            }
        }
        return n;
    }

    static boolean isCommentStart(String s, int i) {
        return s.charAt(i) == '/' && i + 1 < s.length() && (s.charAt(i + 1) == '/' || s.charAt(i + 1) == '*');
    }

    /** Skips spaces and comments. */
    public static int skipCommentSpace(String s, int i) {
        final int n = s.length();
        while (i < n) {
            if (isSpace(s.charAt(i))) {
                i++;
            } else if (isCommentStart(s, i)) {
                i = skipComment(s, i);
            } else {
                break;
            }
        }
        return i;
    }

    /** Index past the double-quoted string starting at {@code i}. */
    static int skipDoubleQuote(String s, int i) {
        final int n = s.length();
        for (i++; i < n; i++) {
            final char c = s.charAt(i);
            if (c == '\\' && i + 1 < n) {
                if (s.charAt(i + 1) == '<') {
                    i = skipBackslashAngle(s, i) - 1;
                } else {
                    i++;
                }
            } else if (c == '"') {
                return i + 1;
            }
        }
        return n;
    }

    static int skipSingleQuote(String s, int i) {
        final int end = s.indexOf('\'', i + 1);
        return end < 0 ? s.length() : end + 1;
    }

    /** Index past the {@code \<...>} blob starting at {@code i}. */
    static int skipBackslashAngle(String s, int i) {
        final int n = s.length();
        for (i += 2; i < n; i++) {
            final char c = s.charAt(i);
            if (c == '>') {
                return i + 1;
            } else if (isCommentStart(s, i)) {
                i = skipComment(s, i) - 1;
            }
        }
        return n;
    }

    // ----------------------------------------------------------------------------------------------
    // splitting

    /**
     * Removes comments and leading/trailing space from {@code s[from..]} up to the first unquoted comma (if
     * {@code stopAtComma}); {@code endOut[0]} receives the index where it stopped.
     */
    private static String partialUncomment(String s, int from, boolean stopAtComma, int[] endOut) {
        final int n = s.length();
        int i = skipCommentSpace(s, from);
        final StringBuilder sb = new StringBuilder();
        int left = i;
        int right = i;
        boolean closed = false;
        boolean any = false;
        while (i < n) {
            final char c = s.charAt(i);
            if (isSpace(c)) {
                i++;
            } else if (isCommentStart(s, i)) {
                i = skipComment(s, i);
                closed = true;
            } else if (c == ',' && stopAtComma) {
                break;
            } else {
                if (closed) {
                    sb.append(s, left, right).append(' ');
                    any = true;
                    left = i;
                    closed = false;
                }
                if (c == '\'') {
                    i = skipSingleQuote(s, i);
                } else if (c == '"') {
                    i = skipDoubleQuote(s, i);
                } else if (c == '\\' && i + 1 < n && s.charAt(i + 1) == '<') {
                    i = skipBackslashAngle(s, i);
                } else {
                    i++;
                }
                right = i;
            }
        }
        if (endOut != null) {
            endOut[0] = i;
        }
        if (!any) {
            return s.substring(left, Math.max(left, right));
        }
        sb.append(s, left, Math.max(left, right));
        return sb.toString();
    }

    /** Click's {@code cp_uncomment}: comments become single spaces, outer space is removed. */
    public static String uncomment(String s) {
        return partialUncomment(s, 0, false, null);
    }

    /**
     * Click's {@code cp_argvec}: splits at unquoted commas; each argument is uncommented; a final empty
     * argument is dropped.
     */
    public static List<String> argvec(String s) {
        final List<String> out = new ArrayList<>();
        final int n = s.length();
        if (n == 0) {
            return out;
        }
        final int[] end = new int[1];
        for (int pos = 0; pos < n; pos++) {
            final String arg = partialUncomment(s, pos, true, end);
            pos = end[0];
            if (!arg.isEmpty() || pos < n) {
                out.add(arg);
            }
        }
        return out;
    }

    /**
     * Where each argument of {@link #argvec} starts in {@code s} (its first character after leading space and
     * comments), one entry per argument.
     */
    public static int[] argStarts(String s) {
        final List<Integer> out = new ArrayList<>();
        final int n = s.length();
        final int[] end = new int[1];
        for (int pos = 0; pos < n; pos++) {
            final int start = skipCommentSpace(s, pos);
            final String arg = partialUncomment(s, pos, true, end);
            pos = end[0];
            if (!arg.isEmpty() || pos < n) {
                out.add(start);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int skipSpacevecItem(String s, int i) {
        final int n = s.length();
        while (i < n) {
            final char c = s.charAt(i);
            if (c == '/' && isCommentStart(s, i)) {
                return i;
            } else if (c == '"') {
                i = skipDoubleQuote(s, i);
            } else if (c == '\'') {
                i = skipSingleQuote(s, i);
            } else if (c == '\\') {
                i = (i + 1 < n && s.charAt(i + 1) == '<') ? skipBackslashAngle(s, i) : i + 1;
            } else if (isSpace(c)) {
                return i;
            } else {
                i++;
            }
        }
        return i;
    }

    /** Click's {@code cp_spacevec}: splits at unquoted spaces, dropping comments. */
    public static List<String> spacevec(String s) {
        final List<String> out = new ArrayList<>();
        int i = 0;
        final int n = s.length();
        while ((i = skipCommentSpace(s, i)) < n) {
            final int t = skipSpacevecItem(s, i);
            if (t == i) {
                i++;
                continue;
            }
            out.add(s.substring(i, t));
            i = t;
        }
        return out;
    }

    /** Splits off the first word: {@code [word, rest]} with the rest's leading space and comments removed. */
    public static String[] shiftSpacevec(String s) {
        final int item = skipCommentSpace(s, 0);
        final int itemEnd = skipSpacevecItem(s, item);
        final String word = s.substring(item, itemEnd);
        final int rest = skipCommentSpace(s, itemEnd);
        return new String[] {word, s.substring(rest)};
    }

    // ----------------------------------------------------------------------------------------------
    // quoting

    /**
     * Processes the backslash escape at {@code s[i]}, appending its value to {@code sb}; returns the index
     * past it.
     */
    static int processBackslash(String s, int i, StringBuilder sb) {
        final int n = s.length();
        if (i == n - 1) {
            sb.append('\\');
            return n;
        }
        final char c = s.charAt(i + 1);
        switch (c) {
            case '\r':
                return i + 2 < n && s.charAt(i + 2) == '\n' ? i + 3 : i + 2;
            case '\n':
                return i + 2;
            case 'a': sb.append('\u0007'); return i + 2;
            case 'b': sb.append('\b'); return i + 2;
            case 'f': sb.append('\f'); return i + 2;
            case 'n': sb.append('\n'); return i + 2;
            case 'r': sb.append('\r'); return i + 2;
            case 't': sb.append('\t'); return i + 2;
            case 'v': sb.append('\u000B'); return i + 2;
            case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
                int v = 0;
                int d = 0;
                int j = i + 1;
                for (; j < n && s.charAt(j) >= '0' && s.charAt(j) <= '7' && d < 3; j++, d++) {
                    v = v * 8 + s.charAt(j) - '0';
                }
                sb.append((char) (v & 0xFF));
                return j;
            }
            case 'x': {
                int v = 0;
                int j = i + 2;
                for (; j < n; j++) {
                    final int h = Character.digit(s.charAt(j), 16);
                    if (h < 0) {
                        break;
                    }
                    v = v * 16 + h;
                }
                sb.append((char) (v & 0xFF));
                return j;
            }
            case '<': {
                int v = 0;
                int d = 0;
                for (int j = i + 2; j < n; j++) {
                    final char h = s.charAt(j);
                    if (h == '>') {
                        return j + 1;
                    }
                    final int x = Character.digit(h, 16);
                    if (x >= 0 && h < 128) {
                        v = v * 16 + x;
                        if (++d == 2) {
                            sb.append((char) v);
                            v = 0;
                            d = 0;
                        }
                    } else if (isCommentStart(s, j)) {
                        j = skipComment(s, j) - 1;
                    }
                }
                return n;
            }
            default:
                sb.append(c);
                return i + 2;
        }
    }

    /**
     * Click's {@code cp_unquote}: uncomments, then removes one level of quoting; escapes are processed inside
     * double quotes and {@code \<hex>} blobs outside quotes. Characters are bytes (ISO-8859-1).
     */
    public static String unquote(String str) {
        final String x = partialUncomment(str, 0, false, null);
        final int n = x.length();
        final StringBuilder sb = new StringBuilder();
        int start = 0;
        int quote = 0;
        boolean changed = false;
        for (int i = 0; i < n; i++) {
            final char c = x.charAt(i);
            if (c == '"' || c == '\'') {
                if (quote == 0) {
                    sb.append(x, start, i);
                    start = i + 1;
                    quote = c;
                    changed = true;
                } else if (quote == c) {
                    sb.append(x, start, i);
                    start = i + 1;
                    quote = 0;
                }
            } else if (c == '\\' && i + 1 < n && (quote == '"' || (quote == 0 && x.charAt(i + 1) == '<'))) {
                sb.append(x, start, i);
                start = processBackslash(x, i, sb);
                i = start - 1;
                changed = true;
            }
        }
        if (!changed) {
            return x;
        }
        sb.append(x, Math.min(start, n), n);
        return sb.toString();
    }

    /** Click's {@code cp_quote}: a double-quoted string that unquotes to {@code s}. */
    public static String quote(String s) {
        return quote(s, false);
    }

    public static String quote(String s, boolean allowNewlines) {
        final StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            switch (c) {
                case '\\', '"', '$' -> sb.append('\\').append(c);
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append(allowNewlines ? "\n" : "\\n");
                default -> {
                    if (c < 32 || c >= 127) {
                        final int u = c & 0xFF;
                        sb.append('\\').append((char) ('0' + (u >> 6))).append((char) ('0' + ((u >> 3) & 7)))
                                .append((char) ('0' + (u & 7)));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** Click's {@code cp_is_word}: non-empty, no quotes, commas, spaces or non-ASCII. */
    public static boolean isWord(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (c == '"' || c == '\'' || c == ',' || c <= 32 || c >= 127) {
                return false;
            }
        }
        return true;
    }

    /**
     * If {@code arg} starts with a keyword (an upper-case word of letters, digits, '_' , ':' or '.', starting
     * with a letter, followed by space or the end), returns it; else {@code null}.
     */
    public static String keywordOf(String arg) {
        int i = 0;
        final int n = arg.length();
        if (n == 0 || !(arg.charAt(0) >= 'A' && arg.charAt(0) <= 'Z')) {
            return null;
        }
        while (i < n) {
            final char c = arg.charAt(i);
            if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == ':' || c == '.') {
                i++;
            } else {
                break;
            }
        }
        if (i < n && !isSpace(arg.charAt(i))) {
            return null;
        }
        return arg.substring(0, i);
    }

    // ----------------------------------------------------------------------------------------------
    // variables

    /**
     * Click's {@code cp_expand}: replaces {@code $name}, {@code ${name}}, {@code ${name-default}} and
     * {@code ${name[index]}} outside single quotes; a value expanded inside double quotes is re-quoted.
     * {@code $(...)} is left for run time, with the variables inside it expanded. Undefined variables are left
     * as written and reported to {@code undefined} (if not null).
     */
    public static String expand(String config, Variables vars, java.util.function.Consumer<String> undefined) {
        if (config == null || config.indexOf('$') < 0) {
            return config;
        }
        final int n = config.length();
        final StringBuilder out = new StringBuilder(n + 16);
        int uninterpolated = 0;
        int quote = 0;
        int s = 0;
        boolean changed = false;
        scan:
        for (; s < n; s++) {
            final char c = config.charAt(s);
            switch (c) {
                case '\\':
                    if (s + 1 < n && quote == '"') {
                        s++;
                    }
                    break;
                case '\'':
                case '"':
                    if (quote == 0) {
                        quote = c;
                    } else if (quote == c) {
                        quote = 0;
                    }
                    break;
                case '/':
                    if (quote == 0 && isCommentStart(config, s)) {
                        s = skipCommentSpace(config, s) - 1;
                    }
                    break;
                case '$': {
                    if (s + 1 >= n || quote == '\'') {
                        break;
                    }
                    final int beforeDollar = s;
                    String vname;
                    int vtype;
                    boolean expandName = false;
                    final char d = config.charAt(s + 1);
                    if (d == '{') {
                        vtype = '{';
                        s += 2;
                        final int cstart = s;
                        while (s < n && config.charAt(s) != '}') {
                            s++;
                        }
                        if (s == n) {
                            break scan;
                        }
                        vname = config.substring(cstart, s++);
                        if (vname.indexOf('$') >= 0) {
                            expandName = true;
                        }
                    } else if (d == '(') {
                        vtype = '(';
                        int level = 1;
                        int nquote = 0;
                        s += 2;
                        final int cstart = s;
                        for (; s < n && level > 0; s++) {
                            final char e = config.charAt(s);
                            if (e == '(' && nquote == 0) {
                                level++;
                            } else if (e == ')' && nquote == 0) {
                                level--;
                            } else if (e == '"' || e == '\'') {
                                if (nquote == 0) {
                                    nquote = e;
                                } else if (nquote == e) {
                                    nquote = 0;
                                }
                            } else if (e == '\\' && s + 1 < n && nquote != '\'') {
                                s++;
                            } else if (e == '$' && nquote != '\'') {
                                expandName = true;
                            }
                        }
                        if (s == cstart || config.charAt(s - 1) != ')' || level != 0) {
                            break scan;
                        }
                        vname = config.substring(cstart, s - 1);
                    } else if (Character.isLetterOrDigit(d) && d < 128 || d == '_') {
                        vtype = 'a';
                        s++;
                        final int cstart = s;
                        while (s < n && (isAlnum(config.charAt(s)) || config.charAt(s) == '_')) {
                            s++;
                        }
                        vname = config.substring(cstart, s);
                    } else if (d == '?' || d == '#') {
                        vtype = 'a';
                        vname = String.valueOf(d);
                        s += 2;
                    } else {
                        break;
                    }
                    out.append(config, uninterpolated, beforeDollar);
                    changed = true;
                    if (expandName) {
                        vname = expand(vname, vars, vtype == '(' ? null : undefined);
                    }
                    final String value = vtype == '(' ? null : lookupVariable(vname, vtype, vars);
                    uninterpolated = s;
                    if (value != null) {
                        out.append(quote == '"' ? inQuotes(value) : value);
                    } else if (expandName && vtype == '(') {
                        out.append("$(").append(vname).append(')');
                    } else {
                        if (vtype != '(' && undefined != null) {
                            undefined.accept(vname);
                        }
                        uninterpolated = beforeDollar;
                    }
                    s--;
                    break;
                }
                default:
                    break;
            }
        }
        if (!changed) {
            return config;
        }
        out.append(config, Math.min(uninterpolated, n), n);
        return out.toString();
    }

    private static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static String inQuotes(String value) {
        final String q = quote(value);
        return q.substring(1, q.length() - 1);
    }

    /** Resolves {@code name}, {@code name-default} and {@code name[index]} for a variable reference. */
    private static String lookupVariable(String vname, int vtype, Variables vars) {
        String name = vname;
        String dflt = null;
        if (vtype == '{') {
            final int minus = name.indexOf('-');
            if (minus >= 0) {
                dflt = name.substring(minus + 1);
                name = name.substring(0, minus);
            }
        }
        String index = null;
        if (vtype == '{' && name.endsWith("]")) {
            final int lb = name.indexOf('[');
            if (lb > 0) {
                index = name.substring(lb + 1, name.length() - 1).trim();
                name = name.substring(0, lb);
            }
        }
        String value = vars.lookup(name);
        if (value != null && index != null) {
            final List<String> words = spacevec(value);
            int k;
            try {
                k = Integer.parseInt(index);
            } catch (NumberFormatException e) {
                k = -1;
            }
            value = k >= 0 && k < words.size() ? words.get(k) : "";
        }
        if (value == null) {
            return dflt;
        }
        return value;
    }
}
