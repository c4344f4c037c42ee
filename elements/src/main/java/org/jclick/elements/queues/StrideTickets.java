package org.jclick.elements.queues;

import java.util.List;

import org.jclick.dataplane.args.ArgContext;
import org.jclick.dataplane.args.ArgException;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.ErrorHandler;

/**
 * The stride scheduling state shared by StrideSched (over inputs) and StrideSwitch (over outputs): per port, its
 * tickets, its stride (a constant divided by the tickets) and its pass. The next port is the one with the smallest
 * pass (the lowest-numbered on ties) among those with tickets; serving it advances its pass by its stride, so each
 * port's share is proportional to its tickets. Made at configuration; allocates nothing afterwards.
 */
public final class StrideTickets
{
    static final int STRIDE1 = 1 << 16;
    static final int MAX_TICKETS = 1 << 15;

    private final int[] tickets;
    private final long[] pass;
    private final long[] stride;

    private StrideTickets(final int[] tickets)
    {
        this.tickets = tickets;
        pass = new long[tickets.length];
        stride = new long[tickets.length];
        for (int i = 0; i < tickets.length; i++)
        {
            set(i, tickets[i]);
            pass[i] = stride[i];
        }
    }

    /**
     * One ticket count per argument, as many arguments as {@code ports}; each {@code portWord} ("input", "output")
     * over the limit is reduced with a warning. Null after reporting an error.
     */
    public static StrideTickets parse(final List<String> conf, final int ports, final String portWord,
        final ArgContext context, final ErrorHandler errh)
    {
        if (conf.size() != ports)
        {
            errh.error("need " + ports + " arguments, one per " + portWord);
            return null;
        }
        final int[] t = new int[ports];
        for (int i = 0; i < ports; i++)
        {
            final int v;
            try
            {
                v = IntArg.int32().parse(conf.get(i).strip(), context);
            }
            catch (final ArgException e)
            {
                errh.error("argument " + (i + 1) + " should be number of tickets (integer)");
                return null;
            }
            if (v < 0)
            {
                errh.error("argument " + (i + 1) + " (number of tickets) must be >= 0");
                return null;
            }
            if (v > MAX_TICKETS)
            {
                errh.warning(portWord + " " + i + "'s tickets reduced to " + MAX_TICKETS);
            }
            t[i] = Math.min(v, MAX_TICKETS);
        }
        return new StrideTickets(t);
    }

    public int ports()
    {
        return tickets.length;
    }

    private void set(final int i, final int n)
    {
        tickets[i] = n;
        stride[i] = n == 0 ? 0 : STRIDE1 / n;
    }

    /**
     * The port with tickets and the smallest pass, skipping those whose {@code tried} entry equals {@code stamp}
     * (pass a null array to skip none); -1 when there is none.
     */
    public int next(final long[] tried, final long stamp)
    {
        int best = -1;
        for (int i = 0, n = tickets.length; i < n; i++)
        {
            if (tickets[i] > 0 && (tried == null || tried[i] != stamp) && (best < 0 || pass[i] < pass[best]))
            {
                best = i;
            }
        }
        return best;
    }

    /** Port {@code i} was served: its pass advances by its stride. */
    public void advance(final int i)
    {
        pass[i] += stride[i];
    }

    /** The tickets{@code i} read handler's value. */
    public String read(final int i)
    {
        return Integer.toString(tickets[i]);
    }

    /**
     * The tickets{@code i} write handler. A port given tickets again rejoins at the smallest current pass, so it
     * cannot monopolize the schedule with the pass it had when it was switched off.
     */
    public int write(final int k, final String value, final ErrorHandler errh)
    {
        final int t;
        try
        {
            t = Integer.parseInt(value.strip());
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
        set(k, Math.min(t, MAX_TICKETS));
        if (wasOff && t > 0)
        {
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
    }
}
