package org.jclick.elements.rewriter;

import java.util.ArrayList;
import java.util.List;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.packet.Packet;

/** Click's RoundRobinIPMapper. */
@ElementDoc(
    synopsis = "RoundRobinIPMapper(PATTERN1, ..., PATTERNn)",
    category = "network address translation",
    ports = "none",
    description = """
        An IPMapper for rewriter input specs: each new flow is mapped with the next pattern in turn, starting with
        the first (a pattern that has no free value is skipped). Each PATTERN is
        'SADDR SPORT DADDR DPORT FOUT ROUT' as in IPRewriter's 'pattern' input spec, or 'NAME FOUT ROUT' for a
        named pattern; the outputs are the rewriter's. Useful as a simple load balancer.""",
    example = """
        rr :: RoundRobinIPMapper(- - 10.0.0.1 - 0 1, - - 10.0.0.2 - 0 1);
        lb :: IPRewriter(rr, drop);""",
    seeAlso = {"IPRewriter", "SourceIPHashMapper", "MaglevMapper"})
public final class RoundRobinIPMapper extends Element implements IPMapper
{
    private final List<InputSpec> patterns = new ArrayList<>();
    private InputSpec[] is = new InputSpec[0];
    private int next;

    @Override
    public String portCount()
    {
        return PORTS_0_0;
    }

    @Override
    public int configurePhase()
    {
        return CONFIGURE_PHASE_DEFAULT - 1;
    }

    @Override
    public Object cast(final String name)
    {
        return "IPMapper".equals(name) || "RoundRobinIPMapper".equals(name) ? this : null;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        if (conf.isEmpty())
        {
            return errh.error("no patterns given");
        }
        boolean ok = true;
        for (final String arg : conf)
        {
            final InputSpec spec = new InputSpec();
            final String err = MapperPatterns.parse(arg, argContext(), n -> RewriterBase.namedPatterns(router()).get(n), spec);
            if (err != null)
            {
                errh.error(err);
                ok = false;
            }
            patterns.add(spec);
        }
        is = patterns.toArray(new InputSpec[0]);
        return ok ? 0 : ErrorHandler.FAILURE;
    }

    @Override
    public int notifyRewriter(final RewriterBase rewriter, final InputSpec input, final ErrorHandler errh)
    {
        return MapperPatterns.check(this, patterns, rewriter, errh);
    }

    @Override
    public int rewriteFlowid(final InputSpec input, final FlowId flow, final FlowMap replyMap, final Packet p)
    {
        final int n = is.length;
        final int sa = flow.saddr;
        final int sp = flow.sport;
        final int da = flow.daddr;
        final int dp = flow.dport;
        for (int i = 0; i < n; i++)
        {
            final int j = next;
            next = j + 1 == n ? 0 : j + 1;
            flow.set(sa, sp, da, dp);
            if (is[j].pattern.rewrite(flow, replyMap) == RewriterBase.RW_ADDMAP)
            {
                input.foutput = is[j].foutput;
                input.routput = is[j].routput;
                return RewriterBase.RW_ADDMAP;
            }
        }
        return RewriterBase.RW_DROP;
    }
}
