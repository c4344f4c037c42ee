package org.jclick.dataplane.args;

/**
 * Click's {@code IPAddressArg}: a dotted-quad IPv4 address ({@code 10.0.0.1}; four decimal parts, each 0-255) or a
 * name the {@link NameResolver} knows ({@code AddressInfo}). The value is the address as an {@code int} in network
 * order (first octet in the high byte). Error: {@code expected IP address}.
 */
public final class IPAddressArg implements ArgParser<Integer>
{
    public static final IPAddressArg INSTANCE = new IPAddressArg();

    private IPAddressArg()
    {
    }

    @Override
    public Integer parse(final String text, final ArgContext context)
    {
        final Integer v = parseOrLookup(text, context);
        if (v == null)
        {
            throw new ArgException("expected IP address");
        }
        return v;
    }

    /** A full address or a name; {@code null} if neither. */
    static Integer parseOrLookup(final String text, final ArgContext context)
    {
        final long v = parseDotted(text, 4);
        if (v >= 0)
        {
            return (int) v;
        }
        final byte[] named = context.names().lookup(NameResolver.NameType.IP_ADDRESS, text, context.elementName());
        if (named != null && named.length == 4)
        {
            return toInt(named, 0);
        }
        return null;
    }

    /**
     * Click's dotted-decimal syntax ({@code IPAddressArg::basic_parse}) with between {@code minParts} and 4 parts,
     * each 0-255 (leading zeros allowed, still decimal); missing trailing parts are 0, as in prefixes like
     * {@code 10/8}. Returns the address in the low 32 bits and the number of parts in bits 32-34, or -1 if
     * malformed.
     */
    static long parseDotted(final String text, final int minParts)
    {
        final int n = text.length();
        int value = 0;
        int parts = 0;
        int i = 0;
        while (true)
        {
            int part = 0;
            final int start = i;
            while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9')
            {
                part = part * 10 + (text.charAt(i) - '0');
                if (part > 255)
                {
                    return -1;
                }
                i++;
            }
            if (i == start)
            {
                return -1;
            }
            value = (value << 8) | part;
            parts++;
            if (i == n)
            {
                break;
            }
            if (text.charAt(i) != '.' || parts == 4)
            {
                return -1;
            }
            i++;
        }
        if (parts < minParts)
        {
            return -1;
        }
        return ((long) parts << 32) | Integer.toUnsignedLong(parts == 4 ? value : value << (8 * (4 - parts)));
    }

    static int toInt(final byte[] b, final int off)
    {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    /** Dotted-quad text of a network-order address. */
    public static String unparse(final int address)
    {
        return (address >>> 24) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "."
            + (address & 0xFF);
    }
}
