package org.jclick.nic.afpacket;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The kernel's packet-ring structures for {@code TPACKET_V3} ({@code <linux/if_packet.h>}), as offsets and two
 * Agrona-style flyweights: {@link Block} over a receive block's {@code struct tpacket_block_desc} and {@link Frame}
 * over a {@code struct tpacket3_hdr} (a received packet, or a transmit-ring slot) followed by its
 * {@code struct sockaddr_ll}. A flyweight is re-pointed with {@code wrap} and allocates nothing. The layouts are
 * the same on every Linux architecture (fixed-size fields, native byte order).
 */
public final class Tpacket3
{
    /** {@code SOL_PACKET}: the socket option level of packet sockets. */
    public static final int SOL_PACKET = 263;
    public static final int PACKET_ADD_MEMBERSHIP = 1;
    public static final int PACKET_RX_RING = 5;
    public static final int PACKET_STATISTICS = 6;
    public static final int PACKET_VERSION = 10;
    public static final int PACKET_TX_RING = 13;
    public static final int PACKET_LOSS = 14;
    public static final int PACKET_FANOUT = 18;
    public static final int PACKET_IGNORE_OUTGOING = 23;
    public static final int TPACKET_V3 = 2;
    public static final int PACKET_MR_PROMISC = 1;
    public static final int PACKET_FANOUT_HASH = 0;
    public static final int PACKET_FANOUT_FLAG_DEFRAG = 0x8000;
    /** {@code ETH_P_ALL}, host byte order (the socket calls take it in network byte order). */
    public static final int ETH_P_ALL = 0x0003;

    /** Receive block status bit: the block belongs to user space (else {@code TP_STATUS_KERNEL}, 0). */
    public static final int TP_STATUS_KERNEL = 0;
    public static final int TP_STATUS_USER = 1;
    /** Packet status bits (receive): the VLAN tag was taken out of the frame into tp_vlan_tci / tp_vlan_tpid. */
    public static final int TP_STATUS_VLAN_VALID = 1 << 4;
    public static final int TP_STATUS_VLAN_TPID_VALID = 1 << 6;
    /** Transmit slot states. */
    public static final int TP_STATUS_AVAILABLE = 0;
    public static final int TP_STATUS_SEND_REQUEST = 1;
    public static final int TP_STATUS_SENDING = 2;
    public static final int TP_STATUS_WRONG_FORMAT = 4;

    /** {@code sll_pkttype} of a frame this host sent ({@code PACKET_OUTGOING}). */
    public static final int PACKET_OUTGOING = 4;

    // struct tpacket_block_desc { u32 version; u32 offset_to_priv; struct tpacket_hdr_v1 hdr; }
    // struct tpacket_hdr_v1 { u32 block_status; u32 num_pkts; u32 offset_to_first_pkt; u32 blk_len;
    //                         aligned_u64 seq_num; struct tpacket_bd_ts ts_first_pkt, ts_last_pkt; }
    static final long BLOCK_STATUS_OFFSET = 8;
    static final long BLOCK_NUM_PACKETS_OFFSET = 12;
    static final long BLOCK_FIRST_PACKET_OFFSET = 16;
    static final long BLOCK_SEQ_NUM_OFFSET = 24;
    /** sizeof(struct tpacket_block_desc). */
    public static final int BLOCK_DESC_BYTES = 48;

    // struct tpacket3_hdr { u32 tp_next_offset, tp_sec, tp_nsec, tp_snaplen, tp_len, tp_status; u16 tp_mac, tp_net;
    //                       { u32 tp_rxhash, tp_vlan_tci; u16 tp_vlan_tpid, tp_padding; } u8 tp_padding[8]; }
    static final long NEXT_OFFSET_OFFSET = 0;
    static final long SEC_OFFSET = 4;
    static final long NSEC_OFFSET = 8;
    static final long SNAPLEN_OFFSET = 12;
    static final long LEN_OFFSET = 16;
    static final long STATUS_OFFSET = 20;
    static final long MAC_OFFSET = 24;
    static final long VLAN_TCI_OFFSET = 32;
    static final long VLAN_TPID_OFFSET = 36;
    /** TPACKET_ALIGN(sizeof(struct tpacket3_hdr)): where the struct sockaddr_ll follows the header. */
    public static final int HDR_BYTES = 48;
    /** sizeof(struct sockaddr_ll). */
    public static final int SOCKADDR_LL_BYTES = 20;
    /** sll_pkttype within struct sockaddr_ll. */
    static final long SLL_PKTTYPE_OFFSET = 10;
    /**
     * Where a transmit slot's frame starts (without PACKET_TX_HAS_OFF): the kernel's
     * {@code tp_hdrlen - sizeof(struct sockaddr_ll)} = TPACKET3_HDRLEN - 20 = 48.
     */
    public static final int TX_DATA_OFFSET = HDR_BYTES;

    /** Plain and acquire/release access to the 32-bit status words: coordinates (segment, offset). */
    private static final VarHandle U32 = ValueLayout.JAVA_INT.varHandle();
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT;

    private Tpacket3()
    {
    }

    /** {@code struct tpacket_req3}: the argument of PACKET_RX_RING and PACKET_TX_RING (7 unsigned ints). */
    public static final int REQ3_BYTES = 28;

    /** Fills a {@code struct tpacket_req3} at the start of {@code req}. */
    public static void req3(final MemorySegment req, final int blockBytes, final int blockCount, final int frameBytes,
        final int frameCount, final int retireBlockTimeoutMs)
    {
        req.set(INT, 0, blockBytes);
        req.set(INT, 4, blockCount);
        req.set(INT, 8, frameBytes);
        req.set(INT, 12, frameCount);
        req.set(INT, 16, retireBlockTimeoutMs);
        req.set(INT, 20, 0); // tp_sizeof_priv
        req.set(INT, 24, 0); // tp_feature_req_word
    }

    /** Flyweight over one receive block descriptor in the mapped ring. */
    public static final class Block
    {
        private MemorySegment ring;
        private long offset;

        /** Points this flyweight at the block descriptor at {@code offsetBytes} of {@code ring}. */
        public Block wrap(final MemorySegment ring, final long offsetBytes)
        {
            this.ring = ring;
            this.offset = offsetBytes;
            return this;
        }

        /**
         * {@code block_status}, read with acquire semantics: the kernel fills the block's packets and then sets
         * TP_STATUS_USER (prb_close_block: smp_wmb() before the status store), so once this load sees USER, the
         * loads of the packet headers and data that follow it in program order see what the kernel wrote.
         */
        public int statusAcquire()
        {
            return (int)U32.getAcquire(ring, offset + BLOCK_STATUS_OFFSET);
        }

        /**
         * Gives the block back to the kernel: a release store of TP_STATUS_KERNEL, so every read of the block's
         * packets happens before the kernel (which checks the status before refilling, prb_dispatch_next_block
         * and its smp_rmb()) may overwrite them. Documentation/networking/packet_mmap.rst: "user space ... must
         * set block_status to TP_STATUS_KERNEL" once done with the block.
         */
        public void releaseToKernel()
        {
            U32.setRelease(ring, offset + BLOCK_STATUS_OFFSET, TP_STATUS_KERNEL);
        }

        public int numPackets()
        {
            return ring.get(INT, offset + BLOCK_NUM_PACKETS_OFFSET);
        }

        /** Offset of the first packet header from the block start. */
        public int offsetToFirstPacket()
        {
            return ring.get(INT, offset + BLOCK_FIRST_PACKET_OFFSET);
        }

        public long sequenceNumber()
        {
            return ring.get(ValueLayout.JAVA_LONG, offset + BLOCK_SEQ_NUM_OFFSET);
        }
    }

    /** Flyweight over one {@code struct tpacket3_hdr} (and its sockaddr_ll) in a mapped ring. */
    public static final class Frame
    {
        private MemorySegment ring;
        private long offset;

        /** Points this flyweight at the header at {@code offsetBytes} of {@code ring}. */
        public Frame wrap(final MemorySegment ring, final long offsetBytes)
        {
            this.ring = ring;
            this.offset = offsetBytes;
            return this;
        }

        public long offset()
        {
            return offset;
        }

        /** Offset of the next packet header from this one (receive; 0 in a transmit slot). */
        public int nextOffset()
        {
            return ring.get(INT, offset + NEXT_OFFSET_OFFSET);
        }

        public void nextOffset(final int value)
        {
            ring.set(INT, offset + NEXT_OFFSET_OFFSET, value);
        }

        public long timestampNs()
        {
            return (ring.get(INT, offset + SEC_OFFSET) & 0xFFFF_FFFFL) * 1_000_000_000L +
                (ring.get(INT, offset + NSEC_OFFSET) & 0xFFFF_FFFFL);
        }

        /** Bytes of the frame in the ring. */
        public int snaplen()
        {
            return ring.get(INT, offset + SNAPLEN_OFFSET);
        }

        /** Length of the frame on the wire (receive), or of the frame to send (transmit). */
        public int len()
        {
            return ring.get(INT, offset + LEN_OFFSET);
        }

        public void len(final int lengthBytes)
        {
            ring.set(INT, offset + LEN_OFFSET, lengthBytes);
        }

        /** Plain read of {@code tp_status} (receive: within a block already acquired). */
        public int status()
        {
            return ring.get(INT, offset + STATUS_OFFSET);
        }

        /**
         * {@code tp_status} of a transmit slot, with acquire semantics: the kernel sets TP_STATUS_AVAILABLE
         * (tpacket_destruct_skb, __packet_set_status with smp_wmb()) once it no longer reads the slot, so after
         * this load sees AVAILABLE, the writes into the slot that follow cannot overtake the kernel's reads.
         */
        public int statusAcquire()
        {
            return (int)U32.getAcquire(ring, offset + STATUS_OFFSET);
        }

        /**
         * Hands a filled transmit slot to the kernel: a release store of TP_STATUS_SEND_REQUEST, so the frame
         * bytes and tp_len written before it are visible to the kernel once it sees the status
         * (tpacket_snd reads the status, then smp_rmb(), then the slot: packet_mmap.rst's "the frame must be
         * written before the status").
         */
        public void sendRequestRelease()
        {
            U32.setRelease(ring, offset + STATUS_OFFSET, TP_STATUS_SEND_REQUEST);
        }

        /** Offset of the frame's first byte from this header ({@code tp_mac}). */
        public int macOffset()
        {
            return ring.get(SHORT, offset + MAC_OFFSET) & 0xFFFF;
        }

        public int vlanTci()
        {
            return ring.get(INT, offset + VLAN_TCI_OFFSET) & 0xFFFF;
        }

        public int vlanTpid()
        {
            return ring.get(SHORT, offset + VLAN_TPID_OFFSET) & 0xFFFF;
        }

        /** {@code sll_pkttype} of the sockaddr_ll after the header (PACKET_HOST, ..., PACKET_OUTGOING). */
        public int packetType()
        {
            return ring.get(ValueLayout.JAVA_BYTE, offset + HDR_BYTES + SLL_PKTTYPE_OFFSET) & 0xFF;
        }
    }
}
