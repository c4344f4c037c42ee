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
 * <p>By default both sides poll: no eventfds are passed ({@code SET_VRING_CALL/KICK} carry {@code index | 0x100},
 * "no fd"), so {@link #notifyQueue} does nothing and the driver skips the notification check. With
 * {@code eventfds}, each ring gets a kick and a call eventfd (passed with SCM_RIGHTS): {@link #notifyQueue} writes
 * the kick fd (the driver calls it only when the ring's suppression flags / EVENT_IDX ask for it), and
 * {@link #awaitNotification} blocks in poll(2) on the call fd.
 *
 * <p>vhost-user has no device config space of its own: this transport
 * emulates the net config's STATUS field (link up while the socket is connected and the rings are set up) and
 * offers {@code VIRTIO_NET_F_STATUS} for it, without passing that bit to the backend. The control queue, MQ, MAC
 * and checksum offloads are not offered (DPDK's backend leaves the control queue to the frontend).
 *
 * <p>Multiqueue: with {@code maxQueuePairs > 1}, a backend that offers VHOST_USER_PROTOCOL_F_MQ is asked for its
 * queue count ({@code GET_QUEUE_NUM}) and the transport offers {@code VIRTIO_NET_F_MQ} (passed to the backend) and a
 * control queue, which it emulates itself, as DPDK's virtio-user does (the vhost-user backend has none):
 * {@code VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET} enables or disables the rings with {@code SET_VRING_ENABLE}; RX-mode
 * commands are acknowledged (the backend delivers everything).
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
    public static final int GET_QUEUE_NUM = 17;
    public static final int SET_VRING_ENABLE = 18;
    /** VHOST_USER_PROTOCOL_F_MQ. */
    public static final int PROTOCOL_F_MQ = 0;

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
    /** Rings this transport can set up: 64 queue pairs and a control queue. */
    public static final int MAX_RINGS = 129;
    /** Per-ring I/O segment: the 8-byte kick value at 0, the read buffer at 8, the pollfd at 16. */
    private static final int IO_BYTES = 32;
    /** Least receive timeout. */
    public static final long MIN_TIMEOUT_NS = 2_000_000_000L;

    /** Backend features the net driver may accept through this transport. */
    public static final long FEATURES_PASSED = VirtioFeatures.bit(VirtioFeatures.F_VERSION_1) |
        VirtioFeatures.bit(VirtioFeatures.NET_F_MRG_RXBUF) | VirtioFeatures.bit(VirtioFeatures.F_RING_EVENT_IDX) |
        VirtioFeatures.bit(VirtioFeatures.F_ANY_LAYOUT) | VirtioFeatures.bit(VirtioFeatures.F_RING_INDIRECT_DESC) |
        VirtioFeatures.bit(VirtioFeatures.F_RING_PACKED) | VirtioFeatures.bit(VirtioFeatures.F_IN_ORDER);

    private final String path;
    private final MemfdDmaMemory memory;
    private final long timeoutNs;
    private final boolean useProtocolFeatures;
    private final boolean eventfds;
    private final int maxQueuePairs;
    /** Queue pairs the backend supports (GET_QUEUE_NUM), 1 without MQ. */
    private int backendQueuePairs = 1;
    private boolean mqOn;
    /** The emulated control queue (device side), or null. */
    private org.jclick.nic.virtio.model.DeviceRing ctrlQueue;
    /** Whether the driver accepted VIRTIO_F_RING_PACKED: every ring (the emulated control queue too) is packed. */
    private boolean packedRings;
    private int ctrlQueueIndex = -1;
    private long ctrlCommands;
    /** Per ring (index): the kick and call eventfds (-1 until set up), and allocation-free I/O segments. */
    private final int[] kickFds = new int[MAX_RINGS];
    private final int[] callFds = new int[MAX_RINGS];
    private final MemorySegment[] ringIo = new MemorySegment[MAX_RINGS];
    private final MemorySegment[] ringCapture = new MemorySegment[MAX_RINGS];
    private final MemorySegment[] ringPollfd = new MemorySegment[MAX_RINGS];
    private final MemorySegment[] ringReadBuffer = new MemorySegment[MAX_RINGS];
    private final Arena ioArena = Arena.ofShared();
    private long kicks;
    private long calls;

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
        this(path, memory, timeoutNs, useProtocolFeatures, false, 1);
    }

    /**
     * As {@link #VhostUserTransport(String, MemfdDmaMemory, long, boolean)}, with kick and call eventfds per ring
     * when {@code eventfds} (see the class comment).
     */
    public VhostUserTransport(final String path, final MemfdDmaMemory memory, final long timeoutNs,
        final boolean useProtocolFeatures, final boolean eventfds)
    {
        this(path, memory, timeoutNs, useProtocolFeatures, eventfds, 1);
    }

    /**
     * As {@link #VhostUserTransport(String, MemfdDmaMemory, long, boolean, boolean)}, negotiating multiqueue (see
     * the class comment) when {@code maxQueuePairs > 1}.
     */
    public VhostUserTransport(final String path, final MemfdDmaMemory memory, final long timeoutNs,
        final boolean useProtocolFeatures, final boolean eventfds, final int maxQueuePairs)
    {
        if (maxQueuePairs < 1 || 2 * maxQueuePairs + 1 > MAX_RINGS)
        {
            throw new IllegalArgumentException("queue pairs must be in [1, " + (MAX_RINGS - 1) / 2 + "]: " +
                maxQueuePairs);
        }
        this.maxQueuePairs = maxQueuePairs;
        this.path = path;
        this.memory = memory;
        this.timeoutNs = Math.max(MIN_TIMEOUT_NS, timeoutNs);
        this.useProtocolFeatures = useProtocolFeatures;
        this.eventfds = eventfds;
        java.util.Arrays.fill(kickFds, -1);
        java.util.Arrays.fill(callFds, -1);
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
        mqOn = false;
        backendQueuePairs = 1;
        ctrlQueue = null;
        send(SET_OWNER, null);
        backendFeatures = request(GET_FEATURES);
        if ((useProtocolFeatures || maxQueuePairs > 1) && VirtioFeatures.has(backendFeatures, F_PROTOCOL_FEATURES))
        {
            // as QEMU does: protocol features before SET_FEATURES (which then carries bit 30)
            final long offeredProtocol = request(GET_PROTOCOL_FEATURES);
            final long acceptedProtocol = maxQueuePairs > 1 ? offeredProtocol & (1L << PROTOCOL_F_MQ) : 0L;
            send(SET_PROTOCOL_FEATURES, new long[] {acceptedProtocol});
            protocolFeaturesOn = true;
            if ((acceptedProtocol & (1L << PROTOCOL_F_MQ)) != 0 &&
                VirtioFeatures.has(backendFeatures, VirtioFeatures.NET_F_MQ))
            {
                final long queues = request(GET_QUEUE_NUM);
                backendQueuePairs = (int)Math.max(1, Math.min(queues, (MAX_RINGS - 1) / 2));
                mqOn = backendQueuePairs > 1;
            }
        }
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
        final long mq = mqOn ? VirtioFeatures.bit(VirtioFeatures.NET_F_MQ) |
            VirtioFeatures.bit(VirtioFeatures.NET_F_CTRL_VQ) | VirtioFeatures.bit(VirtioFeatures.NET_F_CTRL_RX) : 0L;
        return (backendFeatures & passed()) | VirtioFeatures.bit(VirtioFeatures.NET_F_STATUS) | mq;
    }

    /**
     * {@link #FEATURES_PASSED}, less EVENT_IDX when polling: without eventfds there is nothing to suppress, and
     * the backend would read used_event (a cache line of the avail ring) on every used-ring update instead of the
     * avail flags it reads anyway. DPDK's own virtio-user frontend does not negotiate it either.
     */
    private long passed()
    {
        return eventfds ? FEATURES_PASSED : FEATURES_PASSED & ~VirtioFeatures.bit(VirtioFeatures.F_RING_EVENT_IDX);
    }

    @Override
    public void setDriverFeatures(final long features)
    {
        ensureConnected();
        // the control queue is this transport's own: CTRL_VQ/CTRL_RX are not passed; MQ is
        final long mq = mqOn ? VirtioFeatures.bit(VirtioFeatures.NET_F_MQ) : 0L;
        long toBackend = features & backendFeatures & (passed() | mq);
        packedRings = VirtioFeatures.has(features, VirtioFeatures.F_RING_PACKED);
        if (protocolFeaturesOn)
        {
            toBackend |= VirtioFeatures.bit(F_PROTOCOL_FEATURES);
        }
        send(SET_FEATURES, new long[] {toBackend});
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

    /** 32768 for the rings of the backend's queue pairs, 64 for the emulated control queue (with MQ), else 0. */
    @Override
    public int queueMaxSize(final int queue)
    {
        if (queue >= 0 && queue < 2 * backendQueuePairs)
        {
            return 32768;
        }
        return mqOn && queue == 2 * backendQueuePairs ? 64 : 0;
    }

    @Override
    public void setupQueue(final int queue, final int size, final long descAddress, final long availAddress,
        final long usedAddress)
    {
        ensureConnected();
        if (mqOn && queue == 2 * backendQueuePairs)
        {
            // the emulated control queue: served in notifyQueue, nothing sent to the backend
            ctrlQueue = packedRings ?
                new org.jclick.nic.virtio.model.PackedDeviceQueue(memory.segment(), memory.deviceAddress(0), size,
                    descAddress, availAddress, usedAddress) :
                new org.jclick.nic.virtio.model.DeviceQueue(memory.segment(), memory.deviceAddress(0), size,
                    descAddress, availAddress, usedAddress);
            ctrlQueueIndex = queue;
            return;
        }
        if (!memTableSent)
        {
            final long base = memory.deviceAddress(0);
            // struct: u32 nregions, u32 padding, then {guest_phys_addr, memory_size, userspace_addr, mmap_offset}
            send(SET_MEM_TABLE, new long[] {1L, base, memory.segment().byteSize(), base, 0L}, memory.fd());
            memTableSent = true;
        }
        send(SET_VRING_NUM, new long[] {(queue & 0xFFFF_FFFFL) | ((long)size << 32)});
        // vhost-user.rst, "Vring descriptor indices for packed virtqueues": bits 0-14 the next available descriptor,
        // bit 15 its wrap counter, bits 16-30 and 31 the same for the used side; a new packed ring starts at slot 0
        // with both wrap counters 1 (virtio 2.8.1). Split rings: the avail index, 0.
        final long base = packedRings ? 0x8000L | (0x8000L << 16) : 0L;
        send(SET_VRING_BASE, new long[] {(queue & 0xFFFF_FFFFL) | (base << 32)});
        // struct vhost_vring_addr: u32 index, u32 flags, u64 desc, u64 used, u64 avail, u64 log (packed rings: the
        // descriptor ring, the device event suppression area as "used", the driver's as "avail")
        send(SET_VRING_ADDR, new long[] {queue & 0xFFFF_FFFFL, descAddress, usedAddress, availAddress, 0L});
        if (eventfds)
        {
            if (kickFds[queue] < 0)
            {
                kickFds[queue] = Linux.eventfd(0, Linux.EFD_CLOEXEC | Linux.EFD_NONBLOCK);
                callFds[queue] = Linux.eventfd(0, Linux.EFD_CLOEXEC | Linux.EFD_NONBLOCK);
                ringIo[queue] = ioArena.allocate(IO_BYTES, 8);
                ringIo[queue].set(ValueLayout.JAVA_LONG, 0, 1L);
                ringIo[queue].set(ValueLayout.JAVA_INT, 16, callFds[queue]);
                ringCapture[queue] = Linux.allocateCapture(ioArena);
                ringPollfd[queue] = ringIo[queue].asSlice(16, Linux.POLLFD_BYTES);
                ringReadBuffer[queue] = ringIo[queue].asSlice(8, 8);
            }
            send(SET_VRING_CALL, new long[] {queue & 0xFFFF_FFFFL}, callFds[queue]);
            send(SET_VRING_KICK, new long[] {queue & 0xFFFF_FFFFL}, kickFds[queue]);
        }
        else
        {
            send(SET_VRING_CALL, new long[] {queue | VRING_NOFD});
            send(SET_VRING_KICK, new long[] {queue | VRING_NOFD});
        }
        if (protocolFeaturesOn)
        {
            send(SET_VRING_ENABLE, new long[] {(queue & 0xFFFF_FFFFL) | (1L << 32)});
        }
        ringsSetUp++;
    }

    /** Writes the ring's kick eventfd; nothing for a polling backend (no kick eventfd). Allocation-free. */
    @Override
    public void notifyQueue(final int queue)
    {
        if (queue == ctrlQueueIndex && ctrlQueue != null)
        {
            serveControl();
            return;
        }
        if (eventfds && queue >= 0 && queue < MAX_RINGS && kickFds[queue] >= 0)
        {
            Linux.write(ringCapture[queue], kickFds[queue], ringIo[queue], 8);
            kicks++;
        }
    }

    /** Whether kick eventfds are in use (else the backend polls and the driver skips the notification check). */
    @Override
    public boolean notifiesDevice()
    {
        return eventfds;
    }

    /** Whether call eventfds are in use. */
    @Override
    public boolean notifiesDriver()
    {
        return eventfds;
    }

    /**
     * Blocks in poll(2) on the ring's call eventfd for up to {@code timeoutNs} (at least 1 ms when positive), then
     * clears it; returns whether the backend signalled. Allocation-free.
     */
    @Override
    public boolean awaitNotification(final int queue, final long timeoutNs)
    {
        if (!eventfds || queue < 0 || queue >= MAX_RINGS || callFds[queue] < 0)
        {
            return false;
        }
        final MemorySegment io = ringIo[queue];
        io.set(ValueLayout.JAVA_INT, 20, Linux.POLLIN); // events (short) and revents (short) = 0
        final int timeoutMs = timeoutNs <= 0 ? 0 : (int)Math.min(Integer.MAX_VALUE, Math.max(1, timeoutNs / 1_000_000));
        final int ready = Linux.poll(ringCapture[queue], ringPollfd[queue], timeoutMs);
        if (ready <= 0)
        {
            return false;
        }
        // non-blocking read of the 8-byte counter: resets it
        Linux.read(ringCapture[queue], callFds[queue], ringReadBuffer[queue], 8);
        calls++;
        return true;
    }

    /** Serves the emulated control queue (setup time: allocates). */
    private void serveControl()
    {
        final MemorySegment s = memory.segment();
        while (ctrlQueue.available() > 0)
        {
            final int head = ctrlQueue.takeAvailable();
            int result = 1; // VIRTIO_NET_ERR
            try
            {
                final java.util.List<org.jclick.nic.virtio.model.DeviceQueue.Buffer> chain = ctrlQueue.chain(head);
                final org.jclick.nic.virtio.model.DeviceQueue.Buffer header = chain.get(0);
                final org.jclick.nic.virtio.model.DeviceQueue.Buffer ack = chain.get(chain.size() - 1);
                final int commandClass = s.get(ValueLayout.JAVA_BYTE, header.offset());
                final int command = s.get(ValueLayout.JAVA_BYTE, header.offset() + 1);
                if (commandClass == 4 && command == 0 && chain.size() >= 3) // VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET
                {
                    final int pairs = s.get(ValueLayout.JAVA_SHORT_UNALIGNED, chain.get(1).offset()) & 0xFFFF;
                    if (pairs >= 1 && pairs <= backendQueuePairs)
                    {
                        for (int ring = 0; ring < ringsSetUp; ring++)
                        {
                            final long enable = ring < 2L * pairs ? 1L : 0L;
                            send(SET_VRING_ENABLE, new long[] {(ring & 0xFFFF_FFFFL) | (enable << 32)});
                        }
                        result = 0;
                    }
                }
                else if (commandClass == 0) // VIRTIO_NET_CTRL_RX: the backend delivers every frame anyway
                {
                    result = 0;
                }
                if (ack.writable() && ack.length() >= 1)
                {
                    s.set(ValueLayout.JAVA_BYTE, ack.offset(), (byte)result);
                }
            }
            catch (final IllegalStateException | IndexOutOfBoundsException e)
            {
                // a malformed command chain: answered with no ack byte (the driver times out)
            }
            ctrlCommands++;
            ctrlQueue.putUsed(head, 1);
            ctrlQueue.publishUsed(0);
        }
    }

    /** Queue pairs the backend supports (GET_QUEUE_NUM with MQ; 1 otherwise). */
    public int backendQueuePairs()
    {
        return backendQueuePairs;
    }

    /** Control commands served by the emulated control queue. */
    public long controlCommands()
    {
        return ctrlCommands;
    }

    /** Kicks written (eventfd mode). */
    public long kicks()
    {
        return kicks;
    }

    /** Call notifications received by {@link #awaitNotification}. */
    public long calls()
    {
        return calls;
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
        if (offset == VirtioNet.CONFIG_MAX_VIRTQUEUE_PAIRS)
        {
            return backendQueuePairs;
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
        for (int i = 0; i < MAX_RINGS; i++)
        {
            Linux.closeQuietly(kickFds[i]);
            Linux.closeQuietly(callFds[i]);
            kickFds[i] = -1;
            callFds[i] = -1;
        }
        if (ioArena.scope().isAlive())
        {
            ioArena.close();
        }
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
