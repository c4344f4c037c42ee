package org.jclick.elements.queues;

import org.jclick.dataplane.element.ElementDoc;

/** Click's BandwidthRatedUnqueue. */
@ElementDoc(
    synopsis = "BandwidthRatedUnqueue(RATE, [KEYWORDS])",
    category = "scheduling",
    ports = "one pull input, one push output",
    description = """
        A pull-to-push converter limited to RATE (a bandwidth, such as 10Mbps or 2000Bps) by a token bucket of
        bytes. The bucket starts full and holds 20 milliseconds' worth of bytes unless BURST_DURATION or
        BURST_BYTES says otherwise. A packet may leave whenever the bucket has any credit; its length is then
        taken from the bucket, which may go into debt.""",
    keywords = {
        "RATE: bandwidth. Fill rate of the bucket.",
        "BURST_DURATION: time. Bucket capacity is RATE times this duration.",
        "BURST_BYTES: unsigned integer. Bucket capacity in bytes.",
        "ACTIVE: boolean. When false, pulls nothing; default true."},
    handlers = {
        "rate (read/write): RATE in bytes per second; a write refills the bucket",
        "active (read/write): ACTIVE",
        "count (read): packets sent",
        "scheduled, tickets, home_thread: the task handlers"},
    example = "src -> Queue -> BandwidthRatedUnqueue(10Mbps) -> ToDevice(eth0);",
    seeAlso = {"Unqueue", "RatedUnqueue", "BandwidthShaper"})
public final class BandwidthRatedUnqueue extends RatedUnqueueCore
{
    public BandwidthRatedUnqueue()
    {
        super(true);
    }
}
