package org.jclick.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.EOFException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jclick.clicktest.Shims;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.FragmentedPacket;
import org.pcap4j.packet.IcmpV4CommonPacket;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.TcpPacket;
import org.pcap4j.packet.UdpPacket;
import org.pcap4j.packet.factory.PacketFactories;
import org.pcap4j.packet.namednumber.DataLinkType;

/**
 * An oracle for the network functions that shares no code with jclick: the golden cases of
 * {@code ../shared/golden} run through jclick's {@code click} (as {@link GoldenCasesTest} runs them, in a scratch
 * folder), and every packet of every output pcap is read and parsed with pcap4j (libpcap). Each output packet
 * must carry a valid IPv4 header checksum and a valid TCP, UDP (0 allowed) or ICMP checksum, computed here from
 * the bytes pcap4j gives; the outputs the configuration passes on as bad on purpose (malformed's {@code bad_*},
 * fw-acl's {@code bad.pcap}) and the non-IP output are only parsed. For the NAT and the load balancer, each
 * rewritten packet is paired with its input packet (same protocol, IP ID, sequence numbers and payload) and the
 * input's 5-tuple must map to the output's 5-tuple, towards that output, in the {@code tcp_table} or
 * {@code udp_table} the rewriter printed at the end of the run.
 */
class NetworkFunctionOracleTest {

    /** Outputs passed on as bad on purpose: parsed, checksums not required to hold. */
    private static final Set<String> BAD_ON_PURPOSE = Set.of("malformed/bad_ip.pcap", "malformed/bad_tcp.pcap",
            "malformed/bad_udp.pcap", "malformed/bad_icmp.pcap", "fw-acl/bad.pcap");

    /** Of those, the outputs where the oracle must find bad checksums (the rest may be bad otherwise). */
    private static final Set<String> SEEN_BAD = Set.of("malformed/bad_tcp.pcap", "malformed/bad_udp.pcap",
            "malformed/bad_icmp.pcap", "fw-acl/bad.pcap");

    /** Outputs that are not IPv4 on purpose (non-IP frames and runts): parsed only. */
    private static final Set<String> NOT_IP = Set.of("malformed/nonip.pcap");

    /** The rewriters whose tables are checked: case -> (rewriter, output pcap -> rewriter output port). */
    private static final Map<String, Rewriter> REWRITERS = Map.of(
            "nat-snat", new Rewriter("nat", List.of("in_out.pcap", "in_reply.pcap"),
                    Map.of("out_nat.pcap", 0, "reply_nat.pcap", 1)),
            "lb-rr", new Rewriter("lb", List.of("in.pcap"), Map.of("to_backends.pcap", 0, "to_clients.pcap", 1)));

    record Rewriter(String element, List<String> inputs, Map<String, Integer> outputs) {
    }

    /** A TCP or UDP 5-tuple (protocol, source address and port, destination address and port). */
    record Tuple(int proto, String src, int sport, String dst, int dport) {
        @Override
        public String toString() {
            return (proto == 6 ? "tcp" : "udp") + "(" + src + ", " + sport + ", " + dst + ", " + dport + ")";
        }
    }

    /** One mapping of a rewriter table: input tuple to output tuple, leaving on {@code port}. */
    record Mapping(Tuple to, int port) {
    }

    private static final Pattern TABLE_LINE = Pattern.compile(
            "\\(([0-9.]+), (\\d+), ([0-9.]+), (\\d+)\\) => \\(([0-9.]+), (\\d+), ([0-9.]+), (\\d+)\\) "
                    + "\\[(\\*?)(\\d+) (\\*?)(\\d+)\\].*");

    @TempDir
    Path work;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fw-acl", "nat-snat", "lb-rr", "chain", "malformed"})
    void everyOutputPacketIsValid(String name) throws Exception {
        final Path folder = SharedCorpus.root().resolve("golden").resolve(name);
        if (!Files.isRegularFile(folder.resolve("CMD"))) {
            fail("../shared is present but " + folder + " holds no golden case");
        }
        requireLibpcap(folder.resolve(Files.isRegularFile(folder.resolve("in.pcap")) ? "in.pcap" : "in_out.pcap"));
        final GoldenCase c = new GoldenCase(folder);
        final GoldenCase.Outcome outcome = c.run(work.resolve("runs"), Shims.install(work.resolve("bin")));
        assertEquals(0, outcome.exitStatus(), name + ": click failed:\n" + outcome.output());

        final List<String> outputs;
        try (Stream<Path> s = Files.list(folder.resolve("expected"))) {
            outputs = s.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".pcap")).sorted().toList();
        }
        assertTrue(!outputs.isEmpty(), name + ": no output pcaps expected");

        final Rewriter rw = REWRITERS.get(name);
        final Map<Tuple, Mapping> table = rw == null ? Map.of() : table(c, outcome, rw);
        final Map<String, List<Tuple>> inputsByKey = new HashMap<>();
        if (rw != null) {
            for (String in : rw.inputs()) {
                for (byte[] frame : readAll(folder.resolve(in))) {
                    final IpV4Packet ip = ipv4(EthernetPacket.newPacket(frame, 0, frame.length));
                    if (ip != null && tuple(ip) != null) {
                        inputsByKey.computeIfAbsent(key(ip), k -> new ArrayList<>()).add(tuple(ip));
                    }
                }
            }
        }

        final List<String> problems = new ArrayList<>();
        final StringBuilder report = new StringBuilder("[oracle " + name + "]");
        for (String out : outputs) {
            final Path file = outcome.dir().resolve(out);
            if (!Files.isRegularFile(file)) {
                problems.add(out + ": not written");
                continue;
            }
            final String id = name + "/" + out;
            final boolean bad = BAD_ON_PURPOSE.contains(id);
            final boolean notIp = NOT_IP.contains(id);
            final Integer port = rw == null ? null : rw.outputs().get(out);
            int n = 0;
            int checked = 0;
            int mapped = 0;
            int caught = 0;
            for (byte[] frame : readAll(file)) {
                final String where = out + " packet " + n++;
                // parsing must never fail, whatever the packet holds
                final Packet parsed = PacketFactories.getFactory(Packet.class, DataLinkType.class)
                        .newInstance(frame, 0, frame.length, DataLinkType.EN10MB);
                if (parsed == null || parsed.getRawData().length != frame.length) {
                    problems.add(where + ": pcap4j does not parse it whole");
                    continue;
                }
                if (notIp) {
                    continue;
                }
                if (bad) {
                    // the oracle must see what the configuration saw
                    if (parsed instanceof EthernetPacket e && ipv4(e) != null
                            && checksumError(ipv4(e), frame, e.getHeader().length()) != null) {
                        caught++;
                    }
                    continue;
                }
                final EthernetPacket eth = EthernetPacket.newPacket(frame, 0, frame.length);
                final IpV4Packet ip = ipv4(eth);
                if (ip == null) {
                    problems.add(where + ": not IPv4 (" + eth.getPayload().getClass().getSimpleName() + ")");
                    continue;
                }
                final String err = checksumError(ip, frame, eth.getHeader().length());
                if (err != null) {
                    problems.add(where + ": " + err);
                }
                checked++;
                if (port != null) {
                    final Tuple t = tuple(ip);
                    if (t == null) {
                        problems.add(where + ": the rewriter passed on a packet that is not TCP or UDP");
                        continue;
                    }
                    final List<Tuple> candidates = inputsByKey.getOrDefault(key(ip), List.of());
                    if (candidates.isEmpty()) {
                        problems.add(where + ": " + t + " matches no input packet");
                        continue;
                    }
                    final boolean ok = candidates.stream().anyMatch(in -> {
                        final Mapping m = table.get(in);
                        return m != null && m.port() == port && m.to().equals(t);
                    });
                    if (ok) {
                        mapped++;
                    } else {
                        problems.add(where + ": " + t + " is not what the table maps its input " + candidates
                                + " to on output " + port + " (table: "
                                + candidates.stream().map(table::get).toList() + ")");
                    }
                }
            }
            report.append("\n  ").append(out).append(": ").append(n).append(" packets, ").append(checked)
                    .append(" with checksums checked").append(port == null ? "" : ", " + mapped + " mapped by the table");
            if (bad) {
                report.append(", ").append(caught).append(" bad by the oracle too");
                if (SEEN_BAD.contains(id) && caught == 0) {
                    problems.add(out + ": the oracle finds no bad checksum among packets passed on as bad");
                }
            }
            if (port != null && n > 0 && mapped == 0) {
                problems.add(out + ": no packet was checked against the table");
            }
        }
        System.out.println(report);
        if (!problems.isEmpty()) {
            fail(name + ": " + problems.size() + " problems:\n  "
                    + String.join("\n  ", problems.subList(0, Math.min(problems.size(), 30))) + "\n" + report);
        }
    }

    /** Skips (fails under CI=true) when libpcap cannot be loaded; {@code sample} is any pcap. */
    private static void requireLibpcap(Path sample) throws Exception {
        try {
            Pcaps.openOffline(sample.toString()).close();
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            final String why = "pcap4j cannot load libpcap (install libpcap0.8): " + e;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(why);
            }
            Assumptions.abort(why);
        }
    }

    /** Every record of {@code file}, as libpcap reads it. */
    private static List<byte[]> readAll(Path file) throws Exception {
        final List<byte[]> frames = new ArrayList<>();
        try (PcapHandle h = Pcaps.openOffline(file.toString())) {
            assertEquals(DataLinkType.EN10MB, h.getDlt(), file + ": link type");
            while (true) {
                try {
                    frames.add(h.getNextRawPacketEx());
                } catch (EOFException e) {
                    break;
                }
            }
        }
        return frames;
    }

    private static IpV4Packet ipv4(Packet eth) {
        return eth != null && eth.getPayload() instanceof IpV4Packet ip ? ip : null;
    }

    /**
     * What is wrong with the packet's checksums, or null. The sums run over the frame as libpcap read it, at the
     * offsets and lengths of pcap4j's header fields (pcap4j's rebuilt raw data drops bytes it does not model,
     * e.g. what follows an ICMP timestamp).
     */
    static String checksumError(IpV4Packet ip, byte[] frame, int ipOffset) {
        final IpV4Packet.IpV4Header h = ip.getHeader();
        final int ihl = h.getIhlAsInt() * 4;
        final int total = h.getTotalLengthAsInt();
        if (ipOffset + total > frame.length || ihl < 20 || total < ihl) {
            return "IP lengths (header " + ihl + ", total " + total + ") do not fit the " + frame.length
                    + "-byte frame";
        }
        final int ipSum = sum(Arrays.copyOfRange(frame, ipOffset, ipOffset + ihl), 0);
        if (ipSum != 0xffff) {
            return "bad IPv4 header checksum " + hex(h.getHeaderChecksum()) + " (sum " + hex(ipSum) + ")";
        }
        final Packet l4 = ip.getPayload();
        if (l4 == null || l4 instanceof FragmentedPacket || h.getMoreFragmentFlag() || h.getFragmentOffset() != 0) {
            return null; // a fragment: no transport checksum to check
        }
        final int proto = h.getProtocol().value() & 0xff;
        final byte[] data = Arrays.copyOfRange(frame, ipOffset + ihl, ipOffset + total);
        switch (proto) {
            case 6 -> {
                if (!(l4 instanceof TcpPacket)) {
                    return "protocol TCP but pcap4j parses " + l4.getClass().getSimpleName();
                }
                final int s = sum(data, pseudo(h, proto, data.length));
                return s == 0xffff ? null : "bad TCP checksum " + hex(((TcpPacket) l4).getHeader().getChecksum());
            }
            case 17 -> {
                if (!(l4 instanceof UdpPacket udp)) {
                    return "protocol UDP but pcap4j parses " + l4.getClass().getSimpleName();
                }
                if (udp.getHeader().getChecksum() == 0) {
                    return null; // no checksum
                }
                final int s = sum(data, pseudo(h, proto, data.length));
                return s == 0xffff ? null : "bad UDP checksum " + hex(udp.getHeader().getChecksum());
            }
            case 1 -> {
                if (!(l4 instanceof IcmpV4CommonPacket icmp)) {
                    return "protocol ICMP but pcap4j parses " + l4.getClass().getSimpleName();
                }
                return sum(data, 0) == 0xffff ? null : "bad ICMP checksum " + hex(icmp.getHeader().getChecksum());
            }
            default -> {
                return null;
            }
        }
    }

    /** The ones' complement sum of the pseudo-header (not folded). */
    private static int pseudo(IpV4Packet.IpV4Header h, int proto, int length) {
        final byte[] p = new byte[12];
        System.arraycopy(h.getSrcAddr().getAddress(), 0, p, 0, 4);
        System.arraycopy(h.getDstAddr().getAddress(), 0, p, 4, 4);
        p[9] = (byte) proto;
        p[10] = (byte) (length >> 8);
        p[11] = (byte) length;
        return sum(p, 0);
    }

    /** The folded ones' complement sum of {@code b} (odd length padded with a zero byte), plus {@code initial}. */
    static int sum(byte[] b, int initial) {
        long s = initial;
        for (int i = 0; i + 1 < b.length; i += 2) {
            s += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        }
        if ((b.length & 1) != 0) {
            s += (b[b.length - 1] & 0xff) << 8;
        }
        while ((s >> 16) != 0) {
            s = (s & 0xffff) + (s >> 16);
        }
        return (int) s;
    }

    private static String hex(short v) {
        return String.format("0x%04x", v & 0xffff);
    }

    private static String hex(int v) {
        return String.format("0x%04x", v);
    }

    /** The packet's TCP or UDP 5-tuple, or null (other protocols and fragments). */
    private static Tuple tuple(IpV4Packet ip) {
        final IpV4Packet.IpV4Header h = ip.getHeader();
        final String src = h.getSrcAddr().getHostAddress();
        final String dst = h.getDstAddr().getHostAddress();
        if (ip.getPayload() instanceof TcpPacket tcp) {
            return new Tuple(6, src, tcp.getHeader().getSrcPort().valueAsInt(), dst,
                    tcp.getHeader().getDstPort().valueAsInt());
        }
        if (ip.getPayload() instanceof UdpPacket udp) {
            return new Tuple(17, src, udp.getHeader().getSrcPort().valueAsInt(), dst,
                    udp.getHeader().getDstPort().valueAsInt());
        }
        return null;
    }

    /** What a rewriter leaves unchanged: protocol, IP ID, TCP sequence numbers, the transport payload. */
    private static String key(IpV4Packet ip) {
        final StringBuilder k = new StringBuilder();
        k.append(ip.getHeader().getProtocol().value()).append('/').append(ip.getHeader().getIdentificationAsInt());
        final Packet l4 = ip.getPayload();
        if (l4 instanceof TcpPacket tcp) {
            k.append('/').append(tcp.getHeader().getSequenceNumberAsLong()).append('/')
                    .append(tcp.getHeader().getAcknowledgmentNumberAsLong());
        }
        if (l4 != null && l4.getPayload() != null) {
            k.append('/').append(HexFormat.of().formatHex(l4.getPayload().getRawData()));
        }
        return k.toString();
    }

    /** The rewriter's tcp_table and udp_table as printed by the run: input tuple -> (output tuple, port). */
    private static Map<Tuple, Mapping> table(GoldenCase c, GoldenCase.Outcome outcome, Rewriter rw) throws Exception {
        final GoldenCase.Split split = GoldenCase.split(outcome.output(), c.handlerNames());
        final Map<Tuple, Mapping> table = new HashMap<>();
        int lines = 0;
        for (String handler : List.of("tcp_table", "udp_table")) {
            final String value = split.values().get(rw.element() + "." + handler);
            if (value == null) {
                continue;
            }
            final int proto = handler.startsWith("tcp") ? 6 : 17;
            for (String line : value.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                final Matcher m = TABLE_LINE.matcher(line);
                assertTrue(m.matches(), rw.element() + "." + handler + ": unexpected line '" + line + "'");
                final Tuple from = new Tuple(proto, m.group(1), Integer.parseInt(m.group(2)), m.group(3),
                        Integer.parseInt(m.group(4)));
                final Tuple to = new Tuple(proto, m.group(5), Integer.parseInt(m.group(6)), m.group(7),
                        Integer.parseInt(m.group(8)));
                final int port = !m.group(9).isEmpty() ? Integer.parseInt(m.group(10)) : Integer.parseInt(m.group(12));
                assertTrue(m.group(9).isEmpty() != m.group(11).isEmpty(), "one output starred: '" + line + "'");
                final Mapping old = table.put(from, new Mapping(to, port));
                assertTrue(old == null, rw.element() + "." + handler + ": " + from + " mapped twice");
                lines++;
            }
        }
        assertTrue(lines > 0, rw.element() + ": the run printed no table lines:\n" + outcome.output());
        return table;
    }
}
