package org.jclick.dataplane.ip;

/** Offsets of IPv4 header fields (RFC 791) from the start of the header. */
public final class Ipv4Descriptor
{
    /** Version (high nibble) and header length in 32-bit words (low nibble). */
    public static final int VERSION_IHL_OFFSET = 0;
    public static final int TOS_OFFSET = 1;
    public static final int TOTAL_LENGTH_OFFSET = 2;
    public static final int IDENTIFICATION_OFFSET = 4;
    public static final int FLAGS_FRAGMENT_OFFSET = 6;
    public static final int TTL_OFFSET = 8;
    public static final int PROTOCOL_OFFSET = 9;
    public static final int CHECKSUM_OFFSET = 10;
    public static final int SRC_OFFSET = 12;
    public static final int DST_OFFSET = 16;
    /** Length of a header without options. */
    public static final int MIN_HEADER_LENGTH_BYTES = 20;

    private Ipv4Descriptor()
    {
    }
}
