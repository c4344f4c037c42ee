package org.jclick.nic.virtio.model;

import java.util.List;

/**
 * The device side of a virtqueue for the in-process device model, whatever the ring format: {@link DeviceQueue}
 * (split) or {@link PackedDeviceQueue} (packed). Ids are chain heads for split rings and buffer ids for packed ones.
 */
public interface DeviceRing
{
    /** Entries. */
    int size();

    /** Chains the driver made available and the device has not taken yet. */
    int available();

    /** Takes the next available chain and returns its id (check {@link #available()} first). */
    int takeAvailable();

    /** The id of the {@code k}-th available chain not yet taken, without taking it. */
    int peekAvailable(int k);

    /** The buffers of the chain with id {@code id} (available or taken), checked against the shared region. */
    List<DeviceQueue.Buffer> chain(int id);

    /** Returns buffer {@code id} as used with {@code length} bytes written (any values, for malicious tests). */
    void putUsed(int id, int length);

    /** Makes the used entries visible ({@code extra}: a used index jump, split rings only). */
    void publishUsed(int extra);
}
