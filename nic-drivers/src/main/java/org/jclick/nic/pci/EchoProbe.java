package org.jclick.nic.pci;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import org.jclick.nic.dma.HugepageMemory;
import org.jclick.nic.virtio.DmaMemory;
import org.jclick.nic.virtio.VirtioTransport;

/**
 * A guest-side end-to-end check of a transport plus {@link HugepageMemory}: brings a virtio-net device up with one
 * receive and one transmit split virtqueue (section 2.7) in hugepage memory, and sends back every frame it
 * receives, unchanged, until it has echoed {@code frames} frames or {@code timeoutNs} passed. The host injects
 * frames through QEMU's dgram backend and compares what returns.
 * <p>
 * This is a probe, not the driver (that is {@code org.jclick.nic.virtio}): one frame per descriptor, no merged
 * buffers, no offloads, polling only. It shows that the device reads and writes exactly where the transport said
 * the rings are, at the physical addresses pagemap gave.
 */
final class EchoProbe
{
    // section 2.1 device status
    static final int ACKNOWLEDGE = 1;
    static final int DRIVER = 2;
    static final int DRIVER_OK = 4;
    static final int FEATURES_OK = 8;
    static final long VIRTIO_NET_F_MAC = 1L << 5;
    static final long VIRTIO_F_VERSION_1 = 1L << 32;
    /** Section 6: the device's DMA goes through the platform's IOMMU (offered with QEMU's iommu_platform=on). */
    static final long VIRTIO_F_ACCESS_PLATFORM = 1L << 33;

    // section 2.7.5 descriptor flags, 2.7.6 available ring flags
    static final short VIRTQ_DESC_F_WRITE = 2;
    static final short VIRTQ_AVAIL_F_NO_INTERRUPT = 1;

    static final int RX = 0;
    static final int TX = 1;
    static final int BUFFER_BYTES = 2048;
    static final long RX_BUFFERS = 1L << 20;
    static final long TX_BUFFERS = 2L << 20;
    static final long MEMORY_BYTES = 4L << 20;

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle IDX = U16.varHandle();

    private EchoProbe()
    {
    }

    /** One split virtqueue laid out as legacy devices need (desc, avail, used at the next 4 KiB). */
    record Queue(long desc, long avail, long used, int size)
    {
        static Queue at(final long base, final int size)
        {
            return new Queue(base, base + 16L * size, base + LegacyPciTransport.legacyUsedOffset(size), size);
        }

        long end()
        {
            return used + 6 + 8L * size;
        }
    }

    /** Runs the echo with rings and buffers in hugepages; returns the result line. */
    static String run(final VirtioTransport t, final int frames, final long timeoutNs, final PrintStream out)
        throws IOException
    {
        try (HugepageMemory mem = HugepageMemory.allocate(MEMORY_BYTES))
        {
            return run(t, mem, frames, timeoutNs, out);
        }
    }

    /** Runs the echo with rings and buffers in {@code mem} (at least {@link #MEMORY_BYTES}). */
    static String run(final VirtioTransport t, final DmaMemory mem, final int frames, final long timeoutNs,
        final PrintStream out) throws IOException
    {
        {
            final MemorySegment m = mem.segment();
            // section 3.1.1 steps 1-3: reset, ACKNOWLEDGE, DRIVER
            t.reset();
            t.setStatus(ACKNOWLEDGE);
            t.setStatus(ACKNOWLEDGE | DRIVER);
            // steps 4-6: negotiate the MAC and, on a modern device, VERSION_1; confirm with FEATURES_OK
            final long offered = t.deviceFeatures();
            // ACCESS_PLATFORM too when offered: the addresses we give are what the platform (IOMMU) expects
            final long accepted = offered & (VIRTIO_NET_F_MAC |
                (t.legacy() ? 0 : VIRTIO_F_VERSION_1 | VIRTIO_F_ACCESS_PLATFORM));
            t.setDriverFeatures(accepted);
            if (!t.legacy())
            {
                t.setStatus(ACKNOWLEDGE | DRIVER | FEATURES_OK);
                if ((t.status() & FEATURES_OK) == 0)
                {
                    throw new IOException(t.name() + ": the device refused features 0x" + Long.toHexString(accepted));
                }
            }
            // section 5.1.6: virtio_net_hdr is 10 bytes in the legacy layout without MRG_RXBUF, 12 with VERSION_1
            final int headerBytes = (accepted & VIRTIO_F_VERSION_1) != 0 ? 12 : 10;
            final int rxMax = t.queueMaxSize(RX);
            final int txMax = t.queueMaxSize(TX);
            // a legacy PCI queue has the device's size; elsewhere 256 is enough
            final int rxSize = t instanceof LegacyPciTransport ? rxMax : Math.min(rxMax, 256);
            final int txSize = t instanceof LegacyPciTransport ? txMax : Math.min(txMax, 256);
            if (rxSize > 256 || txSize > 256 || rxSize == 0 || txSize == 0)
            {
                throw new IOException(t.name() + ": queue sizes " + rxMax + "/" + txMax + " do not fit this probe");
            }
            final Queue rx = Queue.at(0, rxSize);
            final Queue tx = Queue.at((rx.end() + 4095) & -4096L, txSize);
            m.asSlice(0, tx.end()).fill((byte)0);
            // section 2.7.7: we poll, so ask the device not to interrupt
            m.set(U16, rx.avail, VIRTQ_AVAIL_F_NO_INTERRUPT);
            m.set(U16, tx.avail, VIRTQ_AVAIL_F_NO_INTERRUPT);
            t.setupQueue(RX, rx.size, mem.deviceAddress(rx.desc), mem.deviceAddress(rx.avail),
                mem.deviceAddress(rx.used));
            t.setupQueue(TX, tx.size, mem.deviceAddress(tx.desc), mem.deviceAddress(tx.avail),
                mem.deviceAddress(tx.used));
            // section 2.7.13: one device-writable descriptor per receive buffer, all made available
            for (int i = 0; i < rx.size; i++)
            {
                final long d = rx.desc + 16L * i;
                m.set(U64, d, mem.deviceAddress(RX_BUFFERS + (long)i * BUFFER_BYTES));
                m.set(U32, d + 8, BUFFER_BYTES);
                m.set(U16, d + 12, VIRTQ_DESC_F_WRITE);
                m.set(U16, rx.avail + 4 + 2L * i, (short)i);
            }
            // section 2.7.13.3: the ring entries must be visible before the new idx (release store)
            IDX.setRelease(m, rx.avail + 2, (short)rx.size);
            // step 8: DRIVER_OK, then the first kick
            t.setStatus(t.status() | DRIVER_OK);
            VarHandle.fullFence(); // section 2.7.13.4: idx is published before the device is notified
            t.notifyQueue(RX);
            out.println("probe: echo ready transport=" + t.name() + " header=" + headerBytes + " rx=" + rx.size +
                " tx=" + tx.size);
            out.flush();

            int rxAvailIdx = rx.size;
            int rxUsedSeen = 0;
            int txAvailIdx = 0;
            int txUsedSeen = 0;
            int echoed = 0;
            long bytes = 0;
            final long deadlineNs = System.nanoTime() + timeoutNs;
            while (echoed < frames && System.nanoTime() - deadlineNs < 0)
            {
                // section 2.7.14: read used idx with acquire, so the element and the buffer it names are seen
                // as the device wrote them
                final int rxUsedIdx = (short)IDX.getAcquire(m, rx.used + 2) & 0xffff;
                final int txUsedIdx = (short)IDX.getAcquire(m, tx.used + 2) & 0xffff;
                txUsedSeen = txUsedIdx;
                if (rxUsedSeen == rxUsedIdx)
                {
                    Thread.onSpinWait();
                    continue;
                }
                final long element = rx.used + 4 + 8L * (rxUsedSeen % rx.size);
                final int id = m.get(U32, element);
                final int length = m.get(U32, element + 4);
                rxUsedSeen = (rxUsedSeen + 1) & 0xffff;
                // a device that names a descriptor we never gave, or a length beyond the buffer, is broken
                if (id < 0 || id >= rx.size || length < headerBytes || length > BUFFER_BYTES)
                {
                    throw new IOException(t.name() + ": bad used element id " + id + " len " + length);
                }
                if (((txAvailIdx - txUsedSeen) & 0xffff) >= tx.size)
                {
                    throw new IOException(t.name() + ": the transmit ring stayed full");
                }
                // transmit the frame back: a zero header (no offloads) and the frame, one descriptor
                final int slot = txAvailIdx % tx.size;
                final long txBuffer = TX_BUFFERS + (long)slot * BUFFER_BYTES;
                m.asSlice(txBuffer, headerBytes).fill((byte)0);
                MemorySegment.copy(m, RX_BUFFERS + (long)id * BUFFER_BYTES + headerBytes, m, txBuffer + headerBytes,
                    length - headerBytes);
                final long d = tx.desc + 16L * slot;
                m.set(U64, d, mem.deviceAddress(txBuffer));
                m.set(U32, d + 8, length);
                m.set(U16, d + 12, (short)0);
                m.set(U16, tx.avail + 4 + 2L * slot, (short)slot);
                txAvailIdx = (txAvailIdx + 1) & 0xffff;
                IDX.setRelease(m, tx.avail + 2, (short)txAvailIdx); // section 2.7.13.3
                // give the receive buffer back
                m.set(U16, rx.avail + 4 + 2L * (rxAvailIdx % rx.size), (short)id);
                rxAvailIdx = (rxAvailIdx + 1) & 0xffff;
                IDX.setRelease(m, rx.avail + 2, (short)rxAvailIdx); // section 2.7.13.3
                VarHandle.fullFence(); // section 2.7.13.4: both idx stores are visible before the kicks
                t.notifyQueue(TX);
                t.notifyQueue(RX);
                echoed++;
                bytes += length - headerBytes;
            }
            // let the device finish the last transmissions before the reset
            final long drainDeadlineNs = System.nanoTime() + 2_000_000_000L;
            while (((short)IDX.getAcquire(m, tx.used + 2) & 0xffff) != txAvailIdx &&
                System.nanoTime() - drainDeadlineNs < 0)
            {
                Thread.onSpinWait();
            }
            t.reset();
            return "echo transport=" + t.name() + " frames=" + echoed + " bytes=" + bytes + " of=" + frames;
        }
    }
}
