package org.jclick.elements.ip;

import java.util.List;

import org.jclick.dataplane.args.ArgException;
import org.jclick.dataplane.args.ArgParser;
import org.jclick.dataplane.args.Args;
import org.jclick.dataplane.args.BoolArg;
import org.jclick.dataplane.args.ConfigurationException;
import org.jclick.dataplane.args.IPPrefixArg;
import org.jclick.dataplane.args.Ip4Prefix;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.ip.Ipv4;
import org.jclick.dataplane.ip.Ipv4Descriptor;
import org.jclick.dataplane.packet.Packet;
import org.jclick.lang.ConfigStrings;

/** CheckIPHeader and CheckIPHeader2: the checks, with the checksum check on or off by default. */
abstract class IpHeaderCheck extends HeaderChecker
{
    static final int TINY = 0;
    static final int BAD_VERSION = 1;
    static final int BAD_HLEN = 2;
    static final int BAD_IP_LEN = 3;
    static final int BAD_CHECKSUM = 4;
    static final int BAD_SADDR = 5;

    private static final int[] NONE = new int[0];

    private final boolean checksumByDefault;
    int offset;
    boolean checksum;
    int[] badSrc = NONE;
    int[] goodDst = NONE;

    IpHeaderCheck(final boolean checksumByDefault)
    {
        super("IP", "tiny packet", "bad IP version", "bad IP header length", "bad IP length", "bad IP checksum",
            "bad source address");
        this.checksumByDefault = checksumByDefault;
    }

    /** INTERFACES: address/prefix words; each gives its broadcast address to BADSRC and its address to GOODDST. */
    private static final ArgParser<int[][]> INTERFACES = (text, context) ->
    {
        final List<String> words = ConfigStrings.spacevec(text);
        final int[] bad = new int[words.size() + 2];
        final int[] good = new int[words.size()];
        for (int i = 0; i < words.size(); i++)
        {
            final Ip4Prefix prefix = IPPrefixArg.ADDRESS_OR_PREFIX.parse(words.get(i), context);
            bad[i] = (prefix.address() & prefix.mask()) | ~prefix.mask();
            good[i] = prefix.address();
        }
        bad[words.size()] = 0;
        bad[words.size() + 1] = 0xFFFFFFFF;
        return new int[][] {bad, good};
    };

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final int[][] interfaces = {null, null};
        final Args.Value<int[]> bad = new Args.Value<>();
        final Args.Value<int[]> good = new Args.Value<>();
        final long[] off = {0};
        final boolean[] flags = {false, false, checksumByDefault};
        final Args a = args(conf)
            .read("INTERFACES", INTERFACES, v ->
            {
                interfaces[0] = v[0];
                interfaces[1] = v[1];
            })
            .read("BADSRC", IpArgs.ADDRESS_LIST, bad)
            .read("GOODDST", IpArgs.ADDRESS_LIST, good)
            .read("OFFSET", IntArg.uint32(), v -> off[0] = v)
            .read("VERBOSE", BoolArg.INSTANCE, v -> flags[0] = v)
            .read("DETAILS", BoolArg.INSTANCE, v -> flags[1] = v)
            .read("CHECKSUM", BoolArg.INSTANCE, v -> flags[2] = v);
        List<String> rest;
        try
        {
            rest = a.consume();
        }
        catch (final ConfigurationException e)
        {
            e.errors().forEach(errh::error);
            return ErrorHandler.FAILURE;
        }
        int[] badSrcNew = interfaces[0] != null ? interfaces[0] : NONE;
        int[] goodDstNew = interfaces[1] != null ? interfaces[1] : NONE;
        if (bad.isPresent())
        {
            badSrcNew = IpArgs.concat(badSrcNew, bad.get());
        }
        if (good.isPresent())
        {
            goodDstNew = IpArgs.concat(goodDstNew, good.get());
        }
        if (rest.size() == 1 && isUnsigned(rest.get(0)))
        {
            off[0] = IntArg.uint32().parse(rest.get(0), argContext());
        }
        else if (!rest.isEmpty())
        {
            // the old form: CheckIPHeader(BADSRC [, OFFSET]), where BADSRC also makes 0.0.0.0 and 255.255.255.255 bad
            final Args.Value<int[]> old = new Args.Value<>();
            if (complete(args(rest)
                .readPositional("BADSRC", IpArgs.ADDRESS_LIST, old)
                .readPositional("OFFSET", IntArg.uint32(), v -> off[0] = v), errh) < 0)
            {
                return ErrorHandler.FAILURE;
            }
            if (old.isPresent())
            {
                badSrcNew = IpArgs.concat(badSrcNew, IpArgs.concat(old.get(), 0, 0xFFFFFFFF));
            }
        }
        if (off[0] > Integer.MAX_VALUE)
        {
            return errh.error("OFFSET: out of range");
        }
        offset = (int)off[0];
        verbose = flags[0];
        setDetails(flags[1]);
        checksum = flags[2];
        badSrc = badSrcNew;
        goodDst = goodDstNew;
        return 0;
    }

    private boolean isUnsigned(final String s)
    {
        try
        {
            IntArg.uint32().parse(s, argContext());
            return true;
        }
        catch (final ArgException e)
        {
            return false;
        }
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        final int off = offset;
        final int plen = p.length() - off;
        if (plen < Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES)
        {
            return drop(TINY, p);
        }
        final int vhl = p.u8(off);
        if ((vhl >>> 4) != 4)
        {
            return drop(BAD_VERSION, p);
        }
        final int hlen = (vhl & 0x0F) << 2;
        if (hlen < Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES)
        {
            return drop(BAD_HLEN, p);
        }
        final int len = p.u16(off + Ipv4Descriptor.TOTAL_LENGTH_OFFSET);
        if (len > plen || len < hlen)
        {
            return drop(BAD_IP_LEN, p);
        }
        if (checksum && Ipv4.checksum(p, off, hlen) != 0)
        {
            return drop(BAD_CHECKSUM, p);
        }
        final int dst = p.u32(off + Ipv4Descriptor.DST_OFFSET);
        if (badSrc.length > 0 && IpArgs.contains(badSrc, p.u32(off + Ipv4Descriptor.SRC_OFFSET))
            && !IpArgs.contains(goodDst, dst))
        {
            return drop(BAD_SADDR, p);
        }
        p.setNetworkHeader(off, hlen);
        if (plen > len)
        {
            p.take(plen - len);
        }
        p.setDstIpAnno(dst);
        return p;
    }

    @Override
    public void addHandlers()
    {
        super.addHandlers();
        addReadHandler("offset", () -> Integer.toString(offset));
    }
}
