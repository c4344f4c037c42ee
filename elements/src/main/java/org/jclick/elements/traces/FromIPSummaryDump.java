package org.jclick.elements.traces;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jclick.dataplane.args.Args;
import org.jclick.dataplane.args.BoolArg;
import org.jclick.dataplane.args.DoubleArg;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.args.StringArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.Handler;
import org.jclick.dataplane.packet.AnnotationDescriptor;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketAllocator;
import org.jclick.dataplane.runtime.HandlerCall;
import org.jclick.dataplane.runtime.Notifier;
import org.jclick.dataplane.runtime.Task;
import org.jclick.dataplane.runtime.Timer;
import org.jclick.dataplane.trace.IpSummaryDump;
import org.jclick.dataplane.trace.IpSummaryDump.Field;
import org.jclick.dataplane.trace.IpSummaryDump.LineKind;
import org.jclick.dataplane.trace.IpSummaryDump.Record;

/** Click's FromIPSummaryDump. */
@ElementDoc(
    synopsis = "FromIPSummaryDump([FILENAME] [, KEYWORDS])",
    category = "traces",
    ports = "no inputs, one agnostic output",
    description = """
        Reads an IP summary dump (Click's text trace format, as ToIPSummaryDump writes it) and emits one IPv4
        packet per line, built from the line's fields: an IP header, a TCP (20 bytes plus options), UDP (8) or
        ICMP (8) header for first fragments, and the payload if the 'payload' field is given. Unset header
        fields are zero. The IP length comes from 'payload', else 'ip_len', else 'payload_len', else the headers;
        the bytes not present are recorded in the extra length annotation. Timestamp, paint (link, direction),
        aggregate, first timestamp and extra packets (count) annotations are set from their fields. '!data' (or
        '!contents'), '!proto', '!flowid' and '!aggregate' lines are obeyed. FILENAME '-' reads standard input.""",
    keywords = {
        "DATA: string. The dump's text, instead of a FILENAME.",
        "STOP: boolean. Stop the driver at the end of the file. Default false.",
        "ACTIVE: boolean. Whether to emit packets. Default true.",
        "ZERO: boolean. Zero the packet data not set by the dump (always done). Default true.",
        "CHECKSUM: boolean. Set correct IP and transport checksums. Default false.",
        "PROTO: protocol. The default IP protocol (T, U, I, or a number). Default TCP.",
        "TIMING: boolean. Emit packets at their timestamps relative to the first. Default false.",
        "SAMPLE: real number between 0 and 1. Emit each packet with this probability. Default 1.",
        "CONTENTS, FIELDS: space-separated field names, for files without '!data'.",
        "DEFAULT_CONTENTS, DEFAULT_FIELDS: the same, overridden by the file's '!data'.",
        "MULTIPACKET: boolean. Emit 'count' packets for a line with a count field. Default false.",
        "BURST: integer. Packets per task run. Default 1.",
        "END_CALL: handler call. Called at the end of the file."},
    handlers = {
        "count (read): packets emitted",
        "reset_counts (write): resets count",
        "active (read/write): whether packets are emitted",
        "encap (read): always IP",
        "filename, filesize, filepos (read): the file, its size, bytes read so far",
        "sampling_prob (read): the sampling probability",
        "stop (write): ends the trace now and asks the driver to stop"},
    example = "FromIPSummaryDump(trace.ipsd, STOP true) -> ToIPSummaryDump(-, FIELDS src dst);",
    seeAlso = {"ToIPSummaryDump", "FromDump"})
public final class FromIPSummaryDump extends Element
{
    private static final int SAMPLING_SHIFT = 28;

    private final Task task = new Task(this);
    private final Timer timer = new Timer(this);
    private final Notifier notifier = new Notifier();

    private String filename = "";
    private String data;
    private boolean stop;
    private boolean active = true;
    private boolean checksum;
    private boolean timing;
    private boolean multipacket;
    private int burst = 1;
    private int samplingProb = 1 << SAMPLING_SHIFT;
    private int defaultProto = -1;
    private String contents;
    private boolean contentsOverride;
    private HandlerCall endCall;

    private IpSummaryDump.Parser parser;
    private InputStream in;
    private PacketAllocator allocator;
    private byte[] inBuf = new byte[1 << 16];
    private int inPos;
    private int inLen;
    private boolean inEof;
    private byte[] line = new byte[4096];
    private long fileOffset;
    private long filesize = -1;
    private boolean finished;
    private long count;
    private Packet held;
    private Packet work;
    private int workRemaining;
    private boolean haveTimingOffset;
    private long timingOffset;
    private long random = 0x2545F4914F6CDD1DL;
    private final byte[] tcpOpt = new byte[40];
    private int tcpOptLength;
    private final byte[] ipOpt = new byte[40];
    private int ipOptLength;

    @Override
    public String portCount()
    {
        return PORTS_0_1;
    }

    @Override
    public Object cast(final String name)
    {
        return Notifier.EMPTY_NOTIFIER.equals(name) ? notifier : null;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final Args.Value<String> c1 = new Args.Value<>();
        final Args.Value<String> c2 = new Args.Value<>();
        final Args.Value<String> d1 = new Args.Value<>();
        final Args.Value<String> d2 = new Args.Value<>();
        final Args.Value<String> proto = new Args.Value<>();
        final Args.Value<Double> sample = new Args.Value<>();
        final Args.Value<String> end = new Args.Value<>();
        if (complete(args(conf)
            .readPositional("FILENAME", StringArg.STRING, v -> filename = v)
            .read("DATA", StringArg.STRING, v -> data = v)
            .read("STOP", BoolArg.INSTANCE, v -> stop = v)
            .read("ACTIVE", BoolArg.INSTANCE, v -> active = v)
            .read("ZERO", BoolArg.INSTANCE, v -> { })
            .read("CHECKSUM", BoolArg.INSTANCE, v -> checksum = v)
            .read("TIMING", BoolArg.INSTANCE, v -> timing = v)
            .read("SAMPLE", DoubleArg.INSTANCE, sample)
            .read("PROTO", StringArg.WORD, proto)
            .read("CONTENTS", StringArg.ANY, c1)
            .read("FIELDS", StringArg.ANY, c2)
            .read("DEFAULT_CONTENTS", StringArg.ANY, d1)
            .read("DEFAULT_FIELDS", StringArg.ANY, d2)
            .read("MULTIPACKET", BoolArg.INSTANCE, v -> multipacket = v)
            .read("BURST", IntArg.int32(), v -> burst = v)
            .read("END_CALL", StringArg.ANY, end), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        if (filename.isEmpty() == (data == null))
        {
            return errh.error("supply exactly one of FILENAME and DATA");
        }
        if (sample.isPresent())
        {
            final double s = sample.get();
            if (!(s >= 0 && s <= 1))
            {
                return errh.error("SAMPLE must be between 0 and 1");
            }
            samplingProb = (int)Math.round(s * (1 << SAMPLING_SHIFT));
        }
        if (burst < 1)
        {
            return errh.error("BURST must be >= 1");
        }
        if (proto.isPresent())
        {
            defaultProto = switch (proto.get())
            {
                case "T", "tcp", "TCP" -> 6;
                case "U", "udp", "UDP" -> 17;
                case "I", "icmp", "ICMP" -> 1;
                default -> (int)IpSummaryDump.parseNumber(proto.get(), 255);
            };
            if (defaultProto < 0)
            {
                return errh.error("PROTO: bad protocol '" + proto.get() + "'");
            }
        }
        if (c1.isPresent() || c2.isPresent())
        {
            contents = unquoteWords(c1.isPresent() ? c1.get() : c2.get());
            contentsOverride = true;
        }
        else if (d1.isPresent() || d2.isPresent())
        {
            contents = unquoteWords(d1.isPresent() ? d1.get() : d2.get());
        }
        if (contents != null)
        {
            for (final String w : contents.trim().split("\\s+"))
            {
                if (IpSummaryDump.field(w) == null)
                {
                    return errh.error("unknown field '" + w + "'");
                }
            }
        }
        endCall = end.isPresent() ? HandlerCall.parseWrite(end.get()) : null;
        return 0;
    }

    static String unquoteWords(final String s)
    {
        return org.jclick.lang.ConfigStrings.unquote(s.trim());
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        if (endCall != null && endCall.resolve(this, errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        try
        {
            if (data != null)
            {
                in = new java.io.ByteArrayInputStream(data.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                filesize = data.length();
            }
            else if (filename.equals("-"))
            {
                in = System.in;
            }
            else
            {
                final Path p = Path.of(filename);
                in = Files.newInputStream(p);
                filesize = Files.size(p);
            }
        }
        catch (final IOException | RuntimeException e)
        {
            return errh.error(filename + ": " + e.getMessage());
        }
        parser = new IpSummaryDump.Parser(data != null ? "DATA" : filename, this::warn);
        if (contents != null)
        {
            parser.defaultFields(contents);
        }
        allocator = router().allocatorFor(this);
        timer.initialize();
        if (output(0).isPush())
        {
            task.initialize(active);
        }
        notifier.setActive(active, false);
        return 0;
    }

    private void warn(final String message)
    {
        ErrorHandler.stderr().warning(name() + " :: FromIPSummaryDump: " + message);
    }

    // ------------------------------------------------------------------------------------------ lines

    /** Reads the next line into {@link #line}; returns its length, or -1 at the end of the file. */
    private int readLine()
    {
        int n = 0;
        while (true)
        {
            if (inPos == inLen)
            {
                if (inEof || !fill())
                {
                    return n == 0 ? -1 : n;
                }
            }
            final byte c = inBuf[inPos++];
            fileOffset++;
            if (c == '\n')
            {
                return n;
            }
            if (n == line.length)
            {
                line = java.util.Arrays.copyOf(line, 2 * n); // grows to the longest line, then stays
            }
            line[n++] = c;
        }
    }

    private boolean fill()
    {
        try
        {
            final int r = in.read(inBuf, 0, inBuf.length);
            if (r <= 0)
            {
                inEof = true;
                return false;
            }
            inPos = 0;
            inLen = r;
            return true;
        }
        catch (final IOException e)
        {
            inEof = true;
            warn(filename + ": " + e.getMessage());
            return false;
        }
    }

    // ------------------------------------------------------------------------------------------ packets

    private Packet readPacket()
    {
        while (!finished)
        {
            final long lineOffset = fileOffset;
            final int n = readLine();
            if (n < 0)
            {
                finish();
                return null;
            }
            if (contentsOverride && n > 0 && line[0] == '!' && isData(n))
            {
                continue;
            }
            if (parser.line(line, 0, n, lineOffset) != LineKind.PACKET)
            {
                continue;
            }
            final Packet p = build(parser.record());
            if (p != null)
            {
                return p;
            }
        }
        return null;
    }

    private boolean isData(final int n)
    {
        return startsWith(n, "!data") || startsWith(n, "!contents");
    }

    private boolean startsWith(final int n, final String w)
    {
        if (n <= w.length())
        {
            return false;
        }
        for (int i = 0; i < w.length(); i++)
        {
            if (line[i] != w.charAt(i))
            {
                return false;
            }
        }
        return line[w.length()] == ' ' || line[w.length()] == '\t';
    }

    private static boolean firstFrag(final int ipOff)
    {
        return (ipOff & IpSummaryDump.IP_OFFMASK) == 0;
    }

    /** Builds the packet of one record (no allocation beyond the pooled packet). */
    private Packet build(final Record r)
    {
        int proto = defaultProto >= 0 ? defaultProto : parser.defaultProto();
        int ipOff = 0;
        int payloadIndex = -1;
        long ipLen = -1;
        long payloadLen = -1;
        long ipHlField = -1;
        long tcpOffField = -1;
        boolean haveIp = false;
        boolean haveTcpHl = false;
        boolean haveIpHl = false;
        tcpOptLength = -1;
        ipOptLength = 0;
        final int n = r.size();
        for (int i = 0; i < n; i++)
        {
            final Field f = r.field(i);
            if (f == null || !r.present(i))
            {
                continue;
            }
            switch (f)
            {
                case IP_PROTO -> proto = (int)r.value(i);
                case IP_FRAG, IP_FRAGOFF -> ipOff = (int)r.value(i);
                case PAYLOAD -> payloadIndex = i;
                case IP_LEN -> ipLen = r.value(i);
                case PAYLOAD_LEN -> payloadLen = r.value(i);
                case IP_HL -> ipHlField = (r.value(i) + 3) & ~3L;
                case TCP_OFF -> tcpOffField = (r.value(i) + 3) & ~3L;
                case TCP_OPT, TCP_NTOPT, TCP_SACK ->
                {
                    tcpOptLength = TcpOptions.parse(r.bytes(i), r.bytesLength(i),
                        tcpOpt, tcpOptLength < 0 ? 0 : tcpOptLength, f == Field.TCP_SACK);
                    haveTcpHl = true;
                }
                case IP_OPT ->
                {
                    ipOptLength = TcpOptions.parseIp(r.bytes(i), r.bytesLength(i), ipOpt);
                    haveIpHl = true;
                }
                default ->
                {
                }
            }
            haveIp |= isIpField(f);
        }
        if (tcpOptLength < 0)
        {
            tcpOptLength = 0;
        }
        // Click's ip_hl and tcp_off fields: a larger header is padded with zero (EOL) bytes, and the length field
        // takes the given value even when it is smaller than the header built
        final int baseHl = 20 + ((ipOptLength + 3) & ~3);
        int hl = (int)Math.min(60, Math.max(baseHl, ipHlField));
        final boolean hlGiven = ipHlField >= 0 && (ipHlField >= baseHl || ipOptLength == 0);
        final boolean first = firstFrag(ipOff);
        int fullTh;
        if (!first)
        {
            fullTh = 0;
        }
        else if (proto == 6)
        {
            fullTh = (int)Math.min(60, Math.max(20 + ((tcpOptLength + 3) & ~3), tcpOffField));
        }
        else if (proto == 17 || proto == 1)
        {
            fullTh = 8;
        }
        else
        {
            fullTh = 0;
        }
        final int payloadBytes = payloadIndex >= 0 ? r.bytesLength(payloadIndex) : 0;
        // Click's account_payload_len: an IP length longer than headers plus payload is explained first by
        // padding the TCP header, then the IP header, with end-of-option bytes (up to 40 each, in 4-byte
        // steps), unless tcp_opt/tcp_off or ip_opt/ip_hl fixed those headers. 'payload' is accounted for, then
        // 'payload_len'.
        haveTcpHl |= tcpOffField >= 0;
        haveIpHl |= ipHlField >= 0;
        long wantLen = ipLen;
        for (int step = 0; step < 2; step++)
        {
            final long plen = step == 0 ? (payloadIndex >= 0 && payloadBytes > 0 ? payloadBytes : -1) : payloadLen;
            if (plen < 0)
            {
                continue;
            }
            final int off = hl + fullTh;
            if (wantLen < 0)
            {
                wantLen = off + plen;
                continue;
            }
            long delta = wantLen - (off + plen);
            if (delta > 0 && first && proto == 6 && !haveTcpHl && fullTh == 20)
            {
                final int grow = (int)Math.min(delta & ~3L, 60 - 20);
                fullTh += grow;
                delta -= grow;
            }
            if (delta > 0 && !haveIpHl && hl == 20)
            {
                final int grow = (int)Math.min(delta & ~3L, 60 - 20);
                hl += grow;
            }
        }
        final int hlNibble = hlGiven ? (int)(ipHlField >> 2) & 15 : hl >> 2;
        // Click's PacketOdesc::hard_make_transp: an ip_len shorter than the headers cuts the transport header
        // (ip_len 20 gives a bare 20-byte IP header); fields written past the end land in the tailroom
        final int th = payloadIndex < 0 && ipLen >= 0 && ipLen < hl + fullTh ? (int)Math.max(0, ipLen - hl) : fullTh;
        final int length = hl + th + payloadBytes;
        final Packet p = allocator.make(length);
        if (p == null)
        {
            return null;
        }
        final int headers = hl + fullTh;
        for (int i = 0; i + 8 <= headers; i += 8)
        {
            p.setU64(i, 0);
        }
        for (int i = headers & ~7; i < headers; i++)
        {
            p.setU8(i, 0);
        }
        p.clearAnnotations();
        p.setU8(0, 0x40 | hlNibble);
        p.setU8(8, 100); // Click's default TTL for made-up packets (ip_ttl overrides it)
        p.setU8(9, proto);
        p.setU16(6, ipOff);
        if (ipOptLength > 0)
        {
            p.copyFrom(20, ipOpt, 0, ipOptLength);
        }
        if (proto == 6 && first && th >= 13)
        {
            final int thNibble = tcpOffField >= 0 && (tcpOffField >= fullTh || tcpOptLength == 0)
                ? (int)(tcpOffField >> 2) & 15 : fullTh >> 2;
            p.setU8(hl + 12, thNibble << 4);
            if (tcpOptLength > 0)
            {
                p.copyFrom(hl + 20, tcpOpt, 0, tcpOptLength);
            }
        }
        if (payloadIndex >= 0)
        {
            p.copyFrom(hl + th, r.bytes(payloadIndex), 0, payloadBytes);
        }
        p.setNetworkHeader(0, hl);
        long tsSec = -1;
        long tsUsec = -1;
        for (int i = 0; i < n; i++)
        {
            final Field f = r.field(i);
            if (f == null || !r.present(i))
            {
                continue;
            }
            final long v = r.value(i);
            switch (f)
            {
                case TIMESTAMP, NTIMESTAMP -> p.setTimestampNs(v);
                case TS_SEC -> tsSec = v;
                case TS_USEC -> tsUsec = v;
                case FIRST_TIMESTAMP, FIRST_NTIMESTAMP ->
                    p.setAnnoU64(AnnotationDescriptor.FIRST_TIMESTAMP_ANNO_OFFSET, v);
                case COUNT ->
                {
                    if (v > 0)
                    {
                        p.setAnnoU32(AnnotationDescriptor.EXTRA_PACKETS_ANNO_OFFSET, (int)(v - 1));
                    }
                }
                case LINK, PAINT, DIRECTION -> p.setPaintAnno((int)v);
                case AGGREGATE -> p.setAggregateAnno((int)v);
                case IP_SRC -> p.setU32(12, (int)v);
                case IP_DST -> p.setU32(16, (int)v);
                case IP_TOS -> p.setU8(1, (int)v);
                case IP_DSCP -> p.setU8(1, (p.u8(1) & 3) | ((int)v << 2));
                case IP_ECN -> p.setU8(1, (p.u8(1) & ~3) | ((int)v & 3));
                case IP_TTL -> p.setU8(8, (int)v);
                case IP_ID -> p.setU16(4, (int)v);
                case IP_SUM -> p.setU16(10, (int)v);
                case SPORT -> setTransport16(p, proto, first, hl, 0, v);
                case DPORT -> setTransport16(p, proto, first, hl, 2, v);
                case TCP_SEQ -> setTcp32(p, proto, first, hl, 4, v);
                case TCP_ACK -> setTcp32(p, proto, first, hl, 8, v);
                case TCP_FLAGS ->
                {
                    if (proto == 6 && first)
                    {
                        p.setU8(hl + 13, (int)v & 0xFF);
                        if ((v & 0x100) != 0)
                        {
                            p.setU8(hl + 12, p.u8(hl + 12) | 1);
                        }
                    }
                }
                case TCP_WINDOW -> setTcp16(p, proto, first, hl, 14, v);
                case TCP_URP -> setTcp16(p, proto, first, hl, 18, v);
                case ICMP_TYPE, ICMP_TYPE_NAME -> setIcmp8(p, proto, first, hl, 0, v);
                case ICMP_CODE, ICMP_CODE_NAME -> setIcmp8(p, proto, first, hl, 1, v);
                case ICMP_FLOWID -> setIcmp16(p, proto, first, hl, 4, v);
                case ICMP_SEQ -> setIcmp16(p, proto, first, hl, 6, v);
                case ICMP_NEXTMTU -> setIcmp16(p, proto, first, hl, 6, v);
                default ->
                {
                }
            }
        }
        if (tsSec >= 0 || tsUsec >= 0)
        {
            p.setTimestampNs(Math.max(tsSec, 0) * 1_000_000_000L + Math.max(tsUsec, 0) * 1000L);
        }
        if (parser.hasAggregate() && r.indexOf(Field.AGGREGATE) < 0)
        {
            p.setAggregateAnno((int)parser.aggregate());
        }
        // the IP length: 'ip_len' if given, else what 'payload' or 'payload_len' implies, else the headers
        final long total = wantLen >= 0 ? wantLen : length;
        p.setU16(2, (int)Math.min(total, 0xFFFF));
        if (total > length)
        {
            p.setAnnoU32(AnnotationDescriptor.EXTRA_LENGTH_ANNO_OFFSET, (int)(total - length));
        }
        if (parser.hasFlowid())
        {
            final boolean rev = p.paintAnno() != 0;
            final int src = rev ? parser.flowidDst() : parser.flowidSrc();
            final int dst = rev ? parser.flowidSrc() : parser.flowidDst();
            final int sport = rev ? parser.flowidDport() : parser.flowidSport();
            final int dport = rev ? parser.flowidSport() : parser.flowidDport();
            if (src != 0 && r.indexOf(Field.IP_SRC) < 0)
            {
                p.setU32(12, src);
            }
            if (dst != 0 && r.indexOf(Field.IP_DST) < 0)
            {
                p.setU32(16, dst);
            }
            if (sport != 0 && r.indexOf(Field.SPORT) < 0)
            {
                setTransport16(p, proto, first, hl, 0, sport);
            }
            if (dport != 0 && r.indexOf(Field.DPORT) < 0)
            {
                setTransport16(p, proto, first, hl, 2, dport);
            }
            haveIp = true;
        }
        if (checksum)
        {
            setChecksums(p, proto, first, hl, length, total);
        }
        if (!haveIp)
        {
            p.clearNetworkHeader();
        }
        else
        {
            p.setDstIpAnno(p.u32(16)); // as Click: routing elements (ARPQuerier...) can use the packets directly
        }
        return p;
    }

    private static boolean isIpField(final Field f)
    {
        return switch (f)
        {
            case TIMESTAMP, NTIMESTAMP, TS_SEC, TS_USEC, TS_USEC1, FIRST_TIMESTAMP, FIRST_NTIMESTAMP, COUNT, LINK,
                PAINT, DIRECTION, AGGREGATE, WIRE_LEN, NONE -> false;
            default -> true;
        };
    }

    private static void setTransport16(
        final Packet p, final int proto, final boolean first, final int hl, final int off, final long v)
    {
        if (first && (proto == 6 || proto == 17))
        {
            p.setU16(hl + off, (int)v);
        }
    }

    private static void setTcp16(
        final Packet p, final int proto, final boolean first, final int hl, final int off, final long v)
    {
        if (first && proto == 6)
        {
            p.setU16(hl + off, (int)v);
        }
    }

    private static void setTcp32(
        final Packet p, final int proto, final boolean first, final int hl, final int off, final long v)
    {
        if (first && proto == 6)
        {
            p.setU32(hl + off, (int)v);
        }
    }

    private static void setIcmp8(
        final Packet p, final int proto, final boolean first, final int hl, final int off, final long v)
    {
        if (first && proto == 1)
        {
            p.setU8(hl + off, (int)v);
        }
    }

    private static void setIcmp16(
        final Packet p, final int proto, final boolean first, final int hl, final int off, final long v)
    {
        if (first && proto == 1)
        {
            p.setU16(hl + off, (int)v);
        }
    }

    private static void setChecksums(
        final Packet p, final int proto, final boolean first, final int hl, final int length, final long total)
    {
        p.setU16(10, 0);
        p.setU16(10, ~sum(p, 0, hl, 0) & 0xFFFF);
        if (!first || total != length)
        {
            return;
        }
        final int tlen = length - hl;
        if (proto == 6 && tlen >= 20)
        {
            p.setU16(hl + 16, 0);
            p.setU16(hl + 16, ~sum(p, hl, tlen, pseudo(p, proto, tlen)) & 0xFFFF);
        }
        else if (proto == 17 && tlen >= 8)
        {
            p.setU16(hl + 4, tlen);
            p.setU16(hl + 6, 0);
            int c = ~sum(p, hl, tlen, pseudo(p, proto, tlen)) & 0xFFFF;
            p.setU16(hl + 6, c == 0 ? 0xFFFF : c);
        }
        else if (proto == 1 && tlen >= 8)
        {
            p.setU16(hl + 2, 0);
            p.setU16(hl + 2, ~sum(p, hl, tlen, 0) & 0xFFFF);
        }
    }

    private static int pseudo(final Packet p, final int proto, final int tlen)
    {
        return p.u16(12) + p.u16(14) + p.u16(16) + p.u16(18) + proto + tlen;
    }

    /** One's-complement sum of {@code len} bytes at {@code off}, folded to 16 bits, starting from {@code init}. */
    static int sum(final Packet p, final int off, final int len, final int init)
    {
        long s = init;
        int i = 0;
        for (; i + 1 < len; i += 2)
        {
            s += p.u16(off + i);
        }
        if (i < len)
        {
            s += p.u8(off + i) << 8;
        }
        while ((s >>> 16) != 0)
        {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int)s;
    }

    // ------------------------------------------------------------------------------------------ emitting

    private int nextRandom()
    {
        long x = random;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        random = x;
        return (int)x;
    }

    /** The next packet to emit (multipacket, sampling), or null at the end. */
    private Packet next()
    {
        while (true)
        {
            Packet p;
            if (work != null)
            {
                if (workRemaining <= 1)
                {
                    p = work;
                    work = null;
                    p.setAnnoU32(AnnotationDescriptor.EXTRA_PACKETS_ANNO_OFFSET, 0);
                }
                else
                {
                    workRemaining--;
                    p = work.clone();
                    if (p == null)
                    {
                        continue;
                    }
                    p.setAnnoU32(AnnotationDescriptor.EXTRA_PACKETS_ANNO_OFFSET, 0);
                }
            }
            else
            {
                p = readPacket();
                if (p == null)
                {
                    return null;
                }
                final int extra = p.annoU32(AnnotationDescriptor.EXTRA_PACKETS_ANNO_OFFSET);
                if (multipacket && extra > 0)
                {
                    work = p;
                    workRemaining = extra + 1;
                    continue;
                }
            }
            if (samplingProb >= (1 << SAMPLING_SHIFT) ||
                (nextRandom() & ((1 << SAMPLING_SHIFT) - 1)) < samplingProb)
            {
                return p;
            }
            p.kill();
        }
    }

    private void finish()
    {
        if (finished)
        {
            return;
        }
        finished = true;
        notifier.sleep();
        if (stop)
        {
            router().pleaseStopDriver();
        }
        if (endCall != null)
        {
            endCall.call(this);
        }
        active = false;
    }

    private boolean due(final Packet p)
    {
        if (!timing)
        {
            return true;
        }
        final long now = router().nowNs();
        if (!haveTimingOffset)
        {
            haveTimingOffset = true;
            timingOffset = now - p.timestampNs();
            return true;
        }
        final long when = p.timestampNs() + timingOffset;
        if (when <= now)
        {
            return true;
        }
        held = p;
        timer.scheduleAt(when);
        return false;
    }

    @Override
    public boolean runTask(final Task t)
    {
        if (!active && held == null)
        {
            return false;
        }
        int sent = 0;
        while (sent < burst)
        {
            Packet p = held;
            held = null;
            if (p == null)
            {
                p = next();
                if (p == null)
                {
                    break;
                }
            }
            if (!due(p))
            {
                return sent > 0;
            }
            count++;
            sent++;
            output(0).push(p);
        }
        if (active && !finished)
        {
            t.fastReschedule();
        }
        return sent > 0;
    }

    @Override
    public void runTimer(final Timer t)
    {
        if (output(0).isPush())
        {
            task.reschedule();
        }
        else
        {
            notifier.wake();
        }
    }

    @Override
    public Packet pull(final int port)
    {
        if (!active && held == null)
        {
            return null;
        }
        Packet p = held;
        held = null;
        if (p == null)
        {
            p = next();
            if (p == null)
            {
                return null;
            }
        }
        if (!due(p))
        {
            notifier.sleep();
            return null;
        }
        count++;
        return p;
    }

    @Override
    public void cleanup(final CleanupStage stage)
    {
        if (held != null)
        {
            held.kill();
            held = null;
        }
        if (work != null)
        {
            work.kill();
            work = null;
        }
        if (in != null && in != System.in)
        {
            try
            {
                in.close();
            }
            catch (final IOException e)
            {
                // nothing to do at cleanup
            }
        }
        in = null;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("count", () -> Long.toString(count));
        addWriteHandler("reset_counts", (v, errh) ->
        {
            count = 0;
            return 0;
        }, Handler.BUTTON);
        addReadHandler("active", () -> Boolean.toString(active), Handler.CHECKBOX);
        addWriteHandler("active", (v, errh) ->
        {
            final Boolean b = BoolArg.parseOrNull(v.trim());
            if (b == null)
            {
                return errh.error("active: expected boolean");
            }
            active = b;
            if (active && !finished)
            {
                if (output(0).isPush())
                {
                    task.reschedule();
                }
                else
                {
                    notifier.wake();
                }
            }
            return 0;
        }, Handler.CHECKBOX);
        addReadHandler("encap", () -> "IP");
        addReadHandler("filename", () -> filename);
        addReadHandler("filesize", () -> filesize < 0 ? "-" : Long.toString(filesize));
        addReadHandler("filepos", () -> Long.toString(fileOffset - (inLen - inPos) + (inLen - inPos)));
        addReadHandler("sampling_prob", () -> Double.toString((double)samplingProb / (1 << SAMPLING_SHIFT)));
        addWriteHandler("stop", (v, errh) ->
        {
            if (held != null)
            {
                held.kill();
                held = null;
            }
            // as Click's 'stop' handler: no END_CALL, and the driver is asked to stop whatever STOP says
            finished = true;
            active = false;
            notifier.sleep();
            router().pleaseStopDriver();
            return 0;
        }, Handler.BUTTON);
        if (output(0).isPush())
        {
            addTaskHandlers(task, "");
        }
    }
}
