package org.jclick.elements.queues;

import org.jclick.dataplane.element.ElementDoc;

/** Click's SimpleQueue. */
@ElementDoc(
    synopsis = "SimpleQueue([CAPACITY])",
    category = "storage",
    ports = "one push input, one pull output",
    description = """
        A first-in first-out packet queue between a push path and a pull path. Pushed packets join the tail; each pull takes the head packet, or gives nothing when the queue is empty. SimpleQueue has no notifiers, so downstream tasks that pull from it keep polling; Queue is usually the better choice.""",
    keywords = {"CAPACITY: unsigned integer. The most packets the queue holds; default 1000. A packet that arrives "
        + "when the queue is full is dropped (and counted)."},
    handlers = {
        "length (read): packets currently queued",
        "highwater_length (read): the most packets queued at once since the last reset_counts",
        "drops (read): packets dropped because the queue was full",
        "capacity (read/write): CAPACITY; a write takes effect at once (shrinking drops the newest packets)",
        "reset_counts (write): zeroes drops and sets highwater_length to the current length",
        "reset (write): throws away every queued packet"},
    example = "FromDevice(eth0) -> q :: SimpleQueue(500) -> ToDevice(eth1);",
    seeAlso = {"Queue", "NotifierQueue", "FullNoteQueue"})
public final class SimpleQueue extends QueueCore
{
    public SimpleQueue()
    {
        super(false, false);
    }
}
