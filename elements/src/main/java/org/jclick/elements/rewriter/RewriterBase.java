package org.jclick.elements.rewriter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.jclick.dataplane.args.AnnoArg;
import org.jclick.dataplane.args.ArgParser;
import org.jclick.dataplane.args.Args;
import org.jclick.dataplane.args.BoolArg;
import org.jclick.dataplane.args.ConfigurationException;
import org.jclick.dataplane.args.IPAddressArg;
import org.jclick.dataplane.args.SecondsArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.Handler;
import org.jclick.dataplane.element.SplitOutputs;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketBatch;
import org.jclick.dataplane.runtime.Timer;

/**
 * What the IPRewriter family shares (Click's IPRewriterBase): input specs, the flow store and its capacity,
 * timeouts with a guarantee period, reaping by timer, and the common handlers. Subclasses provide the tables
 * and the packet path.
 *
 * <p>Flow kinds decide timeouts: {@link #KIND_TCP} flows track FIN/RST and payload in each direction (done,
 * established and no-data timeouts), {@link #KIND_UDP} flows count packets to detect streaming, and
 * {@link #KIND_PLAIN} flows (address rewriters, ping rewriter) have one timeout.
 */
public abstract class RewriterBase extends Element
{
    public static final int RW_DROP = -1;
    public static final int RW_ADDMAP = -2;

    static final int KIND_TCP = 0;
    static final int KIND_UDP = 1;
    static final int KIND_PLAIN = 2;

    static final int TCP_FORWARD_DONE = 1;
    static final int TCP_BOTH_DONE = 3;
    static final int TCP_FORWARD_DATA = 4;
    static final int TCP_BOTH_DATA = 12;

    private static final String PATTERNS_KEY = "org.jclick.elements.rewriter.IPRewriterPatterns";

    FlowStore store = new FlowStore();
    InputSpec[] inputs = new InputSpec[0];

    // timeouts, in milliseconds (Click's jiffies at CLICK_HZ 1000)
    long tcpNodata = 300_000;
    long tcpData = 86_400_000;
    long tcpDone = 240_000;
    long tcpGuarantee = 5_000;
    long udpTimeout = 300_000;
    long udpStreaming = -1;
    long udpGuarantee = 5_000;
    long plainTimeout = 300_000;
    long plainGuarantee = 5_000;
    long reapIntervalMs = 900_000;

    boolean dstAnno = true;
    int replyAnno = -1;

    private Timer gcTimer;
    final FlowId scratch = new FlowId();
    /** Packets dropped because they carried no IP header annotation or a truncated header. */
    long badPackets;
    /** Packets dropped: unmappable (other protocols, later fragments) on non-pass inputs, or without a mapping. */
    long drops;
    private int staticCount;

    // ------------------------------------------------------------------------------------------ setup

    @Override
    public String portCount()
    {
        return "1-/1-";
    }

    @Override
    public String processing()
    {
        return PUSH;
    }

    @Override
    public Object cast(final String name)
    {
        return "IPRewriterBase".equals(name) || className().equals(name) ? this : null;
    }

    /** The base's TIMEOUT keyword (Click's {@code _timeouts[0]}). */
    abstract void setBaseTimeout(long ms);

    /** The base's GUARANTEE keyword (Click's {@code _timeouts[1]}). */
    abstract void setBaseGuarantee(long ms);

    /** Reads the subclass's own keywords onto {@code a}. */
    abstract void readKeywords(Args a);

    /** Creates the subclass's tables (the store is final by now). */
    abstract void createMaps(int expectedFlows);

    /** The subclass's tables, for clearing and for the pattern tests. */
    abstract FlowMap[] maps();

    static ArgParser<String> raw()
    {
        return (text, context) -> text;
    }

    static SecondsArg ms()
    {
        return SecondsArg.milliseconds();
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final Args a = args(conf);
        readKeywords(a);
        final String[] capacityWord = new String[1];
        a.read("CAPACITY", raw(), v -> capacityWord[0] = v)
            .read("MAPPING_CAPACITY", raw(), v -> capacityWord[0] = v)
            .read("TIMEOUT", ms(), this::setBaseTimeout)
            .read("GUARANTEE", ms(), this::setBaseGuarantee)
            .read("REAP_INTERVAL", ms(), v -> reapIntervalMs = v)
            .read("REAP_TIME", Args.DEPRECATED, ms(), v -> reapIntervalMs = v);
        final List<String> rest;
        try
        {
            rest = a.consume();
        }
        catch (final ConfigurationException e)
        {
            for (final String m : e.errors())
            {
                errh.error(m);
            }
            return ErrorHandler.FAILURE;
        }
        for (final String w : a.warnings())
        {
            errh.warning(w);
        }
        if (capacityWord[0] != null)
        {
            final String w = capacityWord[0].trim();
            final Integer n = parseInt(w);
            final Element other = n == null ? router().find(w, this) : null;
            if (n != null && n >= 0)
            {
                store.capacity = n;
            }
            else if (other instanceof final RewriterBase rb)
            {
                store = rb.store;
            }
            else
            {
                return errh.error("bad MAPPING_CAPACITY");
            }
        }
        if (rest.size() != ninputs())
        {
            return errh.error("need " + ninputs() + " arguments, one per input port");
        }
        if (store.capacity != FlowStore.UNLIMITED)
        {
            // preallocated up to 256 Ki flows (about 170 bytes each); larger capacities grow by doubling
            store.reserve(Math.min(store.capacity, 1 << 18) + 1);
        }
        createMaps(store.capacity == FlowStore.UNLIMITED ? 1024 : store.capacity);
        inputs = new InputSpec[rest.size()];
        boolean ok = true;
        for (int i = 0; i < rest.size(); i++)
        {
            final InputSpec is = new InputSpec();
            if (parseInputSpec(rest.get(i), is, i, errh) < 0)
            {
                ok = false;
            }
            inputs[i] = is;
        }
        return ok ? 0 : ErrorHandler.FAILURE;
    }

    static Integer parseInt(final String s)
    {
        try
        {
            return Integer.valueOf(s.startsWith("+") ? s.substring(1) : s);
        }
        catch (final NumberFormatException e)
        {
            return null;
        }
    }

    /** Click's {@code parse_input_spec}; errors are prefixed {@code input spec N: }. */
    int parseInputSpec(final String line, final InputSpec is, final int number, final ErrorHandler errh)
    {
        final String prefix = "input spec " + number + ": ";
        final String text = line.trim();
        if (text.isEmpty())
        {
            return errh.error(prefix + "empty argument");
        }
        final List<String> words = new ArrayList<>(Arrays.asList(text.split("\\s+")));
        final String word = words.remove(0);
        final String rest = String.join(" ", words);
        is.kind = InputSpec.DROP;
        switch (word)
        {
            case "pass", "passthrough", "nochange" ->
            {
                Integer out = 0;
                if (!rest.isEmpty() && (out = parseInt(rest)) == null)
                {
                    return errh.error(prefix + "syntax error, expected 'nochange [OUTPUT]'");
                }
                if (out < 0 || out >= noutputs())
                {
                    return errh.error(prefix + "output port out of range");
                }
                is.kind = InputSpec.NOCHANGE;
                is.foutput = out;
            }
            case "keep" ->
            {
                final String err = parsePorts(words, is);
                if (err != null)
                {
                    return errh.error(prefix + err);
                }
                if (is.foutput < 0 || is.foutput >= noutputs() || is.routput < 0 || is.routput >= noutputs())
                {
                    return errh.error(prefix + "output port out of range");
                }
                is.kind = InputSpec.KEEP;
            }
            case "drop", "discard" ->
            {
                if (!rest.isEmpty())
                {
                    return errh.error(prefix + "syntax error, expected '" + word + "'");
                }
            }
            case "pattern", "xpattern" ->
            {
                if (words.size() <= 2)
                {
                    return errh.error(prefix + "syntax error");
                }
                final List<String> ports = new ArrayList<>(words.subList(words.size() - 2, words.size()));
                final List<String> pw = words.subList(0, words.size() - 2);
                try
                {
                    is.pattern = Pattern.parse(pw, argContext(), this::namedPattern);
                }
                catch (final Pattern.PatternException e)
                {
                    return errh.error(prefix + e.getMessage());
                }
                final String err = parsePorts(ports, is);
                if (err != null)
                {
                    return errh.error(prefix + err);
                }
                if (is.foutput < 0 || is.foutput >= noutputs() || is.routput < 0 || is.routput >= noutputs())
                {
                    return errh.error(prefix + "output port out of range");
                }
                is.kind = InputSpec.PATTERN;
            }
            default ->
            {
                final Element e = router().find(word, this);
                if (e == null)
                {
                    return errh.error(prefix + "unknown specification");
                }
                if (!rest.isEmpty())
                {
                    return errh.error(prefix + "syntax error, expected 'ELEMENTNAME'");
                }
                if (!(e.cast("IPMapper") instanceof final IPMapper mapper))
                {
                    return errh.error(prefix + "element is not an IPMapper");
                }
                is.kind = InputSpec.MAPPER;
                is.mapper = mapper;
                final int before = errh.errorCount();
                mapper.notifyRewriter(this, is, prefixed(errh, prefix));
                if (errh.errorCount() > before)
                {
                    return ErrorHandler.FAILURE;
                }
            }
        }
        return 0;
    }

    private static ErrorHandler prefixed(final ErrorHandler errh, final String prefix)
    {
        return new ErrorHandler()
        {
            @Override
            protected void emit(final Level level, final String landmark, final String text)
            {
                switch (level)
                {
                    case ERROR -> errh.error(prefix + text);
                    case WARNING -> errh.warning(prefix + text);
                    default -> errh.message(prefix + text);
                }
            }
        };
    }

    /** Click's {@code parse_ports}: null, or the error text. */
    static String parsePorts(final List<String> words, final InputSpec is)
    {
        final Integer f = words.size() == 2 ? parseInt(words.get(0)) : null;
        if (f == null)
        {
            return "bad forward port";
        }
        final Integer r = parseInt(words.get(1));
        if (r == null)
        {
            return "bad reply port";
        }
        is.foutput = f;
        is.routput = r;
        return null;
    }

    /** The named patterns of IPRewriterPatterns elements of this router (by name), created on demand. */
    @SuppressWarnings("unchecked")
    static Map<String, Pattern> namedPatterns(final org.jclick.dataplane.runtime.Router router)
    {
        synchronized (router)
        {
            Object o = router.attachment(PATTERNS_KEY);
            if (o == null)
            {
                o = new java.util.HashMap<String, Pattern>();
                router.setAttachment(PATTERNS_KEY, o);
            }
            return (Map<String, Pattern>)o;
        }
    }

    Pattern namedPattern(final String name)
    {
        return namedPatterns(router()).get(name);
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        // under --threads N, patterns pick reply identities that hash back to this replica
        final org.jclick.dataplane.runtime.Shard shard = router().shard();
        for (final InputSpec is : inputs)
        {
            if (is.pattern != null)
            {
                is.pattern.setShard(shard);
            }
        }
        gcTimer = new Timer(this);
        gcTimer.initialize();
        makeSplitBatches();
        if (reapIntervalMs > 0)
        {
            gcTimer.scheduleAfterMs(reapIntervalMs);
        }
        return 0;
    }

    @Override
    public void runTimer(final Timer timer)
    {
        store.shrink(false, nowMs());
        if (reapIntervalMs > 0)
        {
            timer.scheduleAfterMs(reapIntervalMs);
        }
    }

    @Override
    public void cleanup(final CleanupStage stage)
    {
        if (gcTimer != null && gcTimer.initialized())
        {
            gcTimer.unschedule();
        }
    }

    final long nowMs()
    {
        return Math.floorDiv(router().nowNs(), 1_000_000L);
    }

    // ------------------------------------------------------------------------------------------ flows

    final long guaranteeOf(final int kind)
    {
        return switch (kind)
        {
            case KIND_TCP -> tcpGuarantee;
            case KIND_UDP -> udpGuarantee;
            default -> plainGuarantee;
        };
    }

    /** The best-effort timeout of flow {@code f} in its current state. */
    final long flowTimeout(final int f)
    {
        final int kind = store.kind(f);
        final int s = store.state(f);
        if (kind == KIND_TCP)
        {
            if ((s & TCP_BOTH_DONE) == TCP_BOTH_DONE)
            {
                return tcpDone;
            }
            return (s & TCP_BOTH_DATA) == TCP_BOTH_DATA ? tcpData : tcpNodata;
        }
        if (kind == KIND_UDP)
        {
            return s > 6 ? (udpStreaming >= 0 ? udpStreaming : udpTimeout) : udpTimeout;
        }
        return plainTimeout;
    }

    /** Click's {@code best_effort_expiry}: when a flow whose guarantee just ended expires. */
    final long bestEffortExpiry(final int f)
    {
        return store.expiry(f) + flowTimeout(f) - guaranteeOf(store.kind(f));
    }

    /** Called by the store when one of this element's flows is destroyed. */
    final void flowDestroyed(final int f)
    {
        final int in = store.ownerInput[f];
        if (in >= 0 && in < inputs.length)
        {
            inputs[in].count--;
        }
        else if (in < 0)
        {
            staticCount--;
        }
    }

    /**
     * Click's {@code add_flow} + {@code store_flow}: installs the flow {@code (sa, sp, da, dp)} rewritten to
     * {@code rw}, its forward entry under its key in {@code map} and its reply entry likewise. Returns the forward
     * entry, or -1 if capacity admission removed it again (counted as a mapping failure of the input).
     */
    final int addFlow(final int kind, final FlowMap map, final int sa, final int sp, final int da, final int dp,
        final FlowId rw, final int input, final int fout, final int rout, final long nowMs)
    {
        if (fout < 0 || fout >= noutputs() || rout < 0 || rout >= noutputs())
        {
            return -1;
        }
        final FlowStore s = store;
        final int f = s.allocate();
        final int e0 = 2 * f;
        final int e1 = e0 + 1;
        s.setEntry(e0, sa, da, sp << 16 | dp, fout);
        s.setEntry(e1, rw.daddr, rw.saddr, rw.dport << 16 | rw.sport, rout);
        int d = 0;
        d = Checksums.update16(d, sa >>> 16, rw.saddr >>> 16);
        d = Checksums.update16(d, sa & 0xFFFF, rw.saddr & 0xFFFF);
        d = Checksums.update16(d, da >>> 16, rw.daddr >>> 16);
        d = Checksums.update16(d, da & 0xFFFF, rw.daddr & 0xFFFF);
        final int ipDelta = d;
        d = Checksums.update16(d, sp, rw.sport);
        d = Checksums.update16(d, dp, rw.dport);
        s.setDeltas(f, ipDelta, d);
        s.setState(f, 0);
        s.owner[f] = this;
        s.ownerInput[f] = input;
        s.map[f] = map;
        s.seqCount[e0] = 0;
        s.seqCount[e1] = 0;
        s.seqBase[e0] = 0;
        s.seqBase[e1] = 0;
        final long g = guaranteeOf(kind);
        final long timeout = g != 0 ? g : (kind == KIND_TCP ? tcpNodata : kind == KIND_UDP ? udpTimeout : plainTimeout);
        s.initMeta(f, kind, g != 0 ? FlowStore.GUARANTEED : FlowStore.BEST_EFFORT);
        s.setExpiry(f, nowMs + timeout);
        map.put(e0);
        final int old = map.put(e1);
        if (old >= 0 && (old >> 1) != f)
        {
            s.destroy(old >> 1);
        }
        s.heapInsert(f);
        if (input >= 0)
        {
            inputs[input].count++;
        }
        else
        {
            staticCount++;
        }
        if (s.size() > s.capacity)
        {
            if (s.shrinkForNewFlow(f, nowMs))
            {
                if (input >= 0)
                {
                    inputs[input].failures++;
                }
                return -1;
            }
        }
        return e0;
    }

    /** After a packet: the flow's guarantee restarts, or without guarantee its state's timeout. */
    final void refresh(final int f, final long nowMs)
    {
        final int kind = store.kind(f);
        final long g = guaranteeOf(kind);
        if (g != 0)
        {
            store.changeExpiry(f, true, nowMs + g);
        }
        else
        {
            store.changeExpiry(f, false, nowMs + flowTimeout(f));
        }
    }

    /** Rewrites the IP addresses of a packet of entry {@code 2f + dir}; returns the other entry. */
    final int applyIp(final Packet p, final int f, final int dir, final int ip)
    {
        final FlowStore s = store;
        final int r = 2 * f + (dir ^ 1);
        final int newDst = s.saddr(r);
        p.setU32(ip + 12, s.daddr(r));
        p.setU32(ip + 16, newDst);
        if (dstAnno)
        {
            p.setDstIpAnno(newDst);
        }
        if (dir == 1 && replyAnno >= 0)
        {
            p.setAnnoU8(replyAnno, s.replyAnno(f));
        }
        p.setU16(ip + 10, Checksums.applyDelta(p.u16(ip + 10), s.ipDelta(f), dir == 1));
        return r;
    }

    /** Click's TCPFlow apply, after the IP part: ports, checksum, connection state, sequence deltas. */
    final void applyTcp(final Packet p, final int f, final int dir, final int ip, final int th, final int tlen,
        final int r)
    {
        if (tlen < 18)
        {
            return;
        }
        final FlowStore s = store;
        final int rp = s.ports(r);
        p.setU16(th, rp & 0xFFFF);
        p.setU16(th + 2, rp >>> 16);
        p.setU16(th + 16, Checksums.applyDelta(p.u16(th + 16), s.l4Delta(f), dir == 1));
        final int flags = p.u8(th + 13);
        final int off = tlen >= 13 ? (p.u8(th + 12) >> 4) : 5;
        final boolean payload = (((p.u8(ip) & 0xF) + off) << 2) < p.u16(ip + 2);
        int st = s.state(f);
        if ((flags & 0x04) != 0)
        {
            st |= TCP_BOTH_DONE;
        }
        else if ((flags & 0x01) != 0)
        {
            st |= TCP_FORWARD_DONE << dir;
        }
        else if ((flags & 0x02) != 0 || payload)
        {
            st &= ~(TCP_FORWARD_DONE << dir);
        }
        if (payload)
        {
            st |= TCP_FORWARD_DATA << dir;
        }
        s.setState(f, st);
        if (tlen < off << 2)
        {
            return;
        }
        if ((s.meta(f) & FlowStore.M_SEQ) == 0)
        {
            // no sequence-number transitions ever: the seq arrays (other cache lines) stay untouched
            return;
        }
        applySeq(p, f, dir, th, tlen, off);
    }

    /**
     * The sequence-number part of {@link #applyTcp}, for a flow with transitions (a method of its own: the common
     * path, a flow without them, stays short).
     */
    private void applySeq(final Packet p, final int f, final int dir, final int th, final int tlen, final int off)
    {
        final FlowStore s = store;
        final int e = 2 * f + dir;
        final int o = e ^ 1;
        if (s.seqCount[e] == 0 && s.seqCount[o] == 0 && s.seqBase[e] == 0 && s.seqBase[o] == 0)
        {
            return;
        }
        final int seq = p.u32(th + 4);
        final int ce = s.seqCount[e];
        if (ce > 0 && seq - (s.seqTrigger[e * FlowStore.SEQ_SLOTS + ce - 1] + (1 << 30)) >= 0)
        {
            // far beyond the newest transition: the older ones are irrelevant now
            s.seqBase[e] = s.seqDelta[e * FlowStore.SEQ_SLOTS + ce - 1];
            s.seqCount[e] = 0;
        }
        if (s.seqCount[e] != 0 || s.seqBase[e] != 0)
        {
            final int nv = newSeq(e, seq);
            p.setU16(th + 16, Checksums.update32(p.u16(th + 16), seq, nv));
            p.setU32(th + 4, nv);
        }
        if (s.seqCount[o] != 0 || s.seqBase[o] != 0)
        {
            final int ack = p.u32(th + 8);
            final int nv = newAck(o, ack);
            p.setU16(th + 16, Checksums.update32(p.u16(th + 16), ack, nv));
            p.setU32(th + 8, nv);
            if (off > 5)
            {
                applySack(p, th, Math.min(tlen, off << 2), o);
            }
        }
    }

    /** Click's {@code new_seq}: the delta of the newest transition at or before {@code seq}. */
    private int newSeq(final int e, final int seq)
    {
        final FlowStore s = store;
        final int b = e * FlowStore.SEQ_SLOTS;
        for (int i = s.seqCount[e] - 1; i >= 0; i--)
        {
            if (seq - s.seqTrigger[b + i] >= 0)
            {
                return seq + s.seqDelta[b + i];
            }
        }
        return seq + s.seqBase[e];
    }

    /** Click's {@code new_ack}: an acknowledgement of data sent in entry {@code o}'s direction, shifted back. */
    private int newAck(final int o, final int ack)
    {
        final FlowStore s = store;
        final int b = o * FlowStore.SEQ_SLOTS;
        for (int i = s.seqCount[o] - 1; i >= 0; i--)
        {
            final int d = s.seqDelta[b + i];
            if (ack - d - s.seqTrigger[b + i] >= 0)
            {
                return ack - d;
            }
        }
        return ack - s.seqBase[o];
    }

    private void applySack(final Packet p, final int th, final int hlen, final int o)
    {
        int i = 20;
        while (i < hlen)
        {
            final int kind = p.u8(th + i);
            if (kind == 0)
            {
                return;
            }
            if (kind == 1)
            {
                i++;
                continue;
            }
            if (i + 1 >= hlen)
            {
                return;
            }
            final int len = p.u8(th + i + 1);
            if (len < 2 || i + len > hlen)
            {
                return;
            }
            if (kind == 5 && len % 8 == 2)
            {
                for (int j = i + 2; j + 4 <= i + len; j += 4)
                {
                    final int v = getU32Unaligned(p, th + j);
                    final int nv = newAck(o, v);
                    if (nv != v)
                    {
                        setU32Unaligned(p, th + j, nv);
                        // the option may start at an odd offset: fix the checksum byte-wise
                        int c = p.u16(th + 16);
                        c = adjustBytes(c, j, v, nv);
                        p.setU16(th + 16, c);
                    }
                }
            }
            i += len;
        }
    }

    private static int getU32Unaligned(final Packet p, final int off)
    {
        return p.u8(off) << 24 | p.u8(off + 1) << 16 | p.u8(off + 2) << 8 | p.u8(off + 3);
    }

    private static void setU32Unaligned(final Packet p, final int off, final int v)
    {
        p.setU8(off, v >>> 24);
        p.setU8(off + 1, v >>> 16);
        p.setU8(off + 2, v >>> 8);
        p.setU8(off + 3, v);
    }

    /** Checksum update for 4 bytes at offset {@code off} from the TCP header (checksum words are aligned to its start). */
    private static int adjustBytes(final int csum, final int off, final int oldV, final int newV)
    {
        if ((off & 1) == 0)
        {
            return Checksums.update32(csum, oldV, newV);
        }
        // odd start: the bytes fall into the second half of one word, one whole word, the first half of another
        int c = Checksums.update16(csum, oldV >>> 24, newV >>> 24);
        c = Checksums.update16(c, (oldV >>> 8) & 0xFFFF, (newV >>> 8) & 0xFFFF);
        return Checksums.update16(c, (oldV & 0xFF) << 8, (newV & 0xFF) << 8);
    }

    /**
     * Click's {@code update_seqno_delta}: from sequence number {@code trigger} on, packets of entry {@code e}'s
     * direction have {@code delta} added to their sequence numbers (and the other direction's acknowledgements
     * shifted back). Transitions must come in increasing order; returns false otherwise.
     */
    final boolean updateSeqnoDelta(final int e, final int trigger, final int delta)
    {
        final FlowStore s = store;
        s.markSeq(e >> 1);
        final int b = e * FlowStore.SEQ_SLOTS;
        int n = s.seqCount[e];
        if (n > 0)
        {
            final int last = s.seqTrigger[b + n - 1];
            if (trigger - last < 0)
            {
                return false;
            }
            if (trigger == last)
            {
                // the same transition again (a retransmission): recomputed, not accumulated
                s.seqDelta[b + n - 1] = (n >= 2 ? s.seqDelta[b + n - 2] : s.seqBase[e]) + delta;
                return true;
            }
        }
        final int newDelta = (n > 0 ? s.seqDelta[b + n - 1] : s.seqBase[e]) + delta;
        if (n == FlowStore.SEQ_SLOTS)
        {
            // forget the oldest transition: sequence numbers before the next one keep its delta
            s.seqBase[e] = s.seqDelta[b];
            System.arraycopy(s.seqTrigger, b + 1, s.seqTrigger, b, n - 1);
            System.arraycopy(s.seqDelta, b + 1, s.seqDelta, b, n - 1);
            n--;
        }
        s.seqTrigger[b + n] = trigger;
        s.seqDelta[b + n] = newDelta;
        s.seqCount[e] = (byte)(n + 1);
        return true;
    }

    /** The newest sequence-number delta of entry {@code e}. */
    final int currentSeqDelta(final int e)
    {
        final int n = store.seqCount[e];
        return n > 0 ? store.seqDelta[e * FlowStore.SEQ_SLOTS + n - 1] : store.seqBase[e];
    }

    /** Click's UDPFlow apply, after the IP part (also used for TCP packets by UDPRewriter). */
    final void applyUdpLike(final Packet p, final int f, final int dir, final int proto, final int th,
        final int tlen, final int r)
    {
        final FlowStore s = store;
        final int rp = s.ports(r);
        p.setU16(th, rp & 0xFFFF);
        p.setU16(th + 2, rp >>> 16);
        if (proto == 6)
        {
            if (tlen >= 18)
            {
                p.setU16(th + 16, Checksums.applyDelta(p.u16(th + 16), s.l4Delta(f), dir == 1));
            }
        }
        else if (proto == 17)
        {
            final int c = p.u16(th + 6);
            if (c != 0)
            {
                p.setU16(th + 6, Checksums.applyDelta(c, s.l4Delta(f), dir == 1));
            }
        }
        int st = s.state(f);
        if (dir == 1)
        {
            st |= 1;
        }
        if (st < 6)
        {
            st += 2;
        }
        s.setState(f, st);
    }

    /** The table of protocol {@code proto}, or null if this element does not map it. */
    FlowMap mapFor(final int proto)
    {
        return null;
    }

    /** The flow kind of protocol {@code proto}. */
    int kindFor(final int proto)
    {
        return KIND_UDP;
    }

    /**
     * The TCP/UDP packet path (Click's IPRewriter/TCPRewriter/UDPRewriter {@code push}): look the flow up, else
     * let the input spec map it, then rewrite, refresh the expiry and emit.
     */
    final void processTransport(final int port, final Packet in)
    {
        processTransport(port, in, null, nowMs());
    }

    /**
     * {@link #processTransport(int, Packet)} for the batch path: a packet leaving on output {@code o} is appended to
     * {@code outs[o]} instead of being pushed (when {@code outs} is null it is pushed), and {@code now} is the
     * time in ms read once for the whole batch.
     */
    final void processTransport(final int port, final Packet in, final PacketBatch[] outs, final long now)
    {
        processTransport(port, in, outs, now, NOT_LOOKED_UP);
    }

    /** {@code -Djclick.rewriter.noLookahead=true} turns the batch look-ahead off (for measuring what it gives). */
    private static final boolean NO_LOOKAHEAD = Boolean.getBoolean("jclick.rewriter.noLookahead");

    /** A look-ahead entry that says: look the flow up now. */
    private static final int NOT_LOOKED_UP = -2;

    /**
     * {@link #processTransport(int, Packet, PacketBatch[], long)} with the packet's flow entry already looked up
     * ({@code looked}: the entry, -1 for none, or {@link #NOT_LOOKED_UP}).
     */
    private void processTransport(final int port, final Packet in, final PacketBatch[] outs, final long now,
        final int looked)
    {
        final Packet p = in.uniqueify();
        if (p == null)
        {
            return;
        }
        if (!p.hasNetworkHeader())
        {
            badPacket(p);
            return;
        }
        final int ip = p.networkHeaderOffset();
        final int th = p.transportHeaderOffset();
        final int proto = p.u8(ip + 9);
        final int tlen = p.length() - th;
        final FlowMap map = mapFor(proto);
        if (map == null || (p.u16(ip + 6) & 0x1FFF) != 0 || tlen < 8)
        {
            notMapped(port, p, outs);
            return;
        }
        final int sa = p.u32(ip + 12);
        final int da = p.u32(ip + 16);
        final int sp = p.u16(th);
        final int dp = p.u16(th + 2);
        int e = looked != NOT_LOOKED_UP ? looked : map.find(sa, da, sp << 16 | dp);
        if (e < 0)
        {
            e = newFlow(port, p, outs, now, map, proto, sa, sp, da, dp);
            if (e < 0)
            {
                return;
            }
        }
        final int f = e >> 1;
        final int dir = e & 1;
        final int r = applyIp(p, f, dir, ip);
        if (store.kind(f) == KIND_TCP)
        {
            applyTcp(p, f, dir, ip, th, tlen, r);
        }
        else
        {
            applyUdpLike(p, f, dir, proto, th, tlen, r);
        }
        refresh(f, now);
        emit(store.output(e), p, outs);
    }

    /** A packet without an IP header annotation: dropped and counted in bad_packets. */
    private void badPacket(final Packet p)
    {
        badPackets++;
        p.kill();
    }

    /** A packet the tables do not cover (another protocol, a later fragment, a short header): its input spec's 'pass' output, else dropped. */
    private void notMapped(final int port, final Packet p, final PacketBatch[] outs)
    {
        final InputSpec is = inputs[port];
        if (is.kind == InputSpec.NOCHANGE)
        {
            emit(is.foutput, p, outs);
        }
        else
        {
            drops++;
            p.kill();
        }
    }

    /**
     * A packet of a flow without a mapping: its input spec maps it (a new flow, returned as its forward entry), or
     * sends it on unchanged, or drops it; -1 when the packet is already dealt with. (A method of its own: the path
     * of a packet whose flow is mapped, nearly every packet, stays short.)
     */
    private int newFlow(final int port, final Packet p, final PacketBatch[] outs, final long now, final FlowMap map,
        final int proto, final int sa, final int sp, final int da, final int dp)
    {
        final InputSpec is = inputs[port];
        scratch.set(sa, sp, da, dp);
        final int result = is.rewrite(scratch, map, p);
        int e = -1;
        if (result == RW_ADDMAP)
        {
            e = addFlow(kindFor(proto), map, sa, sp, da, dp, scratch, port, is.foutput, is.routput, now);
        }
        if (e < 0)
        {
            if (result < 0)
            {
                drops++;
            }
            emit(result, p, outs);
            return -1;
        }
        if (replyAnno >= 0)
        {
            store.setReplyAnno(e >> 1, p.annoU8(replyAnno));
        }
        return e;
    }

    /** Sends {@code p} to output {@code o}: pushed, or appended to {@code outs[o]}; killed when there is no such output. */
    private void emit(final int o, final Packet p, final PacketBatch[] outs)
    {
        if (outs == null)
        {
            checkedOutputPush(o, p);
        }
        else if (o >= 0 && o < outs.length)
        {
            outs[o].add(p);
        }
        else
        {
            p.kill();
        }
    }

    /** Per-output batches and re-entry guard of the TCP/UDP rewriters' {@code pushBatch}, made at initialization. */
    SplitOutputs splitOutputs;

    /**
     * The TCP/UDP rewriters' batch push ({@link org.jclick.dataplane.element.SplitAction}): every packet is
     * rewritten and sorted by output, the clock is read once, and each output gets one batch.
     */
    final void transportSplit(final int port, final PacketBatch batch, final PacketBatch[] outs)
    {
        final long now = nowMs();
        final int n = batch.size();
        final int[] looked = lookAhead;
        final FlowStore s = store;
        final int generation = s.generation;
        final int destroyGeneration = s.destroyGeneration;
        if (NO_LOOKAHEAD)
        {
            for (int i = 0; i < n; i++)
            {
                processTransport(port, batch.get(i), outs, now, NOT_LOOKED_UP);
            }
            batch.clear();
            return;
        }
        lookUpAll(batch, n, looked);
        for (int i = 0; i < n; i++)
        {
            int e = looked[i];
            if (s.generation != generation && (e == -1 || s.destroyGeneration != destroyGeneration))
            {
                // a flow was made (this packet's may exist now) or destroyed (this entry may be another's) since
                e = NOT_LOOKED_UP;
            }
            processTransport(port, batch.get(i), outs, now, e);
        }
        batch.clear();
    }

    /** Per packet of a batch: its entry found by {@link #lookUpAll}, -1 for none, or {@link #NOT_LOOKED_UP}. */
    private final int[] lookAhead = new int[PacketBatch.MAX_CAPACITY];

    /**
     * Looks up the flow of every packet of the batch before any is processed (which loads each found flow's record).
     * The loads of different packets do not depend on each other, so the processor overlaps their cache misses
     * (table slot, then record) across the batch; packet by packet, each packet waited for its own two misses
     * in turn. Packets the rewriter would not look up (no network header, a fragment, short, a protocol without
     * a table) get {@link #NOT_LOOKED_UP} and go the usual way.
     */
    private void lookUpAll(final PacketBatch batch, final int n, final int[] looked)
    {
        for (int i = 0; i < n; i++)
        {
            final Packet p = batch.get(i);
            int e = NOT_LOOKED_UP;
            if (p.hasNetworkHeader())
            {
                final int ip = p.networkHeaderOffset();
                final int th = p.transportHeaderOffset();
                final FlowMap map = mapFor(p.u8(ip + 9));
                if (map != null && (p.u16(ip + 6) & 0x1FFF) == 0 && p.length() - th >= 8)
                {
                    // the find reads the found entry's record (its key): that load is the look-ahead
                    e = map.find(p.u32(ip + 12), p.u32(ip + 16), p.u32(th));
                }
            }
            looked[i] = e;
        }
    }

    /** Makes the per-output batches of the batch path (initialization). */
    final void makeSplitBatches()
    {
        splitOutputs = new SplitOutputs(noutputs());
    }

    /**
     * Click's {@code get_entry}: the entry of flow {@code (sa, sp, da, dp)} of protocol {@code proto}, or a new
     * mapping made by input spec {@code input}'s rule (not on the packet path: FTPPortMapper and friends). -1 if
     * there is none.
     */
    public final int getEntry(final int proto, final int sa, final int sp, final int da, final int dp, final int input)
    {
        final FlowMap map = mapFor(proto);
        if (map == null)
        {
            return -1;
        }
        int e = map.find(sa, da, sp << 16 | dp);
        if (e < 0 && input >= 0 && input < inputs.length)
        {
            final InputSpec is = inputs[input];
            final FlowId id = new FlowId().set(sa, sp, da, dp);
            if (is.rewrite(id, map, null) == RW_ADDMAP)
            {
                e = addFlow(kindFor(proto), map, sa, sp, da, dp, id, input, is.foutput, is.routput, nowMs());
            }
        }
        return e;
    }

    /** The identity packets of entry {@code e} leave with: {@code {saddr, sport, daddr, dport}}. */
    public final int[] rewrittenIdentity(final int e)
    {
        final int r = e ^ 1;
        return new int[] {store.daddr(r), store.ports(r) & 0xFFFF, store.saddr(r), store.ports(r) >>> 16};
    }

    // ------------------------------------------------------------------------------------------ handlers

    /** One table line per entry of {@code map}, as Click prints them. */
    final String table(final FlowMap map)
    {
        final StringBuilder sb = new StringBuilder();
        if (map == null)
        {
            return "";
        }
        final long now = nowMs();
        for (int i = 0, n = map.slotCount(); i < n; i++)
        {
            final int e = map.slot(i);
            if (e >= 0)
            {
                unparseEntry(sb, e, now);
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    final void unparseEntry(final StringBuilder sb, final int e, final long now)
    {
        final FlowStore s = store;
        final int f = e >> 1;
        final int dir = e & 1;
        final int r = e ^ 1;
        FlowId.unparse(sb, s.saddr(e), s.ports(e) >>> 16, s.daddr(e), s.ports(e) & 0xFFFF);
        sb.append(" => ");
        FlowId.unparse(sb, s.daddr(r), s.ports(r) & 0xFFFF, s.saddr(r), s.ports(r) >>> 16);
        final int sd = currentSeqDelta(e);
        if (s.kind(f) == KIND_TCP && sd != 0)
        {
            sb.append(" seq ").append(sd > 0 ? "+" : "").append(sd);
        }
        sb.append(" [");
        if (dir == 0)
        {
            sb.append('*');
        }
        sb.append(s.output(2 * f)).append(' ');
        if (dir == 1)
        {
            sb.append('*');
        }
        sb.append(s.output(2 * f + 1)).append("] i");
        sb.append(s.ownerInput[f] >= 0 ? Integer.toString(s.ownerInput[f]) : "static");
        final long exp = s.guaranteed(f) != 0 ? bestEffortExpiry(f) : s.expiry(f);
        sb.append(" exp").append((exp + 500 - now) / 1000);
    }

    /** The rewritten identity of the entry for {@code (sa, sp, da, dp)} in {@code map}, as "sa sp da dp", or "". */
    final String lookup(final FlowMap map, final String param, final ErrorHandler errh)
    {
        final String[] w = param.trim().split("\\s+");
        if (w.length != 4)
        {
            errh.error("expected 'SADDR SPORT DADDR DPORT'");
            return null;
        }
        final int sa;
        final int da;
        final Integer sp = parseInt(w[1]);
        final Integer dp = parseInt(w[3]);
        try
        {
            sa = IPAddressArg.INSTANCE.parse(w[0], argContext());
            da = IPAddressArg.INSTANCE.parse(w[2], argContext());
        }
        catch (final RuntimeException e)
        {
            errh.error("bad address");
            return null;
        }
        if (sp == null || dp == null || sp < 0 || sp > 65535 || dp < 0 || dp > 65535)
        {
            errh.error("bad port");
            return null;
        }
        if (map == null)
        {
            return "";
        }
        final int e = map.find(sa, da, sp << 16 | dp);
        if (e < 0)
        {
            return "";
        }
        final int r = e ^ 1;
        return IPAddressArg.unparse(store.daddr(r)) + " " + (store.ports(r) & 0xFFFF) + " "
            + IPAddressArg.unparse(store.saddr(r)) + " " + (store.ports(r) >>> 16);
    }

    final int tableSize()
    {
        int n = staticCount;
        for (final InputSpec is : inputs)
        {
            n += is.count;
        }
        return n;
    }

    final long mappingFailures()
    {
        long n = 0;
        for (final InputSpec is : inputs)
        {
            n += is.failures & 0xFFFFFFFFL;
        }
        return n;
    }

    /** Click's common rewriter handlers, plus {@code load_mappings}. */
    void addRewriterHandlers(final boolean writablePatterns)
    {
        addReadHandler("table_size", () -> Integer.toString(tableSize()));
        addReadHandler("nmappings", () -> Integer.toString(tableSize()), Handler.DEPRECATED);
        addReadHandler("mapping_failures", () -> Long.toString(mappingFailures()));
        addReadHandler("bad_packets", () -> Long.toString(badPackets));
        addReadHandler("drops", () -> Long.toString(drops));
        addReadHandler("patterns", () ->
        {
            final StringBuilder sb = new StringBuilder();
            for (final InputSpec is : inputs)
            {
                sb.append(is.unparse()).append('\n');
            }
            return sb.toString();
        });
        addReadHandler("size", () -> Integer.toString(store.size()));
        addReadHandler("capacity", () -> Integer.toString(store.capacity));
        addWriteHandler("capacity", (v, errh) ->
        {
            final Integer n = parseInt(v.trim());
            if (n == null || n < 0)
            {
                return errh.error("CAPACITY: expected integer");
            }
            store.capacity = n;
            store.shrink(false, nowMs());
            return 0;
        });
        addWriteHandler("clear", (v, errh) ->
        {
            store.shrink(true, nowMs());
            return 0;
        }, Handler.BUTTON);
        for (int i = 0; i < ninputs(); i++)
        {
            final int which = i;
            addReadHandler("pattern" + i, () -> inputs[which].unparse() + "\n");
            if (writablePatterns)
            {
                addWriteHandler("pattern" + i, (v, errh) -> writePattern(which, v, errh));
            }
        }
        addWriteHandler("load_mappings", this::loadMappings);
    }

    private int writePattern(final int which, final String text, final ErrorHandler errh)
    {
        final InputSpec is = new InputSpec();
        if (parseInputSpec(text, is, which, errh) < 0)
        {
            return 0;
        }
        final FlowStore s = store;
        for (int h = 0; h < 2; h++)
        {
            for (int i = s.heapSize[h] - 1; i >= 0; i--)
            {
                if (i >= s.heapSize[h])
                {
                    continue;
                }
                final int f = s.heaps[h][i];
                if (s.owner[f] == this && s.ownerInput[f] == which)
                {
                    s.destroy(f);
                    if (i < s.heapSize[h])
                    {
                        i++;
                    }
                }
            }
        }
        inputs[which] = is;
        return 0;
    }

    /**
     * Bulk loading of static mappings, one per line:
     * {@code PROTO SADDR SPORT DADDR DPORT => SADDR' SPORT' DADDR' DPORT' [FOUT ROUT]} (PROTO {@code tcp} or
     * {@code udp}; ports 0 for the address rewriters; default outputs 0 and 1, or 0 0 with one output). Static
     * mappings belong to no input, never expire, and count in {@code table_size}.
     */
    int loadMappings(final String text, final ErrorHandler errh)
    {
        int lineNo = 0;
        int loaded = 0;
        final long now = nowMs();
        for (final String raw : text.split("\n"))
        {
            lineNo++;
            final String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("//"))
            {
                continue;
            }
            final String[] w = line.replace("=>", " => ").trim().split("\\s+");
            if (w.length != 10 && w.length != 12 || !w[5].equals("=>"))
            {
                return errh.error("line " + lineNo + ": expected 'PROTO SADDR SPORT DADDR DPORT => SADDR SPORT DADDR DPORT [FOUT ROUT]'");
            }
            final int proto;
            switch (w[0].toLowerCase(java.util.Locale.ROOT))
            {
                case "tcp", "t", "6" -> proto = 6;
                case "udp", "u", "17" -> proto = 17;
                default ->
                {
                    return errh.error("line " + lineNo + ": bad protocol '" + w[0] + "'");
                }
            }
            final int[] v = new int[8];
            try
            {
                final String[] f = {w[1], w[2], w[3], w[4], w[6], w[7], w[8], w[9]};
                for (int i = 0; i < 8; i++)
                {
                    if (i % 2 == 0)
                    {
                        v[i] = IPAddressArg.INSTANCE.parse(f[i], argContext());
                    }
                    else
                    {
                        final Integer port = parseInt(f[i]);
                        if (port == null || port < 0 || port > 65535)
                        {
                            throw new IllegalArgumentException();
                        }
                        v[i] = port;
                    }
                }
            }
            catch (final RuntimeException e)
            {
                return errh.error("line " + lineNo + ": bad address or port");
            }
            int fout = 0;
            int rout = noutputs() > 1 ? 1 : 0;
            if (w.length == 12)
            {
                final Integer a = parseInt(w[10]);
                final Integer b = parseInt(w[11]);
                if (a == null || b == null || a < 0 || b < 0 || a >= noutputs() || b >= noutputs())
                {
                    return errh.error("line " + lineNo + ": output port out of range");
                }
                fout = a;
                rout = b;
            }
            final FlowMap map = staticMapFor(proto);
            if (map == null)
            {
                return errh.error("line " + lineNo + ": this element does not rewrite protocol " + w[0]);
            }
            final int old = map.find(v[0], v[2], v[1] << 16 | v[3]);
            if (old >= 0)
            {
                store.destroy(old >> 1);
            }
            scratch.set(v[4], v[5], v[6], v[7]);
            final int e = addFlow(staticKindFor(proto), map, v[0], v[1], v[2], v[3], scratch, -1, fout, rout, now);
            if (e < 0)
            {
                return errh.error("line " + lineNo + ": table full");
            }
            store.changeExpiry(e >> 1, true, Long.MAX_VALUE / 4);
            loaded++;
        }
        return 0;
    }

    /** The table static mappings of {@code proto} go to (null if unsupported). */
    FlowMap staticMapFor(final int proto)
    {
        return null;
    }

    int staticKindFor(final int proto)
    {
        return proto == 6 ? KIND_TCP : KIND_UDP;
    }

    // ------------------------------------------------------------------------------------------ keyword helpers

    final void readTcpKeywords(final Args a)
    {
        a.read("TCP_NODATA_TIMEOUT", ms(), v -> tcpNodata = v)
            .read("TCP_GUARANTEE", ms(), v -> tcpGuarantee = v)
            .read("TIMEOUT", ms(), v -> tcpData = v)
            .read("TCP_TIMEOUT", ms(), v -> tcpData = v)
            .read("TCP_DONE_TIMEOUT", ms(), v -> tcpDone = v);
        readAnnoKeywords(a);
    }

    final void readAnnoKeywords(final Args a)
    {
        a.read("DST_ANNO", BoolArg.INSTANCE, v -> dstAnno = v)
            .read("REPLY_ANNO", AnnoArg.of(1), v -> replyAnno = v);
    }
}
