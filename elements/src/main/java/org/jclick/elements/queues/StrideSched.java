package org.jclick.elements.queues;

import java.util.List;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.runtime.NotifierSignal;

/** Click's StrideSched. */
@ElementDoc(
    synopsis = "StrideSched(TICKETS0, ..., TICKETS<N-1>)",
    category = "scheduling",
    ports = "one or more pull inputs (one per TICKETS argument), one pull output",
    description = """
        A stride scheduler: input i gets a share of the pulls proportional to TICKETSi. Each input has a pass
        value; a pull serves the input with the smallest pass (the lowest-numbered one on ties) and advances its
        pass by its stride, a constant divided by its tickets. An input that gives nothing is passed over for
        that pull without advancing. Inputs whose upstream queues are all empty (by their notifiers) are not
        pulled.""",
    handlers = {"tickets0 ... tickets<N-1> (read/write): each input's ticket count (0 disables the input)"},
    example = "q1 :: Queue -> [0] s :: StrideSched(3, 1); q2 :: Queue -> [1] s; s -> ToDevice(eth0);",
    seeAlso = {"PrioSched", "RoundRobinSched", "StrideSwitch"})
public final class StrideSched extends Element
{
    private StrideTickets tickets;
    private long[] tried = new long[0];
    private long pullStamp;
    private NotifierSignal[] signals = new NotifierSignal[0];

    @Override
    public String portCount()
    {
        return "1-/1";
    }

    @Override
    public String processing()
    {
        return PULL;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        tickets = StrideTickets.parse(conf, ninputs(), "input", argContext(), errh);
        if (tickets == null)
        {
            return ErrorHandler.FAILURE;
        }
        tried = new long[ninputs()];
        return 0;
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
        final long stamp = ++pullStamp;
        final int n = tickets.ports();
        for (int attempt = 0; attempt < n; attempt++)
        {
            final int best = tickets.next(tried, stamp);
            if (best < 0)
            {
                return null;
            }
            tried[best] = stamp;
            if (signals[best].active())
            {
                final Packet p = input(best).pull();
                if (p != null)
                {
                    tickets.advance(best);
                    return p;
                }
            }
        }
        return null;
    }

    @Override
    public void addHandlers()
    {
        for (int i = 0; i < tickets.ports(); i++)
        {
            final int k = i;
            addReadHandler("tickets" + k, () -> tickets.read(k));
            addWriteHandler("tickets" + k, (v, errh) -> tickets.write(k, v, errh));
        }
    }
}
