package org.jclick.elements.classification;

import java.util.ArrayList;
import java.util.List;

import org.jclick.dataplane.element.ElementDoc;

/** Click's Classifier. */
@ElementDoc(
    synopsis = "Classifier(PATTERN_1, ..., PATTERN_N)",
    category = "classification",
    ports = "one push input, N push outputs (one per pattern)",
    description = """
        Looks at bytes of each packet and sends it to the output of the first pattern it matches; a packet that
        matches no pattern is dropped and counted. A pattern is a space-separated list of clauses, all of which
        must hold. A clause OFFSET/VALUE compares the bytes starting OFFSET bytes into the packet data with the hex
        digits VALUE (two digits per byte, so VALUE's length sets how many bytes are compared). A '?' digit matches
        anything. OFFSET/VALUE%MASK compares only the bits set in the hex MASK, which must have as many digits as
        VALUE. A leading '!' negates a clause. The pattern '-' (or an empty pattern) matches every packet. A clause
        that reaches past the end of the packet is false (so its negation is true); bytes past the end are never
        read.

        The patterns are compiled into one decision tree over 32-bit words, with tests shared between patterns,
        redundant tests skipped and patterns that can never match removed; the program handler shows it.""",
    keywords = {},
    handlers = {"program (read): the compiled decision tree, one step per line",
        "drops (read): packets that matched no pattern"},
    example = """
        c :: Classifier(12/0806 20/0001, 12/0806 20/0002, 12/0800, -);
        // ARP requests to 0, ARP replies to 1, IPv4 to 2, everything else to 3""",
    seeAlso = {"IPClassifier", "IPFilter"})
public final class Classifier extends ClassifierElement
{
    @Override
    protected ClassifierProgram compile(final List<String> conf, final List<String> errors,
        final List<String> warnings)
    {
        // an empty configuration has no arguments at all
        final List<String> patterns = conf.size() == 1 && conf.get(0).trim().isEmpty() ? List.of() : conf;
        if (patterns.size() != noutputs())
        {
            errors.add("need " + noutputs() + " arguments, one per output port");
            return null;
        }
        final List<Expr.Rule> rules = new ArrayList<>();
        for (int i = 0; i < patterns.size(); i++)
        {
            final Expr e = ClassifierPatternParser.parse(patterns.get(i).trim(), i, errors);
            if (e != null)
            {
                rules.add(new Expr.Rule(e, i));
            }
        }
        if (!errors.isEmpty())
        {
            return null;
        }
        return ProgramCompiler.compile(ClassifierProgram.Layout.DATA, rules);
    }
}
