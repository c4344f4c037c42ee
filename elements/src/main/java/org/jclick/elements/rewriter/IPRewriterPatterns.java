package org.jclick.elements.rewriter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;

/** Click's IPRewriterPatterns: named rewriter patterns. */
@ElementDoc(
    synopsis = "IPRewriterPatterns(NAME SADDR SPORT DADDR DPORT, ...)",
    category = "network address translation",
    ports = "none",
    description = """
        Gives names to rewriting patterns, so that rewriter input specs can say 'pattern NAME FOUT ROUT'. Names are
        global to the router. Every input using a name uses the same pattern object: a sequential ('#') range
        then hands out values from one counter to all of them. A pattern has the IPRewriter forms
        'SADDR SPORT DADDR DPORT' or 'SADDR DADDR'.""",
    example = "IPRewriterPatterns(to_world 203.0.113.1 1024-65535# - -);\nnat :: IPRewriter(pattern to_world 0 1);",
    seeAlso = {"IPRewriter"})
public final class IPRewriterPatterns extends Element
{
    @Override
    public String portCount()
    {
        return PORTS_0_0;
    }

    @Override
    public int configurePhase()
    {
        return CONFIGURE_PHASE_INFO;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final Map<String, Pattern> named = RewriterBase.namedPatterns(router());
        boolean ok = true;
        for (final String arg : conf)
        {
            final List<String> words = new ArrayList<>(Arrays.asList(arg.trim().split("\\s+")));
            if (words.isEmpty() || words.get(0).isEmpty())
            {
                continue;
            }
            final String name = words.remove(0);
            if (named.containsKey(name))
            {
                errh.error("pattern '" + name + "' already defined");
                ok = false;
                continue;
            }
            try
            {
                named.put(name, Pattern.parse(words, argContext(), named::get));
            }
            catch (final Pattern.PatternException e)
            {
                errh.error(e.getMessage());
                ok = false;
            }
        }
        return ok ? 0 : ErrorHandler.FAILURE;
    }
}
