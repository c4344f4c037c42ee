package org.jclick.elements.ip;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import org.jclick.elements.RouterFixture;

/** Runs small routers over hand-built packets and captures what they print. */
final class IpTestSupport
{
    /** 10.0.0.1 -> 10.0.0.2, TCP SYN 1234 -> 80; IP checksum 0x549a, TCP checksum 0x76bd. */
    static final String TCP = "45000028123400004006549a0a0000010a00000204d2005000000001000000005002200076bd0000";
    /** 10.0.0.1 -> 10.0.0.2, UDP 1234 -> 53 with 4 payload bytes; IP checksum 0x5497, UDP checksum 0x6f33. */
    static final String UDP = "4500002012340000401154970a0000010a00000204d20035000c6f33aabbccdd";
    /** 10.0.0.1 -> 10.0.0.2, ICMP echo id 0x0102 seq 1; IP checksum 0x54a7, ICMP checksum 0x7f63. */
    static final String ICMP = "4500002012340000400154a70a0000010a00000208007f6301020001aabbccdd";
    /** A bare 20-byte header (UDP, 192.168.0.1 -> 192.168.0.199, DF, TTL 64), checksum 0xb8c0. */
    static final String WIKI = "45000014000040004011b8c0c0a80001c0a800c7";

    private IpTestSupport()
    {
    }

    /** An InfiniteSource emitting {@code hex} once. */
    static String source(final String hex)
    {
        return "InfiniteSource(DATA \\<" + hex + ">, LIMIT 1, STOP true)";
    }

    /** Prints the whole packet with {@code label}. */
    static String print(final String label)
    {
        return "Print(" + label + ", MAXLENGTH -1)";
    }

    /** Runs {@code config} under simulated time and returns standard error; {@code check} may read handlers. */
    static String run(final String config, final Consumer<RouterFixture> check)
    {
        final PrintStream old = System.err;
        final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.ISO_8859_1));
        try (RouterFixture f = RouterFixture.simtime(config))
        {
            f.run();
            if (check != null)
            {
                check.accept(f);
            }
        }
        finally
        {
            System.setErr(old);
        }
        return buf.toString(StandardCharsets.ISO_8859_1);
    }

    static String run(final String config)
    {
        return run(config, null);
    }

    /** Click's Print hex groups of {@code hex}: 8 digits per group. */
    static String groups(final String hex)
    {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 8)
        {
            if (i > 0)
            {
                sb.append(' ');
            }
            sb.append(hex, i, Math.min(hex.length(), i + 8));
        }
        return sb.toString();
    }

    /** The line Print(label, MAXLENGTH -1) prints for {@code hex}. */
    static String line(final String label, final String hex)
    {
        return String.format("%s: %4d | %s%n", label, hex.length() / 2, groups(hex));
    }
}
