package org.jclick.elements.queues;

/** Formats a duration as Click prints times: seconds with trailing zeros dropped ({@code 0.05}, {@code 1}). */
final class Seconds
{
    private Seconds()
    {
    }

    static String format(final long ns)
    {
        return new java.math.BigDecimal(ns).movePointLeft(9).stripTrailingZeros().toPlainString();
    }
}
