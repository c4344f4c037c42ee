package org.jclick.elements.queues;

import org.jclick.dataplane.element.ElementDoc;

/** Click's QuickNoteQueue. */
@ElementDoc(
    synopsis = "QuickNoteQueue([CAPACITY])",
    category = "storage",
    ports = "one push input, one pull output",
    description = """
        A first-in first-out packet queue with an empty notifier and a nonfull notifier, like Queue, except that
        its empty notifier goes inactive as soon as the queue empties (Queue and NotifierQueue wait until several
        pulls in a row found nothing, so that a queue hovering around empty does not make its puller sleep and
        wake all the time). Tasks pulling from it sleep at once, and wake when a packet arrives.""",
    keywords = {"CAPACITY: unsigned integer. The most packets the queue holds; default 1000. A packet that arrives "
        + "when the queue is full is dropped (and counted)."},
    handlers = {
        "length (read): packets currently queued",
        "highwater_length (read): the most packets queued at once since the last reset_counts",
        "drops (read): packets dropped because the queue was full",
        "capacity (read/write): CAPACITY",
        "reset_counts (write): zeroes drops and sets highwater_length to the current length",
        "reset (write): throws away every queued packet"},
    example = "src -> q :: QuickNoteQueue(100) -> Unqueue -> dst;",
    seeAlso = {"Queue", "NotifierQueue", "FullNoteQueue"})
public final class QuickNoteQueue extends QueueCore
{
    public QuickNoteQueue()
    {
        super(true, true);
    }

    @Override
    boolean quickEmptyNote()
    {
        return true;
    }
}
