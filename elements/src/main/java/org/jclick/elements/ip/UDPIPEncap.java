package org.jclick.elements.ip;

import java.util.List;

import org.jclick.dataplane.args.ArgException;
import org.jclick.dataplane.args.BoolArg;
import org.jclick.dataplane.args.IPAddressArg;
import org.jclick.dataplane.args.PortArg;
import org.jclick.dataplane.args.StringArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.Handler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.ip.Ipv4;
import org.jclick.dataplane.ip.Ipv4Descriptor;
import org.jclick.dataplane.packet.Packet;

/** Click's UDPIPEncap. */
@ElementDoc(
    synopsis = "UDPIPEncap(SRC, SPORT, DST, DPORT [, CHECKSUM])",
    category = "udp",
    ports = "one agnostic input, one agnostic output",
    description = """
        Prepends a UDP header and then a 20-byte IPv4 header to each packet, making it a UDP datagram from SRC
        port SPORT to DST port DPORT (DST may be DST_ANNO: the destination IP annotation). The IP header has TTL
        250, an identification counting up from 0 and a correct checksum; the UDP length covers the payload and
        the UDP checksum is computed unless CHECKSUM is false. The network header annotation marks the new IP
        header; with a fixed DST the destination IP annotation is set to it.""",
    keywords = {
        "SRC: IP address.",
        "SPORT: UDP port, a number or a service name.",
        "DST: IP address, or DST_ANNO.",
        "DPORT: UDP port.",
        "CHECKSUM: boolean. Compute the UDP checksum. Default true."},
    handlers = {
        "src, dst (read/write): the addresses",
        "sport, dport (read/write): the ports"},
    example = "InfiniteSource(LIMIT 5) -> UDPIPEncap(10.0.0.1, 1234, 10.0.0.2, 5678) -> EtherEncap(...) -> ...",
    seeAlso = {"IPEncap", "CheckUDPHeader", "SetUDPChecksum"})
public final class UDPIPEncap extends SimpleElement
{
    private static final int HEADERS = Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES + Ipv4Descriptor.UDP_HEADER_LENGTH_BYTES;

    private int src;
    private int sport;
    private int dst;
    private boolean useDstAnno;
    private int dport;
    private boolean checksum = true;
    private int id;

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final int[] v = {0, 0, 0};
        final String[] d = {null};
        final boolean[] c = {true};
        if (complete(args(conf)
            .readMandatoryPositional("SRC", IPAddressArg.INSTANCE, x -> v[0] = x)
            .readMandatoryPositional("SPORT", PortArg.UDP_PORT, x -> v[1] = x)
            .readMandatoryPositional("DST", StringArg.ANY, x -> d[0] = x)
            .readMandatoryPositional("DPORT", PortArg.UDP_PORT, x -> v[2] = x)
            .readPositional("CHECKSUM", BoolArg.INSTANCE, x -> c[0] = x), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        final boolean anno = "DST_ANNO".equals(d[0]);
        int addr = 0;
        if (!anno)
        {
            try
            {
                addr = IPAddressArg.INSTANCE.parse(d[0], argContext());
            }
            catch (final ArgException e)
            {
                return errh.error("bad DST");
            }
        }
        src = v[0];
        sport = v[1];
        dst = addr;
        useDstAnno = anno;
        dport = v[2];
        checksum = c[0];
        return 0;
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        id = 0;
        return 0;
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        final Packet q = p.push(HEADERS);
        if (q == null)
        {
            return null;
        }
        final int d;
        if (useDstAnno)
        {
            d = q.dstIpAnno();
        }
        else
        {
            d = dst;
            q.setDstIpAnno(d);
        }
        q.setU16(0, 0x4500);
        q.setU16(Ipv4Descriptor.TOTAL_LENGTH_OFFSET, q.length());
        q.setU16(Ipv4Descriptor.IDENTIFICATION_OFFSET, id);
        id = (id + 1) & 0xFFFF;
        q.setU16(Ipv4Descriptor.FLAGS_FRAGMENT_OFFSET, 0);
        q.setU16(Ipv4Descriptor.TTL_OFFSET, (250 << 8) | Ipv4Descriptor.PROTO_UDP);
        q.setU32(Ipv4Descriptor.SRC_OFFSET, src);
        q.setU32(Ipv4Descriptor.DST_OFFSET, d);
        Ipv4.setHeaderChecksum(q, 0, Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES);
        q.setNetworkHeader(0, Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES);

        final int uh = Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES;
        final int len = q.length() - uh;
        q.setU16(uh + Ipv4Descriptor.UDP_SPORT_OFFSET, sport);
        q.setU16(uh + Ipv4Descriptor.UDP_DPORT_OFFSET, dport);
        q.setU16(uh + Ipv4Descriptor.UDP_LENGTH_OFFSET, len);
        q.setU16(uh + Ipv4Descriptor.UDP_CHECKSUM_OFFSET, 0);
        if (checksum)
        {
            final int sum = Ipv4.transportChecksum(q, 0, uh, Ipv4Descriptor.PROTO_UDP, len);
            q.setU16(uh + Ipv4Descriptor.UDP_CHECKSUM_OFFSET, sum == 0 ? 0xFFFF : sum);
        }
        return q;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("src", () -> IPAddressArg.unparse(src), Handler.CALM);
        addWriteHandler("src", (value, errh) -> writeAddress(value, errh, false));
        addReadHandler("dst", () -> useDstAnno ? "DST_ANNO" : IPAddressArg.unparse(dst), Handler.CALM);
        addWriteHandler("dst", (value, errh) -> writeAddress(value, errh, true));
        addReadHandler("sport", () -> Integer.toString(sport), Handler.CALM);
        addWriteHandler("sport", (value, errh) -> writePort(value, errh, false));
        addReadHandler("dport", () -> Integer.toString(dport), Handler.CALM);
        addWriteHandler("dport", (value, errh) -> writePort(value, errh, true));
    }

    private int writeAddress(final String value, final ErrorHandler errh, final boolean destination)
    {
        final String w = value.strip();
        if (destination && "DST_ANNO".equals(w))
        {
            useDstAnno = true;
            return 0;
        }
        try
        {
            final int a = IPAddressArg.INSTANCE.parse(w, argContext());
            if (destination)
            {
                dst = a;
                useDstAnno = false;
            }
            else
            {
                src = a;
            }
            return 0;
        }
        catch (final ArgException e)
        {
            return errh.error((destination ? "DST: " : "SRC: ") + e.getMessage());
        }
    }

    private int writePort(final String value, final ErrorHandler errh, final boolean destination)
    {
        try
        {
            final int port = PortArg.UDP_PORT.parse(value.strip(), argContext());
            if (destination)
            {
                dport = port;
            }
            else
            {
                sport = port;
            }
            return 0;
        }
        catch (final ArgException e)
        {
            return errh.error((destination ? "DPORT: " : "SPORT: ") + e.getMessage());
        }
    }
}
