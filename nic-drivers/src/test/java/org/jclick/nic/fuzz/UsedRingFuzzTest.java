package org.jclick.nic.fuzz;

import java.util.concurrent.TimeUnit;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import org.jclick.dataplane.packet.PacketBatch;
import org.jclick.nic.sys.MemfdDmaMemory;
import org.jclick.nic.virtio.VirtioNet;
import org.jclick.nic.virtio.model.DeviceQueue;
import org.jclick.nic.virtio.model.VirtioNetDeviceModel;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing (Jazzer) of the driver against a device that writes fuzzer-chosen used-ring entries:
 * ids, lengths and used-index jumps, mixed with legitimate traffic, on the receive and transmit queues.
 *
 * <p>Properties: nothing is thrown out of the driver; every packet it hands out fits its buffer; a queue that saw a
 * violation is stopped with the event counted and the link reported down; after a reset every buffer is back in
 * the pool but the receive ring's. {@code mvn verify} fuzzes for {@code jclick.fuzz.duration} in a surefire
 * execution of its own.
 */
class UsedRingFuzzTest
{
    static final VirtioNet.Config CONFIG = VirtioNet.Config.defaults().withQueueSize(64);
    private static final MemfdDmaMemory MEMORY = MemfdDmaMemory.create("fuzz", VirtioNet.requiredBytes(CONFIG));
    private static final VirtioNetDeviceModel DEVICE = new VirtioNetDeviceModel(MEMORY, 1, 64);
    private static final VirtioNet NET = new VirtioNet(DEVICE, MEMORY, CONFIG);
    private static final PacketBatch BATCH = new PacketBatch(64);

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void forgedUsedEntriesNeverBreakTheDriver(final FuzzedDataProvider data)
    {
        run(DEVICE, NET, data);
    }

    /** One fuzz input against {@code net} on {@code model} (also {@link InOrderUsedRingFuzzTest}'s body). */
    static void run(final VirtioNetDeviceModel model, final VirtioNet net, final FuzzedDataProvider data)
    {
        model.rxBufferLimit = data.consumeBoolean() ? data.consumeInt(1, 2048) : 0;
        net.reset();
        final int bufferSize = CONFIG.bufferSizeBytes();
        for (int step = 0; step < 64 && data.remainingBytes() > 0; step++)
        {
            switch (data.consumeInt(0, 6))
            {
                case 0 -> device(() -> model.deliver(new byte[data.consumeInt(0, 3000)]));
                case 1 -> device(data.consumeBoolean() ? model::takeTransmitted :
                    () -> model.takeTransmittedBatch(data.consumeInt(1, 8)));
                case 2 -> forge(model.queue(data.consumeBoolean() ? 0 : 1), data);
                case 3 ->
                {
                    net.rxBurst(0, BATCH, data.consumeInt(0, 64));
                    for (int i = 0; i < BATCH.size(); i++)
                    {
                        final int length = BATCH.get(i).length();
                        if (length < 0 || BATCH.get(i).dataOffset() + length > bufferSize)
                        {
                            throw new AssertionError("packet of " + length + " bytes outside its buffer");
                        }
                    }
                }
                case 4 -> net.txBurst(0, BATCH);
                case 5 -> BATCH.killAll();
                default ->
                {
                    for (int i = data.consumeInt(0, 8); i > 0; i--)
                    {
                        final org.jclick.dataplane.packet.Packet p = net.pool().make(data.consumeInt(0, 1900));
                        if (p == null || !BATCH.add(p))
                        {
                            if (p != null)
                            {
                                p.kill();
                            }
                            break;
                        }
                    }
                }
            }
            final boolean stopped = net.rxQueue(0).stopped() || net.txQueue(0).stopped();
            if (stopped && (net.linkUp() || net.protocolErrors() == 0))
            {
                throw new AssertionError("a stopped queue must count the event and report the link down");
            }
        }
        BATCH.killAll();
        net.reset();
        final int out = net.pool().bufferCount() - net.pool().availableBuffers();
        if (out != net.rxQueue(0).inFlight())
        {
            throw new AssertionError(out + " buffers out of the pool, " + net.rxQueue(0).inFlight() + " posted");
        }
    }

    private static void forge(final DeviceQueue queue, final FuzzedDataProvider data)
    {
        if (queue == null)
        {
            return;
        }
        final int entries = data.consumeInt(0, 4);
        for (int i = 0; i < entries; i++)
        {
            queue.putUsed(data.consumeInt(), data.consumeInt());
        }
        queue.publishUsed(data.consumeInt(0, 70_000));
    }

    /** Runs a device-model step: the model itself may refuse a state the forged entries created. */
    private static void device(final Runnable step)
    {
        try
        {
            step.run();
        }
        catch (final IllegalStateException modelRefused)
        {
            // the model's own consistency check (e.g. its view of a ring the driver has since stopped)
        }
    }
}
