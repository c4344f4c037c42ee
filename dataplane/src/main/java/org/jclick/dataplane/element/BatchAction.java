package org.jclick.dataplane.element;

import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketBatch;

/**
 * The push-path work of an element that forwards what it keeps to output 0, separated from the forwarding itself,
 * so that the graph compiler can call the work directly and forward with a direct call of its own. An element
 * implementing it promises that, on a push input {@code port}:
 *
 * <ul>
 * <li>{@code pushBatch(port, batch)} does exactly {@code batchAction(port, batch)} and then, if the batch is not
 * empty, {@code output(0).pushBatch(batch)};</li>
 * <li>{@code push(port, p)} does exactly {@code q = action(port, p)} and then, if {@code q} is not null,
 * {@code output(0).push(q)}.</li>
 * </ul>
 *
 * Packets the element does not keep for output 0 it kills or pushes elsewhere itself (through its ports). Both
 * methods are packet-path code: no allocation, no exceptions.
 */
public interface BatchAction
{
    /**
     * Does the element's work on every packet of {@code batch}, arrived on push input {@code port}, and leaves in
     * {@code batch}, in order, the packets to push to output 0.
     */
    void batchAction(int port, PacketBatch batch);

    /** The same for one packet: the packet to push to output 0 (possibly another one), or null. */
    Packet action(int port, Packet p);
}
