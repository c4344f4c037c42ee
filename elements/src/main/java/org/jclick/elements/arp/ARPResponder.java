package org.jclick.elements.arp;

import java.util.ArrayList;
import java.util.List;

import org.jclick.dataplane.args.ArgException;
import org.jclick.dataplane.args.EtherAddress;
import org.jclick.dataplane.args.EtherAddressArg;
import org.jclick.dataplane.args.IPAddressArg;
import org.jclick.dataplane.args.IPPrefixArg;
import org.jclick.dataplane.args.Ip4Prefix;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.packet.Packet;

/** Click's ARPResponder. */
@ElementDoc(
    synopsis = "ARPResponder(IP/MASK [IP/MASK...] ETH, ...)",
    category = "arp",
    ports = "one agnostic input; one agnostic output, and an optional output for packets it does not answer",
    description = """
        Answers ARP requests. Each argument lists one or more IP addresses or prefixes and one Ethernet address;
        a request (Ethernet/IP, opcode 1) whose target IP lies in one of the prefixes is answered with a new
        42-byte ARP reply saying that the target IP is at that Ethernet address, sent to the requester's Ethernet
        address; the request itself is consumed. The most specific matching prefix wins; for a prefix given
        twice the later argument wins (configure warns about it). A word that is both an IP address and an
        Ethernet address (an address-info name) supplies the Ethernet address when no other word does.
        Anything else leaves on output 1 if it exists, and is dropped otherwise.""",
    handlers = {
        "table (read): one 'PREFIX ETH' line per entry, most specific first",
        "lookup (read with parameter IP): the Ethernet address answered for IP, or empty",
        "add (write): adds entries in the configuration syntax",
        "remove (write): 'IP/MASK' removes that entry",
        "config (read/write): the configuration; writing replaces the table"},
    example = "c[0] -> ARPResponder(10.0.0.1 02:00:0a:00:00:01) -> ToDevice(eth0);",
    seeAlso = {"ARPQuerier", "ARPTable"})
public final class ARPResponder extends SimpleElement
{
    private record Entry(int dst, int mask, long eth)
    {
    }

    private Entry[] entries = new Entry[0];
    private long answered;
    private long passed;

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
    public boolean canLiveReconfigure()
    {
        return true;
    }

    /** Parses one argument into {@code v}; returns 0 or an error. */
    private int add(final List<Entry> v, final String arg, final ErrorHandler errh)
    {
        final String[] words = arg.strip().isEmpty() ? new String[0] : arg.strip().split("\\s+");
        final List<Ip4Prefix> prefixes = new ArrayList<>();
        long eth = -1;
        for (final String w : words)
        {
            final Ip4Prefix p = prefix(w);
            if (p != null)
            {
                prefixes.add(p);
                continue;
            }
            final long e = ether(w);
            if (e < 0)
            {
                return errh.error("expected IP/MASK ETH");
            }
            if (eth >= 0)
            {
                return errh.error("more than one ETH");
            }
            eth = e;
        }
        for (int i = 0; eth < 0 && i < words.length; i++)
        {
            eth = ether(words[i]);
        }
        if (prefixes.isEmpty())
        {
            return errh.error("missing IP/MASK");
        }
        if (eth < 0)
        {
            return errh.error("missing ETH");
        }
        for (final Ip4Prefix p : prefixes)
        {
            v.add(new Entry(p.address() & p.mask(), p.mask(), eth));
        }
        return 0;
    }

    private Ip4Prefix prefix(final String w)
    {
        try
        {
            return IPPrefixArg.ADDRESS_OR_PREFIX.parse(w, argContext());
        }
        catch (final ArgException e)
        {
            return null;
        }
    }

    private long ether(final String w)
    {
        try
        {
            return EtherAddressArg.INSTANCE.parse(w, argContext()).value();
        }
        catch (final ArgException e)
        {
            return -1;
        }
    }

    /** Orders more specific prefixes first (later duplicates first), then drops duplicates. */
    private static Entry[] normalize(final List<Entry> v, final ErrorHandler warn)
    {
        final int n = v.size();
        final Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }
        // insertion sort with Click's (partial) order
        for (int i = 1; i < n; i++)
        {
            final int x = order[i];
            int j = i - 1;
            while (j >= 0 && compare(v, order[j], x) > 0)
            {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = x;
        }
        final List<Entry> out = new ArrayList<>();
        for (final int i : order)
        {
            final Entry e = v.get(i);
            final Entry last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last == null || last.dst != e.dst || last.mask != e.mask)
            {
                out.add(e);
            }
            else if (warn != null)
            {
                warn.warning("multiple entries for " + unparse(e.dst, e.mask));
            }
        }
        return out.toArray(new Entry[0]);
    }

    private static int compare(final List<Entry> v, final int a, final int b)
    {
        final Entry ea = v.get(a);
        final Entry eb = v.get(b);
        if (ea.dst == eb.dst && ea.mask == eb.mask)
        {
            return b - a;
        }
        if ((ea.dst & eb.mask) == eb.dst)
        {
            return -1;
        }
        if ((eb.dst & ea.mask) == ea.dst)
        {
            return 1;
        }
        return a - b;
    }

    private static String unparse(final int dst, final int mask)
    {
        return new Ip4Prefix(dst, mask).toString();
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final List<Entry> v = new ArrayList<>();
        final int before = errh.errorCount();
        boolean failed = false;
        for (int i = 0; i < conf.size(); i++)
        {
            final ErrorHandler.Buffer buf = new ErrorHandler.Buffer();
            if (add(v, conf.get(i), buf) < 0)
            {
                failed = true;
                for (final String line : buf.lines())
                {
                    errh.error("argument " + i + ": " + line);
                }
            }
        }
        if (failed || errh.errorCount() != before)
        {
            return ErrorHandler.FAILURE;
        }
        entries = normalize(v, errh);
        return 0;
    }

    private long lookup(final int ip)
    {
        final Entry[] es = entries;
        for (final Entry e : es)
        {
            if ((ip & e.mask) == e.dst)
            {
                return e.eth;
            }
        }
        return -1;
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        if (p.length() >= 42 && p.u16(12) == 0x0806 && p.u16(14) == 1 && p.u16(16) == 0x0800 && p.u16(20) == 1)
        {
            final long eth = lookup(p.u32(38));
            if (eth >= 0)
            {
                final Packet q = router().allocatorFor(this).make(42);
                if (q != null)
                {
                    final long sha = ((long)p.u16(22) << 32) | Integer.toUnsignedLong(p.u32(24));
                    q.setMacHeader(0);
                    q.setNetworkHeader(14, 28); // as Click's set_ether_header
                    putEth(q, 0, sha);
                    putEth(q, 6, eth);
                    q.setU16(12, 0x0806);
                    q.setU16(14, 1);
                    q.setU16(16, 0x0800);
                    q.setU16(18, 0x0604);
                    q.setU16(20, 2);
                    putEth(q, 22, eth);
                    q.setU32(28, p.u32(38));
                    putEth(q, 32, sha);
                    q.setU32(38, p.u32(28));
                    answered++;
                    p.kill();
                    return q;
                }
            }
        }
        passed++;
        return reject(p);
    }

    private static void putEth(final Packet p, final int offset, final long eth)
    {
        p.setU16(offset, (int)(eth >>> 32));
        p.setU32(offset + 2, (int)eth);
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("table", () ->
        {
            final StringBuilder sb = new StringBuilder();
            for (final Entry e : entries)
            {
                sb.append(unparse(e.dst, e.mask)).append(' ')
                    .append(new EtherAddress(e.eth).toString().replace(':', '-')).append('\n');
            }
            return sb.toString();
        });
        addParamReadHandler("lookup", (param, errh) ->
        {
            try
            {
                final long eth = lookup(IPAddressArg.INSTANCE.parse(param.strip(), argContext()));
                return eth < 0 ? "" : new EtherAddress(eth).toString().replace(':', '-');
            }
            catch (final ArgException e)
            {
                errh.error("expected IP address");
                return null;
            }
        }, 0);
        addWriteHandler("add", (value, errh) ->
        {
            final List<Entry> v = new ArrayList<>(List.of(entries));
            if (add(v, value, errh) < 0)
            {
                return ErrorHandler.FAILURE;
            }
            entries = normalize(v, null);
            return 0;
        });
        addWriteHandler("remove", (value, errh) ->
        {
            final Ip4Prefix p = prefix(value.strip());
            if (p == null)
            {
                return errh.error("expected IP/MASK");
            }
            final int dst = p.address() & p.mask();
            final List<Entry> v = new ArrayList<>(List.of(entries));
            for (int i = 0; i < v.size(); i++)
            {
                if (v.get(i).dst == dst && v.get(i).mask == p.mask())
                {
                    v.remove(i);
                    entries = v.toArray(new Entry[0]);
                    return 0;
                }
            }
            return errh.error(unparse(dst, p.mask()) + " not found");
        });
        addReadHandler("answered", () -> Long.toString(answered));
        addReadHandler("passed", () -> Long.toString(passed));
    }
}
