package org.jclick.elements.queues;

import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketBatch;

/** Click's ThreadSafeQueue. */
@ElementDoc(
    synopsis = "ThreadSafeQueue([CAPACITY])",
    category = "storage",
    ports = "one push input, one pull output",
    description = """
        A Queue (with empty and nonfull notifiers) that any number of threads may push to and pull from at
        once: every queue operation holds the element's lock.""",
    keywords = {"CAPACITY: unsigned integer. The most packets the queue holds; default 1000."},
    handlers = {
        "length (read): packets currently queued",
        "highwater_length (read): the most packets queued at once since the last reset_counts",
        "drops (read): packets dropped because the queue was full",
        "capacity (read/write): CAPACITY, changed live",
        "reset_counts (write): zeroes drops and highwater_length",
        "reset (write): throws away every queued packet"},
    example = "a :: FromDevice(eth0) -> q :: ThreadSafeQueue; b :: FromDevice(eth1) -> q; q -> ToDevice(eth2);",
    seeAlso = {"Queue", "FullNoteQueue"})
public final class ThreadSafeQueue extends QueueCore
{
    public ThreadSafeQueue()
    {
        super(true, true);
    }

    @Override
    public synchronized void push(final int port, final Packet p)
    {
        super.push(port, p);
    }

    @Override
    public synchronized void pushBatch(final int port, final PacketBatch batch)
    {
        super.pushBatch(port, batch);
    }

    @Override
    public synchronized Packet pull(final int port)
    {
        return super.pull(port);
    }

    @Override
    public synchronized int pullBatch(final int port, final PacketBatch batch, final int max)
    {
        return super.pullBatch(port, batch, max);
    }

    @Override
    synchronized void resetQueue()
    {
        super.resetQueue();
    }

    @Override
    public synchronized int liveReconfigure(final java.util.List<String> conf,
        final org.jclick.dataplane.element.ErrorHandler errh)
    {
        return super.liveReconfigure(conf, errh);
    }
}
