package org.jclick.elements.modify;

import java.lang.foreign.MemorySegment;
import java.util.List;

import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.packet.Packet;

/** Click's Align. */
@ElementDoc(
    synopsis = "Align(MODULUS, OFFSET)",
    category = "basic mods",
    ports = "one agnostic input, one agnostic output",
    description = """
        Makes each packet's first data byte sit at a memory address equal to OFFSET modulo MODULUS, moving the
        data inside its buffer (or to a private buffer, when it is shared) if needed. Header annotations move with
        the data. Packets that cannot be moved are dropped (counted by 'drops').""",
    keywords = {
        "MODULUS: 2, 4, 8, 16, 32 or 64.",
        "OFFSET: integer, less than MODULUS."},
    handlers = {"drops (read): packets dropped"},
    example = "FromDevice(eth0) -> Align(4, 2) -> ...",
    seeAlso = {"AlignmentInfo"})
public final class Align extends SimpleElement
{
    private int modulus;
    private int offset;
    private long drops;

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        if (complete(args(conf)
            .readMandatoryPositional("MODULUS", IntArg.int32(), v -> modulus = v)
            .readMandatoryPositional("OFFSET", IntArg.int32(), v -> offset = v), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        if (modulus < 2 || modulus > 64 || Integer.bitCount(modulus) != 1)
        {
            return errh.error("bad modulus");
        }
        if (offset < 0 || offset >= modulus)
        {
            return errh.error("bad offset");
        }
        return 0;
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        final int mis = (int)((p.dataAddress() - offset) & (modulus - 1));
        if (mis == 0)
        {
            return p;
        }
        Packet q = p.uniqueify();
        if (q == null)
        {
            drops++;
            return null;
        }
        final int len = q.length();
        final int mac = q.hasMacHeader() ? q.macHeaderOffset() : Integer.MIN_VALUE;
        final int nh = q.hasNetworkHeader() ? q.networkHeaderOffset() : Integer.MIN_VALUE;
        final int nhl = q.hasNetworkHeader() ? q.networkHeaderLength() : 0;
        final int th = q.hasTransportHeader() ? q.transportHeaderOffset() : Integer.MIN_VALUE;
        final MemorySegment buf = q.buffer();
        final int off = q.dataOffset();
        if (q.headroom() >= mis)
        {
            MemorySegment.copy(buf, off, buf, off - mis, len);
            q.push(mis);
            q.take(mis);
        }
        else if (q.tailroom() >= modulus - mis)
        {
            final int fwd = modulus - mis;
            MemorySegment.copy(buf, off, buf, off + fwd, len);
            q = q.put(fwd);
            if (q == null)
            {
                drops++;
                return null;
            }
            q.pull(fwd);
        }
        else
        {
            drops++;
            q.kill();
            return null;
        }
        restore(q, mac, nh, nhl, th);
        return q;
    }

    private static void restore(final Packet q, final int mac, final int nh, final int nhl, final int th)
    {
        if (mac != Integer.MIN_VALUE && q.headroom() + mac >= 0)
        {
            q.setMacHeader(mac);
        }
        if (nh != Integer.MIN_VALUE && q.headroom() + nh >= 0)
        {
            q.setNetworkHeader(nh, nhl);
        }
        else if (th != Integer.MIN_VALUE && q.headroom() + th >= 0)
        {
            q.setTransportHeader(th);
        }
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("drops", () -> Long.toString(drops));
    }
}
