package org.jclick.elements.modify;

import java.util.List;

import org.jclick.dataplane.args.Args;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.packet.Packet;

/** Click's Clipboard. */
@ElementDoc(
    synopsis = "Clipboard(RANGE_1, ..., RANGE_N)",
    category = "basic mods",
    ports = "two agnostic inputs, two agnostic outputs",
    description = """
        Copies bytes from one packet to others. Each RANGE is OFFSET/LENGTH. A packet arriving on input 0 has the
        bytes of every range copied to the clipboard, and leaves unchanged on output 0. A packet arriving on input
        1 has the clipboard's bytes written back over the same ranges, and leaves on output 1; a packet too short
        for one of the ranges leaves unchanged. Each input/output pair may be push or pull. Before any packet has
        passed input 0 the clipboard holds zero bytes (Click leaves them undefined); bytes of a range that lie
        past the end of a packet on input 0 are not copied, and the clipboard keeps its old bytes there.""",
    keywords = {"RANGE: OFFSET/LENGTH, unsigned integers. Bytes to copy."},
    example = "c :: Clipboard(0/1, 9/1);  src0 -> [0]c[0] -> Discard;  src1 -> [1]c[1] -> Print(CONTENTS ASCII) -> ...",
    seeAlso = {"Strip", "Unstrip"})
public final class Clipboard extends Element
{
    private int[] offsets = new int[0];
    private int[] lengths = new int[0];
    private byte[] clipboard = new byte[0];
    private int minPacketLength;

    @Override
    public String portCount()
    {
        return "2/2";
    }

    @Override
    public String processing()
    {
        return AGNOSTIC;
    }

    @Override
    public String flowCode()
    {
        return "#/#";
    }

    @Override
    public boolean canLiveReconfigure()
    {
        return true;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final int[] offs = new int[conf.size()];
        final int[] lens = new int[conf.size()];
        long size = 0;
        long minLength = 0;
        for (int argNo = 0; argNo < conf.size(); argNo++)
        {
            final String arg = conf.get(argNo);
            final int i = arg.indexOf('/');
            if (i <= 0 || i >= arg.length() - 1)
            {
                return errh.error("range " + argNo + ": expected '/' between offset and length");
            }
            final long[] v = {0, 0};
            final Args a = args(List.of(arg.substring(0, i), arg.substring(i + 1)))
                .readMandatoryPositional("OFFSET", IntArg.uint32(), x -> v[0] = x)
                .readMandatoryPositional("LENGTH", IntArg.uint32(), x -> v[1] = x);
            if (complete(a, errh) < 0)
            {
                return errh.error("range " + argNo + ": invalid offset or length");
            }
            if (v[0] + v[1] > Integer.MAX_VALUE)
            {
                return errh.error("range " + argNo + ": invalid offset or length");
            }
            offs[argNo] = (int)v[0];
            lens[argNo] = (int)v[1];
            size += v[1];
            minLength = Math.max(minLength, v[0] + v[1]);
        }
        if (size > Integer.MAX_VALUE)
        {
            return errh.error("clipboard too large");
        }
        offsets = offs;
        lengths = lens;
        if (clipboard.length != size)
        {
            final byte[] c = new byte[(int)size];
            System.arraycopy(clipboard, 0, c, 0, Math.min(c.length, clipboard.length));
            clipboard = c;
        }
        minPacketLength = (int)minLength;
        return 0;
    }

    @Override
    public void push(final int port, final Packet p)
    {
        if (port == 0)
        {
            copy(p);
            output(0).push(p);
        }
        else
        {
            final Packet q = paste(p);
            if (q != null)
            {
                output(1).push(q);
            }
        }
    }

    @Override
    public Packet pull(final int port)
    {
        final Packet p = input(port).pull();
        if (p == null)
        {
            return null;
        }
        if (port == 0)
        {
            copy(p);
            return p;
        }
        return paste(p);
    }

    private void copy(final Packet p)
    {
        final int len = p.length();
        int dst = 0;
        for (int i = 0; i < offsets.length; i++)
        {
            final int off = offsets[i];
            final int n = Math.min(lengths[i], Math.max(0, len - off));
            if (n > 0)
            {
                p.copyTo(off, clipboard, dst, n);
            }
            dst += lengths[i];
        }
    }

    private Packet paste(final Packet p)
    {
        if (p.length() < minPacketLength)
        {
            return p;
        }
        final Packet q = p.uniqueify();
        if (q == null)
        {
            return null;
        }
        int src = 0;
        for (int i = 0; i < offsets.length; i++)
        {
            if (lengths[i] > 0)
            {
                q.copyFrom(offsets[i], clipboard, src, lengths[i]);
            }
            src += lengths[i];
        }
        return q;
    }
}
