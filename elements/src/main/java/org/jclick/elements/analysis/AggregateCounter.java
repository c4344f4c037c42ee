package org.jclick.elements.analysis;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jclick.dataplane.args.Args;
import org.jclick.dataplane.args.ArgException;
import org.jclick.dataplane.args.BoolArg;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.args.StringArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.Handler;
import org.jclick.dataplane.packet.AnnotationDescriptor;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.runtime.HandlerCall;
import org.jclick.lang.ConfigStrings;

/**
 * Click's AggregateCounter: packet or byte counts per aggregate annotation.
 *
 * <p>The counts live in a binary Patricia trie over the 32-bit aggregate values, built as Click builds it (nodes
 * split at the first differing bit, the lower half keeping the parent's prefix), so every handler that shows the
 * structure behaves as Click's: files list aggregates in trie pre-order, which is ascending order, and
 * {@code counts_pdf} also counts the trie's empty inner nodes, as Click's does.
 */
@ElementDoc(
    synopsis = "AggregateCounter([KEYWORDS])",
    category = "aggregates",
    ports = "one or two agnostic inputs, one or two agnostic outputs",
    description = """
        Counts packets (or bytes) per aggregate annotation value; the write_file handlers dump the counts. A
        frozen AggregateCounter only updates aggregates it has already counted, and the optional second input
        is always frozen. With two push outputs, counted packets leave on output 0 and the others on output 1.
        Aggregate values are unsigned 32-bit numbers (an IP address a.b.c.d is a*2^24+b*2^16+c*2^8+d).""",
    keywords = {
        "BYTES: boolean. Count bytes, not packets. Default false.",
        "IP_BYTES: boolean. With BYTES, do not count the bytes before the IP header. Default false.",
        "MULTIPACKET: boolean. Without BYTES, add the extra packets annotation (set by FromIPSummaryDump 'count') "
            + "to each packet's count. Default true.",
        "EXTRA_LENGTH: boolean. With BYTES, add the extra length annotation. Default true.",
        "AGGREGATE_STOP: unsigned. Stop the driver once this many distinct aggregates are seen (and a new one "
            + "arrives).",
        "AGGREGATE_FREEZE: unsigned. Freeze once this many distinct aggregates are seen.",
        "AGGREGATE_CALL: 'N HANDLER [VALUE]'. Call a write handler once N distinct aggregates are seen. The three "
            + "AGGREGATE keywords are mutually exclusive.",
        "COUNT_STOP: unsigned. Stop the driver once the total count reaches this.",
        "COUNT_FREEZE: unsigned. Freeze once the total count reaches this.",
        "COUNT_CALL: 'N HANDLER [VALUE]'. Call a write handler once the total count reaches N. The three COUNT "
            + "keywords are mutually exclusive.",
        "BANNER: string. Written after the first line of every dump. Default empty."},
    handlers = {
        "write_text_file, write_ascii_file (write): FILENAME ('-' is standard output); writes '!IPAggregate 1.0', "
            + "the banner, '!num_nonzero N', then one 'AGGREGATE COUNT' line per aggregate",
        "write_ip_file (write): the same with a '!ip' line and aggregates as IP addresses",
        "write_pdf_file (write): the same with each count divided by the total",
        "write_file (write): the header, '!packed_le' (or '!packed_be'), then 8-byte binary records",
        "freeze (read/write): whether frozen", "active (read/write): whether counting at all",
        "stop (write): stop counting and stop the driver",
        "counts_pdf, reaggregate_counts (write): replace the counts by their distribution (aggregate = old count, "
            + "count = how many aggregates had it)",
        "banner (read/write)", "clear (write): forget every count",
        "aggregate_call, count_call (read/write): 'N HANDLER [VALUE]', or empty",
        "count (read): the total count", "nagg (read): the number of aggregates counted"},
    example = """
        FromIPSummaryDump(-, STOP true) -> AggregateIP(ip dst) -> ac :: AggregateCounter -> Discard;
        DriverManager(wait, write ac.write_text_file -);""",
    seeAlso = {"AggregateIPFlows", "FromIPSummaryDump"})
public final class AggregateCounter extends Element
{
    /** A trie node: an aggregate (or a prefix of the aggregates below) and its unsigned 32-bit count. */
    private static final class Node
    {
        int aggregate;
        int count;
        Node child0;
        Node child1;
    }

    /** What to do once a threshold is reached: freeze, stop, or call a handler. */
    private static final class Trigger
    {
        final String description;
        final HandlerCall call;
        final int action;

        Trigger(final String description, final HandlerCall call, final int action)
        {
            this.description = description;
            this.call = call;
            this.action = action;
        }
    }

    private static final int ACTION_CALL = 0;
    private static final int ACTION_FREEZE = 1;
    private static final int ACTION_STOP = 2;

    /** Dump formats (Click's WriteFormat). */
    private static final int WR_TEXT = 0;
    private static final int WR_BINARY = 1;
    private static final int WR_TEXT_IP = 2;
    private static final int WR_TEXT_PDF = 3;

    private static final int NEVER_NNZ = -1;
    private static final long NEVER_COUNT = -1L;

    private boolean bytes;
    private boolean ipBytes;
    private boolean usePacketCount = true;
    private boolean useExtraLength = true;
    private volatile boolean frozen;
    private volatile boolean active = true;

    private Node root;
    /** Distinct aggregates with a nonzero count (unsigned). */
    private int numNonzero;
    /** Total count (unsigned). */
    private long count;

    /** Threshold of {@link #nnzTrigger}, unsigned; -1 = never. */
    private int callNnz = NEVER_NNZ;
    private Trigger nnzTrigger;
    /** Threshold of {@link #countTrigger}, unsigned; -1 = never. */
    private long callCount = NEVER_COUNT;
    private Trigger countTrigger;

    private String banner = "";

    @Override
    public String portCount()
    {
        return "1-2/1-2";
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final Args.Value<Boolean> b = new Args.Value<>(false);
        final Args.Value<Boolean> ipb = new Args.Value<>(false);
        final Args.Value<Boolean> mp = new Args.Value<>(true);
        final Args.Value<Boolean> xl = new Args.Value<>(true);
        final Args.Value<Long> freezeNnz = new Args.Value<>();
        final Args.Value<Long> stopNnz = new Args.Value<>();
        final Args.Value<String> callNnzText = new Args.Value<>();
        final Args.Value<Long> freezeCount = new Args.Value<>();
        final Args.Value<Long> stopCount = new Args.Value<>();
        final Args.Value<String> callCountText = new Args.Value<>();
        final Args.Value<String> bannerText = new Args.Value<>("");
        if (complete(args(conf)
            .read("BYTES", BoolArg.INSTANCE, b)
            .read("IP_BYTES", BoolArg.INSTANCE, ipb)
            .read("MULTIPACKET", BoolArg.INSTANCE, mp)
            .read("EXTRA_LENGTH", BoolArg.INSTANCE, xl)
            .read("AGGREGATE_FREEZE", IntArg.uint32(), freezeNnz)
            .read("COUNT_FREEZE", IntArg.uint64(), freezeCount)
            .read("AGGREGATE_STOP", IntArg.uint32(), stopNnz)
            .read("COUNT_STOP", IntArg.uint64(), stopCount)
            .read("AGGREGATE_CALL", StringArg.ANY, callNnzText)
            .read("COUNT_CALL", StringArg.ANY, callCountText)
            .read("BANNER", StringArg.STRING, bannerText), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        bytes = b.get();
        ipBytes = ipb.get();
        usePacketCount = mp.get();
        useExtraLength = xl.get();
        banner = bannerText.get();

        // Click treats an all-ones value as "not given"
        final boolean fn = freezeNnz.isPresent() && freezeNnz.get() != 0xFFFF_FFFFL;
        final boolean sn = stopNnz.isPresent() && stopNnz.get() != 0xFFFF_FFFFL;
        final boolean cn = callNnzText.isPresent() && !callNnzText.get().isEmpty();
        if ((fn ? 1 : 0) + (sn ? 1 : 0) + (cn ? 1 : 0) > 1)
        {
            return errh.error("'AGGREGATE_FREEZE', 'AGGREGATE_STOP', and 'AGGREGATE_CALL' are mutually exclusive");
        }
        if (fn)
        {
            callNnz = (int) (long) freezeNnz.get();
            nnzTrigger = new Trigger(name() + ".freeze true", null, ACTION_FREEZE);
        }
        else if (sn)
        {
            callNnz = (int) (long) stopNnz.get();
            nnzTrigger = new Trigger(name() + ".stop", null, ACTION_STOP);
        }
        else if (cn)
        {
            final String[] w = ConfigStrings.shiftSpacevec(callNnzText.get());
            final Long n = parseUnsigned(w[0], IntArg.uint32());
            if (n == null)
            {
                return errh.error("AGGREGATE_CALL first word should be unsigned (number of aggregates)");
            }
            callNnz = (int) (long) n;
            nnzTrigger = new Trigger(w[1], HandlerCall.parseWrite(w[1]), ACTION_CALL);
        }

        final boolean fc = freezeCount.isPresent() && freezeCount.get() != NEVER_COUNT;
        final boolean sc = stopCount.isPresent() && stopCount.get() != NEVER_COUNT;
        final boolean cc = callCountText.isPresent() && !callCountText.get().isEmpty();
        if ((fc ? 1 : 0) + (sc ? 1 : 0) + (cc ? 1 : 0) > 1)
        {
            return errh.error("'COUNT_FREEZE', 'COUNT_STOP', and 'COUNT_CALL' are mutually exclusive");
        }
        if (fc)
        {
            callCount = freezeCount.get();
            countTrigger = new Trigger(name() + ".freeze true", null, ACTION_FREEZE);
        }
        else if (sc)
        {
            callCount = stopCount.get();
            countTrigger = new Trigger(name() + ".stop", null, ACTION_STOP);
        }
        else if (cc)
        {
            final String[] w = ConfigStrings.shiftSpacevec(callCountText.get());
            final Long n = parseUnsigned(w[0], IntArg.uint64());
            if (n == null)
            {
                return errh.error("COUNT_CALL first word should be unsigned (count)");
            }
            callCount = n;
            countTrigger = new Trigger(w[1], HandlerCall.parseWrite(w[1]), ACTION_CALL);
        }
        return 0;
    }

    private Long parseUnsigned(final String text, final IntArg<Long> parser)
    {
        try
        {
            return parser.parse(text, argContext());
        }
        catch (final ArgException e)
        {
            return null;
        }
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        if (nnzTrigger != null && nnzTrigger.call != null && nnzTrigger.call.resolve(this, errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        if (countTrigger != null && countTrigger.call != null && countTrigger.call.resolve(this, errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        clear();
        frozen = false;
        active = true;
        return 0;
    }

    // ------------------------------------------------------------------------------------------ the trie

    /** Click's {@code ffs_msb}: 1 for the most significant bit, 32 for the least, 0 for no bit. */
    private static int ffsMsb(final int x)
    {
        return x == 0 ? 0 : Integer.numberOfLeadingZeros(x) + 1;
    }

    /**
     * Splits node {@code n} so that aggregate {@code a} gets a place: two new children, one for {@code a}, one a copy
     * of {@code n}; {@code n} keeps the common prefix (and the count, when the lower child has exactly that value).
     */
    private static Node makePeer(final int a, final Node n, final boolean frozenNow)
    {
        if (frozenNow)
        {
            return null;
        }
        final Node[] down = {new Node(), new Node()};
        final int swivel = ffsMsb(a ^ n.aggregate);
        final int bitvalue = (a >>> (32 - swivel)) & 1;
        final int mask = swivel == 1 ? 0 : (0xFFFF_FFFF << (33 - swivel));

        down[bitvalue].aggregate = a;
        down[bitvalue].count = 0;

        final Node copy = down[1 - bitvalue];
        copy.aggregate = n.aggregate;
        copy.count = n.count;
        copy.child0 = n.child0;
        copy.child1 = n.child1;

        n.aggregate = down[0].aggregate & mask;
        if (down[0].aggregate == n.aggregate)
        {
            n.count = down[0].count;
            down[0].count = 0;
        }
        else
        {
            n.count = 0;
        }
        n.child0 = down[0];
        n.child1 = down[1];
        return n.aggregate == a ? n : down[bitvalue];
    }

    /** The node of aggregate {@code a}, made if need be; frozen, only an existing node with a nonzero count. */
    private Node findNode(final int a, final boolean frozenNow)
    {
        Node n = root;
        while (n != null)
        {
            if (n.aggregate == a)
            {
                return n.count != 0 || !frozenNow ? n : null;
            }
            if (n.child0 == null)
            {
                n = makePeer(a, n, frozenNow);
            }
            else
            {
                final int swivel = ffsMsb(n.child0.aggregate ^ n.child1.aggregate);
                if (ffsMsb(a ^ n.aggregate) < swivel)
                {
                    n = makePeer(a, n, frozenNow);
                }
                else if ((a & (1 << (32 - swivel))) != 0)
                {
                    n = n.child1;
                }
                else
                {
                    n = n.child0;
                }
            }
        }
        return null;
    }

    /** Counts one packet; false if it was not counted (inactive, or frozen and a new aggregate). */
    private boolean update(final Packet p, final boolean frozenNow)
    {
        if (!active)
        {
            return false;
        }
        final Node n = findNode(p.aggregateAnno(), frozenNow);
        if (n == null)
        {
            return false;
        }
        int amount;
        if (!bytes)
        {
            amount = 1 + (usePacketCount ? p.annoU32(AnnotationDescriptor.EXTRA_PACKETS_ANNO_OFFSET) : 0);
        }
        else
        {
            amount = p.length() + (useExtraLength ? p.annoU32(AnnotationDescriptor.EXTRA_LENGTH_ANNO_OFFSET) : 0);
            if (ipBytes && p.hasNetworkHeader())
            {
                amount -= p.networkHeaderOffset();
            }
        }

        if (amount != 0 && n.count == 0)
        {
            if (Integer.compareUnsigned(numNonzero, callNnz) >= 0)
            {
                callNnz = NEVER_NNZ;
                fire(nnzTrigger);
                // the call may have changed the state (frozen, stopped): count again
                return update(p, frozenNow || frozen);
            }
            numNonzero++;
        }
        n.count += amount;
        count += Integer.toUnsignedLong(amount);
        if (Long.compareUnsigned(count, callCount) >= 0)
        {
            callCount = NEVER_COUNT;
            fire(countTrigger);
        }
        return true;
    }

    private void fire(final Trigger t)
    {
        if (t == null)
        {
            return;
        }
        switch (t.action)
        {
            case ACTION_FREEZE -> frozen = true;
            case ACTION_STOP -> stop();
            default -> t.call.call(this);
        }
    }

    private void stop()
    {
        active = false;
        router().pleaseStopDriver();
    }

    @Override
    public void push(final int port, final Packet p)
    {
        final int out = update(p, frozen || port == 1) ? 0 : 1;
        output(noutputs() == 1 ? 0 : out).push(p);
    }

    @Override
    public Packet pull(final int port)
    {
        final Packet p = input(ninputs() == 1 ? 0 : port).pull();
        if (p != null && active)
        {
            update(p, frozen || port == 1);
        }
        return p;
    }

    /** Forgets every count. */
    public void clear()
    {
        root = new Node();
        numNonzero = 0;
        count = 0;
    }

    /** Click's {@code reaggregate_counts}: every node's count (empty inner nodes too) becomes an aggregate. */
    public void reaggregateCounts()
    {
        final Node old = root;
        clear();
        reaggregate(old);
    }

    private void reaggregate(final Node old)
    {
        // iteratively, in Click's order: the node, then its lower subtree, then its upper one
        final java.util.ArrayDeque<Node> stack = new java.util.ArrayDeque<>();
        stack.push(old);
        while (!stack.isEmpty())
        {
            final Node n = stack.pop();
            final Node x = findNode(n.count, false);
            if (x != null)
            {
                if (x.count == 0)
                {
                    numNonzero++;
                }
                x.count++;
                count++;
            }
            if (n.child0 != null)
            {
                stack.push(n.child1);
                stack.push(n.child0);
            }
        }
    }

    /** Distinct aggregates counted. */
    public long aggregateCount()
    {
        return Integer.toUnsignedLong(numNonzero);
    }

    /** The total count. */
    public long totalCount()
    {
        return count;
    }

    /** The count of one aggregate (0 if none). */
    public long countOf(final int aggregate)
    {
        Node n = root;
        while (n != null)
        {
            if (n.aggregate == aggregate)
            {
                return Integer.toUnsignedLong(n.count);
            }
            if (n.child0 == null)
            {
                return 0;
            }
            final int swivel = ffsMsb(n.child0.aggregate ^ n.child1.aggregate);
            if (ffsMsb(aggregate ^ n.aggregate) < swivel)
            {
                return 0;
            }
            n = (aggregate & (1 << (32 - swivel))) != 0 ? n.child1 : n.child0;
        }
        return 0;
    }

    // ------------------------------------------------------------------------------------------ dumps

    /** Writes the counts to {@code where} ('-': standard output) in one of the dump formats. */
    private int writeFile(final String where, final int format, final ErrorHandler errh)
    {
        final boolean toStdout = where.equals("-");
        try
        {
            final OutputStream out = toStdout ? System.out
                : new BufferedOutputStream(Files.newOutputStream(Path.of(where)), 1 << 16);
            try
            {
                final StringBuilder head = new StringBuilder("!IPAggregate 1.0\n").append(banner);
                if (!banner.isEmpty() && banner.charAt(banner.length() - 1) != '\n')
                {
                    head.append('\n');
                }
                head.append("!num_nonzero ").append(Integer.toUnsignedString(numNonzero)).append('\n');
                final boolean little = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
                if (format == WR_BINARY)
                {
                    head.append(little ? "!packed_le\n" : "!packed_be\n");
                }
                else if (format == WR_TEXT_IP)
                {
                    head.append("!ip\n");
                }
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                writeNodes(out, format, little);
                out.flush();
            }
            finally
            {
                if (!toStdout)
                {
                    out.close();
                }
            }
        }
        catch (final IOException | RuntimeException e)
        {
            return errh.error(where + ": " + (e.getMessage() == null ? "file error" : e.getMessage()));
        }
        return 0;
    }

    private void writeNodes(final OutputStream out, final int format, final boolean little) throws IOException
    {
        final StringBuilder sb = new StringBuilder();
        final byte[] record = new byte[8];
        final java.util.ArrayDeque<Node> stack = new java.util.ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty())
        {
            final Node n = stack.pop();
            if (n.count != 0)
            {
                switch (format)
                {
                    case WR_BINARY ->
                    {
                        putU32(record, 0, n.aggregate, little);
                        putU32(record, 4, n.count, little);
                        out.write(record);
                    }
                    case WR_TEXT_IP -> sb.append(n.aggregate >>> 24).append('.').append((n.aggregate >>> 16) & 255)
                        .append('.').append((n.aggregate >>> 8) & 255).append('.').append(n.aggregate & 255)
                        .append(' ').append(Integer.toUnsignedString(n.count)).append('\n');
                    case WR_TEXT_PDF -> sb.append(Integer.toUnsignedString(n.aggregate)).append(' ')
                        .append(g12(Integer.toUnsignedLong(n.count) / unsignedToDouble(count))).append('\n');
                    default -> sb.append(Integer.toUnsignedString(n.aggregate)).append(' ')
                        .append(Integer.toUnsignedString(n.count)).append('\n');
                }
                if (sb.length() >= 1 << 15)
                {
                    out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
                    sb.setLength(0);
                }
            }
            if (n.child0 != null)
            {
                stack.push(n.child1);
                stack.push(n.child0);
            }
        }
        out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void putU32(final byte[] b, final int off, final int v, final boolean little)
    {
        for (int i = 0; i < 4; i++)
        {
            final int shift = little ? 8 * i : 24 - 8 * i;
            b[off + i] = (byte) (v >>> shift);
        }
    }

    private static double unsignedToDouble(final long v)
    {
        return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
    }

    /** C's {@code %.12g}. */
    static String g12(final double v)
    {
        if (Double.isNaN(v))
        {
            return "nan";
        }
        if (Double.isInfinite(v))
        {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == 0)
        {
            return "0";
        }
        final BigDecimal d = new BigDecimal(v).round(new MathContext(12, RoundingMode.HALF_EVEN));
        final int exp = d.precision() - d.scale() - 1;
        if (exp < -4 || exp >= 12)
        {
            final String m = d.movePointLeft(exp).stripTrailingZeros().toPlainString();
            return m + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
        }
        final BigDecimal s = d.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0).toPlainString() : s.toPlainString();
    }

    // ------------------------------------------------------------------------------------------ handlers

    private int writeFileHandler(final String data, final int format, final ErrorHandler errh)
    {
        final String text = ConfigStrings.uncomment(data).trim();
        final String fn;
        try
        {
            fn = StringArg.STRING.parse(text, argContext());
        }
        catch (final ArgException e)
        {
            return errh.error("argument should be filename");
        }
        if (fn.isEmpty())
        {
            return errh.error("argument should be filename");
        }
        return writeFile(fn, format, errh);
    }

    private static String unparseTrigger(final Trigger t)
    {
        if (t.call == null)
        {
            return t.description;
        }
        final Handler h = t.call.handler();
        final String value = t.call.value();
        return (h == null ? t.call.name() : h.fullName()) + (value.isEmpty() ? "" : " " + value);
    }

    private int setBoolean(final String v, final ErrorHandler errh, final boolean isFrozen)
    {
        final boolean b;
        try
        {
            b = BoolArg.INSTANCE.parse(ConfigStrings.uncomment(v).trim(), argContext());
        }
        catch (final ArgException e)
        {
            return errh.error("type mismatch");
        }
        if (isFrozen)
        {
            frozen = b;
        }
        else
        {
            active = b;
        }
        return 0;
    }

    /** The {@code aggregate_call} / {@code count_call} write handlers: 'N HANDLER [VALUE]', or empty to cancel. */
    private int setCall(final String v, final boolean nnz, final ErrorHandler errh)
    {
        final String s = ConfigStrings.uncomment(v).trim();
        if (s.isEmpty())
        {
            if (nnz)
            {
                callNnz = NEVER_NNZ;
            }
            else
            {
                callCount = NEVER_COUNT;
            }
            return 0;
        }
        final String[] w = ConfigStrings.shiftSpacevec(s);
        final Long n = parseUnsigned(w[0], nnz ? IntArg.uint32() : IntArg.uint64());
        if (n == null)
        {
            return errh.error("argument to '" + (nnz ? "aggregate_call" : "count_call")
                + "' should be 'N HANDLER [VALUE]'");
        }
        final HandlerCall call = HandlerCall.parseWrite(w[1]);
        if (w[1].isBlank() || call.resolve(this, errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        final Trigger t = new Trigger(w[1], call, ACTION_CALL);
        if (nnz)
        {
            nnzTrigger = t;
            callNnz = (int) (long) n;
        }
        else
        {
            countTrigger = t;
            callCount = n;
        }
        return 0;
    }

    @Override
    public void addHandlers()
    {
        addWriteHandler("write_text_file", (v, errh) -> writeFileHandler(v, WR_TEXT, errh));
        addWriteHandler("write_ascii_file", (v, errh) -> writeFileHandler(v, WR_TEXT, errh));
        addWriteHandler("write_file", (v, errh) -> writeFileHandler(v, WR_BINARY, errh));
        addWriteHandler("write_ip_file", (v, errh) -> writeFileHandler(v, WR_TEXT_IP, errh));
        addWriteHandler("write_pdf_file", (v, errh) -> writeFileHandler(v, WR_TEXT_PDF, errh));
        addReadHandler("freeze", () -> Boolean.toString(frozen), Handler.CHECKBOX);
        addWriteHandler("freeze", (v, errh) -> setBoolean(v, errh, true));
        addReadHandler("active", () -> Boolean.toString(active), Handler.CHECKBOX);
        addWriteHandler("active", (v, errh) -> setBoolean(v, errh, false));
        addWriteHandler("stop", (v, errh) ->
        {
            stop();
            return 0;
        }, Handler.BUTTON);
        addWriteHandler("reaggregate_counts", (v, errh) ->
        {
            reaggregateCounts();
            return 0;
        });
        addWriteHandler("counts_pdf", (v, errh) ->
        {
            reaggregateCounts();
            return 0;
        });
        addReadHandler("banner", () -> banner);
        addWriteHandler("banner", (v, errh) ->
        {
            // as Click: a banner gets a final newline; a lone newline means no banner
            if (v.isEmpty())
            {
                banner = "";
            }
            else if (v.charAt(v.length() - 1) != '\n')
            {
                banner = v + "\n";
            }
            else
            {
                banner = v.length() == 1 ? "" : v;
            }
            return 0;
        }, Handler.RAW);
        addWriteHandler("clear", (v, errh) ->
        {
            clear();
            return 0;
        });
        addReadHandler("aggregate_call", () -> callNnz == NEVER_NNZ || nnzTrigger == null ? ""
            : Integer.toUnsignedString(callNnz) + " " + unparseTrigger(nnzTrigger));
        addWriteHandler("aggregate_call", (v, errh) -> setCall(v, true, errh));
        addReadHandler("count_call", () -> callCount == NEVER_COUNT || countTrigger == null ? ""
            : Long.toUnsignedString(callCount) + " " + unparseTrigger(countTrigger));
        addWriteHandler("count_call", (v, errh) -> setCall(v, false, errh));
        addReadHandler("count", () -> Long.toUnsignedString(count));
        addReadHandler("nagg", () -> Integer.toUnsignedString(numNonzero));
    }
}
