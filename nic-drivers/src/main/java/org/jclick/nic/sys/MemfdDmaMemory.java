package org.jclick.nic.sys;

import java.lang.foreign.MemorySegment;

import org.jclick.nic.virtio.DmaMemory;

/**
 * Device-visible memory for vhost-user: a memfd of {@code sizeBytes} mapped shared into this process. The fd is
 * what {@code VHOST_USER_SET_MEM_TABLE} passes to the backend (with SCM_RIGHTS); device addresses are this
 * process's virtual addresses, so the backend's table maps {@code guest_phys_addr == userspace_addr}.
 */
public final class MemfdDmaMemory implements DmaMemory
{
    /** Regions are whole pages. */
    public static final long PAGE_SIZE_BYTES = 4096;

    private final int fd;
    private final MemorySegment segment;
    private boolean closed;

    private MemfdDmaMemory(final int fd, final MemorySegment segment)
    {
        this.fd = fd;
        this.segment = segment;
    }

    /** A new memfd named {@code name} of {@code sizeBytes} (rounded up to whole pages), zero-filled and mapped. */
    public static MemfdDmaMemory create(final String name, final long sizeBytes)
    {
        if (sizeBytes <= 0)
        {
            throw new IllegalArgumentException("sizeBytes must be positive: " + sizeBytes);
        }
        final long rounded = (sizeBytes + PAGE_SIZE_BYTES - 1) & ~(PAGE_SIZE_BYTES - 1);
        final int fd = Linux.memfdCreate(name, Linux.MFD_CLOEXEC);
        try
        {
            Linux.ftruncate(fd, rounded);
            return new MemfdDmaMemory(fd, Linux.mmapShared(fd, rounded));
        }
        catch (final RuntimeException e)
        {
            Linux.closeQuietly(fd);
            throw e;
        }
    }

    /** The memfd (owned by this object: closed by {@link #close()}). */
    public int fd()
    {
        return fd;
    }

    @Override
    public MemorySegment segment()
    {
        return segment;
    }

    @Override
    public long deviceAddress(final long offsetInSegment)
    {
        return segment.address() + offsetInSegment;
    }

    /** Unmaps the region and closes the fd (idempotent). */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        Linux.munmap(segment);
        Linux.closeQuietly(fd);
    }
}
