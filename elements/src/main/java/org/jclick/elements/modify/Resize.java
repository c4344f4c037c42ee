package org.jclick.elements.modify;

import java.util.List;

import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.packet.Packet;

/** Click's Resize. */
@ElementDoc(
    synopsis = "Resize([HEAD, TAIL])",
    category = "basic mods",
    ports = "one agnostic input, one agnostic output",
    description = """
        Changes each packet's length at both ends: a positive HEAD adds that many bytes at the front, a negative
        one removes them; TAIL does the same at the end. Added bytes are whatever the buffer held (undefined).
        Removing more bytes than the packet has leaves it empty. Packets that cannot get a buffer are dropped.""",
    keywords = {
        "HEAD: integer. Bytes added (or, negative, removed) at the front. Default 0.",
        "TAIL: integer. Bytes added (or, negative, removed) at the end. Default 0."},
    example = "... -> Resize(HEAD -14) -> ...",
    seeAlso = {"Strip", "Unstrip", "Truncate", "Pad"})
public final class Resize extends SimpleElement
{
    private int head;
    private int tail;

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        return complete(args(conf)
            .readPositional("HEAD", IntArg.int32(), v -> head = v)
            .readPositional("TAIL", IntArg.int32(), v -> tail = v), errh);
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        Packet q = p;
        if (head > 0)
        {
            q = q.push(head);
            if (q == null)
            {
                return null;
            }
        }
        else if (head < 0)
        {
            q.pull(-head);
        }
        if (tail > 0)
        {
            q = q.put(tail);
        }
        else if (tail < 0)
        {
            q.take(-tail);
        }
        return q;
    }
}
