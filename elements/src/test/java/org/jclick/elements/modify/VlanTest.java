package org.jclick.elements.modify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jclick.elements.RouterFixture;
import org.junit.jupiter.api.Test;

class VlanTest
{
    private static final String SRC = "InfiniteSource(DATA \\<AAABACAD>, LIMIT 1, STOP true)";
    /** Click's EtherEncap(0x0800, 1:1:1:1:1:1, 2:2:2:2:2:2), written with a native-VLAN EtherVLANEncap. */
    private static final String ETHER = "EtherVLANEncap(0x0800, 1:1:1:1:1:1, 2:2:2:2:2:2, VLAN_ID 0)";

    @Test
    void vlanEncapAsClickTest01()
    {
        final String out = ModifyTest.stderrOf(SRC + """
              -> Print(x)
              -> %s
              -> VLANEncap(1)
              -> Print(a)
              -> VLANDecap()
              -> Strip(14)
              -> Print(b)
              -> %s
              -> VLANEncap(ANNO)
              -> Print(c)
              -> VLANDecap()
              -> Print(d)
              -> VLANEncap(ANNO, NATIVE_VLAN 1)
              -> Print(e)
              -> VLANDecap()
              -> SetVLANAnno(2, 1)
              -> VLANEncap(ANNO, NATIVE_VLAN 1)
              -> Print(f)
              -> Discard;
            """.formatted(ETHER, ETHER));
        assertEquals("""
            x:    4 | aaabacad
            a:   22 | 02020202 02020101 01010101 81000001 0800aaab acad
            b:    4 | aaabacad
            c:   22 | 02020202 02020101 01010101 81000001 0800aaab acad
            d:   18 | 02020202 02020101 01010101 0800aaab acad
            e:   18 | 02020202 02020101 01010101 0800aaab acad
            f:   22 | 02020202 02020101 01010101 81002002 0800aaab acad
            """, out);
    }

    @Test
    void vlanEncapOtherEthertype()
    {
        final String out = ModifyTest.stderrOf(SRC + " -> " + ETHER + " -> VLANEncap(0x1234, ETHERTYPE 0x88a8)"
            + " -> Print(a) -> VLANDecap() -> Print(b) -> VLANDecap(ETHERTYPE 0x88a8) -> Print(c) -> Discard;");
        assertEquals("""
            a:   22 | 02020202 02020101 01010101 88a81234 0800aaab acad
            b:   22 | 02020202 02020101 01010101 88a81234 0800aaab acad
            c:   18 | 02020202 02020101 01010101 0800aaab acad
            """, out);
    }

    @Test
    void etherVlanEncap()
    {
        final String out = ModifyTest.stderrOf(SRC
            + " -> EtherVLANEncap(0x0800, 1:1:1:1:1:1, 2:2:2:2:2:2, 1) -> Print(a) -> Strip(18)"
            + " -> SetVLANAnno(VLAN_ID 2, VLAN_PCP 1)"
            + " -> EtherVLANEncap(0x0800, 1:1:1:1:1:1, 2:2:2:2:2:2, ANNO, NATIVE_VLAN 1) -> Print(f) -> Strip(18)"
            + " -> EtherVLANEncap(0x0800, 1:1:1:1:1:1, 2:2:2:2:2:2, VLAN_ID 1, NATIVE_VLAN 1) -> Print(e) -> Discard;");
        assertEquals("""
            a:   22 | 02020202 02020101 01010101 81000001 0800aaab acad
            f:   22 | 02020202 02020101 01010101 81002002 0800aaab acad
            e:   18 | 02020202 02020101 01010101 0800aaab acad
            """, out);
    }

    /** As Click: VLAN_TCI wins over VLAN_ID, neither means VLAN 0 (the native VLAN by default: no shim added). */
    @Test
    void tciWinsOverIdAndNoArgumentsMeanVlanZero()
    {
        final String out = ModifyTest.stderrOf(SRC + " -> " + ETHER + " -> VLANEncap(1, VLAN_ID 2) -> Print(a)"
            + " -> VLANDecap -> VLANEncap -> Print(b) -> VLANEncap(NATIVE_VLAN -1) -> Print(c)"
            + " -> VLANDecap -> VLANEncap(VLAN_ID 3, VLAN_PCP 1) -> Print(d) -> Discard;");
        assertEquals("""
            a:   22 | 02020202 02020101 01010101 81000001 0800aaab acad
            b:   18 | 02020202 02020101 01010101 0800aaab acad
            c:   22 | 02020202 02020101 01010101 81000000 0800aaab acad
            d:   22 | 02020202 02020101 01010101 81002003 0800aaab acad
            """, out);
    }

    @Test
    void shortPacketsAreDroppedAndBadConfigsRejected()
    {
        try (RouterFixture f = RouterFixture.simtime(SRC + " -> v :: VLANEncap(5) -> c :: Counter -> Discard;"))
        {
            f.run();
            assertEquals("1", f.read("v.drops"));
            assertEquals("0", f.read("c.count"));
        }
        assertTrue(RouterFixture.errorsOf(SRC + " -> VLANEncap(VLAN_ID 4096) -> Discard;").contains("VLAN_ID"));
        assertTrue(RouterFixture.errorsOf(SRC + " -> SetVLANAnno(ANNO) -> Discard;").contains("VLAN_TCI"));
        try (RouterFixture f = RouterFixture.simtime(SRC + " -> s :: SetVLANAnno(VLAN_ID 7, VLAN_PCP 3) -> Discard;"))
        {
            assertEquals("7", f.read("s.vlan_id"));
            assertEquals("3", f.read("s.vlan_pcp"));
            assertEquals(0, f.write("s.vlan_pcp", "1"));
            assertEquals(Integer.toString(0x2007), f.read("s.vlan_tci"));
        }
    }
}
