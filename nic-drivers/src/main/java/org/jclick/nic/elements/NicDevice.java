package org.jclick.nic.elements;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.jclick.dataplane.runtime.Router;
import org.jclick.nic.pci.InGuestDevice;
import org.jclick.nic.pci.LegacyPciTransport;
import org.jclick.nic.sys.MemfdDmaMemory;
import org.jclick.nic.vhost.VhostUserTransport;
import org.jclick.nic.virtio.VirtioFeatures;
import org.jclick.nic.virtio.VirtioNet;

/**
 * One device opened by the FromDevice/ToDevice elements that name it (they share it, as Click's device elements
 * do: a vhost-user backend takes one frontend), closed when its last user cleans up. A vhost-user device is
 * process-wide (one connection for every router: the replicas of {@code --threads N} each drive their own queue
 * pair of it); an in-guest device is a router attachment. The same {@link VirtioNet} driver runs over every
 * transport: vhost-user (memfd memory shared with the backend) and, inside the jclick appliance only, virtio-pci
 * and virtio-mmio (hugepage memory; see {@link InGuestDevice} for the specs and
 * {@link org.jclick.nic.pci.ApplianceGuard} for the safety rule).
 * Setup code only.
 */
public final class NicDevice
{
    /** The device spec prefix this version supports. */
    public static final String VHOST_USER = "vhost-user:";

    /** The open vhost-user devices of this process, by spec (guarded by the class lock). */
    private static final java.util.Map<String, NicDevice> PROCESS_DEVICES = new java.util.HashMap<>();

    private final String spec;
    private final AutoCloseable memory;
    private final VirtioNet net;
    private int users;
    private long reconnectFailures;
    private long loggedProtocolErrors;

    private NicDevice(final String spec, final AutoCloseable memory, final VirtioNet net)
    {
        this.spec = spec;
        this.memory = memory;
        this.net = net;
    }

    /**
     * Null if {@code spec} names a device this version can open; otherwise why not (for a configure error).
     */
    public static String checkSpec(final String spec)
    {
        if (HostInterface.isHostSpec(spec))
        {
            return HostInterface.checkSpec(spec);
        }
        if (spec.startsWith(VHOST_USER))
        {
            return spec.length() > VHOST_USER.length() ? null : "vhost-user: needs a socket path";
        }
        if (InGuestDevice.isInGuestSpec(spec))
        {
            try
            {
                InGuestDevice.parse(spec);
                return null;
            }
            catch (final IllegalArgumentException e)
            {
                return e.getMessage();
            }
        }
        return "device '" + spec + "': not supported (use an interface name or afpacket:IFNAME, vhost-user:PATH, " +
            "or inside the jclick appliance virtio-pci[-legacy|-modern|-vfio]:DDDD:BB:DD.F or virtio-mmio:0xADDR)";
    }

    /**
     * The router's device for {@code spec}, opened (connected and started) by its first user with
     * {@code queuePairs} pairs and {@code promisc}.
     */
    public static NicDevice acquire(final Router router, final String spec, final int queuePairs,
        final boolean promisc)
    {
        return acquire(router, spec, queuePairs, promisc, false);
    }

    /**
     * As {@link #acquire(Router, String, int, boolean)}; {@code notify} opens a vhost-user device with kick and call
     * eventfds (a device already open keeps its mode). A device already open with fewer than {@code queuePairs}
     * pairs is refused.
     */
    public static NicDevice acquire(final Router router, final String spec, final int queuePairs,
        final boolean promisc, final boolean notify)
    {
        return acquire(router, spec, queuePairs, promisc, notify, false);
    }

    /**
     * As {@link #acquire(Router, String, int, boolean, boolean)}; {@code packed} asks for packed virtqueues
     * (VIRTIO_F_RING_PACKED, used when the device offers it; a device already open keeps its ring format).
     */
    public static synchronized NicDevice acquire(final Router router, final String spec, final int queuePairs,
        final boolean promisc, final boolean notify, final boolean packed)
    {
        final boolean processWide = spec.startsWith(VHOST_USER);
        final String key = "org.jclick.nic:" + spec;
        NicDevice device = processWide ? PROCESS_DEVICES.get(spec) : (NicDevice)router.attachment(key);
        if (device == null)
        {
            final VirtioNet.Config config = VirtioNet.Config.defaults().withQueuePairs(queuePairs).withPromisc(promisc)
                .withPackedRing(packed);
            device = processWide ? openVhostUser(spec, config, notify) : openInGuest(spec, config);
            if (processWide)
            {
                PROCESS_DEVICES.put(spec, device);
            }
            else
            {
                router.setAttachment(key, device);
            }
        }
        else if (device.net.queuePairs() < queuePairs)
        {
            throw new IllegalStateException(spec + " is open with " + device.net.queuePairs() + " queue pairs; " +
                queuePairs + " asked");
        }
        device.users++;
        return device;
    }

    private static NicDevice openVhostUser(final String spec, final VirtioNet.Config config, final boolean notify)
    {
        final MemfdDmaMemory memory = MemfdDmaMemory.create("jclick-" + spec.replace('/', '_'),
            VirtioNet.requiredBytes(config));
        try
        {
            final VhostUserTransport transport = new VhostUserTransport(spec.substring(VHOST_USER.length()), memory,
                VhostUserTransport.MIN_TIMEOUT_NS, false, notify, config.queuePairs());
            final VirtioNet net = new VirtioNet(transport, memory, config);
            net.start();
            return new NicDevice(spec, memory, net);
        }
        catch (final RuntimeException e)
        {
            memory.close();
            throw e;
        }
    }

    /** A virtio-pci or virtio-mmio device inside the appliance; refused (SecurityException) anywhere else. */
    private static NicDevice openInGuest(final String spec, final VirtioNet.Config config)
    {
        final InGuestDevice opened;
        try
        {
            opened = InGuestDevice.open(InGuestDevice.parse(spec), VirtioNet.requiredBytes(config));
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        try
        {
            // a legacy virtio-pci queue has the device's fixed size (QEMU: 64 for the control queue), which the
            // driver's 16-entry control queue cannot take: no control queue there (QEMU's device starts
            // promiscuous; PROMISC and N_QUEUES > 1 need the modern interface)
            final VirtioNet.Config effective = opened.transport() instanceof LegacyPciTransport ?
                config.withFeatureMask(config.featureMask() & ~(VirtioFeatures.bit(VirtioFeatures.NET_F_CTRL_VQ) |
                    VirtioFeatures.bit(VirtioFeatures.NET_F_CTRL_RX) | VirtioFeatures.bit(VirtioFeatures.NET_F_MQ))) :
                config;
            final VirtioNet net = new VirtioNet(opened.transport(), opened.memory(), effective);
            net.start();
            // the driver closes the transport; the device's close releases the function and the hugepages
            return new NicDevice(spec, opened, net);
        }
        catch (final RuntimeException e)
        {
            opened.close();
            throw e;
        }
    }

    /** The message of a failed {@link #acquire}: the spec once, then why (no stack trace). */
    static String failure(final String spec, final RuntimeException e)
    {
        final String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return message.startsWith(spec) ? message : spec + ": " + message;
    }

    /** Gives the device back; the last user closes it. */
    public static synchronized void release(final Router router, final NicDevice device)
    {
        if (--device.users == 0)
        {
            if (device.spec.startsWith(VHOST_USER))
            {
                PROCESS_DEVICES.remove(device.spec);
            }
            else
            {
                router.setAttachment("org.jclick.nic:" + device.spec, null);
            }
            device.net.close();
            if (device.memory instanceof InGuestDevice opened)
            {
                opened.closeAfterDriver();
            }
            else
            {
                ((MemfdDmaMemory)device.memory).close();
            }
        }
    }

    /** The open process-wide (vhost-user) device for {@code spec}, or null. */
    static synchronized NicDevice processDevice(final String spec)
    {
        return PROCESS_DEVICES.get(spec);
    }

    public VirtioNet net()
    {
        return net;
    }

    public String spec()
    {
        return spec;
    }

    /**
     * When the link is down because the backend went away: tries once to reconnect and restart the device.
     * Returns whether the link is up afterwards. Blocks up to the transport timeout; call from a timer.
     */
    public synchronized boolean checkLink()
    {
        if (net.linkUp())
        {
            return true;
        }
        final long errors = net.protocolErrors();
        if (errors > loggedProtocolErrors)
        {
            // logged once per stop: a stopped queue sees no more events until the reset below
            loggedProtocolErrors = errors;
            System.err.println(spec + ": the device broke the virtio protocol (" + describeStops() +
                "); queue stopped, link down; resetting the device");
        }
        else if (net.started() && reconnectFailures == 0)
        {
            // a reset drops whatever the rings hold: never silently (a failed reconnection is counted instead)
            System.err.println(spec + ": link down (" + (net.transport() instanceof
                org.jclick.nic.vhost.VhostUserTransport v && !v.lastError().isEmpty() ? v.lastError()
                : "the device reports no link")
                + "); resetting the device");
        }
        try
        {
            net.reset();
            return net.linkUp();
        }
        catch (final RuntimeException e)
        {
            reconnectFailures++;
            return false;
        }
    }

    private String describeStops()
    {
        final StringBuilder text = new StringBuilder();
        for (int q = 0; q < net.queuePairs(); q++)
        {
            describe(text, net.rxQueue(q));
            describe(text, net.txQueue(q));
        }
        return text.toString();
    }

    private static void describe(final StringBuilder text, final org.jclick.nic.virtio.Virtqueue queue)
    {
        if (queue != null && queue.stopped())
        {
            text.append(text.length() == 0 ? "" : ", ").append("queue ").append(queue.queueIndex()).append(": ")
                .append(org.jclick.nic.virtio.SplitVirtqueue.errorName(queue.lastError()));
        }
    }

    /**
     * The queue pair and pair count an element uses: its QUEUE / N_QUEUES when given, else, in replica {@code k} of
     * {@code --threads N} (the router's shard), pair {@code k} of {@code N}, else pair 0 of 1.
     */
    static int[] queueOf(final Router router, final int queue, final int queuePairs, final boolean given)
    {
        final org.jclick.dataplane.runtime.Shard shard = router.shard();
        if (given || shard == null)
        {
            return new int[] {queue, queuePairs};
        }
        return new int[] {shard.index(), shard.count()};
    }

    /** Failed reconnection attempts. */
    public long reconnectFailures()
    {
        return reconnectFailures;
    }

    /**
     * The handler text of the counters (shared by FromDevice and ToDevice): the packet counters are queue pair
     * {@code queue}'s when the device has several (so that {@code -h} sums over replicas count each frame once),
     * the whole device's otherwise.
     */
    String counter(final String name, final int queue)
    {
        final int pair = net.queuePairs() > 1 ? queue : -1;
        return switch (name)
        {
            case "rx_packets", "rx_bytes", "tx_packets", "tx_bytes", "rx_drops", "tx_drops", "ring_full" ->
                Long.toString(net.counter(pair, name));
            case "protocol_errors" -> Long.toString(net.protocolErrors());
            case "link" -> net.linkUp() ? "up" : "down";
            case "features" -> org.jclick.nic.virtio.VirtioFeatures.describe(net.features());
            case "reconnect_failures" -> Long.toString(reconnectFailures);
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** The driver-counter handler names of a FromDevice or ToDevice on device spec {@code spec}. */
    static String[] counterNames(final String spec)
    {
        return spec != null && HostInterface.isHostSpec(spec) ? HostInterface.COUNTERS : COUNTERS;
    }

    /**
     * The text of driver counter {@code name} for an element: its host interface's, else queue pair {@code queue}'s
     * of its device; "" before the element is initialized.
     */
    static String counterText(final HostInterface host, final NicDevice device, final int queue, final String name)
    {
        return host != null ? host.counter(name) : device != null ? device.counter(name, queue) : "";
    }

    /** The counter handlers both elements have. */
    static final String[] COUNTERS = {"rx_packets", "rx_bytes", "tx_packets", "tx_bytes", "rx_drops", "tx_drops",
        "ring_full", "protocol_errors", "link", "features", "reconnect_failures"};
}
