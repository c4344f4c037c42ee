package org.jclick.elements.modify;

import java.util.List;

import org.jclick.dataplane.args.BoolArg;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.packet.AnnotationDescriptor;
import org.jclick.dataplane.packet.Packet;

/** Click's Truncate. */
@ElementDoc(
    synopsis = "Truncate(LENGTH [, KEYWORDS])",
    category = "basic mods",
    ports = "one agnostic input, one agnostic output",
    description = """
        Cuts each packet to at most LENGTH bytes. With EXTRA_LENGTH, the bytes removed are added to the packet's
        extra length annotation, so that the original length can still be known (and restored by Pad).""",
    keywords = {
        "LENGTH: unsigned integer. Largest length let through.",
        "EXTRA_LENGTH: boolean. Add the removed bytes to the extra length annotation. Default true."},
    handlers = {"length (read/write): the LENGTH setting"},
    example = "FromDump(trace) -> Truncate(54) -> ToDump(headers);",
    seeAlso = {"Pad", "Strip"})
public final class Truncate extends SimpleElement
{
    private int length;
    private boolean extraLength = true;

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        return complete(args(conf)
            .readMandatoryPositional("LENGTH", IntArg.uint32(), v -> length = (int)Math.min(v, Integer.MAX_VALUE))
            .read("EXTRA_LENGTH", BoolArg.INSTANCE, v -> extraLength = v), errh);
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        final int cut = p.length() - length;
        if (cut > 0)
        {
            p.take(cut);
            if (extraLength)
            {
                final int off = AnnotationDescriptor.EXTRA_LENGTH_ANNO_OFFSET;
                p.setAnnoU32(off, p.annoU32(off) + cut);
            }
        }
        return p;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("length", () -> Integer.toString(length));
        addWriteHandler("length", (v, errh) ->
        {
            try
            {
                length = (int)Math.min(IntArg.uint32().parse(v.trim(), argContext()), Integer.MAX_VALUE);
                return 0;
            }
            catch (final org.jclick.dataplane.args.ArgException e)
            {
                return errh.error("length: " + e.getMessage());
            }
        });
    }
}
