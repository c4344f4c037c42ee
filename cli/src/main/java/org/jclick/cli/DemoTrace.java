package org.jclick.cli;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import org.jclick.dataplane.trace.LinkType;
import org.jclick.dataplane.trace.PcapWriter;

/**
 * The demo's bundled data, made rather than stored. {@link #write} makes a deterministic Ethernet/IPv4 trace of TCP
 * and UDP flows (10.0/16 clients to 192.168/16 servers; ports 80, 443, 53, 22, 123), with correct IP and transport
 * checksums, 60-byte frames. {@link #writeNfv} makes a trace that follows the address plan of
 * {@code configs/nfv-chain.click}: both directions of web and DNS flows, denied flows, unsolicited packets from
 * outside, fragments, non-IP frames and malformed IP headers.
 */
final class DemoTrace {

    private DemoTrace() {
    }

    /** Writes {@code packets} frames to {@code file} (nanosecond pcap, 1 µs apart). */
    static void write(Path file, int packets, int flows, long seed) throws IOException {
        final SplittableRandom random = new SplittableRandom(seed);
        final int[][] flow = new int[flows][];
        for (int i = 0; i < flows; i++) {
            final int kind = random.nextInt(100);
            final int proto = kind < 65 || (kind >= 80 && kind < 85) ? 6 : 17;
            final int dport = kind < 35 ? 80 : kind < 60 ? 443 : kind < 75 ? 53 : kind < 80 ? 22 : kind < 85 ? 123 : 9000;
            flow[i] = new int[] {0x0A000000 | random.nextInt(1 << 16), 0xC0A80000 | random.nextInt(1 << 16),
                proto, 1024 + random.nextInt(64512), dport};
        }
        final byte[] frame = new byte[60];
        final MemorySegment segment = MemorySegment.ofArray(frame);
        try (PcapWriter w = PcapWriter.open(file, PcapWriter.Header.click(PcapWriter.CLICK_DEFAULT_SNAPLEN,
                LinkType.ETHERNET, true))) {
            for (int n = 0; n < packets; n++) {
                final int[] f = flow[random.nextInt(flows)];
                build(frame, f[0], f[1], f[2], f[3], f[4], n);
                w.writeRecord(1_700_000_000_000_000_000L + n * 1_000L, segment, 0, frame.length, frame.length);
            }
        }
    }

    /** What {@link #writeNfv} put into its trace, by kind: what nfv-chain.click should count. */
    record NfvStats(int packets, int webFlows, int webOut, int webReplies, int dnsFlows, int dnsQueries,
            int dnsAnswers, int denied, int unsolicitedDns, int unsolicitedWeb, int nonIp, int malformed) {
    }

    static final int CLIENTS = 0x0A010000;      // 10.1.0.0/16
    static final int QUARANTINE = 0x0A014200;   // 10.1.66.0/24
    static final int VIP = 0xC6120050;          // 198.18.0.80
    static final int PUBLIC = 0xCB00710A;       // 203.0.113.10
    static final int FIRST_PORT = 20000;        // the NAT's first public port (sequential)
    static final int[] BACKENDS = {0x0A090001, 0x0A090002, 0x0A090003};   // 10.9.0.1-3
    static final int[] RESOLVERS = {0xC0000235, 0xC6336435};            // 192.0.2.53, 198.51.100.53

    private static final int FIN = 0x01, SYN = 0x02, PSH = 0x08, ACK = 0x10;
    private static final int NORMAL = 0, BAD_SUM = 1, BAD_VERSION = 2, TRUNCATED = 3, ARP = 4, FRAGMENT = 5;

    /** One packet of the nfv trace, before it is built. */
    private record Pkt(long time, int seq, int src, int dst, int proto, int sport, int dport, int flags, int payload,
            int kind) {
    }

    /**
     * Writes the nfv-chain trace: {@code flows} flows started 20 µs apart (their packets interleave), in nanosecond
     * pcap. Allowed web and DNS flows are numbered in the order they start, which is the order in which the NAT
     * allocates its sequential ports and the load balancer picks its backends, so the replies in the trace are
     * addressed to the mappings the chain makes.
     */
    static NfvStats writeNfv(Path file, int flows, long seed) throws IOException {
        return writeNfv(file, flows, seed, Mode.CHAIN);
    }

    /**
     * Whom the replies in an nfv trace are addressed to. The client packets are the same in every mode; the replies
     * fit the network function that runs alone on it: CHAIN, the whole nfv-chain (and firewall.click); NAT,
     * nat.click (every client TCP/UDP flow gets a port, the servers answer from the VIP); LB, lb.click (every flow
     * to the VIP gets a backend, which answers the client directly).
     */
    enum Mode {
        CHAIN, NAT, LB
    }

    /** As {@link #writeNfv(Path, int, long)}, with the replies addressed for {@code mode}. */
    static NfvStats writeNfv(Path file, int flows, long seed, Mode mode) throws IOException {
        final SplittableRandom random = new SplittableRandom(seed);
        final List<Pkt> pkts = new ArrayList<>();
        int seq = 0;
        int mapped = 0;                                     // NAT ports handed out so far
        int balanced = 0;                                   // flows the load balancer has placed so far
        int webFlows = 0, webOut = 0, webReplies = 0, dnsFlows = 0, dnsQueries = 0, dnsAnswers = 0, denied = 0;
        int unsolicitedDns = 0, unsolicitedWeb = 0, nonIp = 0, malformed = 0;
        for (int i = 0; i < flows; i++) {
            final long t = 1_700_000_000_000_000_000L + i * 20_000L;
            final int subnet = 1 + random.nextInt(249);      // 1..249 without 66, the quarantined one
            final int client = CLIENTS | ((subnet >= 66 ? subnet + 1 : subnet) << 8) | (1 + random.nextInt(254));
            final int sport = 1024 + i % 60000;
            final int r = random.nextInt(100);
            if (r < 60) {                                   // web flow through the whole chain
                final int dport = r < 40 ? 80 : 443;
                final int natPort = FIRST_PORT + mapped++;
                final int backend = BACKENDS[balanced++ % BACKENDS.length];
                webFlows++;
                final int k = 2 + random.nextInt(6);
                for (int j = 0; j < k; j++) {
                    final int f = j == 0 ? SYN : j == k - 1 ? FIN | ACK : PSH | ACK;
                    pkts.add(new Pkt(t + j * 50_000L, seq++, client, VIP, 6, sport, dport, f,
                            j == 0 ? 0 : random.nextInt(512), NORMAL));
                    pkts.add(new Pkt(t + j * 50_000L + 25_000L, seq++, mode == Mode.NAT ? VIP : backend,
                            mode == Mode.LB ? client : PUBLIC, 6, dport, mode == Mode.LB ? sport : natPort,
                            j == 0 ? SYN | ACK : f, j == 0 ? 0 : random.nextInt(1200), NORMAL));
                }
                webOut += k;
                webReplies += k;
            } else if (r < 85) {                            // DNS query, usually answered
                final int natPort = FIRST_PORT + mapped++;
                final int resolver = RESOLVERS[random.nextInt(RESOLVERS.length)];
                dnsFlows++;
                pkts.add(new Pkt(t, seq++, client, resolver, 17, sport, 53, 0, 20 + random.nextInt(40), NORMAL));
                dnsQueries++;
                if (random.nextInt(10) != 0) {
                    pkts.add(new Pkt(t + 30_000L, seq++, resolver, PUBLIC, 17, 53, natPort, 0,
                            40 + random.nextInt(200), NORMAL));
                    dnsAnswers++;
                }
            } else if (r < 90) {                            // quarantined client: denied
                final int q = QUARANTINE | (1 + random.nextInt(254));
                mapped += mode == Mode.NAT ? 1 : 0;         // alone, the NAT and the LB take these flows too
                balanced += mode == Mode.LB ? 1 : 0;
                for (int j = 0; j < 3; j++) {
                    pkts.add(new Pkt(t + j * 50_000L, seq++, q, VIP, 6, sport, 80, j == 0 ? SYN : ACK, 0, NORMAL));
                }
                denied += 3;
            } else if (r < 94) {                            // scans: telnet to the VIP, SMB outwards: denied
                final boolean telnet = random.nextBoolean();
                mapped += mode == Mode.NAT ? 1 : 0;
                pkts.add(new Pkt(t, seq++, client, telnet ? VIP : 0xC0000200 | random.nextInt(256), 6, sport,
                        telnet ? 23 : 445, SYN, 0, NORMAL));
                denied++;
            } else if (r < 96) {                            // unsolicited from outside: the NAT or the LB drops it
                if (random.nextBoolean()) {
                    pkts.add(new Pkt(t, seq++, RESOLVERS[0], PUBLIC, 17, 53, 40000 + random.nextInt(20000), 0, 64,
                            NORMAL));
                    unsolicitedDns++;
                } else {
                    pkts.add(new Pkt(t, seq++, BACKENDS[1], PUBLIC, 6, 80, 40000 + random.nextInt(20000), ACK, 0,
                            NORMAL));
                    unsolicitedWeb++;
                }
            } else if (r < 98) {                            // a fragment: denied
                mapped += mode == Mode.NAT ? 1 : 0;
                balanced += mode == Mode.LB ? 1 : 0;
                pkts.add(new Pkt(t, seq++, client, VIP, 6, sport, 80, ACK, 64, FRAGMENT));
                denied++;
            } else {                                        // non-IP or malformed
                final int kind = 1 + random.nextInt(4);
                pkts.add(new Pkt(t, seq++, client, VIP, 6, sport, 80, SYN, 0, kind));
                if (kind == ARP) {
                    nonIp++;
                } else {
                    malformed++;
                }
            }
        }
        pkts.sort(Comparator.comparingLong(Pkt::time).thenComparingInt(Pkt::seq));
        final byte[] frame = new byte[1514];
        final MemorySegment segment = MemorySegment.ofArray(frame);
        try (PcapWriter w = PcapWriter.open(file, PcapWriter.Header.click(PcapWriter.CLICK_DEFAULT_SNAPLEN,
                LinkType.ETHERNET, true))) {
            int id = 0;
            for (Pkt p : pkts) {
                final int len = buildNfv(frame, p, id++);
                w.writeRecord(p.time(), segment, 0, len, len);
            }
        }
        return new NfvStats(pkts.size(), webFlows, webOut, webReplies, dnsFlows, dnsQueries, dnsAnswers, denied,
                unsolicitedDns, unsolicitedWeb, nonIp, malformed);
    }

    /** Builds one frame of the nfv trace into {@code frame}; returns its length (at least 60). */
    private static int buildNfv(byte[] frame, Pkt p, int id) {
        final ByteBuffer b = ByteBuffer.wrap(frame).order(ByteOrder.BIG_ENDIAN);
        java.util.Arrays.fill(frame, (byte) 0);
        b.put(0, new byte[] {0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01});
        if (p.kind() == ARP) {                              // who-has VIP tell client
            b.putShort(12, (short) 0x0806);
            b.putShort(14, (short) 1);
            b.putShort(16, (short) 0x0800);
            b.put(18, (byte) 6);
            b.put(19, (byte) 4);
            b.putShort(20, (short) 1);
            b.put(22, new byte[] {0x02, 0, 0, 0, 0, 0x01});
            b.putInt(28, p.src());
            b.putInt(38, p.dst());
            return 60;
        }
        b.putShort(12, (short) 0x0800);
        final int l4Header = p.proto() == 6 ? 20 : 8;
        final int ipLen = 20 + l4Header + p.payload();
        b.put(14, (byte) 0x45);
        b.putShort(16, (short) ipLen);
        b.putShort(18, (short) id);
        if (p.kind() == FRAGMENT) {
            b.putShort(20, (short) 0x2000);                 // more fragments, offset 0
        }
        b.put(22, (byte) 64);
        b.put(23, (byte) p.proto());
        b.putInt(26, p.src());
        b.putInt(30, p.dst());
        b.putShort(34, (short) p.sport());
        b.putShort(36, (short) p.dport());
        for (int i = 0; i < p.payload(); i++) {
            frame[34 + l4Header + i] = (byte) (id + i);
        }
        if (p.proto() == 6) {
            b.putInt(38, id * 0x9E3779B1);
            b.put(46, (byte) 0x50);
            b.put(47, (byte) p.flags());
            b.putShort(48, (short) 8192);
        } else {
            b.putShort(38, (short) (ipLen - 20));
        }
        final int l4Len = ipLen - 20;
        final long pseudo = ((p.src() >>> 16) & 0xFFFF) + (p.src() & 0xFFFF) + ((p.dst() >>> 16) & 0xFFFF)
                + (p.dst() & 0xFFFF) + p.proto() + l4Len;
        b.putShort(p.proto() == 6 ? 50 : 40, (short) checksum(frame, 34, l4Len, pseudo));
        switch (p.kind()) {
            case BAD_VERSION -> b.put(14, (byte) 0x65);
            case TRUNCATED -> b.putShort(16, (short) (ipLen + 400));   // claims more than the frame holds
            default -> {
            }
        }
        b.putShort(24, (short) checksum(frame, 14, 20, 0));
        if (p.kind() == BAD_SUM) {
            b.putShort(24, (short) (b.getShort(24) ^ 0x5A5A));
        }
        return Math.max(60, 14 + ipLen);
    }

    /** Router addresses of configs/router.click's defaults. */
    static final int R_IP0 = 0x0A000001, R_IP1 = 0xC0A80101;          // 10.0.0.1, 192.168.1.1
    static final long R_ETH0 = 0x02000A000001L, R_ETH1 = 0x0200C0A80101L;

    /**
     * Writes the two traces of configs/router.click ({@code in0} received on eth0, {@code in1} on eth1, one
     * timestamp order across both): first every host announces itself with an ARP reply to the router (so the
     * router's ARP tables can fill), a host asks for the router's address; then, per round, UDP and TCP packets
     * between the two subnets in both directions, pings to both router addresses, a packet with TTL 1 (ICMP time
     * exceeded), one for an unrouted address (ICMP net unreachable), one for 172.16/12 (via the gateway
     * 192.168.1.254), one that would leave by the interface it came in on (ICMP redirect) and one with a bad IP
     * checksum. Returns the number of frames written.
     */
    static int writeRouter(Path in0, Path in1, int rounds) throws IOException {
        final byte[] frame = new byte[1514];
        final MemorySegment segment = MemorySegment.ofArray(frame);
        final PcapWriter.Header header = PcapWriter.Header.click(PcapWriter.CLICK_DEFAULT_SNAPLEN,
                LinkType.ETHERNET, true);
        int n = 0;
        try (PcapWriter w0 = PcapWriter.open(in0, header); PcapWriter w1 = PcapWriter.open(in1, header)) {
            long t = 1_700_000_000_000_000_000L;
            final int hosts = 20;
            for (int h = 2; h < 2 + hosts; h++) {
                arp(frame, 2, 0x020000000000L | h, 0x0A000000 | h, R_ETH0, R_IP0);
                w0.writeRecord(t += 1_000, segment, 0, 60, 60);
                arp(frame, 2, 0x020000010000L | h, 0xC0A80100 | h, R_ETH1, R_IP1);
                w1.writeRecord(t += 1_000, segment, 0, 60, 60);
                n += 2;
            }
            arp(frame, 2, 0x0200000100FEL, 0xC0A801FE, R_ETH1, R_IP1);      // the gateway 192.168.1.254
            w1.writeRecord(t += 1_000, segment, 0, 60, 60);
            arp(frame, 1, 0x020000000002L, 0x0A000002, 0, R_IP0);            // who has 10.0.0.1?
            w0.writeRecord(t += 1_000, segment, 0, 60, 60);
            n += 2;
            for (int r = 0; r < rounds; r++) {
                final int a = 2 + r % hosts, b = 2 + (r * 7 + 3) % hosts;
                final long macA = 0x020000000000L | a, macB = 0x020000010000L | b;
                final int ipA = 0x0A000000 | a, ipB = 0xC0A80100 | b;
                int len;
                len = ip(frame, macA, R_ETH0, ipA, ipB, 17, 64, 1024 + r, 53, 40, r);
                w0.writeRecord(t += 1_000, segment, 0, len, len);
                len = ip(frame, macB, R_ETH1, ipB, ipA, 17, 64, 53, 1024 + r, 120, r);
                w1.writeRecord(t += 1_000, segment, 0, len, len);
                len = ip(frame, macA, R_ETH0, ipA, ipB, 6, 64, 2048 + r, 80, 200 + r % 800, r);
                w0.writeRecord(t += 1_000, segment, 0, len, len);
                len = ip(frame, macB, R_ETH1, ipB, ipA, 6, 64, 80, 2048 + r, 1000, r);
                w1.writeRecord(t += 1_000, segment, 0, len, len);
                len = ip(frame, macA, R_ETH0, ipA, R_IP0, 1, 64, r, r, 56, r);         // ping 10.0.0.1
                w0.writeRecord(t += 1_000, segment, 0, len, len);
                len = ip(frame, macB, R_ETH1, ipB, R_IP1, 1, 64, r, r, 56, r);         // ping 192.168.1.1
                w1.writeRecord(t += 1_000, segment, 0, len, len);
                len = ip(frame, macA, R_ETH0, ipA, ipB, 17, 1, 3000 + r, 33434, 32, r); // TTL 1
                w0.writeRecord(t += 1_000, segment, 0, len, len);
                len = ip(frame, macA, R_ETH0, ipA, 0x08080808, 17, 64, 4000 + r, 53, 32, r);  // no route
                w0.writeRecord(t += 1_000, segment, 0, len, len);
                len = ip(frame, macA, R_ETH0, ipA, 0xAC100505, 6, 64, 5000 + r, 443, 64, r);  // 172.16.5.5
                w0.writeRecord(t += 1_000, segment, 0, len, len);
                len = ip(frame, macA, R_ETH0, ipA, 0x0A000000 | b, 17, 64, 6000 + r, 9, 16, r); // same side
                w0.writeRecord(t += 1_000, segment, 0, len, len);
                len = ip(frame, macB, R_ETH1, ipB, ipA, 17, 64, 7000 + r, 9, 16, r);
                frame[24] ^= 0x55;                                              // bad IP checksum
                w1.writeRecord(t += 1_000, segment, 0, len, len);
                n += 11;
            }
        }
        return n;
    }

    /** An ARP frame (op 1 request, broadcast; op 2 reply, to {@code tha}); 60 bytes. */
    private static void arp(byte[] f, int op, long sha, int spa, long tha, int tpa) {
        final ByteBuffer b = ByteBuffer.wrap(f).order(ByteOrder.BIG_ENDIAN);
        java.util.Arrays.fill(f, 0, 60, (byte) 0);
        mac(b, 0, op == 1 ? 0xFFFFFFFFFFFFL : tha);
        mac(b, 6, sha);
        b.putShort(12, (short) 0x0806);
        b.putShort(14, (short) 1);
        b.putShort(16, (short) 0x0800);
        b.put(18, (byte) 6);
        b.put(19, (byte) 4);
        b.putShort(20, (short) op);
        mac(b, 22, sha);
        b.putInt(28, spa);
        mac(b, 32, op == 1 ? 0 : tha);
        b.putInt(38, tpa);
    }

    /** An Ethernet/IPv4 frame: UDP, TCP (ACK) or ICMP echo ({@code sport} id, {@code dport} sequence). */
    private static int ip(byte[] f, long srcMac, long dstMac, int src, int dst, int proto, int ttl, int sport,
            int dport, int payload, int id) {
        final ByteBuffer b = ByteBuffer.wrap(f).order(ByteOrder.BIG_ENDIAN);
        final int l4Header = proto == 6 ? 20 : 8;
        final int ipLen = 20 + l4Header + payload;
        java.util.Arrays.fill(f, 0, Math.max(60, 14 + ipLen), (byte) 0);
        mac(b, 0, dstMac);
        mac(b, 6, srcMac);
        b.putShort(12, (short) 0x0800);
        b.put(14, (byte) 0x45);
        b.putShort(16, (short) ipLen);
        b.putShort(18, (short) id);
        b.put(22, (byte) ttl);
        b.put(23, (byte) proto);
        b.putInt(26, src);
        b.putInt(30, dst);
        b.putShort(24, (short) checksum(f, 14, 20, 0));
        for (int i = 0; i < payload; i++) {
            f[34 + l4Header + i] = (byte) (id + i);
        }
        final int l4Len = ipLen - 20;
        if (proto == 1) {
            b.put(34, (byte) 8);
            b.putShort(38, (short) sport);
            b.putShort(40, (short) dport);
            b.putShort(36, (short) checksum(f, 34, l4Len, 0));
        } else {
            b.putShort(34, (short) sport);
            b.putShort(36, (short) dport);
            if (proto == 6) {
                b.putInt(38, id * 0x9E3779B1);
                b.put(46, (byte) 0x50);
                b.put(47, (byte) 0x10);
                b.putShort(48, (short) 8192);
            } else {
                b.putShort(38, (short) l4Len);
            }
            final long pseudo = ((src >>> 16) & 0xFFFF) + (src & 0xFFFF) + ((dst >>> 16) & 0xFFFF) + (dst & 0xFFFF)
                    + proto + l4Len;
            b.putShort(proto == 6 ? 50 : 40, (short) checksum(f, 34, l4Len, pseudo));
        }
        return Math.max(60, 14 + ipLen);
    }

    private static void mac(ByteBuffer b, int at, long mac) {
        for (int i = 0; i < 6; i++) {
            b.put(at + i, (byte) (mac >>> (40 - 8 * i)));
        }
    }

    private static void build(byte[] frame, int src, int dst, int proto, int sport, int dport, int id) {
        final ByteBuffer b = ByteBuffer.wrap(frame).order(ByteOrder.BIG_ENDIAN);
        java.util.Arrays.fill(frame, (byte) 0);
        b.put(0, new byte[] {0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01});
        b.putShort(12, (short) 0x0800);
        final int ipLen = 46;
        b.put(14, (byte) 0x45);
        b.putShort(16, (short) ipLen);
        b.putShort(18, (short) id);
        b.put(22, (byte) 64);
        b.put(23, (byte) proto);
        b.putInt(26, src);
        b.putInt(30, dst);
        b.putShort(24, (short) checksum(frame, 14, 20, 0));
        b.putShort(34, (short) sport);
        b.putShort(36, (short) dport);
        final int l4Len = ipLen - 20;
        if (proto == 6) {
            b.putInt(38, id * 0x9E3779B1);
            b.put(46, (byte) 0x50);
            b.put(47, (byte) 0x10);
            b.putShort(48, (short) 8192);
        } else {
            b.putShort(38, (short) l4Len);
        }
        final long pseudo = ((src >>> 16) & 0xFFFF) + (src & 0xFFFF) + ((dst >>> 16) & 0xFFFF) + (dst & 0xFFFF)
                + proto + l4Len;
        final int sumOffset = proto == 6 ? 50 : 40;
        b.putShort(sumOffset, (short) checksum(frame, 34, l4Len, pseudo));
    }

    private static int checksum(byte[] data, int offset, int length, long initial) {
        long sum = initial;
        for (int i = 0; i + 1 < length; i += 2) {
            sum += ((data[offset + i] & 0xFF) << 8) | (data[offset + i + 1] & 0xFF);
        }
        if ((length & 1) != 0) {
            sum += (data[offset + length - 1] & 0xFF) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        final int c = (int) (~sum & 0xFFFF);
        return c == 0 && initial != 0 ? 0xFFFF : c;
    }
}
