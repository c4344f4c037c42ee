package org.jclick.elements.ethernet;

import org.jclick.dataplane.args.ArgException;
import org.jclick.dataplane.args.EtherAddress;
import org.jclick.dataplane.args.EtherAddressArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.packet.Packet;

/** Ethernet header layout and helpers the Ethernet elements share. */
final class Ether
{
    static final int DST_OFFSET = 0;
    static final int SRC_OFFSET = 6;
    static final int TYPE_OFFSET = 12;
    static final int HEADER_LENGTH_BYTES = 14;

    private Ether()
    {
    }

    /** Writes the 48-bit address {@code value} at {@code offset} (allocation-free). */
    static void put(final Packet p, final int offset, final long value)
    {
        p.setU16(offset, (int)(value >>> 32));
        p.setU32(offset + 2, (int)value);
    }

    /** The 48-bit address at {@code offset}. */
    static long get(final Packet p, final int offset)
    {
        return ((long)p.u16(offset) << 32) | Integer.toUnsignedLong(p.u32(offset + 2));
    }

    /** Click's unparse of an Ethernet address: lower-case hex octets joined by colons. */
    static String unparse(final long value)
    {
        return new EtherAddress(value).toString().toLowerCase(java.util.Locale.ROOT);
    }

    /** A write handler body: parses an address, or reports Click's error. Returns the value, or -1. */
    static long parse(final Element e, final String value, final String what, final ErrorHandler errh)
    {
        try
        {
            return EtherAddressArg.INSTANCE.parse(value.strip(), e.argContext()).value();
        }
        catch (final ArgException ex)
        {
            errh.error(what + ": expected Ethernet address");
            return -1;
        }
    }
}
