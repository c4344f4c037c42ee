package org.jclick.cli;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.runtime.Router;
import org.jclick.elements.traces.ToDump;

/**
 * Merges the classic pcap files that the replicas of {@code --threads N} wrote for one ToDump (FILENAME.replica-k)
 * into FILENAME: records in timestamp order, ties (and equal timestamps) in replica order, each replica's own order
 * kept. The file header is replica 0's (the replicas write the same one). The replica files are deleted.
 */
final class PcapMerge {

    private PcapMerge() {
    }

    /** Merges the files of every ToDump of the replicas (not '-'); returns the files made. */
    static List<Path> mergeToDumps(Replicas replicas) throws IOException {
        final List<Path> made = new ArrayList<>();
        final Router r0 = replicas.get(0);
        for (int i = 0; i < r0.elementCount(); i++) {
            final Element e = r0.element(i);
            if (!(e instanceof ToDump)) {
                continue;
            }
            final var h = r0.handlers().find(e, "filename");
            final String name = h == null ? null : h.callRead("", org.jclick.dataplane.element.ErrorHandler.silent());
            if (name == null || name.isEmpty() || name.equals("-")) {
                continue;
            }
            final List<Path> parts = new ArrayList<>();
            for (int k = 0; k < replicas.count(); k++) {
                parts.add(Path.of(ToDump.replicaFile(name, k)));
            }
            if (parts.stream().allMatch(Files::isRegularFile)) {
                merge(parts, Path.of(name));
                for (Path p : parts) {
                    Files.deleteIfExists(p);
                }
                made.add(Path.of(name));
            }
        }
        return made;
    }

    /** One input: its next record (header and data), or none at the end. */
    private static final class Input {
        final InputStream in;
        final boolean swapped;
        final boolean nano;
        final byte[] header = new byte[16];
        byte[] data;
        long timeNs;
        boolean more;

        Input(InputStream in, boolean swapped, boolean nano) {
            this.in = in;
            this.swapped = swapped;
            this.nano = nano;
        }

        void advance() throws IOException {
            final int n = in.readNBytes(header, 0, 16);
            if (n < 16) {
                more = false;
                return;
            }
            final long sec = u32(header, 0);
            final long frac = u32(header, 4);
            final int caplen = (int) u32(header, 8);
            if (caplen < 0 || caplen > (1 << 26)) {
                throw new IOException("bad record length " + caplen);
            }
            data = in.readNBytes(caplen);
            if (data.length < caplen) {
                throw new EOFException("record cut short");
            }
            timeNs = sec * 1_000_000_000L + (nano ? frac : frac * 1000);
            more = true;
        }

        long u32(byte[] b, int at) {
            final long be = (b[at] & 0xFFL) << 24 | (b[at + 1] & 0xFFL) << 16 | (b[at + 2] & 0xFFL) << 8
                    | (b[at + 3] & 0xFFL);
            final long le = (b[at + 3] & 0xFFL) << 24 | (b[at + 2] & 0xFFL) << 16 | (b[at + 1] & 0xFFL) << 8
                    | (b[at] & 0xFFL);
            return swapped ? le : be;
        }
    }

    /** Merges classic pcap files {@code parts} (same header) into {@code out}. */
    static void merge(List<Path> parts, Path out) throws IOException {
        final List<Input> inputs = new ArrayList<>();
        byte[] fileHeader = null;
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
            for (Path p : parts) {
                final InputStream in = new BufferedInputStream(Files.newInputStream(p), 1 << 16);
                final byte[] h = in.readNBytes(24);
                if (h.length < 24) {
                    in.close();
                    continue;
                }
                final int magicBe = (h[0] & 0xFF) << 24 | (h[1] & 0xFF) << 16 | (h[2] & 0xFF) << 8 | (h[3] & 0xFF);
                final int magicLe = Integer.reverseBytes(magicBe);
                final boolean swapped;
                final int magic;
                if (magicBe == 0xA1B2C3D4 || magicBe == 0xA1B23C4D) {
                    swapped = false;
                    magic = magicBe;
                } else if (magicLe == 0xA1B2C3D4 || magicLe == 0xA1B23C4D) {
                    swapped = true;
                    magic = magicLe;
                } else {
                    in.close();
                    throw new IOException(p + ": not a classic pcap file");
                }
                if (fileHeader == null) {
                    fileHeader = h;
                }
                final Input input = new Input(in, swapped, magic == 0xA1B23C4D);
                input.advance();
                inputs.add(input);
            }
            if (fileHeader == null) {
                return;
            }
            o.write(fileHeader);
            while (true) {
                Input next = null;
                for (Input in : inputs) {
                    if (in.more && (next == null || in.timeNs < next.timeNs)) {
                        next = in;
                    }
                }
                if (next == null) {
                    break;
                }
                o.write(next.header);
                o.write(next.data);
                next.advance();
            }
        } finally {
            for (Input in : inputs) {
                in.in.close();
            }
        }
    }
}
