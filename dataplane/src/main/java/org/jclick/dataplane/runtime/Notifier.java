package org.jclick.dataplane.runtime;

import java.util.Arrays;

/**
 * Click's {@code Notifier} and {@code ActiveNotifier} in one: a flag that says whether packets may be available
 * (an "empty" notifier: false means the element is empty) or whether there is room (a "full" notifier: false means
 * full). Elements publish one through {@link org.jclick.dataplane.element.Element#cast} under
 * {@link #EMPTY_NOTIFIER} or {@link #FULL_NOTIFIER}; tasks that would otherwise poll find the signals on their
 * path ({@link NotifierSignal#upstreamEmpty}, {@link NotifierSignal#downstreamFull}) and register as listeners, so
 * an idle pull path sleeps and is woken by {@link #wake()}.
 *
 * <p>Packet-path cost: {@link #active()} is one volatile read; {@link #wake()} and {@link #sleep()} write only on a
 * change.
 */
public class Notifier
{
    /** Click's {@code Notifier::EMPTY_NOTIFIER}. */
    public static final String EMPTY_NOTIFIER = "Notifier.EMPTY";
    /** Click's {@code Notifier::FULL_NOTIFIER}. */
    public static final String FULL_NOTIFIER = "Notifier.FULL";

    /** What a signal search does on reaching this notifier. */
    public enum SearchOp
    {
        /** Stop: this notifier stands for everything behind it (a queue). */
        STOP,
        /** Continue searching past this notifier (its signal is combined with those found further on). */
        CONTINUE,
        /**
         * Click's {@code SEARCH_CONTINUE_WAKE}: the signal is this notifier's alone, but the search goes on past it
         * so that the listener also registers with the notifiers further on (a scheduler or switch that holds no
         * packets itself, but whose listeners must wake when an upstream source fills).
         */
        CONTINUE_WAKE
    }

    private volatile boolean active;
    private final SearchOp searchOp;
    private final boolean idle;
    /** Click's signal naming: the signal group ("empty", "full") and the bit index in it, or -1 before allocation. */
    private String signalGroup;
    private int signalIndex = -1;
    private Task[] listeners = new Task[0];
    private Notifier[] dependents = new Notifier[0];

    public Notifier()
    {
        this(SearchOp.STOP);
    }

    public Notifier(final SearchOp searchOp)
    {
        this(searchOp, false);
    }

    private Notifier(final SearchOp searchOp, final boolean idle)
    {
        this.searchOp = searchOp;
        this.idle = idle;
    }

    /**
     * A notifier whose signal is Click's idle signal: never active, and nothing when combined with other signals
     * (Click's {@code Idle} publishes one). Searches stop at it.
     */
    public static Notifier idleNotifier()
    {
        return new Notifier(SearchOp.STOP, true);
    }

    /** Whether this is an {@link #idleNotifier()}. */
    public final boolean isIdle()
    {
        return idle;
    }

    /**
     * Gives the notifier its name in Click's signal numbering (Click's {@code Notifier::initialize(name, router)}):
     * the next free bit of the router's {@code group} signals. Does nothing if it already has one. Setup time.
     */
    public final synchronized void initializeSignal(final String group, final Router router)
    {
        if (signalIndex < 0 && !idle)
        {
            signalGroup = group;
            signalIndex = router.allocateNotifierSignal(group);
        }
    }

    /** The signal group name ({@code empty}, {@code full}), or null before {@link #initializeSignal}. */
    public final synchronized String signalGroup()
    {
        return signalGroup;
    }

    /** The bit index within {@link #signalGroup()}, or -1 before {@link #initializeSignal}. */
    public final synchronized int signalIndex()
    {
        return signalIndex;
    }

    public SearchOp searchOp()
    {
        return searchOp;
    }

    public final boolean active()
    {
        return active;
    }

    /** Adds a task to reschedule when the notifier becomes active (setup time). */
    public final synchronized void addListener(final Task task)
    {
        for (final Task t : listeners)
        {
            if (t == task)
            {
                return;
            }
        }
        listeners = Arrays.copyOf(listeners, listeners.length + 1);
        listeners[listeners.length - 1] = task;
    }

    public final synchronized void removeListener(final Task task)
    {
        for (int i = 0; i < listeners.length; i++)
        {
            if (listeners[i] == task)
            {
                final Task[] n = new Task[listeners.length - 1];
                System.arraycopy(listeners, 0, n, 0, i);
                System.arraycopy(listeners, i + 1, n, i, listeners.length - i - 1);
                listeners = n;
                return;
            }
        }
    }

    /**
     * Adds a notifier to wake along with this one (Click's {@code add_dependent_signal}): an element whose own
     * signal depends on upstream ones passes wake-ups through.
     */
    public final synchronized void addDependent(final Notifier notifier)
    {
        dependents = Arrays.copyOf(dependents, dependents.length + 1);
        dependents[dependents.length - 1] = notifier;
    }

    /** The listener tasks (a copy). */
    public final synchronized Task[] listeners()
    {
        return listeners.clone();
    }

    /** Sets the flag; on a change to active with {@code wake}, reschedules every listener. */
    public final void setActive(final boolean active, final boolean wake)
    {
        if (idle || this.active == active)
        {
            return;
        }
        this.active = active;
        if (active && wake)
        {
            final Task[] ls = listeners;
            for (int i = 0; i < ls.length; i++)
            {
                ls[i].reschedule();
            }
            final Notifier[] ds = dependents;
            for (int i = 0; i < ds.length; i++)
            {
                ds[i].wake();
            }
        }
    }

    /** Becomes active and wakes the listeners (Click's {@code wake()}). */
    public final void wake()
    {
        setActive(true, true);
    }

    /** Becomes inactive (Click's {@code sleep()}). */
    public final void sleep()
    {
        setActive(false, false);
    }

    /** A signal that reads this notifier alone. */
    public final NotifierSignal signal()
    {
        return NotifierSignal.of(this);
    }
}
