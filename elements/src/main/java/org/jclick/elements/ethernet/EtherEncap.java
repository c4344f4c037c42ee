package org.jclick.elements.ethernet;

import java.util.List;

import org.jclick.dataplane.args.ArgException;
import org.jclick.dataplane.args.EtherAddressArg;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.packet.Packet;

/** Click's EtherEncap. */
@ElementDoc(
    synopsis = "EtherEncap(ETHERTYPE, SRC, DST)",
    category = "ethernet",
    ports = "one agnostic input, one agnostic output",
    description = """
        Prepends a 14-byte Ethernet header to each packet: destination DST, source SRC, type ETHERTYPE (for
        instance 0x0800 for IPv4). The MAC header annotation marks the new header.""",
    keywords = {
        "ETHERTYPE: 16-bit Ethernet type.",
        "SRC: Ethernet address.",
        "DST: Ethernet address."},
    handlers = {
        "ethertype (read/write): the type, read as a decimal number",
        "src (read/write): the source address",
        "dst (read/write): the destination address"},
    example = "... -> EtherEncap(0x0800, 00:0a:95:9d:68:16, 00:0a:95:9d:68:17) -> ToDevice(eth0);",
    seeAlso = {"EtherRewrite", "EtherVLANEncap", "Strip"})
public final class EtherEncap extends SimpleElement
{
    private int ethertype;
    private long src;
    private long dst;

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final long[] v = {0, 0, 0};
        if (complete(args(conf)
            .readMandatoryPositional("ETHERTYPE", IntArg.uint16(), x -> v[0] = x)
            .readMandatoryPositional("SRC", EtherAddressArg.INSTANCE, x -> v[1] = x.value())
            .readMandatoryPositional("DST", EtherAddressArg.INSTANCE, x -> v[2] = x.value()), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        ethertype = (int)v[0];
        src = v[1];
        dst = v[2];
        return 0;
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        final Packet q = p.push(Ether.HEADER_LENGTH_BYTES);
        if (q == null)
        {
            return null;
        }
        Ether.put(q, Ether.DST_OFFSET, dst);
        Ether.put(q, Ether.SRC_OFFSET, src);
        q.setU16(Ether.TYPE_OFFSET, ethertype);
        q.setMacHeader(0);
        return q;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("ethertype", () -> Integer.toString(ethertype));
        addWriteHandler("ethertype", (value, errh) ->
        {
            try
            {
                ethertype = IntArg.uint16().parse(value.strip(), argContext());
                return 0;
            }
            catch (final ArgException e)
            {
                return errh.error("ethertype: " + e.getMessage());
            }
        });
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
    }
}
