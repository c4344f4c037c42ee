package org.jclick.elements.traces;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.jclick.dataplane.trace.PcapReader;
import org.jclick.dataplane.trace.PcapWriter;
import org.jclick.elements.RouterFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FromDumpToDumpTest
{
    @TempDir
    Path tmp;

    /** Writes a microsecond, little- or big-endian pcap of {@code n} Ethernet/IPv4 records of growing size. */
    private Path makePcap(final String name, final int n, final ByteOrder order, final boolean nano) throws IOException
    {
        final Path file = tmp.resolve(name);
        final PcapWriter.Header h = new PcapWriter.Header(nano, order, 2, 4, 0, 0, 65535, 1);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
            PcapWriter w = new PcapWriter(ch, name, h, true, 1 << 16))
        {
            for (int i = 0; i < n; i++)
            {
                final byte[] b = frame(60 + i);
                w.writeRecord(1_000_000_000L * (100 + i) + 1000L * i, MemorySegment.ofArray(b), 0, b.length,
                    b.length + (i % 3));
            }
        }
        return file;
    }

    private static byte[] frame(final int len)
    {
        final byte[] b = new byte[len];
        for (int i = 0; i < len; i++)
        {
            b[i] = (byte)(i * 7);
        }
        b[12] = 0x08;
        b[13] = 0x00;
        b[14] = 0x45;
        return b;
    }

    private static String cfg(final Path in, final Path out, final String extra)
    {
        return "fd :: FromDump(\"" + in + "\", STOP true" + extra + ") -> c :: Counter -> td :: ToDump(\"" + out +
            "\", SNAPLEN 0, USE_ENCAP_FROM fd);";
    }

    private static void assertSameRecords(final List<TraceTestSupport.Rec> a, final List<TraceTestSupport.Rec> b,
        final String what)
    {
        assertEquals(a.size(), b.size(), what + ": record count");
        for (int i = 0; i < a.size(); i++)
        {
            assertEquals(a.get(i).ts(), b.get(i).ts(), what + " #" + i + " timestamp");
            assertEquals(a.get(i).caplen(), b.get(i).caplen(), what + " #" + i + " caplen");
            assertEquals(a.get(i).len(), b.get(i).len(), what + " #" + i + " len");
            assertArrayEquals(a.get(i).data(), b.get(i).data(), what + " #" + i + " data");
        }
    }

    @Test
    void roundTripBothByteOrdersAndResolutions() throws IOException
    {
        for (final ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN))
        {
            for (final boolean nano : List.of(false, true))
            {
                final Path in = makePcap("in-" + order + nano + ".pcap", 20, order, nano);
                final Path out = tmp.resolve("out.pcap");
                try (RouterFixture f = RouterFixture.simtime(cfg(in, out, ", BURST 4")))
                {
                    f.run();
                    assertEquals("20", f.read("fd.count"));
                    assertEquals("20", f.read("td.count"));
                    assertEquals("ETHER", f.read("fd.encap"));
                }
                assertSameRecords(TraceTestSupport.records(in), TraceTestSupport.records(out), in.toString());
                final ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.nativeOrder());
                assertEquals(PcapReader.MAGIC_NSEC, header.getInt(0));
            }
        }
    }

    @Test
    void toDumpDefaultsAreClicks() throws IOException
    {
        final Path in = makePcap("big.pcap", 3, ByteOrder.LITTLE_ENDIAN, false);
        final Path out = tmp.resolve("out.pcap");
        try (RouterFixture f = RouterFixture.simtime(
            "FromDump(\"" + in + "\", STOP true) -> td :: ToDump(\"" + out + "\", SNAPLEN 62);"))
        {
            f.run();
            assertEquals("3", f.read("td.count"));
            assertEquals(out.toString(), f.read("td.filename"));
        }
        final ByteBuffer h = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.nativeOrder());
        assertEquals(PcapReader.MAGIC_NSEC, h.getInt(0));
        assertEquals(2, h.getShort(4));
        assertEquals(4, h.getShort(6));
        assertEquals(62, h.getInt(16));
        assertEquals(1, h.getInt(20));
        final List<TraceTestSupport.Rec> recs = TraceTestSupport.records(out);
        assertEquals(60, recs.get(0).caplen());
        assertEquals(62, recs.get(2).caplen());
        assertEquals(62 + 2, recs.get(2).len());

        final Path out2 = tmp.resolve("out2.pcap");
        try (RouterFixture f = RouterFixture.simtime(
            "FromDump(\"" + in + "\", STOP true) -> ToDump(\"" + out2 + "\");"))
        {
            f.run();
        }
        assertEquals(2000, ByteBuffer.wrap(Files.readAllBytes(out2)).order(ByteOrder.nativeOrder()).getInt(16));
    }

    @Test
    void roundTripEveryCorpusPcap() throws IOException
    {
        final Path shared = TraceTestSupport.shared();
        assumeTrue(shared != null && Files.isDirectory(shared.resolve("corpus/pcaps")),
            "../shared/corpus/pcaps absent: skipped");
        final List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(shared.resolve("corpus/pcaps")))
        {
            s.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng")).sorted()
                .forEach(files::add);
        }
        assertFalse(files.isEmpty());
        for (final Path in : files)
        {
            final Path out = tmp.resolve("rt.pcap");
            final List<TraceTestSupport.Rec> expected = TraceTestSupport.records(in);
            TraceTestSupport.captureStderr(() ->
            {
                try (RouterFixture f = RouterFixture.simtime(cfg(in, out, "")))
                {
                    f.run();
                    assertEquals(Integer.toString(expected.size()), f.read("fd.count"), in.toString());
                }
                return null;
            });
            assertSameRecords(expected, TraceTestSupport.records(out), in.toString());
        }
    }

    @Test
    void truncatedFileStopsAtLastWholeRecordWithOffset() throws IOException
    {
        final Path in = makePcap("t.pcap", 5, ByteOrder.LITTLE_ENDIAN, false);
        // records: 24-byte header, then 16 + (60 + i) bytes each
        long offset = 24;
        for (int i = 0; i < 4; i++)
        {
            offset += 16 + 60 + i;
        }
        final byte[] all = Files.readAllBytes(in);
        Files.write(in, java.util.Arrays.copyOf(all, (int)offset + 30)); // cut inside the fifth record
        final Path out = tmp.resolve("out.pcap");
        final long off = offset;
        final String err = TraceTestSupport.captureStderr(() ->
        {
            try (RouterFixture f = RouterFixture.simtime(cfg(in, out, "")))
            {
                f.run();
                assertEquals("4", f.read("fd.count"));
                assertEquals("false", f.read("fd.active"));
            }
            return null;
        });
        assertTrue(err.contains("byte offset " + off), err);
        assertFalse(err.contains("Exception"), err);
        assertEquals(4, TraceTestSupport.records(out).size());
    }

    @Test
    void corruptRecordHeaderStopsWithOffset() throws IOException
    {
        final Path in = makePcap("c.pcap", 3, ByteOrder.LITTLE_ENDIAN, false);
        final byte[] all = Files.readAllBytes(in);
        final int second = 24 + 16 + 60;
        ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).putInt(second + 8, 0x7FFFFFF0);
        Files.write(in, all);
        final String err = TraceTestSupport.captureStderr(() ->
        {
            try (RouterFixture f = RouterFixture.simtime(cfg(in, tmp.resolve("o.pcap"), "")))
            {
                f.run();
                assertEquals("1", f.read("fd.count"));
            }
            return null;
        });
        assertTrue(err.contains("byte offset " + second), err);
    }

    @Test
    void inactiveUntilActiveWrittenThenEndCall() throws IOException
    {
        final Path in = makePcap("a.pcap", 7, ByteOrder.BIG_ENDIAN, true);
        try (RouterFixture f = RouterFixture.simtime("fd :: FromDump(\"" + in +
            "\", STOP true, TIMING false, ACTIVE false, END_CALL c.reset) -> c :: Counter -> Discard;"))
        {
            assertEquals("false", f.read("fd.active"));
            assertEquals("0", f.read("fd.count"));
            assertEquals(0, f.write("fd.active", "true"));
            f.run();
            assertEquals("7", f.read("fd.count"));
            assertEquals("0", f.read("c.count")); // END_CALL reset it
            assertEquals("false", f.read("fd.active"));
            assertEquals(in.toString(), f.read("fd.filename"));
            assertEquals(Long.toString(Files.size(in)), f.read("fd.filesize"));
            assertEquals(Long.toString(Files.size(in)), f.read("fd.filepos"));
        }
    }

    @Test
    void harnessConfigurationsParse() throws IOException
    {
        final Path in = makePcap("h.pcap", 2, ByteOrder.LITTLE_ENDIAN, false);
        // fwd.click's FromDump line: END_CALL on its own active handler
        try (RouterFixture f = RouterFixture.simtime("fd :: FromDump(\"" + in +
            "\", STOP false, TIMING false, ACTIVE false, END_CALL fd.active false) -> c :: Counter -> Discard;"
            + "stopper :: FromDump(\"" + in + "\", STOP true, ACTIVE false) -> Discard;"))
        {
            assertEquals(0, f.write("fd.active", "true"));
            assertEquals(0, f.write("stopper.active", "true"));
            f.run();
            assertEquals("2", f.read("c.count"));
            assertEquals("false", f.read("fd.active"));
        }
    }

    @Test
    void forceIpDropsNonIp() throws IOException
    {
        final Path file = tmp.resolve("mixed.pcap");
        final PcapWriter.Header h = PcapWriter.Header.click(0, 1, false);
        try (PcapWriter w = PcapWriter.open(file, h))
        {
            for (int i = 0; i < 6; i++)
            {
                final byte[] b = frame(64);
                if (i % 2 == 1)
                {
                    b[12] = 0x08;
                    b[13] = 0x06; // ARP
                }
                w.writeRecord(1_000_000_000L + i, MemorySegment.ofArray(b), 0, b.length, b.length);
            }
        }
        try (RouterFixture f = RouterFixture.simtime("fd :: FromDump(\"" + file +
            "\", STOP true, FORCE_IP true) -> c :: Counter -> Discard;"))
        {
            f.run();
            assertEquals("3", f.read("c.count"));
            assertEquals("3", f.read("fd.dropped"));
        }
        try (RouterFixture f = RouterFixture.simtime("fd :: FromDump(\"" + file +
            "\", STOP true, FORCE_IP true) -> c :: Counter -> Discard; fd[1] -> c1 :: Counter -> Discard;"))
        {
            f.run();
            assertEquals("3", f.read("c.count"));
            assertEquals("3", f.read("c1.count"));
        }
    }

    @Test
    void timingEmitsAtTraceTimes() throws IOException
    {
        final Path in = makePcap("timing.pcap", 4, ByteOrder.LITTLE_ENDIAN, false);
        try (RouterFixture f = RouterFixture.simtime("fd :: FromDump(\"" + in +
            "\", STOP true, TIMING true) -> c :: Counter -> Discard;"))
        {
            final long t0 = f.router().nowNs();
            f.run();
            assertEquals("4", f.read("c.count"));
            final long elapsed = f.router().nowNs() - t0;
            // records are 1 s (+1 us per record) apart: the last is 3.000003 s after the first
            assertTrue(elapsed >= 3_000_003_000L && elapsed < 3_100_000_000L, Long.toString(elapsed));
        }
    }

    @Test
    void startEndAndSample() throws IOException
    {
        final Path in = makePcap("se.pcap", 10, ByteOrder.LITTLE_ENDIAN, false);
        try (RouterFixture f = RouterFixture.simtime("fd :: FromDump(\"" + in +
            "\", STOP true, START_AFTER 2, END_AFTER 6) -> c :: Counter -> Discard;"))
        {
            f.run();
            // timestamps 100 .. 109 s (+i us): START_AFTER 2 keeps >= 102, END_AFTER 6 stops at >= 106
            assertEquals("4", f.read("c.count"));
        }
        try (RouterFixture f = RouterFixture.simtime("fd :: FromDump(\"" + in +
            "\", STOP true, SAMPLE 0) -> c :: Counter -> Discard;"))
        {
            f.run();
            assertEquals("0", f.read("c.count"));
            assertEquals("0.0", f.read("fd.sampling_prob"));
        }
    }

    @Test
    void badFileIsAConfigurationError() throws IOException
    {
        final Path in = tmp.resolve("bad.pcap");
        Files.writeString(in, "this is not a pcap file");
        final String errors = RouterFixture.errorsOf("FromDump(\"" + in + "\") -> Discard;");
        assertTrue(errors.contains("byte offset 0"), errors);
        final String missing = RouterFixture.errorsOf("FromDump(\"" + tmp.resolve("nope") + "\") -> Discard;");
        assertFalse(missing.isEmpty());
    }

    @Test
    void pullGivesOnePacketPerPull() throws IOException
    {
        final Path in = makePcap("p.pcap", 3, ByteOrder.LITTLE_ENDIAN, false);
        try (RouterFixture f = RouterFixture.simtime("fd :: FromDump(\"" + in +
            "\", ACTIVE false, END_CALL c.reset) -> c :: Counter -> Discard;"))
        {
            final FromDump fd = (FromDump)f.router().find("fd");
            assertEquals(null, fd.pull(0)); // inactive
            assertEquals(0, f.write("fd.active", "true"));
            for (int i = 0; i < 3; i++)
            {
                final org.jclick.dataplane.packet.Packet p = fd.pull(0);
                assertEquals(60 + i, p.length());
                assertEquals(0, p.macHeaderOffset());
                assertEquals(14, p.networkHeaderOffset());
                assertEquals(1_000_000_000L * (100 + i) + 1000L * i, p.timestampNs());
                p.kill();
            }
            assertEquals(null, fd.pull(0));
            assertEquals("3", f.read("fd.count"));
            assertEquals("false", f.read("fd.active"));
        }
    }

    @Test
    void stopHandlerStopsTheDriver() throws IOException
    {
        final Path in = makePcap("s.pcap", 3, ByteOrder.LITTLE_ENDIAN, false);
        try (RouterFixture f = RouterFixture.simtime("fd :: FromDump(\"" + in + "\", ACTIVE false) -> c :: Counter -> Discard;"))
        {
            assertEquals(0, f.write("fd.stop", ""));
            f.run();
            assertEquals("0", f.read("c.count"));
            assertEquals("false", f.read("fd.active"));
        }
    }
}
