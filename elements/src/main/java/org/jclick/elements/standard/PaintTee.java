package org.jclick.elements.standard;

import java.util.List;

import org.jclick.dataplane.args.AnnoArg;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.packet.AnnotationDescriptor;
import org.jclick.dataplane.packet.Packet;

/** Click's PaintTee. */
@ElementDoc(
    synopsis = "PaintTee(COLOR [, ANNO])",
    category = "paint annotations",
    ports = "one agnostic input, two outputs (output 0 agnostic, output 1 push)",
    description = """
        Passes every packet to output 0. When the packet's paint annotation equals COLOR, a clone of it (sharing
        the buffer until written) is also pushed out of output 1, before the original continues. ANNO selects
        another one-byte annotation. Typically used to generate ICMP redirects for packets leaving by the
        interface they arrived on.""",
    keywords = {
        "COLOR: integer 0..255. The value to match.",
        "ANNO: one-byte annotation. Default PAINT."},
    handlers = {"color (read/write): COLOR"},
    example = "rt[1] -> pt :: PaintTee(1) -> ...;  pt[1] -> ICMPError(10.0.0.1, redirect, host) -> rt;",
    seeAlso = {"Paint", "CheckPaint", "PaintSwitch"})
public final class PaintTee extends SimpleElement
{
    private int color;
    private int anno = AnnotationDescriptor.PAINT_ANNO_OFFSET;

    @Override
    public String portCount()
    {
        return "1/2";
    }

    @Override
    public String processing()
    {
        return PROCESSING_A_AH;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        return complete(args(conf)
            .readMandatoryPositional("COLOR", IntArg.uint8(), v -> color = v)
            .readPositional("ANNO", AnnoArg.of(1), v -> anno = v), errh);
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        if (p.annoU8(anno) == color)
        {
            final Packet q = p.clone();
            if (q != null)
            {
                output(1).push(q);
            }
        }
        return p;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("color", () -> Integer.toString(color));
        addWriteHandler("color", (v, errh) ->
        {
            final int c = PaintSupport.parseColor(v, errh);
            if (c < 0)
            {
                return ErrorHandler.FAILURE;
            }
            color = c;
            return 0;
        });
    }
}
