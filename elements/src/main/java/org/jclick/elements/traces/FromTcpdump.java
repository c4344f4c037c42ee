package org.jclick.elements.traces;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jclick.dataplane.args.Args;
import org.jclick.dataplane.args.BoolArg;
import org.jclick.dataplane.args.DoubleArg;
import org.jclick.dataplane.args.StringArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.Handler;
import org.jclick.dataplane.packet.AnnotationDescriptor;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.runtime.Notifier;
import org.jclick.dataplane.runtime.Task;

/** Click's FromTcpdump. */
@ElementDoc(
    synopsis = "FromTcpdump(FILENAME [, KEYWORDS])",
    category = "traces",
    ports = "no inputs, one agnostic output",
    description = """
        Reads the text output of 'tcpdump -n -tt' (IPv4 TCP and UDP lines) and emits one IP packet per line:
        addresses and ports, TCP flags, sequence and acknowledgement numbers as written, window, TCP options
        (mss, nop, eol, wscale, sackOK, timestamp, sack blocks), DF, and the TOS, TTL, IP ID and length given in
        brackets or parentheses. Packets hold headers only: the payload is recorded in the extra length
        annotation. Lines that cannot be parsed are skipped and counted. Relative sequence numbers are not turned
        back into absolute ones. FILENAME '-' reads standard input. Parsing a line allocates (a text source).""",
    keywords = {
        "STOP: boolean. Stop the driver at the end of the file. Default false.",
        "ACTIVE: boolean. Whether to emit packets. Default true.",
        "ZERO: boolean. Accepted; unset bytes are always zero. Default true.",
        "CHECKSUM: boolean. Set the IP header checksum. Default false.",
        "SAMPLE: real number between 0 and 1. Emit each packet with this probability. Default 1."},
    handlers = {
        "count (read): packets emitted",
        "bad_lines (read): lines skipped as unparsable",
        "active (read/write): whether packets are emitted",
        "encap (read): always IP",
        "stop (write): ends the trace now and asks the driver to stop"},
    example = "FromTcpdump(trace.txt, STOP true) -> ToDump(out.pcap, ENCAP IP);",
    seeAlso = {"FromIPSummaryDump", "FromDump"})
public final class FromTcpdump extends Element
{
    private final Task task = new Task(this);
    private final Notifier notifier = new Notifier();
    private String filename = "";
    private boolean stop;
    private boolean active = true;
    private boolean checksum;
    private double sample = 1;
    private BufferedReader in;
    private boolean finished;
    private long count;
    private long badLines;
    private final java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
    private final byte[] opt = new byte[40];

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
        if (complete(args(conf)
            .readMandatoryPositional("FILENAME", StringArg.STRING, v -> filename = v)
            .read("STOP", BoolArg.INSTANCE, v -> stop = v)
            .read("ACTIVE", BoolArg.INSTANCE, v -> active = v)
            .read("ZERO", BoolArg.INSTANCE, v -> { })
            .read("CHECKSUM", BoolArg.INSTANCE, v -> checksum = v)
            .read("SAMPLE", DoubleArg.INSTANCE, v -> sample = v), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        if (!(sample >= 0 && sample <= 1))
        {
            return errh.error("SAMPLE must be between 0 and 1");
        }
        return 0;
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        try
        {
            in = filename.equals("-") ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.ISO_8859_1))
                : Files.newBufferedReader(Path.of(filename), StandardCharsets.ISO_8859_1);
        }
        catch (final IOException | RuntimeException e)
        {
            return errh.error(filename + ": " + e.getMessage());
        }
        if (output(0).isPush())
        {
            task.initialize(active);
        }
        notifier.setActive(active, false);
        return 0;
    }

    private Packet next()
    {
        while (!finished)
        {
            final String line;
            try
            {
                line = in.readLine();
            }
            catch (final IOException e)
            {
                ErrorHandler.stderr().warning(name() + " :: FromTcpdump: " + filename + ": " + e.getMessage());
                finish();
                return null;
            }
            if (line == null)
            {
                finish();
                return null;
            }
            if (line.isBlank())
            {
                continue;
            }
            final Packet p = parse(line);
            if (p == null)
            {
                badLines++;
                continue;
            }
            if (sample < 1 && rng.nextDouble() >= sample)
            {
                p.kill();
                continue;
            }
            return p;
        }
        return null;
    }

    private void finish()
    {
        if (finished)
        {
            return;
        }
        finished = true;
        active = false;
        notifier.sleep();
        if (stop)
        {
            router().pleaseStopDriver();
        }
    }

    private static long addressAndPort(final String s, final int[] port)
    {
        final String[] parts = s.split("\\.");
        if (parts.length < 4 || parts.length > 5)
        {
            return -1;
        }
        long a = 0;
        for (int i = 0; i < 4; i++)
        {
            final int v;
            try
            {
                v = Integer.parseInt(parts[i]);
            }
            catch (final NumberFormatException e)
            {
                return -1;
            }
            if (v < 0 || v > 255)
            {
                return -1;
            }
            a = (a << 8) | v;
        }
        port[0] = -1;
        if (parts.length == 5)
        {
            try
            {
                port[0] = Integer.parseInt(parts[4]) & 0xFFFF;
            }
            catch (final NumberFormatException e)
            {
                return -1; // named ports are not resolved
            }
        }
        return a;
    }

    private static long number(final String s)
    {
        try
        {
            return s.startsWith("0x") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
        }
        catch (final NumberFormatException e)
        {
            return -1;
        }
    }

    /** One tcpdump line as a packet, or null. */
    Packet parse(final String line)
    {
        final String[] t = line.trim().split("\\s+");
        if (t.length < 5 || !t[2].equals(">"))
        {
            return null;
        }
        final long ts = IpSummaryDumpTimestamp.parse(t[0]);
        final int[] sport = new int[1];
        final int[] dport = new int[1];
        final long src = addressAndPort(t[1], sport);
        String d = t[3];
        if (d.endsWith(":"))
        {
            d = d.substring(0, d.length() - 1);
        }
        final long dst = addressAndPort(d, dport);
        if (ts == Long.MIN_VALUE || src < 0 || dst < 0)
        {
            return null;
        }
        int proto;
        int i = 4;
        int flags = 0;
        long seq = 0;
        long ack = -1;
        int win = 0;
        int urp = 0;
        int optLen = 0;
        long payload = 0;
        int tos = 0;
        int ttl = 0;
        int id = 0;
        long ipLen = -1;
        boolean df = false;
        if (t[i].equals("udp"))
        {
            proto = 17;
            if (i + 1 < t.length)
            {
                payload = Math.max(0, number(t[i + 1]));
                i += 2;
            }
        }
        else
        {
            proto = 6;
            final String f = t[i++];
            for (int k = 0; k < f.length(); k++)
            {
                flags |= switch (f.charAt(k))
                {
                    case 'F' -> 0x01;
                    case 'S' -> 0x02;
                    case 'R' -> 0x04;
                    case 'P' -> 0x08;
                    case 'U' -> 0x20;
                    case 'E' -> 0x40;
                    case 'W' -> 0x80;
                    case '.' -> 0;
                    default -> -1000;
                };
            }
            if (flags < 0)
            {
                return null;
            }
            while (i < t.length)
            {
                final String w = t[i];
                if (w.startsWith("[") && !w.startsWith("[tos") && !w.startsWith("[ttl"))
                {
                    while (i < t.length && !t[i].endsWith("]"))
                    {
                        i++;
                    }
                    i++;
                }
                else if (w.matches("\\d+:\\d+\\(\\d+\\)"))
                {
                    seq = number(w.substring(0, w.indexOf(':')));
                    payload = number(w.substring(w.indexOf('(') + 1, w.length() - 1));
                    i++;
                }
                else if (w.equals("ack") && i + 1 < t.length)
                {
                    ack = number(t[i + 1]);
                    i += 2;
                }
                else if (w.equals("win") && i + 1 < t.length)
                {
                    win = (int)number(t[i + 1]);
                    i += 2;
                }
                else if (w.equals("urg") && i + 1 < t.length)
                {
                    urp = (int)number(t[i + 1]);
                    i += 2;
                }
                else if (w.startsWith("<"))
                {
                    final StringBuilder sb = new StringBuilder();
                    while (i < t.length)
                    {
                        sb.append(t[i]).append(' ');
                        if (t[i++].endsWith(">"))
                        {
                            break;
                        }
                    }
                    optLen = tcpOptions(sb.toString().trim());
                }
                else
                {
                    break;
                }
            }
        }
        for (; i < t.length; i++)
        {
            final String w = t[i].replace("(", "").replace(")", "").replace("[", "").replace("]", "").replace(",", "");
            if (w.equals("DF"))
            {
                df = true;
            }
            else if (i + 1 < t.length && (w.equals("tos") || w.equals("ttl") || w.equals("id") || w.equals("len")))
            {
                final long v = number(t[i + 1].replace(")", "").replace("]", "").replace(",", ""));
                if (v >= 0)
                {
                    switch (w)
                    {
                        case "tos" -> tos = (int)v;
                        case "ttl" -> ttl = (int)v;
                        case "id" -> id = (int)v;
                        default -> ipLen = v;
                    }
                }
                i++;
            }
        }
        final int th = proto == 6 ? 20 + ((optLen + 3) & ~3) : 8;
        final int length = 20 + th;
        final Packet p = router().allocatorFor(this).make(length);
        if (p == null)
        {
            return null;
        }
        for (int k = 0; k < length; k++)
        {
            p.setU8(k, 0);
        }
        p.clearAnnotations();
        p.setU8(0, 0x45);
        p.setU8(1, tos);
        final long total = ipLen >= 0 ? ipLen : length + payload;
        p.setU16(2, (int)Math.min(total, 0xFFFF));
        p.setU16(4, id);
        p.setU16(6, df ? 0x4000 : 0);
        p.setU8(8, ttl);
        p.setU8(9, proto);
        p.setU32(12, (int)src);
        p.setU32(16, (int)dst);
        p.setU16(20, Math.max(sport[0], 0));
        p.setU16(22, Math.max(dport[0], 0));
        if (proto == 6)
        {
            p.setU32(24, (int)seq);
            if (ack >= 0)
            {
                p.setU32(28, (int)ack);
                flags |= 0x10;
            }
            p.setU8(32, (th >> 2) << 4);
            p.setU8(33, flags);
            p.setU16(34, win);
            p.setU16(38, urp);
            p.copyFrom(40, opt, 0, optLen);
        }
        else
        {
            p.setU16(24, (int)Math.min(8 + payload, 0xFFFF));
        }
        if (checksum)
        {
            p.setU16(10, ~FromIPSummaryDump.sum(p, 0, 20, 0) & 0xFFFF);
        }
        p.setNetworkHeader(0, 20);
        p.setTimestampNs(ts);
        if (total > length)
        {
            p.setAnnoU32(AnnotationDescriptor.EXTRA_LENGTH_ANNO_OFFSET, (int)(total - length));
        }
        return p;
    }

    /** Encodes tcpdump's {@code <mss 1460,nop,wscale 0,...>} into {@link #opt}; returns the length. */
    private int tcpOptions(final String text)
    {
        final String inner = text.substring(1, text.endsWith(">") ? text.length() - 1 : text.length());
        int o = 0;
        for (final String item : inner.split(","))
        {
            final String[] w = item.trim().split("\\s+");
            if (w.length == 0)
            {
                continue;
            }
            switch (w[0])
            {
                case "nop" -> o = put(o, 1);
                case "eol" -> o = put(o, 0);
                case "mss" ->
                {
                    if (w.length > 1 && o + 4 <= opt.length)
                    {
                        final long v = number(w[1]);
                        o = put(put(put(put(o, 2), 4), (int)(v >> 8)), (int)v);
                    }
                }
                case "wscale" ->
                {
                    if (w.length > 1 && o + 3 <= opt.length)
                    {
                        o = put(put(put(o, 3), 3), (int)number(w[1]));
                    }
                }
                case "sackOK" ->
                {
                    if (o + 2 <= opt.length)
                    {
                        o = put(put(o, 4), 2);
                    }
                }
                case "timestamp" ->
                {
                    if (w.length > 2 && o + 10 <= opt.length)
                    {
                        o = put(put(o, 8), 10);
                        o = put32(o, number(w[1]));
                        o = put32(o, number(w[2]));
                    }
                }
                case "sack" ->
                {
                    // "sack sack N {a:b}{c:d} "
                    final java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{(\\d+):(\\d+)\\}")
                        .matcher(item);
                    final int start = o;
                    if (o + 2 <= opt.length)
                    {
                        o = put(put(o, 5), 2);
                        while (m.find() && o + 8 <= opt.length)
                        {
                            o = put32(o, Long.parseLong(m.group(1)));
                            o = put32(o, Long.parseLong(m.group(2)));
                        }
                        opt[start + 1] = (byte)(o - start);
                    }
                }
                default ->
                {
                }
            }
        }
        return o;
    }

    private int put(final int o, final int v)
    {
        if (o < opt.length)
        {
            opt[o] = (byte)v;
            return o + 1;
        }
        return o;
    }

    private int put32(final int o, final long v)
    {
        return put(put(put(put(o, (int)(v >> 24)), (int)(v >> 16)), (int)(v >> 8)), (int)v);
    }

    @Override
    public boolean runTask(final Task t)
    {
        if (!active)
        {
            return false;
        }
        final Packet p = next();
        if (p != null)
        {
            count++;
            output(0).push(p);
        }
        if (active && !finished)
        {
            t.fastReschedule();
        }
        return p != null;
    }

    @Override
    public Packet pull(final int port)
    {
        if (!active)
        {
            return null;
        }
        final Packet p = next();
        if (p != null)
        {
            count++;
        }
        return p;
    }

    @Override
    public void cleanup(final CleanupStage stage)
    {
        if (in != null)
        {
            try
            {
                if (!filename.equals("-"))
                {
                    in.close();
                }
            }
            catch (final IOException e)
            {
                // nothing to do at cleanup
            }
            in = null;
        }
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("count", () -> Long.toString(count));
        addReadHandler("bad_lines", () -> Long.toString(badLines));
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
        addWriteHandler("stop", (v, errh) ->
        {
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

    /** Timestamps as tcpdump -tt writes them. */
    static final class IpSummaryDumpTimestamp
    {
        private IpSummaryDumpTimestamp()
        {
        }

        static long parse(final String s)
        {
            return org.jclick.dataplane.trace.IpSummaryDump.parseTimestamp(s);
        }
    }
}
