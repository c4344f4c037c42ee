package org.jclick.dataplane.args;

/**
 * Click's {@code IPPrefixArg}: {@code ADDR/LEN} ({@code 10.0.0.0/8}, LEN decimal 0-32), {@code ADDR/MASK}
 * ({@code 10.0.0.0/255.0.0.0}; MASK may be an address name), or an {@code AddressInfo} prefix name. ADDR may be
 * short ({@code 10/8}, {@code 192.168/16}: missing parts are 0, and the mask may not reach into them, so
 * {@code 192.168/24} is an error) or an address name. {@link #ADDRESS_OR_PREFIX} (Click's
 * {@code IPPrefixArg(true)}) also takes a bare address, with mask 255.255.255.255. Errors:
 * {@code expected IP address prefix}, {@code expected IP address or prefix}.
 */
public final class IPPrefixArg implements ArgParser<Ip4Prefix>
{
    public static final IPPrefixArg PREFIX = new IPPrefixArg(false);
    public static final IPPrefixArg ADDRESS_OR_PREFIX = new IPPrefixArg(true);

    private final boolean allowBareAddress;

    private IPPrefixArg(final boolean allowBareAddress)
    {
        this.allowBareAddress = allowBareAddress;
    }

    @Override
    public Ip4Prefix parse(final String text, final ArgContext context)
    {
        final Ip4Prefix p = parseOrNull(text, context);
        if (p == null)
        {
            throw new ArgException(allowBareAddress ? "expected IP address or prefix" : "expected IP address prefix");
        }
        return p;
    }

    /** Click's order: {@code ADDR/MASK} (split at the last slash), then a bare address, then a prefix name. */
    private Ip4Prefix parseOrNull(final String text, final ArgContext context)
    {
        final int slash = text.lastIndexOf('/');
        if (slash > 0 && slash + 1 < text.length())
        {
            final Ip4Prefix p = withSlash(text.substring(0, slash), text.substring(slash + 1), context);
            if (p != null)
            {
                return p;
            }
        }
        if (allowBareAddress)
        {
            final Integer address = IPAddressArg.parseOrLookup(text, context);
            if (address != null)
            {
                return new Ip4Prefix(address, -1);
            }
        }
        final byte[] named = context.names().lookup(NameResolver.NameType.IP_PREFIX, text, context.elementName());
        if (named != null && named.length == 8)
        {
            return new Ip4Prefix(IPAddressArg.toInt(named, 0), IPAddressArg.toInt(named, 4));
        }
        return null;
    }

    private static Ip4Prefix withSlash(final String addrText, final String maskText, final ArgContext context)
    {
        final int address;
        final int parts;
        final long dotted = IPAddressArg.parseDotted(addrText, 1);
        if (dotted >= 0)
        {
            address = (int) dotted;
            parts = (int) (dotted >>> 32);
        }
        else
        {
            final byte[] named =
                context.names().lookup(NameResolver.NameType.IP_ADDRESS, addrText, context.elementName());
            if (named == null || named.length != 4)
            {
                return null;
            }
            address = IPAddressArg.toInt(named, 0);
            parts = 4;
        }
        final int mask;
        final java.math.BigInteger len = IntArg.parseInteger(maskText, true, 10);
        if (len != null && len.signum() >= 0 && len.compareTo(java.math.BigInteger.valueOf(32)) <= 0)
        {
            mask = Ip4Prefix.prefixMask(len.intValue());
        }
        else
        {
            final Integer m = IPAddressArg.parseOrLookup(maskText, context);
            if (m == null)
            {
                return null;
            }
            mask = m;
        }
        // a short address may not be masked beyond the parts written (Click: 192.168/24 is an error)
        if (parts < 4 && (mask & Ip4Prefix.prefixMask(parts * 8)) != mask)
        {
            return null;
        }
        return new Ip4Prefix(address, mask);
    }
}
