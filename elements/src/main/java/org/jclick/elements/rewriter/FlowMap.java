package org.jclick.elements.rewriter;

/**
 * One rewriter's lookup table for one protocol family (Click's {@code HashContainer<IPRewriterEntry>}): open
 * addressing with linear probing over an int array of entry references ({@code 2 * flow + direction}, plus one;
 * 0 is empty), keyed by the entry's flow identity held in the {@link FlowStore}. Deletion shifts the following
 * run back, so there are no tombstones. The table doubles (setup-sized, rarely at run time) above half full.
 */
final class FlowMap
{
    private final FlowStore store;
    private int[] slots;
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
        slots = new int[n];
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
        final int[] s = slots;
        final int m = mask;
        final int[] ksa = store.saddr;
        final int[] kda = store.daddr;
        final int[] kp = store.ports;
        int i = hash(sa, da, ports) & m;
        while (true)
        {
            final int v = s[i];
            if (v == 0)
            {
                return -1;
            }
            final int e = v - 1;
            if (ksa[e] == sa && kda[e] == da && kp[e] == ports)
            {
                return e;
            }
            i = (i + 1) & m;
        }
    }

    /** Puts {@code entry} under its key; returns the entry it replaced, or -1. */
    int put(final int entry)
    {
        if (2 * (size + 1) > slots.length)
        {
            resize(slots.length * 2);
        }
        final int sa = store.saddr[entry];
        final int da = store.daddr[entry];
        final int p = store.ports[entry];
        int i = hash(sa, da, p) & mask;
        while (true)
        {
            final int v = slots[i];
            if (v == 0)
            {
                slots[i] = entry + 1;
                size++;
                return -1;
            }
            final int e = v - 1;
            if (store.saddr[e] == sa && store.daddr[e] == da && store.ports[e] == p)
            {
                slots[i] = entry + 1;
                return e;
            }
            i = (i + 1) & mask;
        }
    }

    /** Removes {@code entry} if it is the one stored under its key. */
    void removeEntry(final int entry)
    {
        final int sa = store.saddr[entry];
        final int da = store.daddr[entry];
        final int p = store.ports[entry];
        int i = hash(sa, da, p) & mask;
        while (true)
        {
            final int v = slots[i];
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
            final int v = slots[j];
            if (v == 0)
            {
                break;
            }
            final int e = v - 1;
            final int home = hash(store.saddr[e], store.daddr[e], store.ports[e]) & mask;
            // move v into the hole unless its home lies cyclically in (hole, j]
            final boolean stay = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!stay)
            {
                slots[hole] = v;
                hole = j;
            }
        }
        slots[hole] = 0;
        size--;
    }

    private void resize(final int n)
    {
        final int[] old = slots;
        slots = new int[n];
        mask = n - 1;
        size = 0;
        for (final int v : old)
        {
            if (v != 0)
            {
                put(v - 1);
            }
        }
    }

    /** Number of slots, for iteration with {@link #slot}. */
    int slotCount()
    {
        return slots.length;
    }

    /** The entry in slot {@code i}, or -1. */
    int slot(final int i)
    {
        return slots[i] - 1;
    }
}
