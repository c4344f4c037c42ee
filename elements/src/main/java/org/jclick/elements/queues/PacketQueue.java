package org.jclick.elements.queues;

import java.util.List;
import java.util.function.Predicate;

import org.jclick.dataplane.packet.Packet;

/**
 * The storage operations of the queue elements, for other elements and tools that manage a queue's contents
 * directly (Click's {@code SimpleQueue} interface: {@code enq}, {@code deq}, {@code yank1}, {@code yank}). They keep
 * the queue's notifiers right. Not for the packet path of other elements: {@link #yank} allocates.
 */
public interface PacketQueue
{
    /** Packets queued now. */
    int size();

    /** The most packets the queue holds. */
    int capacity();

    /** Adds {@code p} at the tail; returns false (and leaves {@code p} to the caller) when the queue is full. */
    boolean enqueue(Packet p);

    /** Removes and returns the head packet, or null when empty. */
    Packet dequeue();

    /** Removes and returns the packet nearest the head that {@code filter} accepts (null if none); keeps the order. */
    Packet yank1(Predicate<Packet> filter);

    /**
     * Removes every packet {@code filter} accepts and appends them to {@code out}, nearest the tail first (Click's
     * order); the others keep their order. Returns how many were removed.
     */
    int yank(Predicate<Packet> filter, List<Packet> out);
}
