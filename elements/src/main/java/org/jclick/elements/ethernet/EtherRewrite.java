package org.jclick.elements.ethernet;

import java.util.List;

import org.jclick.dataplane.args.EtherAddressArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.packet.Packet;

/** Click's EtherRewrite. */
@ElementDoc(
    synopsis = "EtherRewrite(SRC, DST)",
    category = "ethernet",
    ports = "one agnostic input, one agnostic output",
    description = """
        Overwrites the source and destination addresses of the Ethernet header at the start of each packet with
        SRC and DST, leaving the type alone. Packets shorter than an Ethernet header are dropped and counted.""",
    keywords = {"SRC: Ethernet address.", "DST: Ethernet address."},
    handlers = {
        "src (read/write): the source address",
        "dst (read/write): the destination address",
        "drops (read): packets too short"},
    example = "FromDevice(eth0) -> EtherRewrite(00:0a:95:9d:68:16, 00:0a:95:9d:68:17) -> ToDevice(eth1);",
    seeAlso = {"EtherEncap", "StoreEtherAddress", "EtherMirror"})
public final class EtherRewrite extends SimpleElement
{
    private long src;
    private long dst;
    private long drops;

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final long[] v = {0, 0};
        if (complete(args(conf)
            .readMandatoryPositional("SRC", EtherAddressArg.INSTANCE, x -> v[0] = x.value())
            .readMandatoryPositional("DST", EtherAddressArg.INSTANCE, x -> v[1] = x.value()), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        src = v[0];
        dst = v[1];
        return 0;
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        if (p.length() < Ether.HEADER_LENGTH_BYTES)
        {
            drops++;
            p.kill();
            return null;
        }
        final Packet q = p.uniqueify();
        if (q == null)
        {
            return null;
        }
        Ether.put(q, Ether.DST_OFFSET, dst);
        Ether.put(q, Ether.SRC_OFFSET, src);
        return q;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("src", () -> Ether.unparse(src));
        addWriteHandler("src", (value, errh) ->
        {
            final long a = Ether.parse(this, value, "src", errh);
            if (a < 0)
            {
                return ErrorHandler.FAILURE;
            }
            src = a;
            return 0;
        });
        addReadHandler("dst", () -> Ether.unparse(dst));
        addWriteHandler("dst", (value, errh) ->
        {
            final long a = Ether.parse(this, value, "dst", errh);
            if (a < 0)
            {
                return ErrorHandler.FAILURE;
            }
            dst = a;
            return 0;
        });
        addReadHandler("drops", () -> Long.toString(drops));
    }
}
