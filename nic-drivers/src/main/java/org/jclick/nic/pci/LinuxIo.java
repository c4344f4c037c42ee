package org.jclick.nic.pci;

import java.io.IOException;
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

/**
 * The few Linux system calls the in-guest transports need (open, close, pread, pwrite, mmap, munmap, mlock, ioctl),
 * as FFM downcalls into libc: no JNI, no native helper, no {@code Unsafe}. Constants are those of x86-64 Linux.
 * <p>
 * The throwing methods are for setup. The {@code raw} variants return {@code -errno} on failure and allocate
 * nothing, for the one packet-path use (a legacy PCI notify is a 2-byte {@code pwrite} to the I/O BAR file); the
 * caller passes its own errno capture segment from {@link #newCaptureState(Arena)}.
 */
@SuppressWarnings("restricted") // native calls and raw pointers are this class's whole job
public final class LinuxIo
{
    /** open(2) flags (x86-64). */
    public static final int O_RDONLY = 0;
    /** Read and write. */
    public static final int O_RDWR = 2;
    /** Create if missing. */
    public static final int O_CREAT = 0x40;
    /** Synchronous I/O; on /dev/mem it also asks for an uncached mapping. */
    public static final int O_SYNC = 0x101000;
    /** Close on exec. */
    public static final int O_CLOEXEC = 0x80000;

    /** mmap(2) protection and flags (x86-64). */
    public static final int PROT_READ = 1;
    /** Writable mapping. */
    public static final int PROT_WRITE = 2;
    /** Shared mapping (writes reach the file or device). */
    public static final int MAP_SHARED = 0x01;
    /** No file behind the mapping. */
    public static final int MAP_ANONYMOUS = 0x20;
    /** Fault all pages in at mmap time. */
    public static final int MAP_POPULATE = 0x8000;
    /** Back the mapping with huge pages of the default size (2 MiB on x86-64). */
    public static final int MAP_HUGETLB = 0x40000;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
        CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    // open is variadic: the mode is the first variadic argument (index 2)
    private static final MethodHandle OPEN = downcall("open",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
        CAPTURE_ERRNO, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle CLOSE = downcall("close",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle PREAD = downcall("pread",
        FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_LONG), CAPTURE_ERRNO);
    private static final MethodHandle PWRITE = downcall("pwrite",
        FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_LONG), CAPTURE_ERRNO);
    private static final MethodHandle MMAP = downcall("mmap",
        FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG), CAPTURE_ERRNO);
    private static final MethodHandle MUNMAP = downcall("munmap",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG), CAPTURE_ERRNO);
    private static final MethodHandle MLOCK = downcall("mlock",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG), CAPTURE_ERRNO);
    // ioctl is variadic: the third argument is the first variadic one
    private static final MethodHandle IOCTL_POINTER = downcall("ioctl",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS),
        CAPTURE_ERRNO, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle IOCTL_VALUE = downcall("ioctl",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG),
        CAPTURE_ERRNO, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle STRERROR = downcall("strerror",
        FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

    private LinuxIo()
    {
    }

    private static MethodHandle downcall(final String name, final FunctionDescriptor fd, final Linker.Option... options)
    {
        final MemorySegment symbol = LIBC.find(name)
            .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(symbol, fd, options);
    }

    /** A segment to receive errno from the {@code raw} calls; allocate it once per user, at setup. */
    public static MemorySegment newCaptureState(final Arena arena)
    {
        return arena.allocate(CAPTURE_LAYOUT);
    }

    /** The errno a {@code raw} call left in {@code captureState}. */
    public static int errno(final MemorySegment captureState)
    {
        return (int)ERRNO.get(captureState, 0L);
    }

    /** The C library's text for {@code errno}. */
    public static String strerror(final int errno)
    {
        try
        {
            final MemorySegment text = (MemorySegment)STRERROR.invokeExact(errno);
            return text.reinterpret(256).getString(0);
        }
        catch (final Throwable t)
        {
            return "errno " + errno;
        }
    }

    private static IOException failure(final String what, final int errno)
    {
        return new IOException(what + ": " + strerror(errno) + " (errno " + errno + ")");
    }

    /** Opens {@code path} with {@code flags} (O_CLOEXEC is added) and returns the file descriptor. */
    public static int open(final String path, final int flags) throws IOException
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment state = newCaptureState(arena);
            final int fd = (int)OPEN.invokeExact(state, arena.allocateFrom(path), flags | O_CLOEXEC, 0600);
            if (fd < 0)
            {
                throw failure("open " + path, errno(state));
            }
            return fd;
        }
        catch (final IOException e)
        {
            throw e;
        }
        catch (final Throwable t)
        {
            throw new IOException("open " + path + ": " + t, t);
        }
    }

    /** Closes {@code fd}; errors are ignored (nothing useful can be done about them). */
    public static void close(final int fd)
    {
        if (fd < 0)
        {
            return;
        }
        try (Arena arena = Arena.ofConfined())
        {
            final int ignored = (int)CLOSE.invokeExact(newCaptureState(arena), fd);
        }
        catch (final Throwable ignored)
        {
            // nothing to do
        }
    }

    /**
     * pread(2) of {@code count} bytes at file offset {@code offset} into {@code buffer}: the byte count, or
     * {@code -errno}. Allocates nothing.
     */
    public static long preadRaw(
        final MemorySegment captureState, final int fd, final MemorySegment buffer, final long count, final long offset)
    {
        try
        {
            final long n = (long)PREAD.invokeExact(captureState, fd, buffer, count, offset);
            return n < 0 ? -errno(captureState) : n;
        }
        catch (final Throwable t)
        {
            return -5; // EIO: a downcall that cannot link is reported as an I/O error
        }
    }

    /**
     * pwrite(2) of {@code count} bytes from {@code buffer} at file offset {@code offset}: the byte count, or
     * {@code -errno}. Allocates nothing.
     */
    public static long pwriteRaw(
        final MemorySegment captureState, final int fd, final MemorySegment buffer, final long count, final long offset)
    {
        try
        {
            final long n = (long)PWRITE.invokeExact(captureState, fd, buffer, count, offset);
            return n < 0 ? -errno(captureState) : n;
        }
        catch (final Throwable t)
        {
            return -5;
        }
    }

    /** Reads exactly {@code count} bytes at {@code offset}, or throws (a short read is an error here). */
    public static void preadFully(
        final MemorySegment captureState, final String what, final int fd, final MemorySegment buffer,
        final long count, final long offset) throws IOException
    {
        final long n = preadRaw(captureState, fd, buffer, count, offset);
        if (n < 0)
        {
            throw failure(what, (int)-n);
        }
        if (n != count)
        {
            throw new IOException(what + ": short read, " + n + " of " + count + " bytes at " + offset);
        }
    }

    /** Writes exactly {@code count} bytes at {@code offset}, or throws. */
    public static void pwriteFully(
        final MemorySegment captureState, final String what, final int fd, final MemorySegment buffer,
        final long count, final long offset) throws IOException
    {
        final long n = pwriteRaw(captureState, fd, buffer, count, offset);
        if (n < 0)
        {
            throw failure(what, (int)-n);
        }
        if (n != count)
        {
            throw new IOException(what + ": short write, " + n + " of " + count + " bytes at " + offset);
        }
    }

    /**
     * mmap(2) of {@code length} bytes at file offset {@code offset} (page aligned) of {@code fd} ({@code -1} with
     * MAP_ANONYMOUS); the result is a segment of {@code length} bytes that lives until {@link #munmap}.
     */
    public static MemorySegment mmap(
        final String what, final long length, final int prot, final int flags, final int fd, final long offset)
        throws IOException
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment state = newCaptureState(arena);
            final MemorySegment address =
                (MemorySegment)MMAP.invokeExact(state, MemorySegment.NULL, length, prot, flags, fd, offset);
            if (address.address() == -1L)
            {
                throw failure("mmap " + what + " (" + length + " bytes at offset 0x" + Long.toHexString(offset) + ")",
                    errno(state));
            }
            return address.reinterpret(length);
        }
        catch (final IOException e)
        {
            throw e;
        }
        catch (final Throwable t)
        {
            throw new IOException("mmap " + what + ": " + t, t);
        }
    }

    /** Unmaps a segment returned by {@link #mmap}; errors are ignored. */
    public static void munmap(final MemorySegment mapping)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final int ignored = (int)MUNMAP.invokeExact(newCaptureState(arena), mapping, mapping.byteSize());
        }
        catch (final Throwable ignored)
        {
            // nothing to do
        }
    }

    /** ioctl(2) with a pointer argument; returns its non-negative result or throws with errno's text. */
    public static int ioctl(final String what, final int fd, final long request, final MemorySegment argument)
        throws IOException
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment state = newCaptureState(arena);
            final int rc = (int)IOCTL_POINTER.invokeExact(state, fd, request, argument);
            if (rc < 0)
            {
                throw failure(what, errno(state));
            }
            return rc;
        }
        catch (final IOException e)
        {
            throw e;
        }
        catch (final Throwable t)
        {
            throw new IOException(what + ": " + t, t);
        }
    }

    /** ioctl(2) with an integer argument; returns its non-negative result or throws with errno's text. */
    public static int ioctl(final String what, final int fd, final long request, final long argument)
        throws IOException
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment state = newCaptureState(arena);
            final int rc = (int)IOCTL_VALUE.invokeExact(state, fd, request, argument);
            if (rc < 0)
            {
                throw failure(what, errno(state));
            }
            return rc;
        }
        catch (final IOException e)
        {
            throw e;
        }
        catch (final Throwable t)
        {
            throw new IOException(what + ": " + t, t);
        }
    }

    /** Pins the pages of {@code mapping} in memory (mlock(2)): a device's DMA target must not be swapped out. */
    public static void mlock(final String what, final MemorySegment mapping) throws IOException
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment state = newCaptureState(arena);
            final int rc = (int)MLOCK.invokeExact(state, mapping, mapping.byteSize());
            if (rc != 0)
            {
                throw failure("mlock " + what, errno(state));
            }
        }
        catch (final IOException e)
        {
            throw e;
        }
        catch (final Throwable t)
        {
            throw new IOException("mlock " + what + ": " + t, t);
        }
    }
}
