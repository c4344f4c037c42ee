package org.jclick.nic.afpacket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.jclick.dataplane.element.ElementRegistry;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketAllocator;
import org.jclick.dataplane.packet.PacketBatch;
import org.jclick.dataplane.packet.PacketType;
import org.jclick.dataplane.runtime.Router;
import org.jclick.dataplane.runtime.RouterLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The AF_PACKET rings and the link handler on a real Ethernet device: a veth pair this test creates inside a NEW
 * network namespace ({@code ip netns add}), deleted afterwards. SAFETY: nothing here touches the machine's own
 * interfaces: the pair exists only in the new namespace, and every socket is opened by one thread that has
 * entered it with setns(CLONE_NEWNET) (a network namespace is per thread). Needs root and the {@code ip} tool:
 * skipped without them, failing under CI=true.
 */
@Timeout(60)
class VethNamespaceTest
{
    private static final String NS = "jclick-afp-" + ProcessHandle.current().pid();
    private static final int CLONE_NEWNET = 0x40000000;
    private static final int O_RDONLY_CLOEXEC = 0x80000;

    /** The one thread that lives in the namespace. */
    private static ExecutorService inNamespace;
    private static boolean created;

    @BeforeAll
    static void createNamespace() throws Exception
    {
        HostInterfaceTest.requirePacketSockets();
        final String why = ip("netns", "add", NS);
        if (why != null)
        {
            if ("true".equals(System.getenv("CI")))
            {
                fail("ip netns add: " + why);
            }
            Assumptions.abort("cannot create a network namespace: " + why);
        }
        created = true;
        for (final String[] command : new String[][] {
            {"-n", NS, "link", "add", "va", "type", "veth", "peer", "name", "vb"},
            {"-n", NS, "link", "set", "va", "up"},
            {"-n", NS, "link", "set", "vb", "up"}})
        {
            final String failure = ip(command);
            assertEquals(null, failure, String.join(" ", command));
        }
        inNamespace = Executors.newSingleThreadExecutor(r -> new Thread(r, "in-" + NS));
        inNamespace.submit(() ->
        {
            enterNamespace("/run/netns/" + NS);
            return null;
        }).get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void deleteNamespace() throws Exception
    {
        if (inNamespace != null)
        {
            inNamespace.shutdownNow();
            inNamespace.awaitTermination(10, TimeUnit.SECONDS);
        }
        if (created)
        {
            ip("netns", "del", NS);
        }
    }

    private static <T> T run(final Callable<T> task) throws Exception
    {
        return inNamespace.submit(task).get(30, TimeUnit.SECONDS);
    }

    @Test
    void framesCrossThePairWithTheirPacketTypes() throws Exception
    {
        final byte[] vbMac = HexFormat.ofDelimiter(":").parseHex(mac("vb"));
        run(() ->
        {
            final int va = PacketSockets.interfaceIndex("va");
            final int vb = PacketSockets.interfaceIndex("vb");
            try (PacketRxRing rx = PacketRxRing.open("vb", vb, false, false, -1, 65536, 8, 1);
                PacketTxRing tx = PacketTxRing.open("va", va, PacketSockets.interfaceMtu("va"), 2048, 64 * 2048);
                PacketAllocator allocator = new PacketAllocator())
            {
                final List<byte[]> sent = new ArrayList<>();
                final PacketBatch batch = new PacketBatch(64);
                for (int i = 0; i < 60; i++)
                {
                    final byte[] frame = new byte[60 + i];
                    // to vb, to broadcast, to another host: HOST, BROADCAST, OTHERHOST at vb
                    final byte[] dst = i % 3 == 0 ? vbMac : i % 3 == 1 ?
                        new byte[] {-1, -1, -1, -1, -1, -1} : new byte[] {0x02, 0, 0, 0, 0, 0x42};
                    System.arraycopy(dst, 0, frame, 0, 6);
                    frame[6] = 0x02;
                    frame[11] = 0x01;
                    frame[12] = (byte)0x88;
                    frame[13] = (byte)0xB5;
                    frame[14] = (byte)i;
                    sent.add(frame);
                    batch.add(allocator.make(frame, 0, frame.length));
                }
                assertEquals(60, tx.send(batch));
                final List<byte[]> received = new ArrayList<>();
                final List<Integer> types = new ArrayList<>();
                final PacketBatch in = new PacketBatch(32);
                final long deadline = System.nanoTime() + 10_000_000_000L;
                while (received.size() < 60 && System.nanoTime() < deadline)
                {
                    final int got = rx.receive(allocator, in, 32);
                    for (int i = 0; i < got; i++)
                    {
                        final Packet p = in.get(i);
                        if (p.length() >= 14 && p.u16(12) == 0x88B5)
                        {
                            final byte[] frame = new byte[p.length()];
                            p.copyTo(0, frame, 0, frame.length);
                            received.add(frame);
                            types.add(p.packetType());
                        }
                    }
                    in.killAll();
                    in.clear();
                }
                assertEquals(60, received.size());
                for (int i = 0; i < 60; i++)
                {
                    assertArrayEquals(sent.get(i), received.get(i), "frame " + i);
                    assertEquals(i % 3 == 0 ? PacketType.HOST : i % 3 == 1 ? PacketType.BROADCAST : PacketType.OTHERHOST,
                        (int)types.get(i), "packet type of frame " + i);
                }
            }
            return null;
        });
    }

    @Test
    void theLinkHandlerFollowsThePeer() throws Exception
    {
        final Router router = run(() ->
        {
            final ErrorHandler.Buffer errh = new ErrorHandler.Buffer();
            final Router r = RouterLoader.fromText("veth.click", "fd :: FromDevice(vb) -> Discard; Idle -> td :: ToDevice(va);",
                Map.of(), ElementRegistry.loadDefault(), Router.Options.defaults(), errh);
            assertNotNull(r, errh.text());
            return r;
        });
        try
        {
            assertEquals("up", run(() -> read(router, "fd", "link")));
            assertEquals("up", run(() -> read(router, "td", "link")));
            assertEquals(null, ip("-n", NS, "link", "set", "va", "down"));
            // vb loses its carrier when its peer goes down: IFF_RUNNING clears
            final long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline && !run(() -> read(router, "fd", "link")).equals("down"))
            {
                Thread.sleep(20);
            }
            assertEquals("down", run(() -> read(router, "fd", "link")));
            assertEquals("down", run(() -> read(router, "td", "link")));
            assertEquals(null, ip("-n", NS, "link", "set", "va", "up"));
            final long deadline2 = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline2 && !run(() -> read(router, "fd", "link")).equals("up"))
            {
                Thread.sleep(20);
            }
            assertEquals("up", run(() -> read(router, "fd", "link")));
        }
        finally
        {
            run(() ->
            {
                router.cleanup();
                router.releaseMemory();
                return null;
            });
        }
    }

    private static String read(final Router router, final String element, final String handler)
    {
        return router.handlers().find(router.find(element), handler).callRead("", ErrorHandler.silent());
    }

    /** The MAC address of {@code name} in the namespace. */
    private static String mac(final String name) throws IOException, InterruptedException
    {
        final Process p = new ProcessBuilder("ip", "-n", NS, "-o", "link", "show", name).redirectErrorStream(true)
            .start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        final int at = out.indexOf("link/ether ");
        assertTrue(at >= 0, out);
        return out.substring(at + 11, at + 28);
    }

    /** Runs {@code ip ARGS}: null on success, else its output (also when {@code ip} is missing). */
    private static String ip(final String... args) throws InterruptedException
    {
        final List<String> command = new ArrayList<>();
        command.add("ip");
        command.addAll(List.of(args));
        try
        {
            final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor() == 0 ? null : out.isBlank() ? "exit " + p.exitValue() : out.trim();
        }
        catch (final IOException e)
        {
            return e.getMessage();
        }
    }

    /** open(path) and setns(fd, CLONE_NEWNET) on the calling thread. */
    private static void enterNamespace(final String path) throws Exception
    {
        try
        {
            enterNamespaceOrThrow(path);
        }
        catch (final Exception | Error e)
        {
            throw e;
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    private static void enterNamespaceOrThrow(final String path) throws Throwable
    {
        final Linker linker = Linker.nativeLinker();
        final MethodHandle open = linker.downcallHandle(linker.defaultLookup().find("open").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
            Linker.Option.firstVariadicArg(2));
        final MethodHandle setns = linker.downcallHandle(linker.defaultLookup().find("setns").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        try (Arena arena = Arena.ofConfined())
        {
            final int fd = (int)open.invokeExact(arena.allocateFrom(path), O_RDONLY_CLOEXEC);
            assertTrue(fd >= 0, "open " + path);
            try
            {
                assertEquals(0, (int)setns.invokeExact(fd, CLONE_NEWNET), "setns " + path);
            }
            finally
            {
                org.jclick.nic.sys.Linux.closeQuietly(fd);
            }
        }
        // from now on this thread's sockets and interface look-ups are in the namespace
        assertTrue(org.jclick.nic.sys.Linux.ifNameToIndex("va") > 0, "va is visible");
    }
}
