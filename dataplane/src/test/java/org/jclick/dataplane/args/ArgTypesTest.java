package org.jclick.dataplane.args;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class ArgTypesTest
{
    private static <T> T ok(final ArgParser<T> parser, final String text)
    {
        return parser.parse(text, ArgContext.EMPTY);
    }

    private static <T> T ok(final ArgParser<T> parser, final String text, final ArgContext context)
    {
        return parser.parse(text, context);
    }

    private static String err(final ArgParser<?> parser, final String text)
    {
        return err(parser, text, ArgContext.EMPTY);
    }

    private static String err(final ArgParser<?> parser, final String text, final ArgContext context)
    {
        return assertThrows(ArgException.class, () -> parser.parse(text, context), text).getMessage();
    }

    private static int ip(final int a, final int b, final int c, final int d)
    {
        return (a << 24) | (b << 16) | (c << 8) | d;
    }

    /** A resolver holding a few AddressInfo-style names, visible only from context element "ai/user". */
    private static final NameResolver NAMES = (type, name, element) ->
    {
        if (!"ai/user".equals(element))
        {
            return null;
        }
        return switch (type)
        {
            case IP_ADDRESS -> name.equals("gw") ? new byte[] {10, 0, 0, 1} : null;
            case IP_PREFIX -> name.equals("net") ? new byte[] {10, 0, 0, 0, (byte) 255, 0, 0, 0} : null;
            case IP6_ADDRESS -> name.equals("gw6") ? new byte[] {(byte) 0xfe, (byte) 0x80, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 1} : null;
            case IP6_PREFIX -> name.equals("net6") ? new byte[] {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 32} : null;
            case ETHERNET_ADDRESS -> name.equals("mac") ? new byte[] {0, 1, 2, 3, 4, 5} : null;
            case TCP_PORT -> name.equals("web") ? new byte[] {0x1f, (byte) 0x90}
                : name.equals("http") ? new byte[] {0x1f, 0x40} : null;
            case UDP_PORT -> name.equals("dns2") ? new byte[] {0x14, (byte) 0xe9} : null;
        };
    };

    private static final ArgContext NAMED = new ArgContext("ai/user", NAMES, ElementResolver.NONE);

    private static final ArgContext MASKNAME = new ArgContext(null,
        (type, name, element) -> type == NameResolver.NameType.IP_ADDRESS && name.equals("gw2")
            ? new byte[] {(byte) 255, (byte) 255, (byte) 255, 0} : null,
        ElementResolver.NONE);

    // ---------------------------------------------------------------------------------------------------------

    @Test
    void booleans()
    {
        for (final String t : List.of("true", "yes", "1", "t", "y"))
        {
            assertEquals(true, ok(BoolArg.INSTANCE, t), t);
        }
        for (final String f : List.of("false", "no", "0", "f", "n"))
        {
            assertEquals(false, ok(BoolArg.INSTANCE, f), f);
        }
        for (final String bad : List.of("TRUE", "True", "on", "2", "", "yes "))
        {
            assertEquals("expected boolean", err(BoolArg.INSTANCE, bad), bad);
        }
    }

    @Test
    void integerSyntax()
    {
        assertEquals(42, ok(IntArg.int32(), "42"));
        assertEquals(42, ok(IntArg.int32(), "+42"));
        assertEquals(-42, ok(IntArg.int32(), "-42"));
        assertEquals(255, ok(IntArg.int32(), "0xff"));
        assertEquals(255, ok(IntArg.int32(), "0XFF"));
        assertEquals(8, ok(IntArg.int32(), "010"), "leading 0 is octal");
        assertEquals(5, ok(IntArg.int32(), "0b101"));
        assertEquals(0, ok(IntArg.int32(), "0"));
        assertEquals(1000000, ok(IntArg.int32(), "1_000_000"));
        assertEquals(-16, ok(IntArg.int32(), "-0x10"));
        assertEquals(255, ok(IntArg.int32().base(16), "ff"));
        assertEquals(255, ok(IntArg.int32().base(16), "0xff"));
        for (final String bad : List.of("", "x", "08", "0x", "0xg", "1_", "1__0", "_1", "1.5", "12a", " 1", "1 ", "--1",
            "٣"))
        {
            assertEquals("expected integer", err(IntArg.int32(), bad), bad);
        }
        assertEquals("expected unsigned integer", err(IntArg.uint32(), "-1"));
        assertEquals("expected unsigned integer", err(IntArg.uint8(), "abc"));
    }

    @Test
    void integerRanges()
    {
        assertEquals(127, ok(IntArg.int8(), "127"));
        assertEquals(-128, ok(IntArg.int8(), "-128"));
        assertEquals("out of range, bound 127", err(IntArg.int8(), "128"));
        assertEquals("out of range, bound -128", err(IntArg.int8(), "-129"));
        assertEquals(255, ok(IntArg.uint8(), "255"));
        assertEquals("out of range, bound 255", err(IntArg.uint8(), "256"));
        assertEquals("out of range, bound 255", err(IntArg.uint8(), "0x100"));
        assertEquals("out of range, bound 32767", err(IntArg.int16(), "32768"));
        assertEquals("out of range, bound -32768", err(IntArg.int16(), "-32769"));
        assertEquals(65535, ok(IntArg.uint16(), "65535"));
        assertEquals("out of range, bound 65535", err(IntArg.uint16(), "65536"));
        assertEquals(Integer.MIN_VALUE, ok(IntArg.int32(), "-2147483648"));
        assertEquals("out of range, bound 2147483647", err(IntArg.int32(), "2147483648"));
        assertEquals(4294967295L, ok(IntArg.uint32(), "4294967295"));
        assertEquals("out of range, bound 4294967295", err(IntArg.uint32(), "4294967296"));
        assertEquals(Long.MIN_VALUE, ok(IntArg.int64(), "-9223372036854775808"));
        assertEquals("out of range, bound 9223372036854775807", err(IntArg.int64(), "9223372036854775808"));
        assertEquals(-1L, ok(IntArg.uint64(), "18446744073709551615"));
        assertEquals(-1L, ok(IntArg.uint64(), "0xFFFFFFFFFFFFFFFF"));
        assertEquals("out of range, bound 18446744073709551615", err(IntArg.uint64(), "18446744073709551616"));
        assertEquals("out of range, bound 2147483647", err(IntArg.int32(), "99999999999999999999999"));
    }

    @Test
    void boundedIntegers()
    {
        final BoundedIntArg b = BoundedIntArg.of(-5, 10);
        assertEquals(10, ok(b, "10"));
        assertEquals(-5, ok(b, "-5"));
        assertEquals(7, ok(b, "0x7"));
        assertEquals("out of range, bound 10", err(b, "11"));
        assertEquals("out of range, bound -5", err(b, "-6"));
        assertEquals("out of range, bound 2147483647", err(b, "3000000000"));
        assertEquals("expected integer", err(b, "ten"));
    }

    @Test
    void realsAndFixedPoint()
    {
        assertEquals(1.5, ok(DoubleArg.INSTANCE, "1.5"));
        assertEquals(-0.25, ok(DoubleArg.INSTANCE, "-.25"));
        assertEquals(1e10, ok(DoubleArg.INSTANCE, "1e10"));
        assertEquals(3.0, ok(DoubleArg.INSTANCE, "3."));
        for (final String bad : List.of("", " 1", "1.5x", "inf", "0x1p3", "1e", "e5", "1.5d", "NaN"))
        {
            assertEquals("expected real number", err(DoubleArg.INSTANCE, bad), bad);
        }
        assertEquals("out of range, bound inf", err(DoubleArg.INSTANCE, "1e400"));
        assertEquals("out of range, bound -inf", err(DoubleArg.INSTANCE, "-1e400"));
        assertEquals("underflow, rounded to 0", err(DoubleArg.INSTANCE, "1e-400"));
        assertEquals(0.0, ok(DoubleArg.INSTANCE, "0.000"));

        assertEquals(1500L, ok(DecimalFixedPointArg.of(3), "1.5"));
        assertEquals(1235L, ok(DecimalFixedPointArg.of(3), "1.2345"), "rounds half up");
        assertEquals(2000L, ok(DecimalFixedPointArg.of(3), "2e0"));
        assertEquals(150L, ok(DecimalFixedPointArg.of(2), "1.5E0"));
        assertEquals(1_000L, ok(DecimalFixedPointArg.of(0), "1e3"));
        assertEquals(-1500L, ok(DecimalFixedPointArg.signed(3), "-1.5"));
        assertEquals("expected real number", err(DecimalFixedPointArg.of(3), "-1.5"));
        assertEquals("expected real number", err(DecimalFixedPointArg.of(3), "1..5"));
        assertEquals("expected real number", err(DecimalFixedPointArg.of(3), "."));
        assertEquals("out of range", err(DecimalFixedPointArg.of(3), "4294968"));
        assertEquals("out of range", err(DecimalFixedPointArg.signed(0), "-2147483649"));

        assertEquals(0x18000L, ok(FixedPointArg.of(16), "1.5"));
        assertEquals(0x10000L, ok(FixedPointArg.of(16), "1"));
        assertEquals(1L, ok(FixedPointArg.of(1), "0.25"), "0.5 rounds up");
        assertEquals("out of range, bound 65535.9999847412109375", err(FixedPointArg.of(16), "65536"));
        assertEquals("expected real number", err(FixedPointArg.of(16), "x"));
    }

    @Test
    void seconds()
    {
        final SecondsArg s = SecondsArg.seconds();
        assertEquals(5L, ok(s, "5"));
        assertEquals(5L, ok(s, "5s"));
        assertEquals(5L, ok(s, "5 sec"));
        assertEquals(120L, ok(s, "2min"));
        assertEquals(120L, ok(s, "2m"));
        assertEquals(3600L, ok(s, "1h"));
        assertEquals(7200L, ok(s, "2hr"));
        assertEquals(86400L, ok(s, "1d"));
        assertEquals(172800L, ok(s, "2day"));
        assertEquals(2L, ok(s, "1.5"), "rounded to the nearest second");
        assertEquals(0L, ok(s, "10ms"));
        final SecondsArg ms = SecondsArg.milliseconds();
        assertEquals(10L, ok(ms, "10ms"));
        assertEquals(10L, ok(ms, "10msec"));
        assertEquals(1500L, ok(ms, "1.5s"));
        assertEquals(1500L, ok(ms, "1.5"));
        assertEquals(60000L, ok(ms, "1min"));
        assertEquals(5L, ok(SecondsArg.microseconds(), "5us"));
        assertEquals(5000L, ok(SecondsArg.microseconds(), "5ms"));
        assertEquals(7L, ok(SecondsArg.nanoseconds(), "7ns"));
        assertEquals(1500L, ok(ms, "1.5e0s"));
        assertEquals("expected time in seconds", err(s, "5x"));
        assertEquals("expected time in seconds", err(s, "-1"));
        assertEquals("expected time in seconds", err(s, "ms"));
        assertEquals("expected time in milliseconds", err(ms, "soon"));
        assertEquals("expected time in microseconds", err(SecondsArg.microseconds(), ""));
        assertEquals("out of range", err(s, "4294967296"));
        assertEquals(4294967295L, ok(s, "4294967295"));
        assertEquals("out of range", err(SecondsArg.microseconds(), "5000s"));
    }

    @Test
    void timestamps()
    {
        final TimestampArg t = TimestampArg.unsigned();
        assertEquals(Duration.ofSeconds(1), ok(t, "1s"));
        assertEquals(Duration.ofMillis(10), ok(t, "10ms"));
        assertEquals(Duration.ofNanos(5000), ok(t, "5us"));
        assertEquals(Duration.ofMinutes(2), ok(t, "2min"));
        assertEquals(Duration.ofHours(1), ok(t, "1h"));
        assertEquals(Duration.ofMillis(1500), ok(t, "1.5s"));
        assertEquals(Duration.ofMillis(1500), ok(t, "1.5"));
        assertEquals(Duration.ofNanos(1), ok(t, "0.0000000005"), "rounds half up to the nanosecond");
        assertEquals("expected time", err(t, "-1s"));
        assertEquals("expected time", err(t, "1 fortnight"));
        assertEquals(Duration.ofMillis(-1500), ok(TimestampArg.signed(), "-1.5s"));
        assertEquals("out of range", err(t, "1e30"));
    }

    @Test
    void bandwidths()
    {
        final BandwidthArg b = BandwidthArg.INSTANCE;
        assertEquals(1_250_000L, ok(b, "10Mbps"));
        assertEquals(125_000_000L, ok(b, "1Gbps"));
        assertEquals(12_500L, ok(b, "100kbps"));
        assertEquals(12_500L, ok(b, "100Kbps"));
        assertEquals(5_000_000L, ok(b, "5MBps"));
        assertEquals(1000L, ok(b, "1000Bps"));
        assertEquals(1000L, ok(b, "1000"), "a bare number is bytes per second");
        assertEquals(1000L, ok(b, "8000 bps"));
        assertEquals(1000L, ok(b, "8000b/s"));
        assertEquals(1000L, ok(b, "1kB/s"));
        assertEquals(1000L, ok(b, "8kbaud"));
        assertEquals(187_500L, ok(b, "1.5Mbps"));
        assertEquals(2L, ok(b, "12bps"), "12 bits are 1.5 bytes, rounded half up");
        assertEquals(1L, ok(b, "11bps"), "11 bits are 1.375 bytes");
        assertEquals("expected bandwidth", err(b, "10M"));
        assertEquals("expected bandwidth", err(b, "fast"));
        assertEquals("expected bandwidth", err(b, "-1Mbps"));
        assertEquals("expected bandwidth", err(b, "Mbps"));
        assertEquals("out of range", err(b, "40Gbps"));
        assertEquals(4_000_000_000L, ok(b, "32Gbps"));
        assertEquals(true, BandwidthArg.isUnitless("1000"));
        assertEquals(false, BandwidthArg.isUnitless("1000Bps"));
    }

    @Test
    void packetRates()
    {
        assertEquals(1000L, ok(PacketRateArg.packetsPerSecond(), "1000"));
        assertEquals("expected unsigned integer", err(PacketRateArg.packetsPerSecond(), "1k"));
    }

    @Test
    void strings()
    {
        assertEquals("hello", ok(StringArg.STRING, "hello"));
        assertEquals("hello world", ok(StringArg.STRING, "\"hello world\""));
        assertEquals("a\nb", ok(StringArg.STRING, "\"a\\nb\""));
        assertEquals("it's", ok(StringArg.STRING, "\"it's\""));
        assertEquals("ab", ok(StringArg.STRING, "a'b'"));
        assertEquals("", ok(StringArg.STRING, "\"\""));
        assertEquals("expected string", err(StringArg.STRING, "hello world"));
        assertEquals("expected string", err(StringArg.STRING, ""));

        assertEquals("eth0", ok(StringArg.WORD, "eth0"));
        assertEquals("eth0", ok(StringArg.WORD, "\"eth0\""));
        assertEquals("expected word", err(StringArg.WORD, "\"a b\""));
        assertEquals("expected word", err(StringArg.WORD, "a b"));

        assertEquals("ip.src:x_1", ok(StringArg.KEYWORD, "ip.src:x_1"));
        assertEquals("expected keyword", err(StringArg.KEYWORD, "a-b"));
        assertEquals("expected keyword", err(StringArg.KEYWORD, "\"quoted\""));
        assertEquals("expected keyword", err(StringArg.KEYWORD, ""));

        assertEquals("any thing \"at\" all", ok(StringArg.ANY, "any thing \"at\" all"));
    }

    @Test
    void ipv4Addresses()
    {
        assertEquals(ip(10, 0, 0, 1), ok(IPAddressArg.INSTANCE, "10.0.0.1"));
        assertEquals(ip(255, 255, 255, 255), ok(IPAddressArg.INSTANCE, "255.255.255.255"));
        assertEquals(0, ok(IPAddressArg.INSTANCE, "0.0.0.0"));
        assertEquals(ip(10, 0, 0, 1), ok(IPAddressArg.INSTANCE, "010.0000.0.001"), "leading zeros, still decimal");
        for (final String bad : List.of("10.0.0", "10", "10.0.0.256", "10.0.0.1.2", "10..0.1", "a.b.c.d", "10.0.0.1/8",
            "", "10.0.0.", "gw", "0x0a.0.0.1"))
        {
            assertEquals("expected IP address", err(IPAddressArg.INSTANCE, bad), bad);
        }
        assertEquals(ip(10, 0, 0, 1), ok(IPAddressArg.INSTANCE, "gw", NAMED), "AddressInfo name");
        assertEquals("expected IP address", err(IPAddressArg.INSTANCE, "nope", NAMED));
        assertEquals("10.0.0.1", IPAddressArg.unparse(ip(10, 0, 0, 1)));
    }

    @Test
    void ipv4Prefixes()
    {
        final IPPrefixArg p = IPPrefixArg.PREFIX;
        assertEquals(new Ip4Prefix(ip(10, 0, 0, 0), ip(255, 0, 0, 0)), ok(p, "10.0.0.0/8"));
        assertEquals(new Ip4Prefix(ip(10, 0, 0, 0), ip(255, 0, 0, 0)), ok(p, "10.0.0.0/255.0.0.0"));
        assertEquals(new Ip4Prefix(ip(10, 0, 0, 0), ip(255, 0, 0, 0)), ok(p, "10/8"), "short form");
        assertEquals(new Ip4Prefix(ip(192, 168, 0, 0), ip(255, 255, 0, 0)), ok(p, "192.168/16"));
        assertEquals(new Ip4Prefix(0, 0), ok(p, "0.0.0.0/0"));
        assertEquals(new Ip4Prefix(ip(10, 1, 2, 3), -1), ok(p, "10.1.2.3/32"));
        assertEquals(new Ip4Prefix(ip(10, 1, 2, 3), ip(255, 0, 0, 0)), ok(p, "10.1.2.3/8"), "host bits kept");
        assertEquals(8, ok(p, "10/8").prefixLength());
        assertEquals("10.0.0.0/8", ok(p, "10/8").toString());
        assertEquals(-1, new Ip4Prefix(0, ip(255, 0, 255, 0)).prefixLength());
        assertEquals(new Ip4Prefix(ip(10, 0, 0, 0), ip(255, 0, 0, 0)), ok(p, "10.0.0.0/08"), "length is decimal");
        assertEquals(new Ip4Prefix(ip(10, 0, 0, 0), ip(255, 255, 255, 0)), ok(p, "10.0.0.0/gw2", MASKNAME));
        for (final String bad : List.of("10.0.0.0", "10.0.0.0/33", "10.0.0.0/", "/8", "10.0.0.0/255.0.0", "x/8",
            "10.0.0.0/8/8", "192.168/24", "10/16", "10.0.0.0/-1", "10.0.0.0/0x8"))
        {
            assertEquals("expected IP address prefix", err(p, bad), bad);
        }
        final IPPrefixArg ap = IPPrefixArg.ADDRESS_OR_PREFIX;
        assertEquals(new Ip4Prefix(ip(10, 0, 0, 1), -1), ok(ap, "10.0.0.1"));
        assertEquals(new Ip4Prefix(ip(10, 0, 0, 0), ip(255, 0, 0, 0)), ok(ap, "10/8"));
        assertEquals("expected IP address or prefix", err(ap, "10.0.0"));
        // AddressInfo names: a prefix name, an address name with a length, a bare address name
        assertEquals(new Ip4Prefix(ip(10, 0, 0, 0), ip(255, 0, 0, 0)), ok(p, "net", NAMED));
        assertEquals(new Ip4Prefix(ip(10, 0, 0, 1), ip(255, 255, 255, 0)), ok(p, "gw/24", NAMED));
        assertEquals(new Ip4Prefix(ip(10, 0, 0, 1), -1), ok(ap, "gw", NAMED));
        assertEquals("expected IP address prefix", err(p, "gw", NAMED));
    }

    @Test
    void ipv6()
    {
        final IP6AddressArg a = IP6AddressArg.INSTANCE;
        assertEquals(new Ip6Address(0, 1), ok(a, "::1"));
        assertEquals(new Ip6Address(0, 0), ok(a, "::"));
        assertEquals(new Ip6Address(0xfe80_0000_0000_0000L, 1), ok(a, "fe80::1"));
        assertEquals(new Ip6Address(0xfe80_0000_0000_0000L, 0), ok(a, "FE80::"));
        assertEquals(new Ip6Address(0x0001_0002_0003_0004L, 0x0005_0006_0007_0008L), ok(a, "1:2:3:4:5:6:7:8"));
        assertEquals(new Ip6Address(0x0001_0000_0000_0000L, 0x0000_0000_0000_0008L), ok(a, "1::8"));
        assertEquals(new Ip6Address(0x0001_0002_0003_0004L, 0x0005_0006_0007_0000L), ok(a, "1:2:3:4:5:6:7::"));
        assertEquals(new Ip6Address(0, 0x0000_ffff_0a00_0001L), ok(a, "::ffff:10.0.0.1"), "embedded IPv4");
        assertEquals(new Ip6Address(0, 0x0000_0000_0a00_0001L), ok(a, "::10.0.0.1"));
        assertEquals(new Ip6Address(0x0001_0002_0003_0004L, 0x0005_0006_0102_0304L), ok(a, "1:2:3:4:5:6:1.2.3.4"));
        assertEquals("fe80:0:0:0:0:0:0:1", ok(a, "fe80::1").toString());
        for (final String bad : List.of("", ":", ":::", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::",
            "g::", ":1::", "1:", "::1.2.3", "::1.2.3.4:5", "1:2:3:4:5:6:7:1.2.3.4", "1:2:3:4:5:6:7:8::", "10.0.0.1"))
        {
            assertEquals("expected IPv6 address", err(a, bad), bad);
        }
        assertEquals(new Ip6Address(0xfe80_0000_0000_0000L, 1), ok(a, "gw6", NAMED));

        final IP6PrefixArg p = IP6PrefixArg.PREFIX;
        assertEquals(new Ip6Prefix(new Ip6Address(0xfe80_0000_0000_0000L, 0), 10), ok(p, "fe80::/10"));
        assertEquals(new Ip6Prefix(new Ip6Address(0, 0), 0), ok(p, "::/0"));
        assertEquals(new Ip6Prefix(new Ip6Address(0, 1), 128), ok(p, "::1/128"));
        assertEquals(new Ip6Prefix(new Ip6Address(0x2001_0db8_0000_0000L, 0), 32), ok(p, "2001:db8::/ffff:ffff::"));
        assertEquals(new Ip6Prefix(new Ip6Address(0x2001_0db8_0000_0000L, 0), 32), ok(p, "net6", NAMED));
        assertEquals(new Ip6Prefix(new Ip6Address(0xfe80_0000_0000_0000L, 1), 64), ok(p, "gw6/64", NAMED));
        for (final String bad : List.of("fe80::", "fe80::/129", "fe80::/", "fe80::/ffff::ff", "x/10"))
        {
            assertEquals("expected IPv6 address prefix", err(p, bad), bad);
        }
        assertEquals(new Ip6Prefix(new Ip6Address(0, 1), 128), ok(IP6PrefixArg.ADDRESS_OR_PREFIX, "::1"));
        assertEquals("expected IPv6 address or prefix", err(IP6PrefixArg.ADDRESS_OR_PREFIX, "::1::"));
        assertEquals(10, Long.numberOfLeadingZeros(~Ip6Address.prefixMask(10).high()));
        assertEquals(new Ip6Address(-1L, 0xFFFF_0000_0000_0000L), Ip6Address.prefixMask(80));
    }

    @Test
    void ethernetAddresses()
    {
        final EtherAddressArg e = EtherAddressArg.INSTANCE;
        assertEquals(new EtherAddress(0x0011_2233_4455L), ok(e, "00:11:22:33:44:55"));
        assertEquals(new EtherAddress(0x0011_2233_4455L), ok(e, "0-11-22-33-44-55"));
        assertEquals(new EtherAddress(0x0001_0203_0405L), ok(e, "0:1:2:3:4:5"));
        assertEquals(new EtherAddress(0xaabb_ccdd_eeffL), ok(e, "AA:bb:CC:dd:EE:ff"));
        assertEquals("00:11:22:33:44:55", ok(e, "0:11:22:33:44:55").toString());
        for (final String bad : List.of("", "00:11:22:33:44", "00:11:22:33:44:55:66", "00:11-22:33:44:55",
            "000:11:22:33:44:55", "00:11:22:33:44:5g", "001122334455", "00:11:22:33:44:55:", "mac"))
        {
            assertEquals("expected Ethernet address", err(e, bad), bad);
        }
        assertEquals(new EtherAddress(0x0001_0203_0405L), ok(e, "mac", NAMED));
    }

    @Test
    void ports()
    {
        assertEquals(80, ok(PortArg.TCP_PORT, "80"));
        assertEquals(80, ok(PortArg.TCP_PORT, "http"));
        assertEquals(80, ok(PortArg.TCP_PORT, "www"));
        assertEquals(22, ok(PortArg.TCP_PORT, "ssh"));
        assertEquals(443, ok(PortArg.TCP_PORT, "https"));
        assertEquals(53, ok(PortArg.UDP_PORT, "domain"));
        assertEquals(22, ok(PortArg.UDP_PORT, "ssh"));
        assertEquals(123, ok(PortArg.UDP_PORT, "ntp"));
        assertEquals(0, ok(PortArg.UDP_PORT, "0"));
        assertEquals(65535, ok(PortArg.UDP_PORT, "0xffff"));
        assertEquals("overflow, range 0-65535", err(PortArg.TCP_PORT, "65536"));
        assertEquals("expected port", err(PortArg.TCP_PORT, "ntp"), "UDP-only name");
        assertEquals("expected port", err(PortArg.UDP_PORT, "http"), "TCP-only name");
        assertEquals("expected port", err(PortArg.TCP_PORT, "-1"));
        assertEquals("expected port", err(PortArg.TCP_PORT, "HTTP"));
    }

    @Test
    void portNamesFromTheRouterComeFirst()
    {
        // PortInfo-defined names (NameType.TCP_PORT / UDP_PORT), searched before the built-in table
        assertEquals(8080, ok(PortArg.TCP_PORT, "web", NAMED));
        assertEquals(8000, ok(PortArg.TCP_PORT, "http", NAMED), "a defined name overrides the built-in one");
        assertEquals(80, ok(PortArg.TCP_PORT, "http"), "other contexts keep the built-in name");
        assertEquals(5353, ok(PortArg.UDP_PORT, "dns2", NAMED));
        assertEquals(53, ok(PortArg.UDP_PORT, "domain", NAMED));
        assertEquals("expected port", err(PortArg.UDP_PORT, "web", NAMED), "TCP-only definition");
        assertEquals(22, ok(PortArg.TCP_PORT, "22", NAMED));
    }

    @Test
    void annotations()
    {
        assertEquals(16, ok(AnnoArg.of(1), "PAINT"));
        assertEquals(0, ok(AnnoArg.of(4), "DST_IP"));
        assertEquals(20, ok(AnnoArg.of(2), "VLAN_TCI"));
        assertEquals(20, ok(AnnoArg.of(4), "AGGREGATE"));
        assertEquals(32, ok(AnnoArg.of(8), "FIRST_TIMESTAMP"));
        assertEquals(0, ok(AnnoArg.of(16), "DST_IP6"));
        assertEquals(17, ok(AnnoArg.of(1), "17"));
        assertEquals(47, ok(AnnoArg.of(1), "47"));
        assertEquals(44, ok(AnnoArg.of(4), "44"));
        assertEquals(16, ok(AnnoArg.of(0), "PAINT"));
        assertEquals(47, ok(AnnoArg.of(0), "47"));
        assertEquals("expected annotation", err(AnnoArg.of(1), "DST_IP"), "size mismatch");
        assertEquals("expected annotation", err(AnnoArg.of(1), "48"));
        assertEquals("expected annotation", err(AnnoArg.of(4), "45"));
        assertEquals("expected annotation", err(AnnoArg.of(0), "48"));
        assertEquals("expected annotation", err(AnnoArg.of(1), "paint"));
        assertEquals("expected annotation", err(AnnoArg.of(1), "COLOR"));
        assertEquals("expected annotation", err(AnnoArg.of(1), "99999999999"));
    }

    @Test
    void customCheck()
    {
        final ArgParser<Long> even = IntArg.uint32().check(v -> v % 2 == 0 ? null : "must be even");
        assertEquals(4L, ok(even, "4"));
        assertEquals("must be even", err(even, "5"));
        assertEquals("expected unsigned integer", err(even, "x"));
    }

    @Test
    void namesAreLookedUpWithTheElementContext()
    {
        final List<String> seen = new java.util.ArrayList<>();
        final NameResolver spy = (type, name, element) ->
        {
            seen.add(type + " " + name + " " + element);
            return null;
        };
        final ArgContext ctx = new ArgContext("a/b", spy, ElementResolver.NONE);
        err(IPAddressArg.INSTANCE, "host", ctx);
        err(EtherAddressArg.INSTANCE, "host", ctx);
        assertEquals(List.of("IP_ADDRESS host a/b", "ETHERNET_ADDRESS host a/b"), seen);
    }
}
