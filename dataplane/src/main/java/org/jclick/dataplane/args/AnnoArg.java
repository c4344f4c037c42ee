package org.jclick.dataplane.args;

import java.util.Map;

import org.jclick.dataplane.packet.AnnotationDescriptor;

/**
 * Click's {@code AnnoArg(size)}: an annotation, by name ({@code PAINT}, {@code DST_IP}, ...; the names of
 * {@link AnnotationDescriptor}) or by byte offset ({@code 16}), giving the byte offset into the 48-byte annotation
 * area. With a size (1, 2, 4, 8, 16), a named annotation must have that size, and the annotation must fit in the
 * area; with size 0 any offset inside the area is accepted. Error: {@code expected annotation}.
 */
public final class AnnoArg implements ArgParser<Integer>
{
    /** Offset and size (0 when it varies) of each named annotation. */
    private static final Map<String, int[]> NAMES = Map.ofEntries(
        Map.entry("DST_IP", new int[] {AnnotationDescriptor.DST_IP_ANNO_OFFSET, AnnotationDescriptor.DST_IP_ANNO_SIZE}),
        Map.entry("DST_IP6",
            new int[] {AnnotationDescriptor.DST_IP6_ANNO_OFFSET, AnnotationDescriptor.DST_IP6_ANNO_SIZE}),
        Map.entry("PAINT", new int[] {AnnotationDescriptor.PAINT_ANNO_OFFSET, AnnotationDescriptor.PAINT_ANNO_SIZE}),
        Map.entry("ICMP_PARAMPROB", new int[] {AnnotationDescriptor.ICMP_PARAMPROB_ANNO_OFFSET, 1}),
        Map.entry("FIX_IP_SRC", new int[] {AnnotationDescriptor.FIX_IP_SRC_ANNO_OFFSET, 1}),
        Map.entry("VLAN_TCI",
            new int[] {AnnotationDescriptor.VLAN_TCI_ANNO_OFFSET, AnnotationDescriptor.VLAN_TCI_ANNO_SIZE}),
        Map.entry("AGGREGATE",
            new int[] {AnnotationDescriptor.AGGREGATE_ANNO_OFFSET, AnnotationDescriptor.AGGREGATE_ANNO_SIZE}),
        Map.entry("EXTRA_PACKETS", new int[] {AnnotationDescriptor.EXTRA_PACKETS_ANNO_OFFSET, 4}),
        Map.entry("EXTRA_LENGTH", new int[] {AnnotationDescriptor.EXTRA_LENGTH_ANNO_OFFSET, 4}),
        Map.entry("FIRST_TIMESTAMP", new int[] {AnnotationDescriptor.FIRST_TIMESTAMP_ANNO_OFFSET, 8}),
        Map.entry("PACKET_NUMBER", new int[] {AnnotationDescriptor.PACKET_NUMBER_ANNO_OFFSET, 4}),
        Map.entry("SEQUENCE_NUMBER", new int[] {AnnotationDescriptor.SEQUENCE_NUMBER_ANNO_OFFSET, 4}),
        Map.entry("PERFCTR", new int[] {AnnotationDescriptor.PERFCTR_ANNO_OFFSET, 8}));

    private final int size;

    private AnnoArg(final int size)
    {
        this.size = size;
    }

    /** Click's {@code AnnoArg(size)}; size 0 accepts any offset inside the area. */
    public static AnnoArg of(final int size)
    {
        if (size < 0 || size > AnnotationDescriptor.ANNO_SIZE_BYTES)
        {
            throw new IllegalArgumentException("size " + size);
        }
        return new AnnoArg(size);
    }

    @Override
    public Integer parse(final String text, final ArgContext context)
    {
        final int offset;
        final int namedSize;
        final int[] named = NAMES.get(text);
        if (named != null)
        {
            offset = named[0];
            namedSize = named[1];
        }
        else
        {
            final java.math.BigInteger v = IntArg.parseInteger(text, false, 0);
            if (v == null || v.bitLength() > 31)
            {
                throw new ArgException("expected annotation");
            }
            offset = v.intValue();
            namedSize = 0;
        }
        if (size > 0)
        {
            if ((namedSize != 0 && namedSize != size) || offset + size > AnnotationDescriptor.ANNO_SIZE_BYTES)
            {
                throw new ArgException("expected annotation");
            }
        }
        else if (offset >= AnnotationDescriptor.ANNO_SIZE_BYTES)
        {
            throw new ArgException("expected annotation");
        }
        return offset;
    }
}
