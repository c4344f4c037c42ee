package org.jclick.dataplane.trace;

import static org.jclick.dataplane.trace.TraceFiles.data;
import static org.jclick.dataplane.trace.TraceFiles.reader;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.util.HexFormat;

import org.jclick.dataplane.packet.AnnotationDescriptor;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PcapWriterTest
{
    private final PacketPool pool = PacketPool.allocate(8, 4096, 128);

    @AfterEach
    void close()
    {
        pool.close();
    }

    private static byte[] write(final PcapWriter.Header header, final boolean extraLength, final int bufferBytes,
        final WriteBody body) throws Exception
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapWriter w = new PcapWriter(Channels.newChannel(out), "out.pcap", header, extraLength, bufferBytes))
        {
            body.write(w);
        }
        return out.toByteArray();
    }

    interface WriteBody
    {
        void write(PcapWriter w) throws Exception;
    }

    @Test
    void clickToDumpHeaderDefaults() throws Exception
    {
        final PcapWriter.Header h = PcapWriter.Header.click(PcapWriter.CLICK_DEFAULT_SNAPLEN, LinkType.ETHERNET);
        final byte[] file = write(new PcapWriter.Header(h.nanosecond(), ByteOrder.LITTLE_ENDIAN, h.versionMajor(),
            h.versionMinor(), h.thisZone(), h.sigFigs(), h.snaplen(), h.linkType()), true, 4096, w -> { });
        // magic a1b23c4d, version 2.4, thiszone 0, sigfigs 0, snaplen 2000, linktype 1 (little-endian host)
        assertEquals("4d3cb2a1" + "0200" + "0400" + "00000000" + "00000000" + "d0070000" + "01000000",
            HexFormat.of().formatHex(file));
        assertEquals(ByteOrder.nativeOrder(), h.byteOrder());
    }

    @Test
    void microsecondAndUnlimitedSnaplen() throws Exception
    {
        final PcapWriter.Header h = PcapWriter.Header.click(0, LinkType.RAW, false);
        assertEquals(-1, h.snaplen());
        final byte[] file = write(new PcapWriter.Header(false, ByteOrder.BIG_ENDIAN, 2, 4, 0, 0, h.snaplen(),
            h.linkType()), true, 4096, w -> { });
        assertEquals("a1b2c3d4" + "0002" + "0004" + "00000000" + "00000000" + "ffffffff" + "00000065",
            HexFormat.of().formatHex(file));
    }

    @ParameterizedTest
    @CsvSource({"true,true", "true,false", "false,true"})
    void recordsAsToDumpWritesThem(final boolean nano, final boolean extraLength) throws Exception
    {
        final Packet p = pool.make(data(100, 7), 0, 100);
        p.setTimestampNs(1_700_000_000_123_456_789L);
        p.setAnnoU32(AnnotationDescriptor.EXTRA_LENGTH_ANNO_OFFSET, 50);
        final PcapWriter.Header h = new PcapWriter.Header(nano, ByteOrder.LITTLE_ENDIAN, 2, 4, 0, 0, 64, 1);
        final byte[] file = write(h, extraLength, 4096, w -> w.write(p));
        p.kill();
        final ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(24 + 16 + 64, file.length);
        assertEquals(1_700_000_000, b.getInt(24));
        assertEquals(nano ? 123_456_789 : 123_456, b.getInt(28));
        assertEquals(64, b.getInt(32)); // caplen: cut to the snaplen
        assertEquals(extraLength ? 150 : 100, b.getInt(36)); // len: length + EXTRA_LENGTH_ANNO
        final byte[] payload = new byte[64];
        b.get(40, payload);
        assertArrayEquals(java.util.Arrays.copyOf(data(100, 7), 64), payload);
    }

    @Test
    void zeroTimestampIsWrittenAsTheCurrentTime() throws Exception
    {
        final Packet p = pool.make(data(10, 1), 0, 10);
        final long before = System.currentTimeMillis() / 1000;
        final byte[] file = write(PcapWriter.Header.click(2000, 1), true, 4096, w -> w.write(p));
        p.kill();
        final int sec = ByteBuffer.wrap(file).order(ByteOrder.nativeOrder()).getInt(24);
        assertTrue(sec >= before && sec <= before + 5, "seconds " + sec);
    }

    @ParameterizedTest
    @CsvSource({"LE,false", "BE,false", "LE,true", "BE,true"})
    void readThenWriteIsByteIdentical(final String byteOrder, final boolean nano) throws Exception
    {
        final ByteOrder order = byteOrder.equals("BE") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        final TraceFiles.Classic c = new TraceFiles.Classic(nano ? PcapReader.MAGIC_NSEC : PcapReader.MAGIC_USEC,
            order, 1500, LinkType.ETHERNET);
        for (int i = 0; i < 50; i++)
        {
            c.record(1_000_000 + i, nano ? 999_999_000 + i : 999_000 + i, 60 + 20 * i, data(40 + 20 * i, i));
        }
        final byte[] in = c.bytes();
        final byte[] out;
        try (PcapReader r = reader(in))
        {
            // a small writer buffer, so records also straddle flushes
            out = write(PcapWriter.Header.of(r), true, 100, w -> {
                final Packet p = pool.make(0);
                while (r.read(p))
                {
                    w.write(p);
                }
                p.kill();
                assertEquals(50, w.count());
            });
        }
        assertArrayEquals(in, out);
        try (PcapReader again = reader(out))
        {
            int n = 0;
            while (again.next())
            {
                n++;
            }
            assertEquals(50, n);
            assertFalse(again.next());
        }
    }
}
