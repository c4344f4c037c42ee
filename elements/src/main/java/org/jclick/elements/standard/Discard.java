package org.jclick.elements.standard;

import java.util.List;

import org.jclick.dataplane.args.BoolArg;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.Handler;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketBatch;
import org.jclick.dataplane.runtime.NotifierSignal;
import org.jclick.dataplane.runtime.Task;

/** Click's Discard. */
@ElementDoc(
    synopsis = "Discard([KEYWORDS])",
    category = "basic sinks",
    ports = "one agnostic input",
    description = """
        Drops every packet it receives. With a pull input it pulls packets in a task, sleeping while the
        upstream empty signal says there is nothing to pull.""",
    keywords = {
        "ACTIVE: boolean. With a pull input, whether to pull. Default true.",
        "BURST: integer. With a pull input, packets pulled per task run. Default 1."},
    handlers = {
        "count (read): packets discarded",
        "reset_counts (write): sets count to zero",
        "active (read/write): the ACTIVE setting"},
    example = "FromDump(trace.pcap) -> Discard;")
public final class Discard extends Element
{
    private long count;
    private boolean active = true;
    private int burst = 1;
    private final Task task = new Task(this);
    private NotifierSignal signal = NotifierSignal.busy();

    @Override
    public String portCount()
    {
        return PORTS_1_0;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        return complete(args(conf)
            .read("ACTIVE", BoolArg.INSTANCE, v -> active = v)
            .read("BURST", IntArg.int32(), v -> burst = Math.max(1, v)), errh);
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        if (inputIsPull(0))
        {
            task.initialize(active);
            signal = NotifierSignal.upstreamEmpty(this, 0, task);
        }
        return 0;
    }

    @Override
    public void push(final int port, final Packet p)
    {
        count++;
        p.kill();
    }

    @Override
    public void pushBatch(final int port, final PacketBatch batch)
    {
        count += batch.size();
        batch.killAll();
    }

    @Override
    public boolean runTask(final Task t)
    {
        if (!active)
        {
            return false;
        }
        int n = 0;
        for (; n < burst; n++)
        {
            final Packet p = input(0).pull();
            if (p == null)
            {
                break;
            }
            count++;
            p.kill();
        }
        if (n > 0 || signal.active())
        {
            t.fastReschedule();
        }
        return n > 0;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("count", () -> Long.toString(count));
        addWriteHandler("reset_counts", (v, errh) -> { count = 0; return 0; }, Handler.BUTTON);
        addReadHandler("active", () -> Boolean.toString(active), Handler.CHECKBOX);
        addWriteHandler("active", (v, errh) ->
        {
            final Boolean b = BoolArg.parseOrNull(v);
            if (b == null)
            {
                return errh.error("active: expected boolean");
            }
            active = b;
            if (inputIsPull(0) && active)
            {
                task.reschedule();
            }
            return 0;
        });
        if (inputIsPull(0))
        {
            addTaskHandlers(task, "");
        }
    }
}
