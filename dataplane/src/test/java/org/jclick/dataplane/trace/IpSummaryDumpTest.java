package org.jclick.dataplane.trace;

import static org.jclick.dataplane.trace.IpSummaryDump.Field;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jclick.dataplane.trace.IpSummaryDump.LineKind;
import org.jclick.dataplane.trace.IpSummaryDump.Parser;
import org.junit.jupiter.api.Test;

class IpSummaryDumpTest
{
    private static LineKind line(final Parser p, final String line)
    {
        final byte[] b = line.getBytes(StandardCharsets.ISO_8859_1);
        return p.line(b, 0, b.length, 0);
    }

    private static String format(final Field f, final long v)
    {
        return IpSummaryDump.appendValue(new StringBuilder(), f, v).toString();
    }

    @Test
    void fieldNamesSynonymsAndClickLookupRules()
    {
        assertEquals(Field.IP_SRC, IpSummaryDump.field("src"));
        assertEquals(Field.IP_SRC, IpSummaryDump.field("ip src"));
        assertEquals(Field.IP_LEN, IpSummaryDump.field("len"));
        assertEquals(Field.IP_LEN, IpSummaryDump.field("length"));
        assertEquals(Field.IP_PROTO, IpSummaryDump.field("proto"));
        assertEquals(Field.IP_PROTO, IpSummaryDump.field("ip_p"));
        assertEquals(Field.IP_FRAGOFF, IpSummaryDump.field("fragoff"));
        assertEquals(Field.SPORT, IpSummaryDump.field("sport"));
        assertEquals(Field.TIMESTAMP, IpSummaryDump.field("ts"));
        assertEquals(Field.TIMESTAMP, IpSummaryDump.field("utimestamp"));
        assertEquals(Field.TS_SEC, IpSummaryDump.field("sec"));
        assertEquals(Field.TCP_WINDOW, IpSummaryDump.field("tcp_win"));
        assertEquals(Field.COUNT, IpSummaryDump.field("pkt_count"));
        assertEquals(Field.PAYLOAD_LEN, IpSummaryDump.field("payload length"));
        assertEquals(Field.AGGREGATE, IpSummaryDump.field("agg"));
        assertEquals(Field.DIRECTION, IpSummaryDump.field("direction"));
        assertEquals(Field.LINK, IpSummaryDump.field("link"));
        assertNull(IpSummaryDump.field("foo_bar"));
        assertNull(IpSummaryDump.field("bogus"));
    }

    @Test
    void headerAsToIPSummaryDumpWritesIt()
    {
        assertEquals("!IPSummaryDump 1.3\n!data timestamp ip_src\n",
            IpSummaryDump.header(List.of(Field.TIMESTAMP, Field.IP_SRC), null));
        assertEquals("!IPSummaryDump 1.3\n!creator \"my \\\"run\\\"\"\n!data timestamp sport\n",
            IpSummaryDump.header(List.of(Field.NTIMESTAMP, Field.SPORT), "my \"run\""));
    }

    @Test
    void timestamps()
    {
        assertEquals(1_000_020_000L, IpSummaryDump.parseTimestamp("1.00002"));
        assertEquals(5_000_000_000L, IpSummaryDump.parseTimestamp("5"));
        assertEquals(1_000_000_001L, IpSummaryDump.parseTimestamp("1.000000001"));
        assertEquals(-100_000_000L, IpSummaryDump.parseTimestamp("-0.1"));
        assertEquals(Long.MIN_VALUE, IpSummaryDump.parseTimestamp("1.2.3"));
        assertEquals("1.000020", format(Field.TIMESTAMP, 1_000_020_000L));
        assertEquals("1.000000001", format(Field.TIMESTAMP, 1_000_000_001L));
        assertEquals("0.000000", format(Field.TIMESTAMP, 0));
        assertEquals("1700000000.123456789", format(Field.TIMESTAMP, 1_700_000_000_123_456_789L));
        assertEquals("-0.100000", format(Field.TIMESTAMP, -100_000_000L));
        assertEquals("-2.000000", format(Field.TIMESTAMP, -2_000_000_000L));
    }

    @Test
    void tcpFlags()
    {
        final Parser p = new Parser("t", null);
        p.defaultFields("tcp_flags");
        for (final String[] c : new String[][] {{"SA", "18"}, {"PA", "24"}, {"A", "16"}, {".", "0"},
            {"FSRPAUECN", "511"}, {"W", "128"}, {"X", "64"}, {"Y", "128"}, {"0x12", "18"}})
        {
            assertEquals(LineKind.PACKET, line(p, c[0]));
            assertEquals(Long.parseLong(c[1]), p.record().value(0), c[0]);
        }
        assertEquals(LineKind.BAD, line(p, "SZ"));
        assertEquals("SA", format(Field.TCP_FLAGS, 0x12));
        assertEquals("PA", format(Field.TCP_FLAGS, 0x18));
        assertEquals("A", format(Field.TCP_FLAGS, 0x10));
        assertEquals(".", format(Field.TCP_FLAGS, 0));
        assertEquals("FPA", format(Field.TCP_FLAGS, 0x19));
        assertEquals("FSRPAUECN", format(Field.TCP_FLAGS, 0x1FF));
    }

    @Test
    void fragmentsProtocolsAndOtherKinds()
    {
        final Parser p = new Parser("t", null);
        p.defaultFields("ip_fragoff ip_frag proto direction ip_ecn icmp_type_name src");
        assertEquals(LineKind.PACKET, line(p, "1480+ F U < ect2 echo-reply 10.0.0.1"));
        assertEquals(185 | IpSummaryDump.IP_MF, p.record().value(0));
        assertEquals(IpSummaryDump.IP_MF, p.record().value(1));
        assertEquals(17, p.record().value(2));
        assertEquals(1, p.record().value(3));
        assertEquals(2, p.record().value(4));
        assertEquals(0, p.record().value(5));
        assertEquals(0x0A000001L, p.record().value(6));
        assertEquals(LineKind.PACKET, line(p, "0! ! 47 > ce 8 255.255.255.255"));
        assertEquals(IpSummaryDump.IP_DF, p.record().value(0));
        assertEquals(IpSummaryDump.IP_DF, p.record().value(1));
        assertEquals(47, p.record().value(2));
        assertEquals(0xFFFFFFFFL, p.record().value(6));

        assertEquals("1480+", format(Field.IP_FRAGOFF, 185 | IpSummaryDump.IP_MF));
        assertEquals("0!", format(Field.IP_FRAGOFF, IpSummaryDump.IP_DF));
        assertEquals("F", format(Field.IP_FRAG, IpSummaryDump.IP_MF));
        assertEquals("f", format(Field.IP_FRAG, 185));
        assertEquals("!", format(Field.IP_FRAG, IpSummaryDump.IP_DF));
        assertEquals(".", format(Field.IP_FRAG, 0));
        assertEquals("T", format(Field.IP_PROTO, 6));
        assertEquals("I", format(Field.IP_PROTO, 1));
        assertEquals("47", format(Field.IP_PROTO, 47));
        assertEquals(">", format(Field.DIRECTION, 0));
        assertEquals("<", format(Field.DIRECTION, 1));
        assertEquals("2", format(Field.DIRECTION, 2));
        assertEquals("1", format(Field.LINK, 1));
        assertEquals("ce", format(Field.IP_ECN, 3));
        assertEquals("echo", format(Field.ICMP_TYPE_NAME, 8));
        assertEquals("77", format(Field.ICMP_TYPE_NAME, 77));
        assertEquals("18.26.4.44", format(Field.IP_SRC, 0x121A042CL));
        assertEquals("4294967295", format(Field.TCP_SEQ, 0xFFFFFFFFL));
    }

    @Test
    void oldVersionFragmentOffsetsAreIn8ByteUnits()
    {
        final Parser p = new Parser("t", null);
        assertEquals(LineKind.HEADER, line(p, "!IPSummaryDump 1.0"));
        line(p, "!data ip_fragoff");
        assertEquals(LineKind.PACKET, line(p, "185+"));
        assertEquals(185 | IpSummaryDump.IP_MF, p.record().value(0));
        assertEquals(0, p.minorVersion());
    }

    @Test
    void payloadsAreQuotedAsCpQuoteDoes()
    {
        final Parser p = new Parser("t", null);
        p.defaultFields("payload sport");
        assertEquals(LineKind.PACKET, line(p, "\"a b\\n\\001\\\"\\\\\\$\" 7"));
        final byte[] expected = {'a', ' ', 'b', '\n', 1, '"', '\\', '$'};
        assertArrayEquals(expected, Arrays.copyOf(p.record().bytes(0), p.record().bytesLength(0)));
        assertEquals(7, p.record().value(1));
        final StringBuilder sb = new StringBuilder();
        IpSummaryDump.appendQuoted(sb, expected, 0, expected.length);
        assertEquals("\"a b\\n\\001\\\"\\\\\\$\"", sb.toString());
        sb.setLength(0);
        IpSummaryDump.appendQuoted(sb, new byte[] {(byte)0xFF, '\t', '\r'}, 0, 3);
        assertEquals("\"\\377\\t\\r\"", sb.toString());
    }

    @Test
    void payloadsMayHoldHexBlobsAsCpStringReadsThem()
    {
        final Parser p = new Parser("t", null);
        p.defaultFields("payload sport");
        assertEquals(LineKind.PACKET, line(p, "\"x\\<48 69 0a>y\\<4>\" 7"));
        final byte[] expected = {'x', 'H', 'i', '\n', 'y'};
        assertArrayEquals(expected, Arrays.copyOf(p.record().bytes(0), p.record().bytesLength(0)));
        assertEquals(7, p.record().value(1));
    }

    @Test
    void headerLinesAbsentValuesAndErrorsWithLineAndOffset()
    {
        final List<String> warnings = new ArrayList<>();
        final Parser p = new Parser("in.ipsum", warnings::add);
        final String file = "!IPSummaryDump 1.3\n# comment\n!proto U\n!flowid 1.0.0.1 10 2.0.0.2 - T\n" +
            "!aggregate 5\n!data src sport bogus dst\n\n1.0.0.9 - x\n2.0.0.9\nnot an address\n" +
            "!contents ts\n3.5\n";
        final byte[] b = file.getBytes(StandardCharsets.ISO_8859_1);
        final List<LineKind> kinds = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < b.length; i++)
        {
            if (b[i] == '\n')
            {
                kinds.add(p.line(b, start, i, start));
                if (p.record().size() == 4 && kinds.getLast() == LineKind.PACKET && p.lineNumber() == 8)
                {
                    assertTrue(p.record().present(0));
                    assertFalse(p.record().present(1)); // '-'
                    assertFalse(p.record().present(2)); // unknown field
                    assertFalse(p.record().present(3)); // missing
                    assertEquals(0x01000009L, p.record().value(0));
                }
                start = i + 1;
            }
        }
        assertEquals(List.of(LineKind.HEADER, LineKind.COMMENT, LineKind.HEADER, LineKind.HEADER, LineKind.HEADER,
            LineKind.HEADER, LineKind.COMMENT, LineKind.PACKET, LineKind.PACKET, LineKind.BAD, LineKind.HEADER,
            LineKind.PACKET), kinds);
        assertEquals(6, p.defaultProto()); // !flowid's protocol overrides !proto U
        assertTrue(p.hasFlowid());
        assertEquals(0x01000001, p.flowidSrc());
        assertEquals(10, p.flowidSport());
        assertEquals(0, p.flowidDport());
        assertEquals(5, p.aggregate());
        assertEquals(3_500_000_000L, p.record().value(0));
        assertEquals(List.of(
            "in.ipsum: line 6 (byte offset 82): unknown content type 'bogus'",
            "in.ipsum: line 10 (byte offset 129): packet parse error"), warnings);
    }

    @Test
    void missingBannerIsAWarning()
    {
        final List<String> warnings = new ArrayList<>();
        final Parser p = new Parser("x", warnings::add);
        line(p, "1.0.0.1 2");
        assertEquals("x: line 1 (byte offset 0): missing banner line; is this an IP summary dump?", warnings.get(0));
    }

    // ------------------------------------------------------------------------------------------ Click's tests

    private static final Pattern TO_DUMP =
        Pattern.compile("ToIPSummaryDump\\(\\s*([^,\\s)]+)\\s*,\\s*(?:FIELDS|CONTENTS)\\s+([a-z_ ]+)");

    /**
     * Click's own tests: every input file of a FromIPSummaryDump parses without error, and every expected
     * ToIPSummaryDump output (FIELDS of formattable kinds, no pattern) is reproduced exactly by parsing it and
     * formatting the values again, which checks the parser and the printing rules against real Click output.
     */
    @Test
    void clickTestSuiteInputsParseAndExpectedOutputsReformatIdentically() throws Exception
    {
        final Path tests = CorpusPcapTest.sharedRoot().resolve("corpus/click/tests");
        final List<Path> files;
        try (Stream<Path> s = Files.walk(tests))
        {
            files = s.filter(f -> f.toString().endsWith(".clicktest")).sorted().toList();
        }
        int inputs = 0;
        int outputs = 0;
        int outputLines = 0;
        final List<String> problems = new ArrayList<>();
        for (final Path f : files)
        {
            final String text = Files.readString(f, StandardCharsets.ISO_8859_1);
            if (!text.contains("IPSummaryDump"))
            {
                continue;
            }
            final String[] sections = text.split("(?m)^(?=%)");
            for (final String section : sections)
            {
                final String head = section.lines().findFirst().orElse("");
                final String body = section.substring(Math.min(section.length(), head.length() + 1));
                if (head.startsWith("%file") && body.stripLeading().startsWith("!") && body.contains("!data") &&
                    !body.contains("!binary"))
                {
                    inputs++;
                    final List<String> warnings = new ArrayList<>();
                    final Parser p = new Parser(f.getFileName() + ":" + head, warnings::add);
                    for (final String line : body.split("\n"))
                    {
                        line(p, line);
                    }
                    warnings.removeIf(w -> w.contains("missing banner") || w.contains("unknown content type"));
                    warnings.forEach(problems::add);
                }
                if (head.startsWith("%expect ") && !head.contains("stderr") && !head.contains("stdout") &&
                    !body.contains("{{"))
                {
                    final String out = head.substring(8).trim();
                    final Matcher m = TO_DUMP.matcher(text);
                    while (m.find())
                    {
                        if (!m.group(1).equals(out))
                        {
                            continue;
                        }
                        final List<Field> fields = new ArrayList<>();
                        boolean formattable = true;
                        for (final String name : m.group(2).trim().split("\\s+"))
                        {
                            final Field field = IpSummaryDump.field(name);
                            if (field == null || field.kind() == IpSummaryDump.Kind.OUTPUT_ONLY)
                            {
                                formattable = false;
                            }
                            fields.add(field);
                        }
                        if (!formattable)
                        {
                            continue;
                        }
                        outputs++;
                        final Parser p = new Parser(out, problems::add);
                        p.defaultFields(m.group(2).trim());
                        for (final String line : body.split("\n"))
                        {
                            if (line.isBlank() || line.startsWith("!"))
                            {
                                continue;
                            }
                            outputLines++;
                            if (line(p, line) != LineKind.PACKET)
                            {
                                problems.add(f.getFileName() + " " + out + ": does not parse: " + line);
                                continue;
                            }
                            final String again = reformat(p.record());
                            if (!again.equals(line.stripTrailing())) // Click's test matching ignores trailing space
                            {
                                problems.add(f.getFileName() + " " + out + ": '" + line + "' reformats as '" +
                                    again + "'");
                            }
                        }
                    }
                }
            }
        }
        System.out.println("Click tests: " + inputs + " IP summary dump inputs, " + outputs + " expected outputs (" +
            outputLines + " lines) checked");
        assertTrue(inputs > 20 && outputLines > 50, inputs + " inputs, " + outputLines + " output lines");
        assertEquals(List.of(), problems);
    }

    private static String reformat(final IpSummaryDump.Record r)
    {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < r.size(); i++)
        {
            if (i > 0)
            {
                sb.append(' ');
            }
            if (!r.present(i))
            {
                sb.append('-');
            }
            else if (r.field(i).kind() == IpSummaryDump.Kind.PAYLOAD)
            {
                IpSummaryDump.appendQuoted(sb, r.bytes(i), 0, r.bytesLength(i));
            }
            else if (r.field(i).kind() == IpSummaryDump.Kind.OPTIONS)
            {
                sb.append(new String(r.bytes(i), 0, r.bytesLength(i), StandardCharsets.ISO_8859_1));
            }
            else
            {
                IpSummaryDump.appendValue(sb, r.field(i), r.value(i));
            }
        }
        return sb.toString();
    }
}
