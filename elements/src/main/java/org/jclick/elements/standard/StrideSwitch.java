package org.jclick.elements.standard;

import java.util.List;

import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.packet.Packet;
import org.jclick.elements.queues.StrideTickets;

/** Click's StrideSwitch. */
@ElementDoc(
    synopsis = "StrideSwitch(TICKETS0, ..., TICKETS<N-1>)",
    category = "classification",
    ports = "one push input, one or more push outputs (one per TICKETS argument)",
    description = """
        Stride switching: output i gets a share of the packets proportional to TICKETSi. Each output has a pass
        value; a packet goes to the output with the smallest pass (the lowest-numbered one on ties), whose pass
        then advances by its stride, a constant divided by its tickets. An output with 0 tickets gets nothing; with
        no tickets anywhere, packets are dropped.""",
    handlers = {
        "tickets0 ... tickets<N-1> (read/write): each output's ticket count (0 disables the output)",
        "drops (read): packets dropped because no output had tickets"},
    example = "... -> s :: StrideSwitch(3, 1);  s[0] -> ...;  s[1] -> ...;  // three packets to output 0 for one to 1",
    seeAlso = {"StrideSched", "RoundRobinSwitch", "HashSwitch", "RandomSwitch"})
public final class StrideSwitch extends OutputChooser
{
    private StrideTickets tickets;

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        tickets = StrideTickets.parse(conf, noutputs(), "output", argContext(), errh);
        return tickets == null ? ErrorHandler.FAILURE : 0;
    }

    @Override
    int choose(final Packet p)
    {
        final int o = tickets.next(null, 0);
        if (o >= 0)
        {
            tickets.advance(o);
        }
        return o;
    }

    @Override
    public void addHandlers()
    {
        super.addHandlers();
        for (int i = 0; i < tickets.ports(); i++)
        {
            final int k = i;
            addReadHandler("tickets" + k, () -> tickets.read(k));
            addWriteHandler("tickets" + k, (v, errh) -> tickets.write(k, v, errh));
        }
    }
}
