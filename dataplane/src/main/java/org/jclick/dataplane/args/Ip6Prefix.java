package org.jclick.dataplane.args;

/** An IPv6 address (host bits kept as written) and prefix length 0-128. */
public record Ip6Prefix(Ip6Address address, int prefixLength)
{
    @Override
    public String toString()
    {
        return address + "/" + prefixLength;
    }
}
