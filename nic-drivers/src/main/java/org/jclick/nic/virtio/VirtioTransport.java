package org.jclick.nic.virtio;

/**
 * Where a virtio device's registers live (virtio 1.x, section 4: transports). One implementation per transport:
 * vhost-user (messages over a Unix socket), virtio-pci legacy and modern (uio/vfio in a guest), virtio-mmio.
 * Setup-time calls only: nothing here is on the packet path except {@link #notifyQueue}.
 */
public interface VirtioTransport extends AutoCloseable
{
    /** A short name for messages, e.g. {@code vhost-user:/run/nf0.sock} or {@code virtio-pci:0000:00:04.0}. */
    String name();

    /** The device's feature bits (all 64; a legacy device offers only the low 32). */
    long deviceFeatures();

    /** Writes the features the driver accepts (a subset of {@link #deviceFeatures()}). */
    void setDriverFeatures(long features);

    /** The device status byte (section 2.1). */
    int status();

    /** Writes the device status byte (section 2.1; the driver only ever adds bits, except by {@link #reset()}). */
    void setStatus(int status);

    /** Resets the device (writes 0 to status and waits until it reads back 0, section 4.1.4.3.2 / 4.2.2.1). */
    void reset();

    /** The largest size the device accepts for queue {@code queue}, or 0 if the queue does not exist. */
    int queueMaxSize(int queue);

    /**
     * Tells the device where queue {@code queue} lives and enables it. Addresses are device addresses: guest
     * physical for PCI/MMIO, the driver's virtual addresses for vhost-user (see the DMA memory in use).
     */
    void setupQueue(int queue, int size, long descAddress, long availAddress, long usedAddress);

    /** Notifies the device that queue {@code queue} has new available buffers (a "kick"). */
    void notifyQueue(int queue);

    /**
     * Whether {@link #notifyQueue} reaches the device. When false (a backend that polls, e.g. vhost-user without a
     * kick eventfd) the driver skips the notification check after publishing (a store-load fence and a read of
     * the device's suppression flags). Default true.
     */
    default boolean notifiesDevice()
    {
        return true;
    }

    /**
     * Whether {@link #awaitNotification} can block until the device notifies used buffers (e.g. vhost-user with a
     * call eventfd). Default false: the driver polls.
     */
    default boolean notifiesDriver()
    {
        return false;
    }

    /**
     * Blocks until the device notifies used buffers on queue {@code queue} or {@code timeoutNs} pass; returns
     * whether a notification came. Only with {@link #notifiesDriver()}; the default returns false at once.
     * Allocation-free.
     */
    default boolean awaitNotification(final int queue, final long timeoutNs)
    {
        return false;
    }

    /** A byte of the device-specific configuration space (section 5.1.4 for net: mac, status, max_virtqueue_pairs). */
    int configU8(int offset);

    /** A little-endian 16-bit field of the device-specific configuration space. */
    int configU16(int offset);

    /** Whether the device may be driven only in the legacy (0.9.5) interface: no VERSION_1, legacy net header. */
    boolean legacy();

    @Override
    void close();
}
