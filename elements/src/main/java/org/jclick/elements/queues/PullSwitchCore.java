package org.jclick.elements.queues;

import java.util.List;

import org.jclick.dataplane.args.ArgException;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.runtime.Notifier;
import org.jclick.dataplane.runtime.NotifierSignal;
import org.jclick.dataplane.runtime.Task;

/**
 * PullSwitch and SimplePullSwitch: pulls come from one selected input (none when it is -1). With notification,
 * the element offers an empty notifier that follows the selected input's upstream signal: a helper task listens
 * to every input's signal and wakes the notifier when the selected one becomes active.
 */
abstract class PullSwitchCore extends Element
{
    private final boolean notify;
    private final Notifier note = new Notifier();
    private final Task watcher = new Task(this, t -> watch());
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
            watcher.initialize(false);
            signals = new NotifierSignal[ninputs()];
            for (int i = 0; i < signals.length; i++)
            {
                signals[i] = NotifierSignal.upstreamEmpty(this, i, watcher);
            }
            note.setActive(input >= 0 && signals[input].active(), false);
        }
        return 0;
    }

    private boolean watch()
    {
        final int k = input;
        if (k >= 0 && signals[k].active())
        {
            note.wake();
        }
        return false;
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
        if (p == null && notify && !signals[k].active())
        {
            note.sleep();
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
            if (input >= 0 && signals[input].active())
            {
                note.wake();
            }
            else
            {
                note.sleep();
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
