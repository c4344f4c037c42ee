package org.jclick.elements.rewriter;

import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.packet.Packet;

/**
 * Click's IPMapper interface: an element a rewriter input spec can name, which decides new flows' identities
 * (RoundRobinIPMapper, SourceIPHashMapper, MaglevMapper). Elements implementing it return themselves from
 * {@code cast("IPMapper")}.
 */
public interface IPMapper
{
    /** Called at configuration time by each rewriter input that names this mapper; reports bad output ports. */
    int notifyRewriter(RewriterBase rewriter, InputSpec input, ErrorHandler errh);

    /**
     * Fills {@code flow} (in: the new flow; out: its rewritten identity) and sets {@code input}'s forward and reply
     * outputs for the mapping; returns {@link RewriterBase#RW_ADDMAP}, or {@link RewriterBase#RW_DROP}.
     * {@code replyMap} is the table in which the reply identity must be free. Runs on the packet path.
     */
    int rewriteFlowid(InputSpec input, FlowId flow, FlowMap replyMap, Packet p);
}
