package org.jclick.nic.afpacket;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.jclick.nic.sys.Errno;
import org.jclick.nic.sys.Linux;
import org.jclick.nic.sys.LinuxException;

/** Setup helpers shared by the rings: opening and binding a packet socket, interface look-ups. Setup code only. */
public final class PacketSockets
{
    /** {@code IFF_UP}: the interface is administratively up. */
    public static final int IFF_UP = 0x1;
    /** {@code IFF_PROMISC}: the interface is promiscuous (some user asked for it). */
    public static final int IFF_PROMISC = 0x100;
    /** {@code IFF_RUNNING}: the interface's link is up (operational). */
    public static final int IFF_RUNNING = 0x40;

    private PacketSockets()
    {
    }

    /**
     * Null if {@code name} is a valid Linux interface name (the kernel's dev_valid_name: 1 to 15 bytes, not "."
     * or "..", no '/', ':' or white space); otherwise why not.
     */
    public static String checkInterfaceName(final String name)
    {
        final int bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes == 0)
        {
            return "empty interface name";
        }
        if (bytes >= Linux.IFNAMSIZ)
        {
            return "interface name '" + name + "' is longer than " + (Linux.IFNAMSIZ - 1) + " bytes";
        }
        if (name.equals(".") || name.equals(".."))
        {
            return "'" + name + "' is not a valid interface name";
        }
        for (int i = 0; i < name.length(); i++)
        {
            final char c = name.charAt(i);
            if (c == '/' || c == ':' || Character.isWhitespace(c) || c < 0x20)
            {
                return "'" + name + "' is not a valid interface name (no '/', ':' or white space)";
            }
        }
        return null;
    }

    /** The index of interface {@code name}; throws {@link NoSuchInterfaceException} when there is none. */
    public static int interfaceIndex(final String name)
    {
        final int index = Linux.ifNameToIndex(name);
        if (index <= 0)
        {
            throw new NoSuchInterfaceException(name);
        }
        return index;
    }

    /** The interface flags (IFF_*) of {@code name}, through SIOCGIFFLAGS on a throwaway socket. */
    public static int interfaceFlags(final String name)
    {
        final int fd = Linux.unixStreamSocket();
        try
        {
            return Linux.ioctlIfreqShort(fd, Linux.SIOCGIFFLAGS, name);
        }
        finally
        {
            Linux.closeQuietly(fd);
        }
    }

    /** The MTU of {@code name} (SIOCGIFMTU). */
    public static int interfaceMtu(final String name)
    {
        final int fd = Linux.unixStreamSocket();
        try
        {
            return Linux.ioctlIfreqInt(fd, Linux.SIOCGIFMTU, name);
        }
        finally
        {
            Linux.closeQuietly(fd);
        }
    }

    /** Whether {@code name} is up and running (IFF_UP and IFF_RUNNING); false if it is gone. */
    public static boolean linkUp(final String name)
    {
        try
        {
            return (interfaceFlags(name) & (IFF_UP | IFF_RUNNING)) == (IFF_UP | IFF_RUNNING);
        }
        catch (final LinuxException e)
        {
            return false;
        }
    }

    /**
     * A new {@code AF_PACKET, SOCK_RAW} socket with protocol 0: it receives nothing until {@link #bind} names a
     * protocol, so no frame of another interface ever reaches it (a socket opened with ETH_P_ALL would see every
     * interface's frames until it is bound). EPERM/EACCES become a message saying what is missing.
     */
    public static int openSocket(final String name)
    {
        try
        {
            return Linux.socket(Linux.AF_PACKET, Linux.SOCK_RAW, 0);
        }
        catch (final LinuxException e)
        {
            if (e.errno() == Errno.EPERM || e.errno() == Errno.EACCES)
            {
                throw new IllegalStateException(name + ": a packet socket needs root or CAP_NET_RAW (" +
                    e.getMessage() + ")", e);
            }
            throw e;
        }
    }

    /** Sets an int option at SOL_PACKET level. */
    static void setPacketOption(final int fd, final int option, final int value, final String what)
    {
        Linux.setsockoptInt(fd, Tpacket3.SOL_PACKET, option, value, what);
    }

    /** Sets PACKET_RX_RING or PACKET_TX_RING from a {@code struct tpacket_req3}. */
    static void setRing(final int fd, final int option, final int blockBytes, final int blockCount,
        final int frameBytes, final int frameCount, final int retireBlockTimeoutMs, final String what)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment req = arena.allocate(Tpacket3.REQ3_BYTES, 4);
            Tpacket3.req3(req, blockBytes, blockCount, frameBytes, frameCount, retireBlockTimeoutMs);
            Linux.setsockopt(fd, Tpacket3.SOL_PACKET, option, req, what);
        }
    }

    /**
     * Binds {@code fd} to interface {@code ifindex} for {@code protocol} (host byte order; 0: send only, receive
     * nothing).
     */
    static void bind(final int fd, final int ifindex, final int protocol, final String name)
    {
        try (Arena arena = Arena.ofConfined())
        {
            // struct sockaddr_ll { u16 sll_family; be16 sll_protocol; int sll_ifindex; u16 sll_hatype;
            //                      u8 sll_pkttype; u8 sll_halen; u8 sll_addr[8]; }
            final MemorySegment address = arena.allocate(Tpacket3.SOCKADDR_LL_BYTES, 4);
            address.set(ValueLayout.JAVA_SHORT, 0, (short)Linux.AF_PACKET);
            address.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN), 2,
                (short)protocol);
            address.set(ValueLayout.JAVA_INT, 4, ifindex);
            Linux.bind(fd, address, "bind(AF_PACKET, " + name + ")");
        }
    }

    /** Joins interface {@code ifindex}'s promiscuous-mode users (PACKET_ADD_MEMBERSHIP, PACKET_MR_PROMISC). */
    static void addPromiscuousMembership(final int fd, final int ifindex)
    {
        try (Arena arena = Arena.ofConfined())
        {
            // struct packet_mreq { int mr_ifindex; u16 mr_type; u16 mr_alen; u8 mr_address[8]; }
            final MemorySegment mreq = arena.allocate(16, 4);
            mreq.set(ValueLayout.JAVA_INT, 0, ifindex);
            mreq.set(ValueLayout.JAVA_SHORT, 4, (short)Tpacket3.PACKET_MR_PROMISC);
            Linux.setsockopt(fd, Tpacket3.SOL_PACKET, Tpacket3.PACKET_ADD_MEMBERSHIP, mreq,
                "PACKET_ADD_MEMBERSHIP PACKET_MR_PROMISC");
        }
    }

    /** Thrown when an interface name does not exist: its message is the one-line reason. */
    public static final class NoSuchInterfaceException extends IllegalArgumentException
    {
        private static final long serialVersionUID = 1L;

        public NoSuchInterfaceException(final String name)
        {
            super(name + ": no such network interface");
        }
    }
}
