package org.jclick.elements.standard;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.packet.Packet;

/** Click's Hub. */
@ElementDoc(
    synopsis = "Hub()",
    category = "basic transfer",
    ports = "any number of push inputs, as many push outputs",
    description = """
        Sends a copy of each packet out of every output except the one whose number is that of the input it came
        in on, like an Ethernet hub (though nothing here is Ethernet specific). The last output that gets the
        packet gets the original, the others clones that share its buffer. A Hub with a single port pair drops
        every packet.""",
    example = "a -> [0]h :: Hub[0] -> a;  b -> [1]h[1] -> b;  c -> [2]h[2] -> c;",
    seeAlso = {"Tee"})
public final class Hub extends Element
{
    @Override
    public String portCount()
    {
        return "-/=";
    }

    @Override
    public String processing()
    {
        return PUSH;
    }

    @Override
    public String flowCode()
    {
        return "#/[^#]";
    }

    @Override
    public void push(final int port, final Packet p)
    {
        final int nout = noutputs();
        int n = 0;
        for (int i = 0; i < nout; i++)
        {
            if (i == port)
            {
                continue;
            }
            final Packet q = ++n == nout - 1 ? p : p.clone();
            if (q != null)
            {
                output(i).push(q);
            }
        }
        if (n == 0)
        {
            p.kill();
        }
    }
}
