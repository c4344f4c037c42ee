package org.jclick.elements.iplookup;

import java.util.ArrayList;
import java.util.List;

import org.jclick.dataplane.args.ArgException;
import org.jclick.dataplane.args.IPAddressArg;
import org.jclick.dataplane.args.IPPrefixArg;
import org.jclick.dataplane.args.Ip4Prefix;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.Handler;
import org.jclick.dataplane.element.SplitAction;
import org.jclick.dataplane.element.SplitOutputs;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketBatch;
import org.jclick.lang.ConfigStrings;

/**
 * What Click's IP route table elements share: the route syntax 'ADDR/MASK [GATEWAY] OUTPUT', the push path
 * (longest-prefix match on the destination annotation, gateway into the annotation), and the add, set, remove,
 * ctrl, table and lookup handlers.
 *
 * <p>The packet path is one method ({@code route}) used by {@link #push} and by the batch path: a batch is sorted
 * into one batch per output ({@link SplitAction}), so the graph compiler calls {@link #splitAction} directly and
 * sends each output batch on with a direct call. The table stays a run-time data structure (handlers change it).
 */
public abstract class IPRouteTable extends Element implements SplitAction
{
    static final int CMD_ADD = 0;
    static final int CMD_SET = 1;
    static final int CMD_REMOVE = 2;
    static final int EEXIST = -17;
    static final int ENOENT = -2;

    private static int noRouteComplaints;

    final RouteSet routes;
    private long noRoute;
    /** Per-output batches and re-entry guard of {@link #pushBatch}, made at initialization. */
    private SplitOutputs splitOutputs;

    /** A parsed route; {@code port} -1 means "any" (remove). */
    record Route(int addr, int mask, int gw, int port)
    {
        String unparse(final boolean tabs)
        {
            final StringBuilder sb = new StringBuilder();
            final char tab = tabs ? '\t' : ' ';
            sb.append(new Ip4Prefix(addr, mask)).append(tab);
            if (sb.length() < 17 && tabs)
            {
                sb.append('\t');
            }
            final int l = sb.length();
            sb.append(gw != 0 ? IPAddressArg.unparse(gw) : "-").append(tab);
            if (sb.length() < l + 9 && tabs)
            {
                sb.append('\t');
            }
            sb.append(port);
            return sb.toString();
        }

        boolean matches(final int a, final int m, final int g, final int p)
        {
            return addr == a && mask == m && (port < 0 || (gw == g && port == p));
        }
    }

    protected IPRouteTable(final boolean lowestFreeSlot)
    {
        routes = new RouteSet(lowestFreeSlot);
    }

    @Override
    public String portCount()
    {
        return "1/-";
    }

    @Override
    public String processing()
    {
        return PUSH;
    }

    /** Click's {@code cp_ip_route}: null if {@code s} is not a route. */
    final Route parseRoute(final String s, final boolean remove)
    {
        final List<String> words = ConfigStrings.spacevec(s);
        if (words.isEmpty())
        {
            return null;
        }
        final Ip4Prefix prefix;
        try
        {
            prefix = IPPrefixArg.ADDRESS_OR_PREFIX.parse(words.get(0), argContext());
        }
        catch (final ArgException e)
        {
            return null;
        }
        int i = 1;
        int gw = 0;
        if (i < words.size())
        {
            if (words.get(i).equals("-"))
            {
                i++;
            }
            else
            {
                try
                {
                    gw = IPAddressArg.INSTANCE.parse(words.get(i), argContext());
                    i++;
                }
                catch (final ArgException e)
                {
                    // not a gateway: must be the output
                }
            }
        }
        int port = -1;
        if (i < words.size())
        {
            try
            {
                port = Integer.parseInt(words.get(i));
            }
            catch (final NumberFormatException e)
            {
                return null;
            }
            i++;
        }
        else if (!remove)
        {
            return null;
        }
        if (i != words.size())
        {
            return null;
        }
        return new Route(prefix.address() & prefix.mask(), prefix.mask(), gw, port);
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final int before = errh.errorCount();
        for (int i = 0; i < conf.size(); i++)
        {
            final Route r = parseRoute(conf.get(i), false);
            if (r != null && r.port >= 0 && r.port < noutputs())
            {
                addRoute(r, false, null, errh);
            }
            else
            {
                errh.error("argument " + (i + 1) + " should be 'ADDR/MASK [GATEWAY] OUTPUT'");
            }
        }
        return errh.errorCount() != before ? ErrorHandler.FAILURE : 0;
    }

    /** The route in slot {@code s}. */
    final Route routeAt(final int s)
    {
        return new Route(routes.addr[s], routes.mask[s], routes.gw[s], routes.port[s]);
    }

    /** Adds {@code r} (replacing an equal prefix if {@code set}); the replaced route goes to {@code old[0]}. */
    int addRoute(final Route r, final boolean set, final Route[] old, final ErrorHandler errh)
    {
        final int s = routes.find(r.addr, r.mask);
        if (s >= 0)
        {
            if (old != null)
            {
                old[0] = routeAt(s);
            }
            if (!set)
            {
                return EEXIST;
            }
            routes.gw[s] = r.gw;
            routes.port[s] = r.port;
            return 0;
        }
        routes.add(r.addr, r.mask, r.gw, r.port);
        return 0;
    }

    int removeRoute(final Route r, final Route[] old, final ErrorHandler errh)
    {
        final int s = routes.find(r.addr, r.mask);
        if (s < 0 || !r.matches(routes.addr[s], routes.mask[s], routes.gw[s], routes.port[s]))
        {
            return ENOENT;
        }
        if (old != null)
        {
            old[0] = routeAt(s);
        }
        routes.remove(s);
        return 0;
    }

    /** Longest-prefix match; the slot, or -1. */
    final int lookupSlot(final int dst)
    {
        return routes.lookup(dst);
    }

    /**
     * The routing decision for one packet, shared by {@link #push} and {@link #splitAction}: the output of the
     * longest-prefix route for its destination annotation, with the annotation set to the route's gateway if it
     * has one; or -1 when there is no route, after the packet is counted and killed.
     */
    private int route(final RouteSet rs, final Packet p)
    {
        final int s = rs.lookup(p.dstIpAnno());
        if (s >= 0)
        {
            final int gw = rs.gw[s];
            if (gw != 0)
            {
                p.setDstIpAnno(gw);
            }
            return rs.port[s];
        }
        noRoute++;
        if (++noRouteComplaints <= 5)
        {
            System.err.println("IPRouteTable: no route for " + IPAddressArg.unparse(p.dstIpAnno()));
        }
        p.kill();
        return -1;
    }

    @Override
    public final void push(final int port, final Packet p)
    {
        final int o = route(routes, p);
        if (o >= 0)
        {
            output(o).push(p);
        }
    }

    /**
     * One lookup per packet, each routed packet appended to its output's batch; the tables are read as they are
     * now (handlers may change them between batches, never during one).
     */
    @Override
    public final void splitAction(final int port, final PacketBatch batch, final PacketBatch[] outputs)
    {
        final RouteSet rs = routes;
        for (int i = 0, n = batch.size(); i < n; i++)
        {
            final Packet p = batch.get(i);
            final int o = route(rs, p);
            if (o >= 0)
            {
                outputs[o].add(p);
            }
        }
        batch.clear();
    }

    /**
     * {@link #splitAction} into per-output batches, then each non-empty one pushed on, in output order. Re-entered
     * from downstream (a push loop back to this element) or before initialization, packets go one at a time.
     */
    @Override
    public final void pushBatch(final int port, final PacketBatch batch)
    {
        final SplitOutputs split = splitOutputs;
        if (split == null || !split.push(this, this, port, batch))
        {
            for (int i = 0, n = batch.size(); i < n; i++)
            {
                push(port, batch.get(i));
            }
            batch.clear();
        }
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        splitOutputs = new SplitOutputs(noutputs());
        return 0;
    }

    private int runCommand(final int command, final String str, final List<Route[]> undo, final ErrorHandler errh)
    {
        final Route r = parseRoute(str, command == CMD_REMOVE);
        if (r == null || r.port < (command == CMD_REMOVE ? -1 : 0) || r.port >= noutputs())
        {
            return errh.error("expected 'ADDR/MASK [GATEWAY" + (command == CMD_REMOVE ? " OUTPUT]'" : "] OUTPUT'"));
        }
        final int before = errh.errorCount();
        final Route[] old = new Route[1];
        final int ret = command == CMD_REMOVE ? removeRoute(r, old, errh) : addRoute(r, command == CMD_SET, old, errh);
        if (ret >= 0 && undo != null)
        {
            // {command, route}: undo a remove by adding, an add by removing, a set by setting back
            undo.add(new Route[] {old[0] == null ? r : old[0], old[0] == null ? null : old[0],
                new Route(command, 0, 0, 0)});
        }
        if (ret == EEXIST && errh.errorCount() == before)
        {
            errh.error("conflict with existing route '" + old[0].unparse(false) + "'");
        }
        if (ret == ENOENT && errh.errorCount() == before)
        {
            errh.error("route '" + r.unparse(false) + "' not found");
        }
        return ret;
    }

    private int ctrl(final String conf, final ErrorHandler errh)
    {
        final List<Route[]> undo = new ArrayList<>();
        int ret = 0;
        for (final String line : ConfigStrings.uncomment(conf).split("\n"))
        {
            final String[] w = ConfigStrings.shiftSpacevec(line);
            final String first = w[0];
            final int command;
            if (first.isEmpty())
            {
                continue;
            }
            else if (first.equals("add"))
            {
                command = CMD_ADD;
            }
            else if (first.equals("remove"))
            {
                command = CMD_REMOVE;
            }
            else if (first.equals("set"))
            {
                command = CMD_SET;
            }
            else
            {
                ret = errh.error("bad command '" + first + "'");
                break;
            }
            ret = runCommand(command, w[1], undo, errh);
            if (ret < 0)
            {
                break;
            }
        }
        if (ret < 0)
        {
            final ErrorHandler quiet = ErrorHandler.silent();
            for (int i = undo.size() - 1; i >= 0; i--)
            {
                final Route[] u = undo.get(i);
                final int cmd = u[2].addr();
                if (cmd == CMD_REMOVE)
                {
                    addRoute(u[0], false, null, quiet);
                }
                else if (u[1] == null)
                {
                    removeRoute(u[0], null, quiet);
                }
                else
                {
                    addRoute(u[1], true, null, quiet);
                }
            }
        }
        return ret < 0 ? ret : 0;
    }

    /** Click's dump_routes: every route in slot order, tab-separated. */
    String dumpRoutes()
    {
        final StringBuilder sb = new StringBuilder();
        for (int s = 0; s < routes.slots; s++)
        {
            if (routes.used[s])
            {
                sb.append(routeAt(s).unparse(true)).append('\n');
            }
        }
        return sb.toString();
    }

    /** Whether run-time changes are allowed (StaticIPLookup says no). */
    boolean mutable()
    {
        return true;
    }

    @Override
    public void addHandlers()
    {
        addWriteHandler("add", (v, errh) -> mutable() ? runCommand(CMD_ADD, v, null, errh)
            : errh.error("cannot add routes to this routing table"));
        addWriteHandler("set", (v, errh) -> mutable() ? runCommand(CMD_SET, v, null, errh)
            : errh.error("cannot add routes to this routing table"));
        addWriteHandler("remove", (v, errh) -> mutable() ? runCommand(CMD_REMOVE, v, null, errh)
            : errh.error("cannot delete routes from this routing table"));
        addWriteHandler("ctrl", (v, errh) -> mutable() ? ctrl(v, errh)
            : errh.error("cannot add routes to this routing table"));
        addReadHandler("table", this::dumpRoutes, Handler.EXPENSIVE);
        addParamReadHandler("lookup", (param, errh) ->
        {
            final int a;
            try
            {
                a = IPAddressArg.INSTANCE.parse(ConfigStrings.uncomment(param), argContext());
            }
            catch (final ArgException e)
            {
                errh.error("expected IP address, not '" + param + "'");
                return null;
            }
            final int s = lookupSlot(a);
            if (s < 0)
            {
                return "-1";
            }
            return routes.gw[s] != 0 ? routes.port[s] + " " + IPAddressArg.unparse(routes.gw[s])
                : Integer.toString(routes.port[s]);
        }, 0);
        addReadHandler("noroute_drops", () -> Long.toString(noRoute));
    }
}
