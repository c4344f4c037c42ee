package org.jclick.elements.queues;

import org.jclick.dataplane.element.ElementDoc;

/** Click's BandwidthShaper. */
@ElementDoc(
    synopsis = "BandwidthShaper(RATE)",
    category = "shaping",
    ports = "one pull input, one or two pull outputs",
    description = """
        A pull element that lets through at most RATE bytes per second (a packet may pass whenever some credit is left; its length is then charged). A pull on output 0 gets a packet from the input only if the rate
        allows it at that moment; otherwise it gets nothing. It shapes only as well as its pulls are spread: sparse
        pulls give sparse packets. A pull on the optional output 1 gets a packet from the input exactly when
        output 0 would not (unshaped), which is useful for sampling.""",
    keywords = {"RATE: bandwidth. Bytes per second (units such as 10Mbps accepted)."},
    handlers = {"rate (read/write): RATE", "reset (write): forgets the history, so the next packet may pass"},
    example = "Queue -> BandwidthShaper(1000) -> ToDevice(eth0);",
    seeAlso = {"Shaper", "BandwidthShaper", "RatedUnqueue", "BandwidthRatedUnqueue"})
public final class BandwidthShaper extends ShaperCore
{
    public BandwidthShaper()
    {
        super(true);
    }
}
