package org.jclick.elements.queues;

import java.util.List;

import org.jclick.dataplane.args.ArgException;
import org.jclick.dataplane.args.BandwidthArg;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.Handler;
import org.jclick.dataplane.packet.Packet;

/**
 * Shaper and BandwidthShaper: a pull element that lets a pull on output 0 through only when the rate allows
 * (a bucket of one packet, or a byte bucket that may go into debt by one packet), smooth rather than bursty.
 * Output 1, if connected, gives packets exactly when output 0 would not.
 */
abstract class ShaperCore extends Element
{
    private final boolean bytes;
    private final ShaperBucket bucket = new ShaperBucket();
    private long rate;

    ShaperCore(final boolean bytes)
    {
        this.bytes = bytes;
    }

    @Override
    public String portCount()
    {
        return PORTS_1_1X2;
    }

    @Override
    public String processing()
    {
        return PULL;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final long[] r = {0};
        if (complete(args(conf).readMandatoryPositional("RATE", bytes ? BandwidthArg.INSTANCE : IntArg.uint32(),
            v -> r[0] = v), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        rate = r[0];
        return 0;
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        bucket.assign(rate, 1, router().nowNs());
        return 0;
    }

    private boolean conforms(final long now)
    {
        bucket.refill(now);
        return bytes ? bucket.positive() : bucket.contains(1);
    }

    @Override
    public Packet pull(final int port)
    {
        final boolean ok = conforms(router().nowNs());
        if (port == 0)
        {
            if (!ok)
            {
                return null;
            }
            final Packet p = input(0).pull();
            if (p != null)
            {
                bucket.remove(bytes ? p.length() : 1);
            }
            return p;
        }
        return ok ? null : input(0).pull();
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("rate", () -> Long.toString(rate));
        addWriteHandler("rate", (v, errh) ->
        {
            try
            {
                rate = (bytes ? BandwidthArg.INSTANCE : IntArg.uint32()).parse(v.strip(), argContext());
            }
            catch (final ArgException e)
            {
                return errh.error("rate: " + e.getMessage());
            }
            bucket.assign(rate, 1, router().nowNs());
            return 0;
        });
        addWriteHandler("reset", (v, errh) ->
        {
            bucket.assign(rate, 1, router().nowNs());
            return 0;
        }, Handler.BUTTON);
    }
}
