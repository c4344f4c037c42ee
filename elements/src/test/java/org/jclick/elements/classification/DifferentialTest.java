package org.jclick.elements.classification;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Differential tests: for random rule lists over hand-built packets, the optimized program, the unoptimized
 * program and a direct evaluation of the rule ASTs must choose the same output.
 */
class DifferentialTest
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

    private static final String[] IP_PATTERNS = {
        "tcp", "udp", "icmp", "tcp dst port 80", "dst port www or dst port 443", "src port 53", "udp port domain",
        "port > 1024", "port < 1024", "src port >= 1024 and dst port <= 1023", "tcp dst port != 80",
        "not tcp dst port 80", "ip frag", "ip unfrag", "syn", "syn and not ack", "tcp opt ack or rst",
        "icmp type echo", "icmp type != echo-reply", "not icmp type echo", "ip ttl < 10", "ip ttl > 200",
        "ip tos 0", "ip dscp 46", "ip ect", "ip ce", "src host 10.0.0.1", "dst net 10.0.0.0/8",
        "src host 10.0.0.1 or 10.0.0.2", "src and dst net 10.0.0.0/8", "host 192.168.1.1", "ip[19] & 128 == 0",
        "transp[1] & 128 == 0", "not (transp[1] & 128 == 0)", "transp[1] & 128 != 0", "tcp[13] & 0x12 = 2",
        "udp[4:2] > 20", "ip len > 100", "ip len <= 48", "tcp ? dst port 80 : udp", "true", "false",
        "ether src host 0:1:2:3:4:5", "ether host 10:20:30:40:50:60", "tcp win < 1000", "ip id 0x1234",
        "(tcp or udp) and not (dst port 80 or dst port 53)", "dst port & 0xff00 = 0", "src port & 0xf0f0 > 0x1010",
        "ip[0] = 0x45", "ip hl > 5", "ip vers 4", "-",
    };

    private static final int[] PORTS = {0, 22, 53, 80, 443, 1023, 1024, 1025, 5353, 40000, 65535, 0x1111, 0x10f0};
    private static final int[] FRAGS = {0, 0x2000, 0x0010, 0x4000, 0x6000, 0x2001};
    private static final int[] ADDRS = {0x0A000001, 0x0A000002, 0x0A0A0A0A, 0xC0A80101, 0x01020304};

    private static Packets.Ip randomPacket(final Random r)
    {
        final Packets.Ip p = Packets.ip();
        final int kind = r.nextInt(10);
        p.proto = kind < 4 ? Packets.TCP : kind < 7 ? Packets.UDP : kind < 9 ? Packets.ICMP : 47;
        p.ports(PORTS[r.nextInt(PORTS.length)], PORTS[r.nextInt(PORTS.length)]);
        p.icmpType = r.nextInt(4) == 0 ? r.nextInt(20) : (r.nextBoolean() ? 8 : 0);
        p.tcpFlags = r.nextInt(64);
        p.window = r.nextBoolean() ? 500 : 8192;
        p.ttl = r.nextInt(4) == 0 ? 255 : r.nextInt(20);
        p.tos = r.nextInt(4) == 0 ? 0xB8 | r.nextInt(4) : r.nextInt(4);
        p.frag(FRAGS[r.nextInt(FRAGS.length)]);
        p.src(ADDRS[r.nextInt(ADDRS.length)]).dst(ADDRS[r.nextInt(ADDRS.length)]);
        p.options(r.nextInt(5) == 0 ? 1 + r.nextInt(3) : 0);
        p.payload = r.nextInt(3) * 40;
        if (r.nextInt(3) == 0)
        {
            p.ether();
        }
        if (r.nextInt(3) == 0)
        {
            p.truncate(p.etherHeader + r.nextInt(p.headerLength() + 24));
        }
        return p;
    }

    /** First rule whose AST holds, evaluated directly. */
    private static int evaluate(final List<Expr.Rule> rules, final Packet p, final ClassifierProgram.Layout layout)
    {
        for (final Expr.Rule rule : rules)
        {
            if (eval(rule.expr(), p, layout))
            {
                return rule.output() < 0 ? -1 : rule.output();
            }
        }
        return -1;
    }

    private static boolean eval(final Expr e, final Packet p, final ClassifierProgram.Layout layout)
    {
        return switch (e)
        {
            case Expr.Const k -> k.value();
            case Expr.Not n -> !eval(n.operand(), p, layout);
            case Expr.And a -> eval(a.left(), p, layout) && eval(a.right(), p, layout);
            case Expr.Or o -> eval(o.left(), p, layout) || eval(o.right(), p, layout);
            case Expr.Cond c -> eval(c.condition(), p, layout) ? eval(c.then(), p, layout)
                : eval(c.otherwise(), p, layout);
            case Expr.Test t -> test(t, p, layout);
        };
    }

    /** A word test read byte by byte; false on a short packet whether negated or not. */
    private static boolean test(final Expr.Test t, final Packet p, final ClassifierProgram.Layout layout)
    {
        long start;
        if (layout == ClassifierProgram.Layout.DATA)
        {
            start = t.offset();
        }
        else if (t.offset() >= 512)
        {
            start = p.transportHeaderOffset() + t.offset() - 512L;
        }
        else if (t.offset() >= 256)
        {
            start = p.networkHeaderOffset() + t.offset() - 256L;
        }
        else
        {
            if (!p.hasMacHeader())
            {
                return false;
            }
            start = p.macHeaderOffset() + t.offset() - 2L;
        }
        long word = 0;
        for (int i = 0; i < 4; i++)
        {
            int b = 0;
            if (firstByteNeeded(t.mask()) <= i && lastByteNeeded(t.mask()) > i)
            {
                if (start + i < -p.headroom() || start + i >= p.length())
                {
                    return false;
                }
                b = p.u8((int)(start + i));
            }
            word = (word << 8) | b;
        }
        final long masked = word & Integer.toUnsignedLong(t.mask());
        final boolean r = t.op() == ClassifierProgram.EQ ? masked == Integer.toUnsignedLong(t.value())
            : masked > Integer.toUnsignedLong(t.value());
        return r != t.negated();
    }

    private static int firstByteNeeded(final int mask)
    {
        int i = 0;
        while (i < 4 && ((mask >>> (24 - 8 * i)) & 0xFF) == 0)
        {
            i++;
        }
        return i;
    }

    private static int lastByteNeeded(final int mask)
    {
        return ClassifierProgram.requiredBytes(mask);
    }

    @Test
    void ipRuleListsAgree()
    {
        final Random r = new Random(20261123);
        for (int round = 0; round < 300; round++)
        {
            final int n = 1 + r.nextInt(6);
            final String[] patterns = new String[n];
            for (int i = 0; i < n; i++)
            {
                patterns[i] = IP_PATTERNS[r.nextInt(IP_PATTERNS.length)];
            }
            final List<Expr.Rule> rules = Compile.ipRules(patterns);
            final ClassifierProgram optimized = ProgramCompiler.compile(ClassifierProgram.Layout.IP, rules);
            final ClassifierProgram raw = ProgramCompiler.compile(ClassifierProgram.Layout.IP, rules, false);
            for (int k = 0; k < 60; k++)
            {
                final Packets.Ip spec = randomPacket(r);
                final Packet p = spec.make(pool);
                try
                {
                    final int expected = evaluate(rules, p, ClassifierProgram.Layout.IP);
                    final String where = String.join(" | ", patterns) + " on " + java.util.HexFormat.of()
                        .formatHex(spec.bytes()) + "\n" + optimized;
                    assertEquals(expected, raw.match(p), "unoptimized: " + where);
                    // Click's same-word combination is loose on transport headers of 2 or 3 bytes; skip those
                    if (!oddTransportLength(p))
                    {
                        assertEquals(expected, optimized.match(p), "optimized: " + where);
                    }
                }
                finally
                {
                    p.kill();
                }
            }
        }
    }

    private static boolean oddTransportLength(final Packet p)
    {
        final int left = p.length() - p.transportHeaderOffset();
        return left > 0 && left < 4;
    }

    @Test
    void classifierRuleListsAgree()
    {
        final Random r = new Random(42);
        for (int round = 0; round < 300; round++)
        {
            final int n = 1 + r.nextInt(5);
            final String[] patterns = new String[n];
            for (int i = 0; i < n; i++)
            {
                patterns[i] = randomClassifierPattern(r);
            }
            final List<Expr.Rule> rules = Compile.dataRules(patterns);
            final ClassifierProgram optimized = ProgramCompiler.compile(ClassifierProgram.Layout.DATA, rules);
            final ClassifierProgram raw = ProgramCompiler.compile(ClassifierProgram.Layout.DATA, rules, false);
            for (int k = 0; k < 60; k++)
            {
                final byte[] b = new byte[r.nextInt(14)];
                for (int i = 0; i < b.length; i++)
                {
                    b[i] = (byte)(r.nextInt(4) == 0 ? r.nextInt(256) : r.nextInt(3));
                }
                final Packet p = pool.make(b, 0, b.length);
                try
                {
                    final int expected = evaluate(rules, p, ClassifierProgram.Layout.DATA);
                    final String where = String.join(", ", patterns) + " on "
                        + java.util.HexFormat.of().formatHex(b) + "\n" + optimized;
                    assertEquals(expected, raw.match(p), "unoptimized: " + where);
                    assertEquals(expected, optimized.match(p), "optimized: " + where);
                }
                finally
                {
                    p.kill();
                }
            }
        }
    }

    private static String randomClassifierPattern(final Random r)
    {
        if (r.nextInt(8) == 0)
        {
            return "-";
        }
        final List<String> clauses = new ArrayList<>();
        final int n = 1 + r.nextInt(3);
        final String digits = "0012f?";
        for (int c = 0; c < n; c++)
        {
            final int len = 1 + r.nextInt(3);
            final StringBuilder v = new StringBuilder();
            final StringBuilder m = new StringBuilder();
            for (int i = 0; i < 2 * len; i++)
            {
                v.append(digits.charAt(r.nextInt(digits.length())));
                m.append("f0f3?".charAt(r.nextInt(5)));
            }
            clauses.add((r.nextInt(4) == 0 ? "!" : "") + r.nextInt(12) + "/" + v + (r.nextBoolean() ? "%" + m : ""));
        }
        return String.join(" ", clauses);
    }
}
