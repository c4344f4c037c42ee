package org.jclick.elements.queues;

import java.util.List;

import org.jclick.dataplane.args.BoolArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.runtime.Notifier;
import org.jclick.dataplane.runtime.NotifierSignal;

/** Click's TimeSortedSched. */
@ElementDoc(
    synopsis = "TimeSortedSched([KEYWORDS])",
    category = "scheduling",
    ports = "any number of pull inputs, one pull output",
    description = """
        Merges time-sorted packet streams: it keeps the next packet of each input and each pull returns the one
        with the earliest timestamp annotation (the lowest-numbered input on ties). If every input is sorted by
        timestamp, so is the output. Its empty notifier stays active while it holds packets and otherwise
        passes on the inputs' signals.""",
    keywords = {"STOP: boolean. When true, stop the driver once every input is exhausted (nothing held, every "
        + "upstream signal inactive, nothing pulled). Default false."},
    example = "FromDump(a.pcap) -> [0] t :: TimeSortedSched(STOP true); FromDump(b.pcap) -> [1] t; t -> Unqueue -> out;",
    seeAlso = {"FromDump", "PrioSched"})
public final class TimeSortedSched extends Element
{
    private final Notifier note = new Notifier(Notifier.SearchOp.CONTINUE);
    private Packet[] held = new Packet[0];
    private NotifierSignal[] signals = new NotifierSignal[0];
    private boolean stop;
    private boolean stopped;

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
    public Object cast(final String name)
    {
        return Notifier.EMPTY_NOTIFIER.equals(name) ? note : null;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final boolean[] s = {false};
        if (complete(args(conf).read("STOP", BoolArg.INSTANCE, v -> s[0] = v), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        stop = s[0];
        return 0;
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        held = new Packet[ninputs()];
        signals = new NotifierSignal[ninputs()];
        for (int i = 0; i < signals.length; i++)
        {
            signals[i] = NotifierSignal.upstreamEmpty(this, i, null);
        }
        return 0;
    }

    @Override
    public void cleanup(final CleanupStage stage)
    {
        for (int i = 0; i < held.length; i++)
        {
            if (held[i] != null)
            {
                held[i].kill();
                held[i] = null;
            }
        }
    }

    @Override
    public Packet pull(final int port)
    {
        final Packet[] h = held;
        int best = -1;
        boolean anyActive = false;
        for (int i = 0; i < h.length; i++)
        {
            if (h[i] == null && signals[i].active())
            {
                h[i] = input(i).pull();
            }
            if (h[i] != null)
            {
                if (best < 0 || h[i].timestampNs() < h[best].timestampNs())
                {
                    best = i;
                }
            }
            else if (signals[i].active())
            {
                anyActive = true;
            }
        }
        if (anyActive || best >= 0)
        {
            // a new episode: the next time every input is exhausted asks the driver to stop again (Click asks on
            // every empty pull; once per episode is the same to the run count and to a DriverManager's waits)
            stopped = false;
        }
        if (best < 0)
        {
            note.sleep();
            if (stop && !anyActive && !stopped)
            {
                stopped = true;
                router().pleaseStopDriver();
            }
            return null;
        }
        final Packet p = h[best];
        h[best] = null;
        boolean more = false;
        for (int i = 0; i < h.length; i++)
        {
            more |= h[i] != null;
        }
        if (more)
        {
            note.wake();
        }
        else
        {
            note.sleep();
        }
        return p;
    }
}
