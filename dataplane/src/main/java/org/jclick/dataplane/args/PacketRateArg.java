package org.jclick.dataplane.args;

/**
 * Packet rates (packets per second) as Click's rate-limiting elements read them ({@code RatedSource},
 * {@code RatedSplitter} {@code RATE}): an unsigned 32-bit integer, Click's {@link IntArg} syntax. Errors:
 * {@code expected unsigned integer}, {@code out of range, bound 4294967295}.
 */
public final class PacketRateArg
{
    private PacketRateArg()
    {
    }

    public static ArgParser<Long> packetsPerSecond()
    {
        return IntArg.uint32();
    }
}
