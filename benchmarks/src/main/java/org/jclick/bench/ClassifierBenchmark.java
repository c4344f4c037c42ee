package org.jclick.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jclick.compiler.classifier.ClassifierCodegen;
import org.jclick.dataplane.args.ArgContext;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketClassifier;
import org.jclick.dataplane.packet.PacketPool;
import org.jclick.elements.classification.ClassifierProgram;
import org.jclick.elements.classification.Expr;
import org.jclick.elements.classification.IPFilterParser;
import org.jclick.elements.classification.ProgramCompiler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The IPClassifier decision-tree interpreter ({@link ClassifierProgram#match}) on a firewall-like rule list, over
 * {@link #PACKETS} prebuilt IPv4 packets (TCP, UDP, ICMP, fragments). Reported per packet; {@code -prof gc} shows
 * that matching allocates nothing. {@link #compiled} runs the same program compiled to bytecode by
 * {@link ClassifierCodegen}; {@code -p ruleSet=firewall} uses the IPFilter rules of {@code ../shared/bench/firewall.click}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class ClassifierBenchmark
{
    static final int PACKETS = 256;

    static final String[] RULES = {
        "src net 10.0.0.0/8 and tcp dst port ssh", "tcp dst port www or tcp dst port https",
        "udp dst port domain or udp src port domain", "icmp type echo or icmp type echo-reply",
        "tcp opt syn and not tcp opt ack and dst port > 1023", "ip frag", "-",
    };

    /** The IPFilter rules of ../shared/bench/firewall.click: output, then expression. */
    static final String[] FIREWALL = {
        "1 src net 10.0.255.0/24", "1 dst net 192.168.255.0/24", "1 src host 10.0.13.37", "1 ip frag",
        "1 tcp dst port 23", "1 tcp dst port 445", "1 tcp dst port 3389", "1 udp dst port 1900", "1 udp dst port 161",
        "0 tcp dst port 22 && src net 10.0.0.0/20", "1 tcp dst port 22", "0 udp dst port 53 && dst net 192.168.0.0/20",
        "1 udp dst port 53", "0 udp dst port 123 && dst net 192.168.16.0/20", "1 udp dst port 123",
        "0 tcp dst port 80 && dst net 192.168.0.0/17", "0 tcp dst port 443", "1 tcp dst port 80 && src net 10.0.192.0/18",
        "0 tcp dst port 80", "0 tcp src port > 1023 && dst port > 1023", "0 udp dst port > 1023", "1 -",
    };

    /** {@code rules} (the list above, each rule to its own output) or {@code firewall}. */
    @Param({"rules", "firewall"})
    public String ruleSet;

    private PacketPool pool;
    private PacketClassifier compiledProgram;
    private Packet[] packets;
    private ClassifierProgram program;

    @Setup(Level.Trial)
    public void setUp()
    {
        final List<String> errors = new ArrayList<>();
        final List<Expr.Rule> rules = new ArrayList<>();
        final boolean firewall = "firewall".equals(ruleSet);
        final String[] texts = firewall ? FIREWALL : RULES;
        for (int i = 0; i < texts.length; i++)
        {
            final String text = firewall ? texts[i].substring(2) : texts[i];
            final int output = firewall ? texts[i].charAt(0) - '0' : i;
            rules.add(new Expr.Rule(IPFilterParser.parseExpression(IPFilterParser.tokenize(text), ArgContext.EMPTY,
                "", errors, new ArrayList<>()), output));
        }
        if (!errors.isEmpty())
        {
            throw new IllegalStateException(errors.toString());
        }
        program = ProgramCompiler.compile(ClassifierProgram.Layout.IP, rules);
        compiledProgram = ClassifierCodegen.compile(program);
        pool = PacketPool.allocate(PACKETS, 2048, 64);
        packets = new Packet[PACKETS];
        final int[] protos = {6, 6, 6, 17, 17, 1};
        final int[] ports = {22, 80, 443, 53, 8080, 40000};
        for (int i = 0; i < PACKETS; i++)
        {
            final byte[] b = new byte[60];
            final int proto = protos[i % protos.length];
            b[0] = 0x45;
            b[3] = 60;
            b[6] = (byte)(i % 17 == 0 ? 0x20 : 0);
            b[8] = 64;
            b[9] = (byte)proto;
            b[12] = (byte)(i % 3 == 0 ? 10 : 192);
            b[15] = (byte)i;
            b[16] = 10;
            b[19] = 1;
            final int port = ports[(i / 7) % ports.length];
            b[20] = (byte)(proto == 1 ? (i % 2 == 0 ? 8 : 0) : 0x9c);
            b[22] = (byte)(port >> 8);
            b[23] = (byte)port;
            b[33] = (byte)(i % 4 == 0 ? 0x02 : 0x10);
            packets[i] = pool.make(b, 0, b.length);
            packets[i].setNetworkHeader(0, 20);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        for (final Packet p : packets)
        {
            p.kill();
        }
        pool.close();
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public int match()
    {
        int sum = 0;
        final ClassifierProgram prog = program;
        for (final Packet p : packets)
        {
            sum += prog.match(p);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public int compiled()
    {
        int sum = 0;
        final PacketClassifier c = compiledProgram;
        for (final Packet p : packets)
        {
            sum += c.classify(p);
        }
        return sum;
    }
}
