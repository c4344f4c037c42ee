package org.jclick.elements.queues;

import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketBatch;

/** Click's MixedQueue. */
@ElementDoc(
    synopsis = "MixedQueue([CAPACITY])",
    category = "storage",
    ports = "two push inputs, one pull output",
    description = """
        A queue that is first-in first-out for packets arriving on input 0 and last-in first-out for packets
        arriving on input 1. Input 0 packets join the tail, and are dropped when the queue is full. Input 1
        packets go to the head, so they are the next to leave; when the queue is full the tail packet is dropped
        to make room. It has an empty notifier, like NotifierQueue.""",
    keywords = {"CAPACITY: unsigned integer. The most packets the queue holds; default 1000."},
    handlers = {
        "length (read): packets currently queued",
        "highwater_length (read): the most packets queued at once since the last reset_counts",
        "drops (read): packets dropped",
        "capacity (read/write): CAPACITY, changed live",
        "reset_counts (write): zeroes drops and highwater_length",
        "reset (write): throws away every queued packet"},
    example = "fifo -> [0] m :: MixedQueue; urgent -> [1] m; m -> Unqueue -> out;",
    seeAlso = {"Queue", "NotifierQueue", "FrontDropQueue"})
public final class MixedQueue extends QueueCore
{
    public MixedQueue()
    {
        super(true, false);
    }

    @Override
    public String portCount()
    {
        return "2/1";
    }

    @Override
    public void push(final int port, final Packet p)
    {
        if (port == 0)
        {
            super.push(port, p);
            return;
        }
        final int s = tail - head;
        if (capacity <= 0)
        {
            overflow(p);
            return;
        }
        if (s >= capacity)
        {
            // make room by dropping the newest packet
            tail--;
            final int slot = tail & mask;
            overflow(ring[slot]);
            ring[slot] = null;
        }
        final int was = tail - head;
        head--;
        ring[head & mask] = p;
        afterEnqueue(was);
    }

    @Override
    public void pushBatch(final int port, final PacketBatch batch)
    {
        if (port == 0)
        {
            super.pushBatch(port, batch);
            return;
        }
        for (int i = 0, n = batch.size(); i < n; i++)
        {
            push(port, batch.get(i));
        }
        batch.clear();
    }
}
