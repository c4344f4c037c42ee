package org.jclick.nic.elements;

import java.util.List;

import org.jclick.dataplane.args.Args;
import org.jclick.dataplane.args.BoolArg;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.args.StringArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.Handler;
import org.jclick.dataplane.packet.PacketBatch;
import org.jclick.dataplane.runtime.Task;
import org.jclick.dataplane.runtime.Timer;
import org.jclick.nic.afpacket.PacketRxRing;
import org.jclick.nic.virtio.VirtioNet;

/** Click's FromDevice, for virtio-net devices driven from Java (nic-drivers) and host interfaces (AF_PACKET). */
@ElementDoc(
    synopsis = "FromDevice(DEVNAME [, KEYWORDS])",
    category = "devices",
    ports = "no inputs, one push output",
    description = """
        Receives frames from a virtio-net device driven in user space by jclick's own poll-mode driver and
        pushes them out in batches, without copying (the packets live in memory the device shares). DEVNAME is
        a device spec: vhost-user:PATH connects as the frontend to a vhost-user backend listening on the Unix
        socket PATH (e.g. DPDK testpmd, a vswitch). Inside the jclick appliance (unikernel-image) only,
        virtio-pci:DDDD:BB:DD.F drives a virtio-net PCI function (its modern interface when it has one, else the
        legacy one; virtio-pci-legacy: and virtio-pci-modern: force one; the legacy one is driven without a
        control queue, so PROMISC and N_QUEUES above 1 need the modern one) through uio_pci_generic, or VFIO when
        the device is bound to vfio-pci (virtio-pci-vfio: binds it to vfio-pci and maps the hugepages through the
        IOMMU; modern interface only), and virtio-mmio:0xADDR (optionally 0xADDR/SIZE, default size 0x200) a
        virtio-mmio register block; rings and buffers then live in hugepages. Anywhere else these are refused
        at initialization, so a host's own NIC is never touched by these drivers. A plain Linux interface name
        (eth0, lo; or afpacket:IFNAME) is a host interface, read through a packet socket (AF_PACKET, TPACKET_V3
        ring; needs root or CAP_NET_RAW): frames are copied into packets, the kernel keeps processing them
        (SNIFFER true), frames the host sends are skipped unless OUTBOUND, and each FromDevice has its own
        socket (see docs/HOST-INTERFACES.md). A FromDevice and a ToDevice naming the same virtio device share
        it, and must run in the same thread (the device's packet buffers form one single-threaded pool). When the backend goes away, or breaks
        the virtio protocol (the queue stops and the event is logged once), the link goes down and the element
        resets the device, reconnecting, once a second.""",
    keywords = {
        "BURST: integer. Frames received per task run, at most 256. Default 32.",
        "PROMISC: boolean. Promiscuous mode, where the device has a control queue, or on a host interface. "
            + "Default false.",
        "SNIFFER: boolean. Accepted for Click compatibility; a user-space driver always owns the device. On a "
            + "host interface only true is possible (the kernel also gets every frame). Default true.",
        "OUTBOUND: boolean. Host interface: also emit the frames this host sends on it. Default false.",
        "QUEUE: integer. The queue pair to receive from. Default 0, or k in replica k of --threads N (host "
            + "interface: this element's member of the fanout group).",
        "N_QUEUES: integer. Queue pairs to set up (multiqueue). Default 1, or N under --threads N (vhost-user: one "
            + "connection for all replicas, each on its own pair; the backend must offer that many). On a host "
            + "interface, above 1 the FromDevice elements of the interface share its frames by flow hash "
            + "(PACKET_FANOUT).",
        "NOTIFY: boolean. vhost-user with kick/call eventfds: when idle, wait for the backend's call (up to 1 ms) "
            + "instead of spinning. Default false (pure polling).",
        "PACKED: boolean. Packed virtqueues (VIRTIO_F_RING_PACKED) when the device offers them, when this element "
            + "opens the device. Default false (split virtqueues)."},
    handlers = {
        "count (read): frames received", "queue (read): the queue pair received from",
        "reset_counts (write): accepted (the driver counters are not reset)",
        "rx_packets, rx_bytes, tx_packets, tx_bytes, rx_drops, tx_drops, ring_full, protocol_errors (read): "
            + "the driver's counters (of this element's queue pair when the device has several; host interface: "
            + "the sums over its rings, no protocol_errors; see docs/HOST-INTERFACES.md)",
        "link (read): up or down (host interface: IFF_UP and IFF_RUNNING)",
        "features (read): the negotiated virtio features (not on a host interface)",
        "reconnect_failures (read): failed reconnection attempts (not on a host interface)",
        "rx_ring (read): the receive queue's positions and counts (not on a host interface)"},
    example = "FromDevice(virtio-pci:0000:00:04.0) -> EtherMirror -> ToDevice(virtio-pci:0000:00:04.0);",
    seeAlso = {"ToDevice"})
public final class FromDevice extends Element
{
    private static final long LINK_CHECK_MS = 1000;
    /** NOTIFY: empty polls before the task waits for the backend's call, and the longest wait. */
    private static final int IDLE_POLLS_BEFORE_WAIT = 64;
    private static final long IDLE_WAIT_NS = 1_000_000L;

    private String spec;
    private int burst = 32;
    private boolean promisc;
    private int queue;
    private int queuePairs = 1;
    private boolean queueGiven;
    private boolean notify;
    private boolean packed;
    private int idlePolls;
    private NicDevice device;
    private VirtioNet net;
    private PacketBatch batch;
    private long count;
    private final Task task = new Task(this);
    private final Timer linkTimer = new Timer(this);
    private boolean sniffer = true;
    private boolean outbound;
    private HostInterface host;
    private PacketRxRing hostRx;
    private org.jclick.dataplane.packet.PacketAllocator allocator;

    @Override
    public String portCount()
    {
        return PORTS_0_1;
    }

    @Override
    public String processing()
    {
        return PUSH;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final Args.Value<String> devname = new Args.Value<>();
        if (complete(args(conf)
            .readMandatoryPositional("DEVNAME", StringArg.ANY, devname)
            .read("BURST", IntArg.int32(), v -> burst = v)
            .read("PROMISC", BoolArg.INSTANCE, v -> promisc = v)
            .read("SNIFFER", BoolArg.INSTANCE, v -> sniffer = v)
            .read("OUTBOUND", BoolArg.INSTANCE, v -> outbound = v)
            .read("QUEUE", IntArg.int32(), v -> { queue = v; queueGiven = true; })
            .read("N_QUEUES", IntArg.int32(), v -> { queuePairs = v; queueGiven = true; })
            .read("NOTIFY", BoolArg.INSTANCE, v -> notify = v)
            .read("PACKED", BoolArg.INSTANCE, v -> packed = v), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        spec = devname.get();
        if (!sniffer && HostInterface.isHostSpec(spec))
        {
            return errh.error("SNIFFER false is not possible on a host interface: the kernel gets every frame too");
        }
        return checkSettings(spec, burst, queue, queuePairs, errh);
    }

    static int checkSettings(final String spec, final int burst, final int queue, final int queuePairs,
        final ErrorHandler errh)
    {
        final String problem = NicDevice.checkSpec(spec);
        if (problem != null)
        {
            return errh.error(problem);
        }
        if (burst < 1 || burst > PacketBatch.MAX_CAPACITY)
        {
            return errh.error("BURST must be in [1, " + PacketBatch.MAX_CAPACITY + "]: " + burst);
        }
        if (queuePairs < 1 || queue < 0 || queue >= queuePairs)
        {
            return errh.error("QUEUE " + queue + " must be below N_QUEUES " + queuePairs);
        }
        return 0;
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
            device = NicDevice.acquire(router(), spec, queuePairs, promisc, notify, packed);
        }
        catch (final RuntimeException e)
        {
            return errh.error(NicDevice.failure(spec, e));
        }
        net = device.net();
        batch = new PacketBatch(Integer.highestOneBit(burst) == burst ? burst : Integer.highestOneBit(burst) << 1);
        task.initialize(true);
        linkTimer.initialize();
        linkTimer.scheduleAfterMs(LINK_CHECK_MS);
        return 0;
    }

    /** A host interface: this element's own packet socket and receive ring (see {@link HostInterface}). */
    private int initializeHost(final ErrorHandler errh)
    {
        try
        {
            host = HostInterface.acquire(router(), spec);
            hostRx = host.openRx(queuePairs, promisc, outbound);
        }
        catch (final RuntimeException e)
        {
            return errh.error(HostInterface.failure(spec, e));
        }
        allocator = router().allocatorFor(this);
        batch = new PacketBatch(Integer.highestOneBit(burst) == burst ? burst : Integer.highestOneBit(burst) << 1);
        task.initialize(true);
        linkTimer.initialize();
        linkTimer.scheduleAfterMs(LINK_CHECK_MS);
        return 0;
    }

    @Override
    public boolean runTask(final Task t)
    {
        final int n = hostRx != null ? hostRx.receive(allocator, batch, burst) : net.rxBurst(queue, batch, burst);
        if (n > 0)
        {
            count += n;
            output(0).pushBatch(batch);
            batch.clear();
            idlePolls = 0;
        }
        else if (notify && ++idlePolls >= IDLE_POLLS_BEFORE_WAIT)
        {
            idlePolls = 0;
            net.rxWait(queue, IDLE_WAIT_NS); // blocks in poll(2) on the call eventfd until frames come
        }
        t.fastReschedule();
        return n > 0;
    }

    @Override
    public void runTimer(final Timer timer)
    {
        if (host != null)
        {
            host.pollStatistics();
        }
        else if (queue == 0)
        {
            device.checkLink(); // one element per device resets it (pair 0's: replica 0 under --threads)
        }
        timer.rescheduleAfterNs(LINK_CHECK_MS * 1_000_000L);
    }

    @Override
    public void cleanup(final CleanupStage stage)
    {
        if (device != null)
        {
            NicDevice.release(router(), device);
            device = null;
        }
        if (host != null)
        {
            HostInterface.release(router(), host, hostRx, null);
            hostRx = null;
        }
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("count", () -> Long.toString(count));
        addReadHandler("queue", () -> Integer.toString(queue));
        addReadHandler("rx_ring", () -> device == null ? "" : device.net().rxQueue(queue).state());
        addWriteHandler("reset_counts", (v, errh) -> { count = 0; return 0; }, Handler.BUTTON);
        for (final String name : NicDevice.counterNames(spec))
        {
            addReadHandler(name, () -> NicDevice.counterText(host, device, queue, name));
        }
        addTaskHandlers(task, "");
    }
}
