package org.jclick.elements.ip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.HexFormat;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketAllocator;
import org.jclick.elements.RouterFixture;
import org.junit.jupiter.api.Test;

/** The packet paths of the IP and Ethernet elements allocate nothing per packet. */
class NoAllocationTest
{
    private static long allocatedPushing(final RouterFixture f, final String first, final byte[] data, final int rounds)
    {
        final com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final Element e = f.router().find(first);
        final PacketAllocator allocator = f.router().allocatorFor(e);
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) // warm up, then take the best round
        {
            final long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < rounds; i++)
            {
                final Packet p = allocator.make(data, 0, data.length);
                e.push(0, p);
            }
            best = Math.min(best, mx.getCurrentThreadAllocatedBytes() - before);
        }
        return best;
    }

    @Test
    void ipForwardingPath()
    {
        final byte[] tcp = HexFormat.of().parseHex(IpTestSupport.TCP);
        try (RouterFixture f = RouterFixture.simtime("Idle -> a :: CheckIPHeader -> GetIPAddress(16) -> DecIPTTL"
            + " -> SetIPChecksum -> CheckTCPHeader -> SetTCPChecksum -> StoreIPAddress(dst) -> MarkIPCE(FORCE true)"
            + " -> SetIPDSCP(10) -> IPGWOptions(1.2.3.4) -> FixIPSrc(1.2.3.4) -> IPMirror -> CheckIPHeader -> c :: Counter"
            + " -> Discard;"))
        {
            final long allocated = allocatedPushing(f, "a", tcp, 20_000);
            assertTrue(allocated < 4_000, "allocated " + allocated + " bytes for 20000 packets");
            assertEquals("100000", f.read("c.count"));
        }
    }

    @Test
    void encapsulationAndEthernetPath()
    {
        final byte[] payload = HexFormat.of().parseHex("aaabacadaeaf");
        try (RouterFixture f = RouterFixture.simtime("Idle -> b :: UDPIPEncap(1.0.0.1, 1, 2.0.0.2, 2)"
            + " -> CheckIPHeader -> CheckUDPHeader -> SetUDPChecksum -> IPEncap(4, 1.0.0.1, 2.0.0.2)"
            + " -> EtherEncap(0x0800, 1:1:1:1:1:1, 2:2:2:2:2:2) -> HostEtherFilter(2:2:2:2:2:2) -> DropBroadcasts"
            + " -> EtherRewrite(3:3:3:3:3:3, 2:2:2:2:2:2) -> EtherMirror -> StoreEtherAddress(4:4:4:4:4:4, src) -> MarkMACHeader"
            + " -> Strip(14) -> CheckIPHeader -> StripIPHeader -> UnstripIPHeader -> MarkIPHeader"
            + " -> ICMPIPEncap(1.0.0.1, 2.0.0.2, echo) -> CheckIPHeader -> ICMPPingResponder -> CheckICMPHeader"
            + " -> c :: Counter -> Discard;"))
        {
            final long allocated = allocatedPushing(f, "b", payload, 20_000);
            assertTrue(allocated < 4_000, "allocated " + allocated + " bytes for 20000 packets");
            assertEquals("100000", f.read("c.count"));
        }
    }

    @Test
    void badPacketsAreCountedWithoutAllocating()
    {
        final byte[] bad = HexFormat.of().parseHex(IpTestSupport.TCP.substring(0, 20) + "0000"
            + IpTestSupport.TCP.substring(24));
        try (RouterFixture f = RouterFixture.simtime("Idle -> a :: CheckIPHeader(DETAILS true) -> Discard;"))
        {
            final java.io.PrintStream old = System.err;
            System.setErr(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            try
            {
                final long allocated = allocatedPushing(f, "a", bad, 20_000);
                assertTrue(allocated < 4_000, "allocated " + allocated + " bytes for 20000 bad packets");
            }
            finally
            {
                System.setErr(old);
            }
            assertEquals("100000", f.read("a.drops"));
        }
    }
}
