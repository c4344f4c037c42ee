package org.jclick.elements.queues;

import org.jclick.dataplane.element.ElementDoc;

/** Click's Queue. */
@ElementDoc(
    synopsis = "Queue([CAPACITY])",
    category = "storage",
    ports = "one push input, one pull output",
    description = """
        A first-in first-out packet queue between a push path and a pull path (Click's FullNoteQueue). Pushed packets join the tail and are dropped when the queue is full; pulls take the head. Its empty notifier puts pulling tasks downstream to sleep while it is empty, and its nonfull notifier puts pushing tasks upstream to sleep while it is full.""",
    keywords = {"CAPACITY: unsigned integer. The most packets the queue holds; default 1000. A packet that arrives "
        + "when the queue is full is dropped (and counted)."},
    handlers = {
        "length (read): packets currently queued",
        "highwater_length (read): the most packets queued at once since the last reset_counts",
        "drops (read): packets dropped because the queue was full",
        "capacity (read/write): CAPACITY; a write takes effect at once (shrinking drops the newest packets)",
        "reset_counts (write): zeroes drops and sets highwater_length to the current length",
        "reset (write): throws away every queued packet"},
    example = "FromDevice(eth0) -> q :: Queue(500) -> ToDevice(eth1);",
    seeAlso = {"SimpleQueue", "NotifierQueue", "FullNoteQueue", "ThreadSafeQueue", "MixedQueue", "FrontDropQueue"})
public final class Queue extends QueueCore
{
    public Queue()
    {
        super(true, true);
    }
}
