package org.jclick.nic.elements;

import java.util.List;

import org.jclick.dataplane.args.Args;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.args.StringArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketBatch;
import org.jclick.dataplane.runtime.NotifierSignal;
import org.jclick.dataplane.runtime.Task;
import org.jclick.nic.afpacket.PacketTxRing;
import org.jclick.nic.virtio.VirtioNet;

/** Click's ToDevice, for virtio-net devices driven from Java (nic-drivers) and host interfaces (AF_PACKET). */
@ElementDoc(
    synopsis = "ToDevice(DEVNAME [, KEYWORDS])",
    category = "devices",
    ports = "one agnostic input",
    description = """
        Sends frames on a virtio-net device driven in user space by jclick's own poll-mode driver (see
        FromDevice for DEVNAME). Pushed packets are sent at once; with a pull input a task pulls up to BURST
        packets per run. Packets from FromDevice on the same device are sent without copying, others are copied
        once into device memory. When the transmit ring stays full, pushed packets that do not fit are dropped and
        counted (tx_drops); pulled ones wait in the element, which pulls no more until they are sent, so that the
        queue upstream takes the backpressure (FromDevice -> Queue -> ToDevice forwards without loss while the
        Queue has room). On a host interface (a plain name such as eth0, or afpacket:IFNAME) each ToDevice
        has its own packet socket with a transmit ring: packets are copied into it and the kernel is kicked once
        per burst; frames longer than the interface MTU allows are dropped and counted.""",
    keywords = {
        "BURST: integer. With a pull input, packets pulled per task run, at most 256. Default 32.",
        "QUEUE: integer. The queue pair to send on. Default 0, or k in replica k of --threads N.",
        "N_QUEUES: integer. Queue pairs to set up, when this element opens the device. Default 1, or N under "
            + "--threads N.",
        "NOTIFY: boolean. vhost-user with kick/call eventfds, when this element opens the device. Default false.",
        "PACKED: boolean. Packed virtqueues (VIRTIO_F_RING_PACKED) when the device offers them, when this element "
            + "opens the device. Default false (split virtqueues)."},
    handlers = {
        "count (read): packets sent", "drops (read): packets dropped for want of ring room",
        "rx_packets, rx_bytes, tx_packets, tx_bytes, rx_drops, tx_drops, ring_full, protocol_errors (read): "
            + "the driver's counters (of this element's queue pair when the device has several; host interface: "
            + "the sums over its rings, no protocol_errors; see docs/HOST-INTERFACES.md)",
        "link (read): up or down (host interface: IFF_UP and IFF_RUNNING)",
        "features (read): the negotiated virtio features (not on a host interface)"},
    example = "FromDevice(vhost-user:/run/nf0.sock) -> EtherMirror -> ToDevice(vhost-user:/run/nf0.sock);",
    seeAlso = {"FromDevice"})
public final class ToDevice extends Element
{
    /** Transmit attempts (with reclaim) before the packets left over are dropped. */
    private static final int RETRIES = 64;

    private String spec;
    private int burst = 32;
    private int queue;
    private int queuePairs = 1;
    private boolean queueGiven;
    private boolean notify;
    private boolean packed;
    private NicDevice device;
    private VirtioNet net;
    private PacketBatch batch;
    private long count;
    private long drops;
    private final Task task = new Task(this);
    private NotifierSignal signal = NotifierSignal.busy();
    private HostInterface host;
    private PacketTxRing hostTx;

    @Override
    public String portCount()
    {
        return PORTS_1_0;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final Args.Value<String> devname = new Args.Value<>();
        if (complete(args(conf)
            .readMandatoryPositional("DEVNAME", StringArg.ANY, devname)
            .read("BURST", IntArg.int32(), v -> burst = v)
            .read("QUEUE", IntArg.int32(), v -> { queue = v; queueGiven = true; })
            .read("N_QUEUES", IntArg.int32(), v -> { queuePairs = v; queueGiven = true; })
            .read("NOTIFY", org.jclick.dataplane.args.BoolArg.INSTANCE, v -> notify = v)
            .read("PACKED", org.jclick.dataplane.args.BoolArg.INSTANCE, v -> packed = v), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        spec = devname.get();
        return FromDevice.checkSettings(spec, burst, queue, queuePairs, errh);
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        if (HostInterface.isHostSpec(spec))
        {
            return initializeHost(errh);
        }
        final int[] pair = NicDevice.queueOf(router(), queue, queuePairs, queueGiven);
        queue = pair[0];
        queuePairs = pair[1];
        try
        {
            device = NicDevice.acquire(router(), spec, queuePairs, false, notify, packed);
        }
        catch (final RuntimeException e)
        {
            return errh.error(NicDevice.failure(spec, e));
        }
        net = device.net();
        batch = new PacketBatch(PacketBatch.MAX_CAPACITY);
        if (inputIsPull(0))
        {
            task.initialize(true);
            signal = NotifierSignal.upstreamEmpty(this, 0, task);
        }
        return 0;
    }

    /** A host interface: this element's own packet socket and transmit ring (see {@link HostInterface}). */
    private int initializeHost(final ErrorHandler errh)
    {
        try
        {
            host = HostInterface.acquire(router(), spec);
            hostTx = host.openTx();
        }
        catch (final RuntimeException e)
        {
            return errh.error(HostInterface.failure(spec, e));
        }
        batch = new PacketBatch(PacketBatch.MAX_CAPACITY);
        if (inputIsPull(0))
        {
            task.initialize(true);
            signal = NotifierSignal.upstreamEmpty(this, 0, task);
        }
        return 0;
    }

    @Override
    public void push(final int port, final Packet p)
    {
        batch.add(p);
        send(batch);
    }

    @Override
    public void pushBatch(final int port, final PacketBatch packets)
    {
        send(packets);
    }

    private void send(final PacketBatch packets)
    {
        final int total = packets.size();
        if (hostTx != null)
        {
            final int copied = hostTx.send(packets);
            count += copied;
            drops += total - copied;
            return;
        }
        int sent = net.txBurst(queue, packets);
        for (int attempt = 0; !packets.isEmpty() && attempt < RETRIES; attempt++)
        {
            sent += net.txBurst(queue, packets);
        }
        count += sent;
        final int left = total - sent;
        if (left > 0)
        {
            drops += left;
            net.countTxDrops(queue, left);
            packets.killAll();
        }
        packets.clear();
    }

    @Override
    public boolean runTask(final Task t)
    {
        if (hostTx != null)
        {
            final int n = input(0).pullBatch(batch, burst);
            if (n > 0)
            {
                send(batch);
            }
            if (n > 0 || signal.active())
            {
                t.fastReschedule();
            }
            return n > 0;
        }
        // packets the ring had no room for stay in the batch, in order: nothing more is pulled until they are sent
        final int n = batch.isEmpty() ? input(0).pullBatch(batch, burst) : 0;
        int sent = 0;
        if (!batch.isEmpty())
        {
            sent = net.txBurst(queue, batch);
            count += sent;
        }
        else
        {
            net.txReclaim(queue);
        }
        if (!batch.isEmpty() || n > 0 || signal.active())
        {
            t.fastReschedule();
        }
        return sent > 0;
    }

    @Override
    public void cleanup(final CleanupStage stage)
    {
        if (batch != null)
        {
            batch.killAll(); // pulled packets the ring never took (their buffers go back before the device does)
        }
        if (device != null)
        {
            NicDevice.release(router(), device);
            device = null;
        }
        if (host != null)
        {
            HostInterface.release(router(), host, null, hostTx);
            hostTx = null;
        }
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("count", () -> Long.toString(count));
        addReadHandler("drops", () -> Long.toString(drops));
        for (final String name : NicDevice.counterNames(spec))
        {
            addReadHandler(name, () -> NicDevice.counterText(host, device, queue, name));
        }
        if (inputIsPull(0))
        {
            addTaskHandlers(task, "");
        }
    }
}
