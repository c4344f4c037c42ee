package org.jclick.elements.modify;

import java.util.List;

import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.packet.Packet;

/** Click's Strip. */
@ElementDoc(
    synopsis = "Strip(LENGTH)",
    category = "basic mods",
    ports = "one agnostic input, one agnostic output",
    description = """
        Removes LENGTH bytes from the front of each packet (all of its data when it is shorter). The bytes stay
        in the buffer, as headroom, so Unstrip can put them back.""",
    keywords = {"LENGTH: unsigned integer. Bytes to remove."},
    handlers = {"length (read): the LENGTH setting"},
    example = "FromDevice(eth0) -> Strip(14) -> CheckIPHeader -> ...",
    seeAlso = {"Unstrip", "Truncate"})
public final class Strip extends SimpleElement
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
        p.pull(length);
        return p;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("length", () -> Integer.toString(length));
    }
}
