package org.jclick.elements.standard;

import java.util.List;
import java.util.SplittableRandom;

import org.jclick.dataplane.args.BoolArg;
import org.jclick.dataplane.args.FixedPointArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.Handler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.packet.Packet;

/** Click's RandomSample. */
@ElementDoc(
    synopsis = "RandomSample([P, KEYWORDS])",
    category = "basic classification",
    ports = "one agnostic input, one or two outputs (output 0 agnostic, output 1 push)",
    description = """
        Sends each packet to output 0 with probability P (a 28-bit fixed-point fraction, as in Click); the others
        go out of output 1 if it exists, else are dropped. Without P, SAMPLE or DROP must be given. The random
        numbers come from a per-element generator split from a router-wide one with a fixed seed, so runs are
        repeatable.""",
    keywords = {
        "SAMPLE: real 0..1. The sampling probability (same as P).",
        "DROP: real 0..1. The drop probability (1 - P).",
        "ACTIVE: boolean. When false every packet goes to output 0. Default true."},
    handlers = {
        "sampling_prob (read/write): the sampling probability",
        "drop_prob (read/write): the drop probability",
        "active (read/write): ACTIVE",
        "drops (read): packets not sampled"},
    example = "... -> RandomSample(0.01) -> ToDump(sample.pcap);",
    seeAlso = {"RatedSplitter"})
public final class RandomSample extends SimpleElement
{
    private static final int SHIFT = 28;
    private static final long ONE = 1L << SHIFT;
    private static final long MASK = ONE - 1;

    private long samplingProb;
    private volatile boolean active = true;
    private long drops;
    private SplittableRandom random;

    @Override
    public String portCount()
    {
        return PORTS_1_1X2;
    }

    @Override
    public String processing()
    {
        return PROCESSING_A_AH;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final long[] p = {-1, -1};
        if (complete(args(conf)
            .readPositional("P", FixedPointArg.of(SHIFT), v -> p[0] = v)
            .read("SAMPLE", FixedPointArg.of(SHIFT), v -> p[0] = v)
            .read("DROP", FixedPointArg.of(SHIFT), v -> p[1] = v)
            .read("ACTIVE", BoolArg.INSTANCE, v -> active = v), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        if (p[0] < 0 && p[1] >= 0 && p[1] <= ONE)
        {
            p[0] = ONE - p[1];
        }
        else if (p[0] < 0 && p[1] < 0)
        {
            return errh.error("you must specify either P or DROP");
        }
        if (p[0] < 0 || p[0] > ONE)
        {
            return errh.error("sampling probability must be between 0 and 1");
        }
        samplingProb = p[0];
        return 0;
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        random = RouterRandom.split(router());
        return 0;
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        if (!active || (random.nextInt() & MASK) < samplingProb)
        {
            return p;
        }
        drops++;
        return reject(p);
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("sampling_prob", () -> ClickFormat.fixed(samplingProb, SHIFT));
        addWriteHandler("sampling_prob", (v, errh) -> setProb(v, false, errh));
        addReadHandler("drop_prob", () -> ClickFormat.fixed(ONE - samplingProb, SHIFT));
        addWriteHandler("drop_prob", (v, errh) -> setProb(v, true, errh));
        addReadHandler("active", () -> Boolean.toString(active), Handler.CHECKBOX);
        addWriteHandler("active", (v, errh) ->
        {
            final Boolean b = BoolArg.parseOrNull(v);
            if (b == null)
            {
                return errh.error("active: expected boolean");
            }
            active = b;
            return 0;
        });
        addReadHandler("drops", () -> Long.toString(drops));
    }

    private int setProb(final String v, final boolean drop, final ErrorHandler errh)
    {
        final long x;
        try
        {
            x = FixedPointArg.of(SHIFT).parse(v.trim(), argContext());
        }
        catch (final RuntimeException e)
        {
            return errh.error("expected real number");
        }
        if (x > ONE)
        {
            return errh.error("probability must be between 0 and 1");
        }
        samplingProb = drop ? ONE - x : x;
        return 0;
    }
}
