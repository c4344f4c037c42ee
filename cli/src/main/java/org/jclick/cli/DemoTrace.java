package org.jclick.cli;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.jclick.dataplane.trace.LinkType;
import org.jclick.dataplane.trace.PcapWriter;

/**
 * The demo's bundled data, made rather than stored: a deterministic Ethernet/IPv4 trace of TCP and UDP flows (10.0/16
 * clients to 192.168/16 servers; ports 80, 443, 53, 22, 123), with correct IP and transport checksums, 60-byte frames.
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
