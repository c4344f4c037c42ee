package org.jclick.elements.standard;

import java.util.List;

import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.packet.Packet;

/** Click's StaticSwitch. */
@ElementDoc(
    synopsis = "StaticSwitch(OUTPUT)",
    category = "basic classification",
    ports = "one push input, any number of push outputs",
    description = """
        Sends every packet out of output OUTPUT. A negative OUTPUT, or one past the last output, drops the
        packets. Unlike Switch, OUTPUT cannot change while the router runs.""",
    keywords = {"OUTPUT: integer. The output to use; negative drops."},
    example = "... -> StaticSwitch(1) -> ...",
    seeAlso = {"Switch"})
public final class StaticSwitch extends Element
{
    private int output;

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
        if (complete(args(conf).readMandatoryPositional("OUTPUT", IntArg.int32(), v -> out[0] = v), errh) < 0)
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
}
