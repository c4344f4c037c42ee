package org.jclick.nic.vhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;

import org.jclick.nic.sys.MemfdDmaMemory;
import org.jclick.nic.virtio.VirtioFeatures;
import org.jclick.nic.virtio.VirtioNet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The vhost-user frontend against a scripted backend (a Java Unix socket server; no fds are received). */
class VhostUserTransportTest
{
    private static final long FEATURES = VirtioFeatures.bit(VirtioFeatures.F_VERSION_1) |
        VirtioFeatures.bit(VirtioFeatures.NET_F_MRG_RXBUF) | VirtioFeatures.bit(VirtioFeatures.NET_F_CTRL_VQ) |
        VirtioFeatures.bit(VhostUserTransport.F_PROTOCOL_FEATURES);

    private Path dir;
    private Path socket;
    private ServerSocketChannel server;
    private Thread backend;
    private final List<Integer> requests = new CopyOnWriteArrayList<>();
    private volatile SocketChannel connection;
    private MemfdDmaMemory memory;

    @BeforeEach
    void setUp() throws IOException
    {
        dir = Files.createTempDirectory("vhost-test");
        socket = dir.resolve("be.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        memory = MemfdDmaMemory.create("vhost-test", VirtioNet.requiredBytes(VirtioNet.Config.defaults()));
    }

    @AfterEach
    void tearDown() throws Exception
    {
        server.close();
        if (connection != null)
        {
            connection.close();
        }
        if (backend != null)
        {
            backend.join(5000);
        }
        memory.close();
        Files.deleteIfExists(socket);
        Files.deleteIfExists(dir);
    }

    /**
     * Serves one connection: records every request; answers GET_FEATURES / GET_PROTOCOL_FEATURES with
     * {@code reply.apply(request)} (null: no answer).
     */
    private void serve(final IntFunction<ByteBuffer> reply)
    {
        backend = new Thread(() ->
        {
            try (SocketChannel channel = server.accept())
            {
                connection = channel;
                final ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
                while (true)
                {
                    header.clear();
                    while (header.hasRemaining())
                    {
                        if (channel.read(header) < 0)
                        {
                            return;
                        }
                    }
                    final int request = header.getInt(0);
                    final ByteBuffer payload = ByteBuffer.allocate(header.getInt(8)).order(ByteOrder.LITTLE_ENDIAN);
                    while (payload.hasRemaining())
                    {
                        if (channel.read(payload) < 0)
                        {
                            return;
                        }
                    }
                    requests.add(request);
                    if (request == VhostUserTransport.GET_VRING_BASE)
                    {
                        channel.write(u64Reply(request, 0x5, 8, payload.getInt(0)).flip());
                    }
                    else if (request == VhostUserTransport.GET_FEATURES ||
                        request == VhostUserTransport.GET_PROTOCOL_FEATURES)
                    {
                        final ByteBuffer answer = reply.apply(request);
                        if (answer != null)
                        {
                            channel.write(answer.flip());
                        }
                    }
                }
            }
            catch (final IOException closed)
            {
                // the test closed the server
            }
        }, "fake-vhost-backend");
        backend.setDaemon(true);
        backend.start();
    }

    private static ByteBuffer u64Reply(final int request, final int flags, final int size, final long value)
    {
        final ByteBuffer b = ByteBuffer.allocate(12 + Math.max(size, 0)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(request).putInt(flags).putInt(size);
        if (size >= 8)
        {
            b.putLong(value);
        }
        while (b.hasRemaining())
        {
            b.put((byte)0);
        }
        return b;
    }

    private static ByteBuffer goodReply(final int request)
    {
        return u64Reply(request, 0x5, 8, request == VhostUserTransport.GET_FEATURES ? FEATURES : 0x3L);
    }

    @Test
    void theMessageSequenceIsTheOneDpdkAccepts() throws Exception
    {
        serve(VhostUserTransportTest::goodReply);
        final VhostUserTransport transport = new VhostUserTransport(socket.toString(), memory);
        final VirtioNet net = new VirtioNet(transport, memory, VirtioNet.Config.defaults());
        net.start();
        assertTrue(net.linkUp());
        assertFalse(VirtioFeatures.has(net.features(), VirtioFeatures.NET_F_CTRL_VQ), "no control queue over vhost-user");
        assertEquals(12, net.headerBytes());
        Thread.sleep(200);
        assertEquals(List.of(VhostUserTransport.SET_OWNER, VhostUserTransport.GET_FEATURES,
            VhostUserTransport.SET_FEATURES, VhostUserTransport.SET_MEM_TABLE,
            VhostUserTransport.SET_VRING_NUM, VhostUserTransport.SET_VRING_BASE, VhostUserTransport.SET_VRING_ADDR,
            VhostUserTransport.SET_VRING_CALL, VhostUserTransport.SET_VRING_KICK,
            VhostUserTransport.SET_VRING_NUM, VhostUserTransport.SET_VRING_BASE, VhostUserTransport.SET_VRING_ADDR,
            VhostUserTransport.SET_VRING_CALL, VhostUserTransport.SET_VRING_KICK), requests);
        connection.close();
        Thread.sleep(100);
        assertFalse(net.linkUp(), "the backend went away");
        net.close();
    }

    @Test
    void protocolFeaturesAddTheirMessagesAndEnableTheRings() throws Exception
    {
        serve(VhostUserTransportTest::goodReply);
        final VhostUserTransport transport = new VhostUserTransport(socket.toString(), memory, 0, true);
        final VirtioNet net = new VirtioNet(transport, memory, VirtioNet.Config.defaults());
        net.start();
        Thread.sleep(200);
        net.close();
        Thread.sleep(200);
        assertEquals(List.of(VhostUserTransport.GET_VRING_BASE, VhostUserTransport.GET_VRING_BASE),
            requests.subList(requests.size() - 2, requests.size()), "close stops both rings first");
        assertEquals(0, transport.protocolErrors());
        assertTrue(requests.contains(VhostUserTransport.GET_PROTOCOL_FEATURES));
        assertTrue(requests.contains(VhostUserTransport.SET_PROTOCOL_FEATURES));
        assertEquals(2, requests.stream().filter(r -> r == VhostUserTransport.SET_VRING_ENABLE).count());
    }

    private void assertRejected(final ByteBuffer reply, final String why)
    {
        serve(request -> reply);
        final VhostUserException e = assertThrows(VhostUserException.class,
            () -> new VhostUserTransport(socket.toString(), memory));
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    @Test
    void aReplyToAnotherRequestIsRejected()
    {
        assertRejected(u64Reply(VhostUserTransport.GET_VRING_BASE, 0x5, 8, 0), "reply to request 11");
    }

    @Test
    void anOversizedReplyIsRejected()
    {
        assertRejected(u64Reply(VhostUserTransport.GET_FEATURES, 0x5, 100_000, 0), "oversized");
    }

    @Test
    void aShortReplyIsRejected()
    {
        assertRejected(u64Reply(VhostUserTransport.GET_FEATURES, 0x5, 4, 0), "of 4 bytes, 8 expected");
    }

    @Test
    void aReplyWithoutTheReplyFlagIsRejected()
    {
        assertRejected(u64Reply(VhostUserTransport.GET_FEATURES, 0x1, 8, 0), "flags");
    }

    @Test
    void aSilentBackendTimesOut()
    {
        final long startNs = System.nanoTime();
        assertRejected(null, "no reply to request 1 within 2000 ms");
        final long elapsedMs = (System.nanoTime() - startNs) / 1_000_000;
        assertTrue(elapsedMs >= 1900 && elapsedMs < 10_000, elapsedMs + " ms");
    }

    @Test
    void aBackendThatClosesMidReplyIsAShortReply() throws Exception
    {
        serve(request ->
        {
            try
            {
                connection.write(ByteBuffer.wrap(new byte[] {1, 0, 0, 0, 5}));
                connection.close();
            }
            catch (final IOException ignored)
            {
                // the frontend sees the end of stream either way
            }
            return null;
        });
        final VhostUserException e = assertThrows(VhostUserException.class,
            () -> new VhostUserTransport(socket.toString(), memory));
        assertTrue(e.getMessage().contains("closed the connection"), e.getMessage());
    }

    @Test
    void aMissingSocketIsReportedAfterTheTimeout() throws IOException
    {
        server.close();
        Files.deleteIfExists(socket);
        final VhostUserException e = assertThrows(VhostUserException.class,
            () -> new VhostUserTransport(dir.resolve("none.sock").toString(), memory));
        assertTrue(e.getMessage().contains("ENOENT"), e.getMessage());
    }
}
