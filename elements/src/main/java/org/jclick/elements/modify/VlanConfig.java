package org.jclick.elements.modify;

import java.util.Locale;

import org.jclick.dataplane.args.Args;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.args.StringArg;
import org.jclick.dataplane.element.ErrorHandler;

/** The VLAN arguments shared by VLANEncap, EtherVLANEncap and SetVLANAnno: VLAN_TCI or VLAN_ID, and VLAN_PCP. */
final class VlanConfig
{
    final Args.Value<String> tci = new Args.Value<>();
    final Args.Value<Integer> pcp = new Args.Value<>();
    final Args.Value<Integer> id = new Args.Value<>();

    /** Reads VLAN_TCI and VLAN_PCP by position (as the arguments at this point), and VLAN_ID. */
    Args read(final Args args)
    {
        return args
            .readPositional("VLAN_TCI", StringArg.ANY, tci)
            .readPositional("VLAN_PCP", IntArg.uint8(), pcp)
            .read("VLAN_ID", IntArg.uint16(), id);
    }

    /** True when VLAN_TCI was ANNO. */
    boolean anno()
    {
        return tci.isPresent() && tci.get().trim().toUpperCase(Locale.ROOT).equals("ANNO");
    }

    /**
     * The configured TCI (host order), or -1 after reporting an error to {@code errh}. As in Click, VLAN_TCI wins
     * when both it and VLAN_ID are given, neither means VLAN ID 0, and VLAN_PCP is or-ed into the top three bits.
     */
    int value(final ErrorHandler errh, final boolean allowAnno)
    {
        if (pcp.isPresent() && pcp.get() > 7)
        {
            errh.error("VLAN_PCP: out of range, bound 7");
            return -1;
        }
        if (id.isPresent() && id.get() > 0xFFF)
        {
            errh.error("VLAN_ID: out of range, bound 4095");
            return -1;
        }
        int value;
        if (!tci.isPresent())
        {
            value = id.isPresent() ? id.get() : 0;
        }
        else if (anno())
        {
            if (!allowAnno)
            {
                errh.error("VLAN_TCI: expected unsigned integer");
                return -1;
            }
            value = 0;
        }
        else
        {
            try
            {
                value = IntArg.uint16().parse(tci.get().trim(), org.jclick.dataplane.args.ArgContext.EMPTY);
            }
            catch (final org.jclick.dataplane.args.ArgException e)
            {
                errh.error("VLAN_TCI: " + e.getMessage());
                return -1;
            }
        }
        if (pcp.isPresent())
        {
            value |= pcp.get() << 13;
        }
        return value;
    }
}
