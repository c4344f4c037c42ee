package org.jclick.elements.standard;

import org.jclick.dataplane.args.ArgParser;
import org.jclick.dataplane.args.PacketRateArg;
import org.jclick.dataplane.element.ElementDoc;

/** Click's RatedSplitter. */
@ElementDoc(
    synopsis = "RatedSplitter(RATE [, KEYWORDS])",
    category = "traffic shaping",
    ports = "one push input, one or two push outputs",
    description = """
        Sends up to RATE packets per second out of output 0 and the rest out of output 1 (dropped when there is no
        output 1). Unlike a meter, output 0 keeps getting RATE packets per second however fast the input is. The
        rate is enforced with a token bucket (Click's integer arithmetic, millisecond ticks) that starts full and
        holds RATE x 20 ms of tokens, at least one, unless BURST_DURATION or BURST_SIZE says otherwise.""",
    keywords = {
        "RATE: unsigned integer. Packets per second for output 0.",
        "BURST_DURATION: time. The bucket holds RATE x BURST_DURATION tokens.",
        "BURST_SIZE: unsigned integer. The bucket holds this many tokens."},
    handlers = {"rate (read/write): RATE"},
    example = "... -> rs :: RatedSplitter(2000) -> sampled;  rs[1] -> rest;",
    seeAlso = {"BandwidthRatedSplitter", "RatedUnqueue", "Meter"})
public final class RatedSplitter extends SplitterBase
{
    @Override
    boolean bandwidth()
    {
        return false;
    }

    @Override
    ArgParser<Long> rateParser()
    {
        return PacketRateArg.packetsPerSecond();
    }

    @Override
    String formatRate(final long rate)
    {
        return Long.toString(rate);
    }
}
