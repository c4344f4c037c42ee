package org.jclick.elements.queues;

import java.util.List;

import org.jclick.dataplane.args.ArgException;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.runtime.Notifier;
import org.jclick.dataplane.runtime.NotifierSignal;

/**
 * PullSwitch and SimplePullSwitch: pulls come from one selected input (none when it is -1). With notification
 * (PullSwitch), the element offers an empty notifier of its own, as Click's: it starts active when an input is
 * selected, stays active while pulls return packets, goes inactive when a pull fails and the selected input's
 * upstream signal is inactive (or when no input is selected), and wakes its listeners when the switch moves to an
 * input whose signal is active. Searches continue past it (CONTINUE_WAKE), so listeners also register with the
 * notifiers upstream and wake when a source there fills.
 */
abstract class PullSwitchCore extends Element
{
    private final boolean notify;
    private final Notifier note = new Notifier(Notifier.SearchOp.CONTINUE_WAKE);
    private NotifierSignal[] signals = new NotifierSignal[0];
    private int input;

    PullSwitchCore(final boolean notify)
    {
        this.notify = notify;
    }

    @Override
    public String portCount()
    {
        return "-/1";
    }

    @Override
    public String processing()
    {
        return PULL;
    }

    @Override
    public Object cast(final String name)
    {
        return notify && Notifier.EMPTY_NOTIFIER.equals(name) ? note : null;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final int[] k = {0};
        if (complete(args(conf).readPositional("K", IntArg.int32(), v -> k[0] = v), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        input = k[0] < 0 || k[0] >= ninputs() ? -1 : k[0];
        return 0;
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        if (notify)
        {
            note.setActive(input >= 0, false);
            signals = new NotifierSignal[ninputs()];
            for (int i = 0; i < signals.length; i++)
            {
                signals[i] = NotifierSignal.upstreamEmpty(this, i, null);
            }
        }
        return 0;
    }

    @Override
    public Packet pull(final int port)
    {
        final int k = input;
        if (k < 0)
        {
            return null;
        }
        final Packet p = input(k).pull();
        if (notify)
        {
            if (p != null)
            {
                note.setActive(true, false);
            }
            else if (!signals[k].active())
            {
                note.sleep();
            }
        }
        return p;
    }

    private int setInput(final String v, final ErrorHandler errh)
    {
        final int k;
        try
        {
            k = IntArg.int32().parse(v.strip(), argContext());
        }
        catch (final ArgException e)
        {
            return errh.error("switch: expected integer");
        }
        input = k < 0 || k >= ninputs() ? -1 : k;
        if (notify)
        {
            if (input < 0)
            {
                note.sleep();
            }
            else if (signals[input].active())
            {
                note.wake();
            }
        }
        return 0;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("switch", () -> Integer.toString(input));
        addWriteHandler("switch", this::setInput);
    }
}
