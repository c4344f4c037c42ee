package org.jclick.elements.modify;

import java.util.List;

import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.packet.Packet;

/** Click's SetVLANAnno. */
@ElementDoc(
    synopsis = "SetVLANAnno(VLAN_TCI [, VLAN_PCP, KEYWORDS])",
    category = "ethernet",
    ports = "one agnostic input, one agnostic output",
    description = """
        Sets each packet's VLAN TCI annotation: to VLAN_TCI, or to VLAN_ID, with VLAN_PCP (the priority, 0-7) in
        the top three bits when given.""",
    keywords = {
        "VLAN_TCI: 16-bit TCI.",
        "VLAN_ID: VLAN ID, 0-4095 (instead of VLAN_TCI).",
        "VLAN_PCP: priority code point, 0-7."},
    handlers = {"vlan_tci, vlan_id, vlan_pcp (read/write): the annotation value and its parts"},
    example = "... -> SetVLANAnno(VLAN_ID 10) -> VLANEncap(ANNO) -> ...",
    seeAlso = {"VLANEncap", "VLANDecap", "EtherVLANEncap"})
public final class SetVLANAnno extends SimpleElement
{
    private int tci;

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final VlanConfig v = new VlanConfig();
        if (complete(v.read(args(conf)), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        final int t = v.value(errh, false);
        if (t < 0)
        {
            return ErrorHandler.FAILURE;
        }
        tci = t;
        return 0;
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        p.setVlanTciAnno(tci);
        return p;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("vlan_tci", () -> Integer.toString(tci));
        addReadHandler("vlan_id", () -> Integer.toString(tci & 0xFFF));
        addReadHandler("vlan_pcp", () -> Integer.toString(tci >>> 13));
        addWriteHandler("vlan_tci", (v, errh) -> write(v, errh, 0xFFFF, 0, 0xFFFF));
        addWriteHandler("vlan_id", (v, errh) -> write(v, errh, 0xFFF, 0, 0xFFF));
        addWriteHandler("vlan_pcp", (v, errh) -> write(v, errh, 7, 13, 0xE000));
    }

    private int write(final String v, final ErrorHandler errh, final int max, final int shift, final int mask)
    {
        final int n;
        try
        {
            n = IntArg.uint16().parse(v.trim(), argContext());
        }
        catch (final org.jclick.dataplane.args.ArgException e)
        {
            return errh.error(e.getMessage());
        }
        if (n > max)
        {
            return errh.error("out of range, bound " + max);
        }
        tci = (tci & ~mask) | (n << shift);
        return 0;
    }
}
