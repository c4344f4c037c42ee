package org.jclick.elements.rewriter;

import org.jclick.dataplane.packet.Packet;

/** One rewriter input's INPUTSPEC (Click's IPRewriterInput): what happens to packets with no mapping. */
public final class InputSpec
{
    static final int DROP = 0;
    static final int NOCHANGE = 1;
    static final int KEEP = 2;
    static final int PATTERN = 3;
    static final int MAPPER = 4;

    int kind = DROP;
    /** Output of the forward direction (or of unchanged packets, for {@code pass}). */
    public int foutput;
    /** Output of the reply direction. */
    public int routput;
    int count;
    int failures;
    Pattern pattern;
    IPMapper mapper;

    /** Click's {@code rewrite_flowid}: RW_ADDMAP, RW_DROP, or (for {@code pass}) the output port. */
    int rewrite(final FlowId flow, final FlowMap replyMap, final Packet p)
    {
        final int r;
        switch (kind)
        {
            case NOCHANGE:
                return foutput;
            case KEEP:
                return RewriterBase.RW_ADDMAP;
            case PATTERN:
                r = pattern.rewrite(flow, replyMap,
                    pattern.shard() == null ? -1 : p.u8(p.networkHeaderOffset() + 9));
                break;
            case MAPPER:
                r = mapper.rewriteFlowid(this, flow, replyMap, p);
                break;
            default:
                return RewriterBase.RW_DROP;
        }
        if (r == RewriterBase.RW_DROP)
        {
            failures++;
        }
        return r;
    }

    String unparse()
    {
        final String s = switch (kind)
        {
            case NOCHANGE -> "<nochange>";
            case KEEP -> "<keep>";
            case PATTERN -> pattern.unparse();
            case MAPPER -> "<mapper>";
            default -> "<drop>";
        };
        return count != 0 ? s + " [" + Integer.toUnsignedString(count) + "]" : s;
    }
}
