package org.jclick.elements.traces;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.jclick.elements.RouterFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FromTcpdumpTest
{
    @TempDir
    Path tmp;

    @Test
    void tcpAndUdpLines() throws IOException
    {
        final Path in = tmp.resolve("in.txt");
        final Path out = tmp.resolve("out.ipsd");
        Files.writeString(in, """
            1073554818.366478 169.232.91.4.771 > 224.0.0.2.1985:  udp 20 [tos 0xc0]  [ttl 1] (id 37528, len 48)
            1073554818.810540 192.168.1.100.32821 > 130.74.110.2.80: F [tcp sum ok] 132356736:132356736(0) ack 802695074 win 21600 <nop,nop,timestamp 1301380 3423736> (DF) (ttl 64, id 18639, len 52)
            1073554823.351129 192.168.1.100.32822 > 130.74.110.2.80: SWE [tcp sum ok] 161246674:161246674(0) win 5840 <mss 1460,sackOK,timestamp 1301834 0,nop,wscale 0> (DF) (ttl 64, id 45208, len 60)
            this line is not tcpdump output
            1073554824.041605 192.168.1.100.32822 > 130.74.110.2.80: . [tcp sum ok] ack 1839 win 10080 <nop,nop,timestamp 1301903 3423767,nop,nop,sack sack 1 {3279:4503} > (DF) (ttl 64, id 45214, len 64)
            """);
        try (RouterFixture f = RouterFixture.simtime("fd :: FromTcpdump(\"" + in + "\", STOP true, CHECKSUM true) -> "
            + "ToIPSummaryDump(\"" + out + "\", FIELDS timestamp src sport dst dport proto ip_tos ip_ttl ip_id ip_len "
            + "ip_frag tcp_flags tcp_seq tcp_ack tcp_window tcp_opt);"))
        {
            f.run();
            assertEquals("4", f.read("fd.count"));
            assertEquals("1", f.read("fd.bad_lines"));
        }
        final List<String> lines = Files.readAllLines(out).stream().filter(l -> !l.startsWith("!"))
            .collect(Collectors.toList());
        assertEquals(List.of(
            "1073554818.366478 169.232.91.4 771 224.0.0.2 1985 U 192 1 37528 48 . - - - - -",
            "1073554818.810540 192.168.1.100 32821 130.74.110.2 80 T 0 64 18639 52 ! FA 132356736 802695074 21600 ts1301380:3423736",
            "1073554823.351129 192.168.1.100 32822 130.74.110.2 80 T 0 64 45208 60 ! SEC 161246674 0 5840 mss1460;sackok;ts1301834:0;wscale0",
            "1073554824.041605 192.168.1.100 32822 130.74.110.2 80 T 0 64 45214 64 ! A 0 1839 10080 ts1301903:3423767;sack3279-4503"),
            lines);
    }
}
