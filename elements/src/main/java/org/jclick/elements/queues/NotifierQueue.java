package org.jclick.elements.queues;

import org.jclick.dataplane.element.ElementDoc;

/** Click's NotifierQueue. */
@ElementDoc(
    synopsis = "NotifierQueue([CAPACITY])",
    category = "storage",
    ports = "one push input, one pull output",
    description = """
        A first-in first-out packet queue (as SimpleQueue) that also offers an empty notifier: a task pulling through it (Unqueue, ToDevice) goes to sleep while the queue is empty and is woken when a packet arrives.""",
    keywords = {"CAPACITY: unsigned integer. The most packets the queue holds; default 1000. A packet that arrives "
        + "when the queue is full is dropped (and counted)."},
    handlers = {
        "length (read): packets currently queued",
        "highwater_length (read): the most packets queued at once since the last reset_counts",
        "drops (read): packets dropped because the queue was full",
        "capacity (read/write): CAPACITY; a write takes effect at once (shrinking drops the newest packets)",
        "reset_counts (write): zeroes drops and sets highwater_length to the current length",
        "reset (write): throws away every queued packet"},
    example = "FromDevice(eth0) -> q :: NotifierQueue(500) -> ToDevice(eth1);",
    seeAlso = {"Queue", "SimpleQueue", "FullNoteQueue"})
public final class NotifierQueue extends QueueCore
{
    public NotifierQueue()
    {
        super(true, false);
    }
}
