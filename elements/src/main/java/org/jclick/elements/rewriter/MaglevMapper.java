package org.jclick.elements.rewriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.jclick.dataplane.args.Args;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.packet.Packet;

/**
 * Maglev consistent hashing (Eisenbud et al., NSDI 2016) as an IPMapper: each backend has a permutation of the
 * lookup table's slots (offset and skip from two hashes of its name); backends take turns claiming their next
 * preferred free slot until the table is full. A new flow's 4-tuple hash picks a slot, whose backend's pattern
 * maps it. Backends are added, removed, drained and restored at run time through write handlers; the table is
 * rebuilt off the packet path and published with one volatile write. Existing flows are in the rewriter's table,
 * so they keep their backend whatever happens here.
 */
@ElementDoc(
    synopsis = "MaglevMapper(BACKEND1, ..., BACKENDn [, TABLE_SIZE M, SEED S])",
    category = "network address translation",
    ports = "none",
    description = """
        An IPMapper for load balancing with Maglev consistent hashing. Each BACKEND is a pattern with outputs,
        'SADDR SPORT DADDR DPORT FOUT ROUT' as for RoundRobinIPMapper (typically '- - 10.0.0.1 8080 0 1');
        its text is its name. Every new flow is hashed (source and destination address and port, with SEED)
        onto a lookup table of M slots, which the backends fill by taking turns along their own permutations of
        the slots, so each gets an almost equal share and a change of backends moves few slots besides those of
        the backend that changed. A drained backend keeps its flows but gets no new ones; removing a backend
        likewise leaves its existing flows in place (the rewriter's mappings keep them), only new flows avoid
        it.""",
    keywords = {
        "TABLE_SIZE: prime number of lookup slots, larger than the number of backends (about 100 times it is "
            + "good). Default 65537.",
        "SEED: unsigned integer mixed into the flow hash. Default 0."},
    handlers = {
        "backends (read): one backend per line: index, state (active or drained), name",
        "add_backend (write): adds a BACKEND",
        "remove_backend (write): removes the backend with this index or name",
        "drain_backend (write): stops new flows to the backend with this index or name",
        "undrain_backend (write): lets a drained backend take new flows again",
        "table_size (read): M",
        "slots (read): slots per backend index, space-separated",
        "rebuilds (read): number of table builds"},
    example = """
        lb :: MaglevMapper(- - 10.0.0.1 80 0 1, - - 10.0.0.2 80 0 1, - - 10.0.0.3 80 0 1, TABLE_SIZE 65537);
        rw :: IPRewriter(lb, drop);""",
    seeAlso = {"RoundRobinIPMapper", "SourceIPHashMapper", "IPRewriter"})
public final class MaglevMapper extends Element implements IPMapper
{
    /** The immutable published state: backends and the table of backend indexes (-1 when empty). */
    private static final class State
    {
        final InputSpec[] backends;
        final String[] names;
        final boolean[] drained;
        final int[] table;

        State(final InputSpec[] backends, final String[] names, final boolean[] drained, final int[] table)
        {
            this.backends = backends;
            this.names = names;
            this.drained = drained;
            this.table = table;
        }
    }

    private volatile State state = new State(new InputSpec[0], new String[0], new boolean[0], new int[0]);
    private int tableSize = 65537;
    private int seed;
    private long rebuilds;
    private final List<RewriterBase> rewriters = new ArrayList<>();

    @Override
    public String portCount()
    {
        return PORTS_0_0;
    }

    @Override
    public int configurePhase()
    {
        return CONFIGURE_PHASE_DEFAULT - 1;
    }

    @Override
    public Object cast(final String name)
    {
        return "IPMapper".equals(name) || "MaglevMapper".equals(name) ? this : null;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final Args a = args(conf);
        a.read("TABLE_SIZE", IntArg.int32(), v -> tableSize = v).read("SEED", IntArg.uint32(), v -> seed = (int)(long)v);
        final List<String> rest;
        try
        {
            rest = a.consume();
        }
        catch (final org.jclick.dataplane.args.ConfigurationException e)
        {
            for (final String m : e.errors())
            {
                errh.error(m);
            }
            return ErrorHandler.FAILURE;
        }
        if (tableSize < 2 || !isPrime(tableSize))
        {
            return errh.error("TABLE_SIZE must be a prime number");
        }
        if (rest.isEmpty())
        {
            return errh.error("no backends given");
        }
        final List<InputSpec> specs = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        for (final String arg : rest)
        {
            final InputSpec spec = new InputSpec();
            final String err = parseBackend(arg, spec);
            if (err != null)
            {
                return errh.error(err);
            }
            final String name = arg.trim().replaceAll("\\s+", " ");
            if (names.contains(name))
            {
                return errh.error("backend '" + name + "' given twice");
            }
            specs.add(spec);
            names.add(name);
        }
        if (specs.size() >= tableSize)
        {
            return errh.error("TABLE_SIZE must be larger than the number of backends");
        }
        publish(specs.toArray(new InputSpec[0]), names.toArray(new String[0]), new boolean[specs.size()]);
        return 0;
    }

    private String parseBackend(final String arg, final InputSpec spec)
    {
        return MapperPatterns.parse(arg, argContext(), n -> RewriterBase.namedPatterns(router()).get(n), spec);
    }

    static boolean isPrime(final int n)
    {
        if (n < 2)
        {
            return false;
        }
        for (int d = 2; (long)d * d <= n; d++)
        {
            if (n % d == 0)
            {
                return false;
            }
        }
        return true;
    }

    static long hash64(final String s, final long seed)
    {
        long h = 0xCBF29CE484222325L ^ seed;
        for (final byte b : s.getBytes(StandardCharsets.UTF_8))
        {
            h ^= b & 0xFF;
            h *= 0x100000001B3L;
        }
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }

    /**
     * The Maglev population (the paper's Algorithm 1) for the backends with {@code active[i]}: returns the table
     * of backend indexes (all -1 when no backend is active).
     */
    static int[] build(final String[] names, final boolean[] active, final int m)
    {
        final int n = names.length;
        final int[] table = new int[m];
        java.util.Arrays.fill(table, -1);
        final long[] offset = new long[n];
        final long[] skip = new long[n];
        final long[] next = new long[n];
        int activeCount = 0;
        for (int i = 0; i < n; i++)
        {
            offset[i] = Long.remainderUnsigned(hash64(names[i], 0x4D61676C6576L), m);
            skip[i] = Long.remainderUnsigned(hash64(names[i], 0x536B6970L), m - 1) + 1;
            if (active[i])
            {
                activeCount++;
            }
        }
        if (activeCount == 0)
        {
            return table;
        }
        int filled = 0;
        while (true)
        {
            for (int i = 0; i < n; i++)
            {
                if (!active[i])
                {
                    continue;
                }
                long c = (offset[i] + next[i] * skip[i]) % m;
                while (table[(int)c] >= 0)
                {
                    next[i]++;
                    c = (offset[i] + next[i] * skip[i]) % m;
                }
                table[(int)c] = i;
                next[i]++;
                if (++filled == m)
                {
                    return table;
                }
            }
        }
    }

    private synchronized void publish(final InputSpec[] backends, final String[] names, final boolean[] drained)
    {
        final boolean[] active = new boolean[names.length];
        for (int i = 0; i < names.length; i++)
        {
            active[i] = !drained[i];
        }
        state = new State(backends, names, drained, build(names, active, tableSize));
        rebuilds++;
    }

    /** Backend index a flow hashes to (-1 if none is active). */
    int backendFor(final int sa, final int sp, final int da, final int dp)
    {
        final State st = state;
        if (st.table.length == 0)
        {
            return -1;
        }
        return st.table[slotOf(sa, sp, da, dp, st.table.length)];
    }

    int slotOf(final int sa, final int sp, final int da, final int dp, final int m)
    {
        long h = (sa & 0xFFFFFFFFL) * 0x9E3779B97F4A7C15L ^ (da & 0xFFFFFFFFL) * 0xC2B2AE3D27D4EB4FL
            ^ ((long)sp << 16 | dp) * 0x165667B19E3779F9L ^ (seed & 0xFFFFFFFFL) * 0x27D4EB2F165667C5L;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 32;
        return (int)Long.remainderUnsigned(h, m);
    }

    String[] backendNames()
    {
        return state.names.clone();
    }

    @Override
    public int notifyRewriter(final RewriterBase rewriter, final InputSpec input, final ErrorHandler errh)
    {
        rewriters.add(rewriter);
        return MapperPatterns.check(this, List.of(state.backends), rewriter, errh);
    }

    @Override
    public int rewriteFlowid(final InputSpec input, final FlowId flow, final FlowMap replyMap, final Packet p)
    {
        final State st = state;
        if (st.table.length == 0)
        {
            return RewriterBase.RW_DROP;
        }
        final int b = st.table[slotOf(flow.saddr, flow.sport, flow.daddr, flow.dport, st.table.length)];
        if (b < 0)
        {
            return RewriterBase.RW_DROP;
        }
        final InputSpec chosen = st.backends[b];
        if (chosen.pattern.rewrite(flow, replyMap) != RewriterBase.RW_ADDMAP)
        {
            return RewriterBase.RW_DROP;
        }
        input.foutput = chosen.foutput;
        input.routput = chosen.routput;
        return RewriterBase.RW_ADDMAP;
    }

    private int indexOf(final State st, final String text)
    {
        final String t = text.trim().replaceAll("\\s+", " ");
        for (int i = 0; i < st.names.length; i++)
        {
            if (st.names[i].equals(t))
            {
                return i;
            }
        }
        final Integer n = RewriterBase.parseInt(t);
        return n != null && n >= 0 && n < st.names.length ? n : -1;
    }

    synchronized int addBackend(final String text, final ErrorHandler errh)
    {
        final State st = state;
        final InputSpec spec = new InputSpec();
        final String err = parseBackend(text, spec);
        if (err != null)
        {
            return errh.error(err);
        }
        for (final RewriterBase rw : rewriters)
        {
            if (MapperPatterns.check(this, List.of(spec), rw, errh) < 0)
            {
                return ErrorHandler.FAILURE;
            }
        }
        final String name = text.trim().replaceAll("\\s+", " ");
        if (indexOf(st, name) >= 0 && List.of(st.names).contains(name))
        {
            return errh.error("backend '" + name + "' exists");
        }
        if (st.names.length + 1 >= tableSize)
        {
            return errh.error("too many backends for TABLE_SIZE");
        }
        final int n = st.names.length;
        final InputSpec[] b = java.util.Arrays.copyOf(st.backends, n + 1);
        final String[] names = java.util.Arrays.copyOf(st.names, n + 1);
        final boolean[] drained = java.util.Arrays.copyOf(st.drained, n + 1);
        b[n] = spec;
        names[n] = name;
        publish(b, names, drained);
        return 0;
    }

    synchronized int removeBackend(final String text, final ErrorHandler errh)
    {
        final State st = state;
        final int i = indexOf(st, text);
        if (i < 0)
        {
            return errh.error("no backend '" + text.trim() + "'");
        }
        final int n = st.names.length;
        final InputSpec[] b = new InputSpec[n - 1];
        final String[] names = new String[n - 1];
        final boolean[] drained = new boolean[n - 1];
        for (int j = 0, k = 0; j < n; j++)
        {
            if (j != i)
            {
                b[k] = st.backends[j];
                names[k] = st.names[j];
                drained[k] = st.drained[j];
                k++;
            }
        }
        publish(b, names, drained);
        return 0;
    }

    synchronized int setDrained(final String text, final boolean drain, final ErrorHandler errh)
    {
        final State st = state;
        final int i = indexOf(st, text);
        if (i < 0)
        {
            return errh.error("no backend '" + text.trim() + "'");
        }
        final boolean[] drained = st.drained.clone();
        drained[i] = drain;
        publish(st.backends, st.names, drained);
        return 0;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("backends", () ->
        {
            final State st = state;
            final StringBuilder sb = new StringBuilder();
            for (int i = 0; i < st.names.length; i++)
            {
                sb.append(i).append(' ').append(st.drained[i] ? "drained" : "active").append(' ').append(st.names[i])
                    .append('\n');
            }
            return sb.toString();
        });
        addReadHandler("table_size", () -> Integer.toString(tableSize));
        addReadHandler("rebuilds", () -> Long.toString(rebuilds));
        addReadHandler("slots", () ->
        {
            final State st = state;
            final int[] counts = new int[st.names.length];
            for (final int b : st.table)
            {
                if (b >= 0)
                {
                    counts[b]++;
                }
            }
            final StringBuilder sb = new StringBuilder();
            for (int i = 0; i < counts.length; i++)
            {
                sb.append(i == 0 ? "" : " ").append(counts[i]);
            }
            return sb.append('\n').toString();
        });
        addWriteHandler("add_backend", this::addBackend);
        addWriteHandler("remove_backend", this::removeBackend);
        addWriteHandler("drain_backend", (v, errh) -> setDrained(v, true, errh));
        addWriteHandler("undrain_backend", (v, errh) -> setDrained(v, false, errh));
    }
}
