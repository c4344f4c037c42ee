package org.jclick.elements.ip;

import java.util.List;

import org.jclick.dataplane.args.ArgException;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.ip.Ipv4;
import org.jclick.dataplane.ip.Ipv4Descriptor;
import org.jclick.dataplane.packet.Packet;

/** Click's SetIPDSCP. */
@ElementDoc(
    synopsis = "SetIPDSCP(DSCP)",
    category = "ip",
    ports = "one agnostic input, one agnostic output",
    description = """
        Sets the Differentiated Services code point (the upper six bits of the TOS byte) of the IP header the
        network header annotation marks to DSCP, keeping the two ECN bits, and updates the header checksum
        incrementally. Packets without a network header annotation are dropped and counted.""",
    keywords = {"DSCP: integer 0-63."},
    handlers = {
        "dscp (read/write): the DSCP value",
        "drops (read): packets without an IP header"},
    example = "... -> SetIPDSCP(46) -> ...",
    seeAlso = {"IPEncap", "MarkIPCE"})
public final class SetIPDSCP extends SimpleElement
{
    private int dscp;
    private long drops;

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final int[] d = {0};
        if (complete(args(conf).readMandatoryPositional("DSCP", IntArg.uint32(), v -> d[0] = (int)Math.min(v, 64)),
            errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        if (d[0] > 0x3F)
        {
            return errh.error("diffserv code point out of range");
        }
        dscp = d[0];
        return 0;
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        final int nh = p.hasNetworkHeader() ? p.networkHeaderOffset() : -1;
        if (nh < 0 || p.length() < nh + Ipv4Descriptor.MIN_HEADER_LENGTH_BYTES)
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
        final int word = q.u16(nh);
        Ipv4.setU16Updating(q, nh, (word & 0xFF03) | (dscp << 2), nh + Ipv4Descriptor.CHECKSUM_OFFSET);
        return q;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("dscp", () -> Integer.toString(dscp));
        addWriteHandler("dscp", (value, errh) ->
        {
            try
            {
                final long v = IntArg.uint32().parse(value.strip(), argContext());
                if (v > 0x3F)
                {
                    return errh.error("diffserv code point out of range");
                }
                dscp = (int)v;
                setConfiguration(Integer.toString(dscp));
                return 0;
            }
            catch (final ArgException e)
            {
                return errh.error("DSCP: " + e.getMessage());
            }
        });
        addReadHandler("drops", () -> Long.toString(drops));
    }
}
