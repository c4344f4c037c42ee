package org.jclick.dataplane.args;

/**
 * Click's {@code EtherAddressArg}: six hexadecimal octets of one or two digits separated by colons
 * ({@code 00:11:22:33:44:55}, {@code 0:1:2:3:4:5}) or by dashes ({@code 00-11-22-33-44-55}), one separator
 * throughout; or a name the {@link NameResolver} knows. Error: {@code expected Ethernet address}.
 */
public final class EtherAddressArg implements ArgParser<EtherAddress>
{
    public static final EtherAddressArg INSTANCE = new EtherAddressArg();

    private EtherAddressArg()
    {
    }

    @Override
    public EtherAddress parse(final String text, final ArgContext context)
    {
        final long v = parseText(text);
        if (v >= 0)
        {
            return new EtherAddress(v);
        }
        final byte[] named =
            context.names().lookup(NameResolver.NameType.ETHERNET_ADDRESS, text, context.elementName());
        if (named != null && named.length == 6)
        {
            long x = 0;
            for (final byte b : named)
            {
                x = (x << 8) | (b & 0xFF);
            }
            return new EtherAddress(x);
        }
        throw new ArgException("expected Ethernet address");
    }

    private static long parseText(final String text)
    {
        final int n = text.length();
        long value = 0;
        char separator = 0;
        int i = 0;
        for (int octet = 0; octet < 6; octet++)
        {
            if (octet > 0)
            {
                if (i >= n)
                {
                    return -1;
                }
                final char c = text.charAt(i);
                if (separator == 0 && (c == ':' || c == '-'))
                {
                    separator = c;
                }
                else if (c != separator)
                {
                    return -1;
                }
                i++;
            }
            final int d1 = i < n ? hex(text.charAt(i)) : -1;
            if (d1 < 0)
            {
                return -1;
            }
            i++;
            int v = d1;
            final int d2 = i < n ? hex(text.charAt(i)) : -1;
            if (d2 >= 0)
            {
                v = (v << 4) | d2;
                i++;
            }
            value = (value << 8) | v;
        }
        return i == n ? value : -1;
    }

    private static int hex(final char c)
    {
        return c < 128 ? Character.digit(c, 16) : -1;
    }
}
