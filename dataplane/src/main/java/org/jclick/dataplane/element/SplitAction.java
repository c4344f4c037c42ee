package org.jclick.dataplane.element;

import org.jclick.dataplane.packet.PacketBatch;

/**
 * The push-path work of an element that sends each packet to one of its outputs (a rewriter, a switch), separated
 * from the forwarding: the element sorts a batch into one batch per output, and whoever called it pushes those on
 * (the element's own {@code pushBatch}, or the graph compiler's code with direct calls). An element implementing
 * it promises that {@code pushBatch(port, batch)} does exactly {@code splitAction(port, batch, outs)} and then
 * pushes every non-empty {@code outs[o]} to output {@code o}, in output order.
 *
 * <p>Packet-path code: no allocation, no exceptions.
 */
public interface SplitAction
{
    /**
     * Does the element's work on every packet of {@code batch}, arrived on push input {@code port}, appending each
     * packet it forwards to {@code outputs[o]} (in order) for its output {@code o}, and killing (and counting) the
     * others. {@code outputs} has one batch per output, each with room for {@code batch.size()} more packets. The
     * batch is left empty.
     */
    void splitAction(int port, PacketBatch batch, PacketBatch[] outputs);
}
