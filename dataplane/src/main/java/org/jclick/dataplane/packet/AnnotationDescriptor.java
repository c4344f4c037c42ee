package org.jclick.dataplane.packet;

/**
 * Layout of Click's 48-byte annotation area ({@code Packet::anno_size}, {@code include/click/packet_anno.hh} of
 * Click 2.1), which {@link Packet#annoU8(int)}, {@link Packet#annoU16(int)}, {@link Packet#annoU32(int)} and
 * {@link Packet#annoU64(int)} address by byte offset. Named annotations overlap exactly as in Click, so a
 * configuration that names an annotation by offset (e.g. {@code Paint(COLOR 2, ANNO 16)}) means the same here.
 *
 * <p>Byte order: the destination IP address annotation and the VLAN TCI annotation hold network byte order
 * (as Click's {@code IPAddress} and {@code click_ether_vlan} values do); the generic {@code anno_u16/u32/u64}
 * accessors use little-endian order, Click's host order on x86-64 and AArch64.
 */
public final class AnnotationDescriptor
{
    /** Size of the annotation area: Click's {@code Packet::anno_size}. */
    public static final int ANNO_SIZE_BYTES = 48;

    /** {@code DST_IP_ANNO_OFFSET}: destination IPv4 address (4 bytes, network order). */
    public static final int DST_IP_ANNO_OFFSET = 0;
    /** {@code DST_IP_ANNO_SIZE}. */
    public static final int DST_IP_ANNO_SIZE = 4;

    /** {@code DST_IP6_ANNO_OFFSET}: destination IPv6 address (16 bytes, overlaps the IPv4 one). */
    public static final int DST_IP6_ANNO_OFFSET = 0;
    /** {@code DST_IP6_ANNO_SIZE}. */
    public static final int DST_IP6_ANNO_SIZE = 16;

    /** {@code PAINT_ANNO_OFFSET}: paint colour (1 byte). */
    public static final int PAINT_ANNO_OFFSET = 16;
    /** {@code PAINT_ANNO_SIZE}. */
    public static final int PAINT_ANNO_SIZE = 1;

    /** {@code ICMP_PARAMPROB_ANNO_OFFSET} (1 byte). */
    public static final int ICMP_PARAMPROB_ANNO_OFFSET = 17;

    /** {@code FIX_IP_SRC_ANNO_OFFSET} (1 byte). */
    public static final int FIX_IP_SRC_ANNO_OFFSET = 19;

    /** {@code VLAN_TCI_ANNO_OFFSET}: VLAN tag control information (2 bytes, network order). */
    public static final int VLAN_TCI_ANNO_OFFSET = 20;
    /** {@code VLAN_TCI_ANNO_SIZE}. */
    public static final int VLAN_TCI_ANNO_SIZE = 2;

    /** {@code AGGREGATE_ANNO_OFFSET}: aggregate number (4 bytes, host order; overlaps the VLAN TCI). */
    public static final int AGGREGATE_ANNO_OFFSET = 20;
    /** {@code AGGREGATE_ANNO_SIZE}. */
    public static final int AGGREGATE_ANNO_SIZE = 4;

    /** {@code EXTRA_PACKETS_ANNO_OFFSET} (4 bytes). */
    public static final int EXTRA_PACKETS_ANNO_OFFSET = 24;

    /** {@code EXTRA_LENGTH_ANNO_OFFSET} (4 bytes). */
    public static final int EXTRA_LENGTH_ANNO_OFFSET = 28;

    /** {@code FIRST_TIMESTAMP_ANNO_OFFSET} (8 bytes). */
    public static final int FIRST_TIMESTAMP_ANNO_OFFSET = 32;

    /** {@code PACKET_NUMBER_ANNO_OFFSET} (4 bytes). */
    public static final int PACKET_NUMBER_ANNO_OFFSET = 32;

    /** {@code SEQUENCE_NUMBER_ANNO_OFFSET} (4 bytes). */
    public static final int SEQUENCE_NUMBER_ANNO_OFFSET = 36;

    /** {@code PERFCTR_ANNO_OFFSET} (8 bytes). */
    public static final int PERFCTR_ANNO_OFFSET = 40;

    private AnnotationDescriptor()
    {
    }
}
