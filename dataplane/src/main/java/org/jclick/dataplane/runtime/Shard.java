package org.jclick.dataplane.runtime;

import org.jclick.dataplane.packet.Packet;

/**
 * Which share of the flows a router replica handles: replica {@code index} of {@code count}, as one receive queue of a
 * NIC with RSS. Packet sources that support sharding (FromDump) let in only the packets whose {@link FlowHash} falls
 * in this shard, and count the others. Set on the router with {@link Router#setShard(Shard)} before it initializes.
 * Immutable; {@link #owns(Packet)} allocates nothing.
 */
public final class Shard
{
    private final int index;
    private final int count;

    private Shard(final int index, final int count)
    {
        this.index = index;
        this.count = count;
    }

    /** Shard {@code index} of {@code count}; {@code 0 <= index < count}. */
    public static Shard of(final int index, final int count)
    {
        if (count < 1 || index < 0 || index >= count)
        {
            throw new IllegalArgumentException("shard " + index + " of " + count);
        }
        return new Shard(index, count);
    }

    public int index()
    {
        return index;
    }

    public int count()
    {
        return count;
    }

    /** Whether {@code p} (with its network header annotation set when it is IPv4) belongs to this shard. */
    public boolean owns(final Packet p)
    {
        return FlowHash.shardOf(FlowHash.of(p), count) == index;
    }

    @Override
    public String toString()
    {
        return "shard " + index + " of " + count;
    }
}
