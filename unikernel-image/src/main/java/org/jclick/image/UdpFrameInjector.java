package org.jclick.image;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import org.jclick.dataplane.trace.LinkType;
import org.jclick.dataplane.trace.PcapReader;
import org.jclick.dataplane.trace.PcapWriter;

/**
 * The host side of a guest NIC whose QEMU backend is {@code -netdev dgram} on loopback: each Ethernet frame travels
 * as one UDP datagram. {@link #send(Path, Duration)} sends the frames of a pcap to the guest's port;
 * {@link #capture(Path, int, Duration)} writes the frames the guest sends back into a pcap. Loopback only: both
 * ends are 127.0.0.1, there is no way to name another address.
 */
public final class UdpFrameInjector implements AutoCloseable
{
    /** The largest frame carried (a jumbo frame fits; QEMU's dgram backend reads up to 64 KiB). */
    public static final int MAX_FRAME_BYTES = 65535;

    private final DatagramSocket socket;
    private InetSocketAddress guest;
    private final byte[] receiveBuffer = new byte[MAX_FRAME_BYTES];

    /**
     * Binds 127.0.0.1:{@code hostPort} (0: any free port; QEMU's {@code remote.port} must then be
     * {@link #hostPort()}) and sends to 127.0.0.1:{@code guestPort} (QEMU's {@code local.port}).
     */
    public UdpFrameInjector(final int hostPort, final int guestPort) throws IOException
    {
        final InetAddress loopback = InetAddress.getLoopbackAddress();
        this.socket = new DatagramSocket(new InetSocketAddress(loopback, hostPort));
        this.socket.setReceiveBufferSize(4 << 20);
        this.guest = new InetSocketAddress(loopback, guestPort);
    }

    /** Sends to 127.0.0.1:{@code guestPort} from now on (when QEMU's port is known only after binding ours). */
    public UdpFrameInjector retarget(final int guestPort)
    {
        this.guest = new InetSocketAddress(InetAddress.getLoopbackAddress(), guestPort);
        return this;
    }

    /** The local port QEMU sends the guest's frames to. */
    public int hostPort()
    {
        return socket.getLocalPort();
    }

    /** Sends one frame. */
    public void sendFrame(final byte[] frame, final int length) throws IOException
    {
        socket.send(new DatagramPacket(frame, length, guest));
    }

    /**
     * Sends every frame of {@code pcap} in order, {@code gap} apart (TCG guests are slow: a gap keeps QEMU's
     * socket from dropping). Returns the number of frames sent.
     */
    public int send(final Path pcap, final Duration gap) throws IOException
    {
        int sent = 0;
        try (PcapReader reader = PcapReader.open(pcap, null))
        {
            final byte[] frame = new byte[MAX_FRAME_BYTES];
            while (reader.next())
            {
                final int length = Math.min(reader.capturedLength(), MAX_FRAME_BYTES);
                MemorySegment.copy(reader.bufferSegment(), java.lang.foreign.ValueLayout.JAVA_BYTE,
                    reader.dataOffsetInBuffer(), frame, 0, length);
                sendFrame(frame, length);
                sent++;
                if (!gap.isZero())
                {
                    LockSupport.parkNanos(gap.toNanos());
                }
            }
        }
        return sent;
    }

    /** Receives up to {@code maxFrames} frames, waiting at most {@code timeout} in all. */
    public List<byte[]> receive(final int maxFrames, final Duration timeout) throws IOException
    {
        final List<byte[]> frames = new ArrayList<>();
        final long deadlineNs = System.nanoTime() + timeout.toNanos();
        while (frames.size() < maxFrames)
        {
            final long leftMs = (deadlineNs - System.nanoTime()) / 1_000_000;
            if (leftMs <= 0)
            {
                break;
            }
            socket.setSoTimeout((int)Math.max(1, Math.min(leftMs, Integer.MAX_VALUE)));
            final DatagramPacket p = new DatagramPacket(receiveBuffer, receiveBuffer.length);
            try
            {
                socket.receive(p);
            }
            catch (final SocketTimeoutException e)
            {
                break;
            }
            if (!p.getAddress().isLoopbackAddress())
            {
                continue; // only QEMU on this machine talks to us
            }
            frames.add(java.util.Arrays.copyOf(p.getData(), p.getLength()));
        }
        return frames;
    }

    /** Receives up to {@code maxFrames} frames (at most {@code timeout}) into an Ethernet pcap; returns the count. */
    public int capture(final Path pcap, final int maxFrames, final Duration timeout) throws IOException
    {
        final List<byte[]> frames = receive(maxFrames, timeout);
        write(pcap, frames);
        return frames.size();
    }

    /** Writes {@code frames} as an Ethernet pcap (nanosecond timestamps 1 µs apart, for a stable file). */
    public static void write(final Path pcap, final List<byte[]> frames) throws IOException
    {
        try (PcapWriter writer = PcapWriter.open(pcap, PcapWriter.Header.click(0, LinkType.ETHERNET, true)))
        {
            long ts = 0;
            for (final byte[] f : frames)
            {
                writer.writeRecord(ts, MemorySegment.ofArray(f), 0, f.length, f.length);
                ts += 1000;
            }
        }
    }

    /** Reads the frames of a pcap. */
    public static List<byte[]> read(final Path pcap) throws IOException
    {
        final List<byte[]> frames = new ArrayList<>();
        try (PcapReader reader = PcapReader.open(pcap, null))
        {
            while (reader.next())
            {
                final byte[] f = new byte[reader.capturedLength()];
                MemorySegment.copy(reader.bufferSegment(), java.lang.foreign.ValueLayout.JAVA_BYTE,
                    reader.dataOffsetInBuffer(), f, 0, f.length);
                frames.add(f);
            }
        }
        return frames;
    }

    @Override
    public void close()
    {
        socket.close();
    }
}
