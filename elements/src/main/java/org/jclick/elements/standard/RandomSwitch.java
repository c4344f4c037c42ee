package org.jclick.elements.standard;

import java.util.List;
import java.util.SplittableRandom;

import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.packet.Packet;

/** Click's RandomSwitch. */
@ElementDoc(
    synopsis = "RandomSwitch([keyword MAX])",
    category = "classification",
    ports = "one push input, one or more push outputs",
    description = """
        Sends each packet to an output chosen uniformly at random. The generator is the router's, with a fixed
        seed, so a run is repeatable.""",
    keywords = {"MAX: unsigned. Number of outputs chosen from. Default all of them."},
    handlers = {"drops (read): packets sent to an output that does not exist (MAX beyond the outputs)"},
    example = "... -> r :: RandomSwitch;  r[0] -> ...;  r[1] -> ...;",
    seeAlso = {"RoundRobinSwitch", "HashSwitch", "StrideSwitch", "RandomSample"})
public final class RandomSwitch extends OutputChooser
{
    private int max;
    private SplittableRandom random;

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final long[] v = {-1};
        if (complete(args(conf).read("MAX", IntArg.uint32(), x -> v[0] = x), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        max = v[0] < 0 ? noutputs() : (int)Math.min(v[0], Integer.MAX_VALUE);
        if (max == 0)
        {
            return errh.error("MAX must be > 0");
        }
        return 0;
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        random = RouterRandom.split(router());
        return super.initialize(errh);
    }

    @Override
    int choose(final Packet p)
    {
        return random.nextInt(max);
    }
}
