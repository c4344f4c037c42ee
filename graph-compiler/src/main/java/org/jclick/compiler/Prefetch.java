package org.jclick.compiler;

import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketBatch;

/**
 * Software prefetch for a batch, in plain Java: before a batch enters compiled code, one tight loop reads the first
 * data byte of every packet. The loads are independent, so the processor overlaps their cache and TLB misses
 * (dozens in flight) instead of meeting them one packet at a time deep inside the element code, where each miss
 * waits alone. The sum is stored so that the JIT cannot drop the loads.
 */
public final class Prefetch
{
    /** Written once per batch; never read on the packet path. */
    public static int sink;

    private Prefetch()
    {
    }

    /** Touches the first data byte of every packet of {@code batch}. */
    public static void touch(final PacketBatch batch)
    {
        int acc = 0;
        for (int i = 0, n = batch.size(); i < n; i++)
        {
            final Packet p = batch.get(i);
            if (p.length() > 0)
            {
                acc += p.u8(0);
            }
        }
        sink = acc;
    }
}
