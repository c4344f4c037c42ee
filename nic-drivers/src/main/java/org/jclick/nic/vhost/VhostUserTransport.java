package org.jclick.nic.vhost;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.jclick.nic.sys.Linux;
import org.jclick.nic.sys.LinuxException;
import org.jclick.nic.sys.MemfdDmaMemory;
import org.jclick.nic.virtio.VirtioFeatures;
import org.jclick.nic.virtio.VirtioNet;
import org.jclick.nic.virtio.VirtioTransport;

/**
 * The vhost-user frontend ("driver side", like DPDK's virtio-user): talks to a backend such as DPDK's vhost PMD
 * over its Unix socket with the messages of QEMU's {@code docs/interop/vhost-user.rst}, and shares the driver's
 * memfd memory with it ({@code SET_MEM_TABLE}, fd passed with SCM_RIGHTS; device addresses are this process's
 * virtual addresses).
 *
 * <p>Both sides poll: no eventfds are passed ({@code SET_VRING_CALL/KICK} carry {@code index | 0x100}, "no fd"),
 * so {@link #notifyQueue} does nothing. vhost-user has no device config space of its own: this transport
 * emulates the net config's STATUS field (link up while the socket is connected and the rings are set up) and
 * offers {@code VIRTIO_NET_F_STATUS} for it, without passing that bit to the backend. The control queue, MQ, MAC
 * and checksum offloads are not offered (DPDK's backend leaves the control queue to the frontend).
 *
 * <p>Replies are checked: a reply to another request, without the reply flag, or of an unexpected size (short or
 * oversized) is a protocol error: counted, the connection closed, the link down, and a {@link VhostUserException}
 * thrown. Receives time out after {@code timeoutNs} (at least 2 s: a freshly started DPDK backend can take almost
 * a second to answer). {@link #reset()} stops the rings and disconnects; the next setup call reconnects, which is
 * also how a restarted backend is picked up.
 */
public final class VhostUserTransport implements VirtioTransport
{
    // front-end message types (vhost-user.rst, "Front-end message types")
    public static final int GET_FEATURES = 1;
    public static final int SET_FEATURES = 2;
    public static final int SET_OWNER = 3;
    public static final int SET_MEM_TABLE = 5;
    public static final int SET_VRING_NUM = 8;
    public static final int SET_VRING_ADDR = 9;
    public static final int SET_VRING_BASE = 10;
    public static final int GET_VRING_BASE = 11;
    public static final int SET_VRING_KICK = 12;
    public static final int SET_VRING_CALL = 13;
    public static final int GET_PROTOCOL_FEATURES = 15;
    public static final int SET_PROTOCOL_FEATURES = 16;
    public static final int SET_VRING_ENABLE = 18;

    /** Header flags: version 1, and the reply bit. */
    public static final int FLAG_VERSION = 0x1;
    public static final int FLAG_REPLY = 0x4;
    /** SET_VRING_CALL/KICK payload bit: no file descriptor (polling). */
    public static final long VRING_NOFD = 0x100;
    /** VHOST_USER_F_PROTOCOL_FEATURES. */
    public static final int F_PROTOCOL_FEATURES = 30;

    /** Largest reply payload accepted (the largest reply of the messages used here is 8 bytes). */
    public static final int MAX_REPLY_BYTES = 256;
    private static final int HEADER_BYTES = 12;
    /** Least receive timeout. */
    public static final long MIN_TIMEOUT_NS = 2_000_000_000L;

    /** Backend features the net driver may accept through this transport. */
    public static final long FEATURES_PASSED = VirtioFeatures.bit(VirtioFeatures.F_VERSION_1) |
        VirtioFeatures.bit(VirtioFeatures.NET_F_MRG_RXBUF) | VirtioFeatures.bit(VirtioFeatures.F_RING_EVENT_IDX) |
        VirtioFeatures.bit(VirtioFeatures.F_ANY_LAYOUT) | VirtioFeatures.bit(VirtioFeatures.F_RING_INDIRECT_DESC);

    private final String path;
    private final MemfdDmaMemory memory;
    private final long timeoutNs;
    private final boolean useProtocolFeatures;

    private int socketFd = -1;
    private long backendFeatures;
    private boolean protocolFeaturesOn;
    private boolean memTableSent;
    private int ringsSetUp;
    private int status;
    private long protocolErrors;
    private long connects;
    private String lastError = "";

    /**
     * A transport to the backend listening on {@code path}, sharing {@code memory}; connects at once (retrying
     * until {@code timeoutNs} while the socket does not exist or refuses). {@code useProtocolFeatures} negotiates
     * VHOST_USER_F_PROTOCOL_FEATURES (with no protocol feature accepted) when the backend offers it.
     */
    public VhostUserTransport(final String path, final MemfdDmaMemory memory, final long timeoutNs,
        final boolean useProtocolFeatures)
    {
        this.path = path;
        this.memory = memory;
        this.timeoutNs = Math.max(MIN_TIMEOUT_NS, timeoutNs);
        this.useProtocolFeatures = useProtocolFeatures;
        connect();
    }

    /** {@code new VhostUserTransport(path, memory, 2 s, false)}. */
    public VhostUserTransport(final String path, final MemfdDmaMemory memory)
    {
        this(path, memory, MIN_TIMEOUT_NS, false);
    }

    private void connect()
    {
        disconnect();
        final long deadlineNs = System.nanoTime() + timeoutNs;
        while (true)
        {
            final int fd = Linux.unixStreamSocket();
            try
            {
                Linux.setTimeouts(fd, timeoutNs);
                Linux.connectUnix(fd, path);
                socketFd = fd;
                break;
            }
            catch (final LinuxException e)
            {
                Linux.closeQuietly(fd);
                final boolean retry = e.errno() == org.jclick.nic.sys.Errno.ENOENT ||
                    e.errno() == org.jclick.nic.sys.Errno.ECONNREFUSED;
                // the first connection waits for the backend to appear; a reconnection tries once (the caller,
                // e.g. FromDevice's link timer, tries again later instead of blocking its thread)
                if (!retry || connects > 0 || System.nanoTime() - deadlineNs > 0)
                {
                    throw new VhostUserException(name() + ": cannot connect: " + e.getMessage(), e);
                }
                sleepMillis(50);
            }
        }
        connects++;
        status = 0;
        memTableSent = false;
        ringsSetUp = 0;
        protocolFeaturesOn = false;
        send(SET_OWNER, null);
        backendFeatures = request(GET_FEATURES);
    }

    private static void sleepMillis(final long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new VhostUserException("interrupted while connecting", e);
        }
    }

    private void disconnect()
    {
        if (socketFd >= 0)
        {
            Linux.closeQuietly(socketFd);
            socketFd = -1;
        }
        ringsSetUp = 0;
    }

    // ---------------------------------------------------------------------------------------------- messages

    private void send(final int request, final long[] payload, final int... fds)
    {
        requireConnected();
        final int payloadBytes = payload == null ? 0 : 8 * payload.length;
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment message = arena.allocate(HEADER_BYTES + payloadBytes, 8);
            message.set(ValueLayout.JAVA_INT, 0, request);
            message.set(ValueLayout.JAVA_INT, 4, FLAG_VERSION);
            message.set(ValueLayout.JAVA_INT, 8, payloadBytes);
            for (int i = 0; payload != null && i < payload.length; i++)
            {
                message.set(ValueLayout.JAVA_LONG_UNALIGNED, HEADER_BYTES + 8L * i, payload[i]);
            }
            final long sent = Linux.sendWithFds(socketFd, message, message.byteSize(), fds);
            if (sent != message.byteSize())
            {
                throw broken("short send of request " + request + ": " + sent + " of " + message.byteSize());
            }
        }
        catch (final LinuxException e)
        {
            throw broken("sending request " + request + ": " + e.getMessage());
        }
    }

    /** Sends a request without payload that has a u64 reply, and returns it. */
    private long request(final int request)
    {
        send(request, null);
        return readReply(request, 8);
    }

    private long readReply(final int request, final int expectedBytes)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment header = arena.allocate(HEADER_BYTES, 8);
            readFully(header, HEADER_BYTES, request);
            final int replyRequest = header.get(ValueLayout.JAVA_INT, 0);
            final int flags = header.get(ValueLayout.JAVA_INT, 4);
            final int size = header.get(ValueLayout.JAVA_INT, 8);
            if (replyRequest != request)
            {
                throw broken("reply to request " + replyRequest + " while waiting for " + request);
            }
            if ((flags & FLAG_REPLY) == 0 || (flags & 0x3) != FLAG_VERSION)
            {
                throw broken("reply to request " + request + " with flags 0x" + Integer.toHexString(flags));
            }
            if (size < 0 || size > MAX_REPLY_BYTES)
            {
                throw broken("oversized reply to request " + request + ": " + size + " bytes");
            }
            if (size != expectedBytes)
            {
                throw broken("reply to request " + request + " of " + size + " bytes, " + expectedBytes + " expected");
            }
            final MemorySegment payload = arena.allocate(Math.max(8, size), 8);
            readFully(payload, size, request);
            return size == 8 ? payload.get(ValueLayout.JAVA_LONG, 0) : payload.get(ValueLayout.JAVA_INT, 4);
        }
    }

    private void readFully(final MemorySegment buffer, final int lengthBytes, final int request)
    {
        int read = 0;
        while (read < lengthBytes)
        {
            final long n;
            try
            {
                n = Linux.receive(socketFd, buffer.asSlice(read), lengthBytes - read);
            }
            catch (final LinuxException e)
            {
                throw broken(e.errno() == org.jclick.nic.sys.Errno.EAGAIN ?
                    "no reply to request " + request + " within " + timeoutNs / 1_000_000 + " ms" :
                    "reading the reply to request " + request + ": " + e.getMessage());
            }
            if (n == 0)
            {
                throw broken("the backend closed the connection (short reply to request " + request + ")");
            }
            read += (int)n;
        }
    }

    private VhostUserException broken(final String why)
    {
        protocolErrors++;
        lastError = why;
        disconnect();
        return new VhostUserException(name() + ": " + why);
    }

    private void requireConnected()
    {
        if (socketFd < 0)
        {
            throw new VhostUserException(name() + ": not connected" + (lastError.isEmpty() ? "" : " (" + lastError + ")"));
        }
    }

    // ---------------------------------------------------------------------------------------------- transport

    @Override
    public String name()
    {
        return "vhost-user:" + path;
    }

    @Override
    public long deviceFeatures()
    {
        ensureConnected();
        return (backendFeatures & FEATURES_PASSED) | VirtioFeatures.bit(VirtioFeatures.NET_F_STATUS);
    }

    @Override
    public void setDriverFeatures(final long features)
    {
        ensureConnected();
        long toBackend = features & backendFeatures & FEATURES_PASSED;
        if (useProtocolFeatures && VirtioFeatures.has(backendFeatures, F_PROTOCOL_FEATURES))
        {
            toBackend |= VirtioFeatures.bit(F_PROTOCOL_FEATURES);
            protocolFeaturesOn = true;
        }
        send(SET_FEATURES, new long[] {toBackend});
        if (protocolFeaturesOn)
        {
            request(GET_PROTOCOL_FEATURES);
            send(SET_PROTOCOL_FEATURES, new long[] {0L});
        }
    }

    @Override
    public int status()
    {
        return status;
    }

    @Override
    public void setStatus(final int value)
    {
        status = value;
    }

    /**
     * Reconnects (a new session: the backend forgets the rings) unless nothing was set up on this connection.
     * While the backend is still there, each ring is first stopped with GET_VRING_BASE, whose reply says the
     * backend no longer touches it, so the driver can take its buffers back safely.
     */
    @Override
    public void reset()
    {
        if (socketFd >= 0 && ringsSetUp > 0 && !Linux.peerClosed(socketFd))
        {
            try
            {
                for (int ring = 0; ring < ringsSetUp; ring++)
                {
                    send(GET_VRING_BASE, new long[] {ring & 0xFFFF_FFFFL});
                    readReply(GET_VRING_BASE, 8);
                }
            }
            catch (final VhostUserException e)
            {
                // the backend went away or misbehaved while stopping: the connection is closed either way
            }
        }
        if (socketFd < 0 || ringsSetUp > 0 || memTableSent || Linux.peerClosed(socketFd))
        {
            disconnect(); // the next call that needs the backend reconnects (not close(): it just ends)
        }
        status = 0;
    }

    /** Connects if {@link #reset()} or a failure left the transport disconnected. */
    private void ensureConnected()
    {
        if (socketFd < 0)
        {
            connect();
        }
    }

    @Override
    public int queueMaxSize(final int queue)
    {
        return queue < 2 ? 32768 : 0; // one queue pair, no control queue
    }

    @Override
    public void setupQueue(final int queue, final int size, final long descAddress, final long availAddress,
        final long usedAddress)
    {
        ensureConnected();
        if (!memTableSent)
        {
            final long base = memory.deviceAddress(0);
            // struct: u32 nregions, u32 padding, then {guest_phys_addr, memory_size, userspace_addr, mmap_offset}
            send(SET_MEM_TABLE, new long[] {1L, base, memory.segment().byteSize(), base, 0L}, memory.fd());
            memTableSent = true;
        }
        send(SET_VRING_NUM, new long[] {(queue & 0xFFFF_FFFFL) | ((long)size << 32)});
        send(SET_VRING_BASE, new long[] {queue & 0xFFFF_FFFFL});
        // struct vhost_vring_addr: u32 index, u32 flags, u64 desc, u64 used, u64 avail, u64 log
        send(SET_VRING_ADDR, new long[] {queue & 0xFFFF_FFFFL, descAddress, usedAddress, availAddress, 0L});
        send(SET_VRING_CALL, new long[] {queue | VRING_NOFD});
        send(SET_VRING_KICK, new long[] {queue | VRING_NOFD});
        if (protocolFeaturesOn)
        {
            send(SET_VRING_ENABLE, new long[] {(queue & 0xFFFF_FFFFL) | (1L << 32)});
        }
        ringsSetUp++;
    }

    /** Polling backend: nothing to do (no kick eventfd). */
    @Override
    public void notifyQueue(final int queue)
    {
    }

    /** False: the backend polls (no kick eventfd was passed). */
    @Override
    public boolean notifiesDevice()
    {
        return false;
    }

    @Override
    public int configU8(final int offset)
    {
        final int value = configU16(offset & ~1);
        return (offset & 1) == 0 ? value & 0xFF : value >>> 8;
    }

    /** The emulated config space: STATUS (offset 6) is LINK_UP while connected with the rings set up; 0 elsewhere. */
    @Override
    public int configU16(final int offset)
    {
        if (offset == VirtioNet.CONFIG_STATUS)
        {
            return connected() ? VirtioNet.S_LINK_UP : 0;
        }
        return 0;
    }

    @Override
    public boolean legacy()
    {
        return !VirtioFeatures.has(backendFeatures, VirtioFeatures.F_VERSION_1);
    }

    @Override
    public void close()
    {
        disconnect();
    }

    // ---------------------------------------------------------------------------------------------- state

    /** Connected with the rings set up, and the backend has not closed its end (one non-blocking peek). */
    public boolean connected()
    {
        if (socketFd < 0)
        {
            return false;
        }
        if (Linux.peerClosed(socketFd))
        {
            lastError = "the backend closed the connection";
            disconnect();
            return false;
        }
        return ringsSetUp > 0;
    }

    /** The features the backend offered. */
    public long backendFeatures()
    {
        return backendFeatures;
    }

    /** Protocol violations by the backend (each closes the connection). */
    public long protocolErrors()
    {
        return protocolErrors;
    }

    /** Successful connections (1 + reconnections). */
    public long connects()
    {
        return connects;
    }

    /** Why the connection last failed, or empty. */
    public String lastError()
    {
        return lastError;
    }
}
