package org.jclick.elements.standard;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jclick.dataplane.args.StringArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketType;

/** Click's SetPacketType. */
@ElementDoc(
    synopsis = "SetPacketType(TYPE)",
    category = "annotations",
    ports = "one agnostic input, one agnostic output",
    description = """
        Sets each packet's packet type annotation to TYPE: HOST, BROADCAST, MULTICAST, OTHERHOST, OUTGOING,
        LOOPBACK or FASTROUTE (case does not matter). HostEtherFilter and DropBroadcasts read it.""",
    keywords = {"TYPE: the packet type."},
    handlers = {"type (read/write): the type set"},
    example = "... -> SetPacketType(HOST) -> ...",
    seeAlso = {"HostEtherFilter", "DropBroadcasts"})
public final class SetPacketType extends SimpleElement
{
    private static final Map<String, Integer> TYPES = Map.of("HOST", PacketType.HOST, "BROADCAST",
        PacketType.BROADCAST, "MULTICAST", PacketType.MULTICAST, "OTHERHOST", PacketType.OTHERHOST, "OUTGOING",
        PacketType.OUTGOING, "LOOPBACK", PacketType.LOOPBACK, "FASTROUTE", PacketType.FASTROUTE);

    private int type;

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final String[] t = {null};
        if (complete(args(conf).readMandatoryPositional("TYPE", StringArg.ANY, v -> t[0] = v), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        return set(t[0], errh);
    }

    private int set(final String name, final ErrorHandler errh)
    {
        final Integer v = TYPES.get(name.strip().toUpperCase(Locale.ROOT));
        if (v == null)
        {
            return errh.error("TYPE: bad packet type '" + name.strip() + "'");
        }
        type = v;
        return 0;
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        p.setPacketType(type);
        return p;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("type", () ->
        {
            for (final Map.Entry<String, Integer> e : TYPES.entrySet())
            {
                if (e.getValue() == type)
                {
                    return e.getKey();
                }
            }
            return Integer.toString(type);
        });
        addWriteHandler("type", (v, errh) -> set(v, errh));
    }
}
