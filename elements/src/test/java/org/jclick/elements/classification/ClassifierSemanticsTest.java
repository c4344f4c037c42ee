package org.jclick.elements.classification;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;

import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Classifier patterns on raw bytes, and the program text. */
class ClassifierSemanticsTest
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

    private static int classify(final String hex, final String... patterns)
    {
        final byte[] b = HexFormat.of().parseHex(hex);
        final Packet p = pool.make(b, 0, b.length);
        try
        {
            final int out = Compile.data(patterns).match(p);
            assertEquals(out, ProgramCompiler.compile(ClassifierProgram.Layout.DATA, Compile.dataRules(patterns), false)
                .match(p));
            return out;
        }
        finally
        {
            p.kill();
        }
    }

    private static final String ARP_REQUEST = "ffffffffffff000102030405" + "0806" + "00010800060400010001020304050a000001";
    private static final String ARP_REPLY = "ffffffffffff000102030405" + "0806" + "00010800060400020001020304050a000001";
    private static final String IPV4 = "ffffffffffff000102030405" + "0800" + "4500001c0000000040110000";

    @Test
    void canonicalArpExample()
    {
        final String[] patterns = {"12/0806 20/0001", "12/0806 20/0002", "12/0800", "-"};
        assertEquals(0, classify(ARP_REQUEST, patterns));
        assertEquals(1, classify(ARP_REPLY, patterns));
        assertEquals(2, classify(IPV4, patterns));
        assertEquals(3, classify("ffffffffffff00010203040586dd", patterns));
        assertEquals(3, classify("ff", patterns));
    }

    @Test
    void masksWildcardsAndNegation()
    {
        assertEquals(0, classify("00450000", "1/4?"));
        assertEquals(0, classify("00450000", "1/40%f0"));
        assertEquals(-1, classify("00550000", "1/40%f0"));
        assertEquals(0, classify("00550000", "1/?5"));
        assertEquals(0, classify("00550000", "1/45%0f"));
        assertEquals(0, classify("00550000", "1/40%?0", "-"));
        assertEquals(0, classify("00450000", "!1/46"));
        assertEquals(-1, classify("00460000", "!1/46"));
        assertEquals(0, classify("00460000", "! 1/47"));
        // a clause spanning two words
        assertEquals(0, classify("0000000102030000", "3/010203"));
        assertEquals(-1, classify("0000000102040000", "3/010203"));
        // all clauses must hold
        assertEquals(1, classify("0a0b0c0d", "0/0a 3/0e", "0/0a 3/0d"));
        // empty pattern matches everything
        assertEquals(0, classify("00", ""));
    }

    @Test
    void shortPacketsMakeClausesFalseAndNegationsTrue()
    {
        assertEquals(-1, classify("0800", "12/0800"));
        assertEquals(0, classify("0800", "!12/0800"));
        assertEquals(1, classify("0800", "12/0800", "-"));
        // bytes masked out are not needed
        assertEquals(0, classify("0008", "0/??08"));
        assertEquals(0, classify("0008", "0/0008????"));
        assertEquals(-1, classify("0008", "0/000800"));
    }

    @Test
    void programText()
    {
        assertEquals(" 0   0/00010000%00ff0000  yes->[0]  no->[1]\nsafe length 2\nalignment offset 0\n",
            Compile.data("1/01", "-").unparse());
        assertEquals("all->[0]\nsafe length 0\nalignment offset 0\n", Compile.data("-").unparse());
        assertEquals("all->[X]\nsafe length 0\nalignment offset 0\n", Compile.data().unparse());
        assertEquals("""
             0  12/08060000%ffff0000  yes->step 1  no->step 3
             1  20/00010000%ffff0000  yes->[0]  no->step 2
             2  20/00020000%ffff0000  yes->[1]  no->[3]
             3  12/08000000%ffff0000  yes->[2]  no->[3]
            safe length 22
            alignment offset 0
            """, Compile.data("12/0806 20/0001", "12/0806 20/0002", "12/0800", "-").unparse());
    }

    @Test
    void shadowedPatternsAreRemoved()
    {
        final ClassifierProgram p = Compile.data("12/0800", "12/0800 14/45", "-");
        assertEquals(false, p.usesOutput(1));
        assertEquals(true, p.usesOutput(0));
        assertEquals(true, p.usesOutput(2));
        assertEquals(false, Compile.data("0/01 0/02", "-").usesOutput(0));
    }
}
