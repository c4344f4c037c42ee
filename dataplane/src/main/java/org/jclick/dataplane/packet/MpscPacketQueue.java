package org.jclick.dataplane.packet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A bounded lock-free queue of packets with many producers and one consumer (the algorithm of JCTools'
 * {@code MpscArrayQueue}): producers claim a slot by CAS on the producer index and publish the element with a
 * release store; the consumer reads a slot with an acquire load, clears it and advances the consumer index with
 * a release store. Power-of-two capacity; allocation-free.
 */
final class MpscPacketQueue
{
    private static final VarHandle PRODUCER_INDEX;
    private static final VarHandle CONSUMER_INDEX;
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Packet[].class);

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            PRODUCER_INDEX = lookup.findVarHandle(MpscPacketQueue.class, "producerIndex", long.class);
            CONSUMER_INDEX = lookup.findVarHandle(MpscPacketQueue.class, "consumerIndex", long.class);
        }
        catch (final ReflectiveOperationException e)
        {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Packet[] slots;
    private final int mask;
    // Not padded against false sharing: a simple version for packets returned now and then. A busy
    // cross-thread path should use class-hierarchy padding (as JCTools and Agrona do).
    private volatile long producerIndex;
    private volatile long consumerIndex;

    MpscPacketQueue(final int capacity)
    {
        if (Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        slots = new Packet[capacity];
        mask = capacity - 1;
    }

    int capacity()
    {
        return mask + 1;
    }

    /** Any thread: false when full. */
    boolean offer(final Packet packet)
    {
        final long capacity = mask + 1;
        long index;
        do
        {
            index = (long)PRODUCER_INDEX.getVolatile(this);
            if (index - (long)CONSUMER_INDEX.getAcquire(this) >= capacity)
            {
                return false;
            }
        }
        while (!PRODUCER_INDEX.compareAndSet(this, index, index + 1));
        SLOTS.setRelease(slots, (int)(index & mask), packet);
        return true;
    }

    /** The consumer thread only: the oldest packet, or null when empty. */
    Packet poll()
    {
        final long index = (long)CONSUMER_INDEX.getOpaque(this);
        final int slot = (int)(index & mask);
        Packet packet = (Packet)SLOTS.getAcquire(slots, slot);
        if (packet == null)
        {
            if (index == (long)PRODUCER_INDEX.getVolatile(this))
            {
                return null;
            }
            do // a producer claimed the slot and is about to publish it
            {
                Thread.onSpinWait();
                packet = (Packet)SLOTS.getAcquire(slots, slot);
            }
            while (packet == null);
        }
        SLOTS.setOpaque(slots, slot, (Packet)null);
        CONSUMER_INDEX.setRelease(this, index + 1);
        return packet;
    }
}
