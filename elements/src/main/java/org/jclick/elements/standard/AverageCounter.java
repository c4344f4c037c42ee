package org.jclick.elements.standard;

import java.util.List;

import org.jclick.dataplane.args.SecondsArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.Handler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.packet.Packet;

/** Click's AverageCounter. */
@ElementDoc(
    synopsis = "AverageCounter([IGNORE])",
    category = "counters",
    ports = "one agnostic input, one agnostic output",
    description = """
        Passes packets unchanged, counting them and their bytes, and measures the average rate between the first
        and the latest packet (millisecond resolution). Packets arriving in the first IGNORE seconds after the
        first packet are not counted (default 0).""",
    keywords = {"IGNORE: time. Seconds to ignore at the start. Default 0."},
    handlers = {
        "count (read): packets counted",
        "byte_count (read): bytes counted",
        "rate (read): average packets per second",
        "byte_rate (read): average bytes per second",
        "bit_rate (read): average bits per second",
        "reset (write): starts over"},
    example = "... -> ac :: AverageCounter -> ...;  // read ac.rate",
    seeAlso = {"Counter"})
public final class AverageCounter extends SimpleElement
{
    private long ignoreMs;
    private long count;
    private long byteCount;
    private long first = Long.MIN_VALUE;
    private long last;

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        return complete(args(conf).readPositional("IGNORE", SecondsArg.milliseconds(), v -> ignoreMs = v), errh);
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        final long j = TokenBucket.jiffies(router().nowNs());
        if (first == Long.MIN_VALUE)
        {
            first = j;
        }
        if (j - first >= ignoreMs)
        {
            count++;
            byteCount += p.length();
        }
        last = j;
        return p;
    }

    private String rate(final double amount)
    {
        long d = first == Long.MIN_VALUE ? 0 : last - first;
        d -= ignoreMs;
        if (d < 1)
        {
            d = 1;
        }
        return ClickFormat.g12(amount * 1000.0 / d);
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("count", () -> Long.toString(count));
        addReadHandler("byte_count", () -> Long.toString(byteCount));
        addReadHandler("rate", () -> rate(count));
        addReadHandler("byte_rate", () -> rate(byteCount));
        addReadHandler("bit_rate", () -> rate(byteCount * 8.0));
        addWriteHandler("reset", (v, errh) ->
        {
            count = 0;
            byteCount = 0;
            first = Long.MIN_VALUE;
            last = 0;
            return 0;
        }, Handler.BUTTON);
    }
}
