package org.jclick.elements.ip;

import java.util.List;

import org.jclick.dataplane.args.ArgException;
import org.jclick.dataplane.args.BoolArg;
import org.jclick.dataplane.args.IPAddressArg;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.args.StringArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.ip.Ipv4;
import org.jclick.dataplane.ip.Ipv4Descriptor;
import org.jclick.dataplane.packet.AnnotationDescriptor;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketType;

/** Click's ICMPError. */
@ElementDoc(
    synopsis = "ICMPError(SRC, TYPE [, CODE, BADADDRS, keywords MTU, PMTU, SET_FIX_ANNO])",
    category = "icmp",
    ports = "one agnostic input, one agnostic output",
    description = """
        Turns each IP packet (network header annotation set) into an ICMP error message about it, sent from SRC
        back to the packet's source: an IP header (TTL 200), the ICMP header of type TYPE and code CODE, and as
        much of the offending packet, from its IP header on, as fits in MTU bytes. The input packet is consumed.

        Following RFC 1812, no error is made for ICMP error messages, packets to broadcast or multicast
        addresses (or an address in BADADDRS), packets that arrived as link-level broadcast or multicast,
        packets from an invalid source (net 0, 127, class E, broadcast, multicast), or fragments other than the
        first; such packets are simply dropped. If the packet carries a valid loose or strict source route, the
        error carries the reversed route (and a redirect is not sent at all). For a parameter problem the
        pointer comes from the ICMP_PARAMPROB annotation; for a redirect the gateway is the destination IP
        annotation; for 'needfrag' the next-hop MTU is PMTU. The result has its destination IP annotation set
        and, unless SET_FIX_ANNO is false, the fix-IP-source annotation, so FixIPSrc can put in the address of
        the interface it leaves by.""",
    keywords = {
        "SRC: IP address. Source of the error messages.",
        "TYPE: ICMP error type: unreachable, sourcequench, redirect, timeexceeded, parameterproblem, or a number.",
        "CODE: ICMP code, a number or a name for TYPE. Default 0.",
        "BADADDRS: space-separated IP addresses that count as broadcast destinations.",
        "MTU: unsigned. Largest error message. Default 576.",
        "PMTU: unsigned. Next-hop MTU reported in 'needfrag' errors. Default 0.",
        "SET_FIX_ANNO: boolean. Set the fix-IP-source annotation. Default true."},
    handlers = {
        "src (read/write): SRC",
        "mtu (read/write): MTU",
        "pmtu (read/write): PMTU",
        "drops (read): packets for which no error was sent"},
    example = "... -> dt :: DecIPTTL -> ...;  dt[1] -> ICMPError(18.26.4.24, timeexceeded) -> ...",
    seeAlso = {"DecIPTTL", "IPFragmenter", "FixIPSrc", "ICMPIPEncap"})
public final class ICMPError extends SimpleElement
{
    private int src;
    private int type;
    private int code;
    private int[] badAddrs = new int[0];
    private int mtu = 576;
    private int pmtu;
    private boolean setFixAnno = true;
    /** The IP ID counter, shared by every ICMPError of the router (Click's is one static counter). */
    private int[] idCounter = {1};
    private long drops;

    static boolean isErrorType(final int type)
    {
        return type == Ipv4Descriptor.ICMP_UNREACH || type == Ipv4Descriptor.ICMP_SOURCEQUENCH
            || type == Ipv4Descriptor.ICMP_REDIRECT || type == Ipv4Descriptor.ICMP_TIMXCEED
            || type == Ipv4Descriptor.ICMP_PARAMPROB;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final int[] v = {0, 0};
        final long[] m = {576, 0};
        final String[] c = {"0"};
        final int[][] bad = {new int[0]};
        final boolean[] fix = {true};
        if (complete(args(conf)
            .readMandatoryPositional("SRC", IPAddressArg.INSTANCE, x -> v[0] = x)
            .readMandatoryPositional("TYPE", IpArgs.ICMP_TYPE, x -> v[1] = x)
            .readPositional("CODE", StringArg.WORD, x -> c[0] = x)
            .readPositional("BADADDRS", IpArgs.ADDRESS_LIST, x -> bad[0] = x)
            .read("MTU", IntArg.uint32(), x -> m[0] = x)
            .read("PMTU", IntArg.uint32(), x -> m[1] = x)
            .read("SET_FIX_ANNO", BoolArg.INSTANCE, x -> fix[0] = x), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        if (v[1] < 0 || v[1] > 255)
        {
            return errh.error("ICMP type must be between 0 and 255");
        }
        if (!isErrorType(v[1]))
        {
            return errh.error("ICMP type " + v[1] + " is not an error type");
        }
        final int cd = IpArgs.icmpCode(v[1], c[0]);
        if (cd < 0 || cd > 255)
        {
            return errh.error("argument 2 takes ICMP code (integer between 0 and 255)");
        }
        if (m[0] < 64 || m[0] > 0xFFFF)
        {
            return errh.error("MTU: out of range");
        }
        src = v[0];
        type = v[1];
        code = cd;
        badAddrs = bad[0];
        mtu = (int)m[0];
        pmtu = (int)Math.min(m[1], 0xFFFF);
        setFixAnno = fix[0];
        return 0;
    }

    private boolean unicast(final int a)
    {
        return a != 0xFFFFFFFF && !Ipv4.isMulticast(a) && !IpArgs.contains(badAddrs, a);
    }

    private boolean validSource(final int a)
    {
        final int net = a >>> 24;
        return unicast(a) && net != 0 && net != 127 && (net & 0xF0) != 0xF0;
    }

    /** Offset (from the data) of a valid LSRR/SSRR option in the header at {@code nh}, or -1. */
    private static int sourceRoute(final Packet p, final int nh, final int hlen)
    {
        int oi = Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES;
        while (oi < hlen)
        {
            final int t = p.u8(nh + oi);
            if (t == Ipv4Descriptor.OPT_NOP)
            {
                oi++;
                continue;
            }
            if (t == Ipv4Descriptor.OPT_EOL || oi + 1 >= hlen)
            {
                return -1;
            }
            final int xlen = p.u8(nh + oi + 1);
            if (xlen < 2 || oi + xlen > hlen)
            {
                return -1;
            }
            if ((t == Ipv4Descriptor.OPT_LSRR || t == Ipv4Descriptor.OPT_SSRR) && xlen >= 3)
            {
                final int ptr = p.u8(nh + oi + 2);
                if (ptr >= 4 && ptr % 4 == 0 && ptr <= xlen + 1)
                {
                    return nh + oi;
                }
            }
            oi += xlen;
        }
        return -1;
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        final Packet q = makeError(p);
        if (q == null)
        {
            drops++;
        }
        p.kill();
        return q;
    }

    private Packet makeError(final Packet p)
    {
        if (!p.hasNetworkHeader())
        {
            return null;
        }
        final int nh = p.networkHeaderOffset();
        if (nh < 0 || p.length() < nh + Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES)
        {
            return null;
        }
        final int hlen = Ipv4.headerLength(p, nh);
        if (hlen < Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES || p.length() < nh + hlen)
        {
            return null;
        }
        // RFC 1812 4.3.2.7: no errors about ICMP errors
        if (p.u8(nh + Ipv4Descriptor.PROTOCOL_OFFSET) == Ipv4Descriptor.PROTO_ICMP
            && (nh + hlen + 4 > p.length() || isErrorType(p.u8(nh + hlen))))
        {
            return null;
        }
        final int origSrc = p.u32(nh + Ipv4Descriptor.SRC_OFFSET);
        if (!unicast(p.u32(nh + Ipv4Descriptor.DST_OFFSET))
            || p.packetType() == PacketType.BROADCAST || p.packetType() == PacketType.MULTICAST
            || !validSource(origSrc) || Ipv4.isLaterFragment(p, nh))
        {
            return null;
        }
        final int paramprob = p.annoU8(AnnotationDescriptor.ICMP_PARAMPROB_ANNO_OFFSET);
        int route = sourceRoute(p, nh, hlen);
        if (route >= 0)
        {
            if (type == Ipv4Descriptor.ICMP_REDIRECT)
            {
                return null; // RFC 1812 5.2.7.2
            }
            if (type == Ipv4Descriptor.ICMP_PARAMPROB && code == 0 && route <= nh + paramprob
                && nh + paramprob < route + p.u8(route + 1))
            {
                route = -1; // the problem is the route itself (4.3.2.6)
            }
        }

        final Packet q = router().allocatorFor(this).make(mtu);
        if (q == null)
        {
            return null;
        }
        q.setU16(0, 0x4500);
        final int id = idCounter[0];
        q.setU16(Ipv4Descriptor.IDENTIFICATION_OFFSET, id);
        idCounter[0] = (id + 1) & 0xFFFF;
        q.setU16(Ipv4Descriptor.FLAGS_FRAGMENT_OFFSET, 0);
        q.setU16(Ipv4Descriptor.TTL_OFFSET, (200 << 8) | Ipv4Descriptor.PROTO_ICMP);
        q.setU16(Ipv4Descriptor.CHECKSUM_OFFSET, 0);
        q.setU32(Ipv4Descriptor.SRC_OFFSET, src);
        q.setU32(Ipv4Descriptor.DST_OFFSET, origSrc);
        int qhl = Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES;
        if (route >= 0)
        {
            // the route back: the hops already visited, most recent first, pointer at the first
            final int o = Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES;
            final int ptr = p.u8(route + 2);
            final int olen = ptr - 1;
            q.setU8(o, p.u8(route));
            q.setU8(o + 1, olen);
            q.setU8(o + 2, 4);
            int w = o + 3;
            for (int r = route + ptr - 5; r >= route + 3; r -= 4, w += 4)
            {
                q.setU32(w, p.u32(r));
            }
            q.setU8(o + olen, Ipv4Descriptor.OPT_EOL);
            qhl = (Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES + olen + 3) & ~3;
            for (int z = o + olen + 1; z < qhl; z++)
            {
                q.setU8(z, Ipv4Descriptor.OPT_EOL);
            }
        }
        q.setU8(0, 0x40 | (qhl >>> 2));
        q.setNetworkHeader(0, qhl);

        final int ih = qhl;
        q.setU8(ih + Ipv4Descriptor.ICMP_TYPE_OFFSET, type);
        q.setU8(ih + Ipv4Descriptor.ICMP_CODE_OFFSET, code);
        q.setU16(ih + Ipv4Descriptor.ICMP_CHECKSUM_OFFSET, 0);
        q.setU32(ih + 4, 0);
        if (type == Ipv4Descriptor.ICMP_PARAMPROB && code == 0)
        {
            q.setU8(ih + 4, paramprob);
        }
        else if (type == Ipv4Descriptor.ICMP_REDIRECT)
        {
            q.setU32(ih + 4, p.dstIpAnno());
        }
        else if (type == Ipv4Descriptor.ICMP_UNREACH && code == 4)
        {
            q.setU16(ih + 6, pmtu);
        }
        final int body = ih + Ipv4Descriptor.ICMP_HEADER_LENGTH_BYTES;
        int xlen = q.length() - body;
        final int networkLength = p.length() - nh;
        if (xlen > networkLength)
        {
            q.take(xlen - networkLength);
            xlen = networkLength;
        }
        if (xlen > 0)
        {
            q.copyFrom(body, p.buffer(), p.dataOffset() + nh, xlen);
        }
        q.setU16(ih + Ipv4Descriptor.ICMP_CHECKSUM_OFFSET,
            Ipv4.checksum(q, ih, Ipv4Descriptor.ICMP_HEADER_LENGTH_BYTES + xlen));
        q.setU16(Ipv4Descriptor.TOTAL_LENGTH_OFFSET, q.length());
        Ipv4.setHeaderChecksum(q, 0, qhl);
        q.setDstIpAnno(origSrc);
        if (setFixAnno)
        {
            q.setAnnoU8(AnnotationDescriptor.FIX_IP_SRC_ANNO_OFFSET, 1);
        }
        q.setTimestampNs(router().nowNs());
        return q;
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        // One counter per router, shared by all ICMPError elements, starting at 1 (Click: a static variable).
        synchronized (router())
        {
            final Object shared = router().attachment(ID_COUNTER_ATTACHMENT);
            if (shared instanceof int[] counter)
            {
                idCounter = counter;
            }
            else
            {
                router().setAttachment(ID_COUNTER_ATTACHMENT, idCounter);
            }
        }
        return 0;
    }

    private static final String ID_COUNTER_ATTACHMENT = "org.jclick.elements.ip.ICMPError.ipId";

    @Override
    public void addHandlers()
    {
        addReadHandler("src", () -> IPAddressArg.unparse(src));
        addWriteHandler("src", (value, errh) ->
        {
            try
            {
                src = IPAddressArg.INSTANCE.parse(value.strip(), argContext());
                return 0;
            }
            catch (final ArgException e)
            {
                return errh.error("src: " + e.getMessage());
            }
        });
        addReadHandler("mtu", () -> Integer.toString(mtu));
        addWriteHandler("mtu", (value, errh) -> writeUnsigned(value, errh, true));
        addReadHandler("pmtu", () -> Integer.toString(pmtu));
        addWriteHandler("pmtu", (value, errh) -> writeUnsigned(value, errh, false));
        addReadHandler("drops", () -> Long.toString(drops));
    }

    private int writeUnsigned(final String value, final ErrorHandler errh, final boolean isMtu)
    {
        try
        {
            final long v = IntArg.uint32().parse(value.strip(), argContext());
            if (isMtu)
            {
                if (v < 64 || v > 0xFFFF)
                {
                    return errh.error("mtu: out of range");
                }
                mtu = (int)v;
            }
            else
            {
                pmtu = (int)Math.min(v, 0xFFFF);
            }
            return 0;
        }
        catch (final ArgException e)
        {
            return errh.error(e.getMessage());
        }
    }
}
