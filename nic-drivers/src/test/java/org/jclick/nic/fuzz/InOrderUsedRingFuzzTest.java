package org.jclick.nic.fuzz;

import java.util.concurrent.TimeUnit;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import org.jclick.nic.sys.MemfdDmaMemory;
import org.jclick.nic.virtio.VirtioFeatures;
import org.jclick.nic.virtio.VirtioNet;
import org.jclick.nic.virtio.model.VirtioNetDeviceModel;
import org.junit.jupiter.api.Timeout;

/**
 * {@link UsedRingFuzzTest}'s forged used entries with VIRTIO_F_IN_ORDER negotiated, where transmit buffers are taken
 * back by the used index alone and receive checks each entry is the oldest buffer in flight. Same properties. A class
 * of its own because Jazzer fuzzes one {@code @FuzzTest} per run: {@code mvn verify} fuzzes it in its own surefire
 * execution.
 */
class InOrderUsedRingFuzzTest
{
    private static final MemfdDmaMemory MEMORY =
        MemfdDmaMemory.create("fuzz-in-order", VirtioNet.requiredBytes(UsedRingFuzzTest.CONFIG));
    private static final VirtioNetDeviceModel DEVICE = inOrderDevice();
    private static final VirtioNet NET = new VirtioNet(DEVICE, MEMORY, UsedRingFuzzTest.CONFIG);

    private static VirtioNetDeviceModel inOrderDevice()
    {
        final VirtioNetDeviceModel device = new VirtioNetDeviceModel(MEMORY, 1, 64);
        device.offeredFeatures |= VirtioFeatures.bit(VirtioFeatures.F_IN_ORDER);
        return device;
    }

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void forgedUsedEntriesNeverBreakTheInOrderDriver(final FuzzedDataProvider data)
    {
        UsedRingFuzzTest.run(DEVICE, NET, data);
        if (!NET.inOrder())
        {
            throw new AssertionError("IN_ORDER not negotiated");
        }
    }
}
