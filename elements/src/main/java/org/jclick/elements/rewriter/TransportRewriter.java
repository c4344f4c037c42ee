package org.jclick.elements.rewriter;

import org.jclick.dataplane.element.SplitAction;
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

    @Override
    public final void pushBatch(final int port, final PacketBatch batch)
    {
        transportBatch(port, batch);
    }

    @Override
    public final void splitAction(final int port, final PacketBatch batch, final PacketBatch[] outputs)
    {
        transportSplit(port, batch, outputs);
    }
}
