package org.jclick.elements.ip;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jclick.dataplane.args.ArgException;
import org.jclick.dataplane.args.ArgParser;
import org.jclick.dataplane.args.IPAddressArg;
import org.jclick.dataplane.args.IntArg;
import org.jclick.lang.ConfigStrings;

/** Argument parsers the IP elements share (setup time only). */
final class IpArgs
{
    /** Click's IP protocol names (NameInfo's {@code T_IP_PROTO} database). */
    private static final Map<String, Integer> PROTOCOLS = Map.ofEntries(
        Map.entry("icmp", 1), Map.entry("igmp", 2), Map.entry("ipip", 4), Map.entry("tcp", 6), Map.entry("udp", 17),
        Map.entry("tcpudp", 256), Map.entry("transp", 257), Map.entry("gre", 47), Map.entry("esp", 50),
        Map.entry("ah", 51), Map.entry("icmp6", 58), Map.entry("ospf", 89), Map.entry("pim", 103),
        Map.entry("sctp", 132), Map.entry("dccp", 33), Map.entry("udplite", 136));

    /** Click's ICMP type names. */
    static final Map<String, Integer> ICMP_TYPES = Map.ofEntries(
        Map.entry("echo-reply", 0), Map.entry("unreachable", 3), Map.entry("sourcequench", 4),
        Map.entry("redirect", 5), Map.entry("echo", 8), Map.entry("routeradvert", 9), Map.entry("routersolicit", 10),
        Map.entry("timeexceeded", 11), Map.entry("parameterproblem", 12), Map.entry("timestamp", 13),
        Map.entry("timestamp-reply", 14), Map.entry("inforeq", 15), Map.entry("inforeq-reply", 16),
        Map.entry("maskreq", 17), Map.entry("maskreq-reply", 18));

    /** Click's ICMP code names, per type. */
    private static final Map<Integer, Map<String, Integer>> ICMP_CODES = Map.of(
        3, Map.ofEntries(Map.entry("net", 0), Map.entry("host", 1), Map.entry("protocol", 2), Map.entry("port", 3),
            Map.entry("needfrag", 4), Map.entry("srcroutefail", 5), Map.entry("net-unknown", 6),
            Map.entry("host-unknown", 7), Map.entry("isolated", 8), Map.entry("net-prohibited", 9),
            Map.entry("host-prohibited", 10), Map.entry("tos-net", 11), Map.entry("tos-host", 12),
            Map.entry("filter-prohibited", 13), Map.entry("host-precedence", 14),
            Map.entry("precedence-cutoff", 15)),
        5, Map.of("net", 0, "host", 1, "tos-net", 2, "tos-host", 3),
        11, Map.of("transit", 0, "reassembly", 1),
        12, Map.of("erroratptr", 0, "missingopt", 1, "length", 2));

    private IpArgs()
    {
    }

    /** An IP protocol: a number 0-255 or a name ({@code tcp}, {@code udp}, {@code icmp}, ...). */
    static final ArgParser<Integer> PROTOCOL = (text, context) ->
    {
        final Integer named = PROTOCOLS.get(text);
        if (named != null)
        {
            return named;
        }
        try
        {
            return IntArg.int32().parse(text, context);
        }
        catch (final ArgException e)
        {
            throw new ArgException("expected IP protocol");
        }
    };

    /** An ICMP type: a number or a name ({@code echo}, {@code unreachable}, ...). */
    static final ArgParser<Integer> ICMP_TYPE = (text, context) ->
    {
        final Integer named = ICMP_TYPES.get(text);
        if (named != null)
        {
            return named;
        }
        try
        {
            return IntArg.int32().parse(text, context);
        }
        catch (final ArgException e)
        {
            throw new ArgException("expected ICMP type");
        }
    };

    /** An ICMP code for {@code type}, as a number or a name; -1 when unknown. */
    static int icmpCode(final int type, final String text)
    {
        final Map<String, Integer> names = ICMP_CODES.get(type);
        if (names != null && names.containsKey(text))
        {
            return names.get(text);
        }
        try
        {
            return IntArg.int32().parse(text, org.jclick.dataplane.args.ArgContext.EMPTY);
        }
        catch (final ArgException e)
        {
            return -1;
        }
    }

    /** A space-separated list of IP addresses (Click's {@code IPAddressArg} on a vector). */
    static final ArgParser<int[]> ADDRESS_LIST = (text, context) ->
    {
        final List<String> words = ConfigStrings.spacevec(text);
        final int[] out = new int[words.size()];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = IPAddressArg.INSTANCE.parse(words.get(i), context);
        }
        return out;
    };

    /** {@code a} followed by {@code b}. */
    static int[] concat(final int[] a, final int... b)
    {
        final int[] out = new int[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Whether {@code list} holds {@code value} (allocation-free). */
    static boolean contains(final int[] list, final int value)
    {
        for (final int v : list)
        {
            if (v == value)
            {
                return true;
            }
        }
        return false;
    }

    static List<String> list(final int[] addresses)
    {
        final List<String> out = new ArrayList<>();
        for (final int a : addresses)
        {
            out.add(IPAddressArg.unparse(a));
        }
        return out;
    }

    /** Stores a network-order address in the annotation area at {@code anno}, first octet first (allocation-free). */
    static void setAnnoAddress(final org.jclick.dataplane.packet.Packet p, final int anno, final int address)
    {
        p.setAnnoU8(anno, address >>> 24);
        p.setAnnoU8(anno + 1, (address >>> 16) & 0xFF);
        p.setAnnoU8(anno + 2, (address >>> 8) & 0xFF);
        p.setAnnoU8(anno + 3, address & 0xFF);
    }

    /** The network-order address stored at annotation offset {@code anno}. */
    static int annoAddress(final org.jclick.dataplane.packet.Packet p, final int anno)
    {
        return (p.annoU8(anno) << 24) | (p.annoU8(anno + 1) << 16) | (p.annoU8(anno + 2) << 8) | p.annoU8(anno + 3);
    }
}
