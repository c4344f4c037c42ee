package org.jclick.dataplane.args;

/**
 * Click's {@code IPPrefixArg}: {@code ADDR/LEN} ({@code 10.0.0.0/8}, LEN 0-32), {@code ADDR/MASK}
 * ({@code 10.0.0.0/255.0.0.0}), or an {@code AddressInfo} prefix name. ADDR may be short ({@code 10/8},
 * {@code 192.168/16}: missing parts are 0) or an address name. {@link #ADDRESS_OR_PREFIX} (Click's
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

    private Ip4Prefix parseOrNull(final String text, final ArgContext context)
    {
        final int slash = text.indexOf('/');
        if (slash >= 0)
        {
            final String addrText = text.substring(0, slash);
            final String maskText = text.substring(slash + 1);
            Integer address = null;
            final long dotted = IPAddressArg.parseDotted(addrText, 1);
            if (dotted >= 0)
            {
                address = (int) dotted;
            }
            else
            {
                final byte[] named =
                    context.names().lookup(NameResolver.NameType.IP_ADDRESS, addrText, context.elementName());
                if (named != null && named.length == 4)
                {
                    address = IPAddressArg.toInt(named, 0);
                }
            }
            if (address == null)
            {
                return null;
            }
            final Integer mask = parseMask(maskText);
            return mask == null ? null : new Ip4Prefix(address, mask);
        }
        final byte[] named = context.names().lookup(NameResolver.NameType.IP_PREFIX, text, context.elementName());
        if (named != null && named.length == 8)
        {
            return new Ip4Prefix(IPAddressArg.toInt(named, 0), IPAddressArg.toInt(named, 4));
        }
        if (allowBareAddress)
        {
            final Integer address = IPAddressArg.parseOrLookup(text, context);
            if (address != null)
            {
                return new Ip4Prefix(address, -1);
            }
        }
        return null;
    }

    private static Integer parseMask(final String text)
    {
        if (!text.isEmpty() && text.length() <= 2 && text.chars().allMatch(c -> c >= '0' && c <= '9'))
        {
            final int len = Integer.parseInt(text);
            return len <= 32 ? Ip4Prefix.prefixMask(len) : null;
        }
        final long mask = IPAddressArg.parseDotted(text, 4);
        return mask >= 0 ? (int) mask : null;
    }
}
