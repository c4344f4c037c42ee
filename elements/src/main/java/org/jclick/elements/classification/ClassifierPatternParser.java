package org.jclick.elements.classification;

import java.util.List;

/**
 * Parses Classifier patterns ({@code 12/0800}, {@code 14/45%f0}, {@code !0/ff??}, {@code -}) into {@link Expr}s
 * over the {@link ClassifierProgram.Layout#DATA} layout. A pattern is a space-separated list of clauses, all of
 * which must hold; {@code -} or an empty pattern matches everything.
 */
public final class ClassifierPatternParser
{
    private ClassifierPatternParser()
    {
    }

    /**
     * Parses pattern number {@code slot}. Problems are appended to {@code errors} with Click's wording; the result is
     * null if there was any.
     */
    public static Expr parse(final String pattern, final int slot, final List<String> errors)
    {
        final String s = pattern;
        final int len = s.length();
        if (s.equals("-"))
        {
            return Expr.TRUE;
        }
        final int errorsBefore = errors.size();
        Expr result = null;
        int i = 0;
        while (i < len)
        {
            while (i < len && Character.isWhitespace(s.charAt(i)))
            {
                i++;
            }
            if (i >= len)
            {
                break;
            }
            boolean negated = false;
            if (s.charAt(i) == '!')
            {
                negated = true;
                i++;
                while (i < len && Character.isWhitespace(s.charAt(i)))
                {
                    i++;
                }
            }
            if (i >= len || !isDigit(s.charAt(i)))
            {
                errors.add("pattern " + slot + ": expected a digit");
                break;
            }
            long offset = 0;
            while (i < len && isDigit(s.charAt(i)))
            {
                offset = Math.min(offset * 10 + (s.charAt(i) - '0'), Integer.MAX_VALUE);
                i++;
            }
            if (i >= len || s.charAt(i) != '/')
            {
                errors.add("pattern " + slot + ": expected '/'");
                break;
            }
            i++;
            int valuePos = i;
            while (i < len && isHexOrWild(s.charAt(i)))
            {
                i++;
            }
            int valueEnd = i;
            int maskPos = -1;
            int maskEnd = -1;
            if (i < len && s.charAt(i) == '%')
            {
                i++;
                maskPos = i;
                while (i < len && isHexOrWild(s.charAt(i)))
                {
                    i++;
                }
                maskEnd = i;
            }
            final int clauseErrors = errors.size();
            if (valueEnd - valuePos < 2)
            {
                errors.add("pattern " + slot + ": value has less than 2 hex digits");
                valueEnd = valuePos;
                maskEnd = maskPos;
            }
            if ((valueEnd - valuePos) % 2 != 0)
            {
                errors.add("pattern " + slot + ": value has odd number of hex digits");
                valueEnd--;
                maskEnd--;
            }
            if (maskPos >= 0 && maskEnd - maskPos != valueEnd - valuePos)
            {
                final boolean tooMany = maskEnd - maskPos > valueEnd - valuePos;
                errors.add("pattern " + slot + ": mask has too " + (tooMany ? "many" : "few") + " hex digits");
                if (tooMany)
                {
                    maskEnd = maskPos + valueEnd - valuePos;
                }
                else
                {
                    valueEnd = valuePos + maskEnd - maskPos;
                }
            }
            if (errors.size() > clauseErrors)
            {
                continue; // reported; go on to find problems in later clauses
            }
            if (offset + (valueEnd - valuePos) / 2 > Integer.MAX_VALUE - 8)
            {
                errors.add("pattern " + slot + ": offset too large");
                break;
            }
            // Build one word test per 32-bit word the clause touches.
            Expr clause = null;
            int wordOffset = -1;
            int wordMask = 0;
            int wordValue = 0;
            int byteOffset = (int)offset;
            for (int v = valuePos, m = maskPos; v + 1 < valueEnd; v += 2, m += 2)
            {
                int byteValue = (nibbleValue(s.charAt(v)) << 4) | nibbleValue(s.charAt(v + 1));
                int byteMask = (nibbleMask(s.charAt(v)) << 4) | nibbleMask(s.charAt(v + 1));
                if (maskPos >= 0)
                {
                    final int given = (nibbleValue(s.charAt(m)) << 4) | nibbleValue(s.charAt(m + 1));
                    final int givenMask = (nibbleMask(s.charAt(m)) << 4) | nibbleMask(s.charAt(m + 1));
                    byteMask &= given & givenMask;
                }
                byteValue &= byteMask;
                final int w = byteOffset & ~3;
                if (w != wordOffset)
                {
                    clause = addWord(clause, wordOffset, wordMask, wordValue);
                    wordOffset = w;
                    wordMask = 0;
                    wordValue = 0;
                }
                final int shift = 8 * (3 - (byteOffset & 3));
                wordMask |= byteMask << shift;
                wordValue |= byteValue << shift;
                byteOffset++;
            }
            clause = addWord(clause, wordOffset, wordMask, wordValue);
            if (clause == null)
            {
                clause = Expr.TRUE;
            }
            if (negated)
            {
                clause = new Expr.Not(clause);
            }
            result = Expr.and(result, clause);
        }
        if (errors.size() > errorsBefore)
        {
            return null;
        }
        return result == null ? Expr.TRUE : result;
    }

    private static Expr addWord(final Expr clause, final int offset, final int mask, final int value)
    {
        if (offset < 0 || mask == 0)
        {
            return clause;
        }
        return Expr.and(clause, Expr.Test.eq(offset, mask, value));
    }

    private static boolean isDigit(final char c)
    {
        return c >= '0' && c <= '9';
    }

    private static boolean isHexOrWild(final char c)
    {
        return c == '?' || Character.digit(c, 16) >= 0 && c < 128;
    }

    private static int nibbleValue(final char c)
    {
        return c == '?' ? 0 : Character.digit(c, 16);
    }

    private static int nibbleMask(final char c)
    {
        return c == '?' ? 0 : 0xF;
    }
}
