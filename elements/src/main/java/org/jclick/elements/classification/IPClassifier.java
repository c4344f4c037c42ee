package org.jclick.elements.classification;

import java.util.ArrayList;
import java.util.List;

import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;

/** Click's IPClassifier. */
@ElementDoc(
    synopsis = "IPClassifier(PATTERN_1, ..., PATTERN_N)",
    category = "IP classification",
    ports = "one push input, N push outputs (one per pattern)",
    description = """
        Sends each IP packet to the output of the first PATTERN it matches; packets matching none are dropped and
        counted. There must be exactly one pattern per output. The pattern language is IPFilter's (hosts, nets,
        ports, protocols, TCP flags, ICMP types, IP header fields, byte fields, and/or/not, parentheses, '?:'),
        without the action word: pattern i sends to output i. '-' matches every packet. Input packets need the IP
        header annotation.""",
    keywords = {},
    handlers = {"program (read): the compiled decision tree", "drops (read): packets that matched no pattern",
        "patternN (read/write): pattern N; writing it recompiles the classifier"},
    example = "IPClassifier(tcp dst port www, udp, icmp type echo, -)",
    seeAlso = {"IPFilter", "Classifier"})
public final class IPClassifier extends IPFilter
{
    private List<String> conf = List.of();

    @Override
    protected List<String> ruleTexts(final List<String> given, final List<String> errors)
    {
        final List<String> conf = given.size() == 1 && given.get(0).trim().isEmpty() ? List.of() : given;
        if (conf.size() != noutputs())
        {
            errors.add("need " + noutputs() + " arguments, one per output port");
            return null;
        }
        final List<String> out = new ArrayList<>();
        for (int i = 0; i < conf.size(); i++)
        {
            out.add(i + " " + conf.get(i).trim());
        }
        return out;
    }

    @Override
    protected boolean warnsUnusedOutputs()
    {
        return true;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        this.conf = List.copyOf(conf);
        return super.configure(conf, errh);
    }

    @Override
    public void addHandlers()
    {
        super.addHandlers();
        for (int i = 0; i < noutputs(); i++)
        {
            final int index = i;
            addReadHandler("pattern" + i, () -> index < conf.size() ? conf.get(index).trim() : "");
            addWriteHandler("pattern" + i, (value, errh) ->
            {
                final List<String> next = new ArrayList<>(conf);
                next.set(index, value.trim());
                final ClassifierProgram p = compileAndReport(next, errh, false);
                if (p == null)
                {
                    return ErrorHandler.FAILURE;
                }
                conf = List.copyOf(next);
                setProgram(p);
                return 0;
            });
        }
    }
}
