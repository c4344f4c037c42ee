package org.jclick.dataplane.jmh.memorymodel;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Prototype (b2) of the packet memory model: the same slab of buffers as (b1), but every annotation lives in
 * an off-heap metadata segment (one 128-byte slot per packet, laid out by the offsets below); the flyweight
 * keeps only its buffer, the data/tail offsets and the slot.
 */
final class FfmMetadataPrototype
{
    static final int BUFFER_SIZE_BYTES = 2048;
    static final int HEADROOM_BYTES = 128;
    static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    // metadata slot layout
    static final int MAC_HEADER_OFFSET = 0;          // int
    static final int NETWORK_HEADER_OFFSET = 4;      // int
    static final int TRANSPORT_HEADER_OFFSET = 8;    // int
    static final int PACKET_TYPE_OFFSET = 12;        // int
    static final int TIMESTAMP_NS_OFFSET = 16;       // long
    static final int ANNO_OFFSET = 24;               // 48 bytes, Click's anno area
    static final int USED_SLOT_BYTES = ANNO_OFFSET + 48; // 72: the part cleared on take
    static final int SLOT_SIZE_BYTES = 128;                // slot stride: two cache lines

    static final class Packet
    {
        final MemorySegment meta;
        MemorySegment buffer;
        int bufferIndex;
        int dataOffset;
        int tailOffset;
        Packet next;
        Packet prev;

        Packet(final MemorySegment meta)
        {
            this.meta = meta;
        }

        int length()
        {
            return tailOffset - dataOffset;
        }

        void copyIn(final byte[] src, final int srcOffset, final int lengthBytes)
        {
            MemorySegment.copy(src, srcOffset, buffer, ValueLayout.JAVA_BYTE, dataOffset, lengthBytes);
            tailOffset = dataOffset + lengthBytes;
        }

        int u8(final int offset)
        {
            return buffer.get(ValueLayout.JAVA_BYTE, dataOffset + offset) & 0xFF;
        }

        void setU8(final int offset, final int value)
        {
            buffer.set(ValueLayout.JAVA_BYTE, dataOffset + offset, (byte)value);
        }

        int u16(final int offset)
        {
            return buffer.get(U16, dataOffset + offset) & 0xFFFF;
        }

        void setU16(final int offset, final int value)
        {
            buffer.set(U16, dataOffset + offset, (short)value);
        }

        int u32(final int offset)
        {
            return buffer.get(U32, dataOffset + offset);
        }

        void setNetworkHeaderOffset(final int offset)
        {
            meta.set(ValueLayout.JAVA_INT, NETWORK_HEADER_OFFSET, offset);
        }

        void setDstIpAnno(final int address)
        {
            meta.set(U32, ANNO_OFFSET, address);
        }
    }

    static final class Pool
    {
        private final Arena arena = Arena.ofShared();
        private final MemorySegment[] buffers;
        private final int[] refCounts;
        private final int[] freeBuffers;
        private int freeBufferCount;
        private final Packet[] freePackets;
        private int freePacketCount;
        long exhaustedCount;

        Pool(final int capacity)
        {
            final MemorySegment slab = arena.allocate((long)capacity * BUFFER_SIZE_BYTES, 4096);
            final MemorySegment metadata = arena.allocate((long)capacity * SLOT_SIZE_BYTES, 64);
            buffers = new MemorySegment[capacity];
            refCounts = new int[capacity];
            freeBuffers = new int[capacity];
            freePackets = new Packet[capacity];
            for (int i = 0; i < capacity; i++)
            {
                buffers[i] = slab.asSlice((long)i * BUFFER_SIZE_BYTES, BUFFER_SIZE_BYTES);
                freeBuffers[i] = i;
                freePackets[i] = new Packet(metadata.asSlice((long)i * SLOT_SIZE_BYTES, USED_SLOT_BYTES));
            }
            freeBufferCount = capacity;
            freePacketCount = capacity;
        }

        Packet take()
        {
            if (freePacketCount == 0 || freeBufferCount == 0)
            {
                exhaustedCount++;
                return null;
            }
            final int bufferIndex = freeBuffers[--freeBufferCount];
            refCounts[bufferIndex] = 1;
            final Packet p = freePackets[--freePacketCount];
            p.buffer = buffers[bufferIndex];
            p.bufferIndex = bufferIndex;
            p.dataOffset = HEADROOM_BYTES;
            p.tailOffset = HEADROOM_BYTES;
            final MemorySegment meta = p.meta;
            meta.fill((byte)0);
            meta.set(ValueLayout.JAVA_INT, MAC_HEADER_OFFSET, -1);
            meta.set(ValueLayout.JAVA_INT, NETWORK_HEADER_OFFSET, -1);
            meta.set(ValueLayout.JAVA_INT, TRANSPORT_HEADER_OFFSET, -1);
            return p;
        }

        void release(final Packet p)
        {
            final int bufferIndex = p.bufferIndex;
            if (--refCounts[bufferIndex] == 0)
            {
                freeBuffers[freeBufferCount++] = bufferIndex;
            }
            p.buffer = null;
            freePackets[freePacketCount++] = p;
        }

        void close()
        {
            arena.close();
        }
    }
}
