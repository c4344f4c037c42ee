package org.jclick.elements.classification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.jclick.elements.RouterFixture;
import org.junit.jupiter.api.Test;

/** Exact error and warning texts of the pattern languages. */
class ParserErrorsTest
{
    private static void ip(final String pattern, final String... expected)
    {
        assertEquals(List.of(expected), Compile.ipErrors(pattern), pattern);
    }

    private static void data(final String pattern, final String... expected)
    {
        assertEquals(List.of(expected), Compile.dataErrors(pattern), pattern);
    }

    @Test
    void classifierPatterns()
    {
        data("12/0800");
        data("x/0800", "pattern 0: expected a digit");
        data("12/08 zz", "pattern 0: expected a digit");
        data("12", "pattern 0: expected '/'");
        data("12:0800", "pattern 0: expected '/'");
        data("12/0", "pattern 0: value has less than 2 hex digits");
        data("12/", "pattern 0: value has less than 2 hex digits");
        data("12/080", "pattern 0: value has odd number of hex digits");
        data("12/0800%ff", "pattern 0: mask has too few hex digits");
        data("12/08%ffff", "pattern 0: mask has too many hex digits");
        data("12/080%ffff", "pattern 0: value has odd number of hex digits", "pattern 0: mask has too many hex digits");
    }

    @Test
    void ipFilterSyntax()
    {
        ip("tcp port 80");
        ip("echo", "pattern 0: 'echo' is ambiguous; try 'port echo', 'icmp type echo'");
        ip("port tcp", "pattern 0: port number missing in 'port' directive");
        ip("icmp type www", "pattern 0: 'icmp type www' is meaningless; try 'port www'");
        ip("(tcp", "pattern 0: missing ')'");
        ip("tcp )", "pattern 0: garbage after expression at ')'");
        ip("tcp and", "pattern 0: missing term");
        ip("not", "pattern 0: missing factor after 'not'");
        ip("( )", "pattern 0: missing term", "pattern 0: missing expression after '('");
        ip("tcp ? udp", "pattern 0: ':' missing in ternary expression");
        ip("src", "pattern 0: partial directive");
        ip("10", "pattern 0: specify header field or 'port'");
        ip("host 80", "pattern 0: IP address missing in 'host' directive");
        ip("net 10.0.0.1", "pattern 0: IP prefix missing in 'net' directive");
        ip("net 10.0.0.1 mask", "pattern 0: IP prefix missing in 'net' directive", "pattern 0: empty term near 'mask'",
            "pattern 0: garbage after expression at 'mask'");
        ip("net 80", "pattern 0: IP prefix missing in 'net' directive");
        ip("port 10.0.0.1", "pattern 0: port number missing in 'port' directive");
        ip("icmp port 80", "pattern 0: bad protocol 1 for 'port' directive");
        ip("host > 10.0.0.1", "pattern 0: can't use relational operators with 'host'");
        ip("tcp opt != syn", "pattern 0: can't use relational operators or masks with 'tcp opt'");
        ip("port 70000", "pattern 0: value 70000 out of range (0-65535)");
        ip("port & 0x10000 = 1", "pattern 0: mask 0x10000 out of range (0-0xFFFF)");
        ip("port & 0 = 1", "pattern 0: zero mask ignored");
        ip("ip ttl", "pattern 0: value missing in 'ip ttl' directive");
        ip("ip frag 1", "pattern 0: 'ip frag' directive takes no data");
        ip("ip ce 3", "pattern 0: 'ip ce' directive takes no data");
        // after a bad field, the value has nothing to attach to, as in Click
        ip("ip[0:5] = 1", "pattern 0: LEN in '[POS:LEN]' out of range, should be between 1 and 4",
            "pattern 0: specify header field or 'port'");
        ip("ip[2:4] = 1", "pattern 0: field [2:4] does not fit in a single word",
            "pattern 0: specify header field or 'port'");
        ip("ip[x] = 1", "pattern 0: syntax error after '[', expected '[POS]' or '[POS:LEN]'",
            "pattern 0: specify header field or 'port'");
        ip("ip[1 = 1", "pattern 0: missing ']'", "pattern 0: specify header field or 'port'",
            "pattern 0: specify header field or 'port'");
        ip("tcp udp port 1", "pattern 0: transport protocol specified twice");
        ip("src dst host 1.2.3.4", "pattern 0: 'src' or 'dst' specified twice");
        ip("port host 1.2.3.4", "pattern 0: type specified twice");
        ip("dst port > bogus", "pattern 0: dangling operator near 'bogus'",
            "pattern 0: port number missing in 'port' directive", "pattern 0: empty term near 'bogus'",
            "pattern 0: garbage after expression at 'bogus'");
    }

    @Test
    void ipFilterWarnings()
    {
        ip("port > 65535", "pattern 0: relation '> 65535' is always false (range 0-65535)");
        ip("port < 0", "pattern 0: relation '< 0' is always false (range 0-65535)");
        ip("ip ttl >= 0", "pattern 0: relation '>= 0' is always true (range 0-255)");
        ip("src ip ttl 3", "pattern 0: 'src' or 'dst' is meaningless here");
    }

    @Test
    void elementsReportEveryError()
    {
        final String errors = RouterFixture.errorsOf(
            "Idle -> c :: IPFilter(allow tcp port 80, 3 udp, bogus icmp, drop echo, deny xyzzy) -> Discard;");
        assertTrue(errors.contains("pattern 1: slot '3' out of range"), errors);
        assertTrue(errors.contains("pattern 2: unknown slot ID 'bogus'"), errors);
        assertTrue(errors.contains("pattern 3: 'echo' is ambiguous; try 'port echo', 'icmp type echo'"), errors);
        assertTrue(errors.contains("pattern 4: empty term near 'xyzzy'"), errors);
        assertTrue(errors.contains("pattern 4: garbage after expression at 'xyzzy'"), errors);
        final String negative = RouterFixture.errorsOf("Idle -> c :: IPFilter(-1 tcp) -> Discard;");
        assertTrue(negative.contains("pattern 0: slot '-1' out of range"), negative);
        final String counts = RouterFixture.errorsOf("Idle -> c :: IPClassifier(tcp, udp) -> Discard;");
        assertTrue(counts.contains("need 1 arguments, one per output port"), counts);
        final String classifier = RouterFixture.errorsOf(
            "Idle -> c :: Classifier(12/08, 12/0) -> Discard; c[1] -> Discard;");
        assertTrue(classifier.contains("pattern 1: value has less than 2 hex digits"), classifier);
        final String empty = RouterFixture.errorsOf("Idle -> c :: IPFilter(allow tcp, , allow udp) -> Discard;");
        assertTrue(empty.contains("empty pattern 1"), empty);
    }
}
