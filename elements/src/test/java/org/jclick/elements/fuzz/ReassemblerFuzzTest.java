package org.jclick.elements.fuzz;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementRegistry;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketAllocator;
import org.jclick.dataplane.runtime.Clock;
import org.jclick.dataplane.runtime.Router;
import org.jclick.dataplane.runtime.RouterLoader;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of IPReassembler (Jazzer): fuzzed IPv4 fragments of a few datagrams (offsets, lengths,
 * More Fragments, header lengths, total lengths that lie, truncated buffers, link-level headers, duplicates and
 * overlaps) are pushed into a reassembler with a fuzzed HIMEM, then simulated time runs past the 30-second timeout.
 * Properties: nothing throws; afterwards no datagram is waiting and no byte is held; and every packet buffer taken
 * from the allocator has come back (nothing leaks, whether a fragment was reassembled, dropped as malformed, given
 * up for memory or for time). {@code mvn verify} fuzzes for {@code jclick.fuzz.duration} in an execution of its
 * own; without {@code JAZZER_FUZZ} the seeds run once.
 */
class ReassemblerFuzzTest
{
    private static final ElementRegistry REGISTRY = ElementRegistry.loadDefault();

    @FuzzTest
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void reassemblyNeverThrowsLeaksNorHoldsPastItsTimeout(final FuzzedDataProvider data)
    {
        final int himem = data.consumeBoolean() ? 256 * 1024 : data.consumeInt(0, 4096);
        final String config = "Idle -> r :: IPReassembler(HIMEM " + himem + ") -> c0 :: Counter -> Discard;"
            + " r[1] -> c1 :: Counter -> Discard; Script(wait 40, stop);";
        final Router router = RouterLoader.fromText("reassembler.click", config, Map.of(), REGISTRY,
            new Router.Options(Clock.simulated(-1), 1, config, ""), ErrorHandler.silent());
        if (router == null)
        {
            throw new AssertionError("the configuration must initialize");
        }
        try
        {
            final Element r = router.find("r");
            final PacketAllocator allocator = router.allocatorFor(r);
            final long inUseBefore = allocator.bufferCount() - allocator.availableBuffers();
            final int fragments = data.consumeInt(1, 48);
            for (int i = 0; i < fragments && data.remainingBytes() > 0; i++)
            {
                final boolean ether = data.consumeInt(0, 3) == 0;
                final byte[] frag = fragment(data);
                final int linkBytes = ether ? 14 : 0;
                final Packet p = allocator.make(linkBytes + frag.length);
                if (p == null)
                {
                    break;
                }
                p.copyFrom(linkBytes, frag, 0, frag.length);
                if (ether)
                {
                    p.setMacHeader(0);
                }
                final int hlen = frag.length > 0 ? Math.max(20, (frag[0] & 0x0F) * 4) : 20;
                p.setNetworkHeader(linkBytes, Math.min(hlen, frag.length));
                r.push(0, p);
            }
            router.run();
            expect(router, "r.queues", "0");
            expect(router, "r.mem", "0");
            // the allocator may have grown a chunk meanwhile (a large reassembled datagram): compare buffers in use
            final long leaked = allocator.bufferCount() - allocator.availableBuffers() - inUseBefore;
            if (leaked != 0)
            {
                throw new AssertionError("buffers leaked: " + leaked);
            }
            final long in = Long.parseLong(FuzzHandlers.read(router, "r.fragments"));
            final long accounted = Long.parseLong(FuzzHandlers.read(router, "r.bad"))
                + Long.parseLong(FuzzHandlers.read(router, "r.duplicates"));
            if (accounted > in)
            {
                throw new AssertionError("more fragments refused than received: " + accounted + " > " + in);
            }
        }
        finally
        {
            router.cleanup();
            router.releaseMemory();
        }
    }

    private static void expect(final Router router, final String handler, final String value)
    {
        final String v = FuzzHandlers.read(router, handler);
        if (!v.equals(value))
        {
            throw new AssertionError(handler + " is " + v + ", expected " + value);
        }
    }

    /** One IPv4 fragment of one of four datagrams, mostly well formed, sometimes lying about itself. */
    private static byte[] fragment(final FuzzedDataProvider data)
    {
        if (data.consumeInt(0, 15) == 0)
        {
            return data.consumeBytes(data.consumeInt(0, 120));
        }
        final int optionWords = data.consumeInt(0, 7) == 0 ? data.consumeInt(0, 10) : 0;
        final int hlen = 20 + 4 * optionWords;
        final int payload = data.consumeBoolean() ? 8 * data.consumeInt(1, 16) : data.consumeInt(0, 130);
        final byte[] f = new byte[hlen + payload];
        final int ihl = data.consumeInt(0, 7) == 0 ? data.consumeInt(0, 15) : hlen / 4;
        f[0] = (byte)(0x40 | ihl);
        final int total = data.consumeInt(0, 7) == 0 ? data.consumeInt(0, 65535) : f.length;
        f[2] = (byte)(total >> 8);
        f[3] = (byte)total;
        f[5] = (byte)data.consumeInt(0, 3); // identification: four datagrams
        final int offsetUnits = data.consumeInt(0, 3) == 0 ? data.consumeInt(0, 0x1FFF) : data.consumeInt(0, 24);
        final int field = (data.consumeBoolean() ? 0x2000 : 0) | (data.consumeInt(0, 15) == 0 ? 0x4000 : 0)
            | offsetUnits;
        f[6] = (byte)(field >> 8);
        f[7] = (byte)field;
        f[8] = 64;
        f[9] = 17;
        f[12] = 10;
        f[15] = 1;
        f[16] = 10;
        f[19] = 2;
        final byte[] rest = data.consumeBytes(f.length - 20);
        System.arraycopy(rest, 0, f, 20, rest.length);
        final int keep = data.consumeInt(0, 7) == 0 ? data.consumeInt(0, f.length) : f.length;
        return java.util.Arrays.copyOf(f, keep);
    }
}
