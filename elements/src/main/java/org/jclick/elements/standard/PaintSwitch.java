package org.jclick.elements.standard;

import java.util.List;

import org.jclick.dataplane.args.AnnoArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.packet.AnnotationDescriptor;
import org.jclick.dataplane.packet.Packet;

/** Click's PaintSwitch. */
@ElementDoc(
    synopsis = "PaintSwitch([ANNO])",
    category = "paint annotations",
    ports = "one push input, any number of push outputs",
    description = """
        Sends each packet out of the output whose number is the packet's paint annotation (or the one-byte
        annotation ANNO). A packet whose output does not exist is dropped. The value 255 means every output: the
        packet is cloned to all outputs but the last, which gets the original.""",
    keywords = {"ANNO: one-byte annotation. Default PAINT."},
    example = "... -> ps :: PaintSwitch;  ps[0] -> ...;  ps[1] -> ...;",
    seeAlso = {"Paint", "Switch", "StaticSwitch"})
public final class PaintSwitch extends Element
{
    private int anno = AnnotationDescriptor.PAINT_ANNO_OFFSET;

    @Override
    public String portCount()
    {
        return "1/-";
    }

    @Override
    public String processing()
    {
        return PUSH;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        return complete(args(conf).readPositional("ANNO", AnnoArg.of(1), v -> anno = v), errh);
    }

    @Override
    public void push(final int port, final Packet p)
    {
        final int out = p.annoU8(anno);
        if (out != 0xFF)
        {
            checkedOutputPush(out, p);
            return;
        }
        final int last = noutputs() - 1;
        if (last < 0)
        {
            p.kill();
            return;
        }
        for (int i = 0; i < last; i++)
        {
            final Packet q = p.clone();
            if (q != null)
            {
                output(i).push(q);
            }
        }
        output(last).push(p);
    }
}
