package org.jclick.dataplane.element;

import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketBatch;

/**
 * Click's {@code Element::Port}: one input or output of an element, bound to its peer when the port is active (a
 * push output or a pull input). Calls go straight to the peer element: one virtual call per hop, which the graph
 * compiler later replaces with direct calls.
 */
public final class Port
{
    private final Element owner;
    private final int ownerPort;
    private final boolean output;
    private final boolean push;
    private final Element peer;
    private final int peerPort;

    /**
     * @param owner the element this port belongs to
     * @param ownerPort its port number
     * @param output whether it is an output
     * @param push whether its processing resolved to push
     * @param peer the connected element for an active port (push output / pull input), else null
     * @param peerPort the peer's port number, or -1
     */
    public Port(final Element owner, final int ownerPort, final boolean output, final boolean push,
        final Element peer, final int peerPort)
    {
        this.owner = owner;
        this.ownerPort = ownerPort;
        this.output = output;
        this.push = push;
        this.peer = peer == null ? DeadEnd.INSTANCE : peer;
        this.peerPort = peer == null ? -1 : peerPort;
    }

    public Element owner()
    {
        return owner;
    }

    public int port()
    {
        return ownerPort;
    }

    public boolean isOutput()
    {
        return output;
    }

    public boolean isPush()
    {
        return push;
    }

    /** Click's {@code active()}: a push output or a pull input, i.e. a port that initiates transfers. */
    public boolean isActive()
    {
        return output == push;
    }

    /** The element this port hands packets to (push output) or takes them from (pull input). */
    public Element peer()
    {
        return peer;
    }

    public int peerPort()
    {
        return peerPort;
    }

    /** Pushes {@code p} to the connected element. */
    public void push(final Packet p)
    {
        peer.push(peerPort, p);
    }

    /** Pushes a batch to the connected element (see {@link Element#pushBatch} for ownership). */
    public void pushBatch(final PacketBatch batch)
    {
        peer.pushBatch(peerPort, batch);
    }

    /** Pulls a packet from the connected element; null when it has none. */
    public Packet pull()
    {
        return peer.pull(peerPort);
    }

    /** Pulls up to {@code max} packets into {@code batch}; returns how many. */
    public int pullBatch(final PacketBatch batch, final int max)
    {
        return peer.pullBatch(peerPort, batch, max);
    }

    @Override
    public String toString()
    {
        return owner.name() + (output ? " output " : " input ") + ownerPort + (push ? " (push)" : " (pull)");
    }

    /** The peer of an inactive port: kills what is pushed, gives nothing when pulled. */
    static final class DeadEnd extends Element
    {
        static final DeadEnd INSTANCE = new DeadEnd();

        @Override
        public String className()
        {
            return "<dead end>";
        }

        @Override
        public void push(final int port, final Packet p)
        {
            p.kill();
        }

        @Override
        public void pushBatch(final int port, final PacketBatch batch)
        {
            batch.killAll();
        }
    }
}
