package org.jclick.elements.rewriter;

import java.util.List;

import org.jclick.dataplane.args.ArgContext;
import org.jclick.dataplane.args.IPAddressArg;
import org.jclick.dataplane.args.IPPrefixArg;
import org.jclick.dataplane.args.Ip4Prefix;
import org.jclick.dataplane.runtime.ClickRandom;
import org.jclick.dataplane.runtime.FlowHash;
import org.jclick.dataplane.runtime.Shard;

/**
 * A rewriting pattern {@code SADDR SPORT DADDR DPORT} (or {@code SADDR DADDR}): fixed fields replace the flow's,
 * {@code -} (stored as 0) keeps them, and one variable field (a source port range, or for address patterns a
 * source address range or prefix) is chosen so that the resulting reply identity is free in the reply table.
 * One pattern object may serve several inputs (named patterns); its sequential counter is then shared.
 */
public final class Pattern
{
    final int saddr;
    final int sport;
    final int daddr;
    final int dport;
    final boolean napt;
    final boolean sequential;
    final boolean sameFirst;
    final int variationTop;
    private int nextVariation;
    /** This router's shard under jclick's --threads N, or null: then every free variation will do. */
    private Shard shard;

    Pattern(final int saddr, final int sport, final int daddr, final int dport, final boolean napt,
        final boolean sequential, final boolean sameFirst, final int variationTop)
    {
        this.saddr = saddr;
        this.sport = sport;
        this.daddr = daddr;
        this.dport = dport;
        this.napt = napt;
        this.sequential = sequential;
        this.sameFirst = sameFirst;
        this.variationTop = variationTop;
    }

    /** A pattern error, with Click's message. */
    static final class PatternException extends Exception
    {
        private static final long serialVersionUID = 1L;

        PatternException(final String message)
        {
            super(message, null, false, false);
        }
    }

    /** Parses 1 to 4 words (1: a pattern name looked up with {@code named}). */
    static Pattern parse(final List<String> words, final ArgContext context, final java.util.function.Function<String, Pattern> named)
        throws PatternException
    {
        if (words.isEmpty() || words.size() > 4)
        {
            throw new PatternException("syntax error");
        }
        if (words.size() == 1)
        {
            final Pattern p = named == null ? null : named.apply(words.get(0));
            if (p == null)
            {
                throw new PatternException("no such pattern '" + words.get(0) + "'");
            }
            return p;
        }
        final int[] v = new int[6]; // saddr, sport, daddr, dport, variation, flags (1 sequential, 2 not-same-first)
        int i = 0;
        final String w0 = words.get(0);
        if (!(w0.equals("-") || parseAddress(w0, context, v) || addressVariation(w0, context, v)))
        {
            throw new PatternException("bad source address");
        }
        if (words.size() >= 3)
        {
            i = words.size() == 3 ? 2 : 1;
            final String w = words.get(i);
            if (!(w.equals("-") || portValue(w, v, 1) || portVariation(w, v)))
            {
                throw new PatternException("bad source port");
            }
            i = words.size() == 3 ? 0 : 1;
        }
        i++;
        final String wd = words.get(i);
        if (!wd.equals("-"))
        {
            try
            {
                v[2] = IPAddressArg.INSTANCE.parse(wd, context);
            }
            catch (final RuntimeException e)
            {
                throw new PatternException("bad destination address");
            }
        }
        if (words.size() == 4)
        {
            i++;
            final String w = words.get(i);
            if (!(w.equals("-") || portValue(w, v, 3)))
            {
                throw new PatternException("bad destination port");
            }
        }
        return new Pattern(v[0], v[1], v[2], v[3], words.size() >= 3, (v[5] & 1) != 0, (v[5] & 2) == 0, v[4]);
    }

    private static boolean parseAddress(final String w, final ArgContext context, final int[] v)
    {
        try
        {
            v[0] = IPAddressArg.INSTANCE.parse(w, context);
            return true;
        }
        catch (final RuntimeException e)
        {
            return false;
        }
    }

    private static String stripSuffix(final String w, final int[] v)
    {
        if (w.endsWith("#"))
        {
            v[5] |= 3;
            return w.substring(0, w.length() - 1);
        }
        if (w.endsWith("?"))
        {
            v[5] |= 2;
            return w.substring(0, w.length() - 1);
        }
        return w;
    }

    private static boolean addressVariation(final String word, final ArgContext context, final int[] v)
    {
        final int saved = v[5];
        final String w = stripSuffix(word, v);
        final int dash = w.indexOf('-');
        try
        {
            if (dash >= 0)
            {
                final int a = IPAddressArg.INSTANCE.parse(w.substring(0, dash), context);
                final int b = IPAddressArg.INSTANCE.parse(w.substring(dash + 1), context);
                if (Integer.compareUnsigned(b, a) >= 0)
                {
                    v[0] = a;
                    v[4] = b - a;
                    return true;
                }
            }
            else
            {
                final Ip4Prefix p = IPPrefixArg.ADDRESS_OR_PREFIX.parse(w, context);
                final int mask = p.mask();
                if (p.address() != 0 && mask != 0)
                {
                    if (mask == -1)
                    {
                        v[0] = p.address();
                        v[4] = 0;
                    }
                    else if (mask == 0xFFFFFFFE)
                    {
                        v[0] = p.address() & mask;
                        v[4] = 1;
                    }
                    else
                    {
                        v[0] = (p.address() & mask) | 1;
                        v[4] = ~mask - 2;
                    }
                    return true;
                }
            }
        }
        catch (final RuntimeException e)
        {
            // fall through
        }
        v[5] = saved;
        return false;
    }

    private static boolean portValue(final String w, final int[] v, final int index)
    {
        final Integer x = parseInt(w);
        if (x != null && x > 0 && x < 65536)
        {
            v[index] = x;
            return true;
        }
        return false;
    }

    private static boolean portVariation(final String word, final int[] v)
    {
        final int saved = v[5];
        final String w = stripSuffix(word, v);
        final int dash = w.indexOf('-');
        final Integer lo = parseInt(dash < 0 ? w : w.substring(0, dash));
        final Integer hi = dash < 0 ? null : parseInt(w.substring(dash + 1));
        if (lo != null && hi != null && lo >= 0 && hi >= lo && hi < 65536)
        {
            v[1] = lo;
            v[4] = hi - lo;
            return true;
        }
        v[5] = saved;
        return false;
    }

    private static Integer parseInt(final String s)
    {
        if (s.isEmpty() || s.length() > 10)
        {
            return null;
        }
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            if (!(c >= '0' && c <= '9') && !(i == 0 && (c == '+' || c == '-') && s.length() > 1))
            {
                return null;
            }
        }
        final long x = Long.parseLong(s);
        return x > Integer.MAX_VALUE || x < Integer.MIN_VALUE ? null : (int)x;
    }

    /**
     * Click's {@code IPRewriterPattern::rewrite_flowid}: fills {@code id} (in: the flow; out: its new identity)
     * and returns {@link RewriterBase#RW_ADDMAP}, or {@link RewriterBase#RW_DROP} when no variation is free in
     * {@code replyMap}.
     */
    int rewrite(final FlowId id, final FlowMap replyMap)
    {
        return rewrite(id, replyMap, -1);
    }

    /**
     * Makes the pattern choose, in replica {@code shard} of jclick's {@code --threads N}, only variations (ports or
     * addresses) whose reply flow hashes to that shard ({@link FlowHash}), so that the replies come back to the replica
     * that holds the mapping, and two replicas never hand out the same reply identity. Null: no such restriction.
     */
    void setShard(final Shard shard)
    {
        this.shard = shard;
    }

    Shard shard()
    {
        return shard;
    }

    /** Whether the reply {@code rsa:rsp -> rda:rdp} of protocol {@code proto} comes back to this replica. */
    private boolean ours(final int rsa, final int rda, final int rsp, final int rdp, final int proto)
    {
        final Shard s = shard;
        return s == null || proto < 0 ||
            FlowHash.shardOf(FlowHash.ipv4(rsa, rda, proto, rsp, rdp), s.count()) == s.index();
    }

    /**
     * As {@link #rewrite(FlowId, FlowMap)}; {@code proto} (the IP protocol, or -1 for unknown) lets a sharded replica
     * pick only variations whose replies hash to it (see {@link #setShard}).
     */
    int rewrite(final FlowId id, final FlowMap replyMap, final int proto)
    {
        final int origSport = id.sport;
        if (saddr != 0)
        {
            id.saddr = saddr;
        }
        if (sport != 0)
        {
            id.sport = sport;
        }
        if (daddr != 0)
        {
            id.daddr = daddr;
        }
        if (dport != 0)
        {
            id.dport = dport;
        }
        if (variationTop == 0)
        {
            return RewriterBase.RW_ADDMAP;
        }
        // the reply identity to test: (daddr, dport) -> (saddr, sport)
        final int rsa = id.daddr;
        final int rsp = id.dport;
        int rda = id.saddr;
        int rdp = id.sport;
        final int base = napt ? sport : saddr;
        final long top = variationTop & 0xFFFFFFFFL;
        long val;
        if (sameFirst && (val = (origSport - base) & 0xFFFFFFFFL) <= top)
        {
            rdp = origSport;
            if (replyMap.find(rsa, rda, rsp << 16 | rdp) < 0 && ours(rsa, rda, rsp, rdp, proto))
            {
                return found(id, rda, rdp, val);
            }
        }
        if (sequential)
        {
            val = (nextVariation & 0xFFFFFFFFL) > top ? 0 : nextVariation & 0xFFFFFFFFL;
        }
        else
        {
            val = nextRandom(top);
        }
        for (long count = 0; count <= top; count++, val = val == top ? 0 : val + 1)
        {
            if (napt)
            {
                rdp = (int)((base + val) & 0xFFFF);
            }
            else
            {
                rda = (int)(base + val);
            }
            if (replyMap.find(rsa, rda, rsp << 16 | rdp) < 0 && ours(rsa, rda, rsp, rdp, proto))
            {
                return found(id, rda, rdp, val);
            }
        }
        return RewriterBase.RW_DROP;
    }

    private int found(final FlowId id, final int rda, final int rdp, final long val)
    {
        if (napt)
        {
            id.sport = rdp;
        }
        else
        {
            id.saddr = rda;
        }
        nextVariation = (int)(val + 1);
        return RewriterBase.RW_ADDMAP;
    }

    /** Click's {@code click_random(0, top)}: the process-wide generator RandomSeed seeds. */
    private static long nextRandom(final long top)
    {
        return ClickRandom.random(0, top);
    }

    /** Click's unparse, e.g. {@code 1.0.0.1 1024-65535 - -} or {@code 1.0.0.1-1.0.0.254 -}. */
    public String unparse()
    {
        final StringBuilder sb = new StringBuilder();
        if (!napt && variationTop != 0)
        {
            sb.append(IPAddressArg.unparse(saddr)).append('-').append(IPAddressArg.unparse(saddr + variationTop));
        }
        else if (saddr != 0)
        {
            sb.append(IPAddressArg.unparse(saddr));
        }
        else
        {
            sb.append('-');
        }
        if (napt)
        {
            if (sport == 0)
            {
                sb.append(" -");
            }
            else if (variationTop != 0)
            {
                sb.append(' ').append(sport).append('-').append(sport + variationTop);
            }
            else
            {
                sb.append(' ').append(sport);
            }
        }
        sb.append(' ').append(daddr != 0 ? IPAddressArg.unparse(daddr) : "-");
        if (napt)
        {
            sb.append(' ').append(dport != 0 ? Integer.toString(dport) : "-");
        }
        return sb.toString();
    }

    @Override
    public String toString()
    {
        return unparse();
    }
}
