package org.jclick.elements.ethernet;

import java.util.List;

import org.jclick.dataplane.args.ArgException;
import org.jclick.dataplane.args.EtherAddressArg;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.args.StringArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.packet.Packet;

/** Click's StoreEtherAddress. */
@ElementDoc(
    synopsis = "StoreEtherAddress(ADDR, OFFSET)",
    category = "ethernet",
    ports = "one agnostic input; one agnostic output, and an optional push output for packets too short",
    description = """
        Writes the Ethernet address ADDR into each packet at OFFSET bytes, where OFFSET may also be 'src' (6) or
        'dst' (0) for the fields of an Ethernet header at the start of the packet. Packets too short for the
        write go to output 1 if it is connected and are dropped otherwise; either way they are counted.""",
    keywords = {"ADDR: Ethernet address.", "OFFSET: unsigned, or 'src' or 'dst'."},
    handlers = {"addr (read/write): the address", "drops (read): packets too short"},
    example = "... -> StoreEtherAddress(00:0a:95:9d:68:16, src) -> ...",
    seeAlso = {"EtherRewrite", "EtherEncap"})
public final class StoreEtherAddress extends SimpleElement
{
    private long address;
    private int offset;
    private long drops;

    @Override
    public String portCount()
    {
        return PORTS_1_1X2;
    }

    @Override
    public String processing()
    {
        return PROCESSING_A_AH;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final long[] a = {0};
        final String[] o = {null};
        if (complete(args(conf)
            .readMandatoryPositional("ADDR", EtherAddressArg.INSTANCE, x -> a[0] = x.value())
            .readMandatoryPositional("OFFSET", StringArg.WORD, x -> o[0] = x), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        final int off;
        switch (o[0])
        {
            case "src" -> off = Ether.SRC_OFFSET;
            case "dst" -> off = Ether.DST_OFFSET;
            default ->
            {
                try
                {
                    final long v = IntArg.uint32().parse(o[0], argContext());
                    if (v > 0xFFFF)
                    {
                        return errh.error("OFFSET: out of range");
                    }
                    off = (int)v;
                }
                catch (final ArgException e)
                {
                    return errh.error("OFFSET: expected 'src', 'dst' or unsigned integer");
                }
            }
        }
        address = a[0];
        offset = off;
        return 0;
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        if (p.length() < offset + 6)
        {
            drops++;
            return reject(p);
        }
        final Packet q = p.uniqueify();
        if (q != null)
        {
            Ether.put(q, offset, address);
        }
        return q;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("addr", () -> Ether.unparse(address));
        addWriteHandler("addr", (value, errh) ->
        {
            final long a = Ether.parse(this, value, "addr", errh);
            if (a < 0)
            {
                return ErrorHandler.FAILURE;
            }
            address = a;
            return 0;
        });
        addReadHandler("drops", () -> Long.toString(drops));
    }
}
