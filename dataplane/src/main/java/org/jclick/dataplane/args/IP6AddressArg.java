package org.jclick.dataplane.args;

/**
 * Click's {@code IP6AddressArg}: an IPv6 address in RFC 4291 text form ({@code fe80::1}, {@code ::1}, {@code ::},
 * full 8 groups, an embedded dotted-quad IPv4 address in the last 32 bits such as {@code ::ffff:10.0.0.1}) or a
 * name the {@link NameResolver} knows. Error: {@code expected IPv6 address}.
 */
public final class IP6AddressArg implements ArgParser<Ip6Address>
{
    public static final IP6AddressArg INSTANCE = new IP6AddressArg();

    private IP6AddressArg()
    {
    }

    @Override
    public Ip6Address parse(final String text, final ArgContext context)
    {
        final Ip6Address a = parseOrLookup(text, context);
        if (a == null)
        {
            throw new ArgException("expected IPv6 address");
        }
        return a;
    }

    static Ip6Address parseOrLookup(final String text, final ArgContext context)
    {
        final Ip6Address a = parseText(text);
        if (a != null)
        {
            return a;
        }
        final byte[] named = context.names().lookup(NameResolver.NameType.IP6_ADDRESS, text, context.elementName());
        return named != null && named.length == 16 ? Ip6Address.fromBytes(named, 0) : null;
    }

    /** RFC 4291 section 2.2 text; {@code null} if malformed. */
    static Ip6Address parseText(final String text)
    {
        final int n = text.length();
        if (n < 2)
        {
            return null;
        }
        final int[] groups = new int[8];
        int count = 0;
        int gap = -1;
        int i = 0;
        if (text.startsWith("::"))
        {
            gap = 0;
            i = 2;
            if (i == n)
            {
                return new Ip6Address(0, 0);
            }
        }
        else if (text.charAt(0) == ':')
        {
            return null;
        }
        while (true)
        {
            if (count == 8)
            {
                return null;
            }
            // an embedded IPv4 address ends the text and fills two groups
            final int nextColon = text.indexOf(':', i);
            if (nextColon < 0 && text.indexOf('.', i) >= 0)
            {
                final long v4 = IPAddressArg.parseDotted(text.substring(i), 4);
                if (v4 < 0 || count > 6)
                {
                    return null;
                }
                groups[count++] = (int) ((v4 >>> 16) & 0xFFFF);
                groups[count++] = (int) (v4 & 0xFFFF);
                break;
            }
            int value = 0;
            final int start = i;
            while (i < n && Character.digit(text.charAt(i), 16) >= 0 && text.charAt(i) < 128)
            {
                if (i - start == 4)
                {
                    return null;
                }
                value = (value << 4) | Character.digit(text.charAt(i), 16);
                i++;
            }
            if (i == start)
            {
                return null;
            }
            groups[count++] = value;
            if (i == n)
            {
                break;
            }
            if (text.charAt(i) != ':')
            {
                return null;
            }
            i++;
            if (i < n && text.charAt(i) == ':')
            {
                if (gap >= 0)
                {
                    return null;
                }
                gap = count;
                i++;
                if (i == n)
                {
                    break;
                }
            }
            else if (i == n)
            {
                return null;
            }
        }
        final int[] full = new int[8];
        if (gap >= 0)
        {
            if (count == 8)
            {
                return null;
            }
            System.arraycopy(groups, 0, full, 0, gap);
            System.arraycopy(groups, gap, full, 8 - (count - gap), count - gap);
        }
        else
        {
            if (count != 8)
            {
                return null;
            }
            System.arraycopy(groups, 0, full, 0, 8);
        }
        long hi = 0;
        long lo = 0;
        for (int g = 0; g < 4; g++)
        {
            hi = (hi << 16) | full[g];
            lo = (lo << 16) | full[g + 4];
        }
        return new Ip6Address(hi, lo);
    }
}
