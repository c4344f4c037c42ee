package org.jclick.dataplane.element;

import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketBatch;

/**
 * Click's {@code simple_action} elements: one input, one output (or a second output for rejects, see
 * {@link #reject}), agnostic, each packet handled alone by {@link #simpleAction}. Push, pull and batch paths all
 * funnel into it.
 */
public abstract class SimpleElement extends Element implements BatchAction
{
    @Override
    public String portCount()
    {
        return PORTS_1_1;
    }

    /**
     * Handles one packet: returns the packet to emit on output 0 (possibly a different one), or null when the
     * packet was killed or sent elsewhere.
     */
    public abstract Packet simpleAction(Packet p);

    @Override
    public final void push(final int port, final Packet p)
    {
        final Packet q = simpleAction(p);
        if (q != null)
        {
            output(0).push(q);
        }
    }

    @Override
    public final Packet pull(final int port)
    {
        final Packet p = input(0).pull();
        return p == null ? null : simpleAction(p);
    }

    @Override
    public void pushBatch(final int port, final PacketBatch batch)
    {
        batchAction(port, batch);
        if (!batch.isEmpty())
        {
            output(0).pushBatch(batch);
        }
        batch.clear();
    }

    /** Runs {@link #simpleAction} on every packet, keeping the packets it returns, in order. */
    @Override
    public final void batchAction(final int port, final PacketBatch batch)
    {
        int kept = 0;
        for (int i = 0, n = batch.size(); i < n; i++)
        {
            final Packet q = simpleAction(batch.get(i));
            if (q != null)
            {
                batch.set(kept++, q);
            }
        }
        batch.truncate(kept);
    }

    @Override
    public final Packet action(final int port, final Packet p)
    {
        return simpleAction(p);
    }

    /**
     * Sends a packet the action refuses to output 1 if it exists, else kills it (Click's {@code checked_output_push(1,
     * p)} idiom). Returns null so that {@code return reject(p);} reads naturally.
     */
    protected final Packet reject(final Packet p)
    {
        checkedOutputPush(1, p);
        return null;
    }
}
