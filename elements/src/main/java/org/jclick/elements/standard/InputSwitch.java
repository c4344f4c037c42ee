package org.jclick.elements.standard;

import java.util.List;

import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.Handler;
import org.jclick.dataplane.packet.Packet;

/** Click's InputSwitch. */
@ElementDoc(
    synopsis = "InputSwitch([INPUT])",
    category = "classification",
    ports = "any number of push inputs, one push output",
    description = """
        Accepts packets from one input only, INPUT, and emits them on its output; packets arriving on any other
        input are dropped. A negative INPUT drops every packet. The switch handler changes INPUT while the router
        runs; writing a number past the last input drops every packet. As in Click, the keyword form of the
        argument is spelled OUTPUT.""",
    keywords = {"OUTPUT: integer. The accepted input (Click's keyword name for INPUT). Default 0."},
    handlers = {"switch (read/write): INPUT (-1 when every packet is dropped)", "config (read): INPUT"},
    example = "a -> [0]s :: InputSwitch(0);  b -> [1]s;  s -> Discard;  // write s.switch 1 to listen to b",
    seeAlso = {"Switch", "PullSwitch"})
public final class InputSwitch extends Element
{
    private volatile int input;

    @Override
    public String portCount()
    {
        return "-/1";
    }

    @Override
    public String processing()
    {
        return PUSH;
    }

    @Override
    public boolean canLiveReconfigure()
    {
        return true;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final int[] in = {0};
        if (complete(args(conf).readPositional("OUTPUT", IntArg.int32(), v -> in[0] = v), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        if (in[0] >= ninputs())
        {
            return errh.error("input must be < " + ninputs());
        }
        input = in[0];
        return 0;
    }

    /** The accepted input, or a negative number when every packet is dropped. */
    public int switchInput()
    {
        return input;
    }

    @Override
    public void push(final int port, final Packet p)
    {
        if (port == input)
        {
            output(0).push(p);
        }
        else
        {
            p.kill();
        }
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("switch", () -> Integer.toString(input));
        addWriteHandler("switch", (v, errh) ->
        {
            final int n;
            try
            {
                n = IntArg.int32().parse(v.trim(), argContext());
            }
            catch (final RuntimeException e)
            {
                return errh.error("InputSwitch input must be integer");
            }
            input = n >= ninputs() ? -1 : n;
            return 0;
        });
        addReadHandler("config", () -> Integer.toString(input), Handler.CALM);
    }
}
