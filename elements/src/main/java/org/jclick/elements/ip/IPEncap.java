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
import org.jclick.dataplane.packet.Packet;

/** Click's IPEncap. */
@ElementDoc(
    synopsis = "IPEncap(PROTO, SRC, DST [, keywords TOS, DSCP, ECT, CE, TTL, DF])",
    category = "ip",
    ports = "one agnostic input, one agnostic output",
    description = """
        Prepends a 20-byte IPv4 header to each packet: protocol PROTO, source SRC, destination DST (or, when DST
        is DST_ANNO, the packet's destination IP annotation), total length the new packet length, an
        identification that counts up from 0, and a correct checksum. The network header annotation is set to the
        new header; with a fixed DST the destination IP annotation is set to it.""",
    keywords = {
        "PROTO: IP protocol, a number or a name such as tcp, udp, icmp.",
        "SRC: IP address.",
        "DST: IP address, or DST_ANNO.",
        "TOS: TOS byte, 0-255. Not with DSCP, ECT or CE.",
        "DSCP: code point, 0-63.",
        "ECT: boolean or 2. Mark the packets ECN-capable: true gives ECT(1), 2 gives ECT(2).",
        "CE: boolean. Mark the packets Congestion Experienced.",
        "TTL: time to live. Default 250.",
        "DF: boolean. Set the Don't Fragment flag. Default false."},
    handlers = {"src (read/write): the source address", "dst (read/write): the destination, or DST_ANNO"},
    example = "... -> IPEncap(4, 10.0.0.1, 10.0.0.2) -> ...",
    seeAlso = {"UDPIPEncap", "ICMPIPEncap", "StripIPHeader"})
public final class IPEncap extends SimpleElement
{
    private int proto;
    private int src;
    private int dst;
    private boolean useDstAnno;
    private int tos;
    private int ttl = 250;
    private boolean df;
    private int id;

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final int[] v = {0, 0, -1, 250, -1};
        final String[] s = {null, null};
        final boolean[] b = {false, false};
        if (complete(args(conf)
            .readMandatoryPositional("PROTO", IpArgs.PROTOCOL, x -> v[0] = x)
            .readMandatoryPositional("SRC", IPAddressArg.INSTANCE, x -> v[1] = x)
            .readMandatoryPositional("DST", StringArg.ANY, x -> s[0] = x)
            .read("TOS", IntArg.int32(), x -> v[2] = x)
            .read("TTL", IntArg.uint8(), x -> v[3] = x)
            .read("DSCP", IntArg.int32(), x -> v[4] = x)
            .read("ECT", StringArg.WORD, x -> s[1] = x)
            .read("CE", BoolArg.INSTANCE, x -> b[0] = x)
            .read("DF", BoolArg.INSTANCE, x -> b[1] = x), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        if (v[0] < 0 || v[0] > 255)
        {
            return errh.error("bad IP protocol");
        }
        final boolean anno = "DST_ANNO".equals(s[0]);
        int d = 0;
        if (!anno)
        {
            try
            {
                d = IPAddressArg.INSTANCE.parse(s[0], argContext());
            }
            catch (final ArgException e)
            {
                return errh.error("DST argument should be IP address or 'DST_ANNO'");
            }
        }
        int ect = 0;
        if (s[1] != null)
        {
            final Boolean x = BoolArg.parseOrNull(s[1]);
            if (x != null)
            {
                ect = x ? 1 : 0;
            }
            else if ("2".equals(s[1]))
            {
                ect = 2;
            }
            else
            {
                return errh.error("bad ECT value '" + s[1] + "'");
            }
        }
        final int t = v[2];
        final int dscp = v[4];
        final boolean ce = b[0];
        if (t >= 0 && dscp >= 0)
        {
            return errh.error("cannot set both TOS and DSCP");
        }
        if (t >= 0 && (ect != 0 || ce))
        {
            return errh.error("cannot set both TOS and ECN bits");
        }
        if (t >= 256 || t < -1)
        {
            return errh.error("TOS too large; max 255");
        }
        if (dscp > 63 || dscp < -1)
        {
            return errh.error("DSCP too large; max 63");
        }
        if (ect != 0 && ce)
        {
            return errh.error("can set at most one ECN option");
        }
        int newTos = t >= 0 ? t : dscp >= 0 ? dscp << 2 : 0;
        if (ect != 0)
        {
            newTos |= ect == 1 ? Ipv4Descriptor.ECN_ECT1 : Ipv4Descriptor.ECN_ECT2;
        }
        if (ce)
        {
            newTos |= Ipv4Descriptor.ECN_CE;
        }
        proto = v[0];
        src = v[1];
        dst = d;
        useDstAnno = anno;
        tos = newTos;
        ttl = v[3];
        df = b[1];
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
        final Packet q = p.push(Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES);
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
        q.setU16(0, 0x4500 | tos);
        q.setU16(Ipv4Descriptor.TOTAL_LENGTH_OFFSET, q.length());
        q.setU16(Ipv4Descriptor.IDENTIFICATION_OFFSET, id);
        id = (id + 1) & 0xFFFF;
        q.setU16(Ipv4Descriptor.FLAGS_FRAGMENT_OFFSET, df ? Ipv4Descriptor.FLAG_DF : 0);
        q.setU16(Ipv4Descriptor.TTL_OFFSET, (ttl << 8) | proto);
        q.setU32(Ipv4Descriptor.SRC_OFFSET, src);
        q.setU32(Ipv4Descriptor.DST_OFFSET, d);
        Ipv4.setHeaderChecksum(q, 0, Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES);
        q.setNetworkHeader(0, Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES);
        return q;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("src", () -> IPAddressArg.unparse(src), org.jclick.dataplane.element.Handler.CALM);
        addWriteHandler("src", (value, errh) ->
        {
            try
            {
                src = IPAddressArg.INSTANCE.parse(value.strip(), argContext());
                return 0;
            }
            catch (final ArgException e)
            {
                return errh.error("SRC: " + e.getMessage());
            }
        });
        addReadHandler("dst", () -> useDstAnno ? "DST_ANNO" : IPAddressArg.unparse(dst),
            org.jclick.dataplane.element.Handler.CALM);
        addWriteHandler("dst", (value, errh) ->
        {
            final String w = value.strip();
            if ("DST_ANNO".equals(w))
            {
                useDstAnno = true;
                return 0;
            }
            try
            {
                dst = IPAddressArg.INSTANCE.parse(w, argContext());
                useDstAnno = false;
                return 0;
            }
            catch (final ArgException e)
            {
                return errh.error("DST argument should be IP address or 'DST_ANNO'");
            }
        });
    }
}
