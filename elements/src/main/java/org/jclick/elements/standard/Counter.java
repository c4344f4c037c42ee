package org.jclick.elements.standard;

import java.util.List;

import org.jclick.dataplane.args.Args;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.args.StringArg;
import org.jclick.dataplane.element.BatchAction;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.Handler;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketBatch;
import org.jclick.dataplane.runtime.HandlerCall;

/** Click's Counter. */
@ElementDoc(
    synopsis = "Counter([KEYWORDS])",
    category = "basic",
    ports = "one agnostic input, one agnostic output",
    description = """
        Passes packets unchanged from its input to its output, counting them and their bytes, and measuring the
        packet and byte rates (an exponentially weighted moving average over about one second).""",
    keywords = {
        "COUNT_CALL: 'N HANDLER [VALUE]'. When the count reaches N, call the write handler HANDLER with VALUE "
            + "(just before the N-th packet is emitted).",
        "BYTE_COUNT_CALL: 'N HANDLER [VALUE]'. The same for the byte count."},
    handlers = {
        "count (read/write): packets counted; writing sets it",
        "byte_count (read/write): bytes counted",
        "rate (read): recent packet arrival rate, packets per second",
        "bit_rate (read): recent rate in bits per second",
        "byte_rate (read): recent rate in bytes per second",
        "reset, reset_counts (write): sets the counts and rates to zero",
        "count_call, byte_count_call (write): sets COUNT_CALL or BYTE_COUNT_CALL"},
    example = "FromDump(trace.pcap) -> c :: Counter -> Discard;  // then read c.count",
    seeAlso = {"AverageCounter"})
public final class Counter extends Element implements BatchAction
{
    private long count;
    private long byteCount;
    private long countCallAt = -1;
    private long byteCountCallAt = -1;
    private HandlerCall countCall;
    private HandlerCall byteCountCall;
    private final RateEwma packetRate = new RateEwma();
    private final RateEwma byteRate = new RateEwma();
    /** False when the graph compiler found no reader of the rate handlers: the packet path then skips the EWMAs. */
    private boolean measureRates = true;

    @Override
    public String portCount()
    {
        return PORTS_1_1;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final Args.Value<String> cc = new Args.Value<>();
        final Args.Value<String> bcc = new Args.Value<>();
        if (complete(args(conf).read("COUNT_CALL", StringArg.ANY, cc).read("BYTE_COUNT_CALL", StringArg.ANY, bcc),
            errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        if (cc.isPresent() && setCall(cc.get(), false, errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        if (bcc.isPresent() && setCall(bcc.get(), true, errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        return 0;
    }

    private int setCall(final String text, final boolean bytes, final ErrorHandler errh)
    {
        final String keyword = bytes ? "BYTE_COUNT_CALL" : "COUNT_CALL";
        final String[] first = org.jclick.lang.ConfigStrings.shiftSpacevec(text);
        final long n;
        try
        {
            n = IntArg.uint64().parse(first[0], argContext());
        }
        catch (final org.jclick.dataplane.args.ArgException e)
        {
            return errh.error(keyword + ": " + e.getMessage());
        }
        if (first[1].isBlank())
        {
            return errh.error(keyword + ": missing handler");
        }
        final HandlerCall call = HandlerCall.parseWrite(first[1]);
        if (bytes)
        {
            byteCountCallAt = n;
            byteCountCall = call;
        }
        else
        {
            countCallAt = n;
            countCall = call;
        }
        return 0;
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        if (countCall != null && countCall.resolve(this, errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        if (byteCountCall != null && byteCountCall.resolve(this, errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        return 0;
    }

    private void count(final Packet p)
    {
        final long c = ++count;
        final int len = p.length();
        byteCount += len;
        if (measureRates)
        {
            final long now = router().coarseNowNs();
            packetRate.update(now, 1);
            byteRate.update(now, len);
        }
        if (c == countCallAt)
        {
            countCall.call(this);
        }
        if (byteCountCallAt >= 0 && byteCount >= byteCountCallAt && byteCount - len < byteCountCallAt)
        {
            byteCountCall.call(this);
        }
    }

    @Override
    public void push(final int port, final Packet p)
    {
        count(p);
        output(0).push(p);
    }

    @Override
    public Packet action(final int port, final Packet p)
    {
        count(p);
        return p;
    }

    @Override
    public Packet pull(final int port)
    {
        final Packet p = input(0).pull();
        if (p != null)
        {
            count(p);
        }
        return p;
    }

    @Override
    public void pushBatch(final int port, final PacketBatch batch)
    {
        batchAction(port, batch);
        output(0).pushBatch(batch);
    }

    @Override
    public void batchAction(final int port, final PacketBatch batch)
    {
        final int n = batch.size();
        // COUNT_CALL fires on the N-th packet: a batch that does not hold it is counted as a whole
        if (byteCountCall == null && (countCall == null || countCallAt <= count || countCallAt > count + n))
        {
            long bytes = 0;
            for (int i = 0; i < n; i++)
            {
                bytes += batch.get(i).length();
            }
            count += n;
            byteCount += bytes;
            if (measureRates)
            {
                final long now = router().coarseNowNs();
                packetRate.update(now, n);
                byteRate.update(now, bytes);
            }
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                count(batch.get(i));
            }
        }
    }

    public long count()
    {
        return count;
    }

    public long byteCount()
    {
        return byteCount;
    }

    private void reset()
    {
        count = 0;
        byteCount = 0;
        packetRate.reset();
        byteRate.reset();
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("count", () -> Long.toString(count));
        addWriteHandler("count", (v, errh) -> setLong(v, errh, true));
        addReadHandler("byte_count", () -> Long.toString(byteCount));
        addWriteHandler("byte_count", (v, errh) -> setLong(v, errh, false));
        addFallibleReadHandler("rate", (param, errh) -> rate(packetRate, 1, "rate", errh));
        addFallibleReadHandler("byte_rate", (param, errh) -> rate(byteRate, 1, "byte_rate", errh));
        addFallibleReadHandler("bit_rate", (param, errh) -> rate(byteRate, 8, "bit_rate", errh));
        addWriteHandler("reset", (v, errh) -> { reset(); return 0; }, Handler.BUTTON);
        addWriteHandler("reset_counts", (v, errh) -> { reset(); return 0; }, Handler.BUTTON);
        addWriteHandler("count_call", (v, errh) -> setCallAndResolve(v, false, errh));
        addWriteHandler("byte_count_call", (v, errh) -> setCallAndResolve(v, true, errh));
    }

    private String rate(final RateEwma ewma, final int scale, final String handler, final ErrorHandler errh)
    {
        if (!measureRates)
        {
            errh.error("'" + name() + "." + handler + "' was not measured: the graph compiler found nothing that"
                + " reads it (name it with -h, or run with --engine=interpret)");
            return null;
        }
        return RateEwma.format(ewma.rate(router().nowNs()) * scale);
    }

    /** Stops the rate EWMAs when no rate handler can be read (see {@link Element#retainHandlers}). */
    @Override
    public void retainHandlers(final java.util.function.Predicate<String> live)
    {
        measureRates = live.test("rate") || live.test("byte_rate") || live.test("bit_rate");
    }

    private int setCallAndResolve(final String v, final boolean bytes, final ErrorHandler errh)
    {
        if (setCall(v, bytes, errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        return (bytes ? byteCountCall : countCall).resolve(this, errh);
    }

    private int setLong(final String v, final ErrorHandler errh, final boolean packets)
    {
        try
        {
            final long n = Long.parseLong(v.trim());
            if (packets)
            {
                count = n;
            }
            else
            {
                byteCount = n;
            }
            return 0;
        }
        catch (final NumberFormatException e)
        {
            return errh.error("expected integer");
        }
    }
}
