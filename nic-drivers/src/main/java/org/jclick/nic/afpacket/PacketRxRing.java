package org.jclick.nic.afpacket;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketAllocator;
import org.jclick.dataplane.packet.PacketBatch;
import org.jclick.nic.sys.Linux;
import org.jclick.nic.sys.LinuxException;

/**
 * One packet socket bound to a host interface with a {@code TPACKET_V3} receive ring mapped into this process.
 * The kernel fills blocks of packets and hands each over by setting its status word to TP_STATUS_USER; the
 * poller reads that word (acquire), copies the block's frames into packets of the caller's allocator, and gives
 * the block back (release store of TP_STATUS_KERNEL). No system call per packet, none per block either.
 *
 * <p>Frames this host sends on the interface (sll_pkttype PACKET_OUTGOING) are skipped unless {@code outbound}
 * (Click's OUTBOUND keyword): PACKET_IGNORE_OUTGOING keeps the kernel from even copying them (Linux 4.20+), and
 * the pkttype check covers older kernels. A VLAN tag the kernel took out of a frame (TP_STATUS_VLAN_VALID) is
 * put back, so the packet holds the frame as it was on the wire. Frames longer than a block can hold arrive
 * truncated (their snap length), as with a capture's snaplen.
 *
 * <p>{@link #receive} allocates nothing and throws nothing; one thread polls a ring. {@link #pollStatistics} and
 * the counter getters may run on another thread.
 */
public final class PacketRxRing implements AutoCloseable
{
    /** Default block size: holds dozens of ordinary frames or a 64 KiB GSO frame from the loopback. */
    public static final int DEFAULT_BLOCK_BYTES = 256 * 1024;
    /** Default block count (8 MiB of ring). */
    public static final int DEFAULT_BLOCK_COUNT = 32;
    /** Default block retire timeout: a block that is not full is handed over after this long. */
    public static final int DEFAULT_RETIRE_MS = 1;
    /** The nominal frame size of the ring request (TPACKET_V3 packs frames by their real size). */
    private static final int NOMINAL_FRAME_BYTES = 2048;
    /** The size of a VLAN tag put back into a frame. */
    private static final int VLAN_TAG_BYTES = 4;
    private static final int ETHER_ADDRESSES_BYTES = 12;

    private final String name;
    private final int fd;
    private final MemorySegment ring;
    private final int blockBytes;
    private final int blockCount;
    private final boolean outbound;
    private final Tpacket3.Block block = new Tpacket3.Block();
    private final Tpacket3.Frame frame = new Tpacket3.Frame();

    /** Index of the block being read (or waited for). */
    private int blockIndex;
    /** Packets of the current block not read yet; 0: the block is not ours (yet). */
    private int packetsLeft;
    /** Offset in the ring of the next packet header to read. */
    private long frameOffset;

    private long packets;
    private long bytes;
    private long noBufferDrops;
    private long outgoingSkipped;
    private long vlanTagsRestored;
    private long kernelPackets;
    private long kernelDrops;
    private long freezes;
    private volatile boolean closed;

    private PacketRxRing(final String name, final int fd, final MemorySegment ring, final int blockBytes,
        final int blockCount, final boolean outbound)
    {
        this.name = name;
        this.fd = fd;
        this.ring = ring;
        this.blockBytes = blockBytes;
        this.blockCount = blockCount;
        this.outbound = outbound;
    }

    /**
     * Opens a receive ring on interface {@code name} (index {@code ifindex}): socket, PACKET_VERSION
     * TPACKET_V3, PACKET_IGNORE_OUTGOING unless {@code outbound}, PACKET_RX_RING, mmap, bind for ETH_P_ALL, then
     * PROMISC membership and, when {@code fanoutGroup >= 0}, PACKET_FANOUT (hash of the flow, defragmenting) so
     * that the group's sockets share the interface's frames. Throws with a one-line reason on failure.
     */
    public static PacketRxRing open(final String name, final int ifindex, final boolean promisc,
        final boolean outbound, final int fanoutGroup, final int blockBytes, final int blockCount,
        final int retireBlockTimeoutMs)
    {
        if (blockBytes < 4096 || Integer.bitCount(blockBytes) != 1 || blockCount < 2)
        {
            throw new IllegalArgumentException("block size must be a power of two of at least 4096 bytes and the " +
                "count at least 2: " + blockBytes + " x " + blockCount);
        }
        final int fd = PacketSockets.openSocket(name);
        MemorySegment ring = null;
        try
        {
            PacketSockets.setPacketOption(fd, Tpacket3.PACKET_VERSION, Tpacket3.TPACKET_V3, "PACKET_VERSION");
            if (!outbound)
            {
                try
                {
                    PacketSockets.setPacketOption(fd, Tpacket3.PACKET_IGNORE_OUTGOING, 1, "PACKET_IGNORE_OUTGOING");
                }
                catch (final LinuxException e)
                {
                    // before Linux 4.20: the per-packet pkttype check in receive() skips them instead
                }
            }
            final int framesPerBlock = blockBytes / NOMINAL_FRAME_BYTES;
            PacketSockets.setRing(fd, Tpacket3.PACKET_RX_RING, blockBytes, blockCount, NOMINAL_FRAME_BYTES,
                framesPerBlock * blockCount, retireBlockTimeoutMs, "PACKET_RX_RING");
            ring = Linux.mmapShared(fd, (long)blockBytes * blockCount);
            PacketSockets.bind(fd, ifindex, Tpacket3.ETH_P_ALL, name);
            if (promisc)
            {
                PacketSockets.addPromiscuousMembership(fd, ifindex);
            }
            if (fanoutGroup >= 0)
            {
                PacketSockets.setPacketOption(fd, Tpacket3.PACKET_FANOUT, (fanoutGroup & 0xFFFF) |
                    ((Tpacket3.PACKET_FANOUT_HASH | Tpacket3.PACKET_FANOUT_FLAG_DEFRAG) << 16), "PACKET_FANOUT");
            }
            return new PacketRxRing(name, fd, ring, blockBytes, blockCount, outbound);
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
     * Copies up to {@code max} received frames into packets from {@code allocator} and adds them to {@code batch}
     * (which must have room). Returns how many were added. A frame for which the allocator has no buffer is
     * dropped and counted. Allocation-free (after the allocator's warm-up), exception-free.
     */
    public int receive(final PacketAllocator allocator, final PacketBatch batch, final int max)
    {
        final MemorySegment ring = this.ring;
        final Tpacket3.Block block = this.block;
        final Tpacket3.Frame frame = this.frame;
        final int examineLimit = max << 2;
        int received = 0;
        int examined = 0;
        long bytesReceived = 0;
        while (received < max && examined < examineLimit)
        {
            if (packetsLeft == 0)
            {
                final long blockOffset = (long)blockIndex * blockBytes;
                block.wrap(ring, blockOffset);
                // acquire: pairs with the kernel's smp_wmb() before it stores TP_STATUS_USER (prb_close_block)
                if ((block.statusAcquire() & Tpacket3.TP_STATUS_USER) == 0)
                {
                    break;
                }
                final int count = block.numPackets();
                if (count <= 0)
                {
                    releaseBlock();
                    continue;
                }
                packetsLeft = count;
                frameOffset = blockOffset + block.offsetToFirstPacket();
            }
            frame.wrap(ring, frameOffset);
            examined++;
            final int packetType = frame.packetType();
            if (packetType == Tpacket3.PACKET_OUTGOING && !outbound)
            {
                outgoingSkipped++;
            }
            else
            {
                final Packet packet = copyOut(allocator, ring, frame, packetType);
                if (packet == null)
                {
                    noBufferDrops++;
                }
                else
                {
                    if ((frame.status() & Tpacket3.TP_STATUS_VLAN_VALID) != 0)
                    {
                        vlanTagsRestored++;
                    }
                    batch.add(packet);
                    bytesReceived += packet.length();
                    received++;
                }
            }
            frameOffset += frame.nextOffset();
            if (--packetsLeft == 0)
            {
                releaseBlock();
            }
        }
        packets += received;
        bytes += bytesReceived;
        return received;
    }

    private static Packet copyOut(final PacketAllocator allocator, final MemorySegment ring,
        final Tpacket3.Frame frame, final int packetType)
    {
        final int snaplen = frame.snaplen();
        final long data = frame.offset() + frame.macOffset();
        final int status = frame.status();
        final boolean vlan = (status & Tpacket3.TP_STATUS_VLAN_VALID) != 0 && snaplen >= ETHER_ADDRESSES_BYTES;
        final Packet packet = allocator.make(vlan ? snaplen + VLAN_TAG_BYTES : snaplen);
        if (packet == null)
        {
            return null;
        }
        if (vlan)
        {
            // the kernel took the tag out (hardware or software VLAN acceleration): put it back after the MACs
            packet.copyFrom(0, ring, data, ETHER_ADDRESSES_BYTES);
            packet.setU16(ETHER_ADDRESSES_BYTES,
                (status & Tpacket3.TP_STATUS_VLAN_TPID_VALID) != 0 ? frame.vlanTpid() : 0x8100);
            packet.setU16(ETHER_ADDRESSES_BYTES + 2, frame.vlanTci());
            packet.copyFrom(ETHER_ADDRESSES_BYTES + VLAN_TAG_BYTES, ring, data + ETHER_ADDRESSES_BYTES,
                snaplen - ETHER_ADDRESSES_BYTES);
        }
        else
        {
            packet.copyFrom(0, ring, data, snaplen);
        }
        packet.setMacHeader(0);
        packet.setTimestampNs(frame.timestampNs());
        packet.setPacketType(packetType);
        return packet;
    }

    private void releaseBlock()
    {
        // release: every read of this block's frames happens before the kernel can see it free and refill it
        block.wrap(ring, (long)blockIndex * blockBytes).releaseToKernel();
        packetsLeft = 0;
        final int next = blockIndex + 1;
        blockIndex = next == blockCount ? 0 : next;
    }

    /**
     * Reads and clears the kernel's counters (PACKET_STATISTICS, struct tpacket_stats_v3) into this ring's
     * totals. Setup-time call (a system call and a small allocation): from a timer or a handler.
     */
    public synchronized void pollStatistics()
    {
        if (closed)
        {
            return;
        }
        try (Arena arena = Arena.ofConfined())
        {
            // struct tpacket_stats_v3 { unsigned int tp_packets, tp_drops, tp_freeze_q_cnt; }
            final MemorySegment stats = arena.allocate(12, 4);
            Linux.getsockopt(fd, Tpacket3.SOL_PACKET, Tpacket3.PACKET_STATISTICS, stats, "PACKET_STATISTICS");
            kernelPackets += stats.get(ValueLayout.JAVA_INT, 0) & 0xFFFF_FFFFL;
            kernelDrops += stats.get(ValueLayout.JAVA_INT, 4) & 0xFFFF_FFFFL;
            freezes += stats.get(ValueLayout.JAVA_INT, 8) & 0xFFFF_FFFFL;
        }
        catch (final LinuxException e)
        {
            // the socket is going away: the totals stay as they are
        }
    }

    public String name()
    {
        return name;
    }

    /** Frames delivered as packets. */
    public long packets()
    {
        return packets;
    }

    /** Bytes delivered (frame bytes as copied, VLAN tags put back included). */
    public long bytes()
    {
        return bytes;
    }

    /** Frames dropped because the allocator had no buffer. */
    public long noBufferDrops()
    {
        return noBufferDrops;
    }

    /** Frames whose VLAN tag the kernel had taken out and that got it back. */
    public long vlanTagsRestored()
    {
        return vlanTagsRestored;
    }

    /** Outgoing frames skipped (only without PACKET_IGNORE_OUTGOING). */
    public long outgoingSkipped()
    {
        return outgoingSkipped;
    }

    /** The kernel's tp_drops since opening (as of the last {@link #pollStatistics}): frames lost for want of ring room. */
    public synchronized long kernelDrops()
    {
        return kernelDrops;
    }

    /** The kernel's tp_packets since opening (as of the last {@link #pollStatistics}). */
    public synchronized long kernelPackets()
    {
        return kernelPackets;
    }

    /** The kernel's tp_freeze_q_cnt: times the ring was full (every block in user space). */
    public synchronized long freezes()
    {
        return freezes;
    }

    @Override
    public synchronized void close()
    {
        if (!closed)
        {
            closed = true;
            Linux.munmap(ring);
            Linux.closeQuietly(fd);
        }
    }
}
