package org.jclick.elements.classification;

import static org.jclick.elements.classification.Packets.addr;
import static org.jclick.elements.classification.Packets.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketPool;
import org.jclick.elements.RouterFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The elements in routers: pcap input built by hand, counters per output, handlers. */
class ClassificationElementsTest
{
    @TempDir
    Path dir;

    /** A little-endian pcap file of Ethernet frames. */
    private static byte[] pcap(final List<byte[]> frames)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xa1b2c3d4).putShort((short)2).putShort((short)4).putInt(0).putInt(0).putInt(65535).putInt(1);
        out.writeBytes(h.array());
        int sec = 1;
        for (final byte[] f : frames)
        {
            final ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            r.putInt(sec++).putInt(0).putInt(f.length).putInt(f.length);
            out.writeBytes(r.array());
            out.writeBytes(f);
        }
        return out.toByteArray();
    }

    private static List<Packets.Ip> traffic()
    {
        final List<Packets.Ip> list = new ArrayList<>();
        list.add(ip().ether().ports(40000, 80));                            // tcp www
        list.add(ip().ether().ports(40001, 80).frag(0x0040));               // later fragment
        list.add(ip().ether().proto(Packets.UDP).ports(5353, 53));          // udp domain
        list.add(ip().ether().icmp(8));                                     // echo
        list.add(ip().ether().icmp(0).src(addr("192.168.1.7")));           // echo-reply from "me"
        list.add(ip().ether().ports(1, 22).src(addr("192.168.1.7")));      // ssh from "me"
        list.add(ip().ether().ports(1, 22).src(addr("172.16.0.1")));       // nothing
        list.add(ip().ether().ports(1, 80).truncate(14 + 20));              // header only
        return list;
    }

    private Path writeTrace() throws IOException
    {
        final List<byte[]> frames = new ArrayList<>();
        for (final Packets.Ip p : traffic())
        {
            frames.add(p.bytes());
        }
        final Path file = dir.resolve("t.pcap");
        Files.write(file, pcap(frames));
        return file;
    }

    @Test
    void ipClassifierOnAHandBuiltTrace() throws IOException
    {
        final Path file = writeTrace();
        final String[] patterns = {"tcp dst port www", "udp port domain", "icmp type echo", "src host me", "tcp"};
        final String config = "AddressInfo(me 192.168.1.7);"
            + "FromDump(" + file + ", STOP true) -> c :: IPClassifier(" + String.join(", ", patterns) + ");"
            + "c[0] -> c0 :: Counter -> Discard; c[1] -> c1 :: Counter -> Discard; c[2] -> c2 :: Counter -> Discard;"
            + "c[3] -> c3 :: Counter -> Discard; c[4] -> c4 :: Counter -> Discard;";
        // expected outputs, from the compiled program on the same bytes (with the annotations FromDump sets)
        final int[] expected = new int[6];
        final ClassifierProgram program = ProgramCompiler.compile(ClassifierProgram.Layout.IP,
            Compile.ipRules("tcp dst port www", "udp port domain", "icmp type echo", "src host 192.168.1.7", "tcp"));
        try (PacketPool pool = PacketPool.allocate(8, 2048, 64))
        {
            for (final Packets.Ip spec : traffic())
            {
                final Packet p = spec.make(pool);
                final int out = program.match(p);
                expected[out < 0 ? 5 : out]++;
                p.kill();
            }
        }
        // and by hand
        assertEquals(1, expected[0]);
        assertEquals(1, expected[1]);
        assertEquals(1, expected[2]);
        assertEquals(2, expected[3]);
        assertEquals(3, expected[4]);
        assertEquals(0, expected[5]);
        try (RouterFixture f = RouterFixture.simtime(config))
        {
            f.run();
            for (int i = 0; i < 5; i++)
            {
                assertEquals(Integer.toString(expected[i]), f.read("c" + i + ".count"), "output " + i);
            }
            assertEquals("0", f.read("c.drops"));
            assertEquals("tcp dst port www", f.read("c.pattern0"));
            assertTrue(f.read("c.program").contains("268/c0a80107%ffffffff"), f.read("c.program"));
        }
    }

    @Test
    void ipFilterActionsAndDrops() throws IOException
    {
        final Path file = writeTrace();
        final String config = "FromDump(" + file + ", STOP true) -> f :: IPFilter(deny src 192.168.1.7,"
            + " 1 icmp, allow tcp dst port 80 or 22, drop all) -> a :: Counter -> Discard;"
            + " f[1] -> b :: Counter -> Discard;";
        try (RouterFixture f = RouterFixture.simtime(config))
        {
            f.run();
            // allowed: tcp www, ssh from 172.16.0.1 (the later fragment and the header-only packet have no port)
            assertEquals("2", f.read("a.count"));
            assertEquals("1", f.read("b.count"));
            // denied: 2 from 192.168.1.7; dropped by 'drop all': fragment, udp, header-only
            assertEquals("5", f.read("f.drops"));
        }
    }

    @Test
    void classifierOnEthernetFramesAndProgramHandler() throws IOException
    {
        final Path file = writeTrace();
        final String config = "FromDump(" + file + ", STOP true, FORCE_IP false) -> c :: Classifier(12/0800 23/11, 12/0800 23/06 !36/0016, 12/0800, -);"
            + "c[0] -> u :: Counter -> Discard; c[1] -> t :: Counter -> Discard; c[2] -> o :: Counter -> Discard;"
            + "c[3] -> x :: Counter -> Discard;";
        try (RouterFixture f = RouterFixture.simtime(config))
        {
            f.run();
            assertEquals("1", f.read("u.count"));
            // TCP not to port 22 (0x0016): www, the fragment, and the header-only packet (short: '!' holds)
            assertEquals("3", f.read("t.count"));
            assertEquals("4", f.read("o.count"));
            assertEquals("0", f.read("x.count"));
            assertEquals("""
                 0  12/08000000%ffff0000  yes->step 1  no->[3]
                 1  20/00000011%000000ff  yes->[0]  no->step 2
                 2  20/00000006%000000ff  yes->step 3  no->[2]
                 3  36/00160000%ffff0000  yes->[2]  no->[1]
                safe length 38
                alignment offset 0
                """, f.read("c.program"));
        }
    }

    @Test
    void patternHandlerRecompiles()
    {
        try (RouterFixture f = RouterFixture.simtime("Idle -> c :: IPClassifier(tcp, -) -> Discard; c[1] -> Discard;"))
        {
            assertEquals("""
                 0 264/00060000%00ff0000  yes->[0]  no->[1]
                safe length 266
                alignment offset 0
                """, f.read("c.program"));
            assertEquals(0, f.write("c.pattern0", "udp"));
            assertEquals("udp", f.read("c.pattern0"));
            assertTrue(f.read("c.program").contains("264/00110000%00ff0000"));
            assertTrue(f.write("c.pattern0", "echo") < 0);
            assertEquals("udp", f.read("c.pattern0"));
        }
    }

    @Test
    void matchingAllocatesNothing()
    {
        final ClassifierProgram program = Compile.ip("tcp dst port www", "udp port domain", "icmp type echo",
            "src net 10.0.0.0/8 and ip ttl > 3", "not tcp opt syn", "-");
        final com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        try (PacketPool pool = PacketPool.allocate(8, 2048, 64))
        {
            final Packet[] packets = {ip().ports(1, 80).make(pool), ip().proto(Packets.UDP).ports(53, 9).make(pool),
                ip().icmp(8).make(pool), ip().flags(2).make(pool), ip().truncate(21).make(pool)};
            int sum = 0;
            for (int i = 0; i < 200_000; i++)
            {
                sum += program.match(packets[i % packets.length]);
            }
            final long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 200_000; i++)
            {
                sum += program.match(packets[i % packets.length]);
            }
            final long allocated = mx.getCurrentThreadAllocatedBytes() - before;
            // one object per call would be at least 3.2 MB; allow for the JIT's own bookkeeping
            assertTrue(allocated < 64 * 1024, "match allocated " + allocated + " bytes");
            assertTrue(sum > 0);
            for (final Packet p : packets)
            {
                p.kill();
            }
        }
    }
}
