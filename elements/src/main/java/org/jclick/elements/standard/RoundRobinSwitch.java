package org.jclick.elements.standard;

import java.util.List;

import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketBatch;

/** Click's RoundRobinSwitch. */
@ElementDoc(
    synopsis = "RoundRobinSwitch([MAX])",
    category = "classification",
    ports = "one push input, one or more push outputs",
    description = """
        Sends each packet to the next output in round-robin order: the first packet to output 0, the next to
        output 1, and so on, wrapping after output MAX-1. A batch goes whole to one output. Packets sent to an
        output that does not exist (MAX larger than the number of outputs) are dropped.""",
    keywords = {"MAX: integer. Number of outputs used; negative means all of them. Default all outputs."},
    example = "... -> s :: RoundRobinSwitch;  s[0] -> a;  s[1] -> b;",
    seeAlso = {"Switch", "RoundRobinSched"})
public final class RoundRobinSwitch extends Element
{
    private int max;
    private int next;

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
        final int[] m = {-1};
        if (complete(args(conf).readPositional("MAX", IntArg.int32(), v -> m[0] = v), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        max = m[0] < 0 ? noutputs() : m[0];
        return 0;
    }

    private int nextOutput()
    {
        final int i = next;
        final int n = i + 1;
        next = n >= max ? 0 : n;
        return i;
    }

    @Override
    public void push(final int port, final Packet p)
    {
        checkedOutputPush(nextOutput(), p);
    }

    @Override
    public void pushBatch(final int port, final PacketBatch batch)
    {
        final int i = nextOutput();
        if (i < noutputs())
        {
            output(i).pushBatch(batch);
        }
        else
        {
            batch.killAll();
        }
    }
}
