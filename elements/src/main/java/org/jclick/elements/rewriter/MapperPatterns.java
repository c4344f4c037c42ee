package org.jclick.elements.rewriter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jclick.dataplane.args.ArgContext;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ErrorHandler;

/** The patterns of a mapper element: each 'SADDR SPORT DADDR DPORT FOUT ROUT' (or a named pattern with FOUT ROUT). */
final class MapperPatterns
{
    private MapperPatterns()
    {
    }

    /** Parses one pattern-with-ports argument into {@code is}; returns an error text or null. */
    static String parse(final String arg, final ArgContext context,
        final java.util.function.Function<String, Pattern> named, final InputSpec is)
    {
        final List<String> words = new ArrayList<>(Arrays.asList(arg.trim().split("\\s+")));
        if (words.size() <= 2)
        {
            return "syntax error";
        }
        final List<String> ports = new ArrayList<>(words.subList(words.size() - 2, words.size()));
        try
        {
            is.pattern = Pattern.parse(words.subList(0, words.size() - 2), context, named);
        }
        catch (final Pattern.PatternException e)
        {
            return e.getMessage();
        }
        final String err = RewriterBase.parsePorts(ports, is);
        if (err != null)
        {
            return err;
        }
        is.kind = InputSpec.PATTERN;
        return null;
    }

    /** Checks the patterns' outputs against {@code rewriter}'s. */
    static int check(final Element mapper, final List<InputSpec> patterns, final RewriterBase rewriter,
        final ErrorHandler errh)
    {
        for (int i = 0; i < patterns.size(); i++)
        {
            final InputSpec is = patterns.get(i);
            if (is.foutput < 0 || is.foutput >= rewriter.noutputs() || is.routput < 0
                || is.routput >= rewriter.noutputs())
            {
                return errh.error("output port out of range in " + mapper.declaration() + " pattern " + i);
            }
        }
        return 0;
    }
}
