package org.jclick.elements.ip;

import java.util.List;

import org.jclick.dataplane.args.IPAddressArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.ip.Ipv4;
import org.jclick.dataplane.ip.Ipv4Descriptor;
import org.jclick.dataplane.packet.AnnotationDescriptor;
import org.jclick.dataplane.packet.Packet;

/** Click's FixIPSrc. */
@ElementDoc(
    synopsis = "FixIPSrc(IPADDR)",
    category = "ip",
    ports = "one agnostic input, one agnostic output",
    description = """
        For packets whose fix-IP-source annotation is set (ICMPError sets it), clears the annotation, sets the IP
        source address to IPADDR and recomputes the IP header checksum. A router puts one on each output path,
        so that its ICMP errors come from the interface they leave by. Other packets pass untouched; marked
        packets without a usable IP header are dropped and counted.""",
    keywords = {"IPADDR: IP address."},
    handlers = {"drops (read): marked packets without an IP header"},
    example = "... -> FixIPSrc(18.26.4.24) -> ...",
    seeAlso = {"ICMPError"})
public final class FixIPSrc extends SimpleElement
{
    private int address;
    private long drops;

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final int[] a = {0};
        if (complete(args(conf).readMandatoryPositional("IPADDR", IPAddressArg.INSTANCE, x -> a[0] = x), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        address = a[0];
        return 0;
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        if (p.annoU8(AnnotationDescriptor.FIX_IP_SRC_ANNO_OFFSET) == 0)
        {
            return p;
        }
        p.setAnnoU8(AnnotationDescriptor.FIX_IP_SRC_ANNO_OFFSET, 0);
        final int nh = p.hasNetworkHeader() ? p.networkHeaderOffset() : -1;
        if (nh < 0 || p.length() < nh + Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES
            || p.length() < nh + Ipv4.headerLength(p, nh) || Ipv4.headerLength(p, nh) < 20)
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
        q.setU32(nh + Ipv4Descriptor.SRC_OFFSET, address);
        Ipv4.setHeaderChecksum(q, nh, Ipv4.headerLength(q, nh));
        return q;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("drops", () -> Long.toString(drops));
    }
}
