package org.jclick.nic.virtio;

/**
 * Feature bits (virtio 1.x, sections 6 and 5.1.3) and device status bits (section 2.1) the drivers use.
 * Feature constants are bit numbers; {@link #bit(int)} makes the mask.
 */
public final class VirtioFeatures
{
    // net device features (5.1.3)
    public static final int NET_F_CSUM = 0;
    public static final int NET_F_GUEST_CSUM = 1;
    public static final int NET_F_MTU = 3;
    public static final int NET_F_MAC = 5;
    public static final int NET_F_MRG_RXBUF = 15;
    public static final int NET_F_STATUS = 16;
    public static final int NET_F_CTRL_VQ = 17;
    public static final int NET_F_CTRL_RX = 18;
    public static final int NET_F_CTRL_VLAN = 19;
    public static final int NET_F_GUEST_ANNOUNCE = 21;
    public static final int NET_F_MQ = 22;
    public static final int NET_F_CTRL_MAC_ADDR = 23;
    // reserved / transport features (6)
    public static final int F_NOTIFY_ON_EMPTY = 24;
    public static final int F_ANY_LAYOUT = 27;
    public static final int F_RING_INDIRECT_DESC = 28;
    public static final int F_RING_EVENT_IDX = 29;
    public static final int F_VERSION_1 = 32;
    public static final int F_ACCESS_PLATFORM = 33;
    public static final int F_RING_PACKED = 34;
    public static final int F_IN_ORDER = 35;

    // device status (2.1)
    public static final int STATUS_ACKNOWLEDGE = 1;
    public static final int STATUS_DRIVER = 2;
    public static final int STATUS_DRIVER_OK = 4;
    public static final int STATUS_FEATURES_OK = 8;
    public static final int STATUS_DEVICE_NEEDS_RESET = 64;
    public static final int STATUS_FAILED = 128;

    private VirtioFeatures()
    {
    }

    /** The mask of feature bit {@code bit}. */
    public static long bit(final int bit)
    {
        return 1L << bit;
    }

    /** Whether {@code features} has bit {@code bit}. */
    public static boolean has(final long features, final int bit)
    {
        return (features & (1L << bit)) != 0;
    }

    /** The names of the bits set in {@code features}, for messages: {@code "VERSION_1 MRG_RXBUF bit40"}. */
    public static String describe(final long features)
    {
        final StringBuilder text = new StringBuilder();
        for (int bit = 0; bit < 64; bit++)
        {
            if (has(features, bit))
            {
                if (text.length() > 0)
                {
                    text.append(' ');
                }
                text.append(name(bit));
            }
        }
        return text.toString();
    }

    private static String name(final int bit)
    {
        return switch (bit)
        {
            case NET_F_CSUM -> "CSUM";
            case NET_F_GUEST_CSUM -> "GUEST_CSUM";
            case NET_F_MTU -> "MTU";
            case NET_F_MAC -> "MAC";
            case NET_F_MRG_RXBUF -> "MRG_RXBUF";
            case NET_F_STATUS -> "STATUS";
            case NET_F_CTRL_VQ -> "CTRL_VQ";
            case NET_F_CTRL_RX -> "CTRL_RX";
            case NET_F_CTRL_VLAN -> "CTRL_VLAN";
            case NET_F_GUEST_ANNOUNCE -> "GUEST_ANNOUNCE";
            case NET_F_MQ -> "MQ";
            case NET_F_CTRL_MAC_ADDR -> "CTRL_MAC_ADDR";
            case F_NOTIFY_ON_EMPTY -> "NOTIFY_ON_EMPTY";
            case F_ANY_LAYOUT -> "ANY_LAYOUT";
            case F_RING_INDIRECT_DESC -> "INDIRECT_DESC";
            case F_RING_EVENT_IDX -> "EVENT_IDX";
            case F_VERSION_1 -> "VERSION_1";
            case F_ACCESS_PLATFORM -> "ACCESS_PLATFORM";
            case F_RING_PACKED -> "RING_PACKED";
            case F_IN_ORDER -> "IN_ORDER";
            default -> "bit" + bit;
        };
    }
}
