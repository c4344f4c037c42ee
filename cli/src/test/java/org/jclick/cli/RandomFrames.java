package org.jclick.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A corpus of random Ethernet frames for differential tests: about half well-formed IPv4 (TCP, UDP, ICMP, with
 * options and fragments now and then, aimed at the addresses and ports the bundled configurations care about),
 * the rest malformed in every way a header can be (truncated, wrong version or header length, lengths that lie,
 * bad checksums, other EtherTypes, random bytes). Written as a classic pcap (Ethernet link type).
 */
final class RandomFrames {

    private static final int[] PORTS = {22, 23, 53, 80, 123, 161, 443, 445, 1900, 3389, 8080, 1024, 40000, 65535};
    private static final int[] ADDRESSES = {
        0x0A000000, 0x0A00FF00, 0x0A000D25, 0x0A00C000, 0x0A090001, 0x0A000001, // 10.0.0.0, 10.0.255.0, 10.0.13.37, ...
        0xC0A80000, 0xC0A8FF00, 0xC0A81000, 0xC0A80100, 0xC0A80101,             // 192.168.0.0, ...
        0xC6120050, 0xCB00710A, 0xCB007101, 0x08080808, 0xE0000001, 0xFFFFFFFF, 0x7F000001};

    private RandomFrames() {
    }

    /** Writes {@code count} frames made from {@code seed} to {@code file}. */
    static void write(Path file, int count, long seed) throws IOException {
        final SplittableRandom r = new SplittableRandom(seed);
        try (OutputStream out = Files.newOutputStream(file)) {
            final ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
            out.write(h.array());
            final ByteBuffer rec = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < count; i++) {
                final byte[] frame = frame(r);
                rec.clear();
                rec.putInt(1_700_000_000 + i / 1000).putInt((i % 1000) * 1000).putInt(frame.length).putInt(frame.length);
                out.write(rec.array());
                out.write(frame);
            }
        }
    }

    static byte[] frame(SplittableRandom r) {
        final int kind = r.nextInt(100);
        if (kind < 3) {
            final byte[] junk = new byte[r.nextInt(0, 80)];
            r.nextBytes(junk);
            return junk;
        }
        final int proto = switch (r.nextInt(10)) {
            case 0, 1, 2, 3 -> 6;
            case 4, 5, 6 -> 17;
            case 7, 8 -> 1;
            default -> r.nextInt(256);
        };
        final int options = r.nextInt(8) == 0 ? 4 * r.nextInt(1, 11) : 0;
        final int ihl = 20 + options;
        final int tlen = switch (proto) {
            case 6 -> 20 + (r.nextInt(6) == 0 ? 4 * r.nextInt(1, 11) : 0);
            case 17, 1 -> 8;
            default -> r.nextInt(0, 24);
        };
        final int payload = r.nextInt(4) == 0 ? r.nextInt(0, 200) : r.nextInt(0, 8);
        final int ipLen = ihl + tlen + payload;
        final ByteBuffer b = ByteBuffer.allocate(14 + ipLen).order(ByteOrder.BIG_ENDIAN);
        // Ethernet
        b.put(new byte[] {2, 0, 0, 0, 0, (byte) r.nextInt(4)});
        b.put(new byte[] {2, 0, 0, 0, 1, (byte) r.nextInt(4)});
        b.putShort((short) (kind < 6 ? (r.nextBoolean() ? 0x0806 : 0x86DD) : kind < 8 ? 0x8100 : 0x0800));
        // IPv4
        final int ipAt = 14;
        b.put((byte) (0x40 | ihl / 4));
        b.put((byte) r.nextInt(256));
        b.putShort((short) ipLen);
        b.putShort((short) r.nextInt(65536));
        final int frag = r.nextInt(12) == 0 ? (r.nextBoolean() ? 0x2000 : r.nextInt(1, 0x2000)) : (r.nextBoolean() ? 0x4000 : 0);
        b.putShort((short) frag);
        b.put((byte) (r.nextInt(10) == 0 ? r.nextInt(0, 3) : 64));
        b.put((byte) proto);
        b.putShort((short) 0);
        b.putInt(address(r));
        b.putInt(address(r));
        for (int i = 0; i < options; i++) {
            b.put((byte) (i == 0 ? (r.nextBoolean() ? 1 : 7) : r.nextInt(256)));
        }
        // transport
        final int thAt = b.position();
        if (proto == 6 || proto == 17) {
            b.putShort((short) port(r));
            b.putShort((short) port(r));
            if (proto == 6) {
                b.putInt(r.nextInt());
                b.putInt(r.nextInt());
                b.put((byte) ((tlen / 4) << 4));
                b.put((byte) r.nextInt(64));
                b.putShort((short) r.nextInt(65536));
                b.putShort((short) 0);
                b.putShort((short) 0);
                for (int i = 20; i < tlen; i++) {
                    b.put((byte) (i == 20 ? 2 : r.nextInt(256)));
                }
            } else {
                b.putShort((short) (8 + payload));
                b.putShort((short) 0);
            }
        } else if (proto == 1) {
            b.put((byte) (r.nextBoolean() ? 8 : r.nextInt(20)));
            b.put((byte) r.nextInt(4));
            b.putShort((short) 0);
            b.putInt(r.nextInt());
        } else {
            for (int i = 0; i < tlen; i++) {
                b.put((byte) r.nextInt(256));
            }
        }
        for (int i = 0; i < payload; i++) {
            b.put((byte) r.nextInt(256));
        }
        final byte[] f = b.array();
        // checksums: right unless this frame is meant to have them wrong
        final boolean badIpSum = r.nextInt(25) == 0;
        final int ipSum = checksum(f, ipAt, ihl, 0);
        put16(f, ipAt + 10, badIpSum ? ipSum ^ 0x5a5a : ipSum);
        if (proto == 6 || proto == 17) {
            final int len = ipLen - ihl;
            int pseudo = 0;
            for (int i = 12; i < 20; i += 2) {
                pseudo += ((f[ipAt + i] & 0xFF) << 8) | (f[ipAt + i + 1] & 0xFF);
            }
            pseudo += proto + len;
            final int sum = checksum(f, thAt, len, pseudo);
            put16(f, thAt + (proto == 6 ? 16 : 6), r.nextInt(25) == 0 ? sum ^ 0x00ff : sum);
        } else if (proto == 1) {
            put16(f, thAt + 2, checksum(f, thAt, ipLen - ihl, 0));
        }
        // malformations of the IP header
        final int bad = r.nextInt(100);
        if (kind >= 8 && bad < 40) {
            switch (bad % 8) {
                case 0 -> f[ipAt] = (byte) ((r.nextInt(16) << 4) | (f[ipAt] & 0x0F)); // version
                case 1 -> f[ipAt] = (byte) (0x40 | r.nextInt(5));                     // IHL below 5
                case 2 -> f[ipAt] = (byte) (0x40 | 15);                               // IHL beyond the data
                case 3 -> put16(f, ipAt + 2, ipLen + r.nextInt(1, 100));               // length beyond the frame
                case 4 -> put16(f, ipAt + 2, r.nextInt(0, ihl));                       // length below the header
                default -> {
                    // truncated somewhere in the headers or the payload
                    return java.util.Arrays.copyOf(f, r.nextInt(0, f.length));
                }
            }
        }
        return f;
    }

    private static int address(SplittableRandom r) {
        final int base = ADDRESSES[r.nextInt(ADDRESSES.length)];
        return r.nextInt(3) == 0 ? base : base | r.nextInt(0, 256) | (r.nextInt(4) == 0 ? r.nextInt(0, 256) << 8 : 0);
    }

    private static int port(SplittableRandom r) {
        return r.nextInt(3) == 0 ? r.nextInt(65536) : PORTS[r.nextInt(PORTS.length)];
    }

    private static int checksum(byte[] f, int at, int len, int initial) {
        long sum = initial;
        for (int i = 0; i + 1 < len; i += 2) {
            sum += ((f[at + i] & 0xFF) << 8) | (f[at + i + 1] & 0xFF);
        }
        if ((len & 1) != 0) {
            sum += (f[at + len - 1] & 0xFF) << 8;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (int) (~sum & 0xFFFF);
    }

    private static void put16(byte[] f, int at, int v) {
        f[at] = (byte) (v >> 8);
        f[at + 1] = (byte) v;
    }
}
