package org.jclick.dataplane.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketPool;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;

/**
 * The real captures of {@code ../shared/corpus/pcaps}: reading and writing back is byte-identical (up to the last
 * whole record of a file cut short), and pcap4j (libpcap) agrees on every record.
 */
class CorpusPcapTest
{
    /** One record as read. */
    record Rec(long timestampNs, int caplen, int len, byte[] data)
    {
        @Override
        public String toString()
        {
            return "Rec[ts=" + timestampNs + " caplen=" + caplen + " len=" + len + "]";
        }

        @Override
        public boolean equals(final Object o)
        {
            return o instanceof Rec r && r.timestampNs == timestampNs && r.caplen == caplen && r.len == len &&
                Arrays.equals(r.data, data);
        }

        @Override
        public int hashCode()
        {
            return Long.hashCode(timestampNs) ^ caplen ^ len;
        }
    }

    static Path sharedRoot()
    {
        final String shared = System.getProperty("jclick.shared");
        final Path root = shared == null || shared.isBlank() ? Path.of("../../shared") : Path.of(shared);
        if (!Files.isDirectory(root.resolve("corpus/pcaps")))
        {
            if ("true".equalsIgnoreCase(System.getenv("CI")))
            {
                fail("../shared is absent and CI=true: the corpus pcap tests must run in CI (looked at " +
                    root + ")");
            }
            System.out.println("../shared is absent: skipping corpus pcap tests (looked at " + root + ")");
            Assumptions.abort("../shared is absent: skipping corpus pcap tests (looked at " + root + ")");
        }
        return root.toAbsolutePath().normalize();
    }

    static Stream<Path> corpus() throws Exception
    {
        final String shared = System.getProperty("jclick.shared");
        final Path root = shared == null || shared.isBlank() ? Path.of("../../shared") : Path.of(shared);
        if (!Files.isDirectory(root.resolve("corpus/pcaps")))
        {
            return Stream.of(Path.of("(absent)"));
        }
        try (Stream<Path> s = Files.walk(root.resolve("corpus/pcaps")))
        {
            return s.filter(p -> p.toString().endsWith(".pcap")).sorted().toList().stream();
        }
    }

    private static List<Rec> readAll(final Path file, final List<String> warnings) throws Exception
    {
        return readAll(file, warnings, false);
    }

    /**
     * All records of {@code file}; with {@code asLibpcap}, a record whose captured length exceeds the snaplen
     * (classic pcap) is cut to the snaplen, as libpcap does and Click's FromDump does not.
     */
    private static List<Rec> readAll(final Path file, final List<String> warnings, final boolean asLibpcap)
        throws Exception
    {
        final List<Rec> records = new ArrayList<>();
        try (PacketPool pool = PacketPool.allocate(2, 1 << 17, 128);
             PcapReader r = PcapReader.open(file, warnings::add))
        {
            final Packet p = pool.make(0);
            while (r.read(p))
            {
                final byte[] b = new byte[p.length()];
                p.copyTo(0, b, 0, b.length);
                final int snaplen = r.snaplen();
                if (asLibpcap && r.format() != PcapReader.Format.PCAPNG && snaplen > 0 && b.length > snaplen)
                {
                    records.add(new Rec(r.timestampNs(), snaplen, r.originalLength(), Arrays.copyOf(b, snaplen)));
                }
                else
                {
                    records.add(new Rec(r.timestampNs(), r.capturedLength(), r.originalLength(), b));
                }
            }
            p.kill();
        }
        return records;
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void readThenWriteIsByteIdentical(final Path file) throws Exception
    {
        sharedRoot();
        final byte[] in = Files.readAllBytes(file);
        final List<String> warnings = new ArrayList<>();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        long lastWholeRecordEnd = 24;
        final ByteArrayOutputStream expected = new ByteArrayOutputStream();
        final PcapReader.Format format;
        try (PacketPool pool = PacketPool.allocate(2, 1 << 17, 128);
             PcapReader r = PcapReader.open(file, warnings::add))
        {
            format = r.format();
            try (PcapWriter w = new PcapWriter(Channels.newChannel(out), "out", PcapWriter.Header.of(r), true,
                PcapWriter.DEFAULT_BUFFER_BYTES))
            {
                final Packet p = pool.make(0);
                expected.write(in, 0, 24);
                while (r.read(p))
                {
                    w.write(p);
                    lastWholeRecordEnd = r.recordOffset() + 16 + r.capturedLength();
                    // expected: the input record, cut to the snaplen as ToDump cuts (caplen rewritten)
                    final int start = (int)r.recordOffset();
                    final int snaplen = r.snaplen();
                    final int cut = snaplen > 0 ? Math.min(r.capturedLength(), snaplen) : r.capturedLength();
                    final java.nio.ByteBuffer h = java.nio.ByteBuffer.wrap(Arrays.copyOfRange(in, start, start + 16))
                        .order(r.byteOrder());
                    h.putInt(8, cut);
                    expected.writeBytes(h.array());
                    expected.write(in, start + 16, cut);
                    if (cut != r.capturedLength())
                    {
                        System.out.println(file.getFileName() + ": record at byte offset " + start + " holds " +
                            r.capturedLength() + " bytes, over the snaplen " + snaplen + ": the writer cuts it");
                    }
                }
                p.kill();
            }
        }
        if (format == PcapReader.Format.PCAPNG)
        {
            // no byte identity across container formats: the classic copy must hold the same records
            final Path copy = Files.createTempFile("corpus", ".pcap");
            try
            {
                Files.write(copy, out.toByteArray());
                assertEquals(readAll(file, new ArrayList<>()), readAll(copy, new ArrayList<>()));
            }
            finally
            {
                Files.delete(copy);
            }
            return;
        }
        assertArrayEquals(expected.toByteArray(), out.toByteArray(), file + ": read then write differs");
        if (warnings.isEmpty() && expected.size() == in.length)
        {
            assertArrayEquals(in, out.toByteArray(), file + ": read then write differs");
        }
        else if (!warnings.isEmpty())
        {
            System.out.println(file.getFileName() + ": " + warnings + "; written up to byte " + lastWholeRecordEnd);
        }
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void pcap4jAgreesOnEveryRecord(final Path file) throws Exception
    {
        sharedRoot();
        final List<String> warnings = new ArrayList<>();
        final List<Rec> ours = readAll(file, warnings, true);
        final List<Rec> theirs = new ArrayList<>();
        String theirError = null;
        final PcapHandle handle;
        try
        {
            handle = Pcaps.openOffline(file.toString(), PcapHandle.TimestampPrecision.NANO);
        }
        catch (final UnsatisfiedLinkError | NoClassDefFoundError e)
        {
            // libpcap (Debian: libpcap0.8) is missing: the oracle cannot run
            final String why = "pcap4j cannot load libpcap (install libpcap0.8): " + e;
            if ("true".equalsIgnoreCase(System.getenv("CI")))
            {
                fail(why);
            }
            Assumptions.abort(why);
            return;
        }
        try (PcapHandle h = handle)
        {
            while (true)
            {
                final byte[] b;
                try
                {
                    b = h.getNextRawPacketEx();
                }
                catch (final EOFException e)
                {
                    break;
                }
                catch (final PcapNativeException e)
                {
                    theirError = e.getMessage();
                    break;
                }
                final java.sql.Timestamp ts = h.getTimestamp();
                final long ns = Math.floorDiv(ts.getTime(), 1000L) * 1_000_000_000L + ts.getNanos();
                theirs.add(new Rec(ns, b.length, h.getOriginalLength(), b));
            }
        }
        System.out.println(file.getFileName() + ": " + ours.size() + " records" +
            (warnings.isEmpty() ? "" : ", our warning: " + warnings) +
            (theirError == null ? "" : ", libpcap's error: " + theirError));
        assertEquals(theirs.size(), ours.size(), file + ": record count");
        for (int i = 0; i < ours.size(); i++)
        {
            assertEquals(theirs.get(i), ours.get(i), file + ": record " + i);
        }
        // a file cut short: we stop with a warning exactly where libpcap reports its error
        assertEquals(theirError != null, !warnings.isEmpty(), file + ": warning " + warnings + " vs error " +
            theirError);
        assertTrue(!ours.isEmpty() || theirs.isEmpty());
    }
}
