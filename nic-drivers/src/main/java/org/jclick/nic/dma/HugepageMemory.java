package org.jclick.nic.dma;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jclick.nic.pci.LinuxIo;
import org.jclick.nic.virtio.DmaMemory;

/**
 * DMA memory for a device driven from user space in a guest (uio_pci_generic, /dev/mem): 2 MiB hugepages, locked,
 * with their guest physical addresses read from {@code /proc/self/pagemap}. A hugepage is physically contiguous and
 * the kernel does not move or swap it, so one physical address per hugepage describes the whole region.
 * <p>
 * The pages come from {@code mmap(MAP_HUGETLB)} or from a file in a hugetlbfs mount; either way the guest needs
 * reserved hugepages ({@code echo N > /proc/sys/vm/nr_hugepages}) and root (pagemap hides frame numbers from
 * others). With an IOMMU (VFIO) the device address would be an IOVA instead; this class is for the no-IOMMU case.
 */
public final class HugepageMemory implements DmaMemory, AutoCloseable
{
    /** The x86-64 default hugepage size. */
    public static final long HUGEPAGE_BYTES = 2L << 20;
    private static final int HUGEPAGE_SHIFT = 21;
    private static final long SMALL_PAGE_BYTES = 4096;
    // Documentation/admin-guide/mm/pagemap.rst: bit 63 page present, bits 0-54 page frame number
    private static final long PAGEMAP_PRESENT = 1L << 63;
    private static final long PAGEMAP_PFN_MASK = (1L << 55) - 1;

    private final MemorySegment segment;
    private final long[] physicalAddresses;

    private HugepageMemory(final MemorySegment segment, final long[] physicalAddresses)
    {
        this.segment = segment;
        this.physicalAddresses = physicalAddresses;
    }

    /** Allocates at least {@code bytes} (rounded up to 2 MiB) with {@code mmap(MAP_HUGETLB)}. */
    public static HugepageMemory allocate(final long bytes) throws IOException
    {
        final long length = roundUp(bytes);
        final MemorySegment mapping = LinuxIo.mmap("hugepages", length, LinuxIo.PROT_READ | LinuxIo.PROT_WRITE,
            LinuxIo.MAP_SHARED | LinuxIo.MAP_ANONYMOUS | LinuxIo.MAP_HUGETLB | LinuxIo.MAP_POPULATE, -1, 0);
        return pin(mapping);
    }

    /**
     * Allocates at least {@code bytes} (rounded up to 2 MiB) from a new file in the hugetlbfs mount
     * {@code hugetlbfsDir}; the file is removed at once (the mapping keeps the pages).
     */
    public static HugepageMemory allocate(final Path hugetlbfsDir, final long bytes) throws IOException
    {
        final long length = roundUp(bytes);
        final Path file = Files.createTempFile(hugetlbfsDir, "jclick-dma-", "");
        final int fd = LinuxIo.open(file.toString(), LinuxIo.O_RDWR);
        try
        {
            final MemorySegment mapping = LinuxIo.mmap(file.toString(), length,
                LinuxIo.PROT_READ | LinuxIo.PROT_WRITE, LinuxIo.MAP_SHARED | LinuxIo.MAP_POPULATE, fd, 0);
            return pin(mapping);
        }
        finally
        {
            LinuxIo.close(fd);
            Files.deleteIfExists(file);
        }
    }

    private static long roundUp(final long bytes)
    {
        if (bytes <= 0)
        {
            throw new IllegalArgumentException("DMA memory size must be positive: " + bytes);
        }
        return (bytes + HUGEPAGE_BYTES - 1) & -HUGEPAGE_BYTES;
    }

    private static HugepageMemory pin(final MemorySegment mapping) throws IOException
    {
        try
        {
            LinuxIo.mlock("hugepages", mapping);
            final int pages = (int)(mapping.byteSize() >>> HUGEPAGE_SHIFT);
            final long[] physical = new long[pages];
            for (int i = 0; i < pages; i++)
            {
                // touch every page so that it is backed now (MAP_POPULATE should have done it already)
                mapping.set(ValueLayout.JAVA_LONG, (long)i << HUGEPAGE_SHIFT, 0L);
            }
            final int fd = LinuxIo.open("/proc/self/pagemap", LinuxIo.O_RDONLY);
            try (Arena arena = Arena.ofConfined())
            {
                final MemorySegment state = LinuxIo.newCaptureState(arena);
                final MemorySegment entry = arena.allocate(8, 8);
                for (int i = 0; i < pages; i++)
                {
                    final long first = mapping.address() + ((long)i << HUGEPAGE_SHIFT);
                    final long pa = physicalAddress(state, fd, entry, first);
                    // a hugepage is contiguous: its last 4 KiB page must sit 2 MiB - 4 KiB above the first
                    final long last = physicalAddress(state, fd, entry, first + HUGEPAGE_BYTES - SMALL_PAGE_BYTES);
                    if (last != pa + HUGEPAGE_BYTES - SMALL_PAGE_BYTES || (pa & (HUGEPAGE_BYTES - 1)) != 0)
                    {
                        throw new IOException("hugepage " + i + " is not one physically contiguous 2 MiB page " +
                            "(first 0x" + Long.toHexString(pa) + ", last 0x" + Long.toHexString(last) + ")");
                    }
                    physical[i] = pa;
                }
            }
            finally
            {
                LinuxIo.close(fd);
            }
            return new HugepageMemory(mapping, physical);
        }
        catch (final IOException | RuntimeException e)
        {
            LinuxIo.munmap(mapping);
            throw e;
        }
    }

    private static long physicalAddress(final MemorySegment state, final int fd, final MemorySegment entry,
        final long virtualAddress) throws IOException
    {
        LinuxIo.preadFully(state, "/proc/self/pagemap", fd, entry, 8, (virtualAddress / SMALL_PAGE_BYTES) * 8);
        final long bits = entry.get(ValueLayout.JAVA_LONG, 0);
        final long pfn = bits & PAGEMAP_PFN_MASK;
        if ((bits & PAGEMAP_PRESENT) == 0 || pfn == 0)
        {
            throw new IOException("no physical address for 0x" + Long.toHexString(virtualAddress) +
                " in /proc/self/pagemap (not present, or not root: the frame number reads as 0)");
        }
        return pfn * SMALL_PAGE_BYTES + (virtualAddress & (SMALL_PAGE_BYTES - 1));
    }

    @Override
    public MemorySegment segment()
    {
        return segment;
    }

    @Override
    public long deviceAddress(final long offsetInSegment)
    {
        // the caller keeps offsets inside the segment; an offset outside fails on the array index
        return physicalAddresses[(int)(offsetInSegment >>> HUGEPAGE_SHIFT)] + (offsetInSegment & (HUGEPAGE_BYTES - 1));
    }

    /** The number of 2 MiB hugepages. */
    public int hugepages()
    {
        return physicalAddresses.length;
    }

    @Override
    public void close()
    {
        LinuxIo.munmap(segment);
    }
}
