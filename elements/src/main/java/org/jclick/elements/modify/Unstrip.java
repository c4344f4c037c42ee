package org.jclick.elements.modify;

import java.util.List;

import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.packet.Packet;

/** Click's Unstrip. */
@ElementDoc(
    synopsis = "Unstrip(LENGTH)",
    category = "basic mods",
    ports = "one agnostic input, one agnostic output",
    description = """
        Adds LENGTH bytes to the front of each packet: the bytes that were there (for example before a Strip),
        when the packet has that much headroom; otherwise the packet moves to a new buffer and the new bytes are
        undefined. Packets that cannot get a buffer are dropped.""",
    keywords = {"LENGTH: unsigned integer. Bytes to add."},
    handlers = {"length (read): the LENGTH setting"},
    example = "Strip(14) -> CheckIPHeader -> Unstrip(14) -> Queue -> ToDevice(eth0);",
    seeAlso = {"Strip"})
public final class Unstrip extends SimpleElement
{
    private int length;

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        return complete(args(conf)
            .readMandatoryPositional("LENGTH", IntArg.uint32(), v -> length = (int)Math.min(v, Integer.MAX_VALUE)), errh);
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        return p.push(length);
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("length", () -> Integer.toString(length));
    }
}
