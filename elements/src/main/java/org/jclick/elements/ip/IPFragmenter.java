package org.jclick.elements.ip;

import java.util.List;

import org.jclick.dataplane.args.BoolArg;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.ip.Ipv4;
import org.jclick.dataplane.ip.Ipv4Descriptor;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketAllocator;

/** Click's IPFragmenter. */
@ElementDoc(
    synopsis = "IPFragmenter(MTU [, keywords HONOR_DF, VERBOSE, HEADROOM])",
    category = "ip",
    ports = "one push input; one push output, and an optional push output for packets that may not be fragmented",
    description = """
        Splits IP packets longer than MTU bytes (counted from the network header annotation) into fragments of
        at most MTU bytes, per RFC 791: every fragment but the last carries a multiple of 8 payload bytes and the
        More Fragments flag, and fragment offsets and total lengths are set, with fresh header checksums. The
        first fragment keeps the original header and options; later ones keep only the options marked to be
        copied (the high bit of the option type), padded to a multiple of 4 bytes. Packets that fit pass
        unchanged.

        A packet with Don't Fragment set (when HONOR_DF is true), or whose header leaves no room for 8 payload
        bytes, is counted and sent to output 1 if it is connected (typically to ICMPError for 'needfrag'), or
        dropped. When HONOR_DF is false and the flag is set, the flag is cleared and the identification replaced
        by a random one. The first few such packets are reported (all with VERBOSE).""",
    keywords = {
        "MTU: unsigned, at least 8. Largest packet passed on.",
        "HONOR_DF: boolean. Refuse packets with Don't Fragment set. Default true.",
        "VERBOSE: boolean. Report every refused packet. Default false.",
        "HEADROOM: unsigned. Headroom of the later fragments' buffers. Default the allocator's."},
    handlers = {
        "drops (read): packets refused",
        "fragments (read): fragments emitted"},
    example = "... -> IPFragmenter(1500) -> EtherEncap(...) -> ...;  frag[1] -> ICMPError(10.0.0.1, unreachable, needfrag) -> ...",
    seeAlso = {"ICMPError", "IPReassembler", "CheckLength"})
public final class IPFragmenter extends Element
{
    private int mtu;
    private boolean honorDf = true;
    private boolean verbose;
    private int headroom = PacketAllocator.DEFAULT_HEADROOM_BYTES;
    private long drops;
    private long fragments;
    private long random = 0x9E3779B97F4A7C15L;

    @Override
    public String portCount()
    {
        return PORTS_1_1X2;
    }

    @Override
    public String processing()
    {
        return PUSH;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final long[] v = {0, PacketAllocator.DEFAULT_HEADROOM_BYTES};
        final boolean[] b = {true, false};
        if (complete(args(conf)
            .readMandatoryPositional("MTU", IntArg.uint32(), x -> v[0] = x)
            .readPositional("HONOR_DF", BoolArg.INSTANCE, x -> b[0] = x)
            .readPositional("VERBOSE", BoolArg.INSTANCE, x -> b[1] = x)
            .read("HEADROOM", IntArg.uint32(), x -> v[1] = x), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        if (v[0] < 8)
        {
            return errh.error("MTU must be at least 8");
        }
        mtu = (int)Math.min(v[0], 0xFFFF);
        headroom = (int)Math.min(v[1], 4096);
        honorDf = b[0];
        verbose = b[1];
        return 0;
    }

    @Override
    public void push(final int port, final Packet p)
    {
        if (!p.hasNetworkHeader() || p.networkHeaderOffset() < 0)
        {
            refuse(p);
            return;
        }
        if (p.length() - p.networkHeaderOffset() <= mtu)
        {
            output(0).push(p);
            return;
        }
        fragment(p);
    }

    private void refuse(final Packet p)
    {
        if (verbose || drops < 5)
        {
            // Click's diagnostic, for the first few refused packets only (every one with VERBOSE)
            final int nh = p.hasNetworkHeader() ? p.networkHeaderOffset() : -1;
            final boolean ip = nh >= 0 && p.length() >= nh + Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES;
            System.err.println("IPFragmenter(" + mtu + ") DF "
                + (ip ? org.jclick.dataplane.args.IPAddressArg.unparse(p.u32(nh + Ipv4Descriptor.SRC_OFFSET)) + " "
                + org.jclick.dataplane.args.IPAddressArg.unparse(p.u32(nh + Ipv4Descriptor.DST_OFFSET)) : "-")
                + " len=" + p.length());
        }
        drops++;
        checkedOutputPush(1, p);
    }

    /** The length of the options of the header at {@code nh} that later fragments copy, padded to 4 bytes. */
    private static int copiedOptionsLength(final Packet p, final int nh, final int hlen, final Packet out,
        final int outOffset)
    {
        final int optsLen = hlen - Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES;
        final int in = nh + Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES;
        int outPos = 0;
        int i = 0;
        while (i < optsLen)
        {
            final int opt = p.u8(in + i);
            final int optLen;
            if (opt == Ipv4Descriptor.OPT_NOP)
            {
                optLen = 1;
            }
            else if (opt == Ipv4Descriptor.OPT_EOL || i + 1 >= optsLen)
            {
                break;
            }
            else
            {
                optLen = p.u8(in + i + 1);
                if (optLen < 2 || i + optLen > optsLen)
                {
                    break;
                }
            }
            if ((opt & 0x80) != 0)
            {
                if (out != null)
                {
                    for (int k = 0; k < optLen; k++)
                    {
                        out.setU8(outOffset + outPos + k, p.u8(in + i + k));
                    }
                }
                outPos += optLen;
            }
            i += optLen;
        }
        while ((outPos & 3) != 0)
        {
            if (out != null)
            {
                out.setU8(outOffset + outPos, Ipv4Descriptor.OPT_EOL);
            }
            outPos++;
        }
        return outPos;
    }

    private void fragment(final Packet in)
    {
        final int nh0 = in.networkHeaderOffset();
        if (in.length() < nh0 + Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES)
        {
            refuse(in);
            return;
        }
        final int hlen = Ipv4.headerLength(in, nh0);
        final int firstDlen = (mtu - hlen) & ~7;
        final int inDlen = Math.min(in.u16(nh0 + Ipv4Descriptor.TOTAL_LENGTH_OFFSET), in.length() - nh0) - hlen;
        if (hlen < Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES || inDlen < 0
            || ((in.u16(nh0 + Ipv4Descriptor.FLAGS_FRAGMENT_OFFSET) & Ipv4Descriptor.FLAG_DF) != 0 && honorDf)
            || firstDlen < 8)
        {
            refuse(in);
            return;
        }
        final Packet p = in.uniqueify();
        if (p == null)
        {
            return;
        }
        final int nh = p.networkHeaderOffset();
        int flags = p.u16(nh + Ipv4Descriptor.FLAGS_FRAGMENT_OFFSET);
        if ((flags & Ipv4Descriptor.FLAG_DF) != 0)
        {
            p.setU16(nh + Ipv4Descriptor.IDENTIFICATION_OFFSET, nextRandom() & 0xFFFF);
            flags &= ~Ipv4Descriptor.FLAG_DF;
        }
        final boolean hadMf = (flags & Ipv4Descriptor.FLAG_MF) != 0;
        p.setU16(nh + Ipv4Descriptor.TOTAL_LENGTH_OFFSET, hlen + firstDlen);
        p.setU16(nh + Ipv4Descriptor.FLAGS_FRAGMENT_OFFSET, flags | Ipv4Descriptor.FLAG_MF);
        Ipv4.setHeaderChecksum(p, nh, hlen);

        final Packet first = p.clone();
        if (first == null)
        {
            drops++;
            p.kill();
            return;
        }
        first.take(first.length() - nh - hlen - firstDlen);
        output(0).push(first);
        fragments++;

        final int outHlen = Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES + copiedOptionsLength(p, nh, hlen, null, 0);
        final int baseOffset = flags & Ipv4Descriptor.FRAGMENT_OFFSET_MASK;
        for (int off = firstDlen; off < inDlen; )
        {
            int outDlen = (mtu - outHlen) & ~7;
            if (outDlen + off > inDlen)
            {
                outDlen = inDlen - off;
            }
            final Packet q = router().allocatorFor(this).make(headroom, outHlen + outDlen);
            if (q != null)
            {
                q.copyAnnotations(p);
                q.copyFrom(0, p.buffer(), p.dataOffset() + nh, Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES);
                copiedOptionsLength(p, nh, hlen, q, Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES);
                q.copyFrom(outHlen, p.buffer(), p.dataOffset() + nh + hlen + off, outDlen);
                q.setU8(0, 0x40 | (outHlen >>> 2));
                int qFlags = (flags & ~Ipv4Descriptor.FRAGMENT_OFFSET_MASK) | Ipv4Descriptor.FLAG_MF
                    | ((baseOffset + (off >>> 3)) & Ipv4Descriptor.FRAGMENT_OFFSET_MASK);
                if (outDlen + off >= inDlen && !hadMf)
                {
                    qFlags &= ~Ipv4Descriptor.FLAG_MF;
                }
                q.setU16(Ipv4Descriptor.FLAGS_FRAGMENT_OFFSET, qFlags);
                q.setU16(Ipv4Descriptor.TOTAL_LENGTH_OFFSET, outHlen + outDlen);
                Ipv4.setHeaderChecksum(q, 0, outHlen);
                q.setNetworkHeader(0, outHlen);
                output(0).push(q);
                fragments++;
            }
            off += outDlen;
        }
        p.kill();
    }

    private int nextRandom()
    {
        long x = random;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        random = x;
        return (int)(x >>> 16);
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("drops", () -> Long.toString(drops));
        addReadHandler("fragments", () -> Long.toString(fragments));
    }
}
