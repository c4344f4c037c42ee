package org.jclick.elements.standard;

import java.util.List;

import org.jclick.dataplane.args.AnnoArg;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.packet.AnnotationDescriptor;
import org.jclick.dataplane.packet.Packet;

/** Click's Paint. */
@ElementDoc(
    synopsis = "Paint(COLOR [, ANNO])",
    category = "paint annotations",
    ports = "one agnostic input, one agnostic output",
    description = """
        Sets a one-byte annotation of every packet to COLOR (0 to 255). The annotation is PAINT unless ANNO
        names another one-byte annotation (or gives its byte offset).""",
    keywords = {
        "COLOR: integer 0..255. The value to store.",
        "ANNO: one-byte annotation. Default PAINT."},
    handlers = {"color (read/write): COLOR"},
    example = "FromDevice(eth0) -> Paint(1) -> ...",
    seeAlso = {"PaintTee", "PaintSwitch", "CheckPaint"})
public final class Paint extends SimpleElement
{
    private int color;
    private int anno = AnnotationDescriptor.PAINT_ANNO_OFFSET;

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
        p.setAnnoU8(anno, color);
        return p;
    }

    public int color()
    {
        return color;
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
