package org.jclick.elements.standard;

import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.packet.Packet;

/** Click's PushNull. */
@ElementDoc(
    synopsis = "PushNull",
    category = "basic transfer",
    ports = "one push input, one push output",
    description = "Passes every packet from its input to its output unchanged; both ports are push.",
    seeAlso = {"Null"})
public final class PushNull extends SimpleElement
{
    @Override
    public String processing()
    {
        return PUSH;
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        return p;
    }
}
