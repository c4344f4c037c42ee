package org.jclick.elements.rewriter;

import org.jclick.dataplane.element.SplitAction;
import org.jclick.dataplane.element.SplitOutputs;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketBatch;

/**
 * The packet path IPRewriter, TCPRewriter and UDPRewriter share: one packet through
 * {@link #processTransport(int, Packet)}, a batch sorted by output once ({@link SplitAction}), then pushed per
 * output.
 */
public abstract class TransportRewriter extends RewriterBase implements SplitAction
{
    @Override
    public final void push(final int port, final Packet p)
    {
        processTransport(port, p);
    }

    /**
     * {@link #splitAction} into per-output batches, then each non-empty one pushed on; before initialization, or
     * re-entered from downstream (a push loop back here), one packet at a time.
     */
    @Override
    public final void pushBatch(final int port, final PacketBatch batch)
    {
        final SplitOutputs split = splitOutputs;
        if (split == null || !split.push(this, this, port, batch))
        {
            for (int i = 0, n = batch.size(); i < n; i++)
            {
                processTransport(port, batch.get(i));
            }
            batch.clear();
        }
    }

    @Override
    public final void splitAction(final int port, final PacketBatch batch, final PacketBatch[] outputs)
    {
        transportSplit(port, batch, outputs);
    }
}
