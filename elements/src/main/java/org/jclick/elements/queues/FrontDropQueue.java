package org.jclick.elements.queues;

import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketBatch;

/** Click's FrontDropQueue. */
@ElementDoc(
    synopsis = "FrontDropQueue([CAPACITY])",
    category = "storage",
    ports = "one push input, one pull output",
    description = """
        A first-in first-out queue that, when full, makes room for an arriving packet by dropping the packet at
        its head (the oldest) rather than the arriving one. It has an empty notifier, like NotifierQueue.""",
    keywords = {"CAPACITY: unsigned integer. The most packets the queue holds; default 1000."},
    handlers = {
        "length (read): packets currently queued",
        "highwater_length (read): the most packets queued at once since the last reset_counts",
        "drops (read): packets dropped",
        "capacity (read/write): CAPACITY, changed live",
        "reset_counts (write): zeroes drops and highwater_length",
        "reset (write): throws away every queued packet"},
    example = "src -> FrontDropQueue(100) -> Unqueue -> out;",
    seeAlso = {"Queue", "NotifierQueue", "MixedQueue"})
public final class FrontDropQueue extends QueueCore
{
    public FrontDropQueue()
    {
        super(true, false);
    }

    @Override
    public void push(final int port, final Packet p)
    {
        if (capacity <= 0)
        {
            overflow(p);
            return;
        }
        if (tail - head >= capacity)
        {
            final int slot = head & mask;
            overflow(ring[slot]);
            ring[slot] = null;
            head++;
        }
        final int was = tail - head;
        ring[tail & mask] = p;
        tail++;
        afterEnqueue(was);
    }

    @Override
    public void pushBatch(final int port, final PacketBatch batch)
    {
        for (int i = 0, n = batch.size(); i < n; i++)
        {
            push(port, batch.get(i));
        }
        batch.clear();
    }
}
