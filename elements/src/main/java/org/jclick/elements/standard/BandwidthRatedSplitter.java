package org.jclick.elements.standard;

import org.jclick.dataplane.args.ArgParser;
import org.jclick.dataplane.args.BandwidthArg;
import org.jclick.dataplane.element.ElementDoc;

/** Click's BandwidthRatedSplitter. */
@ElementDoc(
    synopsis = "BandwidthRatedSplitter(RATE [, KEYWORDS])",
    category = "traffic shaping",
    ports = "one push input, one or two push outputs",
    description = """
        Sends up to RATE (a bandwidth such as 384kbps) out of output 0 and the rest out of output 1 (dropped
        when there is no output 1). A token bucket of bytes decides; it starts full and holds RATE x 20 ms of
        bytes unless BURST_DURATION or BURST_BYTES says otherwise (plus, as in Click, 131072 bytes of slack so
        that a packet is passed whenever the bucket is not in debt).""",
    keywords = {
        "RATE: bandwidth. Rate for output 0.",
        "BURST_DURATION: time. The bucket holds RATE x BURST_DURATION bytes.",
        "BURST_BYTES: unsigned integer. The bucket holds this many bytes."},
    handlers = {"rate (read/write): RATE"},
    example = "... -> s :: BandwidthRatedSplitter(1Mbps) -> ...;  s[1] -> Discard;",
    seeAlso = {"RatedSplitter", "BandwidthRatedUnqueue", "BandwidthMeter"})
public final class BandwidthRatedSplitter extends SplitterBase
{
    @Override
    boolean bandwidth()
    {
        return true;
    }

    @Override
    ArgParser<Long> rateParser()
    {
        return BandwidthArg.INSTANCE;
    }

    @Override
    String formatRate(final long rate)
    {
        return ClickFormat.bandwidth(rate);
    }
}
