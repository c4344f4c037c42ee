package org.jclick.elements.ip;

import java.util.List;

import org.jclick.dataplane.args.IPAddressArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.ip.Ipv4Descriptor;
import org.jclick.dataplane.packet.Packet;

/** Click's IPGWOptions. */
@ElementDoc(
    synopsis = "IPGWOptions(MYADDR [, OTHERADDRS])",
    category = "ip",
    ports = "one agnostic input; one agnostic output, and an optional push output for packets with bad options",
    description = """
        Does the IP option processing every router owes packets it forwards (RFC 791): Record Route gets MYADDR
        in its next free slot; Timestamp gets the milliseconds since midnight UT (preceded by MYADDR in
        address-and-timestamp mode, or only in the slot naming one of this router's addresses, MYADDR or
        OTHERADDRS, in prespecified mode), or its overflow count goes up when full. The header checksum is
        recomputed if anything changed. Source routes are left alone. A malformed option sends the packet to
        output 1 (or drops it), with the ICMP_PARAMPROB annotation pointing at the offending byte, ready for
        ICMPError(..., parameterproblem); such packets are counted. Packets without options pass untouched.""",
    keywords = {
        "MYADDR: IP address. This router's address on the output interface.",
        "OTHERADDRS: space-separated IP addresses. Its other addresses."},
    handlers = {"drops (read): packets with bad options, or without an IP header"},
    example = "... -> gw :: IPGWOptions(18.26.4.24) -> ...;  gw[1] -> ICMPError(18.26.4.24, parameterproblem) -> ...",
    seeAlso = {"ICMPError", "IPOutputCombo", "FixIPSrc"})
public final class IPGWOptions extends SimpleElement
{
    private final GatewayOptions options = new GatewayOptions();
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
        final int[] a = {0};
        final int[][] others = {new int[0]};
        if (complete(args(conf)
            .readMandatoryPositional("MYADDR", IPAddressArg.INSTANCE, x -> a[0] = x)
            .readPositional("OTHERADDRS", IpArgs.ADDRESS_LIST, x -> others[0] = x), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        options.preferred = a[0];
        options.mine = IpArgs.concat(others[0], a[0]);
        return 0;
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        final int nh = p.hasNetworkHeader() ? p.networkHeaderOffset() : -1;
        if (nh < 0 || p.length() < nh + Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES
            || p.length() < nh + ((p.u8(nh) & 0x0F) << 2))
        {
            drops++;
            p.kill();
            return null;
        }
        if (options.process(p, router().nowNs()))
        {
            return options.result;
        }
        drops++;
        return reject(options.result);
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("drops", () -> Long.toString(drops));
    }
}
