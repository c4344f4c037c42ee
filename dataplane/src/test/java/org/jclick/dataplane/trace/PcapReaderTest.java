package org.jclick.dataplane.trace;

import static org.jclick.dataplane.trace.TraceFiles.data;
import static org.jclick.dataplane.trace.TraceFiles.reader;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jclick.dataplane.packet.AnnotationDescriptor;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PcapReaderTest
{
    private final PacketPool pool = PacketPool.allocate(8, 2048, 128);

    @AfterEach
    void close()
    {
        pool.close();
    }

    private static ByteOrder order(final String name)
    {
        return name.equals("BE") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    private static byte[] bytes(final Packet p)
    {
        final byte[] b = new byte[p.length()];
        p.copyTo(0, b, 0, b.length);
        return b;
    }

    @ParameterizedTest
    @CsvSource({"LE,false", "BE,false", "LE,true", "BE,true"})
    void classicInBothByteOrdersAndResolutions(final String byteOrder, final boolean nano) throws Exception
    {
        final byte[] d1 = data(60, 1);
        final byte[] d2 = data(100, 2);
        final byte[] file = new TraceFiles.Classic(nano ? PcapReader.MAGIC_NSEC : PcapReader.MAGIC_USEC,
            order(byteOrder), 65535, LinkType.ETHERNET)
            .record(1_700_000_000, nano ? 123_456_789 : 123_456, 60, d1)
            .record(0xF0000000, nano ? 999_999_999 : 999_999, 1514, d2) // seconds past 2^31: unsigned
            .bytes();
        try (PcapReader r = reader(file))
        {
            assertEquals(nano ? PcapReader.Format.PCAP_NSEC : PcapReader.Format.PCAP, r.format());
            assertEquals(order(byteOrder), r.byteOrder());
            assertEquals(65535, r.snaplen());
            assertEquals(LinkType.ETHERNET, r.fileLinkType());
            assertEquals(2, r.versionMajor());
            assertEquals(4, r.versionMinor());

            final Packet p = pool.make(0);
            assertTrue(r.read(p));
            assertEquals(24, r.recordOffset());
            assertEquals(1_700_000_000L * 1_000_000_000L + (nano ? 123_456_789 : 123_456_000), p.timestampNs());
            assertArrayEquals(d1, bytes(p));
            assertEquals(60, r.originalLength());
            assertEquals(0, r.extraLength());
            assertEquals(LinkType.ETHERNET, r.linkType());
            assertEquals(14, r.networkHeaderOffset());
            assertTrue(p.hasMacHeader());
            assertEquals(0, p.macHeaderOffset());

            assertTrue(r.read(p));
            assertEquals(24 + 16 + 60, r.recordOffset());
            assertEquals(0xF0000000L * 1_000_000_000L + (nano ? 999_999_999 : 999_999_000), r.timestampNs());
            assertArrayEquals(d2, bytes(p));
            assertEquals(100, r.capturedLength());
            assertEquals(1514, r.originalLength());
            assertEquals(1414, r.extraLength());
            assertEquals(1414, p.annoU32(AnnotationDescriptor.EXTRA_LENGTH_ANNO_OFFSET));

            assertFalse(r.read(p));
            assertFalse(r.next());
            assertNull(r.warning());
            assertEquals(2, r.recordCount());
            p.kill();
        }
    }

    @ParameterizedTest
    @CsvSource({"1,14,true", "101,0,false", "12,0,false", "228,0,false", "113,16,true"})
    void linkTypesGiveTheNetworkHeaderOffset(final int linkType, final int nhOffset, final boolean mac)
        throws Exception
    {
        final byte[] file = new TraceFiles.Classic(PcapReader.MAGIC_USEC, ByteOrder.LITTLE_ENDIAN, 2000, linkType)
            .record(1, 2, 40, data(40, 3)).bytes();
        try (PcapReader r = reader(file))
        {
            final Packet p = pool.make(0);
            assertTrue(r.read(p));
            assertEquals(linkType, r.linkType());
            assertEquals(nhOffset, r.networkHeaderOffset());
            assertEquals(mac, p.hasMacHeader());
            p.kill();
        }
    }

    @Test
    void modifiedPcapHasLongerRecordHeaders() throws Exception
    {
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        final java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(24 + 24 + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(PcapReader.MAGIC_MODIFIED).putShort((short)2).putShort((short)4).putInt(0).putInt(0)
            .putInt(65535).putInt(1);
        b.putInt(5).putInt(6).putInt(4).putInt(4).putInt(7).putShort((short)0x0800).put((byte)0).put((byte)0);
        b.put(new byte[] {1, 2, 3, 4});
        out.writeBytes(b.array());
        try (PcapReader r = reader(out.toByteArray()))
        {
            assertEquals(PcapReader.Format.PCAP_MODIFIED, r.format());
            assertTrue(r.next());
            assertEquals(5_000_006_000L, r.timestampNs());
            final Packet p = pool.make(0);
            r.copyData(p);
            assertArrayEquals(new byte[] {1, 2, 3, 4}, bytes(p));
            assertFalse(r.next());
            p.kill();
        }
    }

    @ParameterizedTest
    @CsvSource({"LE", "BE"})
    void pcapngWithTwoInterfaces(final String byteOrder) throws Exception
    {
        final TraceFiles.Ng ng = new TraceFiles.Ng(order(byteOrder));
        final byte[] d1 = data(61, 4);
        final byte[] d2 = data(43, 5);
        final byte[] d3 = data(20, 6);
        final byte[] file = ng
            .idb(LinkType.ETHERNET, 0, -1, 0)                 // microseconds by default
            .idb(LinkType.RAW, 1500, 9, 0)                    // nanoseconds
            .block(0x00000BAD, new byte[8])                   // custom block: skipped
            .epb(0, 1_700_000_000_123_456L, 1000, d1)
            .block(5, new byte[12])                           // interface statistics: skipped
            .epb(1, 1_700_000_000_123_456_789L, 43, d2)
            .idb(LinkType.LINUX_SLL, 0, 0x80 | 20, 100)     // 2^-20 s, offset 100 s
            .epb(2, (5L << 20) | (1L << 19), 20, d3)
            .spb(61, d1)
            .bytes();
        final List<String> warnings = new ArrayList<>();
        try (PcapReader r = reader(file, warnings))
        {
            assertEquals(PcapReader.Format.PCAPNG, r.format());
            assertEquals(order(byteOrder), r.byteOrder());
            final Packet p = pool.make(0);

            assertTrue(r.read(p));
            assertEquals(0, r.interfaceId());
            assertEquals(LinkType.ETHERNET, r.linkType());
            assertEquals(1_700_000_000_123_456_000L, p.timestampNs());
            assertEquals(61, r.capturedLength());
            assertEquals(1000, r.originalLength());
            assertEquals(939, p.annoU32(AnnotationDescriptor.EXTRA_LENGTH_ANNO_OFFSET));
            assertArrayEquals(d1, bytes(p));

            assertTrue(r.read(p));
            assertEquals(1, r.interfaceId());
            assertEquals(LinkType.RAW, r.linkType());
            assertEquals(0, r.networkHeaderOffset());
            assertEquals(1_700_000_000_123_456_789L, p.timestampNs());
            assertArrayEquals(d2, bytes(p));
            assertEquals(2, r.interfaceCount());
            assertEquals(1500, r.interfaceSnaplen(1));
            assertEquals(9, r.interfaceTsResolution(1));

            assertTrue(r.read(p));
            assertEquals(2, r.interfaceId());
            assertEquals(LinkType.LINUX_SLL, r.linkType());
            assertEquals(16, r.networkHeaderOffset());
            assertEquals(105_500_000_000L, r.timestampNs());
            assertArrayEquals(d3, bytes(p));

            assertTrue(r.read(p)); // simple packet block: interface 0, no timestamp
            assertEquals(0, r.interfaceId());
            assertEquals(61, r.capturedLength());
            assertEquals(61, r.originalLength());
            assertArrayEquals(d1, bytes(p));

            assertFalse(r.read(p));
            assertTrue(warnings.isEmpty(), warnings.toString());
            p.kill();
        }
    }

    @Test
    void pcapngTimestampResolutions()
    {
        assertEquals(1_000_000_000L, PcapReader.ticksToNs(1_000_000, 6));
        assertEquals(1_000L, PcapReader.ticksToNs(1, 6));
        assertEquals(1L, PcapReader.ticksToNs(1_000, 12));
        assertEquals(1_000_000_000L, PcapReader.ticksToNs(1, 0));
        assertEquals(1_500_000_000L, PcapReader.ticksToNs(3, 0x81));
        assertEquals(500_000_000L, PcapReader.ticksToNs(1L << 62, 0x80 | 63));
        assertEquals(2_000_000_000L + 250_000_000L, PcapReader.ticksToNs((2L << 40) | (1L << 38), 0x80 | 40));
    }

    // ------------------------------------------------------------------------------------------ bad files

    private static TraceFormatException corrupt(final byte[] file)
    {
        return assertThrows(TraceFormatException.class, () -> {
            try (PcapReader r = reader(file))
            {
                while (r.next())
                {
                    // read all
                }
            }
        });
    }

    @Test
    void badMagicIsAnErrorAtOffsetZero()
    {
        final TraceFormatException e = corrupt("GIF89a, not a capture at all".getBytes());
        assertEquals(0, e.byteOffset());
        assertTrue(e.getMessage().contains("t.pcap: byte offset 0: not a pcap or pcapng file (bad magic"),
            e.getMessage());
    }

    @Test
    void emptyAndShortFilesAreErrors()
    {
        assertTrue(corrupt(new byte[0]).getMessage().contains("not a pcap or pcapng file (0 bytes long)"));
        final byte[] header = new TraceFiles.Classic(PcapReader.MAGIC_USEC, ByteOrder.LITTLE_ENDIAN, 1, 1).bytes();
        final TraceFormatException e = corrupt(Arrays.copyOf(header, 10));
        assertTrue(e.getMessage().contains("pcap file header cut short (10 of 24 bytes)"), e.getMessage());
    }

    @Test
    void badVersionIsAnErrorAtItsOffset()
    {
        final byte[] file = new TraceFiles.Classic(PcapReader.MAGIC_USEC, ByteOrder.LITTLE_ENDIAN, 1, 1).bytes();
        file[4] = 7;
        final TraceFormatException e = corrupt(file);
        assertEquals(4, e.byteOffset());
        assertTrue(e.getMessage().contains("unknown pcap major version 7"), e.getMessage());
    }

    @Test
    void impossibleCapturedLengthIsAnErrorAtTheRecord()
    {
        final byte[] ok = new TraceFiles.Classic(PcapReader.MAGIC_USEC, ByteOrder.BIG_ENDIAN, 65535, 1)
            .record(1, 0, 10, data(10, 1)).record(2, 0, 10, data(10, 2)).bytes();
        ok[24 + 26 + 8] = 0x7F; // second record's caplen: 0x7F00000A
        final TraceFormatException e = corrupt(ok);
        assertEquals(50, e.byteOffset());
        assertTrue(e.getMessage().contains("byte offset 50: bad record header: captured length 2130706442 exceeds"),
            e.getMessage());
    }

    @Test
    void fileCutInsideRecordDataStopsAtTheLastWholeRecordWithAWarning() throws Exception
    {
        final byte[] whole = new TraceFiles.Classic(PcapReader.MAGIC_NSEC, ByteOrder.LITTLE_ENDIAN, 65535, 1)
            .record(1, 0, 10, data(10, 1)).record(2, 0, 30, data(30, 2)).bytes();
        final List<String> warnings = new ArrayList<>();
        try (PcapReader r = reader(Arrays.copyOf(whole, whole.length - 5), warnings))
        {
            assertTrue(r.next());
            assertFalse(r.next());
            assertFalse(r.next());
            assertEquals(1, r.recordCount());
            assertEquals(List.of("t.pcap: byte offset 50: record cut short (25 of 30 data bytes); " +
                "stopped at the last whole record"), warnings);
            assertEquals(warnings.get(0), r.warning());
        }
    }

    @Test
    void fileCutInsideRecordHeaderStopsWithAWarning() throws Exception
    {
        final byte[] whole = new TraceFiles.Classic(PcapReader.MAGIC_USEC, ByteOrder.LITTLE_ENDIAN, 65535, 1)
            .record(1, 0, 10, data(10, 1)).record(2, 0, 30, data(30, 2)).bytes();
        final List<String> warnings = new ArrayList<>();
        try (PcapReader r = reader(Arrays.copyOf(whole, 57), warnings))
        {
            assertTrue(r.next());
            assertFalse(r.next());
            assertEquals(List.of("t.pcap: byte offset 50: record header cut short (7 of 16 bytes); " +
                "stopped at the last whole record"), warnings);
        }
    }

    @Test
    void pcapngBadTrailerIsAnErrorAtTheBlock()
    {
        final byte[] file = new TraceFiles.Ng(ByteOrder.LITTLE_ENDIAN).idb(1, 0, -1, 0)
            .epb(0, 1, 10, data(10, 1)).bytes();
        final int epb = file.length - (28 + 12 + 4);
        file[file.length - 4] = 99;
        final TraceFormatException e = corrupt(file);
        assertEquals(epb, e.byteOffset());
        assertTrue(e.getMessage().contains("trailer length 99 differs from its header length 44"), e.getMessage());
    }

    @Test
    void pcapngBadBlockLengthAndUnknownInterfaceAreErrors()
    {
        final byte[] file = new TraceFiles.Ng(ByteOrder.BIG_ENDIAN).idb(1, 0, -1, 0).epb(3, 1, 10, data(10, 1))
            .bytes();
        final TraceFormatException e = corrupt(file);
        assertTrue(e.getMessage().contains("pcapng packet block for interface 3, but the section describes 1"),
            e.getMessage());
        final byte[] odd = new TraceFiles.Ng(ByteOrder.BIG_ENDIAN).idb(1, 0, -1, 0).bytes();
        final int idb = 44; // after the section header block (28 bytes + a 12-byte option + end of options)
        odd[idb + 7] = 21; // length not a multiple of 4
        final TraceFormatException e2 = corrupt(odd);
        assertEquals(idb, e2.byteOffset());
        assertTrue(e2.getMessage().contains("bad pcapng block length 21"), e2.getMessage());
    }

    @Test
    void pcapngCutShortStopsWithAWarning() throws Exception
    {
        final byte[] whole = new TraceFiles.Ng(ByteOrder.LITTLE_ENDIAN).idb(1, 0, -1, 0)
            .epb(0, 1, 10, data(10, 1)).epb(0, 2, 10, data(10, 2)).bytes();
        final List<String> warnings = new ArrayList<>();
        try (PcapReader r = reader(Arrays.copyOf(whole, whole.length - 3), warnings))
        {
            assertTrue(r.next());
            assertFalse(r.next());
            assertEquals(1, warnings.size());
            assertTrue(warnings.get(0).contains("byte offset " + (whole.length - 44) +
                ": pcapng block cut short (41 of 44 bytes)"), warnings.get(0));
        }
    }

    @Test
    void recordLargerThanThePacketBufferIsCutCountedAndAddedToTheExtraLength() throws Exception
    {
        final byte[] big = data(3000, 9);
        final byte[] file = new TraceFiles.Classic(PcapReader.MAGIC_USEC, ByteOrder.LITTLE_ENDIAN, 65535, 1)
            .record(1, 0, 3000, big).bytes();
        final List<String> warnings = new ArrayList<>();
        try (PcapReader r = reader(file, warnings))
        {
            final Packet p = pool.make(0);
            assertTrue(r.read(p));
            assertEquals(2048 - 128, p.length());
            assertEquals(3000 - 1920, p.annoU32(AnnotationDescriptor.EXTRA_LENGTH_ANNO_OFFSET));
            assertEquals(1, r.oversizeCount());
            assertEquals(1, warnings.size());
            p.kill();
        }
    }

    @Test
    void readingAllocatesNothingPerRecord() throws Exception
    {
        final TraceFiles.Classic c = new TraceFiles.Classic(PcapReader.MAGIC_USEC, ByteOrder.LITTLE_ENDIAN,
            65535, 1);
        final byte[] d = data(200, 1);
        for (int i = 0; i < 20_000; i++)
        {
            c.record(i, i, 200, d);
        }
        final byte[] file = c.bytes();
        final com.sun.management.ThreadMXBean mx =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        final Packet p = pool.make(0);
        long allocated = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) // warm up, then take the best round
        {
            try (PcapReader r = new PcapReader(new ArrayChannel(file), "t.pcap", null, PcapReader.DEFAULT_BUFFER_BYTES))
            {
                final long before = mx.getCurrentThreadAllocatedBytes();
                while (r.read(p))
                {
                    // read all
                }
                allocated = Math.min(allocated, mx.getCurrentThreadAllocatedBytes() - before);
            }
        }
        p.kill();
        assertTrue(allocated < 20_000, "allocated " + allocated + " bytes reading 20000 records");
    }

    /** A channel over an array that allocates nothing per read. */
    static final class ArrayChannel implements java.nio.channels.ReadableByteChannel
    {
        private final byte[] data;
        private int position;

        ArrayChannel(final byte[] data)
        {
            this.data = data;
        }

        @Override
        public int read(final java.nio.ByteBuffer dst)
        {
            if (position == data.length)
            {
                return -1;
            }
            final int n = Math.min(dst.remaining(), data.length - position);
            dst.put(data, position, n);
            position += n;
            return n;
        }

        @Override
        public boolean isOpen()
        {
            return true;
        }

        @Override
        public void close()
        {
        }
    }
}
