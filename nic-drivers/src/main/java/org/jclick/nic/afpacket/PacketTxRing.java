package org.jclick.nic.afpacket;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketBatch;
import org.jclick.nic.sys.Linux;

/**
 * One packet socket bound to a host interface for sending, with a {@code TPACKET_V3} transmit ring mapped into
 * this process (fixed-size slots; V3 has no block transmit). A burst copies each packet into the next free slot,
 * hands the slot over (release store of TP_STATUS_SEND_REQUEST) and ends with one
 * {@code sendto(fd, NULL, 0, MSG_DONTWAIT)}: the kernel then sends every requested slot in order and marks each
 * one TP_STATUS_AVAILABLE again once the device is done with it. The socket is bound with protocol 0, so it
 * receives nothing. PACKET_LOSS makes the kernel skip a malformed slot instead of stopping at it.
 *
 * <p>{@link #send} allocates nothing and throws nothing; one thread sends on a ring.
 */
public final class PacketTxRing implements AutoCloseable
{
    /** Ring size in bytes the slot count is derived from (at least {@link #MIN_SLOTS} slots). */
    public static final int DEFAULT_RING_BYTES = 4 * 1024 * 1024;
    public static final int MIN_SLOTS = 32;
    public static final int MAX_SLOTS = 1024;
    /** Largest slot: frames longer than this minus the header are dropped (and counted). */
    public static final int MAX_SLOT_BYTES = 65536;
    /** Fill-and-kick rounds for one burst before what does not fit is dropped. */
    private static final int RETRIES = 64;
    /** Kicks after an error before giving the rest of the burst to the next kick. */
    private static final int KICK_ATTEMPTS = 4;
    private static final int ETHER_HEADER_BYTES = 14;
    private static final int VLAN_TAG_BYTES = 4;

    private final String name;
    private final int fd;
    private final MemorySegment ring;
    private final int slotBytes;
    private final int slotCount;
    private final int maxFrameBytes;
    /** Longest untagged frame the interface takes: MTU plus the Ethernet header (the kernel's own check). */
    private final int maxUntaggedBytes;
    private final Arena arena;
    /** errno of the kick, reused (allocation-free system call). */
    private final MemorySegment capture;
    private final Tpacket3.Frame slot = new Tpacket3.Frame();
    private int slotIndex;

    private long packets;
    private long bytes;
    private long drops;
    private long oversize;
    private long ringFull;
    private long kickErrors;
    private int lastKickErrno;
    private volatile boolean closed;

    private PacketTxRing(final String name, final int fd, final MemorySegment ring, final int slotBytes,
        final int slotCount, final int mtu)
    {
        this.name = name;
        this.fd = fd;
        this.ring = ring;
        this.slotBytes = slotBytes;
        this.slotCount = slotCount;
        this.maxFrameBytes = slotBytes - Tpacket3.TX_DATA_OFFSET;
        this.maxUntaggedBytes = (int)Math.min(Integer.MAX_VALUE - VLAN_TAG_BYTES, (long)mtu + ETHER_HEADER_BYTES);
        this.arena = Arena.ofShared();
        this.capture = Linux.allocateCapture(arena);
    }

    /**
     * The slot size for an interface MTU: the next power of two that holds the header, an Ethernet header, a VLAN
     * tag and {@code mtu} bytes, between 2048 and {@link #MAX_SLOT_BYTES}.
     */
    public static int slotBytesFor(final int mtu)
    {
        final long need = (long)Tpacket3.TX_DATA_OFFSET + ETHER_HEADER_BYTES + 4 + Math.max(0, mtu);
        if (need >= MAX_SLOT_BYTES)
        {
            return MAX_SLOT_BYTES;
        }
        return Math.max(2048, Integer.highestOneBit((int)need - 1) << 1);
    }

    /**
     * Opens a transmit ring on interface {@code name} (index {@code ifindex}, MTU {@code mtu}) with slots of
     * {@code slotBytes} (a power of two, 2048 to 65536) adding up to about {@code ringBytes}. Throws with a
     * one-line reason.
     */
    public static PacketTxRing open(final String name, final int ifindex, final int mtu, final int slotBytes,
        final int ringBytes)
    {
        if (slotBytes < 2048 || slotBytes > MAX_SLOT_BYTES || Integer.bitCount(slotBytes) != 1)
        {
            throw new IllegalArgumentException("transmit slot size must be a power of two in [2048, 65536]: " +
                slotBytes);
        }
        final int slots = Math.min(MAX_SLOTS, Math.max(MIN_SLOTS, ringBytes / slotBytes));
        // blocks of 64 KiB or one slot, whichever is larger: slot i is then at i * slotBytes in the mapping
        final int blockBytes = Math.max(slotBytes, 65536);
        final int slotsPerBlock = blockBytes / slotBytes;
        final int blockCount = (slots + slotsPerBlock - 1) / slotsPerBlock;
        final int slotCount = blockCount * slotsPerBlock;
        final int fd = PacketSockets.openSocket(name);
        MemorySegment ring = null;
        try
        {
            PacketSockets.setPacketOption(fd, Tpacket3.PACKET_VERSION, Tpacket3.TPACKET_V3, "PACKET_VERSION");
            PacketSockets.setPacketOption(fd, Tpacket3.PACKET_LOSS, 1, "PACKET_LOSS");
            PacketSockets.setRing(fd, Tpacket3.PACKET_TX_RING, blockBytes, blockCount, slotBytes, slotCount, 0,
                "PACKET_TX_RING");
            ring = Linux.mmapShared(fd, (long)blockBytes * blockCount);
            PacketSockets.bind(fd, ifindex, 0, name);
            return new PacketTxRing(name, fd, ring, slotBytes, slotCount, mtu);
        }
        catch (final RuntimeException e)
        {
            if (ring != null)
            {
                Linux.munmap(ring);
            }
            Linux.closeQuietly(fd);
            throw e;
        }
    }

    /**
     * Sends every packet of {@code batch}: copies each into a slot, kicks the kernel once per round, retries
     * while the ring is full, and drops (counts) what still does not fit, frames longer than a slot holds and
     * frames shorter than an Ethernet header. Every packet is killed and the batch cleared. Returns the packets
     * handed to the kernel.
     */
    public int send(final PacketBatch batch)
    {
        final int total = batch.size();
        final long packetsBefore = packets;
        int next = 0;
        for (int round = 0; next < total && round < RETRIES; round++)
        {
            final int before = next;
            next = fill(batch, next, total);
            kick();
            if (next < total && next == before)
            {
                Thread.onSpinWait();
            }
        }
        // fill() counted the frames it could not take (bad length); these could not get a slot
        drops += total - next;
        batch.killAll();
        batch.clear();
        return (int)(packets - packetsBefore);
    }

    /** Fills slots from {@code batch[from..total)}; returns the index of the first packet not taken. */
    private int fill(final PacketBatch batch, final int from, final int total)
    {
        final MemorySegment ring = this.ring;
        final Tpacket3.Frame slot = this.slot;
        int i = from;
        int placed = 0;
        long placedBytes = 0;
        while (i < total)
        {
            final Packet packet = batch.get(i);
            final int length = packet.length();
            // the kernel would discard a frame longer than MTU + Ethernet header (+ a VLAN tag if it has one)
            // without a word (PACKET_LOSS): drop and count it here
            final int maxBytes = length >= ETHER_HEADER_BYTES && isVlanTagged(packet) ?
                maxUntaggedBytes + VLAN_TAG_BYTES : maxUntaggedBytes;
            if (length > maxFrameBytes || length > maxBytes || length < ETHER_HEADER_BYTES)
            {
                oversize++;
                drops++;
                i++;
                continue;
            }
            slot.wrap(ring, (long)slotIndex * slotBytes);
            // acquire: pairs with the kernel's smp_wmb() before it stores TP_STATUS_AVAILABLE (__packet_set_status
            // from tpacket_destruct_skb), so the copy below cannot overtake the kernel's last read of the slot
            final int status = slot.statusAcquire();
            if (status != Tpacket3.TP_STATUS_AVAILABLE && status != Tpacket3.TP_STATUS_WRONG_FORMAT)
            {
                ringFull++;
                break;
            }
            packet.copyTo(0, ring, slot.offset() + Tpacket3.TX_DATA_OFFSET, length);
            slot.len(length);
            slot.nextOffset(0);
            // release: the frame bytes and tp_len are visible before the kernel can see SEND_REQUEST (tpacket_snd
            // reads the status, then smp_rmb(), then the slot)
            slot.sendRequestRelease();
            final int nextSlot = slotIndex + 1;
            slotIndex = nextSlot == slotCount ? 0 : nextSlot;
            placed++;
            placedBytes += length;
            i++;
        }
        packets += placed;
        bytes += placedBytes;
        return i;
    }

    private static boolean isVlanTagged(final Packet packet)
    {
        final int etherType = packet.u16(12);
        return etherType == 0x8100 || etherType == 0x88A8;
    }

    /** Asks the kernel to send the requested slots, without waiting. */
    private void kick()
    {
        for (int attempt = 0; attempt < KICK_ATTEMPTS; attempt++)
        {
            final long result = Linux.sendKick(capture, fd, Linux.MSG_DONTWAIT);
            if (result >= 0)
            {
                return;
            }
            // e.g. ENOBUFS: the queueing discipline dropped one frame (its slot is free again) and the kernel
            // stopped there; the slots after it are still requested: kick again so they do not wait for the
            // next burst
            kickErrors++;
            lastKickErrno = (int)-result;
        }
    }

    public String name()
    {
        return name;
    }

    /** Frames handed to the kernel. */
    public long packets()
    {
        return packets;
    }

    public long bytes()
    {
        return bytes;
    }

    /**
     * Frames dropped: no slot after the retries, or longer than a slot or than the MTU allows, or shorter than an
     * Ethernet header.
     */
    public long drops()
    {
        return drops;
    }

    /** Of {@link #drops}, the frames of a length the ring cannot send. */
    public long oversize()
    {
        return oversize;
    }

    /** Times a burst found the next slot still in use by the kernel. */
    public long ringFull()
    {
        return ringFull;
    }

    /** Kicks the kernel answered with an error (each one a frame the kernel dropped, e.g. ENOBUFS). */
    public long kickErrors()
    {
        return kickErrors;
    }

    /** errno of the last failed kick, 0 if none. */
    public int lastKickErrno()
    {
        return lastKickErrno;
    }

    /** Bytes of frame a slot holds. */
    public int maxFrameBytes()
    {
        return maxFrameBytes;
    }

    @Override
    public synchronized void close()
    {
        if (!closed)
        {
            closed = true;
            Linux.munmap(ring);
            Linux.closeQuietly(fd);
            arena.close();
        }
    }
}
