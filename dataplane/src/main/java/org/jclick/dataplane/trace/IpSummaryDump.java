package org.jclick.dataplane.trace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Click's IP summary dump text format (FromIPSummaryDump / ToIPSummaryDump): field names and synonyms, the
 * textual form of each field's value, the header lines and the splitting of packet lines. Building packets from
 * the values (and values from packets) is the elements' job; this class gives them the parsed representation
 * ({@link Record}: one {@code long} per field, or bytes for payloads and option lists) and the exact printing
 * rules.
 *
 * <h2>File</h2>
 * <pre>
 * !IPSummaryDump 1.3            banner (ToIPSummaryDump writes it; FromIPSummaryDump warns if absent)
 * !creator "..."                optional (ToIPSummaryDump's BANNER)
 * !data timestamp src dst ...   field names ("!contents" is a synonym); may change mid-file
 * !proto T                      default IP protocol (T, U, I, a name or a number)
 * !flowid SRC SPORT DST DPORT [PROTO]   default addresses and ports ('-' leaves one unset)
 * !aggregate N                  default aggregate annotation
 * # comment
 * 1.000020 1.0.0.1 1.0.0.2 ...  one packet per line: whitespace-separated values, '-' for "absent"
 * </pre>
 * A value in double quotes may contain spaces. Missing trailing values are absent; extra ones are ignored. A
 * value that does not parse is absent; a line none of whose values parse is a "packet parse error" (Click drops
 * the packet and complains once). {@code !binary} files are not supported (see {@link Parser}).
 *
 * <h2>Values</h2> (the {@link Kind} of each field)
 * <ul>
 * <li>timestamps: {@code SEC.FRAC}, printed with 6 fraction digits, or 9 when the nanoseconds are not whole
 *     microseconds (Click's {@code Timestamp} unparse); negative as {@code -S.F} with a positive fraction.
 * <li>addresses: dotted quads; stored as the big-endian int in a long.
 * <li>{@code ip_proto}: {@code T} (6), {@code U} (17), {@code I} (1), else the number.
 * <li>{@code ip_frag}: {@code F} first fragment, {@code f} later fragment, {@code !} don't-fragment, {@code .}
 *     otherwise; stored as Click reads it: an {@code ip_off} value (0, 0x4000, 0x2000, or 100 for "f").
 * <li>{@code ip_fragoff}: the offset in bytes, then {@code +} if more-fragments, {@code !} if don't-fragment;
 *     stored as the {@code ip_off} field (offset in 8-byte units and flags). Files of version 1.0 give the
 *     offset in 8-byte units.
 * <li>{@code tcp_flags}: letters of {@code FSRPAUECN} (bits 0-8) in that order, except {@code PA} for
 *     PSH|ACK, {@code A} for ACK alone and {@code .} for none; input also takes a number and the old letters
 *     {@code W}/{@code Y} (CWR), {@code X} (ECE).
 * <li>{@code direction}: {@code >} (0), {@code <} (1), else the number; {@code link}/{@code paint} print the
 *     number but read {@code >}/{@code <} too.
 * <li>{@code ip_ecn}: {@code no}, {@code ect1}, {@code ect2}, {@code ce}.
 * <li>{@code icmp_type_name}: Click's ICMP type names ({@code echo}, {@code echo-reply}, {@code unreachable},
 *     ...), else the number.
 * <li>{@code payload}: a double-quoted string, with {@code \\ \" \$} escaped, {@code \t \r \n}, and other bytes
 *     below 32 or above 126 as three-digit octal escapes (Click's {@code cp_quote}).
 * <li>{@code ip_opt}, {@code tcp_opt}, {@code tcp_ntopt}, {@code tcp_sack}: kept as text ({@code .} for none).
 * <li>everything else: unsigned decimal numbers (input also in C syntax: {@code 0x..}, leading-zero octal),
 *     range-checked to the field's binary width.
 * </ul>
 */
public final class IpSummaryDump
{
    public static final int MAJOR_VERSION = 1;
    public static final int MINOR_VERSION = 3;
    /** First line ToIPSummaryDump writes. */
    public static final String BANNER = "!IPSummaryDump " + MAJOR_VERSION + "." + MINOR_VERSION;

    /** How a field's value is written. */
    public enum Kind
    {
        NONE, NUMBER, TIMESTAMP, ADDRESS, PROTO, FRAG, FRAGOFF, TCP_FLAGS, DIRECTION, LINK, ECN, ICMP_TYPE_NAME,
        PAYLOAD, OPTIONS, OUTPUT_ONLY
    }

    /** Click's fields (canonical names as ToIPSummaryDump writes them in {@code !data}). */
    public enum Field
    {
        NONE("none", Kind.NONE, 0),
        TIMESTAMP("timestamp", Kind.TIMESTAMP, 8),
        NTIMESTAMP("ntimestamp", Kind.TIMESTAMP, 8),
        TS_SEC("ts_sec", Kind.NUMBER, 4),
        TS_USEC("ts_usec", Kind.NUMBER, 4),
        TS_USEC1("ts_usec1", Kind.NUMBER, 8),
        FIRST_TIMESTAMP("first_timestamp", Kind.TIMESTAMP, 8),
        FIRST_NTIMESTAMP("first_ntimestamp", Kind.TIMESTAMP, 8),
        COUNT("count", Kind.NUMBER, 4),
        LINK("link", Kind.LINK, 1),
        PAINT("paint", Kind.LINK, 1),
        DIRECTION("direction", Kind.DIRECTION, 1),
        AGGREGATE("aggregate", Kind.NUMBER, 4),
        WIRE_LEN("wire_len", Kind.NUMBER, 4),
        IP_SRC("ip_src", Kind.ADDRESS, 4),
        IP_DST("ip_dst", Kind.ADDRESS, 4),
        IP_TOS("ip_tos", Kind.NUMBER, 1),
        IP_DSCP("ip_dscp", Kind.NUMBER, 1),
        IP_ECN("ip_ecn", Kind.ECN, 1),
        IP_TTL("ip_ttl", Kind.NUMBER, 1),
        IP_FRAG("ip_frag", Kind.FRAG, 1),
        IP_FRAGOFF("ip_fragoff", Kind.FRAGOFF, 2),
        IP_ID("ip_id", Kind.NUMBER, 2),
        IP_SUM("ip_sum", Kind.NUMBER, 2),
        IP_PROTO("ip_proto", Kind.PROTO, 1),
        IP_HL("ip_hl", Kind.NUMBER, 1),
        IP_LEN("ip_len", Kind.NUMBER, 4),
        IP_CAPTURE_LEN("ip_capture_len", Kind.NUMBER, 4),
        IP_OPT("ip_opt", Kind.OPTIONS, -1),
        SPORT("sport", Kind.NUMBER, 2),
        DPORT("dport", Kind.NUMBER, 2),
        TCP_SEQ("tcp_seq", Kind.NUMBER, 4),
        TCP_ACK("tcp_ack", Kind.NUMBER, 4),
        TCP_OFF("tcp_off", Kind.NUMBER, 1),
        TCP_FLAGS("tcp_flags", Kind.TCP_FLAGS, 1),
        TCP_WINDOW("tcp_window", Kind.NUMBER, 2),
        TCP_URP("tcp_urp", Kind.NUMBER, 2),
        TCP_OPT("tcp_opt", Kind.OPTIONS, -1),
        TCP_NTOPT("tcp_ntopt", Kind.OPTIONS, -1),
        TCP_SACK("tcp_sack", Kind.OPTIONS, -1),
        ICMP_TYPE("icmp_type", Kind.NUMBER, 1),
        ICMP_CODE("icmp_code", Kind.NUMBER, 1),
        ICMP_TYPE_NAME("icmp_type_name", Kind.ICMP_TYPE_NAME, 1),
        ICMP_CODE_NAME("icmp_code_name", Kind.NUMBER, 1),
        ICMP_FLOWID("icmp_flowid", Kind.NUMBER, 2),
        ICMP_SEQ("icmp_seq", Kind.NUMBER, 2),
        ICMP_NEXTMTU("icmp_nextmtu", Kind.NUMBER, 2),
        PAYLOAD_LEN("payload_len", Kind.NUMBER, 4),
        PAYLOAD("payload", Kind.PAYLOAD, -1),
        PAYLOAD_MD5("payload_md5", Kind.OUTPUT_ONLY, 16),
        PAYLOAD_MD5_HEX("payload_md5_hex", Kind.OUTPUT_ONLY, 16);

        private final String clickName;
        private final Kind kind;
        private final int binaryBytes;

        Field(final String clickName, final Kind kind, final int binaryBytes)
        {
            this.clickName = clickName;
            this.kind = kind;
            this.binaryBytes = binaryBytes;
        }

        /** The name Click writes in {@code !data} ({@code ntimestamp} is written as {@code timestamp}). */
        public String clickName()
        {
            return clickName;
        }

        public Kind kind()
        {
            return kind;
        }

        /** Largest value of a number field: 2^(8 * width) - 1. */
        public long maxValue()
        {
            return binaryBytes >= 8 ? -1L : (1L << (8 * Math.max(binaryBytes, 0))) - 1;
        }
    }

    private static final Map<String, Field> NAMES = new HashMap<>();
    private static final Map<String, String> SYNONYMS = Map.ofEntries(
        Map.entry("utimestamp", "timestamp"), Map.entry("ts", "timestamp"), Map.entry("sec", "ts_sec"),
        Map.entry("usec", "ts_usec"), Map.entry("usec1", "ts_usec1"),
        Map.entry("first_utimestamp", "first_timestamp"), Map.entry("first_ts", "first_timestamp"),
        Map.entry("pkt_count", "count"), Map.entry("packet_count", "count"), Map.entry("agg", "aggregate"),
        Map.entry("wire_length", "wire_len"), Map.entry("length", "ip_len"), Map.entry("ip_p", "ip_proto"),
        Map.entry("tcp_seqno", "tcp_seq"), Map.entry("tcp_ackno", "tcp_ack"), Map.entry("tcp_win", "tcp_window"),
        Map.entry("payload_length", "payload_len"));

    static
    {
        for (final Field f : Field.values())
        {
            NAMES.put(f.clickName, f);
        }
    }

    /** Click's ICMP type names (NameInfo's {@code icmp_types}), by type. */
    private static final String[] ICMP_TYPE_NAMES = new String[19];

    static
    {
        ICMP_TYPE_NAMES[0] = "echo-reply";
        ICMP_TYPE_NAMES[3] = "unreachable";
        ICMP_TYPE_NAMES[4] = "sourcequench";
        ICMP_TYPE_NAMES[5] = "redirect";
        ICMP_TYPE_NAMES[8] = "echo";
        ICMP_TYPE_NAMES[9] = "routeradvert";
        ICMP_TYPE_NAMES[10] = "routersolicit";
        ICMP_TYPE_NAMES[11] = "timeexceeded";
        ICMP_TYPE_NAMES[12] = "parameterproblem";
        ICMP_TYPE_NAMES[13] = "timestamp";
        ICMP_TYPE_NAMES[14] = "timestamp-reply";
        ICMP_TYPE_NAMES[15] = "inforeq";
        ICMP_TYPE_NAMES[16] = "inforeq-reply";
        ICMP_TYPE_NAMES[17] = "maskreq";
        ICMP_TYPE_NAMES[18] = "maskreq-reply";
    }

    private static final String TCP_FLAG_LETTERS = "FSRPAUECN";
    public static final int TH_FIN = 0x01;
    public static final int TH_ACK = 0x10;
    public static final int TH_PUSH = 0x08;
    public static final int IP_DF = 0x4000;
    public static final int IP_MF = 0x2000;
    public static final int IP_OFFMASK = 0x1FFF;

    private IpSummaryDump()
    {
    }

    /**
     * The field named {@code name}, as Click's {@code FieldReader::find} looks it up: synonyms, then names,
     * then with the first space changed to an underscore, then (for a name without underscore) with {@code ip_}
     * prefixed, so {@code src} is {@code ip_src} and {@code len} is {@code ip_len}. Null if unknown.
     */
    public static Field field(final String name)
    {
        final String synonym = SYNONYMS.get(name);
        if (synonym != null)
        {
            return field(synonym);
        }
        final Field f = NAMES.get(name);
        if (f != null)
        {
            return f;
        }
        final int space = name.indexOf(' ');
        if (space >= 0)
        {
            return field(name.substring(0, space) + "_" + name.substring(space + 1));
        }
        if (name.indexOf('_') < 0)
        {
            return field("ip_" + name);
        }
        return null;
    }

    // ============================================================================================== values

    /** One packet line: a value per field of the current {@code !data}. Reused from line to line. */
    public static final class Record
    {
        private Field[] fields = new Field[0];
        private long[] values = new long[0];
        private boolean[] present = new boolean[0];
        private byte[][] bytes = new byte[0][];
        private int[] byteLengths = new int[0];

        void reset(final List<Field> newFields)
        {
            final int n = newFields.size();
            fields = newFields.toArray(new Field[0]);
            values = new long[n];
            present = new boolean[n];
            bytes = new byte[n][];
            byteLengths = new int[n];
            for (int i = 0; i < n; i++)
            {
                final Kind k = fields[i] == null ? Kind.NONE : fields[i].kind();
                if (k == Kind.PAYLOAD || k == Kind.OPTIONS)
                {
                    bytes[i] = new byte[256];
                }
            }
        }

        public int size()
        {
            return fields.length;
        }

        /** The i-th field of the line (null for a name Click does not know: its values are ignored). */
        public Field field(final int i)
        {
            return fields[i];
        }

        /** True if the i-th value was given ('-', missing or unparsable values are absent). */
        public boolean present(final int i)
        {
            return present[i];
        }

        /** The i-th value (see {@link IpSummaryDump} for each kind's representation; timestamps in ns). */
        public long value(final int i)
        {
            return values[i];
        }

        /** Payload bytes (unquoted) or option text of the i-th value; valid up to {@link #bytesLength(int)}. */
        public byte[] bytes(final int i)
        {
            return bytes[i];
        }

        public int bytesLength(final int i)
        {
            return byteLengths[i];
        }

        /** Index of the first field {@code f} in the line, or -1. */
        public int indexOf(final Field f)
        {
            for (int i = 0; i < fields.length; i++)
            {
                if (fields[i] == f)
                {
                    return i;
                }
            }
            return -1;
        }

        void setBytes(final int i, final byte[] src, final int from, final int to)
        {
            final int n = to - from;
            if (bytes[i].length < n)
            {
                bytes[i] = new byte[Math.max(n, 2 * bytes[i].length)]; // grows to the longest value, then stays
            }
            System.arraycopy(src, from, bytes[i], 0, n);
            byteLengths[i] = n;
        }
    }

    /** What a line was. */
    public enum LineKind
    {
        /** A packet: the {@link Record} holds its values. */
        PACKET,
        /** A {@code !} line (banner, {@code !data}, {@code !proto}, ...), applied to the parser's state. */
        HEADER,
        /** A {@code #} comment or a blank line. */
        COMMENT,
        /** A packet line none of whose values parsed (Click's "packet parse error"): no packet. */
        BAD
    }

    /**
     * Parses a dump line by line, keeping the header state ({@code !data} fields, {@code !proto},
     * {@code !flowid}, {@code !aggregate}, version). Packet lines allocate nothing (values go to the reused
     * {@link #record()}); header lines may. Problems go to the warning sink with the file name, the line number
     * and the byte offset of the line, as {@code "f: line 3 (byte offset 40): unknown content type 'foo'"}.
     */
    public static final class Parser
    {
        private final String name;
        private final java.util.function.Consumer<String> warnings;
        private final Record record = new Record();
        private List<Field> fields = List.of();
        private int lineNumber;
        private long lineOffset;
        private int minorVersion = MINOR_VERSION;
        private int defaultProto = 6;
        private boolean haveFlowid;
        private int flowSrc;
        private int flowSport;
        private int flowDst;
        private int flowDport;
        private boolean haveAggregate;
        private long aggregate;
        private boolean complainedFormat;
        private String creator;

        public Parser(final String name, final java.util.function.Consumer<String> warnings)
        {
            this.name = name;
            this.warnings = warnings;
        }

        /** Sets the fields before any {@code !data} (FromIPSummaryDump's CONTENTS / DEFAULT_CONTENTS). */
        public void defaultFields(final String spaceSeparated)
        {
            bangData(("!data " + spaceSeparated).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0,
                spaceSeparated.length() + 6);
        }

        public Record record()
        {
            return record;
        }

        /** Fields of the current {@code !data} (null entries: unknown names). */
        public List<Field> fields()
        {
            return Collections.unmodifiableList(fields);
        }

        /** Minor version from the banner (fragment offsets are in 8-byte units before 1.1). */
        public int minorVersion()
        {
            return minorVersion;
        }

        /** The default IP protocol ({@code !proto}, or the one given by {@code !flowid}); 6 (TCP) at first. */
        public int defaultProto()
        {
            return defaultProto;
        }

        public boolean hasFlowid()
        {
            return haveFlowid;
        }

        /** {@code !flowid} source address (big-endian int; 0 for '-'). */
        public int flowidSrc()
        {
            return flowSrc;
        }

        public int flowidSport()
        {
            return flowSport;
        }

        public int flowidDst()
        {
            return flowDst;
        }

        public int flowidDport()
        {
            return flowDport;
        }

        public boolean hasAggregate()
        {
            return haveAggregate;
        }

        public long aggregate()
        {
            return aggregate;
        }

        /** The {@code !creator} text (unquoted), or null. */
        public String creator()
        {
            return creator;
        }

        /** Lines parsed so far. */
        public int lineNumber()
        {
            return lineNumber;
        }

        /**
         * Parses one line ({@code line[from, to)}, without its newline; a trailing CR is ignored), which starts
         * at {@code byteOffset} in the file.
         */
        public LineKind line(final byte[] line, final int from, int to, final long byteOffset)
        {
            lineNumber++;
            lineOffset = byteOffset;
            if (to > from && line[to - 1] == '\r')
            {
                to--;
            }
            int p = from;
            if (lineNumber == 1)
            {
                checkBanner(line, from, to);
            }
            while (p < to && isSpace(line[p]))
            {
                p++;
            }
            if (p == to)
            {
                return LineKind.COMMENT;
            }
            if (line[from] == '#')
            {
                return LineKind.COMMENT;
            }
            if (line[from] == '!')
            {
                bang(line, from, to);
                return LineKind.HEADER;
            }
            return packet(line, from, to);
        }

        private void checkBanner(final byte[] line, final int from, final int to)
        {
            final String s = new String(line, from, Math.min(to - from, 200), java.nio.charset.StandardCharsets.ISO_8859_1);
            if (s.startsWith("!IPSummaryDump"))
            {
                final String[] v = s.substring(14).trim().split("\\.");
                try
                {
                    final int major = Integer.parseInt(v[0].trim());
                    final int minor = Integer.parseInt(v[1].trim().split("\\s")[0]);
                    minorVersion = minor;
                    if (major != MAJOR_VERSION || minor > MINOR_VERSION)
                    {
                        warn("unexpected IPSummaryDump version " + major + "." + minor);
                        minorVersion = MINOR_VERSION;
                    }
                }
                catch (final RuntimeException e)
                {
                    // Click ignores a banner it cannot scan
                }
            }
            else if (!s.startsWith("!creator") && !s.startsWith("!data") && !s.startsWith("!contents") &&
                !s.startsWith("!proto") && !s.startsWith("!flowid") && fields.isEmpty())
            {
                warn("missing banner line; is this an IP summary dump?");
            }
        }

        private static boolean startsWord(final byte[] line, final int from, final int to, final String word)
        {
            final int n = word.length();
            if (to - from <= n)
            {
                return false;
            }
            for (int i = 0; i < n; i++)
            {
                if (line[from + i] != word.charAt(i))
                {
                    return false;
                }
            }
            return isSpace(line[from + n]);
        }

        private void bang(final byte[] line, final int from, final int to)
        {
            if (startsWord(line, from, to, "!data") || startsWord(line, from, to, "!contents"))
            {
                bangData(line, from, to);
            }
            else if (startsWord(line, from, to, "!proto"))
            {
                final List<String> words = words(line, from, to);
                if (words.size() != 2)
                {
                    warn("bad !proto");
                }
                else
                {
                    proto(words.get(1), "!proto");
                }
            }
            else if (startsWord(line, from, to, "!flowid"))
            {
                bangFlowid(words(line, from, to));
            }
            else if (startsWord(line, from, to, "!aggregate"))
            {
                final List<String> words = words(line, from, to);
                final long v = words.size() == 2 ? parseNumber(words.get(1), 0xFFFFFFFFL) : -1;
                if (v < 0)
                {
                    warn("bad !aggregate specification");
                    haveAggregate = false;
                }
                else
                {
                    aggregate = v;
                    haveAggregate = true;
                }
            }
            else if (startsWord(line, from, to, "!binary"))
            {
                warn("binary IP summary dumps are not supported; the rest of the file will not parse");
            }
            else if (startsWord(line, from, to, "!creator"))
            {
                final List<String> words = words(line, from, to);
                creator = words.size() >= 2 ? unquote(words.get(1)) : "";
            }
            // other '!' lines (!host, !runtime, !IPSummaryDump, !bad ...) carry no state
        }

        private void bangData(final byte[] line, final int from, final int to)
        {
            final List<String> words = words(line, from, to);
            final List<Field> newFields = new ArrayList<>();
            for (int i = 1; i < words.size(); i++)
            {
                final String word = unquote(words.get(i));
                final Field f = field(word);
                if (f == null)
                {
                    warn("unknown content type '" + word + "'");
                }
                else if (f.kind() == Kind.OUTPUT_ONLY)
                {
                    warn("content type '" + word + "' ignored on input");
                }
                newFields.add(f == null || f.kind() == Kind.OUTPUT_ONLY ? null : f);
            }
            if (newFields.isEmpty())
            {
                warn("no contents specified");
            }
            fields = newFields;
            record.reset(newFields);
        }

        private void proto(final String word, final String what)
        {
            final long v = switch (word)
            {
                case "T", "tcp" -> 6;
                case "U", "udp" -> 17;
                case "I", "icmp" -> 1;
                case "igmp" -> 2;
                case "ipip" -> 4;
                default -> parseNumber(word, 255);
            };
            if (v < 0)
            {
                warn("bad protocol in " + what);
            }
            else
            {
                defaultProto = (int)v;
            }
        }

        private void bangFlowid(final List<String> words)
        {
            final long src = words.size() >= 5 ? (words.get(1).equals("-") ? 0 : parseAddress(words.get(1))) : -1;
            final long sport = words.size() >= 5 ? (words.get(2).equals("-") ? 0 : parseNumber(words.get(2), 65535)) : -1;
            final long dst = words.size() >= 5 ? (words.get(3).equals("-") ? 0 : parseAddress(words.get(3))) : -1;
            final long dport = words.size() >= 5 ? (words.get(4).equals("-") ? 0 : parseNumber(words.get(4), 65535)) : -1;
            if (src < 0 || sport < 0 || dst < 0 || dport < 0)
            {
                warn("bad !flowid specification");
                haveFlowid = false;
                return;
            }
            if (words.size() >= 6)
            {
                proto(words.get(5), "!flowid");
            }
            flowSrc = (int)src;
            flowSport = (int)sport;
            flowDst = (int)dst;
            flowDport = (int)dport;
            haveFlowid = true;
        }

        private LineKind packet(final byte[] line, final int from, final int to)
        {
            final int n = fields.size();
            int p = from;
            int parsed = 0;
            for (int i = 0; i < n; i++)
            {
                final int start = p;
                while (p < to && !isSpace(line[p]))
                {
                    p = line[p] == '"' ? skipDoubleQuote(line, p, to) : p + 1;
                }
                final int end = p;
                while (p < to && isSpace(line[p]))
                {
                    p++;
                }
                record.present[i] = false;
                final Field f = fields.get(i);
                if (f == null || end == start || (end - start == 1 && line[start] == '-'))
                {
                    continue;
                }
                if (parseValue(f, line, start, end, i))
                {
                    record.present[i] = true;
                    parsed++;
                }
            }
            if (parsed == 0)
            {
                if (!complainedFormat)
                {
                    complainedFormat = true;
                    warn(n == 0 ? "no '!data' provided" : "packet parse error");
                }
                return LineKind.BAD;
            }
            return LineKind.PACKET;
        }

        private boolean parseValue(final Field f, final byte[] s, final int from, final int to, final int i)
        {
            final long v;
            switch (f.kind())
            {
                case TIMESTAMP -> v = parseTimestamp(s, from, to);
                case ADDRESS -> v = parseAddress(s, from, to);
                case PROTO -> v = to - from == 1 && s[from] == 'T' ? 6 : to - from == 1 && s[from] == 'U' ? 17 :
                    to - from == 1 && s[from] == 'I' ? 1 : parseNumber(s, from, to, 255);
                case FRAG, FRAGOFF -> v = parseFragoff(s, from, to, minorVersion);
                case TCP_FLAGS -> v = parseTcpFlags(s, from, to);
                case DIRECTION, LINK -> v = to - from == 1 && s[from] == '>' ? 0 :
                    to - from == 1 && s[from] == '<' ? 1 : parseNumber(s, from, to, 0xFFFFFFFFL);
                case ECN -> v = parseEcn(s, from, to);
                case ICMP_TYPE_NAME -> v = parseIcmpType(s, from, to);
                case PAYLOAD ->
                {
                    return unquoteInto(s, from, to, i);
                }
                case OPTIONS ->
                {
                    record.setBytes(i, s, from, to);
                    return true;
                }
                default -> v = f == Field.ICMP_TYPE ? parseIcmpType(s, from, to) // Click reads names here too
                    : parseNumber(s, from, to, f.maxValue());
            }
            if (v == -1 && f.kind() != Kind.TIMESTAMP)
            {
                return false;
            }
            if (f.kind() == Kind.TIMESTAMP && v == Long.MIN_VALUE)
            {
                return false;
            }
            record.values[i] = v;
            return true;
        }

        private boolean unquoteInto(final byte[] s, final int from, final int to, final int i)
        {
            final byte[] scratch = unquoteBytes(s, from, to);
            if (scratch == null)
            {
                return false;
            }
            record.setBytes(i, scratch, 0, scratchLength);
            return true;
        }

        private byte[] scratch = new byte[256];
        private int scratchLength;

        /** Click's {@code cp_string}: a double-quoted string with escapes, or a bare word. */
        private byte[] unquoteBytes(final byte[] s, final int from, final int to)
        {
            if (scratch.length < to - from)
            {
                scratch = new byte[Math.max(to - from, 2 * scratch.length)];
            }
            int n = 0;
            int p = from;
            boolean quoted = false;
            while (p < to)
            {
                final byte c = s[p];
                if (c == '"')
                {
                    quoted = !quoted;
                    p++;
                }
                else if (c == '\\' && quoted && p + 1 < to)
                {
                    final byte e = s[p + 1];
                    p += 2;
                    switch (e)
                    {
                        case 'n' -> scratch[n++] = '\n';
                        case 't' -> scratch[n++] = '\t';
                        case 'r' -> scratch[n++] = '\r';
                        case 'a' -> scratch[n++] = 7;
                        case 'b' -> scratch[n++] = '\b';
                        case 'f' -> scratch[n++] = '\f';
                        case 'v' -> scratch[n++] = 11;
                        case '<' ->
                        {
                            // Click's hex blob "\<48 69>": pairs of hex digits, anything else skipped
                            int v = 0;
                            int k = 0;
                            while (p < to && s[p] != '>')
                            {
                                final int d = Character.digit(s[p++], 16);
                                if (d < 0)
                                {
                                    continue;
                                }
                                v = v * 16 + d;
                                if (++k == 2)
                                {
                                    scratch[n++] = (byte)v;
                                    v = 0;
                                    k = 0;
                                }
                            }
                            if (p < to)
                            {
                                p++;
                            }
                        }
                        case 'x' ->
                        {
                            int v = 0;
                            int k = 0;
                            while (p < to && k < 2 && Character.digit(s[p], 16) >= 0)
                            {
                                v = v * 16 + Character.digit(s[p++], 16);
                                k++;
                            }
                            scratch[n++] = (byte)v;
                        }
                        default ->
                        {
                            if (e >= '0' && e <= '7')
                            {
                                int v = e - '0';
                                int k = 1;
                                while (p < to && k < 3 && s[p] >= '0' && s[p] <= '7')
                                {
                                    v = v * 8 + (s[p++] - '0');
                                    k++;
                                }
                                scratch[n++] = (byte)v;
                            }
                            else
                            {
                                scratch[n++] = e;
                            }
                        }
                    }
                }
                else
                {
                    scratch[n++] = c;
                    p++;
                }
            }
            if (quoted)
            {
                return null; // unterminated string
            }
            scratchLength = n;
            return scratch;
        }

        private void warn(final String problem)
        {
            if (warnings != null)
            {
                warnings.accept(name + ": line " + lineNumber + " (byte offset " + lineOffset + "): " + problem);
            }
        }
    }

    // ============================================================================================== parsing

    static boolean isSpace(final byte c)
    {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 11 || c == '\f';
    }

    private static int skipDoubleQuote(final byte[] s, int p, final int to)
    {
        p++;
        while (p < to && s[p] != '"')
        {
            p += s[p] == '\\' && p + 1 < to ? 2 : 1;
        }
        return Math.min(p + 1, to);
    }

    /** Words of a header line, split as Click's {@code cp_spacevec} (quoted strings kept whole). */
    static List<String> words(final byte[] s, final int from, final int to)
    {
        final List<String> words = new ArrayList<>();
        int p = from;
        while (true)
        {
            while (p < to && isSpace(s[p]))
            {
                p++;
            }
            if (p >= to)
            {
                return words;
            }
            final int start = p;
            while (p < to && !isSpace(s[p]))
            {
                p = s[p] == '"' ? skipDoubleQuote(s, p, to) : p + 1;
            }
            words.add(new String(s, start, p - start, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
    }

    static String unquote(final String word)
    {
        if (word.length() >= 2 && word.charAt(0) == '"' && word.charAt(word.length() - 1) == '"')
        {
            final byte[] b = word.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            final Parser p = new Parser("", null);
            final byte[] u = p.unquoteBytes(b, 0, b.length);
            return u == null ? word : new String(u, 0, p.scratchLength, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        return word;
    }

    /**
     * An unsigned number in C syntax (decimal, {@code 0x} hex, leading-zero octal) at most {@code max}
     * (unsigned), or -1 if it is not one (for 64-bit fields, whose values may be -1 as unsigned, check
     * {@link #parseNumber(byte[], int, int, long)} on your own).
     */
    public static long parseNumber(final String s, final long max)
    {
        final byte[] b = s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        return parseNumber(b, 0, b.length, max);
    }

    static long parseNumber(final byte[] s, final int from, final int to, final long max)
    {
        if (from >= to)
        {
            return -1;
        }
        int p = from;
        int base = 10;
        if (to - p > 2 && s[p] == '0' && (s[p + 1] == 'x' || s[p + 1] == 'X'))
        {
            base = 16;
            p += 2;
        }
        else if (to - p > 1 && s[p] == '0')
        {
            base = 8;
            p++;
        }
        long v = 0;
        for (; p < to; p++)
        {
            final int d = Character.digit(s[p], base);
            if (d < 0)
            {
                return -1;
            }
            final long next = v * base + d;
            if (Long.compareUnsigned(next, v) < 0 || Long.divideUnsigned(next - d, base) != v)
            {
                return -1; // overflow
            }
            v = next;
        }
        return Long.compareUnsigned(v, max) > 0 ? -1 : v;
    }

    /** A timestamp {@code [-]SEC[.FRAC]} in nanoseconds (Click's {@code cp_time}), or Long.MIN_VALUE. */
    public static long parseTimestamp(final String s)
    {
        final byte[] b = s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        return parseTimestamp(b, 0, b.length);
    }

    static long parseTimestamp(final byte[] s, final int from, final int to)
    {
        int p = from;
        final boolean negative = p < to && s[p] == '-';
        if (negative)
        {
            p++;
        }
        long sec = 0;
        int digits = 0;
        while (p < to && s[p] >= '0' && s[p] <= '9')
        {
            sec = sec * 10 + (s[p++] - '0');
            if (++digits > 11)
            {
                return Long.MIN_VALUE;
            }
        }
        long frac = 0;
        int fracDigits = 0;
        if (p < to && s[p] == '.')
        {
            p++;
            while (p < to && s[p] >= '0' && s[p] <= '9')
            {
                if (fracDigits < 9)
                {
                    frac = frac * 10 + (s[p] - '0');
                    fracDigits++;
                }
                p++;
                digits++;
            }
        }
        if (p != to || digits == 0)
        {
            return Long.MIN_VALUE;
        }
        for (int i = fracDigits; i < 9; i++)
        {
            frac *= 10;
        }
        final long ns = sec * 1_000_000_000L + frac;
        return negative ? -ns : ns;
    }

    /** A dotted-quad IPv4 address as an unsigned big-endian int in a long, or -1. */
    public static long parseAddress(final String s)
    {
        final byte[] b = s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        return parseAddress(b, 0, b.length);
    }

    static long parseAddress(final byte[] s, final int from, final int to)
    {
        long a = 0;
        int p = from;
        for (int part = 0; part < 4; part++)
        {
            int v = 0;
            int digits = 0;
            while (p < to && s[p] >= '0' && s[p] <= '9' && digits < 4)
            {
                v = v * 10 + (s[p++] - '0');
                digits++;
            }
            if (digits == 0 || v > 255)
            {
                return -1;
            }
            a = (a << 8) | v;
            if (part < 3)
            {
                if (p >= to || s[p] != '.')
                {
                    return -1;
                }
                p++;
            }
        }
        return p == to ? a : -1;
    }

    static long parseFragoff(final byte[] s, final int from, final int to, final int minorVersion)
    {
        if (to - from == 1)
        {
            switch (s[from])
            {
                case '.':
                    return 0;
                case '!':
                    return IP_DF;
                case 'F':
                    return IP_MF;
                case 'f':
                    return 100; // Click: "arbitrary nonzero offset"
                default:
                    break;
            }
        }
        int p = from;
        long v = 0;
        while (p < to && s[p] >= '0' && s[p] <= '9')
        {
            v = v * 10 + (s[p++] - '0');
            if (v > 0xFFFFFFL)
            {
                return -1;
            }
        }
        if (p == from)
        {
            return -1;
        }
        if (minorVersion > 0)
        {
            v >>= 3;
        }
        for (; p < to; p++)
        {
            if (s[p] == '!')
            {
                v |= IP_DF;
            }
            else if (s[p] == '+')
            {
                v |= IP_MF;
            }
            else
            {
                return -1;
            }
        }
        return v & 0xFFFF;
    }

    static long parseTcpFlags(final byte[] s, final int from, final int to)
    {
        if (to - from == 1 && s[from] == '.')
        {
            return 0;
        }
        if (s[from] >= '0' && s[from] <= '9')
        {
            final long v = parseNumber(s, from, to, 0xFFF);
            return v;
        }
        long v = 0;
        for (int p = from; p < to; p++)
        {
            final int bit = switch (s[p])
            {
                case 'F' -> 0;
                case 'S' -> 1;
                case 'R' -> 2;
                case 'P' -> 3;
                case 'A' -> 4;
                case 'U' -> 5;
                case 'E', 'X' -> 6;
                case 'C', 'W', 'Y' -> 7;
                case 'N' -> 8;
                default -> -1;
            };
            if (bit < 0)
            {
                return -1;
            }
            v |= 1L << bit;
        }
        return v;
    }

    private static boolean is(final byte[] s, final int from, final int to, final String word)
    {
        if (to - from != word.length())
        {
            return false;
        }
        for (int i = 0; i < word.length(); i++)
        {
            if (s[from + i] != word.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    static long parseEcn(final byte[] s, final int from, final int to)
    {
        if (is(s, from, to, "0") || is(s, from, to, "no") || is(s, from, to, "-"))
        {
            return 0;
        }
        if (is(s, from, to, "1") || is(s, from, to, "ect1") || is(s, from, to, "ECT(1)"))
        {
            return 1;
        }
        if (is(s, from, to, "2") || is(s, from, to, "ect2") || is(s, from, to, "ECT(0)"))
        {
            return 2;
        }
        if (is(s, from, to, "3") || is(s, from, to, "ce") || is(s, from, to, "CE"))
        {
            return 3;
        }
        return -1;
    }

    static long parseIcmpType(final byte[] s, final int from, final int to)
    {
        for (int t = 0; t < ICMP_TYPE_NAMES.length; t++)
        {
            if (ICMP_TYPE_NAMES[t] != null && is(s, from, to, ICMP_TYPE_NAMES[t]))
            {
                return t;
            }
        }
        return parseNumber(s, from, to, 255);
    }

    // ============================================================================================== formatting

    /**
     * The header ToIPSummaryDump writes: the banner, {@code !creator "BANNER"} if {@code creator} is not null,
     * and {@code !data} with the fields' Click names ({@code ntimestamp} written as {@code timestamp}).
     * (VERBOSE's {@code !host} and {@code !runtime} lines are the element's.)
     */
    public static String header(final List<Field> fields, final String creator)
    {
        final StringBuilder sb = new StringBuilder();
        sb.append(BANNER).append('\n');
        if (creator != null)
        {
            sb.append("!creator ");
            appendQuoted(sb, creator.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, creator.length());
            sb.append('\n');
        }
        sb.append("!data");
        for (final Field f : fields)
        {
            sb.append(' ').append(f == Field.NTIMESTAMP ? "timestamp" : f.clickName());
        }
        return sb.append('\n').toString();
    }

    /** Appends a timestamp as Click prints one: {@code SEC.UUUUUU}, or {@code SEC.NNNNNNNNN} if needed. */
    public static StringBuilder appendTimestamp(final StringBuilder sb, final long ns)
    {
        long sec = Math.floorDiv(ns, 1_000_000_000L);
        long sub = Math.floorMod(ns, 1_000_000_000L);
        if (sec < 0)
        {
            sb.append('-');
            if (sub == 0)
            {
                sec = -sec;
            }
            else
            {
                sec = -sec - 1;
                sub = 1_000_000_000L - sub;
            }
        }
        sb.append(sec).append('.');
        if (sub % 1000 == 0)
        {
            pad(sb, sub / 1000, 6);
        }
        else
        {
            pad(sb, sub, 9);
        }
        return sb;
    }

    private static void pad(final StringBuilder sb, final long v, final int width)
    {
        int digits = 1;
        for (long m = v; m >= 10; m /= 10)
        {
            digits++;
        }
        for (int i = digits; i < width; i++)
        {
            sb.append('0');
        }
        sb.append(v);
    }

    /** Appends a big-endian IPv4 address as a dotted quad. */
    public static StringBuilder appendAddress(final StringBuilder sb, final int address)
    {
        return sb.append(address >>> 24).append('.').append((address >>> 16) & 0xFF).append('.')
            .append((address >>> 8) & 0xFF).append('.').append(address & 0xFF);
    }

    /** Appends TCP flags as ToIPSummaryDump does. */
    public static StringBuilder appendTcpFlags(final StringBuilder sb, final int flags)
    {
        if (flags == (TH_ACK | TH_PUSH))
        {
            return sb.append("PA");
        }
        if (flags == TH_ACK)
        {
            return sb.append('A');
        }
        if (flags == 0)
        {
            return sb.append('.');
        }
        for (int bit = 0; bit < 9; bit++)
        {
            if ((flags & (1 << bit)) != 0)
            {
                sb.append(TCP_FLAG_LETTERS.charAt(bit));
            }
        }
        return sb;
    }

    /** Appends {@code ip_fragoff} for an {@code ip_off} field value. */
    public static StringBuilder appendFragoff(final StringBuilder sb, final int ipOff)
    {
        sb.append((long)(ipOff & IP_OFFMASK) << 3);
        if ((ipOff & IP_MF) != 0)
        {
            sb.append('+');
        }
        if ((ipOff & IP_DF) != 0)
        {
            sb.append('!');
        }
        return sb;
    }

    /** Appends {@code ip_frag} for an {@code ip_off} field value. */
    public static StringBuilder appendFrag(final StringBuilder sb, final int ipOff)
    {
        if ((ipOff & (IP_MF | IP_OFFMASK)) != 0)
        {
            return sb.append((ipOff & IP_OFFMASK) == 0 ? 'F' : 'f');
        }
        return sb.append((ipOff & IP_DF) != 0 ? '!' : '.');
    }

    /** Appends bytes as Click's {@code cp_quote} quotes them. */
    public static StringBuilder appendQuoted(final StringBuilder sb, final byte[] b, final int from, final int to)
    {
        sb.append('"');
        for (int i = from; i < to; i++)
        {
            final int c = b[i] & 0xFF;
            switch (c)
            {
                case '\\', '"', '$' -> sb.append('\\').append((char)c);
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                default ->
                {
                    if (c < 32 || c >= 127)
                    {
                        sb.append('\\').append((char)('0' + (c >> 6))).append((char)('0' + ((c >> 3) & 7)))
                            .append((char)('0' + (c & 7)));
                    }
                    else
                    {
                        sb.append((char)c);
                    }
                }
            }
        }
        return sb.append('"');
    }

    /**
     * Appends a value of field {@code f} as ToIPSummaryDump prints it (numbers unsigned; see the class comment).
     * PAYLOAD and OPTIONS values are appended with {@link #appendQuoted} or as text by the caller.
     */
    public static StringBuilder appendValue(final StringBuilder sb, final Field f, final long value)
    {
        switch (f.kind())
        {
            case TIMESTAMP -> appendTimestamp(sb, value);
            case ADDRESS -> appendAddress(sb, (int)value);
            case PROTO -> sb.append(value == 6 ? "T" : value == 17 ? "U" : value == 1 ? "I" : Long.toString(value));
            case FRAG -> appendFrag(sb, (int)value);
            case FRAGOFF -> appendFragoff(sb, (int)value);
            case TCP_FLAGS -> appendTcpFlags(sb, (int)value);
            case DIRECTION -> sb.append(value == 0 ? ">" : value == 1 ? "<" : Long.toString(value));
            case ECN -> sb.append(switch ((int)value & 3)
            {
                case 0 -> "no";
                case 1 -> "ect1";
                case 2 -> "ect2";
                default -> "ce";
            });
            case ICMP_TYPE_NAME -> sb.append(value >= 0 && value < ICMP_TYPE_NAMES.length &&
                ICMP_TYPE_NAMES[(int)value] != null ? ICMP_TYPE_NAMES[(int)value] : Long.toString(value));
            default -> sb.append(f.binaryBytes >= 8 ? Long.toUnsignedString(value) : Long.toString(value));
        }
        return sb;
    }

    /** Lower-case hex, for {@code payload_md5_hex}. */
    public static StringBuilder appendHex(final StringBuilder sb, final byte[] b)
    {
        for (final byte x : b)
        {
            sb.append(Character.forDigit((x >> 4) & 15, 16)).append(Character.forDigit(x & 15, 16));
        }
        return sb;
    }
}
