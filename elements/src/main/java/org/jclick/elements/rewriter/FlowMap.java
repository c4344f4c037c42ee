package org.jclick.elements.rewriter;

/**
 * One rewriter's lookup table for one protocol family (Click's {@code HashContainer<IPRewriterEntry>}): open
 * addressing with linear probing. A slot is two ints: the entry reference ({@code 2 * flow + direction}, plus one;
 * 0 is empty) and the full 32-bit hash of the entry's key (source address, destination address,
 * {@code sport << 16 | dport}). A probe compares hashes within the 8-byte slots and reads the entry's key from
 * its {@link FlowStore} record only when the hash matches, which is almost always the entry looked for: that
 * record is what the packet needs next anyway. Slots of 8 bytes keep the table half the size of slots that carry
 * the key, so more of it stays in cache. Deletion shifts the following run back, so there are no tombstones. The
 * table doubles (setup-sized, rarely at run time) above half full.
 */
final class FlowMap
{
    /** Ints per slot: entry + 1, then the key's hash. */
    private static final int STRIDE = 2;

    private final FlowStore store;
    /** {@code STRIDE} ints per slot. */
    private int[] table;
    /** Slot count minus one (a power of two minus one). */
    private int mask;
    private int size;

    FlowMap(final FlowStore store, final int expectedFlows)
    {
        this.store = store;
        int n = 16;
        // two entries per flow at most half full
        final long want = 4L * Math.max(16, Math.min(expectedFlows, 1 << 18));
        while (n < want)
        {
            n <<= 1;
        }
        table = new int[n * STRIDE];
        mask = n - 1;
    }

    int size()
    {
        return size;
    }

    static int hash(final int sa, final int da, final int ports)
    {
        int h = sa * 0x9E3779B1 ^ Integer.rotateLeft(da * 0x85EBCA77, 13) ^ Integer.rotateLeft(ports * 0xC2B2AE3D, 7);
        h ^= h >>> 16;
        h *= 0x7FEB352D;
        h ^= h >>> 15;
        return h;
    }

    /** The entry whose key is (sa, da, ports), or -1. */
    int find(final int sa, final int da, final int ports)
    {
        final int[] t = table;
        final int m = mask;
        final int h = hash(sa, da, ports);
        int i = h & m;
        while (true)
        {
            final int at = i * STRIDE;
            final int v = t[at];
            if (v == 0)
            {
                return -1;
            }
            if (t[at + 1] == h && store.keyEquals(v - 1, sa, da, ports))
            {
                return v - 1;
            }
            i = (i + 1) & m;
        }
    }

    /** Puts {@code entry} under its key; returns the entry it replaced, or -1. */
    int put(final int entry)
    {
        if (2 * (size + 1) > mask + 1)
        {
            resize((mask + 1) * 2);
        }
        final int sa = store.saddr(entry);
        final int da = store.daddr(entry);
        final int p = store.ports(entry);
        final int h = hash(sa, da, p);
        final int[] t = table;
        int i = h & mask;
        while (true)
        {
            final int at = i * STRIDE;
            final int v = t[at];
            if (v == 0)
            {
                t[at] = entry + 1;
                t[at + 1] = h;
                size++;
                return -1;
            }
            if (t[at + 1] == h && store.keyEquals(v - 1, sa, da, p))
            {
                t[at] = entry + 1;
                return v - 1;
            }
            i = (i + 1) & mask;
        }
    }

    /** Removes {@code entry} if it is the one stored under its key. */
    void removeEntry(final int entry)
    {
        final int sa = store.saddr(entry);
        final int da = store.daddr(entry);
        final int p = store.ports(entry);
        final int[] t = table;
        int i = hash(sa, da, p) & mask;
        while (true)
        {
            final int v = t[i * STRIDE];
            if (v == 0)
            {
                return;
            }
            if (v == entry + 1)
            {
                break;
            }
            i = (i + 1) & mask;
        }
        // backward-shift deletion
        int hole = i;
        int j = i;
        while (true)
        {
            j = (j + 1) & mask;
            final int at = j * STRIDE;
            if (t[at] == 0)
            {
                break;
            }
            final int home = t[at + 1] & mask;
            // move slot j into the hole unless its home lies cyclically in (hole, j]
            final boolean stay = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!stay)
            {
                System.arraycopy(t, at, t, hole * STRIDE, STRIDE);
                hole = j;
            }
        }
        t[hole * STRIDE] = 0;
        size--;
    }

    private void resize(final int n)
    {
        final int[] old = table;
        table = new int[n * STRIDE];
        mask = n - 1;
        size = 0;
        for (int at = 0; at < old.length; at += STRIDE)
        {
            if (old[at] != 0)
            {
                put(old[at] - 1);
            }
        }
    }

    /** Number of slots, for iteration with {@link #slot}. */
    int slotCount()
    {
        return mask + 1;
    }

    /** The entry in slot {@code i}, or -1. */
    int slot(final int i)
    {
        return table[i * STRIDE] - 1;
    }
}
