package org.jclick.elements.standard;

import java.util.List;

import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.packet.Packet;

/** Click's Tee. */
@ElementDoc(
    synopsis = "Tee([N])",
    category = "basic transfer",
    ports = "one push input, one or more push outputs",
    description = """
        Sends each packet out of every output. Outputs 0 to n-2 get clones, which share the packet's buffer
        until one of them is written (copy on write); the last output gets the original packet. If a clone
        cannot be made, that output is skipped. N, if given, must equal the number of outputs.""",
    keywords = {"N: unsigned integer. The expected number of outputs."},
    example = "... -> t :: Tee -> Queue -> ...;  t[1] -> ToDump(copy.pcap);",
    seeAlso = {"PullTee", "PaintTee"})
public final class Tee extends Element
{
    @Override
    public String portCount()
    {
        return "1/1-";
    }

    @Override
    public String processing()
    {
        return PUSH;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final int[] n = {noutputs()};
        if (complete(args(conf).readPositional("N", IntArg.uint32(), v -> n[0] = (int)Math.min(v, Integer.MAX_VALUE)),
            errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        if (n[0] != noutputs())
        {
            return errh.error("N is " + n[0] + ", but there are " + noutputs() + " outputs");
        }
        return 0;
    }

    @Override
    public void push(final int port, final Packet p)
    {
        final int last = noutputs() - 1;
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
