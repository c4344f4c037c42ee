package org.jclick.elements.arp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.HexFormat;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketAllocator;
import org.jclick.elements.RouterFixture;
import org.junit.jupiter.api.Test;

/** Route lookup and ARP resolution of known addresses allocate nothing per packet. */
class ArpNoAllocationTest
{
    private static final String IP = "4500002012340000401154970a0000010a00000204d20035000c6f33aabbccdd";

    @Test
    void routeLookupAndKnownArpPath()
    {
        final byte[] data = HexFormat.of().parseHex(IP);
        try (RouterFixture f = RouterFixture.simtime("Idle -> a :: CheckIPHeader -> GetIPAddress(16)"
            + " -> r :: RadixIPLookup(10.0.0.0/8 10.0.0.254 0, 0/0 1) -> q :: ARPQuerier(10.0.0.1, 02:00:00:00:00:01)"
            + " -> c :: Counter -> Discard; r[1] -> Discard; Idle -> [1]q;"))
        {
            assertEquals(0, f.write("q.insert", "10.0.0.254 02:00:00:00:00:fe"));
            final com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
            final Element e = f.router().find("a");
            final PacketAllocator allocator = f.router().allocatorFor(e);
            long best = Long.MAX_VALUE;
            for (int round = 0; round < 5; round++)
            {
                final long before = mx.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 20_000; i++)
                {
                    final Packet p = allocator.make(data, 0, data.length);
                    e.push(0, p);
                }
                best = Math.min(best, mx.getCurrentThreadAllocatedBytes() - before);
            }
            assertTrue(best < 4_000, "allocated " + best + " bytes for 20000 packets");
            assertEquals("100000", f.read("c.count"));
            assertEquals("0", f.read("q.queries"));
        }
    }
}
