package org.jclick.elements.standard;

import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketBatch;

/** Click's Null. */
@ElementDoc(
    synopsis = "Null",
    category = "basic transfer",
    ports = "one agnostic input, one agnostic output",
    description = "Passes every packet from its input to its output unchanged.",
    example = "... -> Null -> ...",
    seeAlso = {"PushNull", "PullNull"})
public final class Null extends SimpleElement
{
    @Override
    public Packet simpleAction(final Packet p)
    {
        return p;
    }

    @Override
    public void pushBatch(final int port, final PacketBatch batch)
    {
        output(0).pushBatch(batch);
    }
}
