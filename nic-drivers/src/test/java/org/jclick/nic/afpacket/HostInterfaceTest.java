package org.jclick.nic.afpacket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jclick.dataplane.element.ElementRegistry;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketAllocator;
import org.jclick.dataplane.packet.PacketBatch;
import org.jclick.dataplane.runtime.Router;
import org.jclick.dataplane.runtime.RouterLoader;
import org.jclick.nic.sys.Linux;
import org.jclick.nic.sys.LinuxException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * FromDevice/ToDevice on a host interface through AF_PACKET. SAFETY: these tests only ever use the loopback
 * interface {@code lo} and addresses 127.0.0.1; no physical interface of the machine is opened. Tests that open
 * packet sockets need root or CAP_NET_RAW: they are skipped without it, and fail under CI=true.
 */
@Timeout(60)
class HostInterfaceTest
{
    private static final String LO = "lo";
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final InetAddress LOOPBACK6;

    static
    {
        try
        {
            LOOPBACK6 = InetAddress.getByName("::1");
        }
        catch (final IOException e)
        {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static Router load(final String config, final ErrorHandler errh)
    {
        return RouterLoader.fromText("test.click", config, Map.of(), ElementRegistry.loadDefault(),
            Router.Options.defaults(), errh);
    }

    private static String read(final Router router, final String element, final String handler)
    {
        return router.handlers().find(router.find(element), handler).callRead("", ErrorHandler.silent());
    }

    /** Skips (or fails under CI=true) unless this process may open packet sockets. */
    static void requirePacketSockets()
    {
        String why = null;
        try
        {
            Linux.close(Linux.socket(Linux.AF_PACKET, Linux.SOCK_RAW, 0));
        }
        catch (final LinuxException e)
        {
            why = "packet sockets need root or CAP_NET_RAW: " + e.getMessage();
        }
        if (why != null)
        {
            if ("true".equals(System.getenv("CI")))
            {
                fail(why);
            }
            Assumptions.abort(why);
        }
    }

    // ---------------------------------------------------------------------------------------------- errors

    @Test
    void anUnknownInterfaceIsAnInitializeErrorWithTheElementsLocationAndNoStackTrace()
    {
        assertEquals(0, Linux.ifNameToIndex("nosuch0"), "this test needs no interface named nosuch0");
        final ErrorHandler.Buffer errh = new ErrorHandler.Buffer();
        assertNull(load("\nFromDevice(nosuch0) -> Discard;", errh));
        assertEquals("test.click:2: While initializing 'FromDevice@1 :: FromDevice':\n" +
            "  nosuch0: no such network interface\n", errh.text());
        final ErrorHandler.Buffer errh2 = new ErrorHandler.Buffer();
        assertNull(load("Idle\n  -> td :: ToDevice(afpacket:nosuch1);", errh2));
        assertEquals("test.click:2: While initializing 'td :: ToDevice':\n" +
            "  nosuch1: no such network interface\n", errh2.text());
    }

    @Test
    void withoutCapNetRawTheErrorSaysWhatIsMissing() throws Exception
    {
        requirePacketSockets();
        // capabilities are per thread on Linux: a thread of its own drops CAP_NET_RAW from its effective set
        final String[] text = new String[1];
        final Throwable[] failure = new Throwable[1];
        final Thread thread = new Thread(() ->
        {
            try
            {
                dropEffectiveCapability(CAP_NET_RAW);
                final ErrorHandler.Buffer errh = new ErrorHandler.Buffer();
                assertNull(load("FromDevice(lo) -> Discard;", errh));
                text[0] = errh.text();
            }
            catch (final Throwable t)
            {
                failure[0] = t;
            }
        }, "no-cap-net-raw");
        thread.start();
        thread.join(30_000);
        if (failure[0] != null)
        {
            throw new AssertionError(failure[0]);
        }
        assertEquals("test.click:1: While initializing 'FromDevice@1 :: FromDevice':\n" +
            "  lo: a packet socket needs root or CAP_NET_RAW (socket(17, 3, 0) failed: EPERM (1))\n", text[0]);
    }

    private static final int CAP_NET_RAW = 13;

    /** capget/capset (version 3) on the calling thread: clears {@code capability} from the effective set. */
    private static void dropEffectiveCapability(final int capability) throws Throwable
    {
        final java.lang.foreign.Linker linker = java.lang.foreign.Linker.nativeLinker();
        final java.lang.foreign.FunctionDescriptor descriptor = java.lang.foreign.FunctionDescriptor.of(
            java.lang.foreign.ValueLayout.JAVA_INT, java.lang.foreign.ValueLayout.ADDRESS,
            java.lang.foreign.ValueLayout.ADDRESS);
        final java.lang.invoke.MethodHandle capget =
            linker.downcallHandle(linker.defaultLookup().find("capget").orElseThrow(), descriptor);
        final java.lang.invoke.MethodHandle capset =
            linker.downcallHandle(linker.defaultLookup().find("capset").orElseThrow(), descriptor);
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined())
        {
            // struct __user_cap_header_struct { u32 version; int pid; }, _LINUX_CAPABILITY_VERSION_3, pid 0: this thread
            final java.lang.foreign.MemorySegment header = arena.allocate(8, 4);
            header.set(java.lang.foreign.ValueLayout.JAVA_INT, 0, 0x20080522);
            // two struct __user_cap_data_struct { u32 effective, permitted, inheritable; }
            final java.lang.foreign.MemorySegment data = arena.allocate(24, 4);
            assertEquals(0, (int)capget.invokeExact(header, data));
            final int effective = data.get(java.lang.foreign.ValueLayout.JAVA_INT, 0);
            data.set(java.lang.foreign.ValueLayout.JAVA_INT, 0, effective & ~(1 << capability));
            assertEquals(0, (int)capset.invokeExact(header, data));
        }
    }

    @Test
    void invalidInterfaceNamesAreConfigureErrors()
    {
        final ErrorHandler.Buffer errh = new ErrorHandler.Buffer();
        assertNull(load("FromDevice(bad/name) -> Discard; FromDevice(afpacket:) -> Discard;\n" +
            "FromDevice(abcdefghijklmnop) -> Discard; FromDevice(lo, SNIFFER false) -> Discard;\n" +
            "FromDevice(nosuch:x) -> Discard;", errh));
        final String text = errh.text();
        assertTrue(text.contains("'bad/name' is not a valid interface name"), text);
        assertTrue(text.contains("empty interface name"), text);
        assertTrue(text.contains("interface name 'abcdefghijklmnop' is longer than 15 bytes"), text);
        assertTrue(text.contains("SNIFFER false is not possible on a host interface"), text);
        assertTrue(text.contains("device 'nosuch:x': not supported"), text);
    }

    @Test
    void interfaceNamesFollowTheKernelsRules()
    {
        assertNull(PacketSockets.checkInterfaceName("lo"));
        assertNull(PacketSockets.checkInterfaceName("abcdefghijklmno"));
        assertNull(PacketSockets.checkInterfaceName("veth-a.100"));
        assertNotNull(PacketSockets.checkInterfaceName("abcdefghijklmnop"));
        assertNotNull(PacketSockets.checkInterfaceName(""));
        assertNotNull(PacketSockets.checkInterfaceName("."));
        assertNotNull(PacketSockets.checkInterfaceName(".."));
        assertNotNull(PacketSockets.checkInterfaceName("a b"));
        assertNotNull(PacketSockets.checkInterfaceName("a:b"));
        assertNotNull(PacketSockets.checkInterfaceName("a/b"));
    }

    @Test
    void loopbackLooksUp()
    {
        assertTrue(PacketSockets.interfaceIndex(LO) > 0);
        assertTrue(PacketSockets.linkUp(LO));
        final int flags = PacketSockets.interfaceFlags(LO);
        assertEquals(PacketSockets.IFF_UP | 0x8 /* IFF_LOOPBACK */, flags & (PacketSockets.IFF_UP | 0x8), "flags " + flags);
        assertEquals(PacketSockets.IFF_RUNNING, flags & PacketSockets.IFF_RUNNING, "flags " + flags);
        assertTrue(PacketSockets.interfaceMtu(LO) >= 1500);
        assertFalse(PacketSockets.linkUp("nosuch0"));
        assertEquals(2048, PacketTxRing.slotBytesFor(1500));
        assertEquals(16384, PacketTxRing.slotBytesFor(9000));
        assertEquals(65536, PacketTxRing.slotBytesFor(65536));
    }

    // ---------------------------------------------------------------------------------------------- the rings

    @Test
    void theReceiveRingCopiesLoopbackDatagramsAndSkipsOutgoingCopies() throws Exception
    {
        requirePacketSockets();
        final int ifindex = PacketSockets.interfaceIndex(LO);
        try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
            DatagramSocket sender = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
            PacketRxRing rx = PacketRxRing.open(LO, ifindex, false, false, -1, 65536, 8, 1);
            PacketAllocator allocator = new PacketAllocator())
        {
            final int port = receiver.getLocalPort();
            final int n = 50;
            final List<byte[]> sent = new ArrayList<>();
            for (int i = 0; i < n; i++)
            {
                final byte[] payload = payload(i, 100 + i);
                sent.add(payload);
                sender.send(new DatagramPacket(payload, payload.length, LOOPBACK, port));
            }
            final List<byte[]> captured = new ArrayList<>();
            final PacketBatch batch = new PacketBatch(32);
            final long deadline = System.nanoTime() + 10_000_000_000L;
            while (captured.size() < n && System.nanoTime() < deadline)
            {
                final int got = rx.receive(allocator, batch, 32);
                for (int i = 0; i < got; i++)
                {
                    final Packet p = batch.get(i);
                    final byte[] frame = new byte[p.length()];
                    p.copyTo(0, frame, 0, frame.length);
                    assertEquals(0, p.macHeaderOffset());
                    assertTrue(p.timestampNs() > 0);
                    if (udpDestinationPort(frame) == port)
                    {
                        assertEquals(org.jclick.dataplane.packet.PacketType.HOST, p.packetType());
                        captured.add(frame);
                    }
                }
                batch.killAll();
                batch.clear();
            }
            assertEquals(n, captured.size(), "each datagram once (outgoing copies skipped)");
            for (int i = 0; i < n; i++)
            {
                assertArrayEquals(new byte[12], java.util.Arrays.copyOf(captured.get(i), 12), "lo has zero MACs");
                assertArrayEquals(sent.get(i), udpPayload(captured.get(i), port), "datagram " + i);
            }
            assertTrue(rx.packets() >= n);
            assertEquals(0, rx.noBufferDrops());
        }
    }

    @Test
    void withOutboundTheReceiveRingAlsoSeesWhatTheHostSends() throws Exception
    {
        requirePacketSockets();
        try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
            DatagramSocket sender = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
            PacketRxRing rx = PacketRxRing.open(LO, PacketSockets.interfaceIndex(LO), false, true, -1, 65536, 8, 1);
            PacketAllocator allocator = new PacketAllocator())
        {
            final int port = receiver.getLocalPort();
            final int n = 20;
            for (int i = 0; i < n; i++)
            {
                final byte[] payload = payload(i, 64);
                sender.send(new DatagramPacket(payload, payload.length, LOOPBACK, port));
            }
            int outgoing = 0;
            int incoming = 0;
            final PacketBatch batch = new PacketBatch(32);
            final long deadline = System.nanoTime() + 10_000_000_000L;
            while (outgoing + incoming < 2 * n && System.nanoTime() < deadline)
            {
                final int got = rx.receive(allocator, batch, 32);
                for (int i = 0; i < got; i++)
                {
                    final Packet p = batch.get(i);
                    final byte[] frame = new byte[p.length()];
                    p.copyTo(0, frame, 0, frame.length);
                    if (udpDestinationPort(frame) == port)
                    {
                        if (p.packetType() == org.jclick.dataplane.packet.PacketType.OUTGOING)
                        {
                            outgoing++;
                        }
                        else
                        {
                            incoming++;
                        }
                    }
                }
                batch.killAll();
                batch.clear();
            }
            assertEquals(n, outgoing, "lo's transmit copies");
            assertEquals(n, incoming, "lo's receive copies");
        }
    }

    @Test
    void aFullReceiveRingCountsKernelDropsAndFreezes() throws Exception
    {
        requirePacketSockets();
        try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
            DatagramSocket sender = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
            PacketRxRing rx = PacketRxRing.open(LO, PacketSockets.interfaceIndex(LO), false, false, -1, 4096, 2, 1))
        {
            final byte[] payload = new byte[1000];
            for (int i = 0; i < 200; i++)
            {
                sender.send(new DatagramPacket(payload, payload.length, LOOPBACK, receiver.getLocalPort()));
            }
            Thread.sleep(50);
            rx.pollStatistics();
            // two 4 KiB blocks hold 6 frames of 1070 bytes at most: the rest are the kernel's drops
            assertTrue(rx.kernelDrops() >= 150, "drops " + rx.kernelDrops());
            assertTrue(rx.freezes() >= 1, "freezes " + rx.freezes());
            assertTrue(rx.kernelPackets() >= 200, "packets " + rx.kernelPackets());
        }
    }

    @Test
    void theTransmitRingSendsFramesADatagramSocketReceivesAndDropsBadLengths() throws Exception
    {
        requirePacketSockets();
        final int ifindex = PacketSockets.interfaceIndex(LO);
        try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress(LOOPBACK6, 0));
            PacketTxRing tx = PacketTxRing.open(LO, ifindex, 65536, 2048, 64 * 2048);
            PacketAllocator allocator = new PacketAllocator())
        {
            receiver.setSoTimeout(5000);
            final int port = receiver.getLocalPort();
            final int n = 200;
            final Set<String> expected = new HashSet<>();
            final PacketBatch batch = new PacketBatch(256);
            for (int i = 0; i < n; i++)
            {
                final byte[] payload = payload(i, 64);
                expected.add(new String(payload, StandardCharsets.ISO_8859_1));
                final byte[] frame = udp6Frame(40000, port, payload);
                batch.add(allocator.make(frame, 0, frame.length));
            }
            final byte[] tooLong = new byte[3000];
            batch.add(allocator.make(tooLong, 0, tooLong.length));
            batch.add(allocator.make(new byte[10], 0, 10));
            assertEquals(n, tx.send(batch), "kick errors " + tx.kickErrors() + ", last " + tx.lastKickErrno());
            assertTrue(batch.isEmpty());
            assertEquals(2, tx.drops());
            assertEquals(2, tx.oversize());
            assertEquals(n, tx.packets());
            final Set<String> received = new HashSet<>();
            final byte[] buffer = new byte[2048];
            while (received.size() < n)
            {
                final DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
                try
                {
                    receiver.receive(datagram);
                }
                catch (final SocketTimeoutException e)
                {
                    break;
                }
                received.add(new String(buffer, 0, datagram.getLength(), StandardCharsets.ISO_8859_1));
            }
            assertEquals(expected.size(), received.size(), "kick errors " + tx.kickErrors() + ", last errno " +
                tx.lastKickErrno());
            assertEquals(expected, received);
        }
    }

    @Test
    void framesLongerThanTheMtuAllowsAreDroppedAndCounted() throws Exception
    {
        requirePacketSockets();
        // an MTU of 1000 for the ring's own check (lo's real one is larger, so what passes is sent)
        try (PacketTxRing tx = PacketTxRing.open(LO, PacketSockets.interfaceIndex(LO), 1000, 2048, 64 * 2048);
            PacketAllocator allocator = new PacketAllocator())
        {
            final PacketBatch batch = new PacketBatch(8);
            for (final int[] frame : new int[][] {{0, 1014}, {0, 1015}, {0x8100, 1018}, {0x8100, 1019}})
            {
                final byte[] bytes = new byte[frame[1]];
                bytes[12] = (byte)(frame[0] == 0 ? 0x88 : 0x81);
                bytes[13] = (byte)(frame[0] == 0 ? 0xB5 : 0x00);
                if (frame[0] != 0)
                {
                    bytes[16] = (byte)0x88;
                    bytes[17] = (byte)0xB5;
                }
                batch.add(allocator.make(bytes, 0, bytes.length));
            }
            assertEquals(2, tx.send(batch));
            assertEquals(2, tx.drops());
            assertEquals(2, tx.oversize());
            assertEquals(1014 + 1018, tx.bytes());
        }
    }

    @Test
    void aVlanTagTheKernelTookOutIsPutBack() throws Exception
    {
        requirePacketSockets();
        final int ifindex = PacketSockets.interfaceIndex(LO);
        try (PacketRxRing rx = PacketRxRing.open(LO, ifindex, false, false, -1, 65536, 8, 1);
            PacketTxRing tx = PacketTxRing.open(LO, ifindex, 65536, 2048, 64 * 2048);
            PacketAllocator allocator = new PacketAllocator())
        {
            // 802.1Q and 802.1ad tags around an experimental EtherType the stack drops once the taps have seen it
            final byte[] q = experimentalFrame(0x8100, 0x2064, "jclick-vlan-q");
            final byte[] ad = experimentalFrame(0x88A8, 0x0FFF, "jclick-vlan-ad");
            final PacketBatch batch = new PacketBatch(8);
            batch.add(allocator.make(q, 0, q.length));
            batch.add(allocator.make(ad, 0, ad.length));
            assertEquals(2, tx.send(batch));
            final List<byte[]> seen = new ArrayList<>();
            final PacketBatch in = new PacketBatch(32);
            final long deadline = System.nanoTime() + 5_000_000_000L;
            while (seen.size() < 2 && System.nanoTime() < deadline)
            {
                final int got = rx.receive(allocator, in, 32);
                for (int i = 0; i < got; i++)
                {
                    final byte[] frame = new byte[in.get(i).length()];
                    in.get(i).copyTo(0, frame, 0, frame.length);
                    if (new String(frame, StandardCharsets.ISO_8859_1).contains("jclick-vlan-"))
                    {
                        seen.add(frame);
                    }
                }
                in.killAll();
                in.clear();
            }
            assertEquals(2, seen.size());
            assertArrayEquals(q, seen.get(0), "802.1Q frame as sent");
            assertArrayEquals(ad, seen.get(1), "802.1ad frame as sent");
            assertTrue(rx.vlanTagsRestored() >= 2, "the kernel took the tags out: " + rx.vlanTagsRestored());
        }
    }

    @Test
    void receiveAndSendAllocateNothing() throws Exception
    {
        requirePacketSockets();
        final int ifindex = PacketSockets.interfaceIndex(LO);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        try (PacketRxRing rx = PacketRxRing.open(LO, ifindex, false, false, -1, 65536, 16, 1);
            PacketTxRing tx = PacketTxRing.open(LO, ifindex, 65536, 2048, 256 * 2048);
            PacketAllocator allocator = new PacketAllocator())
        {
            final byte[] frame = experimentalFrame(0, 0, "jclick-noalloc");
            final PacketBatch out = new PacketBatch(8);
            final PacketBatch in = new PacketBatch(64);
            // steady state: a window of 2000 send+receive bursts in which nothing was allocated (earlier windows
            // may see the JIT settle)
            final StringBuilder windows = new StringBuilder();
            boolean zeroWindow = false;
            for (int window = 0; window < 12 && !zeroWindow; window++)
            {
                long allocated = 0;
                long received = 0;
                for (int round = 0; round < 2000; round++)
                {
                    for (int i = 0; i < 8; i++)
                    {
                        out.add(allocator.make(frame, 0, frame.length));
                    }
                    final long before = threads.getCurrentThreadAllocatedBytes();
                    tx.send(out);
                    final int got = rx.receive(allocator, in, 64);
                    in.killAll();
                    in.clear();
                    allocated += threads.getCurrentThreadAllocatedBytes() - before;
                    received += got;
                }
                windows.append(allocated).append('/').append(received).append(' ');
                zeroWindow = window >= 2 && allocated == 0 && received > 0;
            }
            assertTrue(zeroWindow, "bytes allocated / frames received per window of 2000 bursts: " + windows);
            assertEquals(0, tx.drops());
        }
    }

    // ---------------------------------------------------------------------------------------------- elements

    @Test
    void fromDeviceOnLoopbackCapturesDatagramsIntoAPcap() throws Exception
    {
        requirePacketSockets();
        final Path dir = Files.createTempDirectory("jclick-afpacket");
        final Path out = dir.resolve("out.pcap");
        Router router = null;
        try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
            DatagramSocket sender = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0)))
        {
            final int port = receiver.getLocalPort();
            final ErrorHandler.Buffer errh = new ErrorHandler.Buffer();
            router = load("fd :: FromDevice(lo, BURST 64, PROMISC true)\n" +
                "  -> c :: Classifier(12/0800 23/11 36/" + String.format("%04x", port) + ", -);\n" +
                "c[0] -> n :: Counter -> ToDump(" + out + ", SNAPLEN 0);\nc[1] -> Discard;", errh);
            assertNotNull(router, errh.text());
            // the membership raises the device's promiscuity: dev->flags (sysfs) has IFF_PROMISC, not SIOCGIFFLAGS
            final int sysfsFlags = Integer.decode(Files.readString(Path.of("/sys/class/net/lo/flags")).trim());
            assertTrue((sysfsFlags & PacketSockets.IFF_PROMISC) != 0, "PROMISC true: flags " + sysfsFlags);
            final Router running = router;
            final Thread thread = new Thread(running::run, "router");
            thread.start();
            final int count = 300;
            final List<byte[]> sent = new ArrayList<>();
            long sentFrameBytes = 0;
            for (int i = 0; i < count; i++)
            {
                final byte[] payload = payload(i, 20 + (i % 1200));
                sent.add(payload);
                sentFrameBytes += 14 + 20 + 8 + payload.length;
                sender.send(new DatagramPacket(payload, payload.length, LOOPBACK, port));
            }
            final long deadline = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < deadline && !read(running, "n", "count").equals("" + count))
            {
                Thread.sleep(10);
            }
            running.stop();
            thread.join(10_000);
            assertEquals("" + count, read(router, "n", "count"));
            // lo carries other traffic of this machine too: the device counters are at least ours
            final long rxPackets = Long.parseLong(read(router, "fd", "rx_packets"));
            assertTrue(rxPackets >= count, "rx_packets " + rxPackets);
            assertEquals(read(router, "fd", "count"), Long.toString(rxPackets));
            assertTrue(Long.parseLong(read(router, "fd", "rx_bytes")) >= sentFrameBytes);
            assertEquals("0", read(router, "fd", "tx_packets"));
            assertEquals("0", read(router, "fd", "rx_drops"));
            assertEquals("up", read(router, "fd", "link"));
            assertNull(router.handlers().find(router.find("fd"), "features"), "no virtio handlers on lo");
            router.cleanup();
            final List<byte[]> frames = readPcap(out);
            assertEquals(count, frames.size());
            for (int i = 0; i < count; i++)
            {
                final byte[] frame = frames.get(i);
                assertArrayEquals(new byte[12], java.util.Arrays.copyOf(frame, 12), "zero MACs on lo");
                assertEquals(0x0800, ((frame[12] & 0xFF) << 8) | (frame[13] & 0xFF));
                assertArrayEquals(new byte[] {127, 0, 0, 1, 127, 0, 0, 1}, java.util.Arrays.copyOfRange(frame, 26, 34));
                assertArrayEquals(sent.get(i), udpPayload(frame, port), "datagram " + i);
            }
        }
        finally
        {
            if (router != null)
            {
                router.cleanup();
                router.releaseMemory();
            }
            Files.deleteIfExists(out);
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void toDeviceOnLoopbackSendsFramesADatagramSocketReceives() throws Exception
    {
        requirePacketSockets();
        final Path dir = Files.createTempDirectory("jclick-afpacket");
        final Path in = dir.resolve("in.pcap");
        Router router = null;
        try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress(LOOPBACK6, 0)))
        {
            receiver.setSoTimeout(5000);
            // the router sends faster than this thread reads: the datagrams must fit the socket buffer
            receiver.setReceiveBufferSize(1 << 22);
            final int port = receiver.getLocalPort();
            final int count = 200;
            final List<byte[]> frames = new ArrayList<>();
            final Set<String> expected = new HashSet<>();
            long bytes = 0;
            for (int i = 0; i < count; i++)
            {
                final byte[] payload = payload(i, 30 + i % 100);
                expected.add(new String(payload, StandardCharsets.ISO_8859_1));
                final byte[] frame = udp6Frame(40000 + i % 7, port, payload);
                bytes += frame.length;
                frames.add(frame);
            }
            writePcap(in, frames);
            final ErrorHandler.Buffer errh = new ErrorHandler.Buffer();
            router = load("FromDump(" + in + ", STOP true, BURST 32) -> td :: ToDevice(lo);", errh);
            assertNotNull(router, errh.text());
            final Router running = router;
            final Thread thread = new Thread(running::run, "router");
            thread.start();
            final Set<String> received = new HashSet<>();
            final byte[] buffer = new byte[2048];
            while (received.size() < count)
            {
                final DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
                try
                {
                    receiver.receive(datagram);
                }
                catch (final SocketTimeoutException e)
                {
                    break;
                }
                received.add(new String(buffer, 0, datagram.getLength(), StandardCharsets.ISO_8859_1));
            }
            thread.join(10_000);
            assertEquals(expected.size(), received.size(), "received");
            assertEquals(expected, received);
            assertEquals("" + count, read(router, "td", "count"));
            assertEquals("" + count, read(router, "td", "tx_packets"));
            assertEquals("" + bytes, read(router, "td", "tx_bytes"));
            assertEquals("0", read(router, "td", "tx_drops"));
            assertEquals("0", read(router, "td", "drops"));
            assertEquals("0", read(router, "td", "rx_packets"));
            assertEquals("up", read(router, "td", "link"));
        }
        finally
        {
            if (router != null)
            {
                router.cleanup();
                router.releaseMemory();
            }
            Files.deleteIfExists(in);
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void twoQueuesShareTheFramesOfTheInterfaceByFlow() throws Exception
    {
        requirePacketSockets();
        Router router = null;
        final List<DatagramSocket> senders = new ArrayList<>();
        try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0)))
        {
            final int port = receiver.getLocalPort();
            final String classifier = "Classifier(12/0800 23/11 36/" + String.format("%04x", port) + ", -)";
            final ErrorHandler.Buffer errh = new ErrorHandler.Buffer();
            router = load("FromDevice(lo, QUEUE 0, N_QUEUES 2) -> c0 :: " + classifier + " -> n0 :: Counter -> Discard;" +
                "c0[1] -> Discard;\nFromDevice(lo, QUEUE 1, N_QUEUES 2) -> c1 :: " + classifier +
                " -> n1 :: Counter -> Discard; c1[1] -> Discard;", errh);
            assertNotNull(router, errh.text());
            final Router running = router;
            final Thread thread = new Thread(running::run, "router");
            thread.start();
            final int flows = 16;
            final int perFlow = 20;
            for (int f = 0; f < flows; f++)
            {
                senders.add(new DatagramSocket(new InetSocketAddress(LOOPBACK, 0)));
            }
            for (int i = 0; i < perFlow; i++)
            {
                for (final DatagramSocket s : senders)
                {
                    final byte[] payload = payload(i, 40);
                    s.send(new DatagramPacket(payload, payload.length, LOOPBACK, port));
                }
            }
            final long deadline = System.currentTimeMillis() + 20_000;
            long n0 = 0;
            long n1 = 0;
            while (System.currentTimeMillis() < deadline && n0 + n1 < flows * perFlow)
            {
                Thread.sleep(10);
                n0 = Long.parseLong(read(running, "n0", "count"));
                n1 = Long.parseLong(read(running, "n1", "count"));
            }
            Thread.sleep(100);
            running.stop();
            thread.join(10_000);
            n0 = Long.parseLong(read(router, "n0", "count"));
            n1 = Long.parseLong(read(router, "n1", "count"));
            assertEquals(flows * perFlow, n0 + n1, "every frame once over the group");
            assertTrue(n0 > 0 && n1 > 0, "both members get flows: " + n0 + " / " + n1);
            assertEquals(0, n0 % perFlow, "a flow stays on one member: " + n0);
        }
        finally
        {
            for (final DatagramSocket s : senders)
            {
                s.close();
            }
            if (router != null)
            {
                router.cleanup();
                router.releaseMemory();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- frames

    private static byte[] payload(final int index, final int lengthBytes)
    {
        final byte[] payload = new byte[lengthBytes];
        for (int i = 0; i < lengthBytes; i++)
        {
            payload[i] = (byte)(index * 31 + i * 7);
        }
        final byte[] tag = ("jclick-afpacket-" + index + "-").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(tag, 0, payload, 0, Math.min(tag.length, lengthBytes));
        return payload;
    }

    /**
     * A frame of the local experimental EtherType 0x88B5 (which no protocol handler takes: the kernel drops it
     * after the packet taps), with a VLAN tag {@code tpid}/{@code tci} when {@code tpid} is not 0, and {@code marker}
     * in its payload.
     */
    private static byte[] experimentalFrame(final int tpid, final int tci, final String marker)
    {
        final ByteBuffer b = ByteBuffer.allocate(tpid == 0 ? 64 : 68);
        b.put(new byte[12]);
        if (tpid != 0)
        {
            b.putShort((short)tpid).putShort((short)tci);
        }
        b.putShort((short)0x88B5).put(marker.getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }

    /** UDP destination port of an Ethernet/IPv4/UDP frame, or -1. */
    private static int udpDestinationPort(final byte[] frame)
    {
        if (frame.length < 42 || frame[12] != 0x08 || frame[13] != 0x00 || frame[23] != 17)
        {
            return -1;
        }
        final int ihl = (frame[14] & 0x0F) * 4;
        return ((frame[14 + ihl + 2] & 0xFF) << 8) | (frame[14 + ihl + 3] & 0xFF);
    }

    private static byte[] udpPayload(final byte[] frame, final int port)
    {
        assertEquals(port, udpDestinationPort(frame));
        final int ihl = (frame[14] & 0x0F) * 4;
        final int udpLength = ((frame[14 + ihl + 4] & 0xFF) << 8) | (frame[14 + ihl + 5] & 0xFF);
        final int start = 14 + ihl + 8;
        return java.util.Arrays.copyOfRange(frame, start, start + udpLength - 8);
    }

    /**
     * An Ethernet (zero MACs) / IPv6 ::1 -> ::1 / UDP frame with its checksum. IPv6, because the kernel drops an
     * IPv4 frame to 127.0.0.1 that arrives on lo without the route the local output path attaches (a "martian
     * destination", unless route_localnet is set), while ::1 arriving on the loopback device is accepted.
     */
    static byte[] udp6Frame(final int sourcePort, final int destinationPort, final byte[] payload)
    {
        final int udpLength = 8 + payload.length;
        final ByteBuffer b = ByteBuffer.allocate(14 + 40 + udpLength);
        final byte[] loopback = new byte[16];
        loopback[15] = 1;
        b.put(new byte[12]).putShort((short)0x86DD);
        b.putInt(0x6000_0000).putShort((short)udpLength).put((byte)17).put((byte)64).put(loopback).put(loopback);
        b.putShort((short)sourcePort).putShort((short)destinationPort).putShort((short)udpLength).putShort((short)0)
            .put(payload);
        final byte[] frame = b.array();
        // pseudo-header: source, destination, upper-layer length, next header; then the UDP header and payload
        long sum = 1 + 1 + udpLength + 17;
        for (int i = 54; i < frame.length; i += 2)
        {
            sum += ((frame[i] & 0xFF) << 8) | (i + 1 < frame.length ? frame[i + 1] & 0xFF : 0);
        }
        while ((sum >>> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        final int checksum = (int)(~sum & 0xFFFF);
        b.putShort(54 + 6, (short)(checksum == 0 ? 0xFFFF : checksum));
        return frame;
    }

    /** A pcap file (microsecond, little-endian, LINKTYPE_ETHERNET) of {@code frames}. */
    static void writePcap(final Path file, final List<byte[]> frames) throws IOException
    {
        int size = 24;
        for (final byte[] f : frames)
        {
            size += 16 + f.length;
        }
        final ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xa1b2c3d4).putShort((short)2).putShort((short)4).putInt(0).putInt(0).putInt(65535).putInt(1);
        int t = 0;
        for (final byte[] f : frames)
        {
            b.putInt(1_700_000_000).putInt(t++).putInt(f.length).putInt(f.length).put(f);
        }
        Files.write(file, b.array());
    }

    /** The frames of a pcap file (either byte order, micro- or nanosecond magic), parsed independently of jclick. */
    static List<byte[]> readPcap(final Path file) throws IOException
    {
        final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        final int magic = b.getInt(0);
        if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d)
        {
            b.order(ByteOrder.BIG_ENDIAN);
            assertTrue(b.getInt(0) == 0xa1b2c3d4 || b.getInt(0) == 0xa1b23c4d, "pcap magic");
        }
        assertEquals(1, b.getInt(20), "LINKTYPE_ETHERNET");
        final List<byte[]> frames = new ArrayList<>();
        int at = 24;
        while (at + 16 <= b.capacity())
        {
            final int caplen = b.getInt(at + 8);
            final byte[] frame = new byte[caplen];
            b.get(at + 16, frame);
            frames.add(frame);
            at += 16 + caplen;
        }
        return frames;
    }
}
