package org.jclick.nic.virtio;

/**
 * The {@code virtio_net_hdr} that precedes every frame on a net device's queues (virtio 1.x, section 5.1.6):
 * {@code u8 flags, u8 gso_type, le16 hdr_len, le16 gso_size, le16 csum_start, le16 csum_offset} and, in the v1
 * layout or with MRG_RXBUF, {@code le16 num_buffers}. Legacy devices without MRG_RXBUF use the first 10 bytes.
 */
public final class VirtioNetHeader
{
    public static final int FLAGS = 0;
    public static final int GSO_TYPE = 1;
    public static final int HDR_LEN = 2;
    public static final int GSO_SIZE = 4;
    public static final int CSUM_START = 6;
    public static final int CSUM_OFFSET = 8;
    public static final int NUM_BUFFERS = 10;

    /** Header flag: the checksum from csum_start must be completed and stored at csum_start + csum_offset. */
    public static final int F_NEEDS_CSUM = 1;
    /** Header flag: the device validated the checksum (rx, GUEST_CSUM). */
    public static final int F_DATA_VALID = 2;
    /** gso_type: no segmentation offload. */
    public static final int GSO_NONE = 0;

    /** Legacy header without MRG_RXBUF. */
    public static final int LEGACY_SIZE_BYTES = 10;
    /** v1 header, or legacy with MRG_RXBUF. */
    public static final int SIZE_BYTES = 12;

    private VirtioNetHeader()
    {
    }

    /** The header size for the negotiated {@code features} (section 5.1.6.1). */
    public static int sizeBytes(final long features)
    {
        return VirtioFeatures.has(features, VirtioFeatures.F_VERSION_1) ||
            VirtioFeatures.has(features, VirtioFeatures.NET_F_MRG_RXBUF) ? SIZE_BYTES : LEGACY_SIZE_BYTES;
    }
}
