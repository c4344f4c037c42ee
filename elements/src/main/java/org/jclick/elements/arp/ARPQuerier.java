package org.jclick.elements.arp;

import java.util.ArrayList;
import java.util.List;

import org.jclick.dataplane.args.ArgException;
import org.jclick.dataplane.args.Args;
import org.jclick.dataplane.args.BoolArg;
import org.jclick.dataplane.args.ElementArg;
import org.jclick.dataplane.args.EtherAddress;
import org.jclick.dataplane.args.EtherAddressArg;
import org.jclick.dataplane.args.IPAddressArg;
import org.jclick.dataplane.args.IPPrefixArg;
import org.jclick.dataplane.args.Ip4Prefix;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.args.SecondsArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.packet.Packet;

/** Click's ARPQuerier. */
@ElementDoc(
    synopsis = "ARPQuerier(IP, ETH, KEYWORDS)",
    category = "arp",
    ports = "two push inputs (0: IP packets, 1: ARP replies); one or two push outputs",
    description = """
        Puts an Ethernet header on IP packets arriving on input 0, looking up the destination Ethernet address of
        the destination IP address annotation in an ARP table. The source address is ETH and the type 0x0800.
        Packets for 255.255.255.255 or the broadcast address of IP get the broadcast Ethernet address; multicast
        destinations get the matching 01:00:5E address. Packets for other unknown addresses wait in the table,
        and an ARP request (who-has) for the address, telling IP and ETH, goes out; for each address at most one
        request per 100 ms is sent (after 10 unanswered ones, one every 2 seconds). A request carries the
        timestamp and VLAN annotations of the packet that triggered it. ARP replies arriving on input 1 update the
        table, and the packets waiting for the replied address leave in their arrival order.

        Requests leave on the last output: output 1 if there are two outputs, otherwise output 0 together with the
        IP packets. A mapping older than POLL_TIMEOUT is refreshed with a unicast request (broadcast if
        BROADCAST_POLL is true) while it is still used. Packets with a zero destination annotation are dropped,
        with one warning. IP may be given as a prefix (IP/LEN), which sets the broadcast address; a single
        argument naming an address-info entry can give both IP and ETH.""",
    keywords = {
        "TABLE: an ARPTable element to use instead of a private table.",
        "CAPACITY, ENTRY_CAPACITY, ENTRY_PACKET_CAPACITY, CAPACITY_SLIM_FACTOR, TIMEOUT: as in ARPTable, for the private table.",
        "BROADCAST: the IP broadcast address. Default: from the prefix of IP, else 255.255.255.255.",
        "POLL_TIMEOUT: age after which a used mapping is refreshed; 0 means never. Default 1 minute.",
        "BROADCAST_POLL: boolean; send refresh requests to the broadcast address. Default false."},
    handlers = {
        "table (read): the ARP table, as ARPTable's table handler",
        "stats (read): 'N packets killed' and 'N ARP queries sent' lines",
        "queries (read): requests sent",
        "responses (read): ARP replies received",
        "drops (read): packets the querier itself dropped",
        "bad_responses (read): packets on input 1 that were not usable ARP replies (too short, wrong types)",
        "count (read): table entries",
        "length (read): packets waiting in the table",
        "ipaddr (read/write): IP",
        "broadcast (read/write): the broadcast IP address",
        "insert (write): 'IP ETH' adds a mapping",
        "delete (write): 'IP' marks a mapping unknown",
        "clear (write): empties the table and resets the counters"},
    example = "c[1] -> [1]arpq :: ARPQuerier(10.0.0.1, 02:00:0a:00:00:01) -> ToDevice(eth0);",
    seeAlso = {"ARPTable", "ARPResponder", "EtherEncap"})
public final class ARPQuerier extends Element
{
    private static final int ETHERTYPE_IP = 0x0800;
    private static final int ETHERTYPE_ARP = 0x0806;
    private static final int ARP_LENGTH = 42;

    private ARPTable table;
    private boolean ownTable;
    private int myIp;
    private long myEth;
    private int myBcastIp;
    private long pollTimeoutMs = 60_000;
    private boolean broadcastPoll;
    private boolean zeroWarned;
    private long queries;
    private long responses;
    private long drops;
    private long badResponses;
    private final long[] ethOut = new long[1];

    @Override
    public String portCount()
    {
        return "2/1-2";
    }

    @Override
    public String processing()
    {
        return PUSH;
    }

    @Override
    public Object cast(final String name)
    {
        if ("ARPTable".equals(name))
        {
            return table;
        }
        return super.cast(name);
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final List<String> tableConf = new ArrayList<>();
        final Args.Value<Object> tableElement = new Args.Value<>();
        final Args.Value<Integer> bcast = new Args.Value<>();
        final Args.Value<Long> poll = new Args.Value<>(60_000L);
        final Args.Value<Boolean> bpoll = new Args.Value<>(false);
        final List<String> rest;
        final Args first = args(conf)
            .read("CAPACITY", IntArg.uint32(), v -> tableConf.add("CAPACITY " + v))
            .read("ENTRY_CAPACITY", IntArg.uint32(), v -> tableConf.add("ENTRY_CAPACITY " + v))
            .read("ENTRY_PACKET_CAPACITY", IntArg.uint32(), v -> tableConf.add("ENTRY_PACKET_CAPACITY " + v))
            .read("CAPACITY_SLIM_FACTOR", IntArg.uint32(), v -> tableConf.add("CAPACITY_SLIM_FACTOR " + v))
            .read("TIMEOUT", SecondsArg.milliseconds(), v -> tableConf.add("TIMEOUT " + v + "ms"))
            .read("BROADCAST", IPAddressArg.INSTANCE, bcast)
            .read("TABLE", ElementArg.of(ARPTable.class, "ARPTable"), tableElement)
            .read("POLL_TIMEOUT", SecondsArg.milliseconds(), poll)
            .read("BROADCAST_POLL", BoolArg.INSTANCE, bpoll);
        try
        {
            rest = new ArrayList<>(first.consume());
        }
        catch (final org.jclick.dataplane.args.ConfigurationException e)
        {
            for (final String m : e.errors())
            {
                errh.error(m);
            }
            return ErrorHandler.FAILURE;
        }
        if (tableElement.isPresent())
        {
            table = (ARPTable)tableElement.get();
            ownTable = false;
        }
        else
        {
            table = new ARPTable();
            table.clockOwner = this;
            ownTable = true;
            if (table.configureFrom(tableConf, errh, this) < 0)
            {
                return ErrorHandler.FAILURE;
            }
        }
        if (rest.size() == 1)
        {
            rest.add(rest.get(0));
        }
        final Args.Value<Ip4Prefix> prefix = new Args.Value<>();
        final Args.Value<EtherAddress> eth = new Args.Value<>();
        if (complete(args(rest)
            .readMandatoryPositional("IP", IPPrefixArg.ADDRESS_OR_PREFIX, prefix)
            .readMandatoryPositional("ETH", EtherAddressArg.INSTANCE, eth), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        myIp = prefix.get().address();
        myEth = eth.get().value();
        if (bcast.isPresent())
        {
            myBcastIp = bcast.get();
        }
        else
        {
            myBcastIp = myIp | ~prefix.get().mask();
            if (myBcastIp == myIp)
            {
                myBcastIp = 0xFFFFFFFF;
            }
        }
        broadcastPoll = bpoll.get();
        pollTimeoutMs = poll.get() >= 0xFFFFFFFFL ? 0 : poll.get();
        return 0;
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        if (ownTable)
        {
            table.startTimer(this);
        }
        return 0;
    }

    @Override
    public void cleanup(final CleanupStage stage)
    {
        if (ownTable && table != null)
        {
            table.clear();
        }
    }

    @Override
    public void push(final int port, final Packet p)
    {
        if (port == 0)
        {
            handleIp(p, false);
        }
        else
        {
            handleResponse(p);
            p.kill();
        }
    }

    private void handleIp(final Packet p, final boolean response)
    {
        if (myIp == 0)
        {
            p.kill();
            drops++;
            return;
        }
        final Packet q;
        if (response)
        {
            q = p.uniqueify();
            if (q == null)
            {
                drops++;
                return;
            }
        }
        else
        {
            q = p.push(14);
            if (q == null)
            {
                drops++;
                return;
            }
            q.setMacHeader(0);
            q.setU16(12, ETHERTYPE_IP);
        }
        final int dst = q.dstIpAnno();
        while (true)
        {
            final int r = table.lookup(dst, ethOut, pollTimeoutMs);
            if (r >= 0)
            {
                putEth(q, 0, ethOut[0]);
                if (r > 0)
                {
                    sendQuery(q, true);
                }
            }
            else if (dst == 0xFFFFFFFF || dst == myBcastIp)
            {
                putEth(q, 0, ARPTable.BROADCAST_ETH);
            }
            else if ((dst & 0xF0000000) == 0xE0000000)
            {
                putEth(q, 0, 0x01005E000000L | (dst & 0x7FFFFF));
            }
            else
            {
                if (dst == 0)
                {
                    if (!zeroWarned)
                    {
                        System.err.println(declaration()
                            + ": would query for 0.0.0.0; missing dest IP addr annotation?");
                        zeroWarned = true;
                    }
                    drops++;
                    q.kill();
                    return;
                }
                final int a = table.appendQuery(dst, q);
                if (a == ARPTable.AGAIN)
                {
                    continue;
                }
                if (a < 0)
                {
                    q.kill();
                }
                else if (a > 0)
                {
                    sendQuery(q, false);
                }
                return;
            }
            break;
        }
        putEth(q, 6, myEth);
        output(0).push(q);
    }

    private static void putEth(final Packet p, final int offset, final long eth)
    {
        p.setU16(offset, (int)(eth >>> 32));
        p.setU32(offset + 2, (int)eth);
    }

    private static long getEth(final Packet p, final int offset)
    {
        return ((long)p.u16(offset) << 32) | Integer.toUnsignedLong(p.u32(offset + 2));
    }

    private void sendQuery(final Packet p, final boolean dstValid)
    {
        final Packet q = router().allocatorFor(this).make(ARP_LENGTH);
        if (q == null)
        {
            return;
        }
        q.setMacHeader(0);
        q.setNetworkHeader(14, 28); // as Click's set_ether_header
        if (dstValid && !broadcastPoll)
        {
            putEth(q, 0, getEth(p, 0));
        }
        else
        {
            putEth(q, 0, ARPTable.BROADCAST_ETH);
        }
        putEth(q, 6, myEth);
        q.setU16(12, ETHERTYPE_ARP);
        q.setU16(14, 1);            // hardware: Ethernet
        q.setU16(16, ETHERTYPE_IP); // protocol: IP
        q.setU16(18, 0x0604);       // address lengths
        q.setU16(20, 1);            // request
        putEth(q, 22, myEth);
        q.setU32(28, myIp);
        putEth(q, 32, 0);
        q.setU32(38, p.dstIpAnno());
        q.setTimestampNs(p.timestampNs());
        q.setVlanTciAnno(p.vlanTciAnno());
        queries++;
        output(noutputs() - 1).push(q);
    }

    private void handleResponse(final Packet p)
    {
        if (p.length() < ARP_LENGTH)
        {
            badResponses++;
            return;
        }
        responses++;
        final long sha = getEth(p, 22);
        if (p.u16(12) == ETHERTYPE_ARP && p.u16(14) == 1 && p.u16(16) == ETHERTYPE_IP && p.u16(20) == 2
            && (sha & 0x0100_0000_0000L) == 0)
        {
            Packet waiting = table.insert(p.u32(28), sha);
            while (waiting != null)
            {
                final Packet next = waiting.next();
                waiting.setNext(null);
                handleIp(waiting, true);
                waiting = next;
            }
        }
        else
        {
            badResponses++;
        }
    }

    private int writeAddress(final String value, final ErrorHandler errh, final boolean bcast)
    {
        try
        {
            final int a = IPAddressArg.INSTANCE.parse(value.strip(), argContext());
            if (bcast)
            {
                myBcastIp = a;
            }
            else
            {
                myIp = a;
            }
            return 0;
        }
        catch (final ArgException e)
        {
            return errh.error("expected IP address");
        }
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("table", () -> table.readTable());
        addReadHandler("stats", () -> (drops + table.drops()) + " packets killed\n" + queries + " ARP queries sent\n");
        addReadHandler("count", () -> Long.toString(table.count()));
        addReadHandler("length", () -> Long.toString(table.length()));
        addReadHandler("queries", () -> Long.toString(queries));
        addReadHandler("responses", () -> Long.toString(responses));
        addReadHandler("drops", () -> Long.toString(drops));
        addReadHandler("bad_responses", () -> Long.toString(badResponses));
        addReadHandler("broadcast", () -> IPAddressArg.unparse(myBcastIp));
        addWriteHandler("broadcast", (v, errh) -> writeAddress(v, errh, true));
        addReadHandler("ipaddr", () -> IPAddressArg.unparse(myIp));
        addWriteHandler("ipaddr", (v, errh) -> writeAddress(v, errh, false));
        addWriteHandler("insert", (v, errh) -> table.writeInsert(v, errh, table.router() != null ? table : this));
        addWriteHandler("delete", (v, errh) -> table.writeDelete(v, errh, table.router() != null ? table : this));
        addWriteHandler("clear", (v, errh) ->
        {
            queries = responses = drops = 0;
            table.clear();
            return 0;
        });
    }
}
