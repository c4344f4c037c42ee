package org.jclick.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

import org.jclick.dataplane.trace.PcapReader;

/** Reads a pcap file the configurations wrote and checks that every frame is Ethernet/IPv4 that parses. */
final class TracePackets {

    private TracePackets() {
    }

    /**
     * Returns the number of frames in {@code file}, after checking that each one is an IPv4 frame whose header
     * checksum is right, whose total length fits the capture, and (TCP and UDP, unfragmented) whose transport
     * checksum is right.
     */
    static int checkIPv4(Path file) throws IOException {
        return check(file, false);
    }

    /** As {@link #checkIPv4}, but ARP frames (at least 42 bytes, Ethernet/IPv4 ARP) are accepted too. */
    static int checkIPv4OrArp(Path file) throws IOException {
        return check(file, true);
    }

    private static int check(Path file, boolean arp) throws IOException {
        int n = 0;
        try (PcapReader r = PcapReader.open(file, w -> { })) {
            while (r.next()) {
                final MemorySegment s = r.bufferSegment();
                final int o = r.dataOffsetInBuffer();
                final int len = r.capturedLength();
                final byte[] f = new byte[len];
                MemorySegment.copy(s, ValueLayout.JAVA_BYTE, o, f, 0, len);
                final String where = file.getFileName() + " frame " + (n + 1);
                if (arp && len >= 42 && u16(f, 12) == 0x0806) {
                    assertEquals(0x0001_0800, (u16(f, 14) << 16) | u16(f, 16), where + ": ARP hardware/protocol");
                    n++;
                    continue;
                }
                assertTrue(len >= 34, where + ": too short");
                assertEquals(0x0800, u16(f, 12), where + ": EtherType");
                assertEquals(4, (f[14] & 0xF0) >> 4, where + ": IP version");
                final int hl = (f[14] & 0x0F) * 4;
                final int total = u16(f, 16);
                assertTrue(hl >= 20 && total >= hl && 14 + total <= len, where + ": IP lengths " + hl + "/" + total);
                assertEquals(0xFFFF, sum(f, 14, hl, 0), where + ": IP header checksum");
                final int proto = f[23] & 0xFF;
                final boolean fragment = (u16(f, 20) & 0x3FFF) != 0;
                if (!fragment && (proto == 6 || proto == 17)) {
                    final int l4 = total - hl;
                    long pseudo = u16(f, 26) + u16(f, 28) + u16(f, 30) + u16(f, 32) + proto + l4;
                    assertEquals(0xFFFF, sum(f, 14 + hl, l4, pseudo), where + ": transport checksum");
                }
                n++;
            }
        }
        return n;
    }

    private static int u16(byte[] f, int i) {
        return ((f[i] & 0xFF) << 8) | (f[i + 1] & 0xFF);
    }

    private static int sum(byte[] f, int off, int len, long initial) {
        long s = initial;
        for (int i = 0; i + 1 < len; i += 2) {
            s += u16(f, off + i);
        }
        if ((len & 1) != 0) {
            s += (f[off + len - 1] & 0xFF) << 8;
        }
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) s;
    }
}
