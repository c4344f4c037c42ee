package org.jclick.elements.queues;

import java.util.List;

import org.jclick.dataplane.args.BoolArg;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.Handler;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.runtime.Notifier;
import org.jclick.dataplane.runtime.NotifierSignal;

/**
 * Click's TimeSortedSched: a binary min-heap of buffered packets keyed by timestamp, at most BUFFER per input.
 *
 * <p>The heap is Click's own (sift-up on insertion, last-to-root and sift-down on removal), so packets with equal
 * timestamps leave in the same order as in Click. An input is pulled only while its upstream empty signal is
 * active; a source without an empty notifier makes that signal busy (always active), so STOP can only fire once
 * every input reaches notifiers that have gone to sleep, exactly as in Click.
 */
@ElementDoc(
    synopsis = "TimeSortedSched([KEYWORDS])",
    category = "timestamps",
    ports = "any number of pull inputs, one pull output",
    description = """
        Merges time-sorted packet streams: each pull returns the chronologically next packet among those pulled
        from its inputs, by timestamp annotation. Up to BUFFER packets per input are held, so a little reordering
        within an input is corrected. If the output is not sorted by timestamp (because an input was not), the
        well_ordered handler turns false. Its empty notifier is active while it holds packets or any upstream
        empty signal is active.""",
    keywords = {
        "STOP: boolean. When true, stop the driver once no packet is held and every upstream empty signal is "
            + "inactive. Default false.",
        "BUFFER: integer, at least 1. Packets held per input. Default 1."},
    handlers = {"well_ordered (read): false once a packet left with an earlier timestamp than the one before it"},
    example = "FromDump(a.pcap) -> [0] t :: TimeSortedSched(STOP true); FromDump(b.pcap) -> [1] t; t -> Unqueue -> out;",
    seeAlso = {"FromDump", "PrioSched"})
public final class TimeSortedSched extends Element
{
    private final Notifier note = new Notifier(Notifier.SearchOp.CONTINUE);
    private boolean stop;
    private int buffer = 1;

    /** The heap: packets and the input each came from, {@code npkt} in use. */
    private Packet[] pkt = new Packet[0];
    private int[] pktInput = new int[0];
    private int npkt;

    private NotifierSignal[] signals = new NotifierSignal[0];
    /** Free buffer slots per input. */
    private int[] space = new int[0];
    /** The first {@code nready} entries are the inputs with space left. */
    private int[] ready = new int[0];
    private int nready;

    private long lastEmission;
    private boolean wellOrdered = true;

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
        final int[] b = {1};
        if (complete(args(conf)
            .read("STOP", BoolArg.INSTANCE, v -> s[0] = v)
            .read("BUFFER", IntArg.int32(), v -> b[0] = v), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        if (b[0] <= 0)
        {
            return errh.error("BUFFER must be at least 1");
        }
        stop = s[0];
        buffer = b[0];
        return 0;
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        final int n = ninputs();
        final long cap = (long) n * buffer;
        if (cap > Integer.MAX_VALUE - 8)
        {
            return errh.error("out of memory!");
        }
        pkt = new Packet[(int) cap];
        pktInput = new int[(int) cap];
        signals = new NotifierSignal[n];
        space = new int[n];
        ready = new int[n];
        for (int i = 0; i < n; i++)
        {
            signals[i] = NotifierSignal.upstreamEmpty(this, i, null);
            space[i] = buffer;
            ready[i] = i;
        }
        nready = n;
        return 0;
    }

    @Override
    public void cleanup(final CleanupStage stage)
    {
        for (int i = 0; i < npkt; i++)
        {
            pkt[i].kill();
            pkt[i] = null;
        }
        npkt = 0;
    }

    @Override
    public Packet pull(final int port)
    {
        boolean signalsOn = false;
        // fill the buffer from every input that has room and whose upstream may have packets
        for (int rpos = nready - 1; rpos >= 0; --rpos)
        {
            final int i = ready[rpos];
            if (!signals[i].active())
            {
                continue;
            }
            signalsOn = true;
            Packet p;
            while ((p = input(i).pull()) != null)
            {
                heapPush(p, i);
                if (--space[i] == 0)
                {
                    ready[rpos] = ready[nready - 1];
                    --nready;
                    break;
                }
            }
        }

        note.setActive(npkt > 0 || signalsOn, false);
        if (npkt == 0)
        {
            if (stop && !signalsOn)
            {
                router().pleaseStopDriver();
            }
            return null;
        }
        final Packet p = pkt[0];
        final long ts = p.timestampNs();
        if (ts != 0)
        {
            if (lastEmission != 0 && ts < lastEmission)
            {
                wellOrdered = false;
            }
            lastEmission = ts;
        }
        final int in = pktInput[0];
        if (++space[in] == 1)
        {
            ready[nready++] = in;
        }
        heapPop();
        return p;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("well_ordered", () -> Boolean.toString(wellOrdered), Handler.CHECKBOX);
    }

    // ------------------------------------------------------------------------------------------ the heap

    private boolean less(final int a, final int b)
    {
        return pkt[a].timestampNs() < pkt[b].timestampNs();
    }

    private void swap(final int a, final int b)
    {
        final Packet p = pkt[a];
        pkt[a] = pkt[b];
        pkt[b] = p;
        final int i = pktInput[a];
        pktInput[a] = pktInput[b];
        pktInput[b] = i;
    }

    private void heapPush(final Packet p, final int input)
    {
        int i = npkt++;
        pkt[i] = p;
        pktInput[i] = input;
        while (i > 0)
        {
            final int parent = (i - 1) / 2;
            if (!less(i, parent))
            {
                break;
            }
            swap(i, parent);
            i = parent;
        }
    }

    /** Removes the root: the last element takes its place and sinks. */
    private void heapPop()
    {
        final int last = --npkt;
        if (last > 0)
        {
            swap(0, last);
            int i = 0;
            while (true)
            {
                int smallest = i;
                final int l = 2 * i + 1;
                if (l < last && less(l, smallest))
                {
                    smallest = l;
                }
                if (l + 1 < last && less(l + 1, smallest))
                {
                    smallest = l + 1;
                }
                if (smallest == i)
                {
                    break;
                }
                swap(i, smallest);
                i = smallest;
            }
        }
        pkt[last] = null;
    }
}
