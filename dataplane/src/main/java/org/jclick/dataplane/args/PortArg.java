package org.jclick.dataplane.args;

import java.util.Map;

/**
 * Click's {@code IPPortArg}: a TCP or UDP port, as a number 0-65535 (Click's {@link IntArg} syntax) or a name. Names
 * are looked up as Click's {@code NameInfo} does: first the router's names for that protocol
 * ({@link NameResolver.NameType#TCP_PORT} / {@link NameResolver.NameType#UDP_PORT}, defined by {@code PortInfo}
 * elements, from the configured element's compound scope outward), then a built-in table of well-known services
 * (never {@code /etc/services}). Errors: {@code expected port}, {@code overflow, range 0-65535} (Click's text).
 */
public final class PortArg implements ArgParser<Integer>
{
    /** IP protocol numbers. */
    public static final int TCP = 6;
    public static final int UDP = 17;

    public static final PortArg TCP_PORT = new PortArg(TCP);
    public static final PortArg UDP_PORT = new PortArg(UDP);

    private static final Map<String, Integer> TCP_NAMES = Map.ofEntries(
        Map.entry("auth", 113), Map.entry("bgp", 179), Map.entry("chargen", 19), Map.entry("daytime", 13),
        Map.entry("discard", 9), Map.entry("dns", 53), Map.entry("domain", 53), Map.entry("echo", 7),
        Map.entry("finger", 79), Map.entry("ftp", 21), Map.entry("ftp-data", 20), Map.entry("gopher", 70),
        Map.entry("http", 80), Map.entry("https", 443), Map.entry("imap", 143), Map.entry("imap3", 220),
        Map.entry("imaps", 993), Map.entry("irc", 194), Map.entry("ldap", 389), Map.entry("nntp", 119),
        Map.entry("pop2", 109), Map.entry("pop3", 110), Map.entry("pop3s", 995), Map.entry("printer", 515),
        Map.entry("rlogin", 513), Map.entry("shell", 514), Map.entry("smtp", 25), Map.entry("ssh", 22),
        Map.entry("sunrpc", 111), Map.entry("telnet", 23), Map.entry("www", 80), Map.entry("x11", 6000));

    /** IANA assigns ssh 22 for UDP too, and the services files Click's tests were written with list it. */
    private static final Map<String, Integer> UDP_NAMES = Map.ofEntries(
        Map.entry("bootpc", 68), Map.entry("bootps", 67), Map.entry("chargen", 19), Map.entry("daytime", 13),
        Map.entry("discard", 9), Map.entry("dns", 53), Map.entry("domain", 53), Map.entry("echo", 7),
        Map.entry("ntp", 123), Map.entry("rip", 520), Map.entry("route", 520), Map.entry("snmp", 161),
        Map.entry("snmp-trap", 162), Map.entry("ssh", 22), Map.entry("sunrpc", 111), Map.entry("syslog", 514),
        Map.entry("tftp", 69), Map.entry("who", 513));

    private final int protocol;

    private PortArg(final int protocol)
    {
        this.protocol = protocol;
    }

    @Override
    public Integer parse(final String text, final ArgContext context)
    {
        final java.math.BigInteger v = IntArg.parseInteger(text, false, 0);
        if (v != null)
        {
            if (v.compareTo(java.math.BigInteger.valueOf(65535)) > 0)
            {
                throw new ArgException("overflow, range 0-65535");
            }
            return v.intValue();
        }
        final byte[] defined = context.names().lookup(
            protocol == TCP ? NameResolver.NameType.TCP_PORT : NameResolver.NameType.UDP_PORT, text,
            context.elementName());
        if (defined != null && defined.length == 2)
        {
            return ((defined[0] & 0xFF) << 8) | (defined[1] & 0xFF);
        }
        final Integer named = (protocol == TCP ? TCP_NAMES : UDP_NAMES).get(text);
        if (named == null)
        {
            throw new ArgException("expected port");
        }
        return named;
    }
}
