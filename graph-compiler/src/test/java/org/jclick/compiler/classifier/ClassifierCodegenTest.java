package org.jclick.compiler.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.LineNumberInfo;
import java.lang.classfile.instruction.LookupSwitchInstruction;
import java.lang.classfile.instruction.TableSwitchInstruction;
import java.lang.constant.ClassDesc;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketClassifier;
import org.jclick.dataplane.packet.PacketPool;
import org.jclick.elements.classification.ClassifierProgram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Differential tests: the compiled classifier answers exactly as {@link ClassifierProgram#match} on every packet,
 * for hand-written rule sets and for every classifier configuration in Click's corpus; every generated class passes
 * the class-file verifier.
 */
class ClassifierCodegenTest
{
    private static final long SEED = 0x5EED_C1A55L;
    private static final int PACKETS = 1500;

    private static PacketPool pool;
    private static List<Packet> packets;

    /** Rule sets (element, configuration) written for these tests. */
    static final String[][] RULE_SETS = {
        {"IPFilter", "allow tcp dst port 80, deny all"},
        {"IPClassifier", "tcp dst port 80, udp, -"},
        {"IPClassifier", "src net 10.0.0.0/8 and dst port > 1023, -"},
        {"IPClassifier", "ip frag, ip unfrag, -"},
        {"IPClassifier", "icmp type echo, icmp type echo-reply, icmp, -"},
        {"IPClassifier", "tcp opt syn, tcp opt ack && !tcp opt syn, tcp, -"},
        {"IPClassifier", "ip[9] = 17, ip[9] = 6, ip[9] = 1, ip[9] = 2, ip[9] = 47, -"},
        {"IPClassifier", "ip proto 6, ip proto 17, ip proto 1, ip proto 2, -"},
        {"IPClassifier", "-"},
        {"IPClassifier", "not tcp, not (udp or icmp), -"},
        {"IPClassifier", "tcp port 22 || tcp port 23 || udp port 53 || src host 10.0.13.37, -"},
        {"IPClassifier", "dst port 22, dst port 23, dst port 53, dst port 80, dst port 443, dst port 8080, -"},
        {"IPClassifier", "src port 20, src port 21, src port 22, src port 23, src port 24, src port 25, -"},
        {"IPClassifier", "ip hl > 5, ip len > 100, ip ttl < 2, ip tos 0, -"},
        {"IPClassifier", "tcp win > 1000, tcp[13] & 2 != 0, udp[4:2] > 20, -"},
        {"IPClassifier", "src host 192.168.0.1 or dst host 192.168.0.1, dst net 192.168.0.0/16, -"},
        {"IPClassifier", "ip vers 4, ip vers 6, -"},
        {"IPClassifier", "ether dst ff:ff:ff:ff:ff:ff, ether src 00:01:02:03:04:05, -"},
        {"IPClassifier", "true, false"},
        {"IPFilter", "0 tcp dst port 22 && src net 10.0.0.0/20, 1 tcp dst port 22, 0 udp dst port 53, 1 -"},
        {"IPFilter", "drop ip frag, allow src host 10.0.0.1, deny dst net 192.168.0.0/24, allow tcp"},
        {"IPFilter", "allow icmp type 3 or icmp type 11, deny icmp, allow dst port >= 1024 and dst port <= 2048"},
        {"Classifier", "12/0800 20/0001, 12/0800, 12/0806, -"},
        {"Classifier", "12/0800, 12/0806, 12/86dd, 12/8100, -"},
        {"Classifier", "12/0806 20/0001, 12/0806 20/0002, 12/0800, -"},
        {"Classifier", "0/ffffffffffff, 0/010000000000%010000000000, -"},
        {"Classifier", "70/45, 72/0001 80/ff, 96/0800, -"},
        {"Classifier", "12/0800 14/45 23/06, 12/0800 14/45 23/11, 12/0800 14/40%f0, -"},
        {"Classifier", "!12/0800, 12/0800 !23/06, -"},
        {"Classifier", "13/00, 13/06, 13/dd, 13/08%0f, -"},
        {"Classifier", "-"},
        {"Classifier", "12/08??, 14/4?, -"},
    };

    @BeforeAll
    static void setUp()
    {
        pool = PacketPool.allocate(PACKETS + 300, TestPackets.BUFFER_BYTES, 64);
        packets = TestPackets.make(pool, new SplittableRandom(SEED), PACKETS);
    }

    @AfterAll
    static void tearDown()
    {
        for (final Packet p : packets)
        {
            p.kill();
        }
        pool.close();
    }

    /** Checks the compiled program on every packet; returns the number of checks. */
    private static int check(final String name, final ClassifierProgram program)
    {
        final int size = ClassifierCodegen.methodBytes(program);
        assertTrue(size > 0 && size <= ClassifierCodegen.MAX_METHOD_BYTES, name + ": method of " + size + " bytes");
        return check(name, program, ClassifierCodegen.classBytes(program));
    }

    /** Verifies {@code bytes} (made for {@code program}), defines it and compares it with match on every packet. */
    private static int check(final String name, final ClassifierProgram program, final byte[] bytes)
    {
        final List<VerifyError> errors = ClassFile.of().verify(bytes);
        assertTrue(errors.isEmpty(), () -> name + ": verifier: " + errors + "\n" + program.unparse());
        for (final MethodModel m : ClassFile.of().parse(bytes).methods())
        {
            final int length = m.findAttribute(Attributes.code()).map(c -> c.codeLength()).orElse(0);
            assertTrue(length <= ClassifierCodegen.MAX_METHOD_BYTES, name + ": " + m.methodName() + " " + length);
        }
        final PacketClassifier compiled = ClassifierCodegen.define(bytes);
        for (int i = 0; i < packets.size(); i++)
        {
            final Packet p = packets.get(i);
            final int expected = program.match(p);
            final int actual = compiled.classify(p);
            if (expected != actual)
            {
                fail(name + ": packet " + i + " " + p + " length " + p.length() + ": match " + expected
                    + " compiled " + actual + "\n" + program.unparse());
            }
        }
        return packets.size();
    }

    @Test
    void handWrittenRuleSetsMatchTheInterpreter()
    {
        int checks = 0;
        for (final String[] rs : RULE_SETS)
        {
            final ClassifierPrograms.Named n = ClassifierPrograms.must(rs[0], rs[1]);
            checks += check(n.name(), n.program());
        }
        assertTrue(checks >= 40_000, "checks: " + checks);
    }

    @Test
    void corpusConfigurationsMatchTheInterpreter() throws Exception
    {
        final Path shared = requireShared();
        final Path corpus = shared.resolve("corpus/click");
        Assumptions.assumeTrue(java.nio.file.Files.isDirectory(corpus), "no corpus at " + corpus);
        final List<String> skipped = new ArrayList<>();
        final List<ClassifierPrograms.Named> programs = ClassifierPrograms.corpus(corpus, skipped);
        int checks = 0;
        for (final ClassifierPrograms.Named n : programs)
        {
            checks += check(n.name(), n.program());
        }
        System.out.println("ClassifierCodegenTest: " + programs.size() + " corpus configurations, " + skipped.size()
            + " skipped (do not build standalone), " + checks + " checks; skipped:\n  " + String.join("\n  ", skipped));
        assertTrue(programs.size() >= 40, "corpus configurations found: " + programs.size());
    }

    @Test
    void firewallRuleSetMatchesAndHasAFastPathWithSwitches() throws Exception
    {
        final Path shared = requireShared();
        final String text = java.nio.file.Files.readString(shared.resolve("bench/firewall.click"));
        final List<String[]> uses = ClassifierPrograms.extract(text);
        assertEquals("IPFilter", uses.get(0)[0]);
        final ClassifierPrograms.Named n = ClassifierPrograms.must("IPFilter", uses.get(0)[1]);
        check(n.name(), n.program());
        assertTrue(ClassifierCodegen.hasFastPath(n.program()));
        System.out.println("ClassifierCodegenTest: firewall program of " + n.program().size() + " steps -> "
            + ClassifierCodegen.methodBytes(n.program()) + " bytes of bytecode");
        assertTrue(hasSwitch(ClassifierCodegen.classBytes(n.program())), n.program().unparse());
    }

    @Test
    void randomProgramsMatchTheInterpreter()
    {
        final SplittableRandom rnd = new SplittableRandom(SEED + 1);
        int checks = 0;
        for (int k = 0; k < 120; k++)
        {
            final ClassifierProgram p = randomProgram(rnd);
            checks += check("random program " + k, p);
        }
        assertTrue(checks >= 150_000, "checks: " + checks);
    }

    private static final int[] MASKS = {0xFFFFFFFF, 0xFFFF0000, 0x0000FFFF, 0x00FF0000, 0xFF000000, 0x000000FF,
        0x0F000000, 0, 0x00FFFF00, 0x0000FF00, 0x1FFF0000, 0x00FFFFFF, 0xFFFFFF00, 0x80000000, 0x00000002};

    /** A random program (forward jumps), with values taken from the test packets so that tests hit. */
    private static ClassifierProgram randomProgram(final SplittableRandom rnd)
    {
        final boolean data = rnd.nextBoolean();
        final int n = rnd.nextInt(1, 30);
        final int[] offset = new int[n];
        final int[] mask = new int[n];
        final int[] value = new int[n];
        final byte[] op = new byte[n];
        final boolean[] shortYes = new boolean[n];
        final int[] yes = new int[n];
        final int[] no = new int[n];
        for (int i = 0; i < n; i++)
        {
            final boolean chain = i > 0 && rnd.nextInt(3) == 0;
            if (chain)
            {
                offset[i] = offset[i - 1];
                mask[i] = mask[i - 1];
                no[i - 1] = i;
            }
            else
            {
                if (data)
                {
                    offset[i] = 4 * rnd.nextInt(22);
                }
                else
                {
                    final int region = rnd.nextInt(3);
                    offset[i] = region == 0 ? 4 * rnd.nextInt(5) : region == 1 ? 256 + 4 * rnd.nextInt(8)
                        : 512 + 4 * rnd.nextInt(6);
                }
                mask[i] = rnd.nextInt(8) == 0 ? rnd.nextInt() : MASKS[rnd.nextInt(MASKS.length)];
            }
            op[i] = rnd.nextInt(5) == 0 ? ClassifierProgram.GT : ClassifierProgram.EQ;
            final int at = data ? offset[i] : offset[i] < 256 ? offset[i] : offset[i] < 512 ? offset[i] - 242
                : offset[i] - 222;
            final Packet src = packets.get(rnd.nextInt(packets.size()));
            final int word = at + 4 <= src.length() ? src.u32(at) : rnd.nextInt();
            value[i] = switch (rnd.nextInt(6))
            {
                case 0 -> rnd.nextInt();
                case 1 -> 0;
                case 2 -> 0xFFFFFFFF;
                default -> word & mask[i];
            };
            shortYes[i] = rnd.nextBoolean();
            yes[i] = target(rnd, i, n);
            if (!(chain || no[i] != 0))
            {
                no[i] = target(rnd, i, n);
            }
        }
        for (int i = 0; i < n; i++)
        {
            if (no[i] == 0)
            {
                no[i] = target(rnd, i, n);
            }
        }
        return new ClassifierProgram(data ? ClassifierProgram.Layout.DATA : ClassifierProgram.Layout.IP, offset,
            mask, value, op, shortYes, yes, no, ClassifierProgram.DROP);
    }

    private static int target(final SplittableRandom rnd, final int step, final int n)
    {
        if (step + 1 < n && rnd.nextInt(3) != 0)
        {
            return rnd.nextInt(step + 1, Math.min(n, step + 6));
        }
        final int r = rnd.nextInt(5);
        return r == 4 ? ClassifierProgram.DROP : ~r;
    }

    private static Path requireShared()
    {
        final Path shared = ClassifierPrograms.shared();
        if (shared == null)
        {
            if ("true".equals(System.getenv("CI")))
            {
                fail("jclick.shared (../shared) is absent under CI");
            }
            Assumptions.abort("jclick.shared (../shared) is absent: skipped");
        }
        return shared;
    }

    @Test
    void equalityChainsBecomeASwitch()
    {
        final ClassifierProgram p = ClassifierPrograms.must("Classifier", "12/0800, 12/0806, 12/86dd, 12/8100, -")
            .program();
        assertTrue(hasSwitch(ClassifierCodegen.classBytes(p)), p.unparse());
        final ClassifierProgram q = ClassifierPrograms.must("IPClassifier",
            "ip proto 6, ip proto 17, ip proto 1, ip proto 2, -").program();
        assertTrue(hasSwitch(ClassifierCodegen.classBytes(q)), q.unparse());
        final ClassifierProgram single = ClassifierPrograms.must("Classifier", "12/0800, -").program();
        assertFalse(hasSwitch(ClassifierCodegen.classBytes(single)), single.unparse());
    }

    @Test
    void repeatedTestsAreLeftOutOfTheFastPath()
    {
        // 12/0800 -> [0]; the same test twice in a row: on the fast path the second is implied
        final ClassifierProgram once = dataProgram(new int[] {12}, new int[] {0xFFFF0000}, new int[] {0x08000000},
            new int[] {~0}, new int[] {ClassifierProgram.DROP});
        final ClassifierProgram twice = dataProgram(new int[] {12, 12}, new int[] {0xFFFF0000, 0xFFFF0000},
            new int[] {0x08000000, 0x08000000}, new int[] {1, ~0},
            new int[] {ClassifierProgram.DROP, ClassifierProgram.DROP});
        check("once", once);
        check("twice", twice);
        assertEquals(2, packetReads(once)); // fast + careful
        assertEquals(3, packetReads(twice)); // fast once + careful twice
    }

    private static ClassifierProgram dataProgram(final int[] offset, final int[] mask, final int[] value,
        final int[] yes, final int[] no)
    {
        return new ClassifierProgram(ClassifierProgram.Layout.DATA, offset, mask, value, new byte[offset.length],
            new boolean[offset.length], yes, no, ClassifierProgram.DROP);
    }

    @Test
    void lineNumberIsRecorded()
    {
        final ClassifierProgram p = ClassifierPrograms.must("IPClassifier", "tcp, -").program();
        final byte[] bytes = ClassFile.of().build(ClassDesc.of("org.jclick.compiler.classifier.LineTest"), cb ->
        {
            ClassifierCodegen.emitMatch(cb, "classify0", p, 42);
            ClassifierCodegen.emitMatch(cb, "classify1", p);
        });
        assertTrue(ClassFile.of().verify(bytes).isEmpty());
        final ClassModel m = ClassFile.of().parse(bytes);
        final List<Integer> lines = new ArrayList<>();
        for (final MethodModel mm : m.methods())
        {
            mm.code().orElseThrow().findAttribute(Attributes.lineNumberTable())
                .ifPresent(t -> t.lineNumbers().forEach((LineNumberInfo l) -> lines.add(l.lineNumber())));
        }
        assertEquals(List.of(42), lines);
    }

    @Test
    void bigProgramsAreSplitOrFallBackToTheCarefulPathThenRefused()
    {
        boolean sawSplit = false;
        boolean sawCarefulOnly = false;
        boolean sawRefusal = false;
        for (int n = 10; n <= 400 && !sawRefusal; n += 10)
        {
            final ClassifierProgram p = chain(n);
            if (!ClassifierCodegen.canCompile(p))
            {
                assertEquals(-1, ClassifierCodegen.methodBytes(p));
                assertThrows(ClassifierCodegen.ProgramTooLargeException.class, () -> ClassifierCodegen.compile(p));
                sawRefusal = true;
                System.out.println("ClassifierCodegenTest: refused from " + n + " steps");
            }
            else if (!ClassifierCodegen.hasFastPath(p))
            {
                final byte[] split = ClassifierCodegen.classBytes(p);
                if (!sawSplit && hasMethod(split, "match$careful"))
                {
                    check("split program of " + n + " steps", p, split);
                    sawSplit = true;
                    System.out.println("ClassifierCodegenTest: split from " + n + " steps");
                }
                if (!sawCarefulOnly)
                {
                    final byte[] one = ClassifierCodegen.classBytes(p, false);
                    assertFalse(hasMethod(one, "match$careful"));
                    check("careful-only program of " + n + " steps", p, one);
                    sawCarefulOnly = true;
                }
            }
        }
        assertTrue(sawSplit, "no program was split into two methods");
        assertTrue(sawCarefulOnly, "no program was compiled with the careful path only");
        assertTrue(sawRefusal, "no program was refused");
    }

    private static boolean hasMethod(final byte[] bytes, final String name)
    {
        for (final MethodModel m : ClassFile.of().parse(bytes).methods())
        {
            if (m.methodName().equalsString(name))
            {
                return true;
            }
        }
        return false;
    }

    /** {@code n} steps on different words, each to an output or on to the next step. */
    private static ClassifierProgram chain(final int n)
    {
        final int[] offset = new int[n];
        final int[] mask = new int[n];
        final int[] value = new int[n];
        final int[] yes = new int[n];
        final int[] no = new int[n];
        for (int i = 0; i < n; i++)
        {
            offset[i] = 4 * (i % 19);
            mask[i] = i % 3 == 0 ? 0xFFFF0000 : 0x00FFFFFF;
            value[i] = (i * 0x01010101) & mask[i];
            yes[i] = ~(i % 4);
            no[i] = i + 1 < n ? i + 1 : ClassifierProgram.DROP;
        }
        return new ClassifierProgram(ClassifierProgram.Layout.DATA, offset, mask, value, new byte[n], new boolean[n],
            yes, no, ClassifierProgram.DROP);
    }

    private static boolean hasSwitch(final byte[] bytes)
    {
        for (final MethodModel m : ClassFile.of().parse(bytes).methods())
        {
            if (m.methodName().equalsString("match"))
            {
                for (final CodeElement e : m.code().orElseThrow())
                {
                    if (e instanceof TableSwitchInstruction || e instanceof LookupSwitchInstruction)
                    {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Packet word reads ({@code u8/u16/u32} calls) in the generated match method, careful path included. */
    private static int packetReads(final ClassifierProgram p)
    {
        int reads = 0;
        for (final MethodModel m : ClassFile.of().parse(ClassifierCodegen.classBytes(p)).methods())
        {
            if (m.methodName().equalsString("match"))
            {
                for (final CodeElement e : m.code().orElseThrow())
                {
                    if (e instanceof java.lang.classfile.instruction.InvokeInstruction inv
                        && inv.name().stringValue().startsWith("u"))
                    {
                        reads++;
                    }
                }
            }
        }
        return reads;
    }
}
