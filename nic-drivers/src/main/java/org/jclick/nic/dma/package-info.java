/**
 * Device-visible memory for in-guest drivers without an IOMMU: {@link org.jclick.nic.dma.HugepageMemory} (2 MiB
 * hugepages, locked, physical addresses from {@code /proc/self/pagemap}).
 */
package org.jclick.nic.dma;
