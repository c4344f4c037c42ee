package org.jclick.elements.queues;

import java.util.List;

import org.jclick.dataplane.args.ArgException;
import org.jclick.dataplane.args.IntArg;
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
    static final int STRIDE1 = 1 << 16;
    static final int MAX_TICKETS = 1 << 15;

    private int[] tickets = new int[0];
    private long[] pass = new long[0];
    private long[] stride = new long[0];
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
        if (conf.size() != ninputs())
        {
            return errh.error("need " + ninputs() + " arguments, one per input");
        }
        final int[] t = new int[conf.size()];
        for (int i = 0; i < t.length; i++)
        {
            final int v;
            try
            {
                v = IntArg.int32().parse(conf.get(i).strip(), argContext());
            }
            catch (final ArgException e)
            {
                return errh.error("argument " + (i + 1) + " should be number of tickets (integer)");
            }
            if (v < 0)
            {
                return errh.error("argument " + (i + 1) + " (number of tickets) must be >= 0");
            }
            if (v > MAX_TICKETS)
            {
                errh.warning("input " + i + "'s tickets reduced to " + MAX_TICKETS);
            }
            t[i] = Math.min(v, MAX_TICKETS);
        }
        tickets = t;
        pass = new long[t.length];
        stride = new long[t.length];
        tried = new long[t.length];
        for (int i = 0; i < t.length; i++)
        {
            setTickets(i, t[i]);
            pass[i] = stride[i];
        }
        return 0;
    }

    private void setTickets(final int i, final int n)
    {
        tickets[i] = n;
        stride[i] = n == 0 ? 0 : STRIDE1 / n;
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
        final int n = tickets.length;
        for (int attempt = 0; attempt < n; attempt++)
        {
            int best = -1;
            for (int i = 0; i < n; i++)
            {
                if (tickets[i] > 0 && tried[i] != stamp && (best < 0 || pass[i] < pass[best]))
                {
                    best = i;
                }
            }
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
                    pass[best] += stride[best];
                    return p;
                }
            }
        }
        return null;
    }

    @Override
    public void addHandlers()
    {
        for (int i = 0; i < tickets.length; i++)
        {
            final int k = i;
            addReadHandler("tickets" + k, () -> Integer.toString(tickets[k]));
            addWriteHandler("tickets" + k, (v, errh) ->
            {
                final int t;
                try
                {
                    t = Integer.parseInt(v.strip());
                }
                catch (final NumberFormatException e)
                {
                    return errh.error("tickets: expected integer");
                }
                if (t < 0)
                {
                    return errh.error("tickets must be >= 0");
                }
                final boolean wasOff = tickets[k] == 0;
                setTickets(k, Math.min(t, MAX_TICKETS));
                if (wasOff && t > 0)
                {
                    // rejoin at the current minimum pass, so it cannot monopolize the output
                    long min = Long.MAX_VALUE;
                    for (int j = 0; j < tickets.length; j++)
                    {
                        if (j != k && tickets[j] > 0)
                        {
                            min = Math.min(min, pass[j]);
                        }
                    }
                    pass[k] = min == Long.MAX_VALUE ? stride[k] : min;
                }
                return 0;
            });
        }
    }
}
