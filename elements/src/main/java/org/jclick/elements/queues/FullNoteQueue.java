package org.jclick.elements.queues;

import org.jclick.dataplane.element.ElementDoc;

/** Click's FullNoteQueue. */
@ElementDoc(
    synopsis = "FullNoteQueue([CAPACITY])",
    category = "storage",
    ports = "one push input, one pull output",
    description = """
        A first-in first-out packet queue with two notifiers: an empty notifier, which lets pulling tasks downstream sleep while the queue is empty, and a nonfull notifier, which lets pushing tasks upstream (InfiniteSource, for one) sleep while the queue is full. This is the implementation of Queue.""",
    keywords = {"CAPACITY: unsigned integer. The most packets the queue holds; default 1000. A packet that arrives "
        + "when the queue is full is dropped (and counted)."},
    handlers = {
        "length (read): packets currently queued",
        "highwater_length (read): the most packets queued at once since the last reset_counts",
        "drops (read): packets dropped because the queue was full",
        "capacity (read/write): CAPACITY; a write takes effect at once (shrinking drops the newest packets)",
        "reset_counts (write): zeroes drops and sets highwater_length to the current length",
        "reset (write): throws away every queued packet"},
    example = "FromDevice(eth0) -> q :: FullNoteQueue(500) -> ToDevice(eth1);",
    seeAlso = {"Queue", "SimpleQueue", "NotifierQueue"})
public final class FullNoteQueue extends QueueCore
{
    public FullNoteQueue()
    {
        super(true, true);
    }
}
