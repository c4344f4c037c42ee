package org.jclick.dataplane.packet;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * A packet: a pooled flyweight over one buffer of its {@link PacketPool}'s off-heap slab, with Click's packet
 * operations and annotations.
 *
 * <p>Data is addressed by offset from the first byte of packet data ({@code data()} in Click); multi-byte
 * accessors are big-endian (network order). Accessors are bounds-checked against the buffer, not against
 * {@link #length()}, as in Click (which checks nothing).
 *
 * <p>Sharing: {@link #clone()} makes a second packet over the same buffer (zero copy, the buffer is reference
 * counted). A shared buffer must not be written: {@link #uniqueify()} gives the packet a private copy first
 * (copy-on-write), and {@link #push(int)} / {@link #put(int)} do it themselves, as Click's do. {@link #kill()}
 * returns the packet object to its pool, and the buffer with it when the last reference dies.
 *
 * <p>Operations that need a new buffer ({@link #uniqueify()}, and {@link #push(int)} / {@link #put(int)} past the
 * headroom or tailroom) take one from the pool and allocate no Java object; if the pool is exhausted they kill
 * the packet and return {@code null}, exactly as Click's do (the pool counts the failure).
 *
 * <p>Not thread-safe: a packet belongs to its pool's thread (see {@link PacketPool}).
 */
public final class Packet
{
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    static
    {
        if (AnnotationDescriptor.ANNO_SIZE_BYTES != 48)
        {
            throw new AssertionError("the annotation area is six 8-byte words");
        }
    }

    /** Header offset annotation value meaning "not set". Header offsets are kept relative to the buffer start. */
    static final int NO_HEADER = -1;

    private final PacketPool pool;

    /**
     * The pool of the buffer this packet uses: its own pool, unless the packet outgrew its buffer and moved to a
     * larger one of the same {@link PacketAllocator} (a padded minimum-size frame leaves its compact buffer).
     */
    private PacketPool bufferPool;
    /** The buffer (a slice of the slab) or {@code null} while the packet is free in its pool. */
    MemorySegment buffer;
    /** Index of the buffer in the slab, or -1 while the packet is free. */
    int bufferIndex = -1;
    /** Click's {@code _data}, as an offset from the buffer start. */
    int dataOffset;
    /** Click's {@code _tail}, as an offset from the buffer start. */
    int tailOffset;

    /** Click's {@code _aa.mac} (MAC header annotation), offset from the buffer start or {@link #NO_HEADER}. */
    private int macHeader = NO_HEADER;
    /** Click's {@code _aa.nh} (network header annotation), offset from the buffer start or {@link #NO_HEADER}. */
    private int networkHeader = NO_HEADER;
    /** Click's {@code _aa.h} (transport header annotation), offset from the buffer start or {@link #NO_HEADER}. */
    private int transportHeader = NO_HEADER;
    /** Click's {@code timestamp_anno()}, in nanoseconds (Click's Timestamp at nanosecond precision). */
    private long timestampNs;
    /** Click's {@code packet_type_anno()}: one of {@link PacketType}. */
    private int packetType;
    /** Click's {@code next()} annotation: link for queues and linked batches. */
    private Packet next;
    /** Click's {@code prev()} annotation. */
    private Packet prev;
    /*
     * Click's 48-byte anno area, laid out by AnnotationDescriptor, as six little-endian words: byte k of the area is
     * bits 8 * (k % 8) and up of word k / 8 (Click's host order on x86). In the packet object itself, not in an
     * array beside it, so that writing an annotation (the destination address, on every packet an IP element
     * handles) touches a cache line that reading the packet's offsets already brought in.
     */
    private long anno0;
    private long anno1;
    private long anno2;
    private long anno3;
    private long anno4;
    private long anno5;

    Packet(final PacketPool pool)
    {
        this.pool = pool;
        this.bufferPool = pool;
    }

    // ---------------------------------------------------------------------------------------------- geometry

    /** The pool this packet belongs to. */
    /**
     * The scheduler thread that owns this packet's pool while a router runs, or null. Only that thread may clone,
     * uniqueify or resize the packet; any thread may kill it (see {@link PacketPool}).
     */
    public Thread ownerThread()
    {
        return pool.owner;
    }

    /**
     * A copy of this packet made by {@code allocator} (data, headroom and annotations), for a thread that takes
     * over a packet owned by another; this packet is left as it is. Null if the allocator has no buffer free.
     */
    public Packet copyTo(final PacketAllocator allocator)
    {
        final Packet q = allocator.make(headroom(), length());
        if (q == null)
        {
            return null;
        }
        MemorySegment.copy(buffer, dataOffset, q.buffer, q.dataOffset, length());
        q.copyAnnotations(this);
        return q;
    }

    public PacketPool pool()
    {
        return pool;
    }

    /** Click's {@code length()}: bytes of packet data. */
    public int length()
    {
        return tailOffset - dataOffset;
    }

    /** Click's {@code headroom()}: bytes free before the data. */
    public int headroom()
    {
        return dataOffset;
    }

    /** Click's {@code tailroom()}: bytes free after the data. */
    public int tailroom()
    {
        return bufferPool.bufferSizeBytes() - tailOffset;
    }

    /** Click's {@code buffer_length()}: size of the whole buffer. */
    public int bufferLength()
    {
        return bufferPool.bufferSizeBytes();
    }

    /**
     * The pool whose slab holds this packet's buffer ({@link #bufferIndex()} is an index there): {@link #pool()},
     * unless the packet grew out of its buffer into a larger one.
     */
    public PacketPool bufferPool()
    {
        return bufferPool;
    }

    /**
     * The whole buffer this packet currently uses (valid until the packet moves to another buffer or dies); the
     * data starts at {@link #dataOffset()}. For bulk operations and drivers; does not allocate.
     */
    public MemorySegment buffer()
    {
        return buffer;
    }

    /** Offset of the first data byte in {@link #buffer()} (equals {@link #headroom()}). */
    public int dataOffset()
    {
        return dataOffset;
    }

    /** Index of the buffer in the pool's slab. */
    public int bufferIndex()
    {
        return bufferIndex;
    }

    /** Native address of the first data byte (for a device that reads the packet by address). */
    public long dataAddress()
    {
        return buffer.address() + dataOffset;
    }

    /** Click's {@code shared()}: true when another packet shares this buffer, which must then not be written. */
    public boolean shared()
    {
        return bufferPool.refCount(bufferIndex) > 1;
    }

    // ---------------------------------------------------------------------------------------------- data access

    /** Unsigned byte at {@code offset} from the data. */
    public int u8(final int offset)
    {
        return buffer.get(ValueLayout.JAVA_BYTE, dataOffset + offset) & 0xFF;
    }

    public void setU8(final int offset, final int value)
    {
        buffer.set(ValueLayout.JAVA_BYTE, dataOffset + offset, (byte)value);
    }

    /** Unsigned big-endian 16-bit value at {@code offset} from the data. */
    public int u16(final int offset)
    {
        return buffer.get(U16, dataOffset + offset) & 0xFFFF;
    }

    public void setU16(final int offset, final int value)
    {
        buffer.set(U16, dataOffset + offset, (short)value);
    }

    /** Big-endian 32-bit value at {@code offset} from the data (unsigned: {@link Integer#toUnsignedLong}). */
    public int u32(final int offset)
    {
        return buffer.get(U32, dataOffset + offset);
    }

    public void setU32(final int offset, final int value)
    {
        buffer.set(U32, dataOffset + offset, value);
    }

    /** Big-endian 64-bit value at {@code offset} from the data. */
    public long u64(final int offset)
    {
        return buffer.get(U64, dataOffset + offset);
    }

    public void setU64(final int offset, final long value)
    {
        buffer.set(U64, dataOffset + offset, value);
    }

    /** Copies {@code lengthBytes} from {@code src[srcIndex..]} into the data at {@code offset}. */
    public void copyFrom(final int offset, final byte[] src, final int srcIndex, final int lengthBytes)
    {
        MemorySegment.copy(src, srcIndex, buffer, ValueLayout.JAVA_BYTE, dataOffset + offset, lengthBytes);
    }

    /** Copies {@code lengthBytes} of data from {@code offset} into {@code dst[dstIndex..]}. */
    public void copyTo(final int offset, final byte[] dst, final int dstIndex, final int lengthBytes)
    {
        MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, dataOffset + offset, dst, dstIndex, lengthBytes);
    }

    /** Copies {@code lengthBytes} from {@code src} at {@code srcOffsetBytes} into the data at {@code offset}. */
    public void copyFrom(final int offset, final MemorySegment src, final long srcOffsetBytes, final int lengthBytes)
    {
        MemorySegment.copy(src, srcOffsetBytes, buffer, dataOffset + offset, lengthBytes);
    }

    /** Copies {@code lengthBytes} of data from {@code offset} into {@code dst} at {@code dstOffsetBytes}. */
    public void copyTo(final int offset, final MemorySegment dst, final long dstOffsetBytes, final int lengthBytes)
    {
        MemorySegment.copy(buffer, dataOffset + offset, dst, dstOffsetBytes, lengthBytes);
    }

    // ---------------------------------------------------------------------------------------------- Click's operations

    /**
     * Click's {@code push(n)}: prepends {@code lengthBytes} to the data (their content is undefined). Past the
     * headroom, or on a shared buffer, the packet moves to a fresh buffer with the pool's default headroom left
     * after the push. Returns this packet, or {@code null} after killing it if no buffer was free or the data
     * cannot fit one buffer.
     */
    public Packet push(final int lengthBytes)
    {
        if (lengthBytes < 0)
        {
            throw new IllegalArgumentException("lengthBytes < 0: " + lengthBytes);
        }
        if (lengthBytes <= dataOffset && !shared())
        {
            dataOffset -= lengthBytes;
            return this;
        }
        if (!relocate(lengthBytes, 0))
        {
            return null;
        }
        dataOffset -= lengthBytes;
        return this;
    }

    /**
     * Click's {@code pull(n)}: removes {@code lengthBytes} from the front of the data (no copy). Like Click,
     * pulling more than {@link #length()} removes all the data.
     */
    public void pull(final int lengthBytes)
    {
        dataOffset += Math.max(0, Math.min(lengthBytes, length()));
    }

    /**
     * Click's {@code put(n)}: appends {@code lengthBytes} to the data (their content is undefined). Past the
     * tailroom, or on a shared buffer, the packet moves to a fresh buffer. Returns this packet, or {@code null}
     * after killing it if no buffer was free or the data cannot fit one buffer.
     */
    public Packet put(final int lengthBytes)
    {
        if (lengthBytes < 0)
        {
            throw new IllegalArgumentException("lengthBytes < 0: " + lengthBytes);
        }
        if (lengthBytes <= tailroom() && !shared())
        {
            tailOffset += lengthBytes;
            return this;
        }
        if (!relocate(0, lengthBytes))
        {
            return null;
        }
        tailOffset += lengthBytes;
        return this;
    }

    /**
     * Click's {@code take(n)}: removes {@code lengthBytes} from the end of the data. Like Click, taking more than
     * {@link #length()} removes all the data.
     */
    public void take(final int lengthBytes)
    {
        tailOffset -= Math.max(0, Math.min(lengthBytes, length()));
    }

    /**
     * Click's {@code clone()}: a new packet over the same buffer (zero copy; the buffer's reference count goes
     * up) with a copy of this packet's annotations, except the {@code next}/{@code prev} links. Returns
     * {@code null} when the pool has no free packet object (counted by the pool); this packet is left intact.
     */
    @Override
    public Packet clone()
    {
        final Packet clone = pool.takePacketObject();
        if (clone == null)
        {
            return null;
        }
        bufferPool.retain(bufferIndex);
        clone.attach(bufferPool, bufferIndex, buffer, dataOffset, tailOffset);
        clone.copyAnnotations(this);
        clone.next = null;
        clone.prev = null;
        return clone;
    }

    /**
     * Click's {@code uniqueify()}: makes the buffer private to this packet, copying it only when it is shared
     * (copy-on-write). Returns this packet, writable, or {@code null} after killing it if no buffer was free.
     */
    public Packet uniqueify()
    {
        if (!shared())
        {
            return this;
        }
        return relocate(0, 0) ? this : null;
    }

    /**
     * Click's {@code kill()}: returns this packet object to its pool, and the buffer when this was its last
     * reference. The packet must not be used afterwards.
     *
     * @throws IllegalStateException if the packet is already free (a double kill is a bug).
     */
    public void kill()
    {
        if (bufferIndex < 0)
        {
            throw new IllegalStateException("packet killed twice");
        }
        final Thread owner = pool.owner;
        if (owner != null && owner != Thread.currentThread())
        {
            // Another scheduler thread's packet (handed over through a queue): its free lists are the owner's
            // alone, so the kill is queued for the owner, which frees it at its next turn. The queue has room
            // for every packet object of the pool, so the offer cannot fail; the loop only guards that claim.
            while (!pool.killFromOtherThread(this))
            {
                Thread.onSpinWait();
            }
            return;
        }
        bufferPool.release(bufferIndex);
        detach();
        pool.returnPacketObject(this);
    }

    // ---------------------------------------------------------------------------------------------- annotations

    /** Click's {@code has_mac_header()}. */
    public boolean hasMacHeader()
    {
        return macHeader != NO_HEADER;
    }

    /** Click's {@code mac_header_offset()}: offset of the MAC header from the data (negative if before it). */
    public int macHeaderOffset()
    {
        return macHeader - dataOffset;
    }

    /** Click's {@code set_mac_header(data() + offset)}. */
    public void setMacHeader(final int offset)
    {
        macHeader = headerPosition(offset);
    }

    /** Click's {@code clear_mac_header()}. */
    public void clearMacHeader()
    {
        macHeader = NO_HEADER;
    }

    /** Click's {@code has_network_header()}. */
    public boolean hasNetworkHeader()
    {
        return networkHeader != NO_HEADER;
    }

    /** Click's {@code network_header_offset()}: offset of the network (IP) header from the data. */
    public int networkHeaderOffset()
    {
        return networkHeader - dataOffset;
    }

    /** Click's {@code network_header_length()}: transport header offset minus network header offset. */
    public int networkHeaderLength()
    {
        return transportHeader - networkHeader;
    }

    /**
     * Click's {@code set_network_header(data() + offset, lengthBytes)}: sets the network header annotation and
     * the transport header annotation {@code lengthBytes} after it.
     */
    public void setNetworkHeader(final int offset, final int lengthBytes)
    {
        networkHeader = headerPosition(offset);
        transportHeader = headerPosition(offset + lengthBytes);
    }

    /** Click's {@code clear_network_header()} (clears the transport header annotation too, as Click's does). */
    public void clearNetworkHeader()
    {
        networkHeader = NO_HEADER;
        transportHeader = NO_HEADER;
    }

    /** Click's {@code has_transport_header()}. */
    public boolean hasTransportHeader()
    {
        return transportHeader != NO_HEADER;
    }

    /** Click's {@code transport_header_offset()}. */
    public int transportHeaderOffset()
    {
        return transportHeader - dataOffset;
    }

    /** Click's {@code set_transport_header(data() + offset)}. */
    public void setTransportHeader(final int offset)
    {
        transportHeader = headerPosition(offset);
    }

    /** Click's {@code dst_ip_anno()}: destination IPv4 address annotation, as a big-endian int. */
    public int dstIpAnno()
    {
        return Integer.reverseBytes((int)anno0); // DST_IP_ANNO_OFFSET 0, network order in the area
    }

    /** Click's {@code set_dst_ip_anno()}. */
    public void setDstIpAnno(final int address)
    {
        anno0 = (anno0 & 0xFFFF_FFFF_0000_0000L) | (Integer.reverseBytes(address) & 0xFFFF_FFFFL);
    }

    /** Click's {@code PAINT_ANNO}. */
    public int paintAnno()
    {
        return annoU8(AnnotationDescriptor.PAINT_ANNO_OFFSET);
    }

    /** Click's {@code SET_PAINT_ANNO}. */
    public void setPaintAnno(final int paint)
    {
        setAnnoU8(AnnotationDescriptor.PAINT_ANNO_OFFSET, paint);
    }

    /** Click's {@code VLAN_TCI_ANNO}: the VLAN TCI, network order in the area, returned as a number. */
    public int vlanTciAnno()
    {
        return Short.reverseBytes((short)annoBits(AnnotationDescriptor.VLAN_TCI_ANNO_OFFSET, 2)) & 0xFFFF;
    }

    /** Click's {@code SET_VLAN_TCI_ANNO}. */
    public void setVlanTciAnno(final int tci)
    {
        setAnnoBits(AnnotationDescriptor.VLAN_TCI_ANNO_OFFSET, 2, Short.reverseBytes((short)tci));
    }

    /** Click's {@code AGGREGATE_ANNO}. */
    public int aggregateAnno()
    {
        return annoU32(AnnotationDescriptor.AGGREGATE_ANNO_OFFSET);
    }

    /** Click's {@code SET_AGGREGATE_ANNO}. */
    public void setAggregateAnno(final int aggregate)
    {
        setAnnoU32(AnnotationDescriptor.AGGREGATE_ANNO_OFFSET, aggregate);
    }

    /** Click's {@code timestamp_anno()}, in nanoseconds. */
    public long timestampNs()
    {
        return timestampNs;
    }

    /** Click's {@code set_timestamp_anno()}. */
    public void setTimestampNs(final long timestampNs)
    {
        this.timestampNs = timestampNs;
    }

    /** Click's {@code packet_type_anno()}: one of {@link PacketType}. */
    public int packetType()
    {
        return packetType;
    }

    /** Click's {@code set_packet_type_anno()}. */
    public void setPacketType(final int packetType)
    {
        this.packetType = packetType;
    }

    /** Click's {@code next()}. */
    public Packet next()
    {
        return next;
    }

    /** Click's {@code set_next()}. */
    public void setNext(final Packet next)
    {
        this.next = next;
    }

    /** Click's {@code prev()}. */
    public Packet prev()
    {
        return prev;
    }

    /** Click's {@code set_prev()}. */
    public void setPrev(final Packet prev)
    {
        this.prev = prev;
    }

    /** Click's {@code anno_u8(offset)}. */
    public int annoU8(final int offset)
    {
        return (int)annoBits(offset, 1);
    }

    /** Click's {@code set_anno_u8(offset, value)}. */
    public void setAnnoU8(final int offset, final int value)
    {
        setAnnoBits(offset, 1, value);
    }

    /** Click's {@code anno_u16(offset)}, little-endian (Click's host order). */
    public int annoU16(final int offset)
    {
        return (int)annoBits(offset, 2);
    }

    /** Click's {@code set_anno_u16(offset, value)}. */
    public void setAnnoU16(final int offset, final int value)
    {
        setAnnoBits(offset, 2, value);
    }

    /** Click's {@code anno_u32(offset)}, little-endian (Click's host order). */
    public int annoU32(final int offset)
    {
        return (int)annoBits(offset, 4);
    }

    /** Click's {@code set_anno_u32(offset, value)}. */
    public void setAnnoU32(final int offset, final int value)
    {
        setAnnoBits(offset, 4, value);
    }

    /** Click's {@code anno_u64(offset)}, little-endian (Click's host order). */
    public long annoU64(final int offset)
    {
        return annoBits(offset, 8);
    }

    /** Click's {@code set_anno_u64(offset, value)}. */
    public void setAnnoU64(final int offset, final long value)
    {
        setAnnoBits(offset, 8, value);
    }

    /** Word {@code w} of the annotation area. */
    private long annoWord(final int w)
    {
        return switch (w)
        {
            case 0 -> anno0;
            case 1 -> anno1;
            case 2 -> anno2;
            case 3 -> anno3;
            case 4 -> anno4;
            case 5 -> anno5;
            default -> throw new IndexOutOfBoundsException("annotation word " + w);
        };
    }

    private void setAnnoWord(final int w, final long value)
    {
        switch (w)
        {
            case 0 -> anno0 = value;
            case 1 -> anno1 = value;
            case 2 -> anno2 = value;
            case 3 -> anno3 = value;
            case 4 -> anno4 = value;
            case 5 -> anno5 = value;
            default -> throw new IndexOutOfBoundsException("annotation word " + w);
        }
    }

    /**
     * The little-endian value of {@code sizeBytes} (1, 2, 4 or 8) annotation bytes at {@code offset}, which may
     * straddle two words.
     *
     * @throws IndexOutOfBoundsException if the bytes are not all inside the 48-byte area
     */
    private long annoBits(final int offset, final int sizeBytes)
    {
        java.util.Objects.checkFromIndexSize(offset, sizeBytes, AnnotationDescriptor.ANNO_SIZE_BYTES);
        final int w = offset >>> 3;
        final int shift = (offset & 7) << 3;
        long v = annoWord(w) >>> shift;
        if (shift + (sizeBytes << 3) > 64)
        {
            v |= annoWord(w + 1) << (64 - shift); // shift > 0 here
        }
        return sizeBytes == 8 ? v : v & ((1L << (sizeBytes << 3)) - 1);
    }

    /** Stores the low {@code sizeBytes} bytes of {@code value} little-endian at annotation {@code offset}. */
    private void setAnnoBits(final int offset, final int sizeBytes, final long value)
    {
        java.util.Objects.checkFromIndexSize(offset, sizeBytes, AnnotationDescriptor.ANNO_SIZE_BYTES);
        final int w = offset >>> 3;
        final int shift = (offset & 7) << 3;
        final long mask = sizeBytes == 8 ? -1L : (1L << (sizeBytes << 3)) - 1;
        final long v = value & mask;
        setAnnoWord(w, (annoWord(w) & ~(mask << shift)) | (v << shift));
        if (shift + (sizeBytes << 3) > 64)
        {
            final int low = 64 - shift; // bits of the value that went into word w
            setAnnoWord(w + 1, (annoWord(w + 1) & ~(mask >>> low)) | (v >>> low));
        }
    }

    /**
     * Click's {@code clear_annotations()}: zeroes the annotation area, timestamp and packet type, unsets the
     * header annotations and the links.
     */
    public void clearAnnotations()
    {
        anno0 = 0;
        anno1 = 0;
        anno2 = 0;
        anno3 = 0;
        anno4 = 0;
        anno5 = 0;
        macHeader = NO_HEADER;
        networkHeader = NO_HEADER;
        transportHeader = NO_HEADER;
        timestampNs = 0;
        packetType = PacketType.HOST;
        next = null;
        prev = null;
    }

    /**
     * Click's {@code copy_annotations()}: copies the annotation area, timestamp, packet type and header
     * annotations (at the same positions relative to the data) from {@code from}; not the links.
     */
    public void copyAnnotations(final Packet from)
    {
        anno0 = from.anno0;
        anno1 = from.anno1;
        anno2 = from.anno2;
        anno3 = from.anno3;
        anno4 = from.anno4;
        anno5 = from.anno5;
        final int delta = dataOffset - from.dataOffset;
        macHeader = from.macHeader == NO_HEADER ? NO_HEADER : from.macHeader + delta;
        networkHeader = from.networkHeader == NO_HEADER ? NO_HEADER : from.networkHeader + delta;
        transportHeader = from.transportHeader == NO_HEADER ? NO_HEADER : from.transportHeader + delta;
        timestampNs = from.timestampNs;
        packetType = from.packetType;
    }

    @Override
    public String toString()
    {
        return bufferIndex < 0 ? "Packet[free]" :
            "Packet[buffer=" + bufferIndex + " headroom=" + headroom() + " length=" + length() +
            " tailroom=" + tailroom() + (shared() ? " shared" : "") + "]";
    }

    // ---------------------------------------------------------------------------------------------- pool side

    void attach(final int bufferIndex, final MemorySegment buffer, final int dataOffset, final int tailOffset)
    {
        attach(pool, bufferIndex, buffer, dataOffset, tailOffset);
    }

    private void attach(final PacketPool bufferPool, final int bufferIndex, final MemorySegment buffer,
        final int dataOffset, final int tailOffset)
    {
        this.bufferPool = bufferPool;
        this.bufferIndex = bufferIndex;
        this.buffer = buffer;
        this.dataOffset = dataOffset;
        this.tailOffset = tailOffset;
    }

    private void detach()
    {
        bufferIndex = -1;
        buffer = null; // a use after kill fails fast instead of touching a reused buffer
    }

    private int headerPosition(final int offsetFromData)
    {
        final int position = dataOffset + offsetFromData;
        if (position < 0 || position > bufferPool.bufferSizeBytes())
        {
            throw new IllegalArgumentException("header outside the buffer: offset " + offsetFromData);
        }
        return position;
    }

    /**
     * Moves the packet to a fresh private buffer with at least {@code headroomBytes} before and
     * {@code tailroomBytes} after the data (Click's {@code expensive_uniqueify}). The data, and the bytes before
     * it that header annotations point at, are copied; header annotations follow. If the data already starts far
     * enough in, it keeps its offset; if more headroom is needed, the pool's default headroom is left in
     * addition. The bytes before the data (the old headroom, where header annotations may point) are copied too,
     * as far as they fit. When the result does not fit a buffer of this size, a larger buffer of the same
     * {@link PacketAllocator} is taken (as Click allocates a larger one). Kills the packet and returns false if no
     * buffer is free or the result cannot fit any buffer.
     */
    private boolean relocate(final int headroomBytes, final int tailroomBytes)
    {
        PacketPool target = bufferPool;
        int bufferSizeBytes = target.bufferSizeBytes();
        final int lengthBytes = length();
        int newDataOffset = headroomBytes <= dataOffset ? dataOffset : headroomBytes + target.headroomBytes();
        if (newDataOffset + lengthBytes + tailroomBytes > bufferSizeBytes)
        {
            final PacketPool larger = target.allocator == null ? null :
                target.allocator.poolForGrowth(newDataOffset + lengthBytes + tailroomBytes);
            if (larger != null)
            {
                target = larger;
                bufferSizeBytes = larger.bufferSizeBytes();
            }
            else
            {
                newDataOffset = Math.max(headroomBytes, bufferSizeBytes - lengthBytes - tailroomBytes);
            }
        }
        final int newBufferIndex = newDataOffset + lengthBytes + tailroomBytes > bufferSizeBytes ?
            -1 : target.takeBuffer();
        if (newBufferIndex < 0)
        {
            if (newDataOffset + lengthBytes + tailroomBytes > bufferSizeBytes)
            {
                target.countOversize();
            }
            kill();
            return false;
        }

        // As Click's expensive_uniqueify, the headroom is copied too (Unstrip/Resize may expose it again).
        int copyFrom = 0;
        final int delta = newDataOffset - dataOffset;
        copyFrom = Math.max(copyFrom, -delta);
        final MemorySegment newBuffer = target.bufferSegment(newBufferIndex);
        MemorySegment.copy(buffer, copyFrom, newBuffer, copyFrom + delta, tailOffset - copyFrom);

        macHeader = shiftHeader(macHeader, delta, bufferSizeBytes);
        networkHeader = shiftHeader(networkHeader, delta, bufferSizeBytes);
        transportHeader = shiftHeader(transportHeader, delta, bufferSizeBytes);
        bufferPool.release(bufferIndex);
        attach(target, newBufferIndex, newBuffer, newDataOffset, newDataOffset + lengthBytes);
        return true;
    }

    private static int shiftHeader(final int header, final int delta, final int bufferSizeBytes)
    {
        if (header == NO_HEADER)
        {
            return NO_HEADER;
        }
        final int shifted = header + delta;
        return shifted < 0 || shifted > bufferSizeBytes ? NO_HEADER : shifted;
    }
}
