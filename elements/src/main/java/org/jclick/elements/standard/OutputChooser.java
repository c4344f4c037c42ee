package org.jclick.elements.standard;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.SplitAction;
import org.jclick.dataplane.element.SplitOutputs;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketBatch;

/**
 * A push switch that picks one output per packet ({@link #choose}): HashSwitch, RandomSwitch, StrideSwitch. A batch is
 * split once into per-output batches ({@link SplitAction}, so the graph compiler calls the split directly); a packet
 * whose chosen output does not exist is dropped and counted ({@code drops}).
 */
abstract class OutputChooser extends Element implements SplitAction
{
    private SplitOutputs splitOutputs;
    private long drops;

    /** The output for {@code p}, in [0, noutputs()) or anything else to drop it. Packet-path code. */
    abstract int choose(Packet p);

    @Override
    public final String portCount()
    {
        return "1/1-";
    }

    @Override
    public final String processing()
    {
        return PUSH;
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        splitOutputs = new SplitOutputs(noutputs());
        return 0;
    }

    @Override
    public final void push(final int port, final Packet p)
    {
        final int o = choose(p);
        if (o >= 0 && o < noutputs())
        {
            output(o).push(p);
        }
        else
        {
            drops++;
            p.kill();
        }
    }

    @Override
    public final void splitAction(final int port, final PacketBatch batch, final PacketBatch[] outputs)
    {
        final int n = outputs.length;
        for (int i = 0, size = batch.size(); i < size; i++)
        {
            final Packet p = batch.get(i);
            final int o = choose(p);
            if (o >= 0 && o < n)
            {
                outputs[o].add(p);
            }
            else
            {
                drops++;
                p.kill();
            }
        }
        batch.clear();
    }

    @Override
    public final void pushBatch(final int port, final PacketBatch batch)
    {
        if (!splitOutputs.push(this, this, port, batch))
        {
            for (int i = 0, size = batch.size(); i < size; i++)
            {
                push(port, batch.get(i));
            }
            batch.clear();
        }
    }

    /** The drops handler, and any a subclass adds. */
    @Override
    public void addHandlers()
    {
        addReadHandler("drops", () -> Long.toString(drops));
    }
}
