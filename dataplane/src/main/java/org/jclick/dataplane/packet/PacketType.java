package org.jclick.dataplane.packet;

/** Values of the packet type annotation: Click's {@code Packet::PacketType} (same numbers as Linux's). */
public final class PacketType
{
    /** {@code HOST}: to this host. */
    public static final int HOST = 0;
    /** {@code BROADCAST}: link-level broadcast. */
    public static final int BROADCAST = 1;
    /** {@code MULTICAST}: link-level multicast. */
    public static final int MULTICAST = 2;
    /** {@code OTHERHOST}: to another host (seen in promiscuous mode). */
    public static final int OTHERHOST = 3;
    /** {@code OUTGOING}: sent by this host. */
    public static final int OUTGOING = 4;
    /** {@code LOOPBACK}. */
    public static final int LOOPBACK = 5;
    /** {@code FASTROUTE}. */
    public static final int FASTROUTE = 6;

    private PacketType()
    {
    }
}
