package org.jclick.dataplane.args;

/** A 48-bit Ethernet address in the low bits of {@code value}, first octet highest. */
public record EtherAddress(long value)
{
    public EtherAddress
    {
        if ((value >>> 48) != 0)
        {
            throw new IllegalArgumentException("more than 48 bits");
        }
    }

    /** Octet {@code i} (0-5). */
    public int octet(final int i)
    {
        return (int) (value >>> (8 * (5 - i))) & 0xFF;
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder(17);
        for (int i = 0; i < 6; i++)
        {
            if (i > 0)
            {
                sb.append(':');
            }
            final int o = octet(i);
            sb.append(Character.toUpperCase(Character.forDigit(o >> 4, 16)))
                .append(Character.toUpperCase(Character.forDigit(o & 15, 16)));
        }
        return sb.toString();
    }
}
