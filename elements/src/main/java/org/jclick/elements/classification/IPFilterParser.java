package org.jclick.elements.classification;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jclick.dataplane.args.ArgContext;
import org.jclick.dataplane.args.EtherAddress;
import org.jclick.dataplane.args.EtherAddressArg;
import org.jclick.dataplane.args.IPAddressArg;
import org.jclick.dataplane.args.IPPrefixArg;
import org.jclick.dataplane.args.Ip4Prefix;

/**
 * Parses IPFilter / IPClassifier expressions (tcpdump-like: {@code src host 10.0.0.1 and tcp port www}) into
 * {@link Expr}s over the {@link ClassifierProgram.Layout#IP} layout.
 *
 * <p>Names come from built-in tables only (never {@code /etc/services} or {@code /etc/protocols}), plus the
 * router's AddressInfo names for addresses, prefixes and Ethernet addresses.
 */
public final class IPFilterParser
{
    // ------------------------------------------------------------------------------------------ name tables

    /** Pseudo-protocols (not IP protocol numbers). */
    static final int PROTO_UNKNOWN = -1;
    static final int PROTO_TCP_OR_UDP = 0x101;
    static final int PROTO_TRANSP = 0x102;

    static final int PROTO_ICMP = 1;
    static final int PROTO_TCP = 6;
    static final int PROTO_UDP = 17;

    /** IP protocol names. */
    static final Map<String, Integer> PROTOCOLS = Map.of("icmp", 1, "igmp", 2, "ipip", 4, "tcp", 6, "udp", 17,
        "dccp", 33, "gre", 47, "sctp", 132, "tcpudp", PROTO_TCP_OR_UDP, "transp", PROTO_TRANSP);

    /** TCP and UDP port names (the same table for both). */
    static final Map<String, Integer> PORTS = Map.ofEntries(Map.entry("auth", 113), Map.entry("bootpc", 68),
        Map.entry("bootps", 67), Map.entry("chargen", 19), Map.entry("daytime", 13), Map.entry("discard", 9),
        Map.entry("dns", 53), Map.entry("domain", 53), Map.entry("echo", 7), Map.entry("finger", 79),
        Map.entry("ftp", 21), Map.entry("ftp-data", 20), Map.entry("https", 443), Map.entry("imap3", 220),
        Map.entry("imaps", 993), Map.entry("irc", 194), Map.entry("netbios-dgm", 138), Map.entry("netbios-ns", 137),
        Map.entry("netbios-ssn", 139), Map.entry("nntp", 119), Map.entry("ntp", 123), Map.entry("pop3", 110),
        Map.entry("pop3s", 995), Map.entry("pptp", 1723), Map.entry("rip", 520), Map.entry("route", 520),
        Map.entry("smtp", 25), Map.entry("snmp", 161), Map.entry("snmp-trap", 162), Map.entry("ssh", 22),
        Map.entry("sunrpc", 111), Map.entry("telnet", 23), Map.entry("tftp", 69), Map.entry("www", 80));

    /** TCP flag names. */
    static final Map<String, Integer> TCP_FLAGS = Map.of("fin", 0x01, "syn", 0x02, "rst", 0x04, "psh", 0x08,
        "ack", 0x10, "urg", 0x20);

    /** ICMP type names. */
    static final Map<String, Integer> ICMP_TYPES = Map.ofEntries(Map.entry("echo-reply", 0),
        Map.entry("unreachable", 3), Map.entry("sourcequench", 4), Map.entry("redirect", 5), Map.entry("echo", 8),
        Map.entry("routeradvert", 9), Map.entry("routersolicit", 10), Map.entry("timeexceeded", 11),
        Map.entry("parameterproblem", 12), Map.entry("timestamp", 13), Map.entry("timestamp-reply", 14),
        Map.entry("inforeq", 15), Map.entry("inforeq-reply", 16), Map.entry("maskreq", 17),
        Map.entry("maskreq-reply", 18));

    // Primitive types.
    private static final int T_NONE = 0;
    private static final int T_HOST = 1;
    private static final int T_NET = 2;
    private static final int T_PORT = 3;
    private static final int T_PROTO = 4;
    private static final int T_TCPOPT = 5;
    private static final int T_IPFRAG = 6;
    private static final int T_IPUNFRAG = 7;
    private static final int T_IPECT = 8;
    private static final int T_IPCE = 9;
    private static final int T_FIELD = 10;
    private static final int T_ETHER = 11;
    private static final int T_ERROR = -2;

    // Data kinds.
    private static final int D_NONE = 0;
    private static final int D_INT = 1;
    private static final int D_HOST = 2;
    private static final int D_NET = 3;
    private static final int D_PORT = 4;
    private static final int D_PROTO = 5;
    private static final int D_TCPOPT = 6;
    private static final int D_ICMPTYPE = 7;
    private static final int D_ETHER = 8;

    // Directions.
    private static final int SD_NONE = 0;
    private static final int SD_SRC = 1;
    private static final int SD_DST = 2;
    private static final int SD_OR = 3;
    private static final int SD_AND = 4;

    // Relations.
    private static final int OP_EQ = 0;
    private static final int OP_GT = 1;
    private static final int OP_LT = 2;

    /** A header field: region (IP or transport), bit offset, bit count, protocol (for transport fields). */
    private record Field(String name, boolean transport, int bitOffset, int bits, int proto)
    {
    }

    private static final Field F_VERS = new Field("ip vers", false, 0, 4, PROTO_UNKNOWN);
    private static final Field F_HL = new Field("ip hl", false, 4, 4, PROTO_UNKNOWN);
    private static final Field F_TOS = new Field("ip tos", false, 8, 8, PROTO_UNKNOWN);
    private static final Field F_DSCP = new Field("ip dscp", false, 8, 6, PROTO_UNKNOWN);
    private static final Field F_LEN = new Field("ip len", false, 16, 16, PROTO_UNKNOWN);
    private static final Field F_ID = new Field("ip id", false, 32, 16, PROTO_UNKNOWN);
    private static final Field F_TTL = new Field("ip ttl", false, 64, 8, PROTO_UNKNOWN);
    private static final Field F_ICMP_TYPE = new Field("icmp type", true, 0, 8, PROTO_ICMP);
    private static final Field F_TCP_WIN = new Field("tcp win", true, 112, 16, PROTO_TCP);

    /** Type words: a primitive type, or a field. */
    private static final Map<String, Object> TYPE_WORDS = Map.ofEntries(Map.entry("ce", T_IPCE),
        Map.entry("dscp", F_DSCP), Map.entry("ect", T_IPECT), Map.entry("frag", T_IPFRAG), Map.entry("hl", F_HL),
        Map.entry("host", T_HOST), Map.entry("id", F_ID), Map.entry("len", F_LEN), Map.entry("net", T_NET),
        Map.entry("opt", T_TCPOPT), Map.entry("port", T_PORT), Map.entry("proto", T_PROTO), Map.entry("tos", F_TOS),
        Map.entry("ttl", F_TTL), Map.entry("type", F_ICMP_TYPE), Map.entry("unfrag", T_IPUNFRAG),
        Map.entry("vers", F_VERS), Map.entry("win", F_TCP_WIN));

    private static final Set<String> SYNTAX_WORDS = Set.of("src", "dst", "dest", "ip", "not", "ether");

    // ------------------------------------------------------------------------------------------ primitive

    private static final class Prim
    {
        int type = T_NONE;
        Field field;
        int srcdst = SD_NONE;
        int proto = PROTO_UNKNOWN;
        int data = D_NONE;
        Field dataField;
        long u;
        long mask;
        long etherMask;
        int op = OP_EQ;
        boolean opNegated;
        /** Result of an always-true/false relation: null, or the constant. */
        Boolean constant;

        Prim copy()
        {
            final Prim p = new Prim();
            p.type = type;
            p.field = field;
            p.srcdst = srcdst;
            p.proto = proto;
            p.data = data;
            p.dataField = dataField;
            p.u = u;
            p.mask = mask;
            p.op = op;
            p.opNegated = opNegated;
            return p;
        }
    }

    // ------------------------------------------------------------------------------------------ state

    private final List<String> words;
    private final ArgContext context;
    private final List<String> errors;
    private final List<String> warnings;
    private final String prefix;
    private int errorCount;
    private Prim prev = new Prim();

    private IPFilterParser(final List<String> words, final ArgContext context, final String prefix,
        final List<String> errors, final List<String> warnings)
    {
        this.words = words;
        this.context = context;
        this.prefix = prefix;
        this.errors = errors;
        this.warnings = warnings;
    }

    private void error(final String text)
    {
        errors.add(prefix + text);
        errorCount++;
    }

    private void warning(final String text)
    {
        warnings.add(prefix + text);
    }

    // ------------------------------------------------------------------------------------------ entry points

    /** Splits an (unquoted) argument into words as Click's IPFilter does. */
    public static List<String> tokenize(final String text)
    {
        final List<String> out = new ArrayList<>();
        final int len = text.length();
        int pos = 0;
        while (pos < len)
        {
            while (pos < len && Character.isWhitespace(text.charAt(pos)))
            {
                pos++;
            }
            if (pos >= len)
            {
                break;
            }
            final char c = text.charAt(pos);
            final char next = pos + 1 < len ? text.charAt(pos + 1) : 0;
            if ((c == '&' || c == '|') && next == c)
            {
                out.add(text.substring(pos, pos + 2));
                pos += 2;
            }
            else if ((c == '<' || c == '>' || c == '!' || c == '=') && next == '=')
            {
                out.add(text.substring(pos, pos + 2));
                pos += 2;
            }
            else if ("&|<>!=()[],;?".indexOf(c) >= 0)
            {
                out.add(String.valueOf(c));
                pos++;
            }
            else
            {
                final int first = pos;
                while (pos < len && isWordChar(text.charAt(pos)))
                {
                    pos++;
                }
                if (pos == first)
                {
                    pos++;
                }
                out.add(text.substring(first, pos));
            }
        }
        return out;
    }

    private static boolean isWordChar(final char c)
    {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
            || c == '/' || c == '@' || c == '_' || c == ':';
    }

    /**
     * Parses an expression (the words of one pattern, after the action). Errors get {@code prefix} (Click's
     * {@code "pattern N: "}) and go to {@code errors}; the result is null if there was any.
     */
    public static Expr parseExpression(final List<String> words, final ArgContext context, final String prefix,
        final List<String> errors, final List<String> warnings)
    {
        if (words.isEmpty() || (words.size() == 1
            && (words.get(0).equals("-") || words.get(0).equals("any") || words.get(0).equals("all"))))
        {
            return Expr.TRUE;
        }
        final IPFilterParser p = new IPFilterParser(words, context, prefix, errors, warnings);
        final int[] pos = {0};
        final Expr e = p.parseExpr(pos);
        if (pos[0] < words.size())
        {
            p.error("garbage after expression at '" + words.get(pos[0]) + "'");
        }
        return p.errorCount > 0 ? null : (e == null ? Expr.TRUE : e);
    }

    // ------------------------------------------------------------------------------------------ grammar

    private String word(final int pos)
    {
        return pos < words.size() ? words.get(pos) : null;
    }

    private Expr parseExpr(final int[] pos)
    {
        final Expr c = parseOr(pos);
        if ("?".equals(word(pos[0])))
        {
            final int thenPos = ++pos[0];
            final Expr a = parseExpr(pos);
            if (pos[0] > thenPos && ":".equals(word(pos[0])))
            {
                pos[0]++;
            }
            else
            {
                error("':' missing in ternary expression");
                return c;
            }
            final Expr b = parseExpr(pos);
            if (c == null || a == null || b == null)
            {
                return c;
            }
            return new Expr.Cond(c, a, b);
        }
        return c;
    }

    private Expr parseOr(final int[] pos)
    {
        Expr e = parseTerm(pos);
        while ("or".equals(word(pos[0])) || "||".equals(word(pos[0])))
        {
            pos[0]++;
            e = Expr.or(e, parseTerm(pos));
        }
        return e;
    }

    private Expr parseTerm(final int[] pos)
    {
        Expr e = null;
        boolean blankOk = false;
        while (true)
        {
            final int before = pos[0];
            final Expr f = parseFactor(pos, false);
            if (pos[0] == before)
            {
                break;
            }
            e = Expr.and(e, f);
            blankOk = true;
            final String w = word(pos[0]);
            if ("and".equals(w) || "&&".equals(w))
            {
                blankOk = false;
                pos[0]++;
            }
        }
        if (!blankOk)
        {
            error("missing term");
        }
        return e;
    }

    private Expr parseFactor(final int[] pos, final boolean negated)
    {
        final String w = word(pos[0]);
        if (w == null || w.equals(")") || w.equals("||") || w.equals("or") || w.equals("?") || w.equals(":"))
        {
            return null;
        }
        if (w.equals("true") || w.equals("false"))
        {
            pos[0]++;
            return new Expr.Const(w.equals("true") != negated);
        }
        if (w.equals("not") || w.equals("!"))
        {
            final int start = ++pos[0];
            final Expr e = parseFactor(pos, !negated);
            if (pos[0] == start)
            {
                error("missing factor after '" + w + "'");
            }
            return e;
        }
        if (w.equals("("))
        {
            final int start = ++pos[0];
            final Expr e = parseExpr(pos);
            if (pos[0] == start)
            {
                error("missing expression after '('");
            }
            if (!")".equals(word(pos[0])))
            {
                error("missing ')'");
            }
            else
            {
                pos[0]++;
            }
            return e == null ? null : negated ? new Expr.Not(e) : e;
        }
        return parsePrimitive(pos, negated);
    }

    // ------------------------------------------------------------------------------------------ primitives

    private static final int L_NOTHING = -1;
    private static final int L_ERROR = -2;
    private static final int L_TYPE = 100;

    /** Result of a word lookup: kind (a data kind, {@link #L_TYPE}, {@link #L_NOTHING} or {@link #L_ERROR}). */
    private record Lookup(int kind, long value, Object type)
    {
    }

    private static String typeName(final int type, final Field field)
    {
        return switch (type)
        {
            case T_HOST -> "ip host";
            case T_NET -> "ip net";
            case T_PORT -> "port";
            case T_PROTO -> "proto";
            case T_TCPOPT -> "tcp opt";
            case T_IPFRAG -> "ip frag";
            case T_IPUNFRAG -> "ip unfrag";
            case T_IPECT -> "ip ect";
            case T_IPCE -> "ip ce";
            case T_ETHER -> "ether host";
            case T_FIELD -> field == null ? "ip[...]" : field.name();
            default -> "";
        };
    }

    private static String protoName(final int proto)
    {
        return switch (proto)
        {
            case PROTO_UNKNOWN -> "";
            case 1 -> "icmp";
            case 2 -> "igmp";
            case 4 -> "ipip";
            case 6 -> "tcp";
            case 17 -> "udp";
            case 33 -> "dccp";
            case 47 -> "gre";
            case 132 -> "sctp";
            case PROTO_TCP_OR_UDP -> "tcpudp";
            case PROTO_TRANSP -> "transp";
            default -> "ip proto " + proto;
        };
    }

    private static String join(final String... parts)
    {
        final StringBuilder sb = new StringBuilder();
        for (final String s : parts)
        {
            if (s != null && !s.isEmpty())
            {
                if (!sb.isEmpty())
                {
                    sb.append(' ');
                }
                sb.append(s);
            }
        }
        return sb.toString();
    }

    /**
     * Looks {@code w} up as Click's IPFilter does: type words first (when no type is known yet), then the protocol,
     * port, TCP flag and ICMP type tables, keeping only the meanings that suit {@code type} and {@code proto}.
     */
    private Lookup lookup(final String w, final int type, final Field field, final int proto, final boolean report)
    {
        if (type == T_NONE)
        {
            if (TYPE_WORDS.containsKey(w))
            {
                return new Lookup(L_TYPE, 0, TYPE_WORDS.get(w));
            }
            if (SYNTAX_WORDS.contains(w))
            {
                return new Lookup(L_NOTHING, 0, null);
            }
        }
        final Integer vProto = PROTOCOLS.get(w);
        final Integer vPort = PORTS.get(w);
        final Integer vFlag = TCP_FLAGS.get(w);
        final Integer vIcmp = ICMP_TYPES.get(w);
        if (vProto == null && vPort == null && vFlag == null && vIcmp == null)
        {
            return new Lookup(L_NOTHING, 0, null);
        }
        final boolean icmpType = type == T_FIELD && field == F_ICMP_TYPE;
        final boolean okProto = vProto != null && (type == T_NONE || type == T_PROTO);
        final boolean okPort = vPort != null && (type == T_NONE || type == T_PORT)
            && (proto == PROTO_UNKNOWN || proto == PROTO_TCP || proto == PROTO_UDP || proto == PROTO_TCP_OR_UDP);
        final boolean okFlag = vFlag != null && (type == T_NONE || type == T_TCPOPT)
            && (proto == PROTO_UNKNOWN || proto == PROTO_TCP || proto == PROTO_TCP_OR_UDP);
        final boolean okIcmp = vIcmp != null && (type == T_NONE || icmpType)
            && (proto == PROTO_UNKNOWN || proto == PROTO_ICMP);
        final int n = (okProto ? 1 : 0) + (okPort ? 1 : 0) + (okFlag ? 1 : 0) + (okIcmp ? 1 : 0);
        if (n == 1)
        {
            if (okProto)
            {
                return new Lookup(D_PROTO, vProto, null);
            }
            if (okPort)
            {
                return new Lookup(D_PORT, vPort, null);
            }
            if (okFlag)
            {
                return new Lookup(D_TCPOPT, vFlag, null);
            }
            return new Lookup(D_ICMPTYPE, vIcmp, null);
        }
        if (report)
        {
            final Set<String> tries = new LinkedHashSet<>();
            final String pn = protoName(proto);
            if (vProto != null)
            {
                tries.add("'" + join("proto", w) + "'");
            }
            if (vPort != null)
            {
                tries.add("'" + join("port", w) + "'");
            }
            if (vFlag != null)
            {
                tries.add("'" + join("tcp opt", w) + "'");
            }
            if (vIcmp != null)
            {
                tries.add("'" + join("icmp type", w) + "'");
            }
            final String asWritten = type == T_FIELD && field != null && field.proto() != PROTO_UNKNOWN
                ? join(field.name(), w) : join(typeName(type, field), pn, w);
            error("'" + asWritten + "' is " + (n > 1 ? "ambiguous" : "meaningless") + "; try "
                + String.join(", ", tries));
        }
        return new Lookup(L_ERROR, 0, null);
    }

    private void setType(final Prim prim, final int type, final Field field)
    {
        if (prim.type != T_NONE)
        {
            error("type specified twice");
        }
        prim.type = type;
        prim.field = field;
    }

    private void setSrcDst(final Prim prim, final int sd)
    {
        if (prim.srcdst != SD_NONE)
        {
            error("'src' or 'dst' specified twice");
        }
        prim.srcdst = sd;
    }

    private void setProto(final Prim prim, final int proto)
    {
        if (prim.proto != PROTO_UNKNOWN && prim.proto != proto)
        {
            error("transport protocol specified twice");
        }
        prim.proto = proto;
    }

    private Expr parsePrimitive(final int[] posRef, final boolean negatedIn)
    {
        boolean negated = negatedIn;
        int pos = posRef[0];
        final int firstPos = pos;
        final Prim prim = new Prim();
        char header = 0;

        // qualifiers
        for (; pos < words.size(); pos++)
        {
            final String wd = words.get(pos);
            final Lookup l = lookup(wd, T_NONE, null, PROTO_UNKNOWN, false);
            if (l.kind() == L_TYPE)
            {
                if (l.type() instanceof Field f)
                {
                    setType(prim, T_FIELD, f);
                    if (f.proto() != PROTO_UNKNOWN)
                    {
                        setProto(prim, f.proto());
                    }
                }
                else
                {
                    setType(prim, (Integer)l.type(), null);
                }
            }
            else if (l.kind() == D_PROTO)
            {
                setProto(prim, (int)l.value());
            }
            else if (l.kind() != L_NOTHING)
            {
                break;
            }
            else if (wd.equals("src"))
            {
                final String w1 = word(pos + 1);
                final String w2 = word(pos + 2);
                if (w2 != null && (w2.equals("dst") || w2.equals("dest")) && ("and".equals(w1) || "&&".equals(w1)))
                {
                    setSrcDst(prim, SD_AND);
                    pos += 2;
                }
                else if (w2 != null && (w2.equals("dst") || w2.equals("dest")) && ("or".equals(w1) || "||".equals(w1)))
                {
                    setSrcDst(prim, SD_OR);
                    pos += 2;
                }
                else
                {
                    setSrcDst(prim, SD_SRC);
                }
            }
            else if (wd.equals("dst") || wd.equals("dest"))
            {
                setSrcDst(prim, SD_DST);
            }
            else if (wd.equals("ip") || wd.equals("ether"))
            {
                // header selector: an address after 'ip' is never Ethernet, and after 'ether' never IP
                if (header != 0)
                {
                    break;
                }
                header = wd.charAt(0);
            }
            else if (wd.equals("not") || wd.equals("!"))
            {
                negated = !negated;
            }
            else
            {
                break;
            }
        }
        if (pos != firstPos)
        {
            prev = new Prim();
        }
        if (prev.data == D_ETHER)
        {
            header = 'e';
        }

        // [POS], [POS:LEN], [POS,END]
        String wd = pos >= words.size() - 1 ? null : words.get(pos);
        if ("[".equals(wd) && pos > firstPos && prim.type == T_NONE)
        {
            pos = parseBrackets(prim, pos);
            wd = pos >= words.size() - 1 ? null : words.get(pos);
        }

        // & MASK
        long providedMask = 0;
        long providedEtherMask = 0;
        if ("&".equals(wd) && pos < words.size() - 1)
        {
            final String m = words.get(pos + 1);
            final Long iv = parseInteger(m);
            Integer ipv = null;
            EtherAddress ev = null;
            if (iv == null)
            {
                ipv = header != 'e' ? ipAddress(m) : null;
                if (ipv == null && header != 'i')
                {
                    ev = etherAddress(m);
                }
            }
            if (iv != null || ipv != null || ev != null)
            {
                pos += 2;
                wd = pos >= words.size() - 1 ? null : words.get(pos);
                if (iv != null)
                {
                    providedMask = iv;
                }
                else if (ipv != null)
                {
                    providedMask = Integer.toUnsignedLong(ipv);
                }
                else
                {
                    providedEtherMask = ev.value();
                }
                if (providedMask == 0 && ev == null)
                {
                    error("zero mask ignored");
                }
            }
        }

        // relation
        pos++;
        if ("=".equals(wd) || "==".equals(wd))
        {
            // default
        }
        else if ("!=".equals(wd))
        {
            prim.opNegated = true;
        }
        else if (">".equals(wd))
        {
            prim.op = OP_GT;
        }
        else if ("<".equals(wd))
        {
            prim.op = OP_LT;
        }
        else if (">=".equals(wd))
        {
            prim.op = OP_LT;
            prim.opNegated = true;
        }
        else if ("<=".equals(wd))
        {
            prim.op = OP_GT;
            prim.opNegated = true;
        }
        else
        {
            pos--;
        }

        // data
        if (pos < words.size())
        {
            wd = words.get(pos);
            final Lookup l = lookup(wd, prim.type, prim.field, prim.proto, true);
            pos++;
            if (l.kind() == L_ERROR)
            {
                prim.type = T_ERROR;
            }
            else if (l.kind() != L_NOTHING && l.kind() != L_TYPE)
            {
                prim.data = l.kind();
                prim.u = l.value();
            }
            else
            {
                final Long iv = parseInteger(wd);
                final Integer ipv = iv == null && header != 'e' ? ipAddress(wd) : null;
                if (iv != null)
                {
                    prim.data = D_INT;
                    prim.u = iv;
                }
                else if (ipv != null)
                {
                    prim.u = Integer.toUnsignedLong(ipv);
                    final Integer maskWord = "mask".equals(word(pos)) && word(pos + 1) != null
                        ? ipAddress(word(pos + 1)) : null;
                    final Ip4Prefix asPrefix = prim.type == T_NET ? ipPrefix(wd) : null;
                    if (maskWord != null)
                    {
                        pos += 2;
                        prim.data = D_NET;
                        prim.mask = Integer.toUnsignedLong(maskWord);
                    }
                    else if (asPrefix != null)
                    {
                        prim.data = D_NET;
                        prim.u = Integer.toUnsignedLong(asPrefix.address());
                        prim.mask = Integer.toUnsignedLong(asPrefix.mask());
                    }
                    else
                    {
                        prim.data = D_HOST;
                    }
                }
                else
                {
                    final Ip4Prefix prefix = header != 'e' ? ipPrefix(wd) : null;
                    final EtherAddress ether = prefix == null && header != 'i' ? etherAddress(wd) : null;
                    if (prefix != null)
                    {
                        prim.data = D_NET;
                        prim.u = Integer.toUnsignedLong(prefix.address());
                        prim.mask = Integer.toUnsignedLong(prefix.mask());
                    }
                    else if (ether != null)
                    {
                        prim.data = D_ETHER;
                        prim.u = ether.value();
                    }
                    else
                    {
                        if (prim.op != OP_EQ || prim.opNegated)
                        {
                            error("dangling operator near '" + wd + "'");
                        }
                        pos--;
                    }
                }
            }
        }

        if (pos == firstPos)
        {
            error("empty term near '" + (wd == null ? "" : wd) + "'");
            posRef[0] = pos;
            return null;
        }
        posRef[0] = pos;

        final int errorsBefore = errorCount;
        if (check(prim, providedMask, providedEtherMask) < 0 || errorCount > errorsBefore)
        {
            return null;
        }
        Expr e = compilePrimitive(prim);
        if (negated)
        {
            e = new Expr.Not(e);
        }
        prev = prim;
        return e;
    }

    private int parseBrackets(final Prim prim, final int bracketPos)
    {
        int pos = bracketPos + 1;
        final int firstPos = pos;
        final StringBuilder combination = new StringBuilder();
        for (; pos < words.size() && !words.get(pos).equals("]"); pos++)
        {
            combination.append(words.get(pos));
        }
        if (pos >= words.size())
        {
            error("missing ']'");
            return firstPos;
        }
        pos++;
        final String c = combination.toString();
        long fieldPos = -1;
        long len = 1;
        final int colon = c.indexOf(':');
        final int comma = c.indexOf(',');
        boolean ok = false;
        if (colon >= 0 && colon < c.length() - 1)
        {
            final Long a = parseInteger(c.substring(0, colon));
            final Long b = parseInteger(c.substring(colon + 1));
            if (a != null && b != null)
            {
                fieldPos = a;
                len = b;
                ok = true;
            }
        }
        else if (comma >= 0 && comma < c.length() - 1)
        {
            final Long a = parseInteger(c.substring(0, comma));
            final Long b = parseInteger(c.substring(comma + 1));
            if (a != null && b != null)
            {
                fieldPos = a;
                len = b - a + 1;
                ok = true;
            }
        }
        else
        {
            final Long a = parseInteger(c);
            if (a != null)
            {
                fieldPos = a;
                ok = true;
            }
        }
        if (!ok || fieldPos > 0xFFFF)
        {
            error("syntax error after '[', expected '[POS]' or '[POS:LEN]'");
            return pos;
        }
        if (len < 1 || len > 4)
        {
            error("LEN in '[POS:LEN]' out of range, should be between 1 and 4");
        }
        else if ((fieldPos & ~3) != ((fieldPos + len - 1) & ~3))
        {
            error("field [" + fieldPos + ":" + len + "] does not fit in a single word");
        }
        else
        {
            final boolean transport = prim.proto != PROTO_UNKNOWN;
            final String name = transport ? protoName(prim.proto) + "[...]" : "ip[...]";
            setType(prim, T_FIELD, new Field(name, transport, (int)fieldPos * 8, (int)len * 8,
                transport ? prim.proto : PROTO_UNKNOWN));
        }
        return pos;
    }

    /** Click's {@code Primitive::check}: fills in the type from the data and the previous primitive. */
    private int check(final Prim p, final long providedMask, final long providedEtherMask)
    {
        final int oldSrcDst = p.srcdst;
        if (p.type == T_ERROR)
        {
            return -1;
        }
        if (p.type == T_NONE)
        {
            int data = p.data;
            Field dataField = null;
            while (true)
            {
                if (data == D_HOST || data == D_NET || data == D_TCPOPT || data == D_ETHER)
                {
                    p.type = data == D_HOST ? T_HOST : data == D_NET ? T_NET : data == D_TCPOPT ? T_TCPOPT : T_ETHER;
                    if (p.srcdst == SD_NONE)
                    {
                        p.srcdst = prev.srcdst;
                    }
                    break;
                }
                if (data == D_PROTO)
                {
                    p.type = T_PROTO;
                    break;
                }
                if (data == D_PORT)
                {
                    p.type = T_PORT;
                    if (p.srcdst == SD_NONE)
                    {
                        p.srcdst = prev.srcdst;
                    }
                    if (p.proto == PROTO_UNKNOWN)
                    {
                        p.proto = prev.proto;
                    }
                    break;
                }
                if (data == D_ICMPTYPE)
                {
                    p.type = T_FIELD;
                    p.field = F_ICMP_TYPE;
                    if (p.proto == PROTO_UNKNOWN)
                    {
                        p.proto = PROTO_ICMP;
                    }
                    break;
                }
                if (data == D_INT)
                {
                    if (prev.type == T_PORT)
                    {
                        data = D_PORT;
                        continue;
                    }
                    if (prev.type == T_PROTO)
                    {
                        data = D_PROTO;
                        continue;
                    }
                    if (prev.type == T_FIELD)
                    {
                        dataField = prev.field;
                        p.type = T_FIELD;
                        p.field = dataField;
                        if (dataField.proto() != PROTO_UNKNOWN && p.proto == PROTO_UNKNOWN)
                        {
                            p.proto = prev.proto != PROTO_UNKNOWN ? prev.proto : dataField.proto();
                        }
                        break;
                    }
                    return fail("specify header field or 'port'");
                }
                if (data == D_NONE)
                {
                    if (p.proto != PROTO_UNKNOWN)
                    {
                        p.type = T_PROTO;
                        break;
                    }
                    return fail("partial directive");
                }
                return fail("unknown type");
            }
        }

        switch (p.type)
        {
            case T_HOST ->
            {
                if (p.data == D_ETHER)
                {
                    p.type = T_ETHER;
                    return checkEther(p, providedEtherMask, oldSrcDst);
                }
                if (p.data != D_HOST)
                {
                    return fail("IP address missing in 'host' directive");
                }
                if (p.op != OP_EQ)
                {
                    return fail("can't use relational operators with 'host'");
                }
                p.mask = providedMask != 0 ? providedMask : 0xFFFFFFFFL;
            }
            case T_ETHER ->
            {
                return checkEther(p, providedEtherMask, oldSrcDst);
            }
            case T_NET ->
            {
                if (p.data != D_NET)
                {
                    return fail("IP prefix missing in 'net' directive");
                }
                if (p.op != OP_EQ)
                {
                    return fail("can't use relational operators with 'net'");
                }
                p.type = T_HOST;
                if (providedMask != 0)
                {
                    p.mask = providedMask;
                }
            }
            case T_PROTO ->
            {
                if (p.data == D_INT || p.data == D_PROTO)
                {
                    if (p.proto != PROTO_UNKNOWN && p.proto != p.u)
                    {
                        return fail("transport protocol specified twice");
                    }
                    p.data = D_NONE;
                }
                else
                {
                    p.u = p.proto;
                }
                p.proto = PROTO_UNKNOWN;
                if (p.data != D_NONE || p.u == PROTO_UNKNOWN)
                {
                    return fail("IP protocol missing in 'proto' directive");
                }
                if (p.u >= 256)
                {
                    if (p.op != OP_EQ || providedMask != 0)
                    {
                        return fail("can't use relational operators or masks with '" + protoName((int)p.u) + "'");
                    }
                    p.mask = 0xFF;
                }
                else if (setMask(p, 0xFF, providedMask) < 0)
                {
                    return -1;
                }
            }
            case T_PORT ->
            {
                if (p.data == D_INT)
                {
                    p.data = D_PORT;
                }
                if (p.data != D_PORT)
                {
                    return fail("port number missing in 'port' directive");
                }
                if (p.proto == PROTO_UNKNOWN)
                {
                    p.proto = PROTO_TCP_OR_UDP;
                }
                else if (p.proto != PROTO_TCP && p.proto != PROTO_UDP && p.proto != PROTO_TCP_OR_UDP)
                {
                    return fail("bad protocol " + p.proto + " for 'port' directive");
                }
                if (setMask(p, 0xFFFF, providedMask) < 0)
                {
                    return -1;
                }
            }
            case T_TCPOPT ->
            {
                if (p.data == D_INT)
                {
                    p.data = D_TCPOPT;
                }
                if (p.data != D_TCPOPT)
                {
                    return fail("TCP options missing in 'tcp opt' directive");
                }
                if (p.proto == PROTO_UNKNOWN)
                {
                    p.proto = PROTO_TCP;
                }
                else if (p.proto != PROTO_TCP)
                {
                    return fail("bad protocol " + p.proto + " for 'tcp opt' directive");
                }
                if (p.op != OP_EQ || p.opNegated || providedMask != 0)
                {
                    return fail("can't use relational operators or masks with 'tcp opt'");
                }
                if (p.u < 0 || p.u > 255)
                {
                    return fail("value " + p.u + " out of range");
                }
                p.mask = p.u;
            }
            case T_IPECT ->
            {
                if (p.data != D_NONE && p.data != D_INT)
                {
                    return fail("weird data given to 'ip ect' directive");
                }
                if (p.data == D_NONE)
                {
                    p.u = 0;
                    p.opNegated = true;
                }
                if (setMask(p, 0x3, providedMask) < 0)
                {
                    return -1;
                }
                p.type = T_FIELD;
                p.field = new Field("ip ect", false, 14, 2, PROTO_UNKNOWN);
            }
            case T_IPCE ->
            {
                if (p.data != D_NONE)
                {
                    return fail("'ip ce' directive takes no data");
                }
                p.mask = 3;
                p.u = 3;
                p.type = T_FIELD;
                p.field = new Field("ip ce", false, 14, 2, PROTO_UNKNOWN);
            }
            case T_IPFRAG ->
            {
                if (p.data != D_NONE)
                {
                    return fail("'ip frag' directive takes no data");
                }
            }
            case T_IPUNFRAG ->
            {
                if (p.data != D_NONE)
                {
                    return fail("'ip unfrag' directive takes no data");
                }
                p.opNegated = true;
                p.type = T_IPFRAG;
            }
            case T_FIELD ->
            {
                final boolean icmpName = p.data == D_ICMPTYPE && p.field == F_ICMP_TYPE;
                if (p.data != D_INT && !icmpName)
                {
                    return fail("value missing in '" + p.field.name() + "' directive");
                }
                final long full = p.field.bits() == 32 ? 0xFFFFFFFFL : (1L << p.field.bits()) - 1;
                if (setMask(p, full, providedMask) < 0)
                {
                    return -1;
                }
            }
            default ->
            {
                return fail("unknown type");
            }
        }

        if (p.type == T_HOST || p.type == T_PORT)
        {
            if (p.srcdst == SD_NONE)
            {
                p.srcdst = SD_OR;
            }
        }
        else if (oldSrcDst != SD_NONE)
        {
            warning("'src' or 'dst' is meaningless here");
        }
        return 0;
    }

    private int checkEther(final Prim p, final long providedEtherMask, final int oldSrcDst)
    {
        if (p.data != D_ETHER)
        {
            return fail("Ethernet address missing in 'ether host' directive");
        }
        if (p.op != OP_EQ)
        {
            return fail("can't use relational operators with 'ether host'");
        }
        p.etherMask = providedEtherMask != 0 ? providedEtherMask : 0xFFFFFFFFFFFFL;
        if (p.srcdst == SD_NONE)
        {
            p.srcdst = SD_OR;
        }
        return 0;
    }

    private int fail(final String message)
    {
        error(message);
        return -1;
    }

    private static String opText(final Prim p)
    {
        if (p.op == OP_GT)
        {
            return p.opNegated ? "<=" : ">";
        }
        if (p.op == OP_LT)
        {
            return p.opNegated ? ">=" : "<";
        }
        return p.opNegated ? "!=" : "=";
    }

    /** Click's {@code set_mask}: checks the value and mask against the field width. */
    private int setMask(final Prim p, final long full, final long provided)
    {
        final long data = p.u;
        final long thisMask = provided != 0 ? provided : full;
        if ((thisMask & full) != thisMask)
        {
            return fail(String.format("mask 0x%X out of range (0-0x%X)", provided, full));
        }
        if (p.op == OP_GT || p.op == OP_LT)
        {
            if ((p.op == OP_LT && (data == 0 || data > thisMask)) || (p.op == OP_GT && data >= thisMask))
            {
                final boolean willBe = p.op == OP_LT && data > thisMask ? !p.opNegated : p.opNegated;
                warning("relation '" + opText(p) + " " + data + "' is always " + (willBe ? "true" : "false")
                    + " (range 0-" + thisMask + ")");
                p.constant = willBe;
                p.mask = thisMask;
                return 0;
            }
            if (p.op == OP_LT)
            {
                // x < V  is  !(x > V - 1)
                p.u = data - 1;
                p.op = OP_GT;
                p.opNegated = !p.opNegated;
            }
            p.mask = thisMask;
            return 0;
        }
        if (data > full || data < 0)
        {
            return fail("value " + data + " out of range (0-" + full + ")");
        }
        p.mask = thisMask;
        return 0;
    }

    // ------------------------------------------------------------------------------------------ compilation

    private static final int IP = ClassifierProgram.IP_BASE;
    private static final int TR = ClassifierProgram.TRANSPORT_BASE;

    private static Expr protoTest(final int proto)
    {
        if (proto == PROTO_TCP_OR_UDP)
        {
            return new Expr.Or(Expr.Test.eq(IP + 8, 0x00FF0000, PROTO_TCP << 16),
                Expr.Test.eq(IP + 8, 0x00FF0000, PROTO_UDP << 16));
        }
        if (proto >= 256 || proto < 0)
        {
            return null;
        }
        return Expr.Test.eq(IP + 8, 0x00FF0000, proto << 16);
    }

    /** A comparison of a field ({@code value} and {@code mask} unshifted) at {@code offset}, shifted left. */
    private static Expr comparison(final Prim p, final int offset, final int shift, final boolean applyNegation)
    {
        if (p.constant != null)
        {
            return new Expr.Const(p.constant);
        }
        final int mask = (int)(p.mask << shift);
        Expr e;
        boolean negate = p.opNegated;
        if (p.op == OP_EQ)
        {
            e = Expr.Test.eq(offset, mask, (int)((p.u & p.mask) << shift));
        }
        else
        {
            // (x & M) > u  equals  (x & M) > u', u' the largest value within M not above u
            long u = p.u;
            final long missing = u & ~p.mask;
            if (missing != 0)
            {
                u |= Long.highestOneBit(missing) - 1;
            }
            e = greater(offset, shift, p.mask, u & p.mask);
        }
        if (negate && applyNegation)
        {
            e = negateTests(e);
        }
        return e;
    }

    /**
     * {@code (x & mask) > u} as equality tests on groups of bits, from the most significant: a run of mask bits
     * where u has zeros decides "greater" as soon as x has a one there; a run where u has ones must be all ones in
     * x before the lower bits matter.
     */
    static Expr greater(final int offset, final int shift, final long mask, final long u)
    {
        if (mask == 0 || (u & mask) == mask)
        {
            return Expr.FALSE;
        }
        final long top = Long.highestOneBit(mask);
        final boolean bit = (u & top) != 0;
        long run = 0;
        for (long b = top; b != 0; b >>>= 1)
        {
            if ((mask & b) == 0)
            {
                continue;
            }
            if (((u & b) != 0) != bit)
            {
                break;
            }
            run |= b;
        }
        final long rest = mask & ~run;
        final int runMask = (int)(run << shift);
        if (!bit)
        {
            final Expr someOne = Expr.Test.eq(offset, runMask, 0).negate();
            if (rest == 0 || (u & rest) == rest)
            {
                return someOne;
            }
            return new Expr.Or(someOne, greater(offset, shift, rest, u & rest));
        }
        if (rest == 0)
        {
            return Expr.FALSE;
        }
        return new Expr.And(Expr.Test.eq(offset, runMask, runMask), greater(offset, shift, rest, u & rest));
    }

    /** Negation that keeps "a short packet makes a test false": pushed down to the tests (De Morgan). */
    private static Expr negateTests(final Expr e)
    {
        return switch (e)
        {
            case Expr.Const k -> new Expr.Const(!k.value());
            case Expr.Test t -> t.negate();
            case Expr.Not n -> n.operand();
            case Expr.And a -> new Expr.Or(negateTests(a.left()), negateTests(a.right()));
            case Expr.Or o -> new Expr.And(negateTests(o.left()), negateTests(o.right()));
            case Expr.Cond c -> new Expr.Cond(c.condition(), negateTests(c.then()), negateTests(c.otherwise()));
        };
    }

    private static Expr combine(final int srcdst, final Expr src, final Expr dst)
    {
        return switch (srcdst)
        {
            case SD_SRC -> src;
            case SD_DST -> dst;
            case SD_AND -> new Expr.And(src, dst);
            default -> new Expr.Or(src, dst);
        };
    }

    private static Expr etherWords(final int start, final long address, final long mask)
    {
        Expr e = null;
        int wordOffset = -1;
        int wv = 0;
        int wm = 0;
        for (int i = 0; i < 6; i++)
        {
            final int at = ClassifierProgram.MAC_SHIFT + start + i;
            final int w = at & ~3;
            if (w != wordOffset)
            {
                if (wordOffset >= 0 && wm != 0)
                {
                    e = Expr.and(e, Expr.Test.eq(wordOffset, wm, wv));
                }
                wordOffset = w;
                wv = 0;
                wm = 0;
            }
            final int shift = 8 * (3 - (at & 3));
            final int b = (int)(address >>> (8 * (5 - i))) & 0xFF;
            final int m = (int)(mask >>> (8 * (5 - i))) & 0xFF;
            wv |= (b & m) << shift;
            wm |= m << shift;
        }
        if (wm != 0)
        {
            e = Expr.and(e, Expr.Test.eq(wordOffset, wm, wv));
        }
        return e == null ? Expr.TRUE : e;
    }

    private static Expr compilePrimitive(final Prim p)
    {
        Expr pre = null;
        if (p.proto != PROTO_UNKNOWN)
        {
            pre = protoTest(p.proto);
        }
        final boolean transport = p.type == T_PORT || p.type == T_TCPOPT
            || (p.type == T_FIELD && p.field.transport());
        if (transport)
        {
            // transport-header tests hold only on first fragments (fragment offset 0)
            pre = Expr.and(pre, Expr.Test.eq(IP + 4, 0x00001FFF, 0));
        }
        final Expr main = switch (p.type)
        {
            case T_HOST ->
            {
                final Prim q = p.copy();
                q.opNegated = false;
                final Expr e = combine(p.srcdst, comparison(q, IP + 12, 0, false), comparison(q, IP + 16, 0, false));
                yield p.opNegated ? negateTests(e) : e;
            }
            case T_ETHER ->
            {
                final Expr e = combine(p.srcdst, etherWords(6, p.u, p.etherMask), etherWords(0, p.u, p.etherMask));
                yield p.opNegated ? negateTests(e) : e;
            }
            case T_PROTO ->
            {
                if (p.u >= 256)
                {
                    final Expr e = protoTest((int)p.u);
                    final Expr base = e == null ? Expr.TRUE : e;
                    yield p.opNegated ? negateTests(base) : base;
                }
                yield comparison(p, IP + 8, 16, true);
            }
            case T_IPFRAG ->
            {
                final Expr.Test unfragmented = Expr.Test.eq(IP + 4, 0x00003FFF, 0);
                yield p.opNegated ? unfragmented : unfragmented.negate();
            }
            case T_PORT ->
            {
                final Prim q = p.copy();
                q.opNegated = false;
                final Expr e = combine(p.srcdst, comparison(q, TR, 16, false), comparison(q, TR, 0, false));
                yield p.opNegated ? negateTests(e) : e;
            }
            case T_TCPOPT -> Expr.Test.eq(TR + 12, (int)(p.u << 16), (int)(p.u << 16));
            case T_FIELD ->
            {
                final Field f = p.field;
                final int wordOffset = (f.bitOffset() >> 3) & ~3;
                final int bitInWord = f.bitOffset() & 31;
                final int shift = 32 - (bitInWord + f.bits());
                yield comparison(p, (f.transport() ? TR : IP) + wordOffset, shift, true);
            }
            default -> throw new IllegalStateException("type " + p.type);
        };
        return Expr.and(pre, main);
    }

    // ------------------------------------------------------------------------------------------ values

    /** Click's {@code cp_integer} with base 0: decimal, {@code 0x} hex or leading-zero octal; unsigned 32 bits. */
    static Long parseInteger(final String s)
    {
        if (s == null || s.isEmpty())
        {
            return null;
        }
        int i = 0;
        int radix = 10;
        if (s.startsWith("0x") || s.startsWith("0X"))
        {
            radix = 16;
            i = 2;
        }
        else if (s.length() > 1 && s.charAt(0) == '0')
        {
            radix = 8;
            i = 1;
        }
        if (i >= s.length())
        {
            return null;
        }
        long v = 0;
        for (; i < s.length(); i++)
        {
            final int d = Character.digit(s.charAt(i), radix);
            if (d < 0 || s.charAt(i) > 127)
            {
                return null;
            }
            v = v * radix + d;
            if (v > 0xFFFFFFFFL)
            {
                return null;
            }
        }
        return v;
    }

    private Integer ipAddress(final String s)
    {
        try
        {
            return IPAddressArg.INSTANCE.parse(s, context);
        }
        catch (final RuntimeException e)
        {
            return null;
        }
    }

    private Ip4Prefix ipPrefix(final String s)
    {
        try
        {
            return IPPrefixArg.PREFIX.parse(s, context);
        }
        catch (final RuntimeException e)
        {
            return null;
        }
    }

    private EtherAddress etherAddress(final String s)
    {
        try
        {
            return EtherAddressArg.INSTANCE.parse(s, context);
        }
        catch (final RuntimeException e)
        {
            return null;
        }
    }
}
