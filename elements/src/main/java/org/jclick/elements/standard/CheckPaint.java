package org.jclick.elements.standard;

import java.util.List;

import org.jclick.dataplane.args.AnnoArg;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.packet.AnnotationDescriptor;
import org.jclick.dataplane.packet.Packet;

/** Click's CheckPaint. */
@ElementDoc(
    synopsis = "CheckPaint(COLOR [, ANNO])",
    category = "paint annotations",
    ports = "one agnostic input, one or two outputs (output 0 agnostic, output 1 push)",
    description = """
        Passes packets whose paint annotation equals COLOR to output 0. Other packets go out of output 1 if it
        exists, and are dropped otherwise. ANNO selects another one-byte annotation.""",
    keywords = {
        "COLOR: integer 0..255. The expected value.",
        "ANNO: one-byte annotation. Default PAINT."},
    handlers = {"color (read/write): COLOR"},
    example = "... -> CheckPaint(2) -> ...",
    seeAlso = {"Paint", "PaintTee", "PaintSwitch"})
public final class CheckPaint extends SimpleElement
{
    private int color;
    private int anno = AnnotationDescriptor.PAINT_ANNO_OFFSET;

    @Override
    public String portCount()
    {
        return PORTS_1_1X2;
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
        if (p.annoU8(anno) != color)
        {
            return reject(p);
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
