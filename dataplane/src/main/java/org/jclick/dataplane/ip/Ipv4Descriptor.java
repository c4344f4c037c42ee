package org.jclick.dataplane.ip;

/** Offsets of IPv4 header fields (RFC 791) from the start of the header, and of the transport headers. */
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
    /** Longest header (15 words). */
    public static final int MAX_HEADER_LENGTH_BYTES = 60;

    /** Flag bits and fragment offset mask of the 16-bit field at {@link #FLAGS_FRAGMENT_OFFSET}. */
    public static final int FLAG_DF = 0x4000;
    public static final int FLAG_MF = 0x2000;
    public static final int FRAGMENT_OFFSET_MASK = 0x1FFF;

    /** The two ECN bits of the TOS byte (RFC 3168) and their code points. */
    public static final int ECN_MASK = 0x03;
    public static final int ECN_NOT_ECT = 0x00;
    public static final int ECN_ECT1 = 0x01;
    public static final int ECN_ECT2 = 0x02;
    public static final int ECN_CE = 0x03;

    /** IP protocol numbers. */
    public static final int PROTO_ICMP = 1;
    public static final int PROTO_IGMP = 2;
    public static final int PROTO_TCP = 6;
    public static final int PROTO_UDP = 17;

    /** IP option types (RFC 791). */
    public static final int OPT_EOL = 0;
    public static final int OPT_NOP = 1;
    public static final int OPT_RR = 7;
    public static final int OPT_TS = 68;
    public static final int OPT_LSRR = 131;
    public static final int OPT_SSRR = 137;
    public static final int OPT_RA = 148;

    // ----------------------------------------------------------------------------------- TCP (RFC 793)
    public static final int TCP_SPORT_OFFSET = 0;
    public static final int TCP_DPORT_OFFSET = 2;
    /** Data offset (high nibble, in 32-bit words). */
    public static final int TCP_DATA_OFFSET_OFFSET = 12;
    public static final int TCP_CHECKSUM_OFFSET = 16;
    public static final int TCP_MIN_HEADER_LENGTH_BYTES = 20;

    // ----------------------------------------------------------------------------------- UDP (RFC 768)
    public static final int UDP_SPORT_OFFSET = 0;
    public static final int UDP_DPORT_OFFSET = 2;
    public static final int UDP_LENGTH_OFFSET = 4;
    public static final int UDP_CHECKSUM_OFFSET = 6;
    public static final int UDP_HEADER_LENGTH_BYTES = 8;

    // ----------------------------------------------------------------------------------- ICMP (RFC 792)
    public static final int ICMP_TYPE_OFFSET = 0;
    public static final int ICMP_CODE_OFFSET = 1;
    public static final int ICMP_CHECKSUM_OFFSET = 2;
    /** Identifier and sequence number of echo messages; the unused/pointer/gateway word of error messages. */
    public static final int ICMP_IDENTIFIER_OFFSET = 4;
    public static final int ICMP_SEQUENCE_OFFSET = 6;
    public static final int ICMP_HEADER_LENGTH_BYTES = 8;

    public static final int ICMP_ECHO_REPLY = 0;
    public static final int ICMP_UNREACH = 3;
    public static final int ICMP_SOURCEQUENCH = 4;
    public static final int ICMP_REDIRECT = 5;
    public static final int ICMP_ECHO = 8;
    public static final int ICMP_TIMXCEED = 11;
    public static final int ICMP_PARAMPROB = 12;
    public static final int ICMP_TSTAMP = 13;
    public static final int ICMP_TSTAMPREPLY = 14;
    public static final int ICMP_IREQ = 15;
    public static final int ICMP_IREQREPLY = 16;
    public static final int ICMP_MASKREQ = 17;
    public static final int ICMP_MASKREQREPLY = 18;

    private Ipv4Descriptor()
    {
    }
}
