package org.jclick.elements.standard;

import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.packet.Packet;

/** Click's PullNull. */
@ElementDoc(
    synopsis = "PullNull",
    category = "basic transfer",
    ports = "one pull input, one pull output",
    description = "Passes every packet from its input to its output unchanged; both ports are pull.",
    seeAlso = {"Null"})
public final class PullNull extends SimpleElement
{
    @Override
    public String processing()
    {
        return PULL;
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        return p;
    }
}
