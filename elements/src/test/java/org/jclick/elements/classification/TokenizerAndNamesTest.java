package org.jclick.elements.classification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.jclick.elements.RouterFixture;
import org.junit.jupiter.api.Test;

/** Word splitting, built-in name tables and AddressInfo names. */
class TokenizerAndNamesTest
{
    @Test
    void wordsAsClickSplitsThem()
    {
        assertEquals(List.of("src", "net", "10.0.0.0/8", "&&", "!", "(", "port", ">=", "1024", ")"),
            IPFilterParser.tokenize("src net 10.0.0.0/8&&!(port>=1024)"));
        assertEquals(List.of("ip", "[", "2", ":", "2", "]", "!=", "0"), IPFilterParser.tokenize("ip[2 : 2]!=0"));
        assertEquals(List.of("ip", "[", "2:2", "]", "&", "0xff", "==", "3"), IPFilterParser.tokenize("ip[2:2]&0xff==3"));
        assertEquals(List.of("ether", "host", "00:11:22:33:44:55", "||", "ftp-data", "|", "x"),
            IPFilterParser.tokenize("ether host 00:11:22:33:44:55||ftp-data|x"));
        assertEquals(List.of("a", "?", "b", ":", "c"), IPFilterParser.tokenize("a ? b : c"));
        assertEquals(List.of("a", "?", "b:c"), IPFilterParser.tokenize("a ? b:c"));
        assertEquals(List.of("<", "<=", ">", "=", "==", ",", ";", "[", "]"), IPFilterParser.tokenize("< <= > = == , ; [ ]"));
    }

    @Test
    void builtInTablesOnly()
    {
        // every compiled-in port name compiles; names from /etc/services do not
        for (final String name : IPFilterParser.PORTS.keySet())
        {
            if (!name.equals("echo"))
            {
                assertEquals(List.of(), Compile.ipErrors(name), name);
            }
            assertEquals(List.of(), Compile.ipErrors("port " + name), name);
        }
        assertEquals(List.of("pattern 0: port number missing in 'port' directive"), Compile.ipErrors("port"));
        assertEquals(List.of("pattern 0: port number missing in 'port' directive", "pattern 0: empty term near 'kerberos'",
            "pattern 0: garbage after expression at 'kerberos'"), Compile.ipErrors("port kerberos"));
        for (final String name : IPFilterParser.ICMP_TYPES.keySet())
        {
            assertEquals(List.of(), Compile.ipErrors("icmp type " + name), name);
        }
        for (final String name : IPFilterParser.PROTOCOLS.keySet())
        {
            assertEquals(List.of(), Compile.ipErrors(name), name);
        }
        assertEquals(Compile.ip("dst port 80").unparse(), Compile.ip("dst port www").unparse());
        assertEquals(Compile.ip("icmp type 3").unparse(), Compile.ip("icmp type unreachable").unparse());
        assertEquals(Compile.ip("tcp opt 0x12").unparse(), Compile.ip("tcp opt syn and tcp opt ack").unparse());
    }

    @Test
    void addressInfoNames()
    {
        final String config = "AddressInfo(me 10.1.2.3, lan 10.1.0.0/16, gw 0:a:b:c:d:e);"
            + "Idle -> c :: IPClassifier(src host me, dst net lan, ether src gw, -) -> Discard;"
            + "c[1] -> Discard; c[2] -> Discard; c[3] -> Discard;";
        try (RouterFixture f = RouterFixture.simtime(config))
        {
            final String program = f.read("c.program");
            assertTrue(program.contains("268/0a010203%ffffffff"), program);
            assertTrue(program.contains("272/0a010000%ffff0000"), program);
            assertTrue(program.contains("8/000a0b0c%ffffffff"), program);
        }
    }
}
