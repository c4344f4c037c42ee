package org.jclick.dataplane.packet;

import java.util.Objects;

/**
 * A reusable batch of up to {@link #capacity()} packets (a power of two, at most {@link #MAX_CAPACITY}), in
 * arrival order: FastClick's {@code PacketBatch}, held in an array rather than linked through the packets. A
 * batch allocates nothing after construction; it does not own its packets: {@link #clear()} forgets them,
 * {@link #killAll()} kills them.
 */
public final class PacketBatch
{
    /** Largest batch. */
    public static final int MAX_CAPACITY = 256;

    private final Packet[] packets;
    private int size;

    public PacketBatch(final int capacity)
    {
        if (Integer.bitCount(capacity) != 1 || capacity > MAX_CAPACITY)
        {
            throw new IllegalArgumentException("capacity must be a power of two <= " + MAX_CAPACITY + ": " + capacity);
        }
        packets = new Packet[capacity];
    }

    public int capacity()
    {
        return packets.length;
    }

    public int size()
    {
        return size;
    }

    public boolean isEmpty()
    {
        return size == 0;
    }

    public boolean isFull()
    {
        return size == packets.length;
    }

    /** The packet at {@code index} ({@code < size()}). */
    public Packet get(final int index)
    {
        return packets[Objects.checkIndex(index, size)];
    }

    /** Replaces the packet at {@code index} ({@code < size()}), e.g. after an operation returned null. */
    public void set(final int index, final Packet packet)
    {
        packets[Objects.checkIndex(index, size)] = packet;
    }

    /** Appends {@code packet}; false (and the batch unchanged) when full. */
    public boolean add(final Packet packet)
    {
        if (size == packets.length)
        {
            return false;
        }
        packets[size++] = packet;
        return true;
    }

    /** Keeps the first {@code newSize} packets and forgets the rest (does not kill them). */
    public void truncate(final int newSize)
    {
        if (newSize < 0 || newSize > size)
        {
            throw new IndexOutOfBoundsException("truncate to " + newSize + " of " + size);
        }
        for (int i = newSize; i < size; i++)
        {
            packets[i] = null;
        }
        size = newSize;
    }

    /** Forgets all packets (does not kill them). */
    public void clear()
    {
        size = 0;
    }

    /** Kills every packet and empties the batch. */
    public void killAll()
    {
        final Packet[] packets = this.packets;
        for (int i = 0, n = size; i < n; i++)
        {
            packets[i].kill(); // the slot is left as it is: past size, nothing reads it, and pooled packets never die
        }
        size = 0;
    }

    /**
     * Moves every packet to {@code outputs[classifier.classify(packet)]}, keeping order within each output, and
     * empties this batch (a classifier's or switch's push). A packet whose port is negative or has no batch,
     * or whose output is full, is killed. Returns the number of packets killed.
     */
    public int split(final PacketClassifier classifier, final PacketBatch[] outputs)
    {
        final Packet[] packets = this.packets;
        final int outputCount = outputs.length;
        int dropped = 0;
        for (int i = 0, n = size; i < n; i++)
        {
            final Packet packet = packets[i];
            packets[i] = null;
            final int port = classifier.classify(packet);
            if (port < 0 || port >= outputCount || outputs[port] == null || !outputs[port].add(packet))
            {
                packet.kill();
                dropped++;
            }
        }
        size = 0;
        return dropped;
    }

    /**
     * Keeps the packets that pass {@code predicate}, in order, and moves the others to {@code rejected} (or kills
     * them if {@code rejected} is null or full). Returns the number of packets kept.
     */
    public int filter(final PacketPredicate predicate, final PacketBatch rejected)
    {
        final Packet[] packets = this.packets;
        int kept = 0;
        for (int i = 0, n = size; i < n; i++)
        {
            final Packet packet = packets[i];
            packets[i] = null;
            if (predicate.test(packet))
            {
                packets[kept++] = packet;
            }
            else if (rejected == null || !rejected.add(packet))
            {
                packet.kill();
            }
        }
        size = kept;
        return kept;
    }
}
