package org.jclick.elements.control;

import java.util.List;

import org.jclick.dataplane.args.ArgContext;
import org.jclick.dataplane.args.EtherAddress;
import org.jclick.dataplane.args.EtherAddressArg;
import org.jclick.dataplane.args.IP6AddressArg;
import org.jclick.dataplane.args.IP6PrefixArg;
import org.jclick.dataplane.args.IPAddressArg;
import org.jclick.dataplane.args.IPPrefixArg;
import org.jclick.dataplane.args.Ip4Prefix;
import org.jclick.dataplane.args.Ip6Address;
import org.jclick.dataplane.args.Ip6Prefix;
import org.jclick.dataplane.args.NameResolver.NameType;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.runtime.NameDatabase;
import org.jclick.lang.ConfigStrings;

/** Click's AddressInfo. */
@ElementDoc(
    synopsis = "AddressInfo(NAME ADDRESS [ADDRESS...], ...)",
    category = "information elements",
    ports = "none",
    description = """
        Gives names to addresses, for the configurations of other elements. Each argument is a name followed
        by one or more IPv4 addresses, IPv4 prefixes (ADDR/LEN or ADDR/MASK), Ethernet addresses, IPv6
        addresses or IPv6 prefixes. A name given a prefix ADDR/LEN stands for the prefix where a prefix is
        expected and for ADDR where an address is expected. Also defined: NAME:ip, NAME:ipnet (the network
        prefix), NAME:bcast (the broadcast address), NAME:eth, NAME:ip6. Names declared inside a compound
        element are visible only there.""",
    example = "AddressInfo(me 10.0.0.1/24 00:01:02:03:04:05);  ... IPEncap(tcp, me, 10.0.0.2) ...")
public final class AddressInfo extends Element
{
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

    private static byte[] ip(final int a)
    {
        return new byte[] {(byte)(a >>> 24), (byte)(a >>> 16), (byte)(a >>> 8), (byte)a};
    }

    private static byte[] ip6(final Ip6Address a, final int extra)
    {
        final byte[] b = new byte[extra < 0 ? 16 : 17];
        for (int i = 0; i < 16; i++)
        {
            b[i] = (byte)a.byteAt(i);
        }
        if (extra >= 0)
        {
            b[16] = (byte)extra;
        }
        return b;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final NameDatabase db = router().names();
        final String n = name();
        final int slash = n.lastIndexOf('/');
        final String scope = slash < 0 ? "" : n.substring(0, slash);
        final ArgContext ctx = ArgContext.EMPTY;
        final int before = errh.errorCount();
        for (final String arg : conf)
        {
            final List<String> words = ConfigStrings.spacevec(arg);
            if (words.isEmpty())
            {
                continue;
            }
            final String name = words.get(0);
            if (words.size() < 2)
            {
                errh.error("expected 'NAME [ADDRS]'");
                continue;
            }
            for (int i = 1; i < words.size(); i++)
            {
                final String w = words.get(i);
                if (define(db, scope, name, w, ctx))
                {
                    continue;
                }
                errh.error("\"" + w + "\" is not a recognizable address");
            }
        }
        return errh.errorCount() > before ? ErrorHandler.FAILURE : 0;
    }

    private static boolean define(final NameDatabase db, final String scope, final String name, final String w,
        final ArgContext ctx)
    {
        if (w.indexOf('/') > 0 && w.indexOf(':') < 0)
        {
            try
            {
                final Ip4Prefix p = IPPrefixArg.PREFIX.parse(w, ctx);
                final int addr = IPAddressArg.INSTANCE.parse(w.substring(0, w.lastIndexOf('/')), ctx);
                final byte[] pfx = new byte[8];
                System.arraycopy(ip(addr), 0, pfx, 0, 4);
                System.arraycopy(ip(p.mask()), 0, pfx, 4, 4);
                db.define(NameType.IP_PREFIX, scope, name, pfx);
                db.define(NameType.IP_ADDRESS, scope, name, ip(addr));
                db.define(NameType.IP_ADDRESS, scope, name + ":ip", ip(addr));
                final byte[] net = pfx.clone();
                System.arraycopy(ip(addr & p.mask()), 0, net, 0, 4);
                db.define(NameType.IP_PREFIX, scope, name + ":ipnet", net);
                db.define(NameType.IP_ADDRESS, scope, name + ":bcast", ip(addr | ~p.mask()));
                return true;
            }
            catch (final RuntimeException e)
            {
                // not an IPv4 prefix
            }
        }
        try
        {
            final int a = IPAddressArg.INSTANCE.parse(w, ctx);
            db.define(NameType.IP_ADDRESS, scope, name, ip(a));
            db.define(NameType.IP_ADDRESS, scope, name + ":ip", ip(a));
            return true;
        }
        catch (final RuntimeException e)
        {
            // not an IPv4 address
        }
        try
        {
            final EtherAddress e = EtherAddressArg.INSTANCE.parse(w, ctx);
            final byte[] b = new byte[6];
            for (int i = 0; i < 6; i++)
            {
                b[i] = (byte)e.octet(i);
            }
            db.define(NameType.ETHERNET_ADDRESS, scope, name, b);
            db.define(NameType.ETHERNET_ADDRESS, scope, name + ":eth", b);
            return true;
        }
        catch (final RuntimeException e)
        {
            // not an Ethernet address
        }
        if (w.indexOf('/') > 0)
        {
            try
            {
                final Ip6Prefix p = IP6PrefixArg.PREFIX.parse(w, ctx);
                final Ip6Address a = IP6AddressArg.INSTANCE.parse(w.substring(0, w.lastIndexOf('/')), ctx);
                db.define(NameType.IP6_PREFIX, scope, name, ip6(a, p.prefixLength()));
                db.define(NameType.IP6_ADDRESS, scope, name, ip6(a, -1));
                db.define(NameType.IP6_ADDRESS, scope, name + ":ip6", ip6(a, -1));
                return true;
            }
            catch (final RuntimeException e)
            {
                // not an IPv6 prefix
            }
        }
        try
        {
            final Ip6Address a = IP6AddressArg.INSTANCE.parse(w, ctx);
            db.define(NameType.IP6_ADDRESS, scope, name, ip6(a, -1));
            db.define(NameType.IP6_ADDRESS, scope, name + ":ip6", ip6(a, -1));
            return true;
        }
        catch (final RuntimeException e)
        {
            return false;
        }
    }
}
