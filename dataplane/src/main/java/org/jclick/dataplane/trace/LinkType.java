package org.jclick.dataplane.trace;

/**
 * Pcap link types (DLT / LINKTYPE numbers as stored in files) that jclick understands, and where the network
 * header starts for each, so that FromDump can set Click's annotations.
 */
public final class LinkType
{
    /** {@code LINKTYPE_NULL}: BSD loopback (4-byte host-order address family). */
    public static final int NULL = 0;
    /** {@code LINKTYPE_ETHERNET}: Ethernet II (Click's {@code ETHER}). */
    public static final int ETHERNET = 1;
    /** {@code DLT_RAW} as some BSDs write it in files: raw IP. */
    public static final int RAW_BSD = 12;
    /** {@code LINKTYPE_RAW}: raw IP (Click's {@code IP}). */
    public static final int RAW = 101;
    /** {@code LINKTYPE_LINUX_SLL}: Linux cooked capture, 16-byte header (Click's {@code LINUX_SLL}). */
    public static final int LINUX_SLL = 113;
    /** {@code LINKTYPE_IPV4}: raw IPv4. */
    public static final int IPV4 = 228;
    /** {@code LINKTYPE_IPV6}: raw IPv6. */
    public static final int IPV6 = 229;

    /** Length of the Ethernet header (without VLAN tags). */
    public static final int ETHERNET_HEADER_BYTES = 14;
    /** Length of the Linux cooked (SLL) header. */
    public static final int LINUX_SLL_HEADER_BYTES = 16;

    private LinkType()
    {
    }

    /**
     * Offset of the network header from the start of a record's data for {@code linkType}: 14 for Ethernet (the
     * EtherType at 12 says what follows; VLAN tags are the element's business, as in Click's FORCE_IP), 0 for raw
     * IP (101, 12, 228, 229), 16 for Linux SLL, 4 for NULL; -1 for a link type jclick does not know.
     */
    public static int networkHeaderOffset(final int linkType)
    {
        return switch (linkType)
        {
            case ETHERNET -> ETHERNET_HEADER_BYTES;
            case RAW, RAW_BSD, IPV4, IPV6 -> 0;
            case LINUX_SLL -> LINUX_SLL_HEADER_BYTES;
            case NULL -> 4;
            default -> -1;
        };
    }

    /** True if records of {@code linkType} start with a link-level (MAC) header. */
    public static boolean hasLinkHeader(final int linkType)
    {
        return networkHeaderOffset(linkType) > 0;
    }

    /**
     * Link type from a file mapped to its canonical number, as Click's {@code fake_pcap_canonical_dlt} does for
     * files: 12 (host DLT_RAW on some BSDs) becomes 101; the others are unchanged.
     */
    public static int canonical(final int linkType)
    {
        return linkType == RAW_BSD ? RAW : linkType;
    }

    /** Click's encapsulation name for a link type ({@code fake_pcap_unparse_dlt}), or the number as text. */
    public static String clickName(final int linkType)
    {
        return switch (canonical(linkType))
        {
            case NULL -> "NULL";
            case ETHERNET -> "ETHER";
            case RAW, IPV4 -> "IP";
            case LINUX_SLL -> "LINUX_SLL";
            case 9 -> "PPP";
            case 10 -> "FDDI";
            case 50 -> "PPP_HDLC";
            case 100 -> "ATM";
            case 104 -> "HDLC";
            case 105 -> "802_11";
            case 119 -> "PRISM";
            case 120 -> "AIRONET";
            case 123 -> "SUNATM";
            default -> Integer.toString(linkType);
        };
    }
}
