package org.jclick.elements.standard;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.jclick.dataplane.args.Args;
import org.jclick.dataplane.args.BandwidthArg;
import org.jclick.dataplane.args.BoolArg;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.args.PacketRateArg;
import org.jclick.dataplane.args.StringArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.Handler;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.runtime.Task;
import org.jclick.dataplane.runtime.Timer;

/** Click's RatedSource. */
@ElementDoc(
    synopsis = "RatedSource([DATA, RATE, LIMIT, ACTIVE, KEYWORDS])",
    category = "basic sources",
    ports = "no inputs, one agnostic output",
    description = """
        Creates packets consisting of DATA and emits at most LIMIT of them (negative: no limit) at RATE packets
        per second, pushing at most one per task run or giving one per pull when the rate allows. The rate is a
        token bucket with Click's arithmetic (millisecond ticks, capacity 2 tokens below 200 packets per second,
        else RATE/100), holding one token at start; between packets a pushing RatedSource sleeps on a timer.
        Packets share one buffer (zero copy).""",
    keywords = {
        "DATA: string. Packet contents. The default is a 69-byte text.",
        "LENGTH: integer. Pad or cut DATA to this many bytes (DATASIZE is a synonym).",
        "RATE: unsigned integer. Packets per second. Default 10.",
        "BANDWIDTH: bandwidth. Sets RATE from the packet length.",
        "LIMIT: integer. Total packets to send; -1 means no limit. Default -1.",
        "ACTIVE: boolean. Whether to send. Default true.",
        "STOP: boolean. Stop the driver once LIMIT packets were sent. Default false."},
    handlers = {
        "count (read): packets sent",
        "reset (write): resets the count and restarts",
        "data, length, rate, limit, active (read/write): the keyword values"},
    example = "RatedSource(RATE 100, LIMIT 1000, STOP true) -> c :: Counter -> Discard;",
    seeAlso = {"InfiniteSource", "TimedSource"})
public final class RatedSource extends Element
{
    private final Task task = new Task(this);
    private final Timer timer = new Timer(this);
    private final TokenBucket bucket = new TokenBucket();
    private byte[] data = InfiniteSource.DEFAULT_DATA.getBytes(StandardCharsets.ISO_8859_1);
    private int dataSize = -1;
    private long rate = 10;
    private long limit = -1;
    private boolean active = true;
    private boolean stop;
    private boolean stopped;
    private long count;
    private Packet template;

    @Override
    public String portCount()
    {
        return PORTS_0_1;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final Args.Value<String> d = new Args.Value<>();
        final Args.Value<Integer> len = new Args.Value<>();
        final Args.Value<Integer> dsize = new Args.Value<>();
        final Args.Value<Long> bw = new Args.Value<>();
        if (complete(args(conf)
            .readPositional("DATA", StringArg.STRING, d)
            .readPositional("RATE", PacketRateArg.packetsPerSecond(), v -> rate = v)
            .readPositional("LIMIT", IntArg.int64(), v -> limit = v)
            .readPositional("ACTIVE", BoolArg.INSTANCE, v -> active = v)
            .read("LENGTH", IntArg.int32(), len)
            .read("DATASIZE", IntArg.int32(), dsize)
            .read("BANDWIDTH", BandwidthArg.INSTANCE, bw)
            .read("STOP", BoolArg.INSTANCE, v -> stop = v), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        if (d.isPresent())
        {
            data = d.get().getBytes(StandardCharsets.ISO_8859_1);
        }
        dataSize = len.isPresent() ? len.get() : dsize.isPresent() ? dsize.get() : -1;
        if (bw.isPresent() && bw.get() > 0)
        {
            final int size = dataSize >= 0 ? dataSize : data.length;
            rate = size > 0 ? bw.get() / size : 0;
        }
        setRate(rate);
        return 0;
    }

    private void setRate(final long r)
    {
        rate = r;
        bucket.assign(r, r < 200 ? 2 : r / 100);
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        template = PacketTemplate.make(this, data, dataSize);
        if (template == null)
        {
            return errh.error("out of memory");
        }
        bucket.set(1);
        bucket.setTimePoint(TokenBucket.jiffies(router().nowNs()));
        if (outputIsPush(0))
        {
            task.initialize(active);
            timer.initialize();
        }
        return 0;
    }

    private boolean limitReached()
    {
        return limit >= 0 && count >= limit;
    }

    private void maybeStop()
    {
        if (stop && !stopped && limitReached())
        {
            stopped = true;
            router().pleaseStopDriver();
        }
    }

    private Packet next()
    {
        final Packet p = template.clone();
        if (p != null)
        {
            p.setTimestampNs(router().nowNs());
            count++;
        }
        return p;
    }

    @Override
    public boolean runTask(final Task t)
    {
        if (!active)
        {
            return false;
        }
        if (limitReached())
        {
            maybeStop();
            return false;
        }
        bucket.refillNs(router().nowNs());
        if (bucket.removeIf(1))
        {
            final Packet p = next();
            if (p != null)
            {
                output(0).push(p);
            }
            t.fastReschedule();
            return true;
        }
        final long ms = bucket.timeUntilContains(1);
        if (ms != TokenBucket.NEVER)
        {
            timer.scheduleAt((TokenBucket.jiffies(router().nowNs()) + ms) * 1_000_000L);
        }
        return false;
    }

    @Override
    public void runTimer(final Timer t)
    {
        task.reschedule();
    }

    @Override
    public Packet pull(final int port)
    {
        if (!active)
        {
            return null;
        }
        if (limitReached())
        {
            maybeStop();
            return null;
        }
        bucket.refillNs(router().nowNs());
        if (bucket.removeIf(1))
        {
            return next();
        }
        return null;
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

    private void wake()
    {
        if (outputIsPush(0) && active)
        {
            task.reschedule();
        }
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("count", () -> Long.toString(count));
        addWriteHandler("reset", (v, errh) ->
        {
            count = 0;
            stopped = false;
            wake();
            return 0;
        }, Handler.BUTTON);
        addReadHandler("data", () -> new String(data, StandardCharsets.ISO_8859_1));
        addWriteHandler("data", (v, errh) ->
        {
            data = org.jclick.lang.ConfigStrings.unquote(v).getBytes(StandardCharsets.ISO_8859_1);
            return remake(errh);
        });
        addReadHandler("length", () -> Integer.toString(dataSize));
        addWriteHandler("length", (v, errh) ->
        {
            final Long n = parseLong(v, errh);
            if (n == null)
            {
                return ErrorHandler.FAILURE;
            }
            dataSize = (int)Math.max(-1, Math.min(n, Integer.MAX_VALUE));
            return remake(errh);
        });
        addReadHandler("rate", () -> Long.toString(rate));
        addWriteHandler("rate", (v, errh) ->
        {
            final long r;
            try
            {
                r = PacketRateArg.packetsPerSecond().parse(v.trim(), argContext());
            }
            catch (final RuntimeException e)
            {
                return errh.error("rate: " + e.getMessage());
            }
            setRate(r);
            wake();
            return 0;
        });
        addReadHandler("limit", () -> Long.toString(limit));
        addWriteHandler("limit", (v, errh) ->
        {
            final Long n = parseLong(v, errh);
            if (n == null)
            {
                return ErrorHandler.FAILURE;
            }
            limit = n;
            stopped = false;
            wake();
            return 0;
        });
        addReadHandler("active", () -> Boolean.toString(active), Handler.CHECKBOX);
        addWriteHandler("active", (v, errh) ->
        {
            final Boolean b = BoolArg.parseOrNull(v);
            if (b == null)
            {
                return errh.error("active: expected boolean");
            }
            active = b;
            wake();
            return 0;
        });
        if (outputIsPush(0))
        {
            addTaskHandlers(task, "");
        }
    }

    private int remake(final ErrorHandler errh)
    {
        final Packet p = PacketTemplate.make(this, data, dataSize);
        if (p == null)
        {
            return errh.error("out of memory");
        }
        if (template != null)
        {
            template.kill();
        }
        template = p;
        return 0;
    }

    private static Long parseLong(final String v, final ErrorHandler errh)
    {
        try
        {
            return Long.parseLong(v.trim());
        }
        catch (final NumberFormatException e)
        {
            errh.error("expected integer");
            return null;
        }
    }
}
