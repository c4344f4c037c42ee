package org.jclick.elements.standard;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.packet.Packet;

/** Builds the shared packet a source clones (setup time). */
final class PacketTemplate
{
    private PacketTemplate()
    {
    }

    /** A packet of {@code size} bytes (or DATA's length when negative) filled with repeats of {@code data}. */
    static Packet make(final Element e, final byte[] data, final int size)
    {
        final int len = size >= 0 ? size : data.length;
        final Packet p = e.router().allocatorFor(e).make(len);
        if (p == null)
        {
            return null;
        }
        if (data.length == 0)
        {
            for (int i = 0; i < len; i++)
            {
                p.setU8(i, 0);
            }
            return p;
        }
        for (int i = 0; i < len; i += data.length)
        {
            p.copyFrom(i, data, 0, Math.min(data.length, len - i));
        }
        return p;
    }
}
