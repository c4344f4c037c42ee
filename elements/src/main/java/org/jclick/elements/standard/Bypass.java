package org.jclick.elements.standard;

import java.util.List;

import org.jclick.dataplane.args.BoolArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.Handler;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketBatch;

/** Click's Bypass. */
@ElementDoc(
    synopsis = "Bypass([ACTIVE, KEYWORDS])",
    category = "classification",
    ports = "one or two agnostic inputs, one or two agnostic outputs",
    description = """
        Sends the packet stream through an optional bypass path. Inactive, Bypass passes packets from input 0 to
        output 0, like Null. Active, a push Bypass emits the packets of input 0 on output 1, and an active pull
        Bypass answers pulls on output 0 from input 1. The second push input (pull output) rejoins the bypass path
        to the normal one: packets pushed to input 1 leave on output 0, and pulls on output 1 are answered from
        input 0. So both of these run a Print only while b.active is true:

          src -> b :: Bypass -> sink;  b[1] -> Print(Debug) -> [1]b;       // push
          Queue -> b :: Bypass -> sink;  b[1] -> Print(Debug) -> [1]b;     // pull

        Click's Bypass rewires its neighbours' ports so that it costs nothing on the packet path; jclick's always
        stays inline (one extra call per packet, which the JIT inlines), with the same packet behaviour.""",
    keywords = {
        "ACTIVE: boolean. Whether packets take the bypass path. Default false.",
        "INLINE: boolean. Accepted for Click compatibility; jclick's Bypass is always inline. Default false."},
    handlers = {"active (read/write): the ACTIVE setting"},
    example = "InfiniteSource -> b :: Bypass -> Discard;  b[1] -> Print(seen) -> [1]b;  // write b.active true",
    seeAlso = {"Switch", "PullSwitch", "Null"})
public final class Bypass extends Element
{
    private volatile boolean active;
    private boolean inline;

    @Override
    public String portCount()
    {
        return "1-2/1-2";
    }

    @Override
    public String processing()
    {
        return AGNOSTIC;
    }

    @Override
    public String flowCode()
    {
        return "xy/[xy]x";
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final boolean[] v = {false, false};
        if (complete(args(conf)
            .readPositional("ACTIVE", BoolArg.INSTANCE, x -> v[0] = x)
            .read("INLINE", BoolArg.INSTANCE, x -> v[1] = x), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        active = v[0];
        inline = v[1];
        return 0;
    }

    /** Whether the bypass path is taken. */
    public boolean active()
    {
        return active;
    }

    /** The INLINE setting (kept for the configuration; jclick's Bypass is always inline). */
    public boolean inline()
    {
        return inline;
    }

    @Override
    public void push(final int port, final Packet p)
    {
        output(active && port == 0 && noutputs() > 1 ? 1 : 0).push(p);
    }

    @Override
    public void pushBatch(final int port, final PacketBatch batch)
    {
        output(active && port == 0 && noutputs() > 1 ? 1 : 0).pushBatch(batch);
    }

    @Override
    public Packet pull(final int port)
    {
        return input(active && port == 0 && ninputs() > 1 ? 1 : 0).pull();
    }

    @Override
    public int pullBatch(final int port, final PacketBatch batch, final int max)
    {
        return input(active && port == 0 && ninputs() > 1 ? 1 : 0).pullBatch(batch, max);
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("active", () -> Boolean.toString(active), Handler.CHECKBOX);
        addWriteHandler("active", (v, errh) ->
        {
            final Boolean b = BoolArg.parseOrNull(v.trim());
            if (b == null)
            {
                return errh.error("syntax error");
            }
            active = b;
            return 0;
        });
    }
}
