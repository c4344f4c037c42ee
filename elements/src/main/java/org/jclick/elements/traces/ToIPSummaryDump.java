package org.jclick.elements.traces;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

import org.jclick.dataplane.args.Args;
import org.jclick.dataplane.args.BoolArg;
import org.jclick.dataplane.args.StringArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.Handler;
import org.jclick.dataplane.packet.AnnotationDescriptor;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.runtime.NotifierSignal;
import org.jclick.dataplane.runtime.Task;
import org.jclick.dataplane.trace.IpSummaryDump;
import org.jclick.dataplane.trace.IpSummaryDump.Field;

/** Click's ToIPSummaryDump. */
@ElementDoc(
    synopsis = "ToIPSummaryDump(FILENAME [, KEYWORDS])",
    category = "traces",
    ports = "one agnostic input, zero or one agnostic output",
    description = """
        Writes one line of text per packet to FILENAME ('-' is standard output): the values of the FIELDS, separated
        by spaces, '-' for a value the packet does not have (no IP header, another protocol, a later fragment, or
        bytes not captured). The file starts with '!IPSummaryDump 1.3', an optional '!creator' line and '!data'
        naming the fields; FromIPSummaryDump reads it back. With an output, packets are passed on; without one,
        pushed packets are freed and a pull input is drained by a task.""",
    keywords = {
        "FIELDS, CONTENTS: space-separated field names (timestamp, ip_src, ip_dst, sport, dport, ip_proto, "
            + "ip_len, tcp_flags, payload, ...). Default 'timestamp ip_src'.",
        "BANNER: string. Written in a '!creator' line.",
        "VERBOSE: boolean. Accepted; no extra header lines. Default false.",
        "BAD_PACKETS: boolean. Write '!bad' lines for packets without a usable IP header. Default false.",
        "MULTIPACKET: boolean. Accepted for compatibility (lines are not merged). Default false.",
        "CAREFUL_TRUNC: boolean. Accepted for compatibility. Default true.",
        "BINARY: boolean. Binary dumps are not supported; must be false."},
    handlers = {
        "count (read): packets written",
        "reset_counts (write): resets count",
        "filename (read): the file name",
        "flush (write): writes out buffered lines"},
    example = "FromDump(t.pcap, FORCE_IP true, STOP true) -> ToIPSummaryDump(-, FIELDS src sport dst dport proto);",
    seeAlso = {"FromIPSummaryDump", "ToDump"})
public final class ToIPSummaryDump extends Element
{
    private static final String DIGEST_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@";

    private final Task task = new Task(this);
    private NotifierSignal signal = NotifierSignal.busy();
    private String filename = "";
    private Field[] fields = {Field.TIMESTAMP, Field.IP_SRC};
    private String banner;
    private boolean badPackets;
    private OutputStream out;
    private final StringBuilder sb = new StringBuilder(256);
    private byte[] bytes = new byte[256];
    private byte[] scratch = new byte[256];
    private MessageDigest md5;
    private final byte[] digest = new byte[16];
    private long count;
    private long errors;

    @Override
    public String portCount()
    {
        return "1/0-1";
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final Args.Value<String> c1 = new Args.Value<>();
        final Args.Value<String> c2 = new Args.Value<>();
        final Args.Value<Boolean> binary = new Args.Value<>();
        if (complete(args(conf)
            .readMandatoryPositional("FILENAME", StringArg.STRING, v -> filename = v)
            .read("CONTENTS", StringArg.ANY, c1)
            .read("FIELDS", StringArg.ANY, c2)
            .read("BANNER", StringArg.STRING, v -> banner = v)
            .read("VERBOSE", BoolArg.INSTANCE, v -> { })
            .read("BAD_PACKETS", BoolArg.INSTANCE, v -> badPackets = v)
            .read("MULTIPACKET", BoolArg.INSTANCE, v -> { })
            .read("CAREFUL_TRUNC", BoolArg.INSTANCE, v -> { })
            .read("BINARY", BoolArg.INSTANCE, binary), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        if (binary.isPresent() && binary.get())
        {
            return errh.error("BINARY: binary IP summary dumps are not supported");
        }
        if (c1.isPresent() || c2.isPresent())
        {
            final List<Field> list = new ArrayList<>();
            for (final String w : FromIPSummaryDump.unquoteWords(c1.isPresent() ? c1.get() : c2.get())
                .split("\\s+"))
            {
                if (w.isEmpty())
                {
                    continue;
                }
                final Field f = IpSummaryDump.field(w);
                if (f == null || f == Field.NONE)
                {
                    return errh.error("unknown content type '" + w + "'");
                }
                list.add(f);
            }
            if (list.isEmpty())
            {
                return errh.error("no contents specified");
            }
            fields = list.toArray(new Field[0]);
        }
        return 0;
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        try
        {
            out = filename.equals("-") ? System.out : new BufferedOutputStream(
                Files.newOutputStream(Path.of(filename)), 1 << 16);
            out.write(IpSummaryDump.header(List.of(fields), banner).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            md5 = MessageDigest.getInstance("MD5");
        }
        catch (final IOException | RuntimeException | NoSuchAlgorithmException e)
        {
            return errh.error(filename + ": " + e.getMessage());
        }
        if (ninputs() > 0 && inputIsPull(0) && noutputs() == 0)
        {
            task.initialize(true);
            signal = NotifierSignal.upstreamEmpty(this, 0, task);
        }
        return 0;
    }

    // ------------------------------------------------------------------------------------------ writing

    private void write(final Packet p)
    {
        sb.setLength(0);
        final int ip = ipOffset(p);
        if (ip < 0 && badPackets)
        {
            sb.append("!bad ").append(p.hasNetworkHeader() ? "truncated or bad IP header" : "no IP header");
            sb.append('\n');
            emit();
        }
        for (int i = 0; i < fields.length; i++)
        {
            if (i > 0)
            {
                sb.append(' ');
            }
            final int mark = sb.length();
            if (!appendField(p, ip, fields[i]))
            {
                sb.setLength(mark);
                sb.append('-');
            }
        }
        sb.append('\n');
        emit();
        count++;
    }

    private void emit()
    {
        final int n = sb.length();
        if (bytes.length < n)
        {
            bytes = new byte[Math.max(n, 2 * bytes.length)]; // grows to the longest line, then stays
        }
        for (int i = 0; i < n; i++)
        {
            bytes[i] = (byte)sb.charAt(i);
        }
        try
        {
            out.write(bytes, 0, n);
            if (out == System.out)
            {
                out.flush();
            }
        }
        catch (final IOException e)
        {
            if (errors++ == 0)
            {
                ErrorHandler.stderr().warning(name() + " :: ToIPSummaryDump: " + filename + ": " + e.getMessage());
            }
        }
        sb.setLength(0);
    }

    /** Offset of a usable IPv4 header (network header annotation, version 4, 20 bytes present), or -1. */
    private static int ipOffset(final Packet p)
    {
        if (!p.hasNetworkHeader())
        {
            return -1;
        }
        final int off = p.networkHeaderOffset();
        if (off < 0 || p.length() - off < 20 || (p.u8(off) >> 4) != 4 || (p.u8(off) & 0x0F) < 5)
        {
            return -1;
        }
        return off;
    }

    /** Appends field {@code f} of {@code p}; false if the packet does not have it. */
    private boolean appendField(final Packet p, final int ip, final Field f)
    {
        final int len = p.length();
        switch (f)
        {
            case TIMESTAMP, NTIMESTAMP ->
            {
                IpSummaryDump.appendTimestamp(sb, p.timestampNs());
                return true;
            }
            case TS_SEC ->
            {
                sb.append(Math.floorDiv(p.timestampNs(), 1_000_000_000L));
                return true;
            }
            case TS_USEC ->
            {
                sb.append(Math.floorMod(p.timestampNs(), 1_000_000_000L) / 1000);
                return true;
            }
            case TS_USEC1 ->
            {
                sb.append(Math.floorDiv(p.timestampNs(), 1000L));
                return true;
            }
            case FIRST_TIMESTAMP, FIRST_NTIMESTAMP ->
            {
                IpSummaryDump.appendTimestamp(sb, p.annoU64(AnnotationDescriptor.FIRST_TIMESTAMP_ANNO_OFFSET));
                return true;
            }
            case COUNT ->
            {
                sb.append(1L + Integer.toUnsignedLong(p.annoU32(AnnotationDescriptor.EXTRA_PACKETS_ANNO_OFFSET)));
                return true;
            }
            case LINK, PAINT ->
            {
                sb.append(p.paintAnno());
                return true;
            }
            case DIRECTION ->
            {
                IpSummaryDump.appendValue(sb, f, p.paintAnno());
                return true;
            }
            case AGGREGATE ->
            {
                sb.append(Integer.toUnsignedLong(p.aggregateAnno()));
                return true;
            }
            case WIRE_LEN ->
            {
                sb.append(len + Integer.toUnsignedLong(p.annoU32(AnnotationDescriptor.EXTRA_LENGTH_ANNO_OFFSET)));
                return true;
            }
            default ->
            {
            }
        }
        if (ip < 0)
        {
            if (f == Field.IP_LEN)
            {
                sb.append(len + Integer.toUnsignedLong(p.annoU32(AnnotationDescriptor.EXTRA_LENGTH_ANNO_OFFSET)));
                return true;
            }
            return false;
        }
        final int hl = (p.u8(ip) & 0x0F) << 2;
        final int proto = p.u8(ip + 9);
        final int ipOff = p.u16(ip + 6);
        final boolean first = (ipOff & IpSummaryDump.IP_OFFMASK) == 0;
        final int th = ip + hl;
        final int avail = len - th;
        final int ipLen = p.u16(ip + 2);
        switch (f)
        {
            case IP_SRC -> IpSummaryDump.appendAddress(sb, p.u32(ip + 12));
            case IP_DST -> IpSummaryDump.appendAddress(sb, p.u32(ip + 16));
            case IP_TOS -> sb.append(p.u8(ip + 1));
            case IP_DSCP -> sb.append(p.u8(ip + 1) >> 2);
            case IP_ECN -> IpSummaryDump.appendValue(sb, f, p.u8(ip + 1) & 3);
            case IP_TTL -> sb.append(p.u8(ip + 8));
            case IP_FRAG, IP_FRAGOFF -> IpSummaryDump.appendValue(sb, f, ipOff);
            case IP_ID -> sb.append(p.u16(ip + 4));
            case IP_SUM -> sb.append(p.u16(ip + 10));
            case IP_PROTO -> IpSummaryDump.appendValue(sb, f, proto);
            case IP_HL -> sb.append(hl);
            case IP_LEN -> sb.append(ipLen);
            case IP_CAPTURE_LEN -> sb.append(Math.min(len - ip, ipLen));
            case IP_OPT ->
            {
                if (len - ip < hl || !TcpOptions.appendIp(sb, p, ip + 20, hl - 20))
                {
                    return false;
                }
            }
            case SPORT, DPORT ->
            {
                final int o = f == Field.SPORT ? 0 : 2;
                if (!first || (proto != 6 && proto != 17) || avail < o + 2)
                {
                    return false;
                }
                sb.append(p.u16(th + o));
            }
            case TCP_SEQ, TCP_ACK ->
            {
                final int o = f == Field.TCP_SEQ ? 4 : 8;
                if (!first || proto != 6 || avail < o + 4)
                {
                    return false;
                }
                sb.append(Integer.toUnsignedLong(p.u32(th + o)));
            }
            case TCP_OFF ->
            {
                if (!first || proto != 6 || avail < 13)
                {
                    return false;
                }
                sb.append((p.u8(th + 12) >> 4) << 2);
            }
            case TCP_FLAGS ->
            {
                if (!first || proto != 6 || avail < 14)
                {
                    return false;
                }
                IpSummaryDump.appendTcpFlags(sb, p.u8(th + 13) | ((p.u8(th + 12) & 1) << 8));
            }
            case TCP_WINDOW, TCP_URP ->
            {
                final int o = f == Field.TCP_WINDOW ? 14 : 18;
                if (!first || proto != 6 || avail < o + 2)
                {
                    return false;
                }
                sb.append(p.u16(th + o));
            }
            case TCP_OPT, TCP_NTOPT, TCP_SACK ->
            {
                if (!first || proto != 6 || avail < 13)
                {
                    return false;
                }
                final int off = (p.u8(th + 12) >> 4) << 2;
                if (off < 20 || avail < off)
                {
                    return false;
                }
                TcpOptions.append(sb, p, th + 20, off - 20, f == Field.TCP_NTOPT, f == Field.TCP_SACK);
            }
            case ICMP_TYPE, ICMP_TYPE_NAME, ICMP_CODE, ICMP_CODE_NAME ->
            {
                final int o = f == Field.ICMP_TYPE || f == Field.ICMP_TYPE_NAME ? 0 : 1;
                if (!first || proto != 1 || avail < o + 1)
                {
                    return false;
                }
                IpSummaryDump.appendValue(sb, f, p.u8(th + o));
            }
            case ICMP_FLOWID, ICMP_SEQ, ICMP_NEXTMTU ->
            {
                final int o = f == Field.ICMP_FLOWID ? 4 : 6;
                if (!first || proto != 1 || avail < o + 2)
                {
                    return false;
                }
                sb.append(p.u16(th + o));
            }
            case PAYLOAD_LEN, PAYLOAD, PAYLOAD_MD5, PAYLOAD_MD5_HEX ->
            {
                final int thl = transportLength(p, th, avail, proto, first);
                if (thl < 0)
                {
                    return false;
                }
                final int start = th + thl;
                if (f == Field.PAYLOAD_LEN)
                {
                    sb.append(Math.max(0, ipLen - hl - thl));
                    return true;
                }
                final int end = Math.min(len, ip + Math.max(ipLen, hl + thl));
                final int n = Math.max(0, end - start);
                if (scratch.length < n)
                {
                    scratch = new byte[Math.max(n, 2 * scratch.length)];
                }
                p.copyTo(start, scratch, 0, n);
                if (f == Field.PAYLOAD)
                {
                    IpSummaryDump.appendQuoted(sb, scratch, 0, n);
                }
                else
                {
                    md5.reset();
                    md5.update(scratch, 0, n);
                    final byte[] d = digest;
                    try
                    {
                        md5.digest(d, 0, d.length);
                    }
                    catch (final java.security.DigestException e)
                    {
                        return false;
                    }
                    if (f == Field.PAYLOAD_MD5_HEX)
                    {
                        IpSummaryDump.appendHex(sb, d);
                    }
                    else
                    {
                        appendTextDigest(sb, d);
                    }
                }
            }
            default ->
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Length of the transport header that payload fields skip (TCP offset, 8 for UDP, 0 otherwise: as in Click, an
     * ICMP header counts as payload), or -1 if not captured.
     */
    private static int transportLength(final Packet p, final int th, final int avail, final int proto,
        final boolean first)
    {
        if (!first)
        {
            return 0;
        }
        if (proto == 6)
        {
            if (avail < 13)
            {
                return -1;
            }
            final int off = (p.u8(th + 12) >> 4) << 2;
            return avail < off ? -1 : off;
        }
        if (proto == 17)
        {
            return avail < 8 ? -1 : 8;
        }
        return 0;
    }

    /** Click's text form of an MD5 digest: 6 bits per character, three bytes at a time, low bits first. */
    static void appendTextDigest(final StringBuilder sb, final byte[] d)
    {
        int i = 0;
        for (; i + 3 <= d.length; i += 3)
        {
            final int v = (d[i] & 0xFF) | (d[i + 1] & 0xFF) << 8 | (d[i + 2] & 0xFF) << 16;
            sb.append(DIGEST_ALPHABET.charAt(v & 63)).append(DIGEST_ALPHABET.charAt((v >> 6) & 63))
                .append(DIGEST_ALPHABET.charAt((v >> 12) & 63)).append(DIGEST_ALPHABET.charAt((v >> 18) & 63));
        }
        if (i < d.length)
        {
            int v = d[i] & 0xFF;
            int bits = 8;
            if (i + 1 < d.length)
            {
                v |= (d[i + 1] & 0xFF) << 8;
                bits = 16;
            }
            for (int b = 0; b < bits; b += 6)
            {
                sb.append(DIGEST_ALPHABET.charAt((v >> b) & 63));
            }
        }
    }

    // ------------------------------------------------------------------------------------------ ports

    @Override
    public void push(final int port, final Packet p)
    {
        write(p);
        checkedOutputPush(0, p);
    }

    @Override
    public Packet pull(final int port)
    {
        final Packet p = input(0).pull();
        if (p != null)
        {
            write(p);
        }
        return p;
    }

    @Override
    public boolean runTask(final Task t)
    {
        int n = 0;
        for (; n < 32; n++)
        {
            final Packet p = input(0).pull();
            if (p == null)
            {
                break;
            }
            write(p);
            p.kill();
        }
        if (n > 0 || signal.active())
        {
            t.fastReschedule();
        }
        return n > 0;
    }

    private void flush()
    {
        if (out != null)
        {
            try
            {
                out.flush();
            }
            catch (final IOException e)
            {
                ErrorHandler.stderr().warning(name() + " :: ToIPSummaryDump: " + filename + ": " + e.getMessage());
            }
        }
    }

    @Override
    public void cleanup(final CleanupStage stage)
    {
        flush();
        if (out != null && out != System.out)
        {
            try
            {
                out.close();
            }
            catch (final IOException e)
            {
                ErrorHandler.stderr().warning(name() + " :: ToIPSummaryDump: " + filename + ": " + e.getMessage());
            }
        }
        out = null;
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
        addReadHandler("filename", () -> filename);
        addWriteHandler("flush", (v, errh) ->
        {
            flush();
            return 0;
        }, Handler.BUTTON);
        if (ninputs() > 0 && inputIsPull(0) && noutputs() == 0)
        {
            addTaskHandlers(task, "");
        }
    }
}
