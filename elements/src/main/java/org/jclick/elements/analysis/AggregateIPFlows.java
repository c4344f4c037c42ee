package org.jclick.elements.analysis;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jclick.dataplane.args.Args;
import org.jclick.dataplane.args.ArgException;
import org.jclick.dataplane.args.BoolArg;
import org.jclick.dataplane.args.ElementArg;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.args.SecondsArg;
import org.jclick.dataplane.args.StringArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.Handler;
import org.jclick.dataplane.packet.Packet;

/**
 * Click's AggregateIPFlows: numbers TCP and UDP flows in the aggregate annotation, direction in the paint.
 *
 * <p>Flows are kept per host pair (one table for TCP, one for UDP), each host pair with its flows in a
 * move-to-front list and its held fragments in arrival order, as in Click. Host pairs and port pairs are put in a
 * canonical order by comparing the values as Click's x86 build loads them (network-order bytes read as
 * little-endian words); since the first packet of a flow always gets paint 0, that order only decides which
 * direction is "forward" internally. Host pairs are visited in insertion order when flows are reaped (Click uses
 * its hash table's order), which only matters for the relative order in which fragments held for different host
 * pairs are released by a reap or {@code clear}.
 */
@ElementDoc(
    synopsis = "AggregateIPFlows([KEYWORDS])",
    category = "ipmeasure",
    ports = "one agnostic input; one agnostic output and an optional push output for other packets",
    description = """
        Sets the aggregate annotation of every TCP and UDP packet to a flow number (1, 2, ... in order of first
        appearance; both directions of a flow share it) and the paint annotation to 0 for the direction the
        flow's first packet went, 1 for replies (2 and 3 for ICMP errors, with ICMP true). Flows end after a
        timeout of packet time; a later packet with the same addresses and ports starts a new flow, as does a
        SYN on a finished TCP flow (FIN both ways, or RST). Non-TCP/UDP and too-short packets leave on output 1
        (dropped without one). With FRAGMENTS, later fragments are held until the first fragment of their
        datagram (same addresses and IP ID) supplies the ports, so packets of one host pair keep their order but
        packets of different pairs may be reordered; write 'clear' when the input ends to release what is
        held.""",
    keywords = {
        "TCP_TIMEOUT: unsigned seconds. Timeout of active TCP flows. Default 86400 (a day).",
        "TCP_DONE_TIMEOUT: unsigned seconds. Timeout of finished TCP flows. Default 30.",
        "UDP_TIMEOUT: time. Timeout of UDP flows. Default 60 s.",
        "FRAGMENT_TIMEOUT: time. Fragments whose first fragment has not come after this long are released "
            + "(without an aggregate: they are dropped). Default 30 s.",
        "REAP: time. How often (in packet time) old flows are forgotten. Default 20 minutes.",
        "ICMP: boolean. Give ICMP errors the aggregate of the flow they quote, paint 2 or 3. Default false.",
        "FRAGMENTS: boolean. Give later fragments their datagram's aggregate. Default true in a push context, "
            + "false in pull (where true is an error).",
        "TRACEINFO: filename. Write an XML description of each flow (addresses, ports, begin, duration, "
            + "packets per direction) when it ends ('-': standard output).",
        "SOURCE: element. Its 'filename' and 'packet_filepos' read handlers, if any, go into TRACEINFO."},
    handlers = {"clear (write): ends every flow now (later packets get new numbers) and releases held fragments"},
    example = """
        FromDump(trace.pcap, STOP true, FORCE_IP true) -> af :: AggregateIPFlows -> AggregateCounter -> Discard;
        DriverManager(wait, write af.clear);""",
    seeAlso = {"AggregateCounter", "FromIPSummaryDump", "DriverManager"})
public final class AggregateIPFlows extends Element
{
    private static final int IP_PROTO_ICMP = 1;
    private static final int IP_PROTO_TCP = 6;
    private static final int IP_PROTO_UDP = 17;
    private static final int IP_MF = 0x2000;
    private static final int IP_OFFMASK = 0x1FFF;
    private static final int TH_FIN = 0x01;
    private static final int TH_SYN = 0x02;
    private static final int TH_RST = 0x04;
    private static final int ICMP_UNREACH = 3;
    private static final int ICMP_SOURCEQUENCH = 4;
    private static final int ICMP_REDIRECT = 5;
    private static final int ICMP_TIMXCEED = 11;
    private static final int ICMP_PARAMPROB = 12;

    private static final int ACT_EMIT = 0;
    private static final int ACT_DROP = 1;
    private static final int ACT_NONE = 2;

    /** One flow of a host pair (Click's FlowInfo and StatFlowInfo in one). */
    private static final class FlowInfo
    {
        /** Port pair as Click's x86 build loads it, in the flow's canonical orientation. */
        final int ports;
        int aggregate;
        long lastTimestampNs;
        int flowOver;
        boolean reverse;
        FlowInfo next;
        long firstTimestampNs;
        long filepos;
        final int[] packets = new int[2];

        FlowInfo(final int ports, final FlowInfo next, final int aggregate)
        {
            this.ports = ports;
            this.next = next;
            this.aggregate = aggregate;
        }
    }

    /** A host pair's flows and held fragments. */
    private static final class HostPairInfo
    {
        FlowInfo flows;
        final ArrayList<Packet> fragments = new ArrayList<>();
        int fragmentHead;

        boolean hasFragments()
        {
            return fragmentHead < fragments.size();
        }

        Packet head()
        {
            return fragments.get(fragmentHead);
        }

        Packet popHead()
        {
            final Packet p = fragments.set(fragmentHead++, null);
            if (fragmentHead == fragments.size())
            {
                fragments.clear();
                fragmentHead = 0;
            }
            else if (fragmentHead >= 1024 && fragmentHead * 2 >= fragments.size())
            {
                // a list that never empties: drop the released slots now and then
                fragments.subList(0, fragmentHead).clear();
                fragmentHead = 0;
            }
            return p;
        }
    }

    private final Map<Long, HostPairInfo> tcpMap = new LinkedHashMap<>();
    private final Map<Long, HostPairInfo> udpMap = new LinkedHashMap<>();
    private final List<AggregateListener> listeners = new ArrayList<>();

    private int next;
    private int activeSec;
    private int gcSec;

    private long tcpTimeout = 24 * 60 * 60;
    private long tcpDoneTimeout = 30;
    private long udpTimeout = 60;
    private long smallestTimeout;
    private long gcInterval = 20 * 60;
    private long fragmentTimeout = 30;
    private boolean handleIcmpErrors;
    /** 0 false, 1 true, 2 not given (true in push, false in pull). */
    private int fragments = 2;
    private boolean timestampWarning;

    private String traceinfoFilename;
    private OutputStream traceinfo;
    private boolean traceinfoIsStdout;
    private Element packetSource;
    private Handler fileposHandler;

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
    public Object cast(final String name)
    {
        return AggregateListener.NOTIFIER.equals(name) || "AggregateIPFlows".equals(name) ? this : null;
    }

    /** Click's {@code AggregateNotifier::add_listener}. */
    public void addListener(final AggregateListener l)
    {
        if (!listeners.contains(l))
        {
            listeners.add(l);
        }
    }

    public void removeListener(final AggregateListener l)
    {
        listeners.remove(l);
    }

    private void notifyListeners(final int aggregate, final int event, final Packet p)
    {
        for (int i = 0; i < listeners.size(); i++)
        {
            listeners.get(i).aggregateNotify(aggregate, event, p);
        }
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final Args.Value<Long> tcp = new Args.Value<>(24L * 60 * 60);
        final Args.Value<Long> tcpDone = new Args.Value<>(30L);
        final Args.Value<Long> udp = new Args.Value<>(60L);
        final Args.Value<Long> frag = new Args.Value<>(30L);
        final Args.Value<Long> reap = new Args.Value<>(20L * 60);
        final Args.Value<Boolean> icmp = new Args.Value<>(false);
        final Args.Value<String> trace = new Args.Value<>();
        final Args.Value<Element> source = new Args.Value<>();
        final Args.Value<Boolean> frags = new Args.Value<>();
        if (complete(args(conf)
            .read("TCP_TIMEOUT", IntArg.uint32(), tcp)
            .read("TCP_DONE_TIMEOUT", IntArg.uint32(), tcpDone)
            .read("UDP_TIMEOUT", SecondsArg.seconds(), udp)
            .read("FRAGMENT_TIMEOUT", SecondsArg.seconds(), frag)
            .read("REAP", SecondsArg.seconds(), reap)
            .read("ICMP", BoolArg.INSTANCE, icmp)
            .read("TRACEINFO", StringArg.STRING, trace)
            .read("SOURCE", ElementArg.of(Element.class, "element"), source)
            .read("FRAGMENTS", BoolArg.INSTANCE, frags), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        tcpTimeout = tcp.get();
        tcpDoneTimeout = tcpDone.get();
        udpTimeout = udp.get();
        fragmentTimeout = frag.get();
        gcInterval = reap.get();
        handleIcmpErrors = icmp.get();
        traceinfoFilename = trace.isPresent() && !trace.get().isEmpty() ? trace.get() : null;
        packetSource = source.isPresent() ? source.get() : null;
        fragments = frags.isPresent() ? (frags.get() ? 1 : 0) : 2;
        smallestTimeout = Math.min(Math.min(tcpTimeout, tcpDoneTimeout), udpTimeout);
        return 0;
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        next = 1;
        activeSec = 0;
        gcSec = 0;
        timestampWarning = false;

        if (traceinfoFilename != null)
        {
            try
            {
                traceinfoIsStdout = traceinfoFilename.equals("-");
                traceinfo = traceinfoIsStdout ? System.out
                    : new BufferedOutputStream(Files.newOutputStream(Path.of(traceinfoFilename)), 1 << 16);
            }
            catch (final IOException | RuntimeException e)
            {
                return errh.error(traceinfoFilename + ": " + e.getMessage());
            }
            final StringBuilder sb = new StringBuilder("<?xml version='1.0' standalone='yes'?>\n<trace");
            if (packetSource != null)
            {
                final Handler fh = router().handlers().find(packetSource, "filename");
                if (fh != null && fh.readable())
                {
                    final String s = fh.callRead("", ErrorHandler.silent());
                    if (s != null && !s.trim().isEmpty())
                    {
                        sb.append(" file='").append(s.trim()).append('\'');
                    }
                }
                final Handler ph = router().handlers().find(packetSource, "packet_filepos");
                fileposHandler = ph != null && ph.readable() ? ph : null;
            }
            sb.append(">\n");
            writeTrace(sb);
        }

        final boolean pull = ninputs() > 0 && inputIsPull(0);
        if (fragments == 2)
        {
            fragments = pull ? 0 : 1;
        }
        else if (fragments == 1 && pull)
        {
            return errh.error("'FRAGMENTS true' is incompatible with pull; run this element in a push context");
        }
        return 0;
    }

    @Override
    public void cleanup(final CleanupStage stage)
    {
        cleanMap(tcpMap);
        cleanMap(udpMap);
        if (traceinfo != null)
        {
            try
            {
                if (!traceinfoIsStdout)
                {
                    traceinfo.write("</trace>\n".getBytes(StandardCharsets.ISO_8859_1));
                    traceinfo.close();
                }
                else
                {
                    traceinfo.flush();
                }
            }
            catch (final IOException e)
            {
                // nothing to report to at cleanup
            }
            traceinfo = null;
        }
    }

    private boolean stats()
    {
        return traceinfo != null;
    }

    private void writeTrace(final CharSequence s)
    {
        try
        {
            traceinfo.write(s.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (traceinfoIsStdout)
            {
                traceinfo.flush();
            }
        }
        catch (final IOException e)
        {
            // as Click's fprintf: write errors are not reported
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static int sec(final long ns)
    {
        return (int) Math.floorDiv(ns, 1_000_000_000L);
    }

    private static String timestamp(final long ns)
    {
        final long s = Math.floorDiv(ns, 1_000_000_000L);
        final long us = Math.floorMod(ns, 1_000_000_000L) / 1000;
        final String u = Long.toString(us);
        return s + "." + "000000".substring(u.length()) + u;
    }

    private static boolean isFrag(final Packet p, final int iph)
    {
        return (p.u16(iph + 6) & (IP_MF | IP_OFFMASK)) != 0;
    }

    private static boolean firstFrag(final Packet p, final int iph)
    {
        return (p.u16(iph + 6) & IP_OFFMASK) == 0;
    }

    private static int transportLength(final Packet p)
    {
        return p.hasTransportHeader() ? p.length() - p.transportHeaderOffset() : 0;
    }

    /** Click's {@code good_ip_header}: the IP header, or for ICMP the quoted one. */
    private static int goodIpHeader(final Packet p)
    {
        final int iph = p.networkHeaderOffset();
        return p.u8(iph + 9) == IP_PROTO_ICMP ? p.transportHeaderOffset() + 8 : iph;
    }

    /** An IPv4 address, as Click's x86 build holds {@code s_addr}: network-order bytes read little-endian. */
    private static int sAddr(final Packet p, final int off)
    {
        return Integer.reverseBytes(p.u32(off));
    }

    /** The host pair key: the smaller {@code s_addr} (unsigned) in the high half. */
    private static long hostPair(final int src, final int dst)
    {
        final int a = Integer.compareUnsigned(src, dst) > 0 ? dst : src;
        final int b = a == src ? dst : src;
        return (Integer.toUnsignedLong(a) << 32) | Integer.toUnsignedLong(b);
    }

    private static boolean portsReverseOrder(final int ports)
    {
        return (ports << 16) - ports < 0;
    }

    private static int flipPorts(final int ports)
    {
        return ((ports >>> 16) & 0xFFFF) | (ports << 16);
    }

    /** Click's {@code icmp_encapsulated_header}: the quoted IP header of an ICMP error, or -1. */
    private static int icmpEncapsulatedHeader(final Packet p)
    {
        if (!p.hasTransportHeader())
        {
            return -1;
        }
        final int th = p.transportHeaderOffset();
        final int tlen = transportLength(p);
        if (tlen < 8 + 20)
        {
            return -1;
        }
        final int type = p.u8(th);
        if (type != ICMP_UNREACH && type != ICMP_TIMXCEED && type != ICMP_PARAMPROB && type != ICMP_SOURCEQUENCH
            && type != ICMP_REDIRECT)
        {
            return -1;
        }
        final int embedded = th + 8;
        final int hlen = (p.u8(embedded) & 0x0F) << 2;
        return tlen >= 8 + hlen && hlen >= 20 ? embedded : -1;
    }

    // ------------------------------------------------------------------------------------------ flows

    private void deleteFlowinfo(final long hp, final FlowInfo f)
    {
        if (!stats())
        {
            return;
        }
        final int a = (int) (hp >>> 32);
        final int b = (int) hp;
        final int src = f.reverse ? b : a;
        final int dst = f.reverse ? a : b;
        final int portsBe = Integer.reverseBytes(f.ports);
        final int sport = (portsBe >>> (f.reverse ? 0 : 16)) & 0xFFFF;
        final int dport = (portsBe >>> (f.reverse ? 16 : 0)) & 0xFFFF;
        final StringBuilder sb = new StringBuilder(200);
        sb.append("<flow aggregate='").append(Integer.toUnsignedString(f.aggregate))
            .append("' src='").append(address(src)).append("' sport='").append(sport)
            .append("' dst='").append(address(dst)).append("' dport='").append(dport)
            .append("' begin='").append(timestamp(f.firstTimestampNs))
            .append("' duration='").append(timestamp(f.lastTimestampNs - f.firstTimestampNs)).append('\'');
        if (f.filepos != 0)
        {
            sb.append(" filepos='").append(f.filepos).append('\'');
        }
        sb.append(">\n  <stream dir='0' packets='").append(f.packets[0]).append("' /><stream dir='1' packets='")
            .append(f.packets[1]).append("' />\n</flow>\n");
        writeTrace(sb);
    }

    /** An {@code s_addr} (see {@link #sAddr}) in dotted-quad form. */
    private static String address(final int sAddr)
    {
        return (sAddr & 255) + "." + ((sAddr >>> 8) & 255) + "." + ((sAddr >>> 16) & 255) + "." + (sAddr >>> 24);
    }

    private void statNewFlow(final Packet p, final FlowInfo f)
    {
        f.firstTimestampNs = p.timestampNs();
        f.filepos = 0;
        if (fileposHandler != null)
        {
            final String s = fileposHandler.callRead("", ErrorHandler.silent());
            if (s != null)
            {
                try
                {
                    f.filepos = IntArg.uint32().parse(s.trim(), argContext());
                }
                catch (final ArgException e)
                {
                    f.filepos = 0;
                }
            }
        }
    }

    private void cleanMap(final Map<Long, HostPairInfo> table)
    {
        for (final Map.Entry<Long, HostPairInfo> e : table.entrySet())
        {
            final HostPairInfo h = e.getValue();
            while (h.hasFragments())
            {
                h.popHead().kill();
            }
            for (FlowInfo f = h.flows; f != null; f = f.next)
            {
                deleteFlowinfo(e.getKey(), f);
            }
            h.flows = null;
        }
    }

    private void packetEmitHook(final Packet p, final int iph, final FlowInfo f)
    {
        f.lastTimestampNs = p.timestampNs();
        final int paint = p.paintAnno();
        if (p.u8(iph + 9) == IP_PROTO_TCP && firstFrag(p, iph) && transportLength(p) >= 14 && paint < 2)
        {
            final int flags = p.u8(p.transportHeaderOffset() + 13);
            if ((flags & TH_RST) != 0)
            {
                f.flowOver = 3;
            }
            else if ((flags & TH_FIN) != 0)
            {
                f.flowOver |= 1 << paint;
            }
            else if ((flags & TH_SYN) != 0)
            {
                f.flowOver = 0;
            }
        }
        if (stats() && paint < 2)
        {
            f.packets[paint]++;
        }
    }

    private void reapMap(final Map<Long, HostPairInfo> table, final long timeoutIn, final long doneTimeoutIn)
    {
        final int timeout = activeSec - (int) timeoutIn;
        final int doneTimeout = activeSec - (int) doneTimeoutIn;
        final int fragTimeout = activeSec - (int) fragmentTimeout;
        for (final Map.Entry<Long, HostPairInfo> e : table.entrySet())
        {
            final HostPairInfo h = e.getValue();
            while (h.hasFragments()
                && (sec(h.head().timestampNs()) < fragTimeout || !isFrag(h.head(), goodIpHeader(h.head()))))
            {
                emitFragmentHead(h);
            }
            // no flow may go while fragments wait for it
            if (h.hasFragments())
            {
                continue;
            }
            FlowInfo prev = null;
            FlowInfo f = h.flows;
            while (f != null)
            {
                final FlowInfo after = f.next;
                if (sec(f.lastTimestampNs) - (f.flowOver == 3 ? doneTimeout : timeout) < 0)
                {
                    notifyListeners(f.aggregate, AggregateListener.DELETE_AGG, null);
                    if (prev == null)
                    {
                        h.flows = after;
                    }
                    else
                    {
                        prev.next = after;
                    }
                    deleteFlowinfo(e.getKey(), f);
                }
                else
                {
                    prev = f;
                }
                f = after;
            }
        }
    }

    private void reap()
    {
        if (gcSec != 0)
        {
            reapMap(tcpMap, tcpTimeout, tcpDoneTimeout);
            reapMap(udpMap, udpTimeout, udpTimeout);
        }
        gcSec = activeSec + (int) gcInterval;
    }

    private int relevantTimeout(final FlowInfo f, final boolean udp)
    {
        if (udp)
        {
            return (int) udpTimeout;
        }
        return f.flowOver == 3 ? (int) tcpDoneTimeout : (int) tcpTimeout;
    }

    private FlowInfo findFlowInfo(final boolean udp, final HostPairInfo h, final int ports, final boolean flipped,
        final Packet p)
    {
        FlowInfo prev = null;
        for (FlowInfo f = h.flows; f != null; prev = f, f = f.next)
        {
            if (f.ports != ports)
            {
                continue;
            }
            // a flow that is dead but not yet reaped ends now, for consistent numbering; so does a finished TCP
            // flow that sees a new SYN
            final int age = sec(p.timestampNs()) - sec(f.lastTimestampNs);
            final int outer = p.networkHeaderOffset();
            final boolean syn = p.u8(outer + 9) == IP_PROTO_TCP && transportLength(p) >= 14
                && (p.u8(p.transportHeaderOffset() + 13) & TH_SYN) != 0;
            if ((age > (int) smallestTimeout && age > relevantTimeout(f, udp)) || (f.flowOver == 3 && syn))
            {
                notifyListeners(f.aggregate, AggregateListener.DELETE_AGG, null);
                final int g = goodIpHeader(p);
                deleteFlowinfo(hostPair(sAddr(p, g + 12), sAddr(p, g + 16)), f);
                f.aggregate = next++;
                f.reverse = flipped;
                f.flowOver = 0;
                if (stats())
                {
                    statNewFlow(p, f);
                }
                notifyListeners(f.aggregate, AggregateListener.NEW_AGG, p);
            }
            if (prev != null)
            {
                prev.next = f.next;
                f.next = h.flows;
                h.flows = f;
            }
            return f;
        }
        final FlowInfo f = new FlowInfo(ports, h.flows, next);
        if (stats())
        {
            statNewFlow(p, f);
        }
        f.reverse = flipped;
        h.flows = f;
        next++;
        notifyListeners(f.aggregate, AggregateListener.NEW_AGG, p);
        return f;
    }

    private void emitFragmentHead(final HostPairInfo h)
    {
        final Packet head = h.popHead();
        final int iph = goodIpHeader(head);
        final int id = head.u16(iph + 4);
        if (head.aggregateAnno() != 0)
        {
            for (int i = h.fragmentHead; i < h.fragments.size(); i++)
            {
                final Packet p = h.fragments.get(i);
                if (p.u16(goodIpHeader(p) + 4) == id)
                {
                    p.setAggregateAnno(head.aggregateAnno());
                    p.setPaintAnno(head.paintAnno());
                }
            }
        }
        else
        {
            boolean found = false;
            for (int i = h.fragmentHead; i < h.fragments.size() && !found; i++)
            {
                final Packet p = h.fragments.get(i);
                if (p.u16(goodIpHeader(p) + 4) == id && p.aggregateAnno() != 0)
                {
                    head.setAggregateAnno(p.aggregateAnno());
                    head.setPaintAnno(p.paintAnno());
                    found = true;
                }
            }
            if (!found)
            {
                head.kill();
                return;
            }
        }
        // find the flow and move it to the front
        FlowInfo prev = null;
        FlowInfo f = h.flows;
        while (f != null && f.aggregate != head.aggregateAnno())
        {
            prev = f;
            f = f.next;
        }
        if (f != null)
        {
            if (prev != null)
            {
                prev.next = f.next;
                f.next = h.flows;
                h.flows = f;
            }
            packetEmitHook(head, iph, f);
        }
        output(0).push(head);
    }

    private int handleFragment(final Packet p, final HostPairInfo h)
    {
        h.fragments.add(p);
        activeSec = sec(p.timestampNs());
        final int fragTimeout = activeSec - (int) fragmentTimeout;
        while (h.hasFragments()
            && (sec(h.head().timestampNs()) < fragTimeout || !isFrag(h.head(), goodIpHeader(h.head()))))
        {
            emitFragmentHead(h);
        }
        return ACT_NONE;
    }

    private int handlePacket(final Packet p)
    {
        int paint = 0;
        if (p.timestampNs() == 0)
        {
            if (!timestampWarning)
            {
                final PrintStream err = System.err;
                err.println(declaration() + ": warning: packet received without timestamp");
                err.flush();
                timestampWarning = true;
            }
            p.setTimestampNs(router().nowNs());
        }
        if (!p.hasNetworkHeader() || p.length() - p.networkHeaderOffset() < 20)
        {
            return ACT_DROP;
        }
        int iph = p.networkHeaderOffset();
        if (p.u8(iph + 9) == IP_PROTO_ICMP && firstFrag(p, iph) && handleIcmpErrors)
        {
            iph = icmpEncapsulatedHeader(p);
            paint = 2;
            if (iph < 0)
            {
                return ACT_DROP;
            }
        }
        final int proto = p.u8(iph + 9);
        final int src = sAddr(p, iph + 12);
        final int dst = sAddr(p, iph + 16);
        if ((proto != IP_PROTO_TCP && proto != IP_PROTO_UDP) || (src == 0 && dst == 0))
        {
            return ACT_DROP;
        }
        final boolean udp = proto == IP_PROTO_UDP;
        final Map<Long, HostPairInfo> m = udp ? udpMap : tcpMap;
        final long hosts = hostPair(src, dst);
        if ((int) (hosts >>> 32) != src)
        {
            paint ^= 1;
        }
        final HostPairInfo h = m.computeIfAbsent(hosts, k -> new HostPairInfo());

        FlowInfo f = null;
        if (firstFrag(p, iph))
        {
            final int transport = iph + ((p.u8(iph) & 0x0F) << 2);
            if (transport + 4 > p.length())
            {
                return ACT_DROP;
            }
            int ports = Integer.reverseBytes(p.u32(transport));
            if (src == dst && portsReverseOrder(ports))
            {
                paint ^= 1;
            }
            if ((paint & 1) != 0)
            {
                ports = flipPorts(ports);
            }
            f = findFlowInfo(udp, h, ports, (paint & 1) != 0, p);
            if (f.reverse)
            {
                paint ^= 1;
            }
            p.setAggregateAnno(f.aggregate);
            p.setPaintAnno(paint);
        }
        else
        {
            p.setAggregateAnno(0);
            p.setPaintAnno(paint);
        }

        if ((fragments != 0 && isFrag(p, iph)) || h.hasFragments())
        {
            return handleFragment(p, h);
        }
        if (f == null)
        {
            return ACT_DROP;
        }
        activeSec = sec(p.timestampNs());
        packetEmitHook(p, iph, f);
        return ACT_EMIT;
    }

    @Override
    public void push(final int port, final Packet p)
    {
        final int action = handlePacket(p);
        if (Integer.compareUnsigned(activeSec, gcSec) >= 0)
        {
            reap();
        }
        if (action == ACT_EMIT)
        {
            output(0).push(p);
        }
        else if (action == ACT_DROP)
        {
            checkedOutputPush(1, p);
        }
    }

    @Override
    public Packet pull(final int port)
    {
        final Packet p = input(0).pull();
        final int action = p != null ? handlePacket(p) : ACT_NONE;
        if (Integer.compareUnsigned(activeSec, gcSec) >= 0)
        {
            reap();
        }
        if (action == ACT_EMIT)
        {
            return p;
        }
        if (action == ACT_DROP)
        {
            checkedOutputPush(1, p);
        }
        return null;
    }

    /** Ends every flow and releases every held fragment (the {@code clear} handler). */
    public void clear()
    {
        final int a = activeSec;
        final int g = gcSec;
        activeSec = 0x7FFF_FFFF;
        gcSec = 0x7FFF_FFFF;
        reap();
        activeSec = a;
        gcSec = g;
    }

    @Override
    public void addHandlers()
    {
        addWriteHandler("clear", (v, errh) ->
        {
            clear();
            return 0;
        });
    }
}
