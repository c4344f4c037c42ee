package org.jclick.elements.ip;

import java.util.List;

import org.jclick.dataplane.args.AnnoArg;
import org.jclick.dataplane.args.IPAddressArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.packet.AnnotationDescriptor;
import org.jclick.dataplane.packet.Packet;

/** Click's SetIPAddress. */
@ElementDoc(
    synopsis = "SetIPAddress(IPADDR [, keywords ANNO])",
    category = "ip",
    ports = "one agnostic input, one agnostic output",
    description = """
        Stores the fixed address IPADDR in each packet's destination IP annotation (or the annotation ANNO names).
        The packet data is not touched; StoreIPAddress writes an annotation into the data.""",
    keywords = {
        "IPADDR: IP address.",
        "ANNO: annotation. Where to store it. Default DST_IP."},
    handlers = {"addr (read/write): the address"},
    example = "... -> SetIPAddress(10.0.0.1) -> ARPQuerier(...) -> ...",
    seeAlso = {"GetIPAddress", "StoreIPAddress"})
public final class SetIPAddress extends SimpleElement
{
    private int address;
    private int anno = AnnotationDescriptor.DST_IP_ANNO_OFFSET;

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final int[] v = {0, AnnotationDescriptor.DST_IP_ANNO_OFFSET};
        if (complete(args(conf)
            .readMandatoryPositional("IPADDR", IPAddressArg.INSTANCE, x -> v[0] = x)
            .read("ANNO", AnnoArg.of(4), x -> v[1] = x), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        address = v[0];
        anno = v[1];
        return 0;
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        IpArgs.setAnnoAddress(p, anno, address);
        return p;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("addr", () -> IPAddressArg.unparse(address));
        addWriteHandler("addr", (value, errh) ->
        {
            try
            {
                address = IPAddressArg.INSTANCE.parse(value.strip(), argContext());
                return 0;
            }
            catch (final org.jclick.dataplane.args.ArgException e)
            {
                return errh.error("addr: " + e.getMessage());
            }
        });
    }
}
