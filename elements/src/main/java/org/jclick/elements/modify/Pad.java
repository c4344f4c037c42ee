package org.jclick.elements.modify;

import java.util.List;

import org.jclick.dataplane.args.BoolArg;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.packet.AnnotationDescriptor;
import org.jclick.dataplane.packet.Packet;

/** Click's Pad. */
@ElementDoc(
    synopsis = "Pad([LENGTH, KEYWORDS])",
    category = "basic mods",
    ports = "one agnostic input, one agnostic output",
    description = """
        Lengthens each packet to at least LENGTH bytes. Without LENGTH (or with 0), a packet grows by its extra
        length annotation instead, undoing a Truncate. Either way the extra length annotation is zero afterwards.
        Packets that cannot get a large enough buffer are dropped.""",
    keywords = {
        "LENGTH: unsigned integer. Smallest length let through. Default 0 (use the extra length annotation).",
        "ZERO: boolean. Fill the added bytes with zeros; otherwise they are undefined. Default true."},
    example = "... -> Truncate(60) -> ... -> Pad -> ...",
    seeAlso = {"Truncate"})
public final class Pad extends SimpleElement
{
    private int length;
    private boolean zero = true;

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        return complete(args(conf)
            .readPositional("LENGTH", IntArg.uint16(), v -> length = v)
            .read("ZERO", BoolArg.INSTANCE, v -> zero = v), errh);
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        final int off = AnnotationDescriptor.EXTRA_LENGTH_ANNO_OFFSET;
        final int len = p.length();
        final int add;
        if (length == 0)
        {
            add = Math.max(0, Math.min(p.annoU32(off), 0xFFFF));
        }
        else
        {
            add = Math.max(0, length - len);
        }
        p.setAnnoU32(off, 0);
        if (add == 0)
        {
            return p;
        }
        final Packet q = p.put(add);
        if (q == null)
        {
            return null;
        }
        if (zero)
        {
            int i = len;
            final int end = len + add;
            for (; i + 8 <= end; i += 8)
            {
                q.setU64(i, 0);
            }
            for (; i < end; i++)
            {
                q.setU8(i, 0);
            }
        }
        return q;
    }
}
