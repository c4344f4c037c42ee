package org.jclick.dataplane.packet;

/**
 * Chooses an output for a packet, for {@link PacketBatch#split}. Implementations used on the hot path are
 * elements or non-capturing lambdas, so that no object is made per call.
 */
@FunctionalInterface
public interface PacketClassifier
{
    /** The output port for {@code packet}, or a negative number to drop it. */
    int classify(Packet packet);
}
