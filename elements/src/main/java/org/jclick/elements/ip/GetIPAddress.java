package org.jclick.elements.ip;

import java.util.List;

import org.jclick.dataplane.args.AnnoArg;
import org.jclick.dataplane.args.Args;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.args.StringArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.ip.Ipv4Descriptor;
import org.jclick.dataplane.packet.AnnotationDescriptor;
import org.jclick.dataplane.packet.Packet;

/** Click's GetIPAddress. */
@ElementDoc(
    synopsis = "GetIPAddress(OFFSET [, ANNO])  or  GetIPAddress(IP src|dst [, ANNO])",
    category = "ip",
    ports = "one agnostic input, one agnostic output",
    description = """
        Copies four bytes of each packet into an IP address annotation, the destination IP annotation unless
        ANNO names another. With OFFSET the bytes are taken OFFSET bytes into the data (16 is the destination
        of an IP header at the start of the packet); with IP src or IP dst they are the source or destination
        of the IP header the network header annotation marks. Exactly one of OFFSET and IP must be given.
        Packets too short for the read (or without an IP header, for IP) are dropped and counted.""",
    keywords = {
        "OFFSET: unsigned. Where the address is, from the start of the data.",
        "ANNO: annotation. Where to store the address. Default DST_IP.",
        "IP: 'src' or 'dst'. Take the address from the marked IP header instead."},
    handlers = {"drops (read): packets too short for the read"},
    example = "... -> CheckIPHeader -> GetIPAddress(16) -> LookupIPRoute(...) -> ...",
    seeAlso = {"SetIPAddress", "StoreIPAddress", "CheckIPHeader"})
public final class GetIPAddress extends SimpleElement
{
    /** {@link #offset} values meaning "the marked IP header's source/destination". */
    private static final int IP_SRC = -2;
    private static final int IP_DST = -3;

    private int offset = -1;
    private int anno = AnnotationDescriptor.DST_IP_ANNO_OFFSET;
    private long drops;

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final Args.Value<Long> off = new Args.Value<>();
        final Args.Value<String> ip = new Args.Value<>();
        final int[] a = {AnnotationDescriptor.DST_IP_ANNO_OFFSET};
        if (complete(args(conf)
            .readPositional("OFFSET", IntArg.uint32(), off)
            .readPositional("ANNO", AnnoArg.of(4), v -> a[0] = v)
            .read("IP", StringArg.WORD, ip), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        if (off.isPresent() == ip.isPresent())
        {
            return errh.error("set one of OFFSET, IP");
        }
        if (ip.isPresent())
        {
            switch (ip.get())
            {
                case "src" -> offset = IP_SRC;
                case "dst" -> offset = IP_DST;
                default ->
                {
                    return errh.error("bad IP");
                }
            }
        }
        else
        {
            if (off.get() > 0xFFFF)
            {
                return errh.error("OFFSET: out of range");
            }
            offset = (int)(long)off.get();
        }
        anno = a[0];
        return 0;
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        int at = offset;
        if (at < 0)
        {
            if (!p.hasNetworkHeader())
            {
                return bad(p);
            }
            at = p.networkHeaderOffset() + (at == IP_SRC ? Ipv4Descriptor.SRC_OFFSET : Ipv4Descriptor.DST_OFFSET);
        }
        if (at < 0 || p.length() < at + 4)
        {
            return bad(p);
        }
        IpArgs.setAnnoAddress(p, anno, p.u32(at));
        return p;
    }

    private Packet bad(final Packet p)
    {
        drops++;
        p.kill();
        return null;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("drops", () -> Long.toString(drops));
    }
}
