package org.jclick.elements.queues;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.runtime.NotifierSignal;

/** Click's PrioSched. */
@ElementDoc(
    synopsis = "PrioSched",
    category = "scheduling",
    ports = "one or more pull inputs, one pull output",
    description = """
        A strict priority scheduler: each pull tries the inputs in order, input 0 first, and returns the first
        packet found. An input whose upstream queues are all empty (by their notifiers) is skipped without being
        pulled. Pullers downstream see the combined empty signal of every input.""",
    example = "high :: Queue -> [0] p :: PrioSched; low :: Queue -> [1] p; p -> ToDevice(eth0);",
    seeAlso = {"RoundRobinSched", "StrideSched", "Queue"})
public final class PrioSched extends Element
{
    private NotifierSignal[] signals = new NotifierSignal[0];

    @Override
    public String portCount()
    {
        return "-/1";
    }

    @Override
    public String processing()
    {
        return PULL;
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        signals = new NotifierSignal[ninputs()];
        for (int i = 0; i < signals.length; i++)
        {
            signals[i] = NotifierSignal.upstreamEmpty(this, i, null);
        }
        return 0;
    }

    @Override
    public Packet pull(final int port)
    {
        final NotifierSignal[] s = signals;
        for (int i = 0; i < s.length; i++)
        {
            if (s[i].active())
            {
                final Packet p = input(i).pull();
                if (p != null)
                {
                    return p;
                }
            }
        }
        return null;
    }
}
