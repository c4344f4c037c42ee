package org.jclick.nic.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

/**
 * The Linux system calls the drivers need, as FFM downcalls into the C library (no JNI, no native helper): memfd,
 * ftruncate, mmap/munmap, AF_UNIX sockets with SCM_RIGHTS, AF_PACKET sockets (socket, bind, set/getsockopt,
 * if_nametoindex, interface ioctls, the transmit-ring kick), eventfd, read/write, close. Each call captures errno
 * through {@link Linker.Option#captureCallState}. Failures throw {@link LinuxException}: these are setup-time
 * calls (x86-64 and aarch64 LP64 structure layouts), never on the per-packet path.
 */
public final class Linux
{
    public static final int MFD_CLOEXEC = 0x0001;
    public static final int MFD_ALLOW_SEALING = 0x0002;
    public static final int PROT_READ = 0x1;
    public static final int PROT_WRITE = 0x2;
    public static final int MAP_SHARED = 0x01;
    public static final int AF_UNIX = 1;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int SOL_SOCKET = 1;
    public static final int SCM_RIGHTS = 1;
    public static final int SO_RCVTIMEO = 20;
    public static final int SO_SNDTIMEO = 21;
    public static final int MSG_NOSIGNAL = 0x4000;
    public static final int MSG_CTRUNC = 0x8;
    public static final int MSG_PEEK = 0x2;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int EFD_CLOEXEC = 0x80000;
    public static final int EFD_NONBLOCK = 0x800;

    public static final int SOCK_RAW = 3;
    public static final int AF_PACKET = 17;
    /** {@code ioctl} requests on a socket taking a {@code struct ifreq}. */
    public static final long SIOCGIFFLAGS = 0x8913;
    public static final long SIOCGIFMTU = 0x8921;
    public static final long SIOCGIFINDEX = 0x8933;
    /** {@code struct ifreq}: the name (IFNAMSIZ bytes) then a 24-byte union; 40 bytes on LP64. */
    public static final int IFREQ_SIZE = 40;
    /** {@code IFNAMSIZ}: an interface name has at most 15 bytes plus the terminating NUL. */
    public static final int IFNAMSIZ = 16;

    /** Longest Unix socket path (sun_path holds 108 bytes with the terminating NUL). */
    public static final int UNIX_PATH_MAX = 107;
    /** Most file descriptors one message carries here (vhost-user sends at most 8). */
    public static final int MAX_FDS = 8;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
        CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final java.lang.foreign.AddressLayout ADDRESS = ValueLayout.ADDRESS;

    private static final MethodHandle MEMFD_CREATE = downcall("memfd_create", FunctionDescriptor.of(INT, ADDRESS, INT));
    private static final MethodHandle FTRUNCATE = downcall("ftruncate", FunctionDescriptor.of(INT, INT, LONG));
    private static final MethodHandle MMAP =
        downcall("mmap", FunctionDescriptor.of(ADDRESS, ADDRESS, LONG, INT, INT, INT, LONG));
    private static final MethodHandle MUNMAP = downcall("munmap", FunctionDescriptor.of(INT, ADDRESS, LONG));
    private static final MethodHandle SOCKET = downcall("socket", FunctionDescriptor.of(INT, INT, INT, INT));
    private static final MethodHandle CONNECT = downcall("connect", FunctionDescriptor.of(INT, INT, ADDRESS, INT));
    private static final MethodHandle SOCKETPAIR =
        downcall("socketpair", FunctionDescriptor.of(INT, INT, INT, INT, ADDRESS));
    private static final MethodHandle SETSOCKOPT =
        downcall("setsockopt", FunctionDescriptor.of(INT, INT, INT, INT, ADDRESS, INT));
    private static final MethodHandle SENDMSG = downcall("sendmsg", FunctionDescriptor.of(LONG, INT, ADDRESS, INT));
    private static final MethodHandle RECVMSG = downcall("recvmsg", FunctionDescriptor.of(LONG, INT, ADDRESS, INT));
    private static final MethodHandle RECV = downcall("recv", FunctionDescriptor.of(LONG, INT, ADDRESS, LONG, INT));
    private static final MethodHandle EVENTFD = downcall("eventfd", FunctionDescriptor.of(INT, INT, INT));
    private static final MethodHandle READ = downcall("read", FunctionDescriptor.of(LONG, INT, ADDRESS, LONG));
    private static final MethodHandle WRITE = downcall("write", FunctionDescriptor.of(LONG, INT, ADDRESS, LONG));
    private static final MethodHandle CLOSE = downcall("close", FunctionDescriptor.of(INT, INT));
    private static final MethodHandle BIND = downcall("bind", FunctionDescriptor.of(INT, INT, ADDRESS, INT));
    private static final MethodHandle GETSOCKOPT =
        downcall("getsockopt", FunctionDescriptor.of(INT, INT, INT, INT, ADDRESS, ADDRESS));
    private static final MethodHandle SENDTO =
        downcall("sendto", FunctionDescriptor.of(LONG, INT, ADDRESS, LONG, INT, ADDRESS, INT));
    private static final MethodHandle IF_NAMETOINDEX =
        downcall("if_nametoindex", FunctionDescriptor.of(INT, ADDRESS));
    /** {@code int ioctl(int fd, unsigned long request, ...)} called with one pointer argument (variadic). */
    private static final MethodHandle IOCTL_POINTER = LINKER.downcallHandle(
        LIBC.find("ioctl").orElseThrow(() -> new UnsatisfiedLinkError("libc has no ioctl")),
        FunctionDescriptor.of(INT, INT, LONG, ADDRESS), CAPTURE_ERRNO, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle POLL = downcall("poll", FunctionDescriptor.of(INT, ADDRESS, LONG, INT));
    /** poll(2) event: data to read. */
    public static final short POLLIN = 0x1;
    /** Bytes of a {@code struct pollfd}: int fd, short events, short revents. */
    public static final long POLLFD_BYTES = 8;

    // struct msghdr (LP64): name, namelen (+pad), iov, iovlen, control, controllen, flags (+pad): 56 bytes
    private static final long MSG_NAME = 0;
    private static final long MSG_NAMELEN = 8;
    private static final long MSG_IOV = 16;
    private static final long MSG_IOVLEN = 24;
    private static final long MSG_CONTROL = 32;
    private static final long MSG_CONTROLLEN = 40;
    private static final long MSG_FLAGS = 48;
    private static final long MSGHDR_SIZE = 56;
    // struct cmsghdr: size_t len, int level, int type, then data (8-byte aligned)
    private static final long CMSG_HEADER_SIZE = 16;
    private static final long SOCKADDR_UN_SIZE = 110;

    private Linux()
    {
    }

    private static MethodHandle downcall(final String name, final FunctionDescriptor descriptor)
    {
        final MemorySegment symbol = LIBC.find(name)
            .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(symbol, descriptor, CAPTURE_ERRNO);
    }

    private static int errno(final MemorySegment capture)
    {
        return (int)ERRNO.get(capture, 0L);
    }

    private static RuntimeException rethrow(final Throwable t)
    {
        if (t instanceof RuntimeException r)
        {
            return r;
        }
        if (t instanceof Error e)
        {
            throw e;
        }
        return new IllegalStateException(t);
    }

    // ---------------------------------------------------------------------------------------------- memory

    /** {@code memfd_create(name, flags)}: an anonymous file for memory shared with another process. */
    public static int memfdCreate(final String name, final int flags)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment capture = arena.allocate(CAPTURE_LAYOUT);
            final int fd = (int)MEMFD_CREATE.invokeExact(capture, arena.allocateFrom(name), flags);
            if (fd < 0)
            {
                throw new LinuxException("memfd_create(" + name + ")", errno(capture));
            }
            return fd;
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /** {@code ftruncate(fd, sizeBytes)}. */
    public static void ftruncate(final int fd, final long sizeBytes)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment capture = arena.allocate(CAPTURE_LAYOUT);
            if ((int)FTRUNCATE.invokeExact(capture, fd, sizeBytes) != 0)
            {
                throw new LinuxException("ftruncate(" + fd + ", " + sizeBytes + ")", errno(capture));
            }
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /** {@code mmap(NULL, sizeBytes, PROT_READ|PROT_WRITE, MAP_SHARED, fd, 0)}, as a segment of {@code sizeBytes}. */
    public static MemorySegment mmapShared(final int fd, final long sizeBytes)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment capture = arena.allocate(CAPTURE_LAYOUT);
            final MemorySegment address = (MemorySegment)MMAP.invokeExact(
                capture, MemorySegment.NULL, sizeBytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0L);
            if (address.address() == -1L)
            {
                throw new LinuxException("mmap(" + sizeBytes + " bytes of fd " + fd + ")", errno(capture));
            }
            return address.reinterpret(sizeBytes);
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /** {@code munmap(segment.address(), segment.byteSize())}. */
    public static void munmap(final MemorySegment segment)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment capture = arena.allocate(CAPTURE_LAYOUT);
            if ((int)MUNMAP.invokeExact(capture, segment, segment.byteSize()) != 0)
            {
                throw new LinuxException("munmap", errno(capture));
            }
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    // ---------------------------------------------------------------------------------------------- sockets

    /** A new {@code AF_UNIX, SOCK_STREAM} socket (close-on-exec). */
    public static int unixStreamSocket()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment capture = arena.allocate(CAPTURE_LAYOUT);
            final int fd = (int)SOCKET.invokeExact(capture, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
            if (fd < 0)
            {
                throw new LinuxException("socket(AF_UNIX)", errno(capture));
            }
            return fd;
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /** {@code socketpair(AF_UNIX, SOCK_STREAM)}: two connected sockets (for tests and in-process peers). */
    public static int[] unixStreamSocketPair()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment capture = arena.allocate(CAPTURE_LAYOUT);
            final MemorySegment fds = arena.allocate(INT, 2);
            if ((int)SOCKETPAIR.invokeExact(capture, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
            {
                throw new LinuxException("socketpair(AF_UNIX)", errno(capture));
            }
            return new int[] {fds.getAtIndex(INT, 0), fds.getAtIndex(INT, 1)};
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /** {@code connect(fd, sockaddr_un{path})}. */
    public static void connectUnix(final int fd, final String path)
    {
        final byte[] pathBytes = path.getBytes(StandardCharsets.UTF_8);
        if (pathBytes.length == 0 || pathBytes.length > UNIX_PATH_MAX)
        {
            throw new IllegalArgumentException("Unix socket path must have 1 to " + UNIX_PATH_MAX + " bytes: " + path);
        }
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment capture = arena.allocate(CAPTURE_LAYOUT);
            final MemorySegment address = arena.allocate(SOCKADDR_UN_SIZE, 8);
            address.set(ValueLayout.JAVA_SHORT, 0, (short)AF_UNIX);
            MemorySegment.copy(pathBytes, 0, address, ValueLayout.JAVA_BYTE, 2, pathBytes.length);
            if ((int)CONNECT.invokeExact(capture, fd, address, (int)SOCKADDR_UN_SIZE) != 0)
            {
                throw new LinuxException("connect(" + path + ")", errno(capture));
            }
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /** Sets SO_RCVTIMEO and SO_SNDTIMEO: a blocked receive or send fails with EAGAIN after {@code timeoutNs}. */
    public static void setTimeouts(final int fd, final long timeoutNs)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment capture = arena.allocate(CAPTURE_LAYOUT);
            final MemorySegment timeval = arena.allocate(16, 8);
            timeval.set(LONG, 0, timeoutNs / 1_000_000_000L);
            timeval.set(LONG, 8, (timeoutNs % 1_000_000_000L) / 1_000L);
            for (final int option : new int[] {SO_RCVTIMEO, SO_SNDTIMEO})
            {
                if ((int)SETSOCKOPT.invokeExact(capture, fd, SOL_SOCKET, option, timeval, 16) != 0)
                {
                    throw new LinuxException("setsockopt(SO_RCVTIMEO/SO_SNDTIMEO)", errno(capture));
                }
            }
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /**
     * Sends {@code data[0..lengthBytes)} in one {@code sendmsg}, with {@code fds} (possibly empty, at most
     * {@link #MAX_FDS}) as SCM_RIGHTS ancillary data. Returns the bytes sent.
     */
    public static long sendWithFds(final int socketFd, final MemorySegment data, final long lengthBytes, final int[] fds)
    {
        if (fds.length > MAX_FDS)
        {
            throw new IllegalArgumentException("at most " + MAX_FDS + " fds per message: " + fds.length);
        }
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment capture = arena.allocate(CAPTURE_LAYOUT);
            final MemorySegment msg = arena.allocate(MSGHDR_SIZE, 8);
            final MemorySegment iov = arena.allocate(16, 8);
            iov.set(ADDRESS, 0, data);
            iov.set(LONG, 8, lengthBytes);
            msg.set(ADDRESS, MSG_IOV, iov);
            msg.set(LONG, MSG_IOVLEN, 1L);
            if (fds.length > 0)
            {
                final long dataBytes = 4L * fds.length;
                final long space = CMSG_HEADER_SIZE + ((dataBytes + 7) & ~7L);
                final MemorySegment control = arena.allocate(space, 8);
                control.set(LONG, 0, CMSG_HEADER_SIZE + dataBytes);
                control.set(INT, 8, SOL_SOCKET);
                control.set(INT, 12, SCM_RIGHTS);
                for (int i = 0; i < fds.length; i++)
                {
                    control.set(INT, CMSG_HEADER_SIZE + 4L * i, fds[i]);
                }
                msg.set(ADDRESS, MSG_CONTROL, control);
                msg.set(LONG, MSG_CONTROLLEN, space);
            }
            final long sent = (long)SENDMSG.invokeExact(capture, socketFd, msg, MSG_NOSIGNAL);
            if (sent < 0)
            {
                throw new LinuxException("sendmsg", errno(capture));
            }
            return sent;
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /**
     * Receives up to {@code lengthBytes} into {@code buffer} with one {@code recvmsg}. File descriptors that come
     * with the message are closed (the drivers expect none). Returns the bytes received, 0 at end of stream;
     * throws {@link LinuxException} with {@link Errno#EAGAIN} when the receive timeout expired.
     */
    public static long receive(final int socketFd, final MemorySegment buffer, final long lengthBytes)
    {
        return receive(socketFd, buffer, lengthBytes, null);
    }

    /**
     * As {@link #receive(int, MemorySegment, long)}, but the file descriptors that come with the message are
     * stored in {@code fdsOut} (the rest of it set to -1; fds beyond its length are closed) when it is not null.
     */
    public static long receive(final int socketFd, final MemorySegment buffer, final long lengthBytes, final int[] fdsOut)
    {
        if (fdsOut != null)
        {
            java.util.Arrays.fill(fdsOut, -1);
        }
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment capture = arena.allocate(CAPTURE_LAYOUT);
            final MemorySegment msg = arena.allocate(MSGHDR_SIZE, 8);
            final MemorySegment iov = arena.allocate(16, 8);
            final long controlSpace = CMSG_HEADER_SIZE + 4L * MAX_FDS;
            final MemorySegment control = arena.allocate(controlSpace, 8);
            iov.set(ADDRESS, 0, buffer);
            iov.set(LONG, 8, lengthBytes);
            msg.set(ADDRESS, MSG_IOV, iov);
            msg.set(LONG, MSG_IOVLEN, 1L);
            msg.set(ADDRESS, MSG_CONTROL, control);
            msg.set(LONG, MSG_CONTROLLEN, controlSpace);
            long received;
            do
            {
                received = (long)RECVMSG.invokeExact(capture, socketFd, msg, 0);
            }
            while (received < 0 && errno(capture) == Errno.EINTR);
            if (received < 0)
            {
                throw new LinuxException("recvmsg", errno(capture));
            }
            takeReceivedFds(msg, control, controlSpace, fdsOut);
            return received;
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    private static void takeReceivedFds(
        final MemorySegment msg, final MemorySegment control, final long controlSpace, final int[] fdsOut)
    {
        final long controlLength = Math.min(msg.get(LONG, MSG_CONTROLLEN), controlSpace);
        if (controlLength < CMSG_HEADER_SIZE)
        {
            return;
        }
        final long cmsgLength = Math.min(control.get(LONG, 0), controlLength);
        if (control.get(INT, 8) == SOL_SOCKET && control.get(INT, 12) == SCM_RIGHTS)
        {
            int taken = 0;
            for (long offset = CMSG_HEADER_SIZE; offset + 4 <= cmsgLength; offset += 4)
            {
                final int fd = control.get(INT, offset);
                if (fdsOut != null && taken < fdsOut.length)
                {
                    fdsOut[taken++] = fd;
                }
                else
                {
                    closeQuietly(fd);
                }
            }
        }
    }

    /**
     * Whether the peer of stream socket {@code socketFd} has closed its end or the socket failed: a
     * non-blocking {@code recv(MSG_PEEK)} that returns 0 (end of stream) or an error other than EAGAIN. Data
     * waiting to be read does not count.
     */
    public static boolean peerClosed(final int socketFd)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment capture = arena.allocate(CAPTURE_LAYOUT);
            final MemorySegment one = arena.allocate(1);
            final long n = (long)RECV.invokeExact(capture, socketFd, one, 1L, MSG_PEEK | MSG_DONTWAIT);
            return n == 0 || (n < 0 && errno(capture) != Errno.EAGAIN && errno(capture) != Errno.EINTR);
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    // ---------------------------------------------------------------------------------------------- eventfd, fds

    /** {@code eventfd(initialValue, flags)}. */
    public static int eventfd(final int initialValue, final int flags)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment capture = arena.allocate(CAPTURE_LAYOUT);
            final int fd = (int)EVENTFD.invokeExact(capture, initialValue, flags);
            if (fd < 0)
            {
                throw new LinuxException("eventfd", errno(capture));
            }
            return fd;
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /** {@code read(fd, buffer, lengthBytes)}: bytes read, or {@code -errno}. {@code capture} from {@link #allocateCapture}. */
    public static long read(final MemorySegment capture, final int fd, final MemorySegment buffer, final long lengthBytes)
    {
        try
        {
            final long n = (long)READ.invokeExact(capture, fd, buffer, lengthBytes);
            return n < 0 ? -errno(capture) : n;
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /** {@code write(fd, buffer, lengthBytes)}: bytes written, or {@code -errno}. Allocation-free with a reused capture. */
    public static long write(final MemorySegment capture, final int fd, final MemorySegment buffer, final long lengthBytes)
    {
        try
        {
            final long n = (long)WRITE.invokeExact(capture, fd, buffer, lengthBytes);
            return n < 0 ? -errno(capture) : n;
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /**
     * {@code poll(fds, 1, timeoutMs)} on one {@code struct pollfd} ({@link #POLLFD_BYTES} bytes at {@code pollfd},
     * filled by the caller): the number of ready descriptors (0 on timeout), or {@code -errno}. Allocation-free with
     * a reused capture.
     */
    public static int poll(final MemorySegment capture, final MemorySegment pollfd, final int timeoutMs)
    {
        try
        {
            final int n = (int)POLL.invokeExact(capture, pollfd, 1L, timeoutMs);
            return n < 0 ? -errno(capture) : n;
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /** A segment to receive errno from {@link #read} and {@link #write}, reusable by one thread. */
    public static MemorySegment allocateCapture(final Arena arena)
    {
        return arena.allocate(CAPTURE_LAYOUT);
    }

    /** {@code close(fd)}; throws on failure. */
    public static void close(final int fd)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment capture = arena.allocate(CAPTURE_LAYOUT);
            if ((int)CLOSE.invokeExact(capture, fd) != 0)
            {
                throw new LinuxException("close(" + fd + ")", errno(capture));
            }
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /** {@code close(fd)} ignoring errors (for cleanup paths); does nothing for a negative fd. */
    public static void closeQuietly(final int fd)
    {
        if (fd < 0)
        {
            return;
        }
        try
        {
            close(fd);
        }
        catch (final LinuxException ignored)
        {
            // already closed or invalid: nothing more to release
        }
    }

    // ---------------------------------------------------------------------------------------------- packet sockets

    /** {@code socket(domain, type | SOCK_CLOEXEC, protocol)}. */
    public static int socket(final int domain, final int type, final int protocol)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment capture = arena.allocate(CAPTURE_LAYOUT);
            final int fd = (int)SOCKET.invokeExact(capture, domain, type | SOCK_CLOEXEC, protocol);
            if (fd < 0)
            {
                throw new LinuxException("socket(" + domain + ", " + type + ", " + protocol + ")", errno(capture));
            }
            return fd;
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /** {@code bind(fd, address, address.byteSize())}; {@code what} names the call in the exception. */
    public static void bind(final int fd, final MemorySegment address, final String what)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment capture = arena.allocate(CAPTURE_LAYOUT);
            if ((int)BIND.invokeExact(capture, fd, address, (int)address.byteSize()) != 0)
            {
                throw new LinuxException(what, errno(capture));
            }
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /** {@code setsockopt(fd, level, option, value, value.byteSize())}; {@code what} names the option. */
    public static void setsockopt(final int fd, final int level, final int option, final MemorySegment value,
        final String what)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment capture = arena.allocate(CAPTURE_LAYOUT);
            if ((int)SETSOCKOPT.invokeExact(capture, fd, level, option, value, (int)value.byteSize()) != 0)
            {
                throw new LinuxException("setsockopt(" + what + ")", errno(capture));
            }
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /** {@code setsockopt} of an {@code int} option. */
    public static void setsockoptInt(final int fd, final int level, final int option, final int value,
        final String what)
    {
        try (Arena arena = Arena.ofConfined())
        {
            setsockopt(fd, level, option, arena.allocateFrom(INT, value), what);
        }
    }

    /**
     * {@code getsockopt(fd, level, option, value, &len)} with {@code len = value.byteSize()}: the length the
     * kernel wrote.
     */
    public static int getsockopt(final int fd, final int level, final int option, final MemorySegment value,
        final String what)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment capture = arena.allocate(CAPTURE_LAYOUT);
            final MemorySegment length = arena.allocateFrom(INT, (int)value.byteSize());
            if ((int)GETSOCKOPT.invokeExact(capture, fd, level, option, value, length) != 0)
            {
                throw new LinuxException("getsockopt(" + what + ")", errno(capture));
            }
            return length.get(INT, 0);
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /** {@code if_nametoindex(name)}: the interface index, or 0 when there is no such interface. */
    public static int ifNameToIndex(final String name)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment capture = arena.allocate(CAPTURE_LAYOUT);
            return (int)IF_NAMETOINDEX.invokeExact(capture, arena.allocateFrom(name));
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /**
     * An {@code ioctl(fd, request, &ifreq)} on interface {@code name} (at most {@link #IFNAMSIZ} - 1 bytes) that
     * reads an {@code int} from the union (e.g. SIOCGIFINDEX, SIOCGIFMTU). Throws {@link LinuxException} (ENODEV
     * for an unknown interface).
     */
    public static int ioctlIfreqInt(final int fd, final long request, final String name)
    {
        return (int)ioctlIfreq(fd, request, name, false);
    }

    /** As {@link #ioctlIfreqInt}, for a request that reads a {@code short} (SIOCGIFFLAGS): the unsigned value. */
    public static int ioctlIfreqShort(final int fd, final long request, final String name)
    {
        return (int)ioctlIfreq(fd, request, name, true);
    }

    private static long ioctlIfreq(final int fd, final long request, final String name, final boolean shortValue)
    {
        final byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length == 0 || nameBytes.length >= IFNAMSIZ)
        {
            throw new IllegalArgumentException("interface name must have 1 to " + (IFNAMSIZ - 1) + " bytes: " + name);
        }
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment capture = arena.allocate(CAPTURE_LAYOUT);
            final MemorySegment ifreq = arena.allocate(IFREQ_SIZE, 8);
            MemorySegment.copy(nameBytes, 0, ifreq, ValueLayout.JAVA_BYTE, 0, nameBytes.length);
            if ((int)IOCTL_POINTER.invokeExact(capture, fd, request, ifreq) != 0)
            {
                throw new LinuxException("ioctl(" + name + ", 0x" + Long.toHexString(request) + ")", errno(capture));
            }
            return shortValue ? ifreq.get(ValueLayout.JAVA_SHORT, IFNAMSIZ) & 0xFFFF : ifreq.get(INT, IFNAMSIZ);
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /**
     * {@code sendto(fd, NULL, 0, flags, NULL, 0)}: the kick of a packet socket's transmit ring. Returns the bytes
     * queued, or {@code -errno}. Allocation-free with a reused {@code capture} from {@link #allocateCapture}.
     */
    public static long sendKick(final MemorySegment capture, final int fd, final int flags)
    {
        try
        {
            final long n = (long)SENDTO.invokeExact(capture, fd, MemorySegment.NULL, 0L, flags, MemorySegment.NULL, 0);
            return n < 0 ? -errno(capture) : n;
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }
}
