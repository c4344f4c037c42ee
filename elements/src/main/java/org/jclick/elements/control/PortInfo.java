package org.jclick.elements.control;

import java.util.List;
import java.util.Map;

import org.jclick.dataplane.args.ArgContext;
import org.jclick.dataplane.args.ArgException;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.args.NameResolver.NameType;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.runtime.NameDatabase;
import org.jclick.lang.ConfigStrings;

/** Click's PortInfo. */
@ElementDoc(
    synopsis = "PortInfo(NAME PORT[/PROTOCOL] [NAME...], ...)",
    category = "information elements",
    ports = "none",
    description = """
        Gives names to TCP and UDP port numbers, for the configurations of other elements (IPFilter,
        IPClassifier, and every argument read as a port). Each argument is a name, a port number, optionally
        followed by /tcp or /udp (without it the name is defined for both), and optionally more names for the
        same port; a word starting with # ends the argument (a comment), and empty arguments are ignored. Names
        defined here take precedence over the built-in service names. Names declared inside a compound element
        are visible only there. Ports of other protocols (/sctp, /dccp, a protocol number) are accepted and,
        since no jclick element reads such ports, not recorded.""",
    example = "PortInfo(ssh 22, http 80/tcp www web, dns 53 # name service);  ... IPFilter(allow dst port http) ...",
    seeAlso = {"AddressInfo"})
public final class PortInfo extends Element
{
    /** Click's built-in protocol names (elements/ip/ipnameinfo.cc) that a PORT/PROTOCOL may use. */
    private static final Map<String, Integer> PROTOCOLS = Map.of(
        "dccp", 33, "gre", 47, "icmp", 1, "igmp", 2, "ipip", 4, "sctp", 132, "tcp", 6, "udp", 17);

    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int TCP_OR_UDP = -1;

    /** Its configuration only registers names, which the elements checked after it need. */
    @Override
    public boolean checkedStatically()
    {
        return true;
    }

    @Override
    public int configurePhase()
    {
        return CONFIGURE_PHASE_INFO;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final NameDatabase db = router().names();
        final String n = name();
        final int slash = n.lastIndexOf('/');
        final String scope = slash < 0 ? "" : n.substring(0, slash);
        final int before = errh.errorCount();
        for (final String arg : conf)
        {
            final List<String> words = ConfigStrings.spacevec(arg);
            if (words.isEmpty() || words.get(0).startsWith("#"))
            {
                continue;
            }
            final String portText = words.size() > 1 ? words.get(1) : "";
            final int protoSlash = portText.indexOf('/');
            final String number = protoSlash < 0 ? portText : portText.substring(0, protoSlash);
            final Long port = number.isEmpty() ? null : parseNumber(number);
            if (port == null)
            {
                errh.error("expected 'NAME PORT/PROTO', got '" + arg + "'");
                continue;
            }
            int proto = TCP_OR_UDP;
            if (protoSlash >= 0)
            {
                final Integer p = protocol(portText.substring(protoSlash + 1));
                if (p == null)
                {
                    continue; // as Click: an unknown protocol skips the argument silently
                }
                proto = p;
            }
            final long v = port;
            final byte[] value = {(byte)(v >>> 8), (byte)v};
            for (int i = 0; i < words.size(); i = i == 0 ? 2 : i + 1)
            {
                final String w = words.get(i);
                if (i > 0 && w.startsWith("#"))
                {
                    break;
                }
                if (v > 0xFFFF)
                {
                    continue; // Click stores 32 bits; no port argument accepts more than 65535
                }
                if (proto == TCP_OR_UDP || proto == TCP)
                {
                    db.define(NameType.TCP_PORT, scope, w, value);
                }
                if (proto == TCP_OR_UDP || proto == UDP)
                {
                    db.define(NameType.UDP_PORT, scope, w, value);
                }
            }
        }
        return errh.errorCount() > before ? ErrorHandler.FAILURE : 0;
    }

    /** Click's {@code cp_integer} with base 0 over the whole word (0x hex, decimal), or null. */
    private static Long parseNumber(final String text)
    {
        try
        {
            return IntArg.uint32().parse(text, ArgContext.EMPTY);
        }
        catch (final ArgException e)
        {
            return null;
        }
    }

    /** tcp, udp, another of Click's protocol names or a protocol number; null when unknown. */
    private static Integer protocol(final String text)
    {
        final Integer named = PROTOCOLS.get(text);
        if (named != null)
        {
            return named;
        }
        final Long v = parseNumber(text);
        return v != null && v < 256 ? v.intValue() : null;
    }
}
