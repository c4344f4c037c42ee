/**
 * virtio over PCI from user space inside the jclick appliance: {@link org.jclick.nic.pci.PciDevice} (sysfs,
 * uio_pci_generic binding), {@link org.jclick.nic.pci.LegacyPciTransport} (virtio 0.9.5 registers in the I/O BAR,
 * section 4.1.4.8) and {@link org.jclick.nic.pci.ModernPciTransport} (virtio 1.x capabilities, section 4.1.4), the
 * FFM system calls they share ({@link org.jclick.nic.pci.LinuxIo}), the safety rule
 * ({@link org.jclick.nic.pci.ApplianceGuard}) and the guest-side checks run by the appliance tests
 * ({@link org.jclick.nic.pci.GuestProbe}).
 */
package org.jclick.nic.pci;
