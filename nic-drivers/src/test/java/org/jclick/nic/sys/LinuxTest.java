package org.jclick.nic.sys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.junit.jupiter.api.Test;

class LinuxTest
{
    @Test
    void memfdMemoryIsSharedBetweenTwoMappings()
    {
        try (MemfdDmaMemory memory = MemfdDmaMemory.create("jclick-test", 10_000))
        {
            assertEquals(12_288, memory.segment().byteSize(), "rounded up to whole pages");
            assertEquals(0L, memory.segment().get(ValueLayout.JAVA_LONG, 4096), "zero-filled");
            assertEquals(memory.segment().address() + 100, memory.deviceAddress(100));
            final MemorySegment second = Linux.mmapShared(memory.fd(), memory.segment().byteSize());
            try
            {
                assertNotEquals(memory.segment().address(), second.address());
                memory.segment().set(ValueLayout.JAVA_LONG, 8000, 0x1122334455667788L);
                assertEquals(0x1122334455667788L, second.get(ValueLayout.JAVA_LONG, 8000));
            }
            finally
            {
                Linux.munmap(second);
            }
        }
    }

    @Test
    void fdPassedWithScmRightsMapsTheSameMemory()
    {
        final int[] pair = Linux.unixStreamSocketPair();
        try (MemfdDmaMemory memory = MemfdDmaMemory.create("jclick-scm", 4096); Arena arena = Arena.ofConfined())
        {
            final MemorySegment message = arena.allocate(8);
            message.set(ValueLayout.JAVA_LONG, 0, 42L);
            assertEquals(8, Linux.sendWithFds(pair[0], message, 8, new int[] {memory.fd()}));
            final MemorySegment received = arena.allocate(64);
            final int[] fds = new int[2];
            assertEquals(8, Linux.receive(pair[1], received, 64, fds));
            assertEquals(42L, received.get(ValueLayout.JAVA_LONG, 0));
            assertTrue(fds[0] >= 0 && fds[0] != memory.fd(), "a new descriptor for the same file");
            assertEquals(-1, fds[1]);
            final MemorySegment peerView = Linux.mmapShared(fds[0], 4096);
            memory.segment().set(ValueLayout.JAVA_INT, 12, 0xCAFE);
            assertEquals(0xCAFE, peerView.get(ValueLayout.JAVA_INT, 12));
            Linux.munmap(peerView);
            Linux.close(fds[0]);
        }
        finally
        {
            Linux.close(pair[0]);
            Linux.close(pair[1]);
        }
    }

    @Test
    void receiveTimesOutWithEagain()
    {
        final int[] pair = Linux.unixStreamSocketPair();
        try (Arena arena = Arena.ofConfined())
        {
            Linux.setTimeouts(pair[1], 50_000_000L);
            final long startNs = System.nanoTime();
            final LinuxException e = assertThrows(LinuxException.class,
                () -> Linux.receive(pair[1], arena.allocate(16), 16));
            assertEquals(Errno.EAGAIN, e.errno());
            assertTrue(System.nanoTime() - startNs >= 40_000_000L);
        }
        finally
        {
            Linux.close(pair[0]);
            Linux.close(pair[1]);
        }
    }

    @Test
    void failuresCarryErrno()
    {
        final int fd = Linux.unixStreamSocket();
        try
        {
            final LinuxException e = assertThrows(LinuxException.class,
                () -> Linux.connectUnix(fd, "/nonexistent/jclick.sock"));
            assertEquals(Errno.ENOENT, e.errno());
            assertTrue(e.getMessage().contains("ENOENT"), e.getMessage());
        }
        finally
        {
            Linux.close(fd);
        }
        assertEquals(Errno.EBADF, assertThrows(LinuxException.class, () -> Linux.close(fd)).errno());
    }

    @Test
    void eventfdCountsWrites()
    {
        final int fd = Linux.eventfd(0, Linux.EFD_NONBLOCK | Linux.EFD_CLOEXEC);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment capture = Linux.allocateCapture(arena);
            final MemorySegment value = arena.allocate(8);
            assertEquals(-Errno.EAGAIN, Linux.read(capture, fd, value, 8), "nothing written yet");
            value.set(ValueLayout.JAVA_LONG, 0, 3L);
            assertEquals(8, Linux.write(capture, fd, value, 8));
            assertEquals(8, Linux.write(capture, fd, value, 8));
            assertEquals(8, Linux.read(capture, fd, value, 8));
            assertArrayEquals(new long[] {6L}, new long[] {value.get(ValueLayout.JAVA_LONG, 0)});
        }
        finally
        {
            Linux.close(fd);
        }
    }
}
