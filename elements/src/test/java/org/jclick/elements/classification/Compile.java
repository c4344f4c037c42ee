package org.jclick.elements.classification;

import java.util.ArrayList;
import java.util.List;

import org.jclick.dataplane.args.ArgContext;

/** Compiles patterns for tests, failing on errors. */
final class Compile
{
    private Compile()
    {
    }

    /** Rule i: pattern i to output i (IPClassifier style). */
    static List<Expr.Rule> ipRules(final String... patterns)
    {
        final List<String> errors = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        final List<Expr.Rule> rules = new ArrayList<>();
        for (int i = 0; i < patterns.length; i++)
        {
            final Expr e = IPFilterParser.parseExpression(IPFilterParser.tokenize(patterns[i]), ArgContext.EMPTY,
                "pattern " + i + ": ", errors, warnings);
            if (e != null)
            {
                rules.add(new Expr.Rule(e, i));
            }
        }
        if (!errors.isEmpty())
        {
            throw new AssertionError(errors.toString());
        }
        return rules;
    }

    static ClassifierProgram ip(final String... patterns)
    {
        return ProgramCompiler.compile(ClassifierProgram.Layout.IP, ipRules(patterns));
    }

    static List<Expr.Rule> dataRules(final String... patterns)
    {
        final List<String> errors = new ArrayList<>();
        final List<Expr.Rule> rules = new ArrayList<>();
        for (int i = 0; i < patterns.length; i++)
        {
            rules.add(new Expr.Rule(ClassifierPatternParser.parse(patterns[i], i, errors), i));
        }
        if (!errors.isEmpty())
        {
            throw new AssertionError(errors.toString());
        }
        return rules;
    }

    static ClassifierProgram data(final String... patterns)
    {
        return ProgramCompiler.compile(ClassifierProgram.Layout.DATA, dataRules(patterns));
    }

    /** Errors (then warnings) from parsing one IPFilter expression. */
    static List<String> ipErrors(final String pattern)
    {
        final List<String> errors = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        IPFilterParser.parseExpression(IPFilterParser.tokenize(pattern), ArgContext.EMPTY, "pattern 0: ", errors,
            warnings);
        errors.addAll(warnings);
        return errors;
    }

    static List<String> dataErrors(final String pattern)
    {
        final List<String> errors = new ArrayList<>();
        ClassifierPatternParser.parse(pattern, 0, errors);
        return errors;
    }
}
