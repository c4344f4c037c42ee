package org.jclick.elements.standard;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.jclick.dataplane.args.Args;
import org.jclick.dataplane.args.BoolArg;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.args.SecondsArg;
import org.jclick.dataplane.args.StringArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.Handler;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.runtime.Timer;

/** Click's TimedSource. */
@ElementDoc(
    synopsis = "TimedSource([INTERVAL, DATA, KEYWORDS])",
    category = "basic sources",
    ports = "no inputs, one push output",
    description = """
        Pushes a packet consisting of DATA once every INTERVAL (default 0.5 s), the first one INTERVAL after
        start. After LIMIT packets (negative: no limit) it stops sending; with STOP it stops the driver one
        INTERVAL after the last packet.""",
    keywords = {
        "INTERVAL: time. Default 500 ms.",
        "DATA: string. Packet contents. The default is a 69-byte text.",
        "LIMIT: integer. Total packets; -1 means no limit. Default -1.",
        "ACTIVE: boolean. Whether to send. Default true.",
        "STOP: boolean. Stop the driver after LIMIT packets. Default false."},
    handlers = {
        "data (read/write): DATA",
        "interval (read/write): INTERVAL",
        "active (read/write): ACTIVE",
        "count (read): packets sent"},
    example = "TimedSource(0.333) -> Print -> Discard;",
    seeAlso = {"InfiniteSource", "RatedSource"})
public final class TimedSource extends Element
{
    private final Timer timer = new Timer(this);
    private byte[] data = InfiniteSource.DEFAULT_DATA.getBytes(StandardCharsets.ISO_8859_1);
    private long intervalNs = 500_000_000L;
    private long limit = -1;
    private boolean active = true;
    private boolean stop;
    private long count;
    private Packet template;

    @Override
    public String portCount()
    {
        return PORTS_0_1;
    }

    @Override
    public String processing()
    {
        return PUSH;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final Args.Value<String> d = new Args.Value<>();
        if (complete(args(conf)
            .readPositional("INTERVAL", SecondsArg.nanoseconds(), v -> intervalNs = v)
            .readPositional("DATA", StringArg.STRING, d)
            .read("LIMIT", IntArg.int64(), v -> limit = v)
            .read("ACTIVE", BoolArg.INSTANCE, v -> active = v)
            .read("STOP", BoolArg.INSTANCE, v -> stop = v), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        if (d.isPresent())
        {
            data = d.get().getBytes(StandardCharsets.ISO_8859_1);
        }
        return 0;
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        template = PacketTemplate.make(this, data, -1);
        if (template == null)
        {
            return errh.error("out of memory");
        }
        timer.initialize();
        if (active)
        {
            timer.scheduleAfterNs(intervalNs);
        }
        return 0;
    }

    @Override
    public void runTimer(final Timer t)
    {
        if (!active)
        {
            return;
        }
        if (limit < 0 || count < limit)
        {
            final Packet p = template.clone();
            if (p != null)
            {
                p.setTimestampNs(router().nowNs());
                count++;
                output(0).push(p);
            }
            t.rescheduleAfterNs(Math.max(1, intervalNs));
        }
        else if (stop)
        {
            router().pleaseStopDriver();
        }
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
        addReadHandler("data", () -> new String(data, StandardCharsets.ISO_8859_1));
        addWriteHandler("data", (v, errh) ->
        {
            data = org.jclick.lang.ConfigStrings.unquote(v).getBytes(StandardCharsets.ISO_8859_1);
            final Packet p = PacketTemplate.make(this, data, -1);
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
        });
        addReadHandler("interval", () -> ClickFormat.seconds(intervalNs));
        addWriteHandler("interval", (v, errh) ->
        {
            try
            {
                intervalNs = SecondsArg.nanoseconds().parse(v.trim(), argContext());
            }
            catch (final RuntimeException e)
            {
                return errh.error("interval: " + e.getMessage());
            }
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
            if (b && !active)
            {
                timer.scheduleAfterNs(intervalNs);
            }
            active = b;
            return 0;
        });
    }
}
