package org.jclick.elements.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.jclick.elements.RouterFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AggregateCounterTest
{
    @TempDir
    Path tmp;

    /** An IP summary dump with one packet per aggregate value (and optional extra columns). */
    private Path dump(final String header, final String... lines) throws IOException
    {
        final Path p = tmp.resolve("in" + System.nanoTime() + ".ipsd");
        Files.writeString(p, "!data " + header + "\n" + String.join("\n", lines) + "\n");
        return p;
    }

    private static final String[] CLICK_TEST = {"1", "1", "0", "0", "0", "2", "3", "2"};

    private String text(final Path file) throws IOException
    {
        return Files.readString(file);
    }

    @Test
    void countsPerAggregateInAscendingOrder() throws IOException
    {
        final Path in = dump("aggregate", CLICK_TEST);
        final Path out = tmp.resolve("out.txt");
        try (RouterFixture f = RouterFixture.simtime("FromIPSummaryDump(\"" + in + "\", STOP true, ZERO true)"
            + " -> a :: AggregateCounter(BANNER \"!banner here\") -> Discard;"))
        {
            f.run();
            assertEquals(0, f.write("a.write_text_file", "\"" + out + "\""));
            assertEquals("4", f.read("a.nagg"));
            assertEquals("8", f.read("a.count"));
            assertEquals("!banner here", f.read("a.banner"));
            assertEquals(0, f.write("a.banner", "#b2"));
            assertEquals("#b2\n", f.read("a.banner"));
        }
        assertEquals("!IPAggregate 1.0\n!banner here\n!num_nonzero 4\n0 3\n1 2\n2 2\n3 1\n", text(out));
    }

    @Test
    void ipAndPdfAndBinaryFormats() throws IOException
    {
        final Path in = dump("aggregate", "16909060", "16909060", "4294967295", "1");
        try (RouterFixture f = RouterFixture.simtime("FromIPSummaryDump(\"" + in + "\", STOP true)"
            + " -> a :: AggregateCounter -> Discard;"))
        {
            f.run();
            final Path ip = tmp.resolve("ip.txt");
            final Path pdf = tmp.resolve("pdf.txt");
            final Path bin = tmp.resolve("bin");
            assertEquals(0, f.write("a.write_ip_file", ip.toString()));
            assertEquals(0, f.write("a.write_pdf_file", pdf.toString()));
            assertEquals(0, f.write("a.write_file", bin.toString()));
            assertEquals("!IPAggregate 1.0\n!num_nonzero 3\n!ip\n0.0.0.1 1\n1.2.3.4 2\n255.255.255.255 1\n",
                text(ip));
            assertEquals("!IPAggregate 1.0\n!num_nonzero 3\n1 0.25\n16909060 0.5\n4294967295 0.25\n", text(pdf));
            final byte[] all = Files.readAllBytes(bin);
            final String head = "!IPAggregate 1.0\n!num_nonzero 3\n!packed_le\n";
            final boolean little = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
            assertEquals(little ? head : head.replace("_le", "_be"), new String(all, 0, head.length()));
            final ByteBuffer b = ByteBuffer.wrap(all, head.length(), 24).order(ByteOrder.nativeOrder());
            final int[] rec = new int[6];
            for (int i = 0; i < 6; i++)
            {
                rec[i] = b.getInt();
            }
            assertTrue(Arrays.equals(new int[] {1, 1, 16909060, 2, -1, 1}, rec), Arrays.toString(rec));
        }
    }

    @Test
    void bytesMultipacketAndExtraLength() throws IOException
    {
        final Path in = dump("aggregate ip_len count", "5 100 3", "5 60 1", "6 40 2");
        try (RouterFixture f = RouterFixture.simtime(
            "s :: FromIPSummaryDump(\"" + in + "\", STOP true) -> t :: Tee(4);"
                + " t[0] -> packets :: AggregateCounter -> Discard;"
                + " t[1] -> single :: AggregateCounter(MULTIPACKET false) -> Discard;"
                + " t[2] -> bytes :: AggregateCounter(BYTES true) -> Discard;"
                + " t[3] -> captured :: AggregateCounter(BYTES true, EXTRA_LENGTH false) -> Discard;"))
        {
            f.run();
            assertEquals("6", f.read("packets.count"));
            assertEquals("3", f.read("single.count"));
            assertEquals("200", f.read("bytes.count"));
            // without payload the packets hold only their 40-byte (TCP) headers
            assertEquals("120", f.read("captured.count"));
        }
    }

    @Test
    void frozenCountersOnlyUpdateKnownAggregates() throws IOException
    {
        final Path in = dump("aggregate", "1", "2", "1", "3", "2");
        try (RouterFixture f = RouterFixture.simtime("FromIPSummaryDump(\"" + in + "\", STOP true)"
            + " -> a :: AggregateCounter(AGGREGATE_FREEZE 2) -> Discard;"))
        {
            f.run();
            assertEquals("true", f.read("a.freeze"));
            assertEquals("2", f.read("a.nagg"));
            assertEquals("4", f.read("a.count"));
            final Path out = tmp.resolve("f.txt");
            f.write("a.write_text_file", out.toString());
            assertTrue(text(out).endsWith("1 2\n2 2\n"), text(out));
            assertEquals("", f.read("a.aggregate_call"));
        }
    }

    @Test
    void secondInputIsFrozenAndSecondOutputGetsUncounted() throws IOException
    {
        final Path a = dump("aggregate", "1", "2");
        final Path b = dump("aggregate", "2", "7", "7");
        try (RouterFixture f = RouterFixture.simtime(
            "FromIPSummaryDump(\"" + a + "\", STOP true) -> [0] ac :: AggregateCounter;"
                + " fb :: FromIPSummaryDump(\"" + b + "\", STOP true, ACTIVE false) -> [1] ac;"
                + " ac[0] -> counted :: Counter -> Discard; ac[1] -> other :: Counter -> Discard;"
                + " DriverManager(wait, write fb.active true, wait);"))
        {
            f.run();
            assertEquals("3", f.read("ac.count"));
            assertEquals("3", f.read("counted.count"));
            assertEquals("2", f.read("other.count"));
        }
    }

    @Test
    void stopAndCallThresholds() throws IOException
    {
        final Path in = dump("aggregate", "1", "2", "3", "4", "5");
        try (RouterFixture f = RouterFixture.simtime("FromIPSummaryDump(\"" + in + "\")"
            + " -> a :: AggregateCounter(AGGREGATE_STOP 3) -> Discard;"))
        {
            f.run();
            // the fourth aggregate stops the driver and is not counted
            assertEquals("3", f.read("a.nagg"));
            assertEquals("false", f.read("a.active"));
        }
        try (RouterFixture f = RouterFixture.simtime("FromIPSummaryDump(\"" + in + "\", STOP true)"
            + " -> a :: AggregateCounter(COUNT_CALL 2 c.reset) -> c :: Counter -> Discard;"))
        {
            assertEquals("", f.read("a.aggregate_call"));
            assertEquals("2 c.reset", f.read("a.count_call"));
            f.run();
            // the reset came with the second packet, before Counter saw it
            assertEquals("4", f.read("c.count"));
            assertEquals("", f.read("a.count_call"));
            assertEquals(0, f.write("a.aggregate_call", "1 c.reset"));
            assertEquals("1 c.reset", f.read("a.aggregate_call"));
        }
        assertTrue(RouterFixture.errorsOf("Idle -> AggregateCounter(AGGREGATE_STOP 1, AGGREGATE_FREEZE 2) -> Discard")
            .contains("mutually exclusive"));
        assertTrue(RouterFixture.errorsOf("Idle -> AggregateCounter(COUNT_CALL x y) -> Discard")
            .contains("COUNT_CALL first word should be unsigned"));
    }

    @Test
    void countsPdfCountsTheTriesEmptyNodesToo() throws IOException
    {
        final Path in = dump("aggregate", CLICK_TEST);
        try (RouterFixture f = RouterFixture.simtime("FromIPSummaryDump(\"" + in + "\", STOP true)"
            + " -> a :: AggregateCounter -> Discard;"))
        {
            f.run();
            f.write("a.counts_pdf", "");
            final Path out = tmp.resolve("pdf.txt");
            f.write("a.write_text_file", out.toString());
            // Click's trie for 1 1 0 0 0 2 3 2 has node counts 3 0 0 2 2 0 1 (pre-order): three empty nodes
            assertEquals("!IPAggregate 1.0\n!num_nonzero 4\n0 3\n1 1\n2 2\n3 1\n", text(out));
            f.write("a.clear", "");
            assertEquals("0", f.read("a.nagg"));
            assertEquals("0", f.read("a.count"));
        }
    }

    @Test
    void pullModeCountsAsPacketsPass() throws IOException
    {
        final Path in = dump("aggregate", "9", "9", "4");
        try (RouterFixture f = RouterFixture.simtime("FromIPSummaryDump(\"" + in + "\", STOP true) -> q :: Queue"
            + " -> a :: AggregateCounter -> u :: Unqueue -> Discard;"))
        {
            f.run();
            assertEquals("3", f.read("a.count"));
            assertEquals("2", f.read("a.nagg"));
        }
    }

    @Test
    void trieAgreesWithASortedMapOnRandomAggregates() throws IOException
    {
        final java.util.Random random = new java.util.Random(42);
        final java.util.TreeMap<Long, Integer> expected = new java.util.TreeMap<>();
        final String[] lines = new String[3000];
        for (int i = 0; i < lines.length; i++)
        {
            // clustered values (shared prefixes) and some spread over the whole range
            final long v = random.nextBoolean() ? random.nextInt(64) + (random.nextInt(4) << 20)
                : Integer.toUnsignedLong(random.nextInt());
            lines[i] = Long.toString(v);
            expected.merge(v, 1, Integer::sum);
        }
        final Path in = dump("aggregate", lines);
        final Path out = tmp.resolve("r.txt");
        try (RouterFixture f = RouterFixture.simtime("FromIPSummaryDump(\"" + in + "\", STOP true)"
            + " -> a :: AggregateCounter -> Discard;"))
        {
            f.run();
            f.write("a.write_text_file", out.toString());
            assertEquals(Integer.toString(expected.size()), f.read("a.nagg"));
        }
        final StringBuilder sb = new StringBuilder("!IPAggregate 1.0\n!num_nonzero " + expected.size() + "\n");
        expected.forEach((k, v) -> sb.append(k).append(' ').append(v).append('\n'));
        assertEquals(sb.toString(), text(out));
        assertEquals("0.25", AggregateCounter.g12(0.25));
        assertEquals("0.333333333333", AggregateCounter.g12(1.0 / 3));
        assertEquals("1e-05", AggregateCounter.g12(0.00001));
    }
}
