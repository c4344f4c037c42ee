package org.jclick.dataplane.packet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PacketTest
{
    private final PacketPool pool = PacketPool.allocate(8, 256, 64);

    @AfterEach
    void close()
    {
        pool.close();
    }

    private static byte[] bytes(final Packet p)
    {
        final byte[] out = new byte[p.length()];
        p.copyTo(0, out, 0, out.length);
        return out;
    }

    private static byte[] sequence(final int length)
    {
        final byte[] b = new byte[length];
        for (int i = 0; i < length; i++)
        {
            b[i] = (byte)(i + 1);
        }
        return b;
    }

    // ---------------------------------------------------------------------------------------------- accessors

    @Test
    void accessorsAreBigEndian()
    {
        final Packet p = pool.make(16);
        p.setU16(0, 0x1234);
        p.setU32(2, 0x89ABCDEF);
        p.setU64(6, 0x0102030405060708L);
        p.setU8(14, 0xFE);
        final byte[] b = bytes(p);
        assertArrayEquals(new byte[] {0x12, 0x34, (byte)0x89, (byte)0xAB, (byte)0xCD, (byte)0xEF,
            1, 2, 3, 4, 5, 6, 7, 8, (byte)0xFE, b[15]}, b);
        assertEquals(0x1234, p.u16(0));
        assertEquals(0x89ABCDEF, p.u32(2));
        assertEquals(0x0102030405060708L, p.u64(6));
        assertEquals(0xFE, p.u8(14), "u8 is unsigned");
        assertEquals(0xABCD, p.u16(3), "unaligned, unsigned");
    }

    @Test
    void accessorsAreRelativeToTheData()
    {
        final Packet p = pool.make(sequence(10), 0, 10);
        p.pull(3);
        assertEquals(4, p.u8(0));
        p.push(2);
        assertEquals(2, p.u8(0));
    }

    @Test
    void accessOutsideTheBufferThrows()
    {
        final Packet p = pool.make(10);
        assertThrows(IndexOutOfBoundsException.class, () -> p.u8(256 - 64));
        assertThrows(IndexOutOfBoundsException.class, () -> p.u32(-65));
    }

    @Test
    void bulkCopiesWithArraysAndSegments()
    {
        final Packet p = pool.make(8);
        p.copyFrom(2, new byte[] {7, 8, 9}, 1, 2);
        assertEquals(0x0809, p.u16(2));
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = arena.allocate(8);
            segment.set(ValueLayout.JAVA_BYTE, 5, (byte)0x55);
            p.copyFrom(0, segment, 5, 1);
            assertEquals(0x55, p.u8(0));
            p.copyTo(2, segment, 0, 2);
            assertEquals(8, segment.get(ValueLayout.JAVA_BYTE, 0));
            assertEquals(9, segment.get(ValueLayout.JAVA_BYTE, 1));
        }
    }

    // ---------------------------------------------------------------------------------------------- push / pull / put / take

    @Test
    void pushAndPullMoveTheFrontWithinTheBuffer()
    {
        final Packet p = pool.make(sequence(10), 0, 10);
        final int bufferIndex = p.bufferIndex();
        assertSame(p, p.push(14));
        assertEquals(24, p.length());
        assertEquals(64 - 14, p.headroom());
        assertEquals(1, p.u8(14));
        p.pull(14);
        assertEquals(10, p.length());
        assertEquals(64, p.headroom());
        assertEquals(bufferIndex, p.bufferIndex(), "no copy");
    }

    @Test
    void pushBeyondHeadroomMovesToAFreshBufferWithHeadroom()
    {
        final Packet p = pool.make(sequence(20), 0, 20);
        p.setNetworkHeader(0, 20);
        p.setDstIpAnno(0x0A000001);
        final int oldBuffer = p.bufferIndex();
        final int available = pool.availableBuffers();

        assertSame(p, p.push(100));
        assertNotEquals(oldBuffer, p.bufferIndex());
        assertEquals(120, p.length());
        assertEquals(64, p.headroom(), "the default headroom is left after the push");
        final byte[] b = bytes(p);
        for (int i = 0; i < 20; i++)
        {
            assertEquals(i + 1, b[100 + i], "data copied behind the pushed bytes");
        }
        assertEquals(100, p.networkHeaderOffset(), "header annotations follow the data");
        assertEquals(20, p.networkHeaderLength());
        assertEquals(0x0A000001, p.dstIpAnno());
        assertEquals(available, pool.availableBuffers(), "the old buffer went back to the pool");
    }

    @Test
    void pushBeyondHeadroomKillsThePacketWhenThePoolIsExhausted()
    {
        final Packet p = pool.make(10);
        while (pool.make(10) != null)
        {
            // exhaust the buffers
        }
        final long before = pool.exhaustionCount();
        final int freePackets = pool.availablePackets();
        assertNull(p.push(65));
        assertEquals(before + 1, pool.exhaustionCount());
        assertEquals(freePackets + 1, pool.availablePackets(), "the packet was killed");
        assertEquals(1, pool.availableBuffers(), "with its buffer");
    }

    @Test
    void pushThatCannotFitOneBufferKillsThePacket()
    {
        final Packet p = pool.make(100);
        assertNull(p.push(200));
        assertEquals(1, pool.oversizeCount());
        assertEquals(8, pool.availableBuffers());
    }

    @Test
    void pullAndTakeBeyondTheLengthEmptyThePacketLikeClick()
    {
        final Packet p = pool.make(10);
        p.pull(11);
        assertEquals(0, p.length());
        assertEquals(74, p.headroom());
        final Packet q = pool.make(10);
        q.take(50);
        assertEquals(0, q.length());
        assertEquals(64, q.headroom());
    }

    @Test
    void putAndTakeMoveTheEnd()
    {
        final Packet p = pool.make(sequence(10), 0, 10);
        assertSame(p, p.put(6));
        assertEquals(16, p.length());
        assertEquals(256 - 64 - 16, p.tailroom());
        p.take(6);
        assertEquals(10, p.length());
        assertEquals(10, p.u8(9));
    }

    @Test
    void putBeyondTailroomMovesToAFreshBuffer()
    {
        final Packet p = pool.make(sequence(100), 0, 100);
        final int oldBuffer = p.bufferIndex();
        assertSame(p, p.put(150)); // 64 + 100 + 150 > 256: data must move towards the buffer start
        assertNotEquals(oldBuffer, p.bufferIndex());
        assertEquals(250, p.length());
        assertEquals(6, p.headroom());
        assertEquals(100, p.u8(99));
        assertEquals(1, p.u8(0));
    }

    // ---------------------------------------------------------------------------------------------- clone / uniqueify / kill

    @Test
    void cloneSharesTheBufferAndCopiesAnnotations()
    {
        final Packet p = pool.make(sequence(10), 0, 10);
        p.setPaintAnno(3);
        p.setNetworkHeader(2, 4);
        p.setTimestampNs(123);
        final int freeBuffers = pool.availableBuffers();

        final Packet c = p.clone();
        assertNotNull(c);
        assertNotEquals(p, c);
        assertEquals(p.bufferIndex(), c.bufferIndex(), "zero copy");
        assertEquals(freeBuffers, pool.availableBuffers());
        assertTrue(p.shared());
        assertTrue(c.shared());
        assertEquals(3, c.paintAnno());
        assertEquals(2, c.networkHeaderOffset());
        assertEquals(4, c.networkHeaderLength());
        assertEquals(123, c.timestampNs());
        assertArrayEquals(bytes(p), bytes(c));

        c.setPaintAnno(4);
        assertEquals(3, p.paintAnno(), "annotations are per packet");
        c.pull(2);
        assertEquals(10, p.length(), "data pointers are per packet");
    }

    @Test
    void writingToAUniqueifiedCloneDoesNotAffectTheOriginal()
    {
        final Packet p = pool.make(sequence(10), 0, 10);
        final Packet c = p.clone();
        assertSame(c, c.uniqueify());
        assertNotEquals(p.bufferIndex(), c.bufferIndex(), "copied because shared");
        assertFalse(p.shared());
        assertFalse(c.shared());
        c.setU8(0, 0x77);
        assertEquals(1, p.u8(0));
        assertEquals(0x77, c.u8(0));
        assertEquals(10, c.u8(9));
        assertEquals(p.headroom(), c.headroom(), "same layout");
    }

    @Test
    void uniqueifyCopiesBytesBeforeTheDataThatHeadersPointAt()
    {
        final Packet p = pool.make(sequence(34), 0, 34);
        p.setMacHeader(0);
        p.setNetworkHeader(14, 20);
        p.pull(14); // Strip(14): the Ethernet header stays before the data
        final Packet c = p.clone();
        c.uniqueify();
        assertEquals(-14, c.macHeaderOffset());
        assertEquals(0, c.networkHeaderOffset());
        assertEquals(1, c.u8(c.macHeaderOffset()), "the stripped Ethernet header was copied too");
    }

    @Test
    void uniqueifyOfAnUnsharedPacketDoesNotCopy()
    {
        final Packet p = pool.make(10);
        final int bufferIndex = p.bufferIndex();
        final int freeBuffers = pool.availableBuffers();
        assertSame(p, p.uniqueify());
        assertEquals(bufferIndex, p.bufferIndex());
        assertEquals(freeBuffers, pool.availableBuffers());
    }

    @Test
    void uniqueifyKillsThePacketWhenThePoolIsExhausted()
    {
        final Packet p = pool.make(10);
        final Packet c = p.clone();
        while (pool.make(10) != null)
        {
            // exhaust the buffers
        }
        final long before = pool.bufferExhaustionCount();
        assertNull(c.uniqueify());
        assertFalse(p.shared(), "the clone's reference died");
        assertEquals(before + 1, pool.bufferExhaustionCount());
    }

    @Test
    void pushOnASharedPacketCopiesFirst()
    {
        final Packet p = pool.make(sequence(10), 0, 10);
        final Packet c = p.clone();
        c.push(4);
        c.setU32(0, 0xFFFFFFFF);
        assertNotEquals(p.bufferIndex(), c.bufferIndex());
        assertEquals(14, c.length());
        assertEquals(1, c.u8(4));
        assertEquals(1, p.u8(0));
        assertEquals(64, p.headroom());
    }

    @Test
    void referenceCountingFreesTheBufferWithTheLastReference()
    {
        final int allBuffers = pool.availableBuffers();
        final int allPackets = pool.availablePackets();
        final Packet p = pool.make(sequence(10), 0, 10);
        final Packet c1 = p.clone();
        final Packet c2 = c1.clone();
        assertEquals(allBuffers - 1, pool.availableBuffers());
        assertEquals(allPackets - 3, pool.availablePackets());

        p.kill();
        assertEquals(allBuffers - 1, pool.availableBuffers(), "still referenced by the clones");
        assertEquals(5, c1.u8(4), "clone still reads the data");
        c2.kill();
        assertFalse(c1.shared());
        assertEquals(allBuffers - 1, pool.availableBuffers());
        c1.kill();
        assertEquals(allBuffers, pool.availableBuffers());
        assertEquals(allPackets, pool.availablePackets());
    }

    @Test
    void killingTwiceThrows()
    {
        final Packet p = pool.make(10);
        p.kill();
        assertThrows(IllegalStateException.class, p::kill);
    }

    // ---------------------------------------------------------------------------------------------- annotations

    @Test
    void headerAnnotationsAreOffsetsFromTheData()
    {
        final Packet p = pool.make(60);
        assertFalse(p.hasMacHeader());
        p.setMacHeader(0);
        p.setNetworkHeader(14, 20);
        assertTrue(p.hasNetworkHeader());
        assertTrue(p.hasTransportHeader());
        assertEquals(34, p.transportHeaderOffset());
        p.pull(14);
        assertEquals(-14, p.macHeaderOffset());
        assertEquals(0, p.networkHeaderOffset());
        assertEquals(20, p.transportHeaderOffset());
        p.setTransportHeader(24);
        assertEquals(24, p.networkHeaderLength());
        p.clearNetworkHeader();
        assertFalse(p.hasNetworkHeader());
        assertFalse(p.hasTransportHeader());
        p.clearMacHeader();
        assertFalse(p.hasMacHeader());
        assertThrows(IllegalArgumentException.class, () -> p.setMacHeader(-1000));
    }

    @Test
    void namedAnnotationsSitAtClicksOffsets()
    {
        final Packet p = pool.make(0);
        p.setDstIpAnno(0xC0A80001);
        assertEquals(0xC0, p.annoU8(AnnotationDescriptor.DST_IP_ANNO_OFFSET), "network order");
        assertEquals(0x01, p.annoU8(AnnotationDescriptor.DST_IP_ANNO_OFFSET + 3));
        assertEquals(0xC0A80001, p.dstIpAnno());

        p.setPaintAnno(0x1FF);
        assertEquals(0xFF, p.annoU8(AnnotationDescriptor.PAINT_ANNO_OFFSET));

        p.setAggregateAnno(0x11223344);
        assertEquals(0x44, p.annoU8(AnnotationDescriptor.AGGREGATE_ANNO_OFFSET), "host order (little-endian)");
        assertEquals(0x11223344, p.aggregateAnno());
        p.setVlanTciAnno(0xABCD);
        assertEquals(0xABCD, p.vlanTciAnno());
        assertEquals(0xAB, p.annoU8(AnnotationDescriptor.VLAN_TCI_ANNO_OFFSET), "network order");
        assertEquals(0x1122CDAB, p.aggregateAnno(), "VLAN TCI and aggregate overlap, as in Click");
    }

    @Test
    void userAnnotationsByOffset()
    {
        final Packet p = pool.make(0);
        p.setAnnoU8(47, 0x80);
        p.setAnnoU16(1, 0xBEEF);
        p.setAnnoU32(5, 0xDEADBEEF);
        p.setAnnoU64(40 - 8, 0x0102030405060708L);
        assertEquals(0x80, p.annoU8(47));
        assertEquals(0xBEEF, p.annoU16(1));
        assertEquals(0xEF, p.annoU8(1), "little-endian");
        assertEquals(0xDEADBEEF, p.annoU32(5));
        assertEquals(0x0102030405060708L, p.annoU64(32));
        assertThrows(IndexOutOfBoundsException.class, () -> p.annoU32(45));
        p.clearAnnotations();
        assertEquals(0, p.annoU8(47));
        assertEquals(0, p.annoU64(32));
    }

    /**
     * The annotation area is six words in the packet object: every access, at any offset (straddling two words or
     * not), reads and writes the same bytes as Click's byte array would, little-endian, and nothing outside them.
     */
    @Test
    void annotationAccessesAgreeWithAByteArrayModel()
    {
        final Packet p = pool.make(0);
        final byte[] model = new byte[AnnotationDescriptor.ANNO_SIZE_BYTES];
        final java.util.Random random = new java.util.Random(7);
        final int[] sizes = {1, 2, 4, 8};
        for (int op = 0; op < 20_000; op++)
        {
            final int size = sizes[random.nextInt(sizes.length)];
            final int offset = random.nextInt(model.length - size + 1);
            if (random.nextBoolean())
            {
                final long value = random.nextLong();
                switch (size)
                {
                    case 1 -> p.setAnnoU8(offset, (int)value);
                    case 2 -> p.setAnnoU16(offset, (int)value);
                    case 4 -> p.setAnnoU32(offset, (int)value);
                    default -> p.setAnnoU64(offset, value);
                }
                for (int k = 0; k < size; k++)
                {
                    model[offset + k] = (byte)(value >>> (8 * k));
                }
            }
            else if (random.nextInt(8) == 0)
            {
                final int address = random.nextInt();
                p.setDstIpAnno(address);
                for (int k = 0; k < 4; k++)
                {
                    model[k] = (byte)(address >>> (24 - 8 * k));
                }
            }
            long expected = 0;
            for (int k = size - 1; k >= 0; k--)
            {
                expected = expected << 8 | (model[offset + k] & 0xFF);
            }
            final long actual = switch (size)
            {
                case 1 -> p.annoU8(offset);
                case 2 -> p.annoU16(offset);
                case 4 -> p.annoU32(offset) & 0xFFFF_FFFFL;
                default -> p.annoU64(offset);
            };
            assertEquals(expected, actual, "size " + size + " at " + offset + " after op " + op);
        }
        for (int k = 0; k < model.length; k++)
        {
            assertEquals(model[k] & 0xFF, p.annoU8(k), "byte " + k);
        }
        assertEquals((model[0] & 0xFF) << 24 | (model[1] & 0xFF) << 16 | (model[2] & 0xFF) << 8 | (model[3] & 0xFF),
            p.dstIpAnno());
        assertThrows(IndexOutOfBoundsException.class, () -> p.setAnnoU64(41, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> p.annoU16(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> p.setAnnoU8(48, 1));
        final Packet q = pool.make(0);
        q.copyAnnotations(p);
        for (int k = 0; k < model.length; k++)
        {
            assertEquals(model[k] & 0xFF, q.annoU8(k), "copied byte " + k);
        }
    }

    @Test
    void timestampTypeAndLinks()
    {
        final Packet p = pool.make(0);
        final Packet q = pool.make(0);
        p.setTimestampNs(1_700_000_000_123_456_789L);
        p.setPacketType(PacketType.BROADCAST);
        p.setNext(q);
        q.setPrev(p);
        assertEquals(1_700_000_000_123_456_789L, p.timestampNs());
        assertEquals(PacketType.BROADCAST, p.packetType());
        assertSame(q, p.next());
        assertSame(p, q.prev());
        final Packet c = p.clone();
        assertNull(c.next(), "links are not cloned");
        assertEquals(PacketType.BROADCAST, c.packetType());
        p.kill();
        final Packet reused = pool.make(0);
        assertNull(reused.next(), "links do not survive a kill");
    }
}
