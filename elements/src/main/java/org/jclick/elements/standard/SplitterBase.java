package org.jclick.elements.standard;

import java.util.List;

import org.jclick.dataplane.args.Args;
import org.jclick.dataplane.args.ArgParser;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.args.SecondsArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.packet.Packet;

/** RatedSplitter and BandwidthRatedSplitter: a token bucket decides between output 0 and output 1. */
abstract class SplitterBase extends Element
{
    protected final TokenBucket bucket = new TokenBucket();
    private long burstMs = 20;
    private long burstSize = -1;

    /** Whether the bucket counts bytes (true) or packets. */
    abstract boolean bandwidth();

    abstract ArgParser<Long> rateParser();

    abstract String formatRate(long rate);

    @Override
    public final String portCount()
    {
        return PORTS_1_1X2;
    }

    @Override
    public final String processing()
    {
        return PUSH;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final Args.Value<Long> rate = new Args.Value<>();
        final Args.Value<Long> dur = new Args.Value<>();
        final Args.Value<Long> size = new Args.Value<>();
        final String sizeName = bandwidth() ? "BURST_BYTES" : "BURST_SIZE";
        if (complete(args(conf)
            .readMandatoryPositional("RATE", rateParser(), rate)
            .read("BURST_DURATION", SecondsArg.milliseconds(), dur)
            .read(sizeName, IntArg.uint32(), size), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        if (dur.isPresent() && size.isPresent())
        {
            return errh.error("cannot specify both BURST_DURATION and " + sizeName);
        }
        burstMs = dur.isPresent() ? dur.get() : 20;
        burstSize = size.isPresent() ? size.get() : -1;
        bucket.assign(rate.get(), TokenBucket.capacityFor(rate.get(), burstMs, burstSize, bandwidth()));
        bucket.setFull();
        return 0;
    }

    @Override
    public void push(final int port, final Packet p)
    {
        bucket.refillNs(router().nowNs());
        final boolean pass;
        if (bandwidth())
        {
            pass = bucket.contains(TokenBucket.BANDWIDTH_THRESH);
            if (pass)
            {
                bucket.remove(p.length());
            }
        }
        else
        {
            pass = bucket.removeIf(1);
        }
        if (pass)
        {
            output(0).push(p);
        }
        else
        {
            checkedOutputPush(1, p);
        }
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("rate", () -> formatRate(bucket.rate()));
        addWriteHandler("rate", (v, errh) ->
        {
            final long r;
            try
            {
                r = rateParser().parse(v.trim(), argContext());
            }
            catch (final RuntimeException e)
            {
                return errh.error("rate: " + e.getMessage());
            }
            bucket.assign(r, TokenBucket.capacityFor(r, burstMs, burstSize, bandwidth()));
            return 0;
        });
    }
}
