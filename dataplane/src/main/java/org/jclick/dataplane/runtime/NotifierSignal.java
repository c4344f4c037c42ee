package org.jclick.dataplane.runtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.Port;

/**
 * Click's {@code NotifierSignal}: the OR of some notifiers' flags. {@link #busy()} is always active (a path without
 * notifier: the caller must poll), {@link #idle()} never (no path at all).
 */
public final class NotifierSignal
{
    private static final Notifier[] NONE = new Notifier[0];
    private static final NotifierSignal BUSY = new NotifierSignal(NONE, true);
    private static final NotifierSignal IDLE = new NotifierSignal(NONE, false);

    private final Notifier[] notifiers;
    private final boolean busy;

    private NotifierSignal(final Notifier[] notifiers, final boolean busy)
    {
        this.notifiers = notifiers;
        this.busy = busy;
    }

    public static NotifierSignal busy()
    {
        return BUSY;
    }

    public static NotifierSignal idle()
    {
        return IDLE;
    }

    public static NotifierSignal of(final Notifier n)
    {
        return n.isIdle() ? IDLE : new NotifierSignal(new Notifier[] {n}, false);
    }

    /** Whether packets may be available (or room, for a full signal). */
    public boolean active()
    {
        if (busy)
        {
            return true;
        }
        final Notifier[] ns = notifiers;
        for (int i = 0; i < ns.length; i++)
        {
            if (ns[i].active())
            {
                return true;
            }
        }
        return false;
    }

    public boolean isBusy()
    {
        return busy;
    }

    public boolean isIdle()
    {
        return !busy && notifiers.length == 0;
    }

    /** The combination of both signals. */
    public NotifierSignal or(final NotifierSignal other)
    {
        if (busy || other.isIdle())
        {
            return this;
        }
        if (other.busy || isIdle())
        {
            return other;
        }
        final List<Notifier> all = new ArrayList<>(List.of(notifiers));
        for (final Notifier n : other.notifiers)
        {
            if (!all.contains(n))
            {
                all.add(n);
            }
        }
        return new NotifierSignal(all.toArray(NONE), false);
    }

    @Override
    public String toString()
    {
        return unparse();
    }

    /**
     * Click's {@code NotifierSignal::unparse}: {@code busy*}, {@code idle}, or for each word of basic signals
     * {@code GROUP.WORD/MASK:VALUE} (hexadecimal; a star when any of them is active), joined with {@code +}. A basic
     * signal is bit {@code i % 32} of word {@code i / 32} of its group; notifiers that were never numbered (see
     * {@link Notifier#initializeSignal}) show as {@code uninitialized}. Handler time only.
     */
    public String unparse()
    {
        if (busy)
        {
            return "busy*";
        }
        if (notifiers.length == 0)
        {
            return "idle";
        }
        // group -> word -> {mask, value}; groups in the order met, words in order
        final java.util.Map<String, java.util.TreeMap<Integer, long[]>> groups = new java.util.LinkedHashMap<>();
        boolean uninit = false;
        for (final Notifier n : notifiers)
        {
            final String g = n.signalGroup();
            final int idx = n.signalIndex();
            if (g == null || idx < 0)
            {
                uninit = true;
                continue;
            }
            final long[] mv = groups.computeIfAbsent(g, k -> new java.util.TreeMap<>())
                .computeIfAbsent(idx / 32, k -> new long[2]);
            final long bit = 1L << (idx % 32);
            mv[0] |= bit;
            if (n.active())
            {
                mv[1] |= bit;
            }
        }
        final StringBuilder sb = new StringBuilder();
        for (final java.util.Map.Entry<String, java.util.TreeMap<Integer, long[]>> g : groups.entrySet())
        {
            for (final java.util.Map.Entry<Integer, long[]> w : g.getValue().entrySet())
            {
                final long[] mv = w.getValue();
                if (!sb.isEmpty())
                {
                    sb.append('+');
                }
                sb.append(g.getKey()).append('.').append(w.getKey()).append('/')
                    .append(Long.toHexString(mv[0])).append(':').append(Long.toHexString(mv[1]));
                if (mv[1] != 0)
                {
                    sb.append('*');
                }
            }
        }
        if (uninit)
        {
            if (!sb.isEmpty())
            {
                sb.append('+');
            }
            sb.append("uninitialized");
        }
        return sb.toString();
    }

    /** Click's name for the signals a search for {@code name} finds: {@code empty} or {@code full}. */
    public static String groupName(final String name)
    {
        return Notifier.FULL_NOTIFIER.equals(name) ? "full" : "empty";
    }

    // ------------------------------------------------------------------------------------------ searches

    /**
     * Click's {@code Notifier::upstream_empty_signal}: follows the pull path upstream from {@code e}'s input
     * {@code port} through flow codes, collecting each {@link Notifier#EMPTY_NOTIFIER} found; registers
     * {@code listener} (if not null) with each. Reaching a push input, or an element with no inputs, without a
     * notifier makes the signal busy.
     */
    public static NotifierSignal upstreamEmpty(final Element e, final int port, final Task listener)
    {
        return search(e, port, false, Notifier.EMPTY_NOTIFIER, listener);
    }

    /** Click's {@code Notifier::downstream_full_signal}: the same, downstream along push outputs. */
    public static NotifierSignal downstreamFull(final Element e, final int port, final Task listener)
    {
        return search(e, port, true, Notifier.FULL_NOTIFIER, listener);
    }

    private record Hop(Element element, int port)
    {
    }

    private static NotifierSignal search(final Element start, final int startPort, final boolean downstream,
        final String name, final Task listener)
    {
        final Router router = start.router();
        final String group = groupName(name);
        NotifierSignal signal = IDLE;
        final ArrayDeque<Hop> work = new ArrayDeque<>();
        final Set<Hop> seen = new HashSet<>();
        // hops are the far ends: downstream, (element, input port); upstream, (element, output port). A hop
        // reached past a CONTINUE_WAKE notifier only registers the listener: its signal is not part of the result.
        final Set<Hop> wakeOnly = new HashSet<>();
        for (final Hop h : peers(router, start, startPort, downstream))
        {
            if (seen.add(h))
            {
                work.add(h);
            }
        }
        while (!work.isEmpty())
        {
            final Hop h = work.poll();
            final boolean quiet = wakeOnly.contains(h);
            final Element x = h.element();
            final Object cast = x.cast(name);
            boolean passWakeOnly = quiet;
            if (cast instanceof Notifier n)
            {
                n.initializeSignal(group, router);
                if (!quiet)
                {
                    signal = signal.or(n.signal());
                }
                if (listener != null && !n.isIdle())
                {
                    n.addListener(listener);
                }
                if (n.searchOp() == Notifier.SearchOp.STOP)
                {
                    continue;
                }
                if (n.searchOp() == Notifier.SearchOp.CONTINUE_WAKE)
                {
                    passWakeOnly = true;
                }
            }
            final BitSet next = downstream
                ? FlowCode.forward(x.flowCode(), h.port(), x.ninputs(), x.noutputs())
                : FlowCode.backward(x.flowCode(), h.port(), x.ninputs(), x.noutputs());
            if (next.isEmpty())
            {
                if (!(cast instanceof Notifier) && !quiet)
                {
                    signal = BUSY;
                }
                continue;
            }
            for (int p = next.nextSetBit(0); p >= 0; p = next.nextSetBit(p + 1))
            {
                final Port q = downstream ? x.output(p) : x.input(p);
                // the path continues only along the same kind of port: pull inputs upstream, push outputs downstream
                if (downstream ? !q.isPush() : q.isPush())
                {
                    if (!(cast instanceof Notifier) && !quiet)
                    {
                        signal = BUSY;
                    }
                    continue;
                }
                for (final Hop n : peers(router, x, p, downstream))
                {
                    if (seen.add(n))
                    {
                        if (passWakeOnly)
                        {
                            wakeOnly.add(n);
                        }
                        work.add(n);
                    }
                }
            }
        }
        return signal;
    }

    private static List<Hop> peers(final Router router, final Element e, final int port, final boolean downstream)
    {
        final List<Hop> out = new ArrayList<>();
        for (final Router.Connection c : router.connections())
        {
            if (downstream && c.from() == e && c.fromPort() == port)
            {
                out.add(new Hop(c.to(), c.toPort()));
            }
            else if (!downstream && c.to() == e && c.toPort() == port)
            {
                out.add(new Hop(c.from(), c.fromPort()));
            }
        }
        return out;
    }
}
