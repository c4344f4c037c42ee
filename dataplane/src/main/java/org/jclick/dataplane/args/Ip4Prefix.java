package org.jclick.dataplane.args;

/**
 * An IPv4 address and mask, each as an {@code int} in network order (first octet in the high byte). The address
 * keeps host bits as written (Click's {@code IPPrefixArg} does too; elements mask it when they need to).
 */
public record Ip4Prefix(int address, int mask)
{
    /** The prefix length, or -1 when the mask is not contiguous. */
    public int prefixLength()
    {
        final int ones = Integer.bitCount(mask);
        return mask == prefixMask(ones) ? ones : -1;
    }

    /** The mask of a {@code length}-bit prefix. */
    public static int prefixMask(final int length)
    {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    @Override
    public String toString()
    {
        final int len = prefixLength();
        return IPAddressArg.unparse(address) + "/" + (len >= 0 ? Integer.toString(len) : IPAddressArg.unparse(mask));
    }
}
