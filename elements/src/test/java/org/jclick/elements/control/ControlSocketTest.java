package org.jclick.elements.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.jclick.elements.RouterFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ControlSocket over real loopback TCP and Unix-domain connections. */
class ControlSocketTest
{
    private static final String SWITCH = "Idle -> s :: Switch(0) -> Idle; s[1] -> Idle;\n"
        + "sc :: Script(TYPE PASSIVE);\n"
        + "DriverManager(wait 20s, stop);\n";

    /** Sends everything the client wrote, closes the sending side, and returns all the server sent. */
    private static String converse(final SocketChannel ch, final String input) throws IOException
    {
        ch.write(ByteBuffer.wrap(input.getBytes(StandardCharsets.ISO_8859_1)));
        ch.shutdownOutput();
        final InputStream in = Channels.newInputStream(ch);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static Thread runInBackground(final RouterFixture f)
    {
        final Thread t = Thread.ofPlatform().daemon().start(f::run);
        return t;
    }

    @Test
    void tcpReadWriteCheckAndErrors() throws Exception
    {
        try (RouterFixture f = RouterFixture.wall("cs :: ControlSocket(tcp, 41960+);\n" + SWITCH, 1))
        {
            final int port = Integer.parseInt(f.read("cs.port").trim());
            assertTrue(port >= 41960);
            final Thread driver = runInBackground(f);
            try (SocketChannel ch = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)))
            {
                final String reply = converse(ch, String.join("\r\n",
                    "read s.switch",
                    "write s.switch 1",
                    "get s.switch",
                    "read sc.add 1 2",
                    "READ nosuch.x",
                    "read s.nosuch",
                    "read sc.cat /etc/hostname",
                    "checkread s.switch",
                    "CHECKWRITE s.name",
                    "writedata s.switch 1",
                    "0readdata sc.add 3",
                    "4 5",
                    "writeuntil s.switch END",
                    "1",
                    "END",
                    "write s.switch x",
                    "frob",
                    "read",
                    "quit",
                    "read s.switch", ""));
                assertEquals(String.join("\r\n",
                    "Click::ControlSocket/1.3",
                    "200 Read handler 's.switch' OK",
                    "DATA 1",
                    "0200 Write handler 's.switch' OK",
                    "200 Read handler 's.switch' OK",
                    "DATA 1",
                    "1200 Read handler 'sc.add' OK",
                    "DATA 1",
                    "3510 No element named 'nosuch'",
                    "511 No handler named 's.nosuch'",
                    "511 No handler named 'sc.cat'",
                    "200 Read handler 's.switch' OK",
                    "511 Handler 's.name' not writable",
                    "200 Write handler 's.switch' OK",
                    "200 Read handler 'sc.add' OK",
                    "DATA 1",
                    "9200 Write handler 's.switch' OK",
                    "520-Write handler 's.switch' error:",
                    reply.lines().filter(l -> l.startsWith("520 ")).findFirst().orElse("520 ?").trim(),
                    "501 Command 'FROB' unimplemented",
                    "500 Wrong number of arguments",
                    "200 Goodbye!", ""), reply);
            }
            assertEquals("1", f.read("s.switch").trim());
            f.write("stop", "true");
            driver.join(Duration.ofSeconds(10));
            assertFalse(driver.isAlive());
        }
    }

    @Test
    void readOnlyAndLlrpc() throws Exception
    {
        try (RouterFixture f = RouterFixture.wall("cs :: ControlSocket(TCP, 41960+, READONLY true);\n"
            + "cw :: ControlSocket(TCP, 41960+);\n" + SWITCH, 1))
        {
            final int ro = Integer.parseInt(f.read("cs.port").trim());
            final int rw = Integer.parseInt(f.read("cw.port").trim());
            assertTrue(ro != rw);
            final Thread driver = runInBackground(f);
            try (SocketChannel ch = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), ro)))
            {
                final String reply = converse(ch, "write s.switch 1\ncheckwrite s.switch\nllrpc s#4004C005\n");
                assertEquals("Click::ControlSocket/1.3\r\n530 Permission denied for 's.switch'\r\n"
                    + "530 Permission denied for 's.switch'\r\n530 Permission denied for 's#4004C005'\r\n", reply);
            }
            try (SocketChannel ch = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), rw)))
            {
                final String reply = converse(ch, "llrpc s#80044006 4\n\1\0\0\0llrpc s#4004C005\nllrpc s#12345678\n"
                    + "write stop true\n");
                assertEquals("Click::ControlSocket/1.3\r\n200 LLRPC 's#80044006' OK\r\nDATA 0\r\n"
                    + "200 LLRPC 's#4004C005' OK\r\nDATA 4\r\n\1\0\0\0"
                    + "501 Cannot call LLRPC 's#12345678' remotely\r\n200 Write handler 'stop' OK\r\n", reply);
            }
            driver.join(Duration.ofSeconds(10));
            assertFalse(driver.isAlive());
            assertEquals("1", f.read("s.switch").trim());
        }
    }

    @Test
    void unixDomainSocket(@TempDir final Path dir) throws Exception
    {
        final Path sock = dir.resolve("cs.sock");
        try (RouterFixture f = RouterFixture.wall("cs :: ControlSocket(unix, " + sock + ");\n" + SWITCH, 1))
        {
            assertTrue(Files.exists(sock));
            final Thread driver = runInBackground(f);
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX))
            {
                ch.connect(UnixDomainSocketAddress.of(sock));
                final String reply = converse(ch, "read 1.name\rwrite stop\r\n");
                assertEquals("Click::ControlSocket/1.3\r\n200 Read handler '1.name' OK\r\nDATA 2\r\n"
                    + "cs200 Write handler 'stop' OK\r\n", reply);
            }
            driver.join(Duration.ofSeconds(10));
            assertFalse(driver.isAlive());
        }
        assertFalse(Files.exists(sock));
    }

    @Test
    void configurationErrors()
    {
        assertTrue(RouterFixture.errorsOf("ControlSocket(udp, 5)").contains("unknown socket type 'udp'"));
        assertTrue(RouterFixture.errorsOf("ControlSocket(tcp, x)").contains("PORT: expected port number"));
        assertTrue(RouterFixture.errorsOf("ControlSocket(tcp)").contains("expected 'TCP, PORT' or 'UNIX, PATH'"));
    }
}
