package org.jclick.dataplane.jmh.memorymodel;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Prototype (b1) of the packet memory model: one off-heap {@link MemorySegment} slab cut into fixed-size
 * power-of-two buffers; pooled flyweight packets point at a buffer (a preallocated slice of the slab) and hold
 * their annotations as plain Java fields plus Click's 48-byte annotation area as a {@code byte[]}.
 */
final class FfmFieldsPrototype
{
    static final int BUFFER_SIZE_BYTES = 2048;
    static final int HEADROOM_BYTES = 128;
    static final int ANNO_SIZE_BYTES = 48;
    static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    static final class Packet
    {
        MemorySegment buffer;
        int bufferIndex;
        int dataOffset;
        int tailOffset;
        int macHeaderOffset;
        int networkHeaderOffset;
        int transportHeaderOffset;
        long timestampNs;
        int packetType;
        Packet next;
        Packet prev;
        final byte[] anno = new byte[ANNO_SIZE_BYTES];

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

        void setDstIpAnno(final int address)
        {
            anno[0] = (byte)(address >>> 24);
            anno[1] = (byte)(address >>> 16);
            anno[2] = (byte)(address >>> 8);
            anno[3] = (byte)address;
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
            buffers = new MemorySegment[capacity];
            refCounts = new int[capacity];
            freeBuffers = new int[capacity];
            freePackets = new Packet[capacity];
            for (int i = 0; i < capacity; i++)
            {
                buffers[i] = slab.asSlice((long)i * BUFFER_SIZE_BYTES, BUFFER_SIZE_BYTES);
                freeBuffers[i] = i;
                freePackets[i] = new Packet();
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
            p.macHeaderOffset = -1;
            p.networkHeaderOffset = -1;
            p.transportHeaderOffset = -1;
            p.timestampNs = 0;
            p.packetType = 0;
            Arrays.fill(p.anno, (byte)0);
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
