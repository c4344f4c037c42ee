package org.jclick.elements.standard;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketBatch;
import org.jclick.dataplane.runtime.Notifier;

/** Click's Idle. */
@ElementDoc(
    synopsis = "Idle",
    category = "basic sinks",
    ports = "any number of agnostic inputs, any number of agnostic outputs",
    description = """
        Never emits a packet and never pulls one. Packets pushed into it are freed. Useful to give otherwise
        unconnected ports a peer. Idle publishes an empty notifier and a full notifier that are never active, so
        an element pulling from Idle (through notifier-aware paths) goes to sleep, and a source pushing into Idle
        sleeps too.""",
    example = "Idle -> [1]sched;  // an input that never has packets",
    seeAlso = {"Discard"})
public final class Idle extends Element
{
    private final Notifier notifier = Notifier.idleNotifier();

    @Override
    public String portCount()
    {
        return "-/-";
    }

    @Override
    public String flowCode()
    {
        return "x/y";
    }

    @Override
    public Object cast(final String name)
    {
        if (Notifier.EMPTY_NOTIFIER.equals(name) || Notifier.FULL_NOTIFIER.equals(name))
        {
            return notifier;
        }
        return null;
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

    @Override
    public Packet pull(final int port)
    {
        return null;
    }

    @Override
    public int pullBatch(final int port, final PacketBatch batch, final int max)
    {
        return 0;
    }
}
