package org.jclick.elements.standard;

import java.util.List;

import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.packet.Packet;

/** Click's PullTee. */
@ElementDoc(
    synopsis = "PullTee([N])",
    category = "basic transfer",
    ports = "one pull input, one or more outputs: output 0 is pull, the others push",
    description = """
        When output 0 pulls a packet, pulls one from the input, pushes a clone of it out of every other output
        (clones share the buffer until written), and returns the original on output 0. N, if given, must equal
        the number of outputs.""",
    keywords = {"N: unsigned integer. The expected number of outputs."},
    example = "q :: Queue -> t :: PullTee -> ToDevice(eth0);  t[1] -> ToDump(sent.pcap);",
    seeAlso = {"Tee"})
public final class PullTee extends Element
{
    @Override
    public String portCount()
    {
        return "1/1-";
    }

    @Override
    public String processing()
    {
        return "l/lh";
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
    public Packet pull(final int port)
    {
        final Packet p = input(0).pull();
        if (p != null)
        {
            for (int i = 1, n = noutputs(); i < n; i++)
            {
                final Packet q = p.clone();
                if (q != null)
                {
                    output(i).push(q);
                }
            }
        }
        return p;
    }
}
