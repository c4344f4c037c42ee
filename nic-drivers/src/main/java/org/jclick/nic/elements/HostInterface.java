package org.jclick.nic.elements;

import java.util.ArrayList;
import java.util.List;

import org.jclick.dataplane.runtime.Router;
import org.jclick.nic.afpacket.PacketRxRing;
import org.jclick.nic.afpacket.PacketSockets;
import org.jclick.nic.afpacket.PacketTxRing;

/**
 * A host network interface used by the FromDevice/ToDevice elements of one router through packet sockets
 * ({@code AF_PACKET}): each FromDevice gets its own receive ring and each ToDevice its own transmit ring (so
 * they may run in any threads), and this object, kept as a router attachment, sums their counters for the
 * handlers. With N_QUEUES above 1 the receive rings of the router's FromDevice elements on the interface form
 * one PACKET_FANOUT group (frames spread by flow hash). Setup code only, except the rings' burst methods.
 */
public final class HostInterface
{
    /** The explicit prefix of a host interface spec; a spec without ':' is a host interface too. */
    public static final String AFPACKET = "afpacket:";

    /** The counter handlers of a host interface (the meaningful subset of {@link NicDevice#COUNTERS}). */
    static final String[] COUNTERS = {"rx_packets", "rx_bytes", "tx_packets", "tx_bytes", "rx_drops", "tx_drops",
        "ring_full", "link"};

    private final String name;
    private final int ifindex;
    private final int fanoutGroup;
    private final List<PacketRxRing> rxRings = new ArrayList<>();
    private final List<PacketTxRing> txRings = new ArrayList<>();
    private int users;

    private HostInterface(final String name, final int ifindex)
    {
        this.name = name;
        this.ifindex = ifindex;
        // fanout group ids are shared by the whole network namespace: one per (process, router, interface)
        this.fanoutGroup = (int)((ProcessHandle.current().pid() * 31 + ifindex * 7919L +
            System.identityHashCode(this)) & 0xFFFF);
    }

    /** Whether {@code spec} names a host interface: {@code afpacket:NAME}, or a name without ':'. */
    static boolean isHostSpec(final String spec)
    {
        return spec.startsWith(AFPACKET) || spec.indexOf(':') < 0;
    }

    /** The interface name of a host spec. */
    static String interfaceName(final String spec)
    {
        return spec.startsWith(AFPACKET) ? spec.substring(AFPACKET.length()) : spec;
    }

    /** Null if host spec {@code spec} has a valid interface name; otherwise why not (for a configure error). */
    static String checkSpec(final String spec)
    {
        return PacketSockets.checkInterfaceName(interfaceName(spec));
    }

    /**
     * The router's interface for {@code spec}; throws with a one-line reason ("NAME: no such network interface")
     * when it does not exist.
     */
    static synchronized HostInterface acquire(final Router router, final String spec)
    {
        final String name = interfaceName(spec);
        final String key = "org.jclick.nic.host:" + name;
        HostInterface host = (HostInterface)router.attachment(key);
        if (host == null)
        {
            host = new HostInterface(name, PacketSockets.interfaceIndex(name));
            router.setAttachment(key, host);
        }
        host.users++;
        return host;
    }

    /** Gives the interface back; closes {@code rx} and {@code tx} (either may be null). */
    static synchronized void release(final Router router, final HostInterface host, final PacketRxRing rx,
        final PacketTxRing tx)
    {
        if (rx != null)
        {
            rx.pollStatistics();
            rx.close();
        }
        if (tx != null)
        {
            tx.close();
        }
        if (--host.users == 0)
        {
            router.setAttachment("org.jclick.nic.host:" + host.name, null);
        }
    }

    /** A new receive ring on this interface, in the fanout group when {@code queues > 1}. */
    synchronized PacketRxRing openRx(final int queues, final boolean promisc, final boolean outbound)
    {
        final PacketRxRing rx = PacketRxRing.open(name, ifindex, promisc, outbound, queues > 1 ? fanoutGroup : -1,
            PacketRxRing.DEFAULT_BLOCK_BYTES, PacketRxRing.DEFAULT_BLOCK_COUNT, PacketRxRing.DEFAULT_RETIRE_MS);
        rxRings.add(rx);
        return rx;
    }

    /** A new transmit ring on this interface, with slots sized for its MTU. */
    synchronized PacketTxRing openTx()
    {
        final int mtu = PacketSockets.interfaceMtu(name);
        final PacketTxRing tx = PacketTxRing.open(name, ifindex, mtu, PacketTxRing.slotBytesFor(mtu),
            PacketTxRing.DEFAULT_RING_BYTES);
        txRings.add(tx);
        return tx;
    }

    /** The message of a failed open: the interface name once, then why (no stack trace). */
    static String failure(final String spec, final RuntimeException e)
    {
        final String name = interfaceName(spec);
        final String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return message.startsWith(name + ":") ? message : name + ": " + message;
    }

    /** Reads the kernel's counters of every receive ring (from a timer: a system call per ring). */
    synchronized void pollStatistics()
    {
        for (int i = 0; i < rxRings.size(); i++)
        {
            rxRings.get(i).pollStatistics();
        }
    }

    public String name()
    {
        return name;
    }

    public int ifindex()
    {
        return ifindex;
    }

    /** The handler text of counter {@code name} (one of {@link #COUNTERS}), summed over the rings. */
    synchronized String counter(final String counter)
    {
        if (counter.equals("link"))
        {
            return PacketSockets.linkUp(name) ? "up" : "down";
        }
        pollStatistics();
        long value = 0;
        for (final PacketRxRing rx : rxRings)
        {
            value += switch (counter)
            {
                case "rx_packets" -> rx.packets();
                case "rx_bytes" -> rx.bytes();
                case "rx_drops" -> rx.kernelDrops() + rx.noBufferDrops();
                case "ring_full" -> rx.freezes();
                default -> 0;
            };
        }
        for (final PacketTxRing tx : txRings)
        {
            value += switch (counter)
            {
                case "tx_packets" -> tx.packets();
                case "tx_bytes" -> tx.bytes();
                case "tx_drops" -> tx.drops() + tx.kickErrors();
                case "ring_full" -> tx.ringFull();
                default -> 0;
            };
        }
        return Long.toString(value);
    }
}
