package org.jclick.elements.ip;

import static org.jclick.elements.ip.IpTestSupport.TCP;
import static org.jclick.elements.ip.IpTestSupport.UDP;
import static org.jclick.elements.ip.IpTestSupport.WIKI;
import static org.jclick.elements.ip.IpTestSupport.line;
import static org.jclick.elements.ip.IpTestSupport.print;
import static org.jclick.elements.ip.IpTestSupport.run;
import static org.jclick.elements.ip.IpTestSupport.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jclick.elements.RouterFixture;
import org.junit.jupiter.api.Test;

class ModifyIpTest
{
    @Test
    void decIpTtlUpdatesTheChecksumIncrementally()
    {
        // TTL 0x40 -> 0x3f; checksum 0xb8c0 -> 0xb9c0 (the TTL/protocol word went down by 0x100)
        final String err = run(source(WIKI) + " -> CheckIPHeader -> d :: DecIPTTL -> " + print("a")
            + " -> CheckIPHeader -> Discard;", f -> assertEquals("0", f.read("d.drops")));
        assertEquals(line("a", "45000014000040003f11b9c0c0a80001c0a800c7"), err);
    }

    @Test
    void decIpTtlSendsExpiredPacketsToOutput1()
    {
        final String ttl1 = "450000140000400001110000c0a80001c0a800c7";
        run(source(ttl1) + " -> MarkIPHeader -> d :: DecIPTTL -> c0 :: Counter -> Discard;"
            + " d[1] -> c1 :: Counter -> Discard;", f ->
            {
                assertEquals("0", f.read("c0.count"));
                assertEquals("1", f.read("c1.count"));
                assertEquals("1", f.read("d.drops"));
            });
        // multicast destinations are left alone with MULTICAST false
        final String mcast = "450000140000400001110000c0a80001e0000001";
        run(source(mcast) + " -> MarkIPHeader -> d :: DecIPTTL(MULTICAST false) -> c0 :: Counter -> Discard;",
            f -> assertEquals("1", f.read("c0.count")));
        // no IP header: dropped and counted, no exception
        run(source(mcast) + " -> d :: DecIPTTL -> c0 :: Counter -> Discard;", f ->
        {
            assertEquals("0", f.read("c0.count"));
            assertEquals("1", f.read("d.bad"));
        });
    }

    @Test
    void setChecksums()
    {
        final String zeroIp = "45000014000040004011" + "0000" + "c0a80001c0a800c7";
        assertEquals(line("a", WIKI), run(source(zeroIp) + " -> MarkIPHeader -> SetIPChecksum -> " + print("a")
            + " -> Discard;"));
        final String zeroTcp = TCP.substring(0, 72) + "0000" + TCP.substring(76);
        assertEquals(line("a", TCP), run(source(zeroTcp) + " -> MarkIPHeader -> SetTCPChecksum -> " + print("a")
            + " -> Discard;"));
        final String zeroUdp = UDP.substring(0, 52) + "0000" + UDP.substring(56);
        assertEquals(line("a", UDP), run(source(zeroUdp) + " -> MarkIPHeader -> SetUDPChecksum -> " + print("a")
            + " -> Discard;"));
        // bad lengths are dropped and counted
        run(source("4f000014") + " -> MarkIPHeader -> s :: SetIPChecksum -> c :: Counter -> Discard;", f ->
        {
            assertEquals("0", f.read("c.count"));
            assertEquals("1", f.read("s.drops"));
        });
    }

    @Test
    void setTcpChecksumFixesTheDataOffset()
    {
        // data offset 2 words: FIXOFF raises it to 5 before checksumming
        final String odd = TCP.substring(0, 64) + "2002" + TCP.substring(68, 72) + "0000" + TCP.substring(76);
        final String err = run(source(odd) + " -> MarkIPHeader -> SetTCPChecksum(true) -> " + print("a")
            + " -> CheckIPHeader -> CheckTCPHeader -> Discard;");
        assertTrue(err.startsWith("a:   40 | 45000028 12340000 4006549a 0a000001 0a000002 04d20050 00000001 00000000 5002"),
            err);
    }

    @Test
    void encapsulations()
    {
        // IPEncap(4, 1.0.0.1, 2.0.0.2): TTL 250, identification 0 then 1, checksums 0xbddf and 0xbdde
        final String err = run("InfiniteSource(DATA \\<aaabacad>, LIMIT 2, STOP true)"
            + " -> IPEncap(4, 1.0.0.1, 2.0.0.2) -> " + print("a") + " -> CheckIPHeader -> Discard;");
        assertEquals(line("a", "450000180000" + "0000fa04bddf0100000102000002aaabacad")
            + line("a", "450000180001" + "0000fa04bdde0100000102000002aaabacad"), err);
        // UDPIPEncap: IP checksum 0xbdca, UDP checksum 0x8a7a
        final String udp = run(IpTestSupport.source("aaabacad") + " -> UDPIPEncap(1.0.0.1, 1234, 2.0.0.2, 5678) -> "
            + print("u") + " -> CheckIPHeader -> CheckUDPHeader -> c :: Counter -> Discard;",
            f -> assertEquals("1", f.read("c.count")));
        assertEquals(line("u", "45000020000000" + "00fa11bdca0100000102000002" + "04d2162e000c8a7a" + "aaabacad"), udp);
        // ICMPIPEncap: TTL 255, IP id and ICMP sequence 1, checksums 0xb8d9 and 0xa09e
        final String icmp = run(IpTestSupport.source("aaabacad")
            + " -> ICMPIPEncap(1.0.0.1, 2.0.0.2, echo, IDENTIFIER 7) -> " + print("i")
            + " -> CheckIPHeader -> CheckICMPHeader -> c :: Counter -> Discard;",
            f -> assertEquals("1", f.read("c.count")));
        assertEquals(line("i", "450000200001" + "0000ff01b8d90100000102000002" + "0800a09e00070001aabbccdd"
            .replace("aabbccdd", "aaabacad")), icmp);
    }

    @Test
    void encapHandlersAndErrors()
    {
        try (RouterFixture f = RouterFixture.simtime("Idle -> e :: IPEncap(tcp, 1.0.0.1, DST_ANNO, DSCP 10) -> Idle;"
            + " Idle -> u :: UDPIPEncap(1.0.0.1, dns, 2.0.0.2, 5678, false) -> Idle;"))
        {
            assertEquals("DST_ANNO", f.read("e.dst"));
            assertEquals(0, f.write("e.dst", "3.0.0.3"));
            assertEquals("3.0.0.3", f.read("e.dst"));
            assertEquals("53", f.read("u.sport"));
            assertEquals(0, f.write("u.dport", "7"));
            assertEquals("7", f.read("u.dport"));
        }
        assertTrue(RouterFixture.errorsOf("Idle -> IPEncap(4, 1.0.0.1, 2.0.0.2, TOS 1, DSCP 2) -> Idle;")
            .contains("cannot set both TOS and DSCP"));
        assertTrue(RouterFixture.errorsOf("Idle -> IPEncap(4, 1.0.0.1, bogus) -> Idle;")
            .contains("DST argument should be IP address or 'DST_ANNO'"));
        assertTrue(RouterFixture.errorsOf("Idle -> ICMPIPEncap(1.0.0.1, 2.0.0.2, unreachable, nosuch) -> Idle;")
            .contains("invalid CODE"));
    }

    @Test
    void addressesAndAnnotations()
    {
        // like Click's ip/StoreIPAddress-01, one element at a time
        final String data = "9999999999999999999999999999999999999999";
        final String pre = source(data) + " -> MarkIPHeader(0) -> SetIPAddress(1.0.0.2) -> ";
        assertEquals(line("b", "01000002" + data.substring(8)),
            run(pre + "StoreIPAddress(0) -> " + print("b") + " -> Discard;"));
        assertEquals(line("c", data.substring(0, 8) + "01000003" + data.substring(16)),
            run(pre + "StoreIPAddress(1.0.0.3, 4) -> " + print("c") + " -> Discard;"));
        assertEquals(line("d", "9999999999999999" + "9999cbca" + "01000002" + "99999999"),
            run(pre + "StoreIPAddress(src) -> " + print("d") + " -> Discard;"));
        assertEquals(line("f", "9999999999999999" + "9999cbc8" + "99999999" + "01000004"),
            run(pre + "StoreIPAddress(1.0.0.4, dst) -> " + print("f") + " -> Discard;"));
        // GetIPAddress copies into the annotation; StoreIPAddress(dst) writes it back (the IP checksum follows)
        final String err = run(source(WIKI) + " -> MarkIPHeader -> GetIPAddress(12) -> StoreIPAddress(dst) -> "
            + print("g") + " -> CheckIPHeader -> c :: Counter -> Discard;", f -> assertEquals("1", f.read("c.count")));
        assertTrue(err.contains("c0a80001 c0a80001"), err);
        assertTrue(RouterFixture.errorsOf("Idle -> GetIPAddress(16, IP src) -> Idle;").contains("set one of OFFSET, IP"));
        run(source("0102") + " -> g :: GetIPAddress(16) -> c :: Counter -> Discard;", f ->
        {
            assertEquals("0", f.read("c.count"));
            assertEquals("1", f.read("g.drops"));
        });
    }

    @Test
    void ecnAndDscp()
    {
        final String ect1 = "4501002012340000401154960a0000010a00000204d20035000c6f33aabbccdd";
        // MarkIPCE: ECT(1) becomes CE, checksum 0x5496 -> 0x5494
        assertEquals(line("m", "4503002012340000401154940a0000010a00000204d20035000c6f33aabbccdd"),
            run(source(ect1) + " -> CheckIPHeader -> MarkIPCE -> " + print("m") + " -> CheckIPHeader -> Discard;"));
        run(source(UDP) + " -> CheckIPHeader -> m :: MarkIPCE -> c :: Counter -> Discard;", f ->
        {
            assertEquals("0", f.read("c.count"));
            assertEquals("1", f.read("m.drops"));
        });
        assertTrue(run(source(UDP) + " -> CheckIPHeader -> MarkIPCE(FORCE true) -> " + print("m") + " -> Discard;")
            .startsWith("m:   32 | 45030020"));
        // SetIPDSCP(46) keeps the ECN bits: TOS 0xb9, checksum 0x53de
        assertEquals(line("s", "45b9002012340000401153de0a0000010a00000204d20035000c6f33aabbccdd"),
            run(source(ect1) + " -> CheckIPHeader -> s :: SetIPDSCP(46) -> " + print("s")
                + " -> CheckIPHeader -> Discard;"));
    }

    @Test
    void setIpAddressKeywordsAndStoreRefusals()
    {
        final String data = "0000000000000000";
        assertEquals(line("s", "01020304" + data.substring(8)), run(source(data)
            + " -> s :: SetIPAddress(IPADDR 1.2.3.4) -> StoreIPAddress(0) -> " + print("s") + " -> Discard;",
            f -> assertEquals("1.2.3.4", f.read("s.addr"))));
        // another annotation (bytes 24-27 of the annotation area), first octet first
        assertEquals("   8 | " + "00".repeat(24) + "05060708" + "00".repeat(20) + "\n", run(source(data)
            + " -> SetIPAddress(5.6.7.8, ANNO 24) -> Print(PRINTANNO true, CONTENTS NONE) -> Discard;"));
        // no address given and a zero destination annotation: refused to output 1 and counted
        run(source(data) + " -> st :: StoreIPAddress(0) -> c :: Counter -> Discard; st[1] -> r :: Counter -> Discard;",
            f ->
            {
                assertEquals("0", f.read("c.count"));
                assertEquals("1", f.read("r.count"));
                assertEquals("1", f.read("st.drops"));
            });
        assertTrue(RouterFixture.errorsOf("Idle -> StoreIPAddress(1.0.0.1, here) -> Idle;")
            .contains("type mismatch: OFFSET requires integer"));
    }
}
