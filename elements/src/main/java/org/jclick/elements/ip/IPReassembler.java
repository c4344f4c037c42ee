package org.jclick.elements.ip;

import java.util.List;

import org.jclick.dataplane.args.AnnoArg;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.ip.Ipv4;
import org.jclick.dataplane.ip.Ipv4Descriptor;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketAllocator;
import org.jclick.dataplane.runtime.Timer;

/**
 * Click's IPReassembler.
 *
 * <p>Fragments wait in per-datagram queues, keyed by (source, destination, identification, protocol) per RFC 791.
 * A queue is a list of its fragments sorted by offset, linked through the packets' "next" links. The queues live in
 * preallocated arrays: an open-addressing table from key to queue, and a doubly linked list of queues from least to
 * most recently touched, which the timeout reaper and the memory limit both walk from the old end. Holding,
 * completing and expiring a datagram allocates no Java objects; the datagram that comes out is one packet from the
 * router's allocator, into which the fragments' payloads are copied at their offsets.
 */
@ElementDoc(
    synopsis = "IPReassembler([keywords HIMEM, MAX_MTU_ANNO])",
    category = "ip",
    ports = "one input; output 0 for whole datagrams, and an optional push output 1 for datagrams that never completed",
    description = """
        Expects IP packets with the network header annotation set (MarkIPHeader, CheckIPHeader). A packet that is
        not a fragment (offset 0 and More Fragments clear) passes unchanged. Fragments are held until every byte of
        their datagram has arrived, from offset 0 to the end given by the fragment without More Fragments; the
        datagram is then emitted on output 0 as one packet: the link-level header and IP header (with options) of the
        fragment at offset 0, the payloads at their offsets (where fragments overlap, the one with the higher offset
        wins), the total length set, the flags and offset cleared, and a fresh header checksum. Its annotations are
        the offset-0 fragment's.

        A datagram that stays incomplete and untouched for 30 seconds is dropped; with two outputs it is instead
        pushed to output 1 as one packet holding every fragment received, at its offset (holes zeroed), under the
        lowest fragment's IP header with More Fragments set (for ICMPError(..., timeexceeded, reassembly)). The
        same happens, oldest datagram first, when the bytes held pass HIMEM: datagrams are given up until at most
        three quarters of HIMEM remain.

        Malformed fragments (truncated, a total length shorter than the header, a payload that is empty or, before
        the last fragment, not a multiple of 8 bytes, or an end beyond 65,535 bytes), exact duplicates, and a
        fragment whose end contradicts an earlier last fragment are dropped and counted. The element uses its input
        packets' "next" links.""",
    keywords = {
        "HIMEM: unsigned. Most bytes of fragments held (IP header and payload), default 262144.",
        "MAX_MTU_ANNO: annotation (2 bytes). Set on each reassembled datagram to the total length of its largest "
            + "fragment; packets that needed no reassembly keep theirs."},
    handlers = {
        "fragments (read): fragments received",
        "reassembled (read): datagrams completed and emitted on output 0",
        "failed (read): incomplete datagrams given up (timeout or memory), to output 1 or dropped",
        "bad (read): malformed or contradicting fragments dropped",
        "duplicates (read): fragments dropped because an identical one was held",
        "no_buffer (read): completed datagrams lost because no packet buffer was free",
        "queues (read): datagrams waiting for fragments",
        "mem (read): bytes of fragments held"},
    example = "FromDevice(eth0) -> Strip(14) -> CheckIPHeader -> r :: IPReassembler -> ...;"
        + "  r[1] -> ICMPError(10.0.0.1, timeexceeded, reassembly) -> ...",
    seeAlso = {"IPFragmenter", "ICMPError", "CheckIPHeader"})
public final class IPReassembler extends Element
{
    /** Click's reassembly timeout: a datagram untouched this long is given up. */
    static final long TIMEOUT_NS = 30_000_000_000L;
    /** How often the reaper runs while datagrams are waiting. */
    private static final long REAP_INTERVAL_NS = 1_000_000_000L;
    /** Largest IP datagram. */
    private static final int MAX_DATAGRAM_BYTES = 0xFFFF;
    /** Bytes a datagram of {@link #MIN_FRAGMENT_BYTES} charges at least, for sizing the queue arrays. */
    private static final int MIN_FRAGMENT_BYTES = 28;
    private static final int NONE = -1;

    private long highWaterBytes = 256 * 1024;
    private long lowWaterBytes;
    private int mtuAnnoOffset = NONE;

    // ------------------------------------------------------------------ queues (preallocated in initialize)
    /** Table slot -> queue index, or NONE; open addressing with linear probing and backward-shift deletion. */
    private int[] slotQueue;
    private int slotMask;
    private int maxQueues;
    private int[] qSrc;
    private int[] qDst;
    /** Identification (16 bits) and protocol (8 bits). */
    private int[] qIdProto;
    private int[] qHash;
    /** Fragments sorted by offset, linked through {@link Packet#next()}. */
    private Packet[] qHead;
    /** End of the datagram's payload, known once the fragment without More Fragments has arrived; else NONE. */
    private int[] qEnd;
    private long[] qBytes;
    private long[] qTouchedNs;
    /** Least-recently-touched list (also the free list, through qNewer, for unused indexes). */
    private int[] qOlder;
    private int[] qNewer;
    private int oldest = NONE;
    private int newest = NONE;
    private int freeQueue = NONE;
    private int queueCount;
    private long memBytes;

    private final Timer reaper = new Timer(this);
    private PacketAllocator allocator;

    private long fragments;
    private long reassembled;
    private long failed;
    private long bad;
    private long duplicates;
    private long noBuffer;

    @Override
    public String portCount()
    {
        return PORTS_1_1X2;
    }

    @Override
    public String processing()
    {
        return PROCESSING_A_AH;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final long[] v = {256 * 1024, NONE};
        if (complete(args(conf)
            .read("HIMEM", IntArg.uint32(), x -> v[0] = x)
            .read("MAX_MTU_ANNO", AnnoArg.of(2), x -> v[1] = x), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        highWaterBytes = v[0];
        lowWaterBytes = (highWaterBytes >> 2) * 3;
        mtuAnnoOffset = (int)v[1];
        return 0;
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        // a datagram holds at least one fragment of at least MIN_FRAGMENT_BYTES, so HIMEM bounds the queue count
        maxQueues = (int)Math.max(64, Math.min(1 << 16, highWaterBytes / MIN_FRAGMENT_BYTES + 1));
        final int slots = Integer.highestOneBit(maxQueues * 2 - 1) << 1;
        slotQueue = new int[slots];
        java.util.Arrays.fill(slotQueue, NONE);
        slotMask = slots - 1;
        qSrc = new int[maxQueues];
        qDst = new int[maxQueues];
        qIdProto = new int[maxQueues];
        qHash = new int[maxQueues];
        qHead = new Packet[maxQueues];
        qEnd = new int[maxQueues];
        qBytes = new long[maxQueues];
        qTouchedNs = new long[maxQueues];
        qOlder = new int[maxQueues];
        qNewer = new int[maxQueues];
        for (int i = 0; i < maxQueues; i++)
        {
            qNewer[i] = i + 1 < maxQueues ? i + 1 : NONE;
        }
        freeQueue = 0;
        allocator = router().allocatorFor(this);
        reaper.initialize();
        return 0;
    }

    @Override
    public void cleanup(final CleanupStage stage)
    {
        if (reaper.initialized())
        {
            reaper.unschedule();
        }
        while (oldest != NONE)
        {
            releaseQueue(oldest, true);
        }
    }

    // ------------------------------------------------------------------ packets

    @Override
    public void push(final int port, final Packet p)
    {
        final Packet q = process(p);
        if (q != null)
        {
            output(0).push(q);
        }
    }

    @Override
    public Packet pull(final int port)
    {
        final Packet p = input(0).pull();
        return p == null ? null : process(p);
    }

    /** The packet to emit on output 0 (the input itself, or a completed datagram), or null when it was held or dropped. */
    Packet process(final Packet p)
    {
        if (!p.hasNetworkHeader())
        {
            return p;
        }
        final int nh = p.networkHeaderOffset();
        if (nh < 0 || p.length() < nh + Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES)
        {
            return p;
        }
        final int flags = p.u16(nh + Ipv4Descriptor.FLAGS_FRAGMENT_OFFSET);
        if ((flags & (Ipv4Descriptor.FLAG_MF | Ipv4Descriptor.FRAGMENT_OFFSET_MASK)) == 0)
        {
            return p;
        }
        fragments++;
        final int hlen = Ipv4.headerLength(p, nh);
        final int totalLength = p.u16(nh + Ipv4Descriptor.TOTAL_LENGTH_OFFSET);
        final int payload = totalLength - hlen;
        final int offset = (flags & Ipv4Descriptor.FRAGMENT_OFFSET_MASK) << 3;
        final boolean more = (flags & Ipv4Descriptor.FLAG_MF) != 0;
        if (hlen < Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES || payload <= 0 || p.length() < nh + totalLength
            || (more && (payload & 7) != 0) || offset + payload > MAX_DATAGRAM_BYTES - hlen)
        {
            bad++;
            p.kill();
            return null;
        }
        if (p.length() > nh + totalLength)
        {
            p.take(p.length() - nh - totalLength); // link-level padding
        }
        final int src = p.u32(nh + Ipv4Descriptor.SRC_OFFSET);
        final int dst = p.u32(nh + Ipv4Descriptor.DST_OFFSET);
        final int idProto = (p.u16(nh + Ipv4Descriptor.IDENTIFICATION_OFFSET) << 8)
            | p.u8(nh + Ipv4Descriptor.PROTOCOL_OFFSET);
        final long nowNs = router().coarseNowNs();
        int q = find(src, dst, idProto);
        if (q == NONE)
        {
            q = newQueue(src, dst, idProto, nowNs);
        }
        else
        {
            touch(q, nowNs);
        }
        final int end = offset + payload;
        if (!more)
        {
            if ((qEnd[q] != NONE && qEnd[q] != end) || end < maxEnd(q))
            {
                bad++;
                return refuse(q, p);
            }
            qEnd[q] = end;
        }
        else if (qEnd[q] != NONE && end > qEnd[q])
        {
            bad++;
            return refuse(q, p);
        }
        if (!insert(q, p, offset, payload))
        {
            duplicates++;
            return refuse(q, p);
        }
        final long charged = totalLength;
        qBytes[q] += charged;
        memBytes += charged;
        if (qEnd[q] != NONE && complete(q))
        {
            if (Ipv4.headerLength(qHead[q], qHead[q].networkHeaderOffset()) + qEnd[q] > MAX_DATAGRAM_BYTES)
            {
                // the first fragment's header (with options) and the payload make more than 65,535 bytes
                bad++;
                releaseQueue(q, true);
                return null;
            }
            final Packet whole = assemble(q);
            releaseQueue(q, true);
            if (whole == null)
            {
                noBuffer++;
                return null;
            }
            reassembled++;
            return whole;
        }
        if (memBytes > highWaterBytes)
        {
            while (memBytes > lowWaterBytes && oldest != NONE)
            {
                giveUp(oldest);
            }
        }
        return null;
    }

    /** Drops fragment {@code p}, and queue {@code q} with it if the fragment would have been its first. */
    private Packet refuse(final int q, final Packet p)
    {
        p.kill();
        if (qHead[q] == null)
        {
            releaseQueue(q, false);
        }
        return null;
    }

    /** Inserts {@code p} into queue {@code q}'s offset-sorted list; false (nothing changed) for an exact duplicate. */
    private boolean insert(final int q, final Packet p, final int offset, final int payload)
    {
        Packet prev = null;
        Packet cur = qHead[q];
        while (cur != null)
        {
            final int curOffset = fragmentOffset(cur);
            if (curOffset > offset)
            {
                break;
            }
            if (curOffset == offset && fragmentPayload(cur) == payload)
            {
                return false;
            }
            prev = cur;
            cur = cur.next();
        }
        p.setNext(cur);
        p.setPrev(null);
        if (prev == null)
        {
            qHead[q] = p;
        }
        else
        {
            prev.setNext(p);
        }
        return true;
    }

    /** Whether queue {@code q}'s fragments cover every byte from 0 to its known end. */
    private boolean complete(final int q)
    {
        final int end = qEnd[q];
        int covered = 0;
        for (Packet f = qHead[q]; f != null; f = f.next())
        {
            final int offset = fragmentOffset(f);
            if (offset > covered)
            {
                return false;
            }
            covered = Math.max(covered, offset + fragmentPayload(f));
            if (covered >= end)
            {
                return true;
            }
        }
        return covered >= end;
    }

    private int maxEnd(final int q)
    {
        int end = 0;
        for (Packet f = qHead[q]; f != null; f = f.next())
        {
            end = Math.max(end, fragmentOffset(f) + fragmentPayload(f));
        }
        return end;
    }

    private static int fragmentOffset(final Packet f)
    {
        return (f.u16(f.networkHeaderOffset() + Ipv4Descriptor.FLAGS_FRAGMENT_OFFSET)
            & Ipv4Descriptor.FRAGMENT_OFFSET_MASK) << 3;
    }

    private static int fragmentPayload(final Packet f)
    {
        final int nh = f.networkHeaderOffset();
        return f.u16(nh + Ipv4Descriptor.TOTAL_LENGTH_OFFSET) - Ipv4.headerLength(f, nh);
    }

    /**
     * One packet holding queue {@code q}'s fragments at their offsets, under the first fragment's link-level and IP
     * headers, with the payload length {@code payloadEnd}; null when no buffer is free. Does not release the queue.
     */
    private Packet build(final int q, final int payloadEnd, final boolean whole)
    {
        final Packet first = qHead[q];
        final int nh = first.networkHeaderOffset();
        final int hlen = Ipv4.headerLength(first, nh);
        final int mac = first.hasMacHeader() && first.macHeaderOffset() >= 0 && first.macHeaderOffset() <= nh
            ? first.macHeaderOffset() : nh;
        final int linkBytes = nh - mac;
        final int lengthBytes = linkBytes + hlen + payloadEnd;
        final Packet out = allocator.make(PacketAllocator.DEFAULT_HEADROOM_BYTES, lengthBytes);
        if (out == null)
        {
            return null;
        }
        out.copyAnnotations(first);
        out.copyFrom(0, first.buffer(), first.dataOffset() + mac, linkBytes + hlen);
        if (!whole)
        {
            zero(out, linkBytes + hlen, payloadEnd); // the holes between the fragments received
        }
        int maxFragment = 0;
        for (Packet f = first; f != null; f = f.next())
        {
            final int fnh = f.networkHeaderOffset();
            final int fhlen = Ipv4.headerLength(f, fnh);
            final int offset = fragmentOffset(f);
            final int payload = f.u16(fnh + Ipv4Descriptor.TOTAL_LENGTH_OFFSET) - fhlen;
            out.copyFrom(linkBytes + hlen + offset, f.buffer(), f.dataOffset() + fnh + fhlen, payload);
            maxFragment = Math.max(maxFragment, fhlen + payload);
        }
        if (linkBytes > 0)
        {
            out.setMacHeader(0);
        }
        else
        {
            out.clearMacHeader();
        }
        out.setNetworkHeader(linkBytes, hlen);
        out.setTransportHeader(linkBytes + hlen);
        out.setU16(linkBytes + Ipv4Descriptor.TOTAL_LENGTH_OFFSET, hlen + payloadEnd);
        final int oldFlags = first.u16(nh + Ipv4Descriptor.FLAGS_FRAGMENT_OFFSET);
        out.setU16(linkBytes + Ipv4Descriptor.FLAGS_FRAGMENT_OFFSET,
            whole ? 0 : (oldFlags & Ipv4Descriptor.FLAG_DF) | Ipv4Descriptor.FLAG_MF);
        Ipv4.setHeaderChecksum(out, linkBytes, hlen);
        if (whole && mtuAnnoOffset >= 0)
        {
            out.setAnnoU16(mtuAnnoOffset, maxFragment);
        }
        return out;
    }

    /** Zeroes {@code lengthBytes} of {@code p}'s data from {@code offset}, without making a slice object. */
    private static void zero(final Packet p, final int offset, final int lengthBytes)
    {
        int i = 0;
        for (; i + 8 <= lengthBytes; i += 8)
        {
            p.setU64(offset + i, 0L);
        }
        for (; i < lengthBytes; i++)
        {
            p.setU8(offset + i, 0);
        }
    }

    private Packet assemble(final int q)
    {
        return build(q, qEnd[q], true);
    }

    /** Gives up datagram {@code q}: to output 1 as one packet when that output exists, else dropped. */
    private void giveUp(final int q)
    {
        failed++;
        final Packet first = qHead[q];
        if (noutputs() > 1 && first != null
            && Ipv4.headerLength(first, first.networkHeaderOffset()) + maxEnd(q) <= MAX_DATAGRAM_BYTES)
        {
            final Packet partial = build(q, maxEnd(q), false);
            releaseQueue(q, true);
            if (partial != null)
            {
                output(1).push(partial);
            }
            else
            {
                noBuffer++;
            }
        }
        else
        {
            releaseQueue(q, true);
        }
    }

    @Override
    public void runTimer(final Timer timer)
    {
        final long nowNs = timer.nowNs();
        while (oldest != NONE && qTouchedNs[oldest] + TIMEOUT_NS <= nowNs)
        {
            giveUp(oldest);
        }
        if (oldest != NONE)
        {
            reaper.scheduleAfterNs(REAP_INTERVAL_NS);
        }
    }

    // ------------------------------------------------------------------ the queue table

    private static int hash(final int src, final int dst, final int idProto)
    {
        int h = src * 0x9E3779B1;
        h = (h ^ dst) * 0x85EBCA77;
        h = (h ^ idProto) * 0xC2B2AE3D;
        return h ^ (h >>> 16);
    }

    private int find(final int src, final int dst, final int idProto)
    {
        final int h = hash(src, dst, idProto);
        for (int slot = h & slotMask; ; slot = (slot + 1) & slotMask)
        {
            final int q = slotQueue[slot];
            if (q == NONE)
            {
                return NONE;
            }
            if (qHash[q] == h && qSrc[q] == src && qDst[q] == dst && qIdProto[q] == idProto)
            {
                return q;
            }
        }
    }

    private int newQueue(final int src, final int dst, final int idProto, final long nowNs)
    {
        if (freeQueue == NONE)
        {
            giveUp(oldest);
        }
        final int q = freeQueue;
        freeQueue = qNewer[q];
        final int h = hash(src, dst, idProto);
        qSrc[q] = src;
        qDst[q] = dst;
        qIdProto[q] = idProto;
        qHash[q] = h;
        qHead[q] = null;
        qEnd[q] = NONE;
        qBytes[q] = 0;
        int slot = h & slotMask;
        while (slotQueue[slot] != NONE)
        {
            slot = (slot + 1) & slotMask;
        }
        slotQueue[slot] = q;
        qTouchedNs[q] = nowNs;
        qOlder[q] = newest;
        qNewer[q] = NONE;
        if (newest != NONE)
        {
            qNewer[newest] = q;
        }
        else
        {
            oldest = q;
        }
        newest = q;
        queueCount++;
        if (queueCount == 1 && reaper.initialized() && !reaper.scheduled())
        {
            reaper.scheduleAfterNs(REAP_INTERVAL_NS);
        }
        return q;
    }

    private void touch(final int q, final long nowNs)
    {
        qTouchedNs[q] = nowNs;
        if (q == newest)
        {
            return;
        }
        unlink(q);
        qOlder[q] = newest;
        qNewer[q] = NONE;
        qNewer[newest] = q;
        newest = q;
        if (oldest == NONE)
        {
            oldest = q;
        }
    }

    private void unlink(final int q)
    {
        final int older = qOlder[q];
        final int newer = qNewer[q];
        if (older != NONE)
        {
            qNewer[older] = newer;
        }
        else
        {
            oldest = newer;
        }
        if (newer != NONE)
        {
            qOlder[newer] = older;
        }
        else
        {
            newest = older;
        }
    }

    /** Removes queue {@code q} from the table and the age list, killing its fragments when {@code kill}. */
    private void releaseQueue(final int q, final boolean kill)
    {
        Packet f = qHead[q];
        while (f != null)
        {
            final Packet next = f.next();
            f.setNext(null);
            if (kill)
            {
                f.kill();
            }
            f = next;
        }
        qHead[q] = null;
        memBytes -= qBytes[q];
        qBytes[q] = 0;
        // backward-shift deletion keeps every probe sequence unbroken without tombstones
        int slot = qHash[q] & slotMask;
        while (slotQueue[slot] != q)
        {
            slot = (slot + 1) & slotMask;
        }
        int hole = slot;
        for (int next = (hole + 1) & slotMask; slotQueue[next] != NONE; next = (next + 1) & slotMask)
        {
            final int home = qHash[slotQueue[next]] & slotMask;
            // move the entry at next into the hole unless its home lies cyclically in (hole, next]
            final boolean homeBetween = hole <= next ? hole < home && home <= next : hole < home || home <= next;
            if (!homeBetween)
            {
                slotQueue[hole] = slotQueue[next];
                hole = next;
            }
        }
        slotQueue[hole] = NONE;
        unlink(q);
        qOlder[q] = NONE;
        qNewer[q] = freeQueue;
        freeQueue = q;
        queueCount--;
    }

    // ------------------------------------------------------------------ handlers

    @Override
    public void addHandlers()
    {
        addReadHandler("fragments", () -> Long.toString(fragments));
        addReadHandler("reassembled", () -> Long.toString(reassembled));
        addReadHandler("failed", () -> Long.toString(failed));
        addReadHandler("bad", () -> Long.toString(bad));
        addReadHandler("duplicates", () -> Long.toString(duplicates));
        addReadHandler("no_buffer", () -> Long.toString(noBuffer));
        addReadHandler("queues", () -> Integer.toString(queueCount));
        addReadHandler("mem", () -> Long.toString(memBytes));
    }
}
