package org.jclick.elements.ethernet;

import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketType;

/** Click's DropBroadcasts. */
@ElementDoc(
    synopsis = "DropBroadcasts()",
    category = "ethernet",
    ports = "one agnostic input, one agnostic output",
    description = """
        Drops packets whose packet type annotation says they arrived as link-level broadcast or multicast (as
        set by FromDevice or HostEtherFilter), and passes the rest. A router puts it before forwarding, so that
        broadcasts are not forwarded.""",
    handlers = {"drops (read): packets dropped"},
    example = "FromDevice(eth0) -> HostEtherFilter(...) -> DropBroadcasts -> ...",
    seeAlso = {"HostEtherFilter"})
public final class DropBroadcasts extends SimpleElement
{
    private long drops;

    @Override
    public Packet simpleAction(final Packet p)
    {
        final int t = p.packetType();
        if (t == PacketType.BROADCAST || t == PacketType.MULTICAST)
        {
            drops++;
            p.kill();
            return null;
        }
        return p;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("drops", () -> Long.toString(drops));
    }
}
