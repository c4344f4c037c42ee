/**
 * Host network interfaces through Linux packet sockets ({@code AF_PACKET}), driven with java.lang.foreign only:
 * a {@code TPACKET_V3} receive ring ({@link org.jclick.nic.afpacket.PacketRxRing}) polled from user space without
 * a system call per packet, a transmit ring ({@link org.jclick.nic.afpacket.PacketTxRing}) kicked once per burst,
 * and the {@link org.jclick.nic.afpacket.Tpacket3} flyweights over the kernel's ring headers. Frames are copied
 * between the rings and jclick packets (the rings belong to the kernel). Used by the FromDevice and ToDevice
 * elements for a plain interface name such as {@code eth0} or {@code afpacket:eth0}.
 */
package org.jclick.nic.afpacket;
