package org.jclick.elements.classification;

import static org.jclick.elements.classification.Packets.UDP;
import static org.jclick.elements.classification.Packets.addr;
import static org.jclick.elements.classification.Packets.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What IPFilter expressions match, on hand-built packets. */
class IPFilterSemanticsTest
{
    private static PacketPool pool;

    @BeforeAll
    static void pool()
    {
        pool = PacketPool.allocate(16, 2048, 64);
    }

    @AfterAll
    static void close()
    {
        pool.close();
    }

    private static boolean matches(final String pattern, final Packets.Ip packet)
    {
        final ClassifierProgram program = Compile.ip(pattern);
        final Packet p = packet.make(pool);
        try
        {
            final int out = program.match(p);
            // the unoptimized program must agree
            final int raw = ProgramCompiler.compile(ClassifierProgram.Layout.IP, Compile.ipRules(pattern), false)
                .match(p);
            assertEquals(out, raw, "optimized and unoptimized programs disagree on " + pattern);
            return out == 0;
        }
        finally
        {
            p.kill();
        }
    }

    private static void yes(final String pattern, final Packets.Ip packet)
    {
        assertEquals(true, matches(pattern, packet), pattern);
    }

    private static void no(final String pattern, final Packets.Ip packet)
    {
        assertEquals(false, matches(pattern, packet), pattern);
    }

    @Test
    void hostsAndNets()
    {
        final Packets.Ip p = ip().src(addr("10.0.0.1")).dst(addr("192.168.5.9"));
        yes("src host 10.0.0.1", p);
        yes("host 10.0.0.1", p);
        yes("10.0.0.1", p);
        no("dst host 10.0.0.1", p);
        yes("src and dst net 0.0.0.0/0", p);
        no("src and dst host 10.0.0.1", p);
        yes("src or dst host 192.168.5.9", p);
        yes("dst net 192.168.0.0/16", p);
        yes("dst net 192.168/16", p);
        yes("dst 192.168.0.0 mask 255.255.0.0", p);
        no("src net 192.168.0.0/16", p);
        yes("src host != 10.0.0.2", p);
        // a value alone continues the previous primitive, direction included
        yes("src host 1.2.3.4 or 10.0.0.1", p);
        no("src host 1.2.3.4 or 192.168.5.9", p);
        yes("src 10.0.0.1 & 255.0.0.0 = 10.0.0.0", p);
        yes("src 10.0.0.0/8 and dst 192.168.5.0/24", p);
    }

    @Test
    void portsAndProtocols()
    {
        final Packets.Ip tcp = ip().ports(40000, 80);
        final Packets.Ip udp = ip().proto(UDP).ports(53, 5353);
        yes("tcp", tcp);
        no("udp", tcp);
        yes("ip proto 6", tcp);
        yes("proto tcp", tcp);
        yes("ip proto tcp or udp", udp);
        yes("tcpudp", udp);
        yes("dst port www", tcp);
        yes("tcp dst port 80", tcp);
        no("udp dst port 80", tcp);
        yes("port 80", tcp);
        yes("src port domain", udp);
        yes("udp port dns", udp);
        yes("src port 1 or 2 or 53", udp);
        no("dst port 1 or 2 or 53", udp);
        yes("dst port 5353", udp);
        // port ranges and comparisons
        yes("src port > 1024", tcp);
        yes("dst port <= 80", tcp);
        no("dst port < 80", tcp);
        yes("dst port >= 80", tcp);
        no("dst port > 80", tcp);
        yes("port > 1024", udp);
        // Click: 'port < 1024' negates 'port >= 1024' as a whole, so both ports must be below 1024
        no("port < 1024", tcp);
        yes("port < 1024", ip().ports(22, 80));
        yes("src port >= 1024 and dst port < 1024", tcp);
        yes("tcp src port > 39999", tcp);
        no("tcp src port > 40000", tcp);
        // ranges
        yes("dst port >= 80 and dst port <= 89", tcp);
        no("dst port >= 81 and dst port <= 89", tcp);
        yes("src port > 30000 && src port < 50000", tcp);
        yes("not (dst port >= 1024 and dst port <= 65535)", tcp);
        yes("dst port & 0xff00 = 0", tcp);
        yes("dst port & 0xf0 > 0x40", tcp);
        no("dst port & 0xf0 > 0x50", tcp);
    }

    @Test
    void negationOfTransportTests()
    {
        final Packets.Ip udp = ip().proto(UDP).ports(5, 5);
        final Packets.Ip tcp = ip().ports(5, 6);
        // 'tcp port != 5' means TCP and a port other than 5; 'not tcp port 5' also matches UDP
        no("src tcp port != 5", udp);
        yes("not src tcp port 5", udp);
        yes("! src tcp port 5", udp);
        no("src tcp port != 5", tcp);
        yes("dst tcp port != 5", tcp);
        no("icmp type != echo", udp);
        yes("not icmp type echo", udp);
        yes("not tcp opt syn", udp);
        no("tcp opt syn", udp);
    }

    @Test
    void fragments()
    {
        final Packets.Ip first = ip().frag(0x2000).ports(1, 80);
        final Packets.Ip later = ip().frag(0x0010).ports(1, 80);
        final Packets.Ip dontFragment = ip().frag(0x4000).ports(1, 80);
        yes("dst port 80", first);
        no("dst port 80", later);
        yes("not dst port 80", later);
        no("dst port != 80", later);
        yes("tcp", later);
        yes("ip frag", first);
        yes("ip frag", later);
        no("ip frag", dontFragment);
        yes("ip unfrag", dontFragment);
        no("ip unfrag", later);
        no("transp[0:2] = 1", later);
        yes("transp[0:2] = 1", first);
        no("icmp type echo", ip().icmp(8).frag(0x0020));
        no("tcp opt ack", later);
    }

    @Test
    void shortPackets()
    {
        final Packets.Ip headerOnly = ip().ports(1, 80).truncate(20);
        no("dst port 80", headerOnly);
        yes("not dst port 80", headerOnly);
        no("dst port != 80", headerOnly);
        yes("tcp", headerOnly);
        final Packets.Ip ip19 = ip().truncate(19);
        no("ip[19] & 128 == 0", ip19);
        yes("not ip[19] & 128 == 0", ip19);
        yes("ip[19] & 128 == 0", ip());
        // bytes past the end are never read
        no("ip[100] = 0", ip());
        yes("not ip[100] = 0", ip());
        no("ip[100] != 0", ip());
        no("transp[60:4] = 0", ip());
        yes("transp[1] & 128 == 0", ip().ports(0, 0).truncate(22));
        no("transp[1] & 128 == 0", ip().ports(0, 0).truncate(21));
        yes("not (transp[1] & 128 == 0)", ip().ports(0, 0).truncate(21));
        no("transp[1] & 128 != 0", ip().ports(0, 0).truncate(21));
    }

    @Test
    void ipOptionsMoveTheTransportHeader()
    {
        final Packets.Ip p = ip().options(3).ports(7, 8080).flags(0x02);
        yes("dst port 8080", p);
        yes("src port echo", p);
        yes("tcp opt syn", p);
        yes("ip hl 8", p);
        no("ip hl 5", p);
    }

    @Test
    void tcpFlagsIcmpTypesAndFields()
    {
        final Packets.Ip syn = ip().flags(0x02);
        final Packets.Ip synAck = ip().flags(0x12);
        yes("syn", syn);
        yes("tcp opt syn", synAck);
        yes("syn and not ack", syn);
        no("syn && !ack", synAck);
        yes("tcp opt ack or rst", synAck);
        yes("tcp[13] & 2 != 0", syn);
        yes("tcp win 8192", syn);
        yes("tcp win > 1000", syn);
        final Packets.Ip echo = ip().icmp(8);
        yes("icmp type echo", echo);
        yes("icmp type 8", echo);
        no("icmp type echo-reply", echo);
        yes("icmp type echo-reply", ip().icmp(0));
        yes("icmp type unreachable", ip().icmp(3));
        yes("icmp type timeexceeded", ip().icmp(11));
        yes("icmp", echo);
        yes("ip proto icmp", echo);
        yes("icmp[0] = 8", echo);
        final Packets.Ip f = ip().ttl(3).tos(0xB9);
        yes("ip ttl 3", f);
        yes("ip ttl < 4", f);
        no("ip ttl > 3", f);
        yes("ip ttl 1 or 2 or 3", f);
        yes("ip tos 0xb9", f);
        yes("ip dscp 46", f);
        yes("ip ect", f);
        no("ip ce", f);
        yes("ip ce", ip().tos(3));
        no("ip ect", ip().tos(0));
        yes("ip vers 4", f);
        yes("ip hl 5", f);
        yes("ip id 0x1234", f);
        yes("ip len 48", f);
        no("ip len > 48", f);
        yes("ip[8] = 3", f);
        yes("ip[8:2] = 0x0306", f);
        yes("ip[8,9] = 0x0306", f);
        yes("ip[12:4] = 0x0a000001", f);
    }

    @Test
    void booleanStructure()
    {
        final Packets.Ip tcp = ip().ports(1, 80);
        final Packets.Ip udp = ip().proto(UDP).ports(1, 53);
        yes("true", tcp);
        no("false", tcp);
        yes("-", tcp);
        yes("any", tcp);
        yes("all", tcp);
        no("!true", tcp);
        yes("not false", tcp);
        yes("tcp ? dst port 80 : dst port 53", tcp);
        yes("tcp ? dst port 80 : dst port 53", udp);
        no("udp ? dst port 80 : dst port 54", udp);
        yes("(tcp or udp) and (dst port 80 or dst port 53)", udp);
        yes("tcp && dst port 80 || udp && dst port 53", udp);
        yes("not (udp and dst port 80)", udp);
        yes("tcp dst port 80 or 81", tcp);
        no("udp or icmp", tcp);
        yes("! icmp", tcp);
        yes("ip proto != 1", tcp);
        no("ip proto != 6", tcp);
    }

    @Test
    void etherHosts()
    {
        final Packets.Ip p = ip().ether();
        yes("ether src host 0:1:2:3:4:5", p);
        yes("src 00:01:02:03:04:05", p);
        yes("dst 10:20:30:40:50:60", p);
        yes("ether host 10:20:30:40:50:60", p);
        no("ether src host 10:20:30:40:50:60", p);
        // without a MAC header annotation, Ethernet tests are false
        no("ether host 10:20:30:40:50:60", ip());
    }

    @Test
    void firstMatchingRuleWins()
    {
        final ClassifierProgram prog = Compile.ip("tcp dst port 80", "tcp", "udp", "-");
        final Packet a = ip().ports(1, 80).make(pool);
        final Packet b = ip().ports(1, 81).make(pool);
        final Packet c = ip().proto(UDP).make(pool);
        final Packet d = ip().icmp(0).make(pool);
        assertEquals(0, prog.match(a));
        assertEquals(1, prog.match(b));
        assertEquals(2, prog.match(c));
        assertEquals(3, prog.match(d));
        a.kill();
        b.kill();
        c.kill();
        d.kill();
        final ClassifierProgram none = Compile.ip("tcp");
        final Packet e = ip().icmp(8).make(pool);
        assertEquals(-1, none.match(e));
        e.kill();
    }
}
