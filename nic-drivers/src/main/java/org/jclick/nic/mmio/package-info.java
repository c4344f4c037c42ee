/**
 * virtio-mmio (section 4.2) from user space inside the jclick appliance, through {@code /dev/mem}:
 * {@link org.jclick.nic.mmio.MmioTransport}.
 */
package org.jclick.nic.mmio;
