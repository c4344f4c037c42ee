package org.jclick.dataplane.args;

import org.jclick.lang.ConfigStrings;

/**
 * Click's string parsers ({@code cp_string}, {@code cp_word}, {@code cp_keyword}, {@code AnyArg}).
 * <ul>
 * <li>{@link #STRING}: one space-separated item, possibly quoted, unquoted with {@link ConfigStrings#unquote}
 * ({@code "a b"} gives {@code a b}; {@code a b} unquoted is an error). Error: {@code expected string}.</li>
 * <li>{@link #WORD}: a {@link #STRING} whose value is a word (no spaces, quotes, commas or control characters).
 * Error: {@code expected word}.</li>
 * <li>{@link #KEYWORD}: letters, digits, {@code _ . :} only, unquoted. Error: {@code expected keyword}.</li>
 * <li>{@link #ANY}: the argument text as written.</li>
 * </ul>
 */
public final class StringArg
{
    private StringArg()
    {
    }

    public static final ArgParser<String> STRING = (text, context) ->
    {
        final String s = string(text);
        if (s == null)
        {
            throw new ArgException("expected string");
        }
        return s;
    };

    public static final ArgParser<String> WORD = (text, context) ->
    {
        final String s = string(text);
        if (s == null || !ConfigStrings.isWord(s))
        {
            throw new ArgException("expected word");
        }
        return s;
    };

    public static final ArgParser<String> KEYWORD = (text, context) ->
    {
        if (text.isEmpty())
        {
            throw new ArgException("expected keyword");
        }
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
                || c == ':'))
            {
                throw new ArgException("expected keyword");
            }
        }
        return text;
    };

    public static final ArgParser<String> ANY = (text, context) -> text;

    /** Click's {@code cp_string} with no rest allowed: the unquoted single item, or {@code null}. */
    static String string(final String text)
    {
        final String[] split = ConfigStrings.shiftSpacevec(text);
        if (split[0].isEmpty() || !split[1].isEmpty() || !text.startsWith(split[0]))
        {
            return null;
        }
        return ConfigStrings.unquote(split[0]);
    }
}
