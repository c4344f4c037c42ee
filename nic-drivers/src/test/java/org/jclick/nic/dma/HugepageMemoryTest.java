package org.jclick.nic.dma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jclick.nic.pci.LinuxIo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HugepageMemoryTest
{
    @TempDir
    Path tmp;

    private static long freeHugepages() throws IOException
    {
        for (final String line : Files.readAllLines(Path.of("/proc/meminfo")))
        {
            if (line.startsWith("HugePages_Free:"))
            {
                return Long.parseLong(line.substring("HugePages_Free:".length()).trim());
            }
        }
        return 0;
    }

    @Test
    void hugepagesHavePhysicalAddressesOrTheFailureIsExplained() throws Exception
    {
        if (freeHugepages() < 2)
        {
            // the usual build host: no hugepages reserved. The appliance test covers the real thing.
            final IOException e = assertThrows(IOException.class, () -> HugepageMemory.allocate(4 << 20));
            assertTrue(e.getMessage().startsWith("mmap hugepages"), e.getMessage());
            return;
        }
        try (HugepageMemory m = HugepageMemory.allocate(3 << 20))
        {
            assertEquals(2, m.hugepages(), "rounded up to 2 MiB pages");
            assertEquals(4L << 20, m.segment().byteSize());
            for (int i = 0; i < 2; i++)
            {
                final long pa = m.deviceAddress((long)i << 21);
                assertTrue(pa != 0 && (pa & ((2 << 20) - 1)) == 0, "2 MiB aligned physical address");
                assertEquals(pa + 12345, m.deviceAddress(((long)i << 21) + 12345));
            }
        }
    }

    @Test
    void sizesMustBePositive()
    {
        assertThrows(IllegalArgumentException.class, () -> HugepageMemory.allocate(0));
    }

    @Test
    void linuxCallsWorkOnPlainFilesAndReportErrno() throws Exception
    {
        final Path f = tmp.resolve("regs");
        Files.write(f, new byte[8192]);
        final int fd = LinuxIo.open(f.toString(), LinuxIo.O_RDWR);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment state = LinuxIo.newCaptureState(arena);
            final MemorySegment buf = arena.allocate(8);
            buf.set(ValueLayout.JAVA_INT_UNALIGNED, 0, 0xcafebabe);
            LinuxIo.pwriteFully(state, "regs", fd, buf, 4, 4100);
            final MemorySegment map = LinuxIo.mmap("regs", 8192, LinuxIo.PROT_READ | LinuxIo.PROT_WRITE,
                LinuxIo.MAP_SHARED, fd, 4096);
            assertEquals(0xcafebabe, map.get(ValueLayout.JAVA_INT_UNALIGNED, 4));
            LinuxIo.munmap(map);
            assertEquals(-9, LinuxIo.preadRaw(state, -1, buf, 4, 0), "EBADF as -errno");
        }
        finally
        {
            LinuxIo.close(fd);
        }
        final IOException e = assertThrows(IOException.class,
            () -> LinuxIo.open(tmp.resolve("missing").toString(), LinuxIo.O_RDONLY));
        assertTrue(e.getMessage().contains("No such file or directory (errno 2)"), e.getMessage());
    }
}
