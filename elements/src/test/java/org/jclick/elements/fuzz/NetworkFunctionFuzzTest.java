package org.jclick.elements.fuzz;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import org.jclick.dataplane.element.ElementRegistry;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.runtime.Clock;
import org.jclick.dataplane.runtime.Router;
import org.jclick.dataplane.runtime.RouterLoader;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of the network functions (Jazzer): mutated Ethernet frames go through the bundled
 * service chain {@code configs/nfv-chain.click} (firewall, source NAT and round-robin load balancer: Classifier,
 * CheckIPHeader, IPFilter, IPClassifier, IPRewriter with a pattern and with a RoundRobinIPMapper) under simulated
 * time, writing its outputs with ToDump into a scratch folder.
 *
 * <p>The frames are mostly IPv4 over Ethernet with fuzzed header fields, lengths, options and payloads, so that
 * the packet paths get past the first checks; the fuzzer also controls the frame lengths (runts included).
 * Property: nothing escapes an element. The scheduler catches an exception from a task and counts it (the global
 * {@code exceptions} handler), so the test reads that handler and fails if any element threw; every frame is
 * counted at the input, and the run ends. {@code mvn verify} fuzzes for {@code jclick.fuzz.duration} in an
 * execution of its own; without {@code JAZZER_FUZZ} the seeds run once.
 */
class NetworkFunctionFuzzTest
{
    private static final ElementRegistry REGISTRY = ElementRegistry.loadDefault();

    /** The bundled service chain, {@code configs/nfv-chain.click}, read once. */
    private static final String CHAIN = readChain();

    private static String readChain()
    {
        final Path file = Path.of(System.getProperty("jclick.root", "..")).resolve("configs/nfv-chain.click");
        try
        {
            return Files.readString(file);
        }
        catch (final IOException e)
        {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @FuzzTest
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void networkFunctionsNeverThrowNorHang(final FuzzedDataProvider data) throws IOException
    {
        final int frames = data.consumeInt(1, 64);
        final ByteBuffer pcap = ByteBuffer.allocate(24 + frames * (16 + 1600)).order(ByteOrder.LITTLE_ENDIAN);
        pcap.putInt(0xa1b2c3d4).putShort((short)2).putShort((short)4).putInt(0).putInt(0).putInt(65535).putInt(1);
        int written = 0;
        for (int i = 0; i < frames && data.remainingBytes() > 0; i++)
        {
            final byte[] frame = frame(data);
            pcap.putInt(1_600_000_000).putInt(i).putInt(frame.length).putInt(frame.length).put(frame);
            written++;
        }
        final Path dir = Files.createTempDirectory("jclick-nf-fuzz");
        final Path file = dir.resolve("in.pcap");
        try
        {
            Files.write(file, java.util.Arrays.copyOf(pcap.array(), pcap.position()));
            final Map<String, String> defines = Map.of("IN", file.toString(), "OUT", dir.resolve("out.pcap").toString(),
                "RET", dir.resolve("ret.pcap").toString(), "DENIED", dir.resolve("denied.pcap").toString());
            final Router router = RouterLoader.fromText("nfv-chain.click", CHAIN, defines, REGISTRY,
                new Router.Options(Clock.simulated(-1), 1, CHAIN, ""), ErrorHandler.silent());
            if (router == null)
            {
                throw new AssertionError("the chain configuration must initialize");
            }
            try
            {
                FuzzHandlers.runQuietly(router); // CheckIPHeader's and friends' messages are checked there, not printed
                final String exceptions = FuzzHandlers.read(router, "exceptions");
                if (!exceptions.isBlank())
                {
                    throw new AssertionError("an element threw on the packet path: " + exceptions);
                }
                if (Long.parseLong(FuzzHandlers.read(router, "in.count")) != written)
                {
                    throw new AssertionError("frames not all read: " + FuzzHandlers.read(router, "in.count") + " of " + written);
                }
            }
            finally
            {
                router.cleanup();
                router.releaseMemory();
            }
        }
        finally
        {
            try (var files = Files.list(dir))
            {
                for (final Path f : (Iterable<Path>)files::iterator)
                {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** One frame: usually Ethernet + IPv4 + TCP/UDP/ICMP with fuzzed fields; sometimes raw fuzzed bytes. */
    private static byte[] frame(final FuzzedDataProvider data)
    {
        if (data.consumeInt(0, 15) == 0)
        {
            return data.consumeBytes(data.consumeInt(0, 1514));
        }
        final int proto = switch (data.consumeInt(0, 3))
        {
            case 0 -> 6;
            case 1 -> 17;
            case 2 -> 1;
            default -> data.consumeInt(0, 255);
        };
        final int optionWords = data.consumeInt(0, 3) == 0 ? data.consumeInt(0, 10) : 0;
        final int ipHeader = 20 + 4 * optionWords;
        final int transport = proto == 6 ? 20 : proto == 17 || proto == 1 ? 8 : 0;
        final int payload = data.consumeInt(0, 64);
        final int length = Math.max(14, 14 + ipHeader + transport + payload - data.consumeInt(0, 3) * data.consumeInt(0, 40));
        final ByteBuffer b = ByteBuffer.allocate(14 + ipHeader + transport + payload).order(ByteOrder.BIG_ENDIAN);
        b.put(new byte[] {0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 6}).putShort((short)0x0800);
        final int ihl = data.consumeInt(0, 7) == 0 ? data.consumeInt(0, 15) : ipHeader / 4;
        b.put((byte)(((data.consumeInt(0, 7) == 0 ? data.consumeInt(0, 15) : 4) << 4) | ihl));
        b.put(data.consumeByte());
        final int totalLength = data.consumeInt(0, 7) == 0 ? data.consumeInt(0, 65535) : ipHeader + transport + payload;
        b.putShort((short)totalLength);
        b.putShort(data.consumeShort());
        b.putShort((short)(data.consumeInt(0, 7) == 0 ? data.consumeInt(0, 65535) : 0));
        b.put((byte)data.consumeInt(0, 255)).put((byte)proto).putShort((short)0);
        b.putInt(0x0A000000 | data.consumeInt(0, 255)).putInt(data.consumeBoolean() ? 0xC0A80001 : data.consumeInt());
        b.put(data.consumeBytes(4 * optionWords));
        while (b.position() < 14 + ipHeader)
        {
            b.put((byte)0);
        }
        if (transport > 0)
        {
            b.putShort((short)data.consumeInt(1, 65535));
            b.putShort((short)(data.consumeBoolean() ? 80 : data.consumeInt(0, 65535)));
            b.put(data.consumeBytes(transport - 4));
        }
        b.put(data.consumeBytes(payload));
        final byte[] out = b.array();
        return java.util.Arrays.copyOf(out, Math.min(length, out.length));
    }
}
