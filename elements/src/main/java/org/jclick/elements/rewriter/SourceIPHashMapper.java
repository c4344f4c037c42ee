package org.jclick.elements.rewriter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.packet.Packet;

/** Click's SourceIPHashMapper: chooses a pattern by consistent hashing of the source address. */
@ElementDoc(
    synopsis = "SourceIPHashMapper(NNODES SEED, PATTERN1, ..., PATTERNn)",
    category = "network address translation",
    ports = "none",
    description = """
        An IPMapper: a new flow is mapped with the pattern chosen by consistent hashing of its source address, so
        all flows of one client go to the same pattern (server), and adding or removing a pattern moves few
        clients. The hash ring holds NNODES points per pattern, placed by a hash seeded with SEED. PATTERNs are
        as for RoundRobinIPMapper. (The ring is jclick's own: the same configuration spreads clients like Click
        does in distribution, not client by client.)""",
    example = "sh :: SourceIPHashMapper(100 0xbadbeef, - - 10.0.0.1 - 0 1, - - 10.0.0.2 - 0 1);",
    seeAlso = {"RoundRobinIPMapper", "MaglevMapper", "IPRewriter"})
public final class SourceIPHashMapper extends Element implements IPMapper
{
    private final List<InputSpec> patterns = new ArrayList<>();
    private InputSpec[] is = new InputSpec[0];
    private long[] ringPoints = new long[0];
    private int[] ringOwner = new int[0];
    private int seed;

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
        return "IPMapper".equals(name) || "SourceIPHashMapper".equals(name) ? this : null;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        if (conf.size() < 2)
        {
            return errh.error("expected 'NNODES SEED, PATTERN, ...'");
        }
        final String[] first = conf.get(0).trim().split("\\s+");
        final Long nnodes = first.length == 2 ? parseLong(first[0]) : null;
        final Long s = first.length == 2 ? parseLong(first[1]) : null;
        if (nnodes == null || s == null || nnodes <= 0 || nnodes > 100_000)
        {
            return errh.error("expected 'NNODES SEED', NNODES a positive integer");
        }
        seed = (int)(long)s;
        boolean ok = true;
        for (final String arg : conf.subList(1, conf.size()))
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
        final int n = (int)(long)nnodes * is.length;
        final long[] points = new long[n];
        int k = 0;
        for (int i = 0; i < is.length; i++)
        {
            for (int j = 0; j < nnodes; j++)
            {
                final long h = mix(seed, i * 0x10001 + j) & 0xFFFFFFFFL;
                points[k++] = h << 20 | i; // owner in the low bits (fewer than 2^20 patterns)
            }
        }
        Arrays.sort(points);
        ringPoints = new long[n];
        ringOwner = new int[n];
        for (int i = 0; i < n; i++)
        {
            ringPoints[i] = points[i] >>> 20;
            ringOwner[i] = (int)(points[i] & 0xFFFFF);
        }
        return ok ? 0 : ErrorHandler.FAILURE;
    }

    private static Long parseLong(final String s)
    {
        try
        {
            return s.startsWith("0x") || s.startsWith("0X") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
        }
        catch (final NumberFormatException e)
        {
            return null;
        }
    }

    static int mix(final int seed, final int v)
    {
        int h = seed ^ v * 0x9E3779B1;
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return h;
    }

    /** Index of the pattern that serves source address {@code saddr}. */
    int patternFor(final int saddr)
    {
        final long h = mix(seed, saddr) & 0xFFFFFFFFL;
        int lo = 0;
        int hi = ringPoints.length;
        while (lo < hi)
        {
            final int mid = (lo + hi) >>> 1;
            if (ringPoints[mid] < h)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return ringOwner[lo == ringPoints.length ? 0 : lo];
    }

    @Override
    public int notifyRewriter(final RewriterBase rewriter, final InputSpec input, final ErrorHandler errh)
    {
        return MapperPatterns.check(this, patterns, rewriter, errh);
    }

    @Override
    public int rewriteFlowid(final InputSpec input, final FlowId flow, final FlowMap replyMap, final Packet p)
    {
        final InputSpec chosen = is[patternFor(flow.saddr)];
        if (chosen.pattern.rewrite(flow, replyMap) != RewriterBase.RW_ADDMAP)
        {
            return RewriterBase.RW_DROP;
        }
        input.foutput = chosen.foutput;
        input.routput = chosen.routput;
        return RewriterBase.RW_ADDMAP;
    }
}
