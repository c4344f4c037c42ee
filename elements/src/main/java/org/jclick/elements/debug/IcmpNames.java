package org.jclick.elements.debug;

/**
 * Click's built-in names for IP protocols, ICMP types and ICMP codes ({@code elements/ip/ipnameinfo.cc}), as the
 * printing elements show them.
 */
final class IcmpNames
{
    static final int ECHO_REPLY = 0;
    static final int UNREACH = 3;
    static final int REDIRECT = 5;
    static final int ECHO = 8;
    static final int TIMXCEED = 11;
    static final int PARAMPROB = 12;

    private static final String[] TYPES = new String[19];
    private static final String[] UNREACH_CODES = {
        "net", "host", "protocol", "port", "needfrag", "srcroutefail", "netunknown", "hostunknown", "isolated",
        "netprohibited", "hostprohibited", "tosnet", "toshost", "filterprohibited", "hostprecedence",
        "precedencecutoff"};
    private static final String[] REDIRECT_CODES = {"net", "host", "tosnet", "toshost"};
    private static final String[] TIMXCEED_CODES = {"transit", "reassembly"};
    private static final String[] PARAMPROB_CODES = {"erroratptr", "missingopt", "length"};

    static
    {
        TYPES[0] = "echo-reply";
        TYPES[3] = "unreachable";
        TYPES[4] = "sourcequench";
        TYPES[5] = "redirect";
        TYPES[8] = "echo";
        TYPES[9] = "routeradvert";
        TYPES[10] = "routersolicit";
        TYPES[11] = "timeexceeded";
        TYPES[12] = "parameterproblem";
        TYPES[13] = "timestamp";
        TYPES[14] = "timestamp-reply";
        TYPES[15] = "inforeq";
        TYPES[16] = "inforeq-reply";
        TYPES[17] = "maskreq";
        TYPES[18] = "maskreq-reply";
    }

    private IcmpNames()
    {
    }

    /** The name of ICMP type {@code type}, or null. */
    static String typeName(final int type)
    {
        return type >= 0 && type < TYPES.length ? TYPES[type] : null;
    }

    /** The name of code {@code code} of ICMP type {@code type}, or null. */
    static String codeName(final int type, final int code)
    {
        final String[] codes = switch (type)
        {
            case UNREACH -> UNREACH_CODES;
            case REDIRECT -> REDIRECT_CODES;
            case TIMXCEED -> TIMXCEED_CODES;
            case PARAMPROB -> PARAMPROB_CODES;
            default -> null;
        };
        return codes != null && code >= 0 && code < codes.length ? codes[code] : null;
    }

    /** The name of IP protocol {@code proto}, or null. */
    static String protocolName(final int proto)
    {
        return switch (proto)
        {
            case 1 -> "icmp";
            case 2 -> "igmp";
            case 4 -> "ipip";
            case 6 -> "tcp";
            case 17 -> "udp";
            case 33 -> "dccp";
            case 47 -> "gre";
            case 132 -> "sctp";
            default -> null;
        };
    }
}
