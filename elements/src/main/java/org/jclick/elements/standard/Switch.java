package org.jclick.elements.standard;

import java.util.List;

import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.packet.Packet;

/** Click's Switch. */
@ElementDoc(
    synopsis = "Switch([OUTPUT])",
    category = "basic classification",
    ports = "one push input, any number of push outputs",
    description = """
        Sends every packet out of output OUTPUT (default 0). A negative OUTPUT, or one past the last output,
        drops the packets instead. The switch handler changes OUTPUT while the router runs.""",
    keywords = {"OUTPUT: integer. The output to use; negative drops. Default 0."},
    handlers = {"switch (read/write): OUTPUT (-1 when packets are dropped)"},
    example = "... -> s :: Switch(0);  s[0] -> a;  s[1] -> b;  // write s.switch 1 to redirect",
    seeAlso = {"StaticSwitch", "PaintSwitch"})
public final class Switch extends Element
{
    private volatile int output;

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
        final int[] out = {0};
        if (complete(args(conf).readPositional("OUTPUT", IntArg.int32(), v -> out[0] = v), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        output = out[0] >= noutputs() ? -1 : out[0];
        return 0;
    }

    @Override
    public void push(final int port, final Packet p)
    {
        checkedOutputPush(output, p);
    }

    public int switchOutput()
    {
        return output;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("switch", () -> Integer.toString(output));
        addWriteHandler("switch", (v, errh) ->
        {
            final int n;
            try
            {
                n = IntArg.int32().parse(v.trim(), argContext());
            }
            catch (final RuntimeException e)
            {
                return errh.error("syntax error");
            }
            output = n >= noutputs() ? -1 : n;
            return 0;
        });
    }
}
