package org.jclick.dataplane.args;

/**
 * Click's {@code IP6PrefixArg}: {@code ADDR/LEN} ({@code fe80::/10}, LEN 0-128), {@code ADDR/MASK} with a
 * contiguous IPv6 mask, or an {@code AddressInfo} prefix name; ADDR as {@link IP6AddressArg}.
 * {@link #ADDRESS_OR_PREFIX} also takes a bare address as a /128. Errors: {@code expected IPv6 address prefix},
 * {@code expected IPv6 address or prefix}.
 */
public final class IP6PrefixArg implements ArgParser<Ip6Prefix>
{
    public static final IP6PrefixArg PREFIX = new IP6PrefixArg(false);
    public static final IP6PrefixArg ADDRESS_OR_PREFIX = new IP6PrefixArg(true);

    private final boolean allowBareAddress;

    private IP6PrefixArg(final boolean allowBareAddress)
    {
        this.allowBareAddress = allowBareAddress;
    }

    @Override
    public Ip6Prefix parse(final String text, final ArgContext context)
    {
        final Ip6Prefix p = parseOrNull(text, context);
        if (p == null)
        {
            throw new ArgException(
                allowBareAddress ? "expected IPv6 address or prefix" : "expected IPv6 address prefix");
        }
        return p;
    }

    private Ip6Prefix parseOrNull(final String text, final ArgContext context)
    {
        final int slash = text.indexOf('/');
        if (slash >= 0)
        {
            final Ip6Address address = IP6AddressArg.parseOrLookup(text.substring(0, slash), context);
            if (address == null)
            {
                return null;
            }
            final String maskText = text.substring(slash + 1);
            if (!maskText.isEmpty() && maskText.length() <= 3 && maskText.chars().allMatch(c -> c >= '0' && c <= '9'))
            {
                final int len = Integer.parseInt(maskText);
                return len <= 128 ? new Ip6Prefix(address, len) : null;
            }
            final Ip6Address mask = IP6AddressArg.parseText(maskText);
            if (mask == null || mask.maskLength() < 0)
            {
                return null;
            }
            return new Ip6Prefix(address, mask.maskLength());
        }
        final byte[] named = context.names().lookup(NameResolver.NameType.IP6_PREFIX, text, context.elementName());
        if (named != null && named.length == 17 && (named[16] & 0xFF) <= 128)
        {
            return new Ip6Prefix(Ip6Address.fromBytes(named, 0), named[16] & 0xFF);
        }
        if (allowBareAddress)
        {
            final Ip6Address address = IP6AddressArg.parseOrLookup(text, context);
            if (address != null)
            {
                return new Ip6Prefix(address, 128);
            }
        }
        return null;
    }
}
