package org.jclick.elements.queues;

import org.jclick.dataplane.element.ElementDoc;

/** Click's RatedUnqueue. */
@ElementDoc(
    synopsis = "RatedUnqueue(RATE, [KEYWORDS])",
    category = "scheduling",
    ports = "one pull input, one push output",
    description = """
        A pull-to-push converter limited to RATE packets per second by a token bucket. The bucket starts full and
        holds 20 milliseconds' worth of tokens (at least one) unless BURST_DURATION or BURST_SIZE says otherwise;
        each packet takes one token. While the bucket is short the task waits on a timer; while the input is empty
        it sleeps on the upstream empty signal.""",
    keywords = {
        "RATE: unsigned integer. Fill rate of the bucket, packets per second.",
        "BURST_DURATION: time. Bucket capacity is RATE times this duration.",
        "BURST_SIZE: unsigned integer. Bucket capacity in packets.",
        "ACTIVE: boolean. When false, pulls nothing; default true."},
    handlers = {
        "rate (read/write): RATE; a write refills the bucket",
        "active (read/write): ACTIVE",
        "count (read): packets sent",
        "scheduled, tickets, home_thread: the task handlers"},
    example = "src -> Queue -> RatedUnqueue(1000) -> ToDevice(eth0);",
    seeAlso = {"Unqueue", "BandwidthRatedUnqueue", "Shaper"})
public final class RatedUnqueue extends RatedUnqueueCore
{
    public RatedUnqueue()
    {
        super(false);
    }
}
