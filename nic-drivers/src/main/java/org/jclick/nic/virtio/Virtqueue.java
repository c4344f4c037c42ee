package org.jclick.nic.virtio;

/**
 * The driver side of one virtqueue as {@link VirtioNet} uses it, whatever the ring format: {@link SplitVirtqueue}
 * (section 2.7) or {@link PackedVirtqueue} (VIRTIO_F_RING_PACKED, section 2.8). A device uses one format for all its
 * queues, so a driver instance only ever sees one implementation (the call sites stay monomorphic).
 *
 * <p>Buffers are added ({@link #add}, {@link #add2}, {@link #add3}, {@link #add2Indirect}) and become visible to the
 * device at {@link #publish()}; they come back through {@link #pendingUsed()}, {@link #peekUsedId},
 * {@link #peekUsedLength} and {@link #takeUsed()}, each checked: a device that breaks the protocol stops the queue
 * ({@link #stopped()}, {@link #lastError()}: one of the {@code ERROR_} constants of {@link SplitVirtqueue}, which
 * both formats share). Per-packet methods allocate nothing and throw nothing.
 */
public interface Virtqueue
{
    /** Device address of the descriptor table / ring. */
    long descAddress();

    /** Device address of the available ring (split) or the driver event suppression area (packed). */
    long availAddress();

    /** Device address of the used ring (split) or the device event suppression area (packed). */
    long usedAddress();

    /** Forgets every buffer, zeroes the ring and clears the stopped state; counters are kept. */
    void reset();

    /** Adds one buffer; returns its id, or -1 when full or stopped. */
    int add(long address, int lengthBytes, boolean deviceWritable);

    /** Adds a chain of two buffers; returns its id, or -1. */
    int add2(long address0, int length0, boolean firstWritable, long address1, int length1, boolean secondWritable);

    /** Adds a chain of three buffers (two device-readable, then one device-writable); returns its id, or -1. */
    int add3(long address0, int length0, long address1, int length1, long address2, int length2);

    /** Enables indirect descriptor tables of {@code entries} entries at {@code offsetBytes} of the DMA region. */
    void enableIndirect(long offsetBytes, int entries);

    /** Entries per indirect table, 0 when not enabled. */
    int indirectEntries();

    /** Adds a chain of two buffers as one ring descriptor with an indirect table; returns its id, or -1. */
    int add2Indirect(long address0, int length0, boolean firstWritable, long address1, int length1,
        boolean secondWritable);

    /** Makes the added buffers visible to the device; returns whether the device wants a notification. */
    boolean publish();

    /** Used buffers returned by the device and not yet taken; 0 when stopped. */
    int pendingUsed();

    /** The id of the {@code k}-th pending used buffer, validated, or -1 after stopping the queue. */
    int peekUsedId(int k);

    /** The length the device wrote into the {@code k}-th pending used buffer (after {@link #peekUsedId}). */
    int peekUsedLength(int k);

    /** Takes the next used buffer, frees it and returns its id, or -1 after stopping the queue. */
    int takeUsed();

    /** Stops the queue after a protocol violation (one of the {@code ERROR_} constants), counting it. */
    void fail(int error);

    /** Asks for a used-buffer notification before a blocking wait; returns whether the caller may sleep. */
    boolean enableNotification();

    /** Back to polling (no used-buffer notifications). */
    void disableNotification();

    /**
     * Uses VIRTIO_F_IN_ORDER (setup time, before any buffer is added); see {@link SplitVirtqueue#inOrder(boolean)}.
     * Only split queues support it: others refuse {@code true}.
     */
    default void inOrder(final boolean on)
    {
        if (on)
        {
            throw new UnsupportedOperationException("VIRTIO_F_IN_ORDER on " + getClass().getSimpleName());
        }
    }

    /** Whether VIRTIO_F_IN_ORDER is in use. */
    default boolean inOrder()
    {
        return false;
    }

    /** With VIRTIO_F_IN_ORDER: the first descriptor {@link #takeUsedInOrder()} frees. */
    default int oldestHead()
    {
        return 0;
    }

    /**
     * With VIRTIO_F_IN_ORDER: takes back every used buffer by the used index alone; returns the descriptors freed
     * (from {@link #oldestHead()}, wrapping), 0 otherwise. See {@link SplitVirtqueue#takeUsedInOrder()}.
     */
    default int takeUsedInOrder()
    {
        return 0;
    }

    /** Whether {@link #publish()} checks the device's notification suppression (setup time). */
    void notifyChecks(boolean on);

    /** The queue's index on its device. */
    int queueIndex();

    /** Entries. */
    int size();

    /** Free descriptors (ring slots). */
    int freeDescriptors();

    /** Buffers (chains) given to the device and not yet taken back. */
    int inFlight();

    /** True after a protocol violation, until {@link #reset()}. */
    boolean stopped();

    /** Protocol violations seen. */
    long protocolErrors();

    /** The first violation since the last reset. */
    int lastError();

    /** Notifications the device asked for. */
    long notifications();

    /** Whether VIRTIO_F_EVENT_IDX is in use. */
    boolean eventIdx();

    /**
     * The queue's positions and counts as one line, for a handler or a failure message. It reads fields only (the
     * ring is not scanned), so another thread may call it while the queue runs; it allocates: not for the packet
     * path.
     */
    String state();
}
