package org.jclick.elements.ip;

import java.util.List;

import org.jclick.dataplane.args.ArgException;
import org.jclick.dataplane.args.IPAddressArg;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.args.StringArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.Handler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.ip.Ipv4;
import org.jclick.dataplane.ip.Ipv4Descriptor;
import org.jclick.dataplane.packet.Packet;

/** Click's ICMPIPEncap. */
@ElementDoc(
    synopsis = "ICMPIPEncap(SRC, DST, TYPE [, CODE, keywords IDENTIFIER])",
    category = "icmp",
    ports = "one agnostic input, one agnostic output",
    description = """
        Prepends an ICMP header of type TYPE and code CODE, then a 20-byte IPv4 header from SRC to DST (TTL 255),
        to each packet, with correct checksums. The ICMP header is 8 bytes, or 20 for timestamp messages, and
        zero apart from type, code and checksum; for echo, timestamp and information messages (and their
        replies) it carries IDENTIFIER and, as sequence number, the same counter that numbers the IP
        identification (starting at 1, skipping 0 when it wraps). The network header and destination IP
        annotations are set.""",
    keywords = {
        "SRC: IP address.",
        "DST: IP address.",
        "TYPE: ICMP type, a number or a name such as echo, unreachable, timeexceeded.",
        "CODE: ICMP code, a number or a name valid for TYPE. Default 0.",
        "IDENTIFIER: 16-bit identifier for echo-like messages. Default 0."},
    handlers = {"src, dst (read/write): the addresses"},
    example = "InfiniteSource(LIMIT 1) -> ICMPIPEncap(10.0.0.1, 10.0.0.2, echo) -> ...",
    seeAlso = {"IPEncap", "ICMPPingResponder", "ICMPError"})
public final class ICMPIPEncap extends SimpleElement
{
    private int src;
    private int dst;
    private int type;
    private int code;
    private int identifier;
    private int ipId = 1;

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final int[] v = {0, 0, 0, 0};
        final String[] c = {"0"};
        if (complete(args(conf)
            .readMandatoryPositional("SRC", IPAddressArg.INSTANCE, x -> v[0] = x)
            .readMandatoryPositional("DST", IPAddressArg.INSTANCE, x -> v[1] = x)
            .readMandatoryPositional("TYPE", IpArgs.ICMP_TYPE, x -> v[2] = x)
            .readPositional("CODE", StringArg.WORD, x -> c[0] = x)
            .read("IDENTIFIER", IntArg.uint16(), x -> v[3] = x), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        if (v[2] < 0 || v[2] > 255)
        {
            return errh.error("invalid TYPE");
        }
        final int cd = IpArgs.icmpCode(v[2], c[0]);
        if (cd < 0 || cd > 255)
        {
            return errh.error("invalid CODE");
        }
        src = v[0];
        dst = v[1];
        type = v[2];
        code = cd;
        identifier = v[3];
        return 0;
    }

    private static boolean sequenced(final int type)
    {
        return type == Ipv4Descriptor.ICMP_TSTAMP || type == Ipv4Descriptor.ICMP_TSTAMPREPLY
            || type == Ipv4Descriptor.ICMP_ECHO || type == Ipv4Descriptor.ICMP_ECHO_REPLY
            || type == Ipv4Descriptor.ICMP_IREQ || type == Ipv4Descriptor.ICMP_IREQREPLY;
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        final int icmpLength = type == Ipv4Descriptor.ICMP_TSTAMP || type == Ipv4Descriptor.ICMP_TSTAMPREPLY ?
            20 : Ipv4Descriptor.ICMP_HEADER_LENGTH_BYTES;
        final Packet q = p.push(Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES + icmpLength);
        if (q == null)
        {
            return null;
        }
        q.setU16(0, 0x4500);
        q.setU16(Ipv4Descriptor.TOTAL_LENGTH_OFFSET, q.length());
        q.setU16(Ipv4Descriptor.IDENTIFICATION_OFFSET, ipId);
        q.setU16(Ipv4Descriptor.FLAGS_FRAGMENT_OFFSET, 0);
        q.setU16(Ipv4Descriptor.TTL_OFFSET, (255 << 8) | Ipv4Descriptor.PROTO_ICMP);
        q.setU32(Ipv4Descriptor.SRC_OFFSET, src);
        q.setU32(Ipv4Descriptor.DST_OFFSET, dst);
        Ipv4.setHeaderChecksum(q, 0, Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES);

        final int ih = Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES;
        for (int i = 0; i < icmpLength; i += 4)
        {
            q.setU32(ih + i, 0);
        }
        q.setU8(ih + Ipv4Descriptor.ICMP_TYPE_OFFSET, type);
        q.setU8(ih + Ipv4Descriptor.ICMP_CODE_OFFSET, code);
        if (sequenced(type))
        {
            q.setU16(ih + Ipv4Descriptor.ICMP_IDENTIFIER_OFFSET, identifier);
            q.setU16(ih + Ipv4Descriptor.ICMP_SEQUENCE_OFFSET, ipId);
        }
        q.setU16(ih + Ipv4Descriptor.ICMP_CHECKSUM_OFFSET, Ipv4.checksum(q, ih, q.length() - ih));
        q.setDstIpAnno(dst);
        q.setNetworkHeader(0, Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES);
        ipId = ipId == 0xFFFF ? 1 : ipId + 1;
        return q;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("src", () -> IPAddressArg.unparse(src), Handler.CALM);
        addWriteHandler("src", (value, errh) -> write(value, errh, false));
        addReadHandler("dst", () -> IPAddressArg.unparse(dst), Handler.CALM);
        addWriteHandler("dst", (value, errh) -> write(value, errh, true));
    }

    private int write(final String value, final ErrorHandler errh, final boolean destination)
    {
        try
        {
            final int a = IPAddressArg.INSTANCE.parse(value.strip(), argContext());
            if (destination)
            {
                dst = a;
            }
            else
            {
                src = a;
            }
            return 0;
        }
        catch (final ArgException e)
        {
            return errh.error("syntax error");
        }
    }
}
