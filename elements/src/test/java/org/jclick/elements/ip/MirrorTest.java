package org.jclick.elements.ip;

import static org.jclick.elements.ip.IpTestSupport.print;
import static org.jclick.elements.ip.IpTestSupport.run;
import static org.jclick.elements.ip.IpTestSupport.source;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** IPMirror and EtherMirror turn packets around, keeping their checksums valid. */
class MirrorTest
{
    @Test
    void ipMirrorSwapsAddressesAndPortsAndChecksumsStayValid()
    {
        final String err = run(source(IpTestSupport.UDP) + " -> MarkIPHeader -> m :: IPMirror -> CheckIPHeader"
            + " -> CheckUDPHeader -> c :: Counter -> " + print("x") + " -> GetIPAddress(16) -> Discard;", f ->
            {
                assertEquals("1", f.read("c.count"));
                assertEquals("0", f.read("m.drops"));
            });
        // 10.0.0.2:53 -> 10.0.0.1:1234, the rest unchanged
        assertEquals(IpTestSupport.line("x", "4500002012340000401154970a0000020a000001003504d2000c6f33aabbccdd"), err);
    }

    @Test
    void laterFragmentsKeepTheirPortsAndTheDestinationAnnotationFollows()
    {
        // the UDP packet as a later fragment (offset 8 bytes): its first payload bytes are not ports
        final String frag = "4500002012342001401134960a0000010a00000204d20035000c6f33aabbccdd";
        final String err = run(source(frag) + " -> MarkIPHeader -> IPMirror -> " + print("x")
            + " -> IPMirror(false) -> " + print("y") + " -> Discard;");
        assertEquals(IpTestSupport.line("x", "4500002012342001401134960a0000020a00000104d20035000c6f33aabbccdd")
            + IpTestSupport.line("y", frag), err);
    }

    @Test
    void packetsWithoutAnIpHeaderAreDroppedAndCounted()
    {
        run(source(IpTestSupport.UDP) + " -> m :: IPMirror -> c :: Counter -> Discard;", f ->
        {
            assertEquals("1", f.read("m.drops"));
            assertEquals("0", f.read("c.count"));
        });
    }

    @Test
    void etherMirrorSwapsTheAddresses()
    {
        final String err = run(source("0202020202020101010101010800aabb") + " -> e :: EtherMirror -> " + print("x")
            + " -> Discard;" + source("0102") + " -> e;", f -> assertEquals("1", f.read("e.drops")));
        assertEquals(IpTestSupport.line("x", "0101010101010202020202020800aabb"), err);
    }
}
