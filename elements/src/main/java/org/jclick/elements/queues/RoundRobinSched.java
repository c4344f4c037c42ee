package org.jclick.elements.queues;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.runtime.NotifierSignal;

/** Click's RoundRobinSched. */
@ElementDoc(
    synopsis = "RoundRobinSched",
    category = "scheduling",
    ports = "one or more pull inputs, one pull output",
    description = """
        A round-robin scheduler: each pull starts at the input after the one that gave the last packet and tries
        the inputs in turn until one gives a packet. Inputs whose upstream queues are all empty (by their
        notifiers) are skipped without being pulled.""",
    example = "q1 :: Queue -> [0] rr :: RoundRobinSched; q2 :: Queue -> [1] rr; rr -> ToDevice(eth0);",
    seeAlso = {"PrioSched", "StrideSched", "RoundRobinSwitch"})
public final class RoundRobinSched extends Element
{
    private NotifierSignal[] signals = new NotifierSignal[0];
    private int next;

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
        final int n = s.length;
        int i = next;
        for (int k = 0; k < n; k++)
        {
            if (s[i].active())
            {
                final Packet p = input(i).pull();
                if (p != null)
                {
                    next = i + 1 == n ? 0 : i + 1;
                    return p;
                }
            }
            i = i + 1 == n ? 0 : i + 1;
        }
        return null;
    }
}
