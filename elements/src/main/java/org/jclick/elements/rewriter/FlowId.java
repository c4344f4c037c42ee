package org.jclick.elements.rewriter;

import org.jclick.dataplane.args.IPAddressArg;

/** A mutable flow identity (addresses as big-endian ints, ports 0-65535); rewriters keep one as scratch. */
public final class FlowId
{
    public int saddr;
    public int sport;
    public int daddr;
    public int dport;

    public FlowId set(final int sa, final int sp, final int da, final int dp)
    {
        saddr = sa;
        sport = sp;
        daddr = da;
        dport = dp;
        return this;
    }

    int ports()
    {
        return sport << 16 | dport;
    }

    /** Click's IPFlowID unparse: {@code (sa, sp, da, dp)}. */
    static void unparse(final StringBuilder sb, final int sa, final int sp, final int da, final int dp)
    {
        sb.append('(').append(IPAddressArg.unparse(sa)).append(", ").append(sp).append(", ")
            .append(IPAddressArg.unparse(da)).append(", ").append(dp).append(')');
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder();
        unparse(sb, saddr, sport, daddr, dport);
        return sb.toString();
    }
}
