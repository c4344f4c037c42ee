package org.jclick.elements.standard;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.jclick.dataplane.args.Args;
import org.jclick.dataplane.args.BoolArg;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.args.StringArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.Handler;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketBatch;
import org.jclick.dataplane.runtime.HandlerCall;
import org.jclick.dataplane.runtime.Notifier;
import org.jclick.dataplane.runtime.NotifierSignal;
import org.jclick.dataplane.runtime.Task;

/** Click's InfiniteSource. */
@ElementDoc(
    synopsis = "InfiniteSource([DATA, LIMIT, BURST, ACTIVE?, KEYWORDS])",
    category = "basic sources",
    ports = "no inputs, one agnostic output",
    description = """
        Creates packets consisting of DATA, and pushes them in bursts of BURST per task run, or gives one per
        pull, until LIMIT packets were sent (-1: no limit). The packets share one buffer (zero copy); an element
        that writes to one gets a private copy. When pushing, it sleeps while every queue downstream is full. When
        pulled, it offers an empty notifier that is active while it has packets to give (ACTIVE and LIMIT not
        reached), so a task pulling from it sleeps once it is done and wakes when a handler makes it active again.""",
    keywords = {
        "DATA: string. Packet contents. The default is a 69-byte text.",
        "DATASIZE: integer. Pad or cut DATA to this many bytes.",
        "LENGTH: integer. The same as DATASIZE (Click's older name).",
        "LIMIT: integer. Total packets to send; -1 means no limit. Default -1.",
        "BURST: integer. Packets per task run. Default 1.",
        "ACTIVE: boolean. Whether to send packets. Default true.",
        "STOP: boolean. Stop the driver when LIMIT is reached. Default false.",
        "END_CALL: handler call. Call this write handler when LIMIT is reached.",
        "TIMESTAMP: boolean. Set each packet's timestamp annotation to the current time. Default true."},
    handlers = {
        "count (read): packets sent so far",
        "reset (write): resets the count and resumes if LIMIT was reached",
        "data, datasize, limit, burst, active (read/write): the keyword values"},
    example = "InfiniteSource(LIMIT 5, STOP true) -> Print -> Discard;",
    seeAlso = {"RatedSource", "TimedSource"})
public final class InfiniteSource extends Element
{
    static final String DEFAULT_DATA = "Random bullshit in a packet, at least 64 bytes long. Well, now it is.";

    private final Task task = new Task(this);
    /** The pull side's empty notifier: active while pulls would return packets. */
    private final Notifier notifier = new Notifier();
    private NotifierSignal nonfull = NotifierSignal.busy();
    private byte[] data = DEFAULT_DATA.getBytes(StandardCharsets.ISO_8859_1);
    private int dataSize = -1;
    private long limit = -1;
    private int burst = 1;
    private boolean active = true;
    private boolean stop;
    private boolean timestamp = true;
    private HandlerCall endCall;
    private Packet template;
    private long count;
    private PacketBatch batch;

    @Override
    public String portCount()
    {
        return PORTS_0_1;
    }

    @Override
    public Object cast(final String name)
    {
        return Notifier.EMPTY_NOTIFIER.equals(name) ? notifier : null;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        notifier.setActive(true, false);
        final Args.Value<String> d = new Args.Value<>();
        final Args.Value<String> end = new Args.Value<>();
        final Args.Value<Integer> size = new Args.Value<>();
        final Args.Value<Integer> length = new Args.Value<>();
        if (complete(args(conf)
            .readPositional("DATA", StringArg.STRING, d)
            .readPositional("LIMIT", IntArg.int64(), v -> limit = v)
            .readPositional("BURST", IntArg.int32(), v -> burst = v)
            .readPositional("ACTIVE", BoolArg.INSTANCE, v -> active = v)
            .read("LENGTH", IntArg.int32(), length)
            .read("DATASIZE", IntArg.int32(), size)
            .read("STOP", BoolArg.INSTANCE, v -> stop = v)
            .read("END_CALL", StringArg.ANY, end)
            .read("TIMESTAMP", BoolArg.INSTANCE, v -> timestamp = v), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        if (burst < 1)
        {
            return errh.error("BURST must be >= 1");
        }
        if (d.isPresent())
        {
            data = d.get().getBytes(StandardCharsets.ISO_8859_1);
        }
        dataSize = size.isPresent() ? size.get() : length.isPresent() ? length.get() : -1;
        if (end.isPresent())
        {
            endCall = HandlerCall.parseWrite(end.get());
        }
        return 0;
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        if (endCall != null && endCall.resolve(this, errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        if (makeTemplate(errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        batch = new PacketBatch(Integer.highestOneBit(Math.min(Math.max(burst, 1), PacketBatch.MAX_CAPACITY) * 2 - 1));
        if (outputIsPush(0))
        {
            task.initialize(active);
            nonfull = NotifierSignal.downstreamFull(this, 0, task);
        }
        return 0;
    }

    private int makeTemplate(final ErrorHandler errh)
    {
        final int len = dataSize >= 0 ? dataSize : data.length;
        final Packet p = router().allocatorFor(this).make(len);
        if (p == null)
        {
            return errh.error("out of memory");
        }
        for (int i = 0; i < len; i += Math.max(1, data.length))
        {
            if (data.length == 0)
            {
                break;
            }
            p.copyFrom(i, data, 0, Math.min(data.length, len - i));
        }
        if (data.length == 0)
        {
            for (int i = 0; i < len; i++)
            {
                p.setU8(i, 0);
            }
        }
        if (template != null)
        {
            template.kill();
        }
        template = p;
        return 0;
    }

    private Packet next()
    {
        Packet p = template.clone();
        if (p == null)
        {
            // the template's pool has no packet object left for a clone (many clones are held, e.g. queued):
            // make a packet with its own copy of the data, from any chunk of the allocator
            p = router().allocatorFor(this).make(template.length());
            if (p != null)
            {
                p.copyFrom(0, template.buffer(), template.dataOffset(), template.length());
            }
        }
        if (p != null && timestamp)
        {
            p.setTimestampNs(router().nowNs());
        }
        return p;
    }

    private void finished()
    {
        if (stop)
        {
            router().pleaseStopDriver();
        }
        if (endCall != null)
        {
            endCall.call(this);
        }
    }

    @Override
    public boolean runTask(final Task t)
    {
        if (!active)
        {
            return false;
        }
        if (limit >= 0 && count >= limit)
        {
            return false;
        }
        if (!nonfull.active())
        {
            return false;
        }
        int n = burst;
        if (limit >= 0 && limit - count < n)
        {
            n = (int)(limit - count);
        }
        final PacketBatch b = batch;
        while (n > 0)
        {
            final int chunk = Math.min(n, b.capacity());
            b.clear();
            for (int i = 0; i < chunk; i++)
            {
                final Packet p = next();
                if (p == null)
                {
                    break;
                }
                b.add(p);
            }
            if (b.isEmpty())
            {
                break;
            }
            count += b.size();
            n -= b.size();
            if (b.size() == 1)
            {
                final Packet p = b.get(0);
                b.clear();
                output(0).push(p);
            }
            else
            {
                output(0).pushBatch(b);
                b.clear();
            }
        }
        if (limit >= 0 && count >= limit)
        {
            finished();
            return true;
        }
        t.fastReschedule();
        return true;
    }

    @Override
    public Packet pull(final int port)
    {
        if (!active || (limit >= 0 && count >= limit))
        {
            notifier.sleep();
            return null;
        }
        final Packet p = next();
        if (p != null)
        {
            count++;
            if (limit >= 0 && count >= limit)
            {
                finished();
            }
        }
        return p;
    }

    @Override
    public void cleanup(final CleanupStage stage)
    {
        if (template != null)
        {
            template.kill();
            template = null;
        }
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("count", () -> Long.toString(count));
        addWriteHandler("reset", (v, errh) ->
        {
            count = 0;
            resume();
            return 0;
        }, Handler.BUTTON);
        addReadHandler("data", () -> new String(data, StandardCharsets.ISO_8859_1));
        addWriteHandler("data", (v, errh) ->
        {
            data = org.jclick.lang.ConfigStrings.unquote(v).getBytes(StandardCharsets.ISO_8859_1);
            return makeTemplate(errh);
        });
        addReadHandler("datasize", () -> Integer.toString(dataSize));
        addWriteHandler("datasize", (v, errh) -> intWrite(v, errh, 0));
        addReadHandler("length", () -> Integer.toString(dataSize));
        addWriteHandler("length", (v, errh) -> intWrite(v, errh, 0));
        addReadHandler("limit", () -> Long.toString(limit));
        addWriteHandler("limit", (v, errh) -> intWrite(v, errh, 1));
        addReadHandler("burst", () -> Integer.toString(burst));
        addWriteHandler("burst", (v, errh) -> intWrite(v, errh, 2));
        addReadHandler("active", () -> Boolean.toString(active), Handler.CHECKBOX);
        addWriteHandler("active", (v, errh) ->
        {
            final Boolean b = BoolArg.parseOrNull(v);
            if (b == null)
            {
                return errh.error("active: expected boolean");
            }
            active = b;
            resume();
            return 0;
        });
        if (outputIsPush(0))
        {
            addTaskHandlers(task, "");
        }
    }

    /** After a handler changed the settings: resumes the push task, or wakes the pull side's listeners. */
    private void resume()
    {
        if (!active || (limit >= 0 && count >= limit))
        {
            return;
        }
        if (outputIsPush(0))
        {
            task.reschedule();
        }
        else
        {
            notifier.wake();
        }
    }

    private int intWrite(final String v, final ErrorHandler errh, final int which)
    {
        final long n;
        try
        {
            n = Long.parseLong(v.trim());
        }
        catch (final NumberFormatException e)
        {
            return errh.error("expected integer");
        }
        switch (which)
        {
            case 0 ->
            {
                dataSize = (int)n;
                return makeTemplate(errh);
            }
            case 1 -> limit = n;
            default ->
            {
                if (n < 1 || n > Integer.MAX_VALUE)
                {
                    return errh.error("burst must be >= 1");
                }
                burst = (int)n;
                batch = new PacketBatch(Integer.highestOneBit(Math.min(burst, PacketBatch.MAX_CAPACITY) * 2 - 1));
            }
        }
        resume();
        return 0;
    }
}
