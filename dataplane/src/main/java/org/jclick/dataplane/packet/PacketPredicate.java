package org.jclick.dataplane.packet;

/** A test on a packet, for {@link PacketBatch#filter}. */
@FunctionalInterface
public interface PacketPredicate
{
    boolean test(Packet packet);
}
