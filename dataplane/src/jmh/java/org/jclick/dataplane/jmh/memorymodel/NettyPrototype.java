package org.jclick.dataplane.jmh.memorymodel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;

import java.util.Arrays;

/**
 * Prototype (a) of the packet memory model: netty's {@link PooledByteBufAllocator} hands out pooled direct
 * {@link ByteBuf}s (one per packet, reference counted by netty), wrapped by pooled packet objects that carry
 * the annotations as fields plus Click's 48-byte annotation area.
 */
final class NettyPrototype
{
    static final int BUFFER_SIZE_BYTES = 2048;
    static final int HEADROOM_BYTES = 128;
    static final int ANNO_SIZE_BYTES = 48;

    static final class Packet
    {
        ByteBuf buf;
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
            return buf.readableBytes();
        }

        int u8(final int offset)
        {
            return buf.getUnsignedByte(buf.readerIndex() + offset);
        }

        void setU8(final int offset, final int value)
        {
            buf.setByte(buf.readerIndex() + offset, value);
        }

        int u16(final int offset)
        {
            return buf.getUnsignedShort(buf.readerIndex() + offset);
        }

        void setU16(final int offset, final int value)
        {
            buf.setShort(buf.readerIndex() + offset, value);
        }

        int u32(final int offset)
        {
            return buf.getInt(buf.readerIndex() + offset);
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
        private final PooledByteBufAllocator allocator = new PooledByteBufAllocator(true);
        private final Packet[] free;
        private int freeCount;
        long exhaustedCount;

        Pool(final int capacity)
        {
            free = new Packet[capacity];
            for (int i = 0; i < capacity; i++)
            {
                free[i] = new Packet();
            }
            freeCount = capacity;
        }

        Packet take()
        {
            if (freeCount == 0)
            {
                exhaustedCount++;
                return null;
            }
            final ByteBuf buf = allocator.directBuffer(BUFFER_SIZE_BYTES, BUFFER_SIZE_BYTES);
            buf.setIndex(HEADROOM_BYTES, HEADROOM_BYTES);
            final Packet p = free[--freeCount];
            p.buf = buf;
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
            p.buf.release();
            p.buf = null;
            free[freeCount++] = p;
        }
    }
}
