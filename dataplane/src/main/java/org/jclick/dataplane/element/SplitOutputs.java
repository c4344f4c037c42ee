package org.jclick.dataplane.element;

import org.jclick.dataplane.packet.PacketBatch;

/**
 * What the {@code pushBatch} of a {@link SplitAction} element needs: one batch per output, and a guard against
 * re-entry. The element sorts a batch with its {@code splitAction} and pushes each non-empty output batch on, in
 * output order; if a push loop brings packets back into the element while it is pushing, its output batches are
 * still in use, and the element must handle those packets one at a time ({@link #push} returns false). Made at
 * initialization; allocates nothing afterwards.
 */
public final class SplitOutputs
{
    private final PacketBatch[] outputs;
    private boolean splitting;

    /** Batches for {@code noutputs} outputs, each with room for the largest batch. */
    public SplitOutputs(final int noutputs)
    {
        outputs = new PacketBatch[noutputs];
        for (int o = 0; o < noutputs; o++)
        {
            outputs[o] = new PacketBatch(PacketBatch.MAX_CAPACITY);
        }
    }

    /**
     * {@code action.splitAction(port, batch, outputs)}, then each non-empty output batch pushed to {@code element}'s
     * output of the same number. Returns false, having done nothing, when called again while an earlier call is
     * still pushing (a push loop back to the element): the caller then processes {@code batch} packet by packet.
     */
    public boolean push(final Element element, final SplitAction action, final int port, final PacketBatch batch)
    {
        if (splitting)
        {
            return false;
        }
        splitting = true;
        try
        {
            final PacketBatch[] outs = outputs;
            action.splitAction(port, batch, outs);
            for (int o = 0; o < outs.length; o++)
            {
                final PacketBatch out = outs[o];
                if (!out.isEmpty())
                {
                    element.output(o).pushBatch(out);
                    out.clear();
                }
            }
        }
        finally
        {
            splitting = false;
        }
        return true;
    }
}
