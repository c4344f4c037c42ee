package org.jclick.elements.iplookup;

import java.util.Arrays;

/**
 * The routes of a table and a longest-prefix-match index over them. Routes live in slots (parallel arrays); each
 * CIDR prefix length has an open-addressing hash table from the masked address to the slot, and lookups probe the
 * occupied lengths from the longest down, without allocating. Routes with non-contiguous masks are rare and kept
 * in a list that lookups scan.
 */
final class RouteSet
{
    int[] addr = new int[16];
    int[] mask = new int[16];
    int[] gw = new int[16];
    int[] port = new int[16];
    boolean[] used = new boolean[16];
    int slots;          // slots in use or freed (high-water mark)
    int size;
    private final boolean lowestFree;
    private int[] freeStack = new int[16];
    private int freeCount;

    private final int[][] keys = new int[33][];
    private final int[][] vals = new int[33][];
    private final int[] counts = new int[33];
    private long lengths;     // bit L set: some route of length L
    private int[] odd = new int[0];   // slots with non-CIDR masks
    private int oddCount;

    RouteSet(final boolean lowestFree)
    {
        this.lowestFree = lowestFree;
    }

    static int prefixLength(final int mask)
    {
        final int len = Integer.bitCount(mask);
        return (len == 0 ? 0 : -1 << (32 - len)) == mask ? len : -1;
    }

    private static int hash(final int key)
    {
        final int h = key * 0x9E3779B9;
        return h ^ (h >>> 15);
    }

    /** The slot of the route with exactly this prefix, or -1. */
    int find(final int a, final int m)
    {
        final int len = prefixLength(m);
        if (len < 0)
        {
            for (int i = 0; i < oddCount; i++)
            {
                final int s = odd[i];
                if (addr[s] == a && mask[s] == m)
                {
                    return s;
                }
            }
            return -1;
        }
        return probe(len, a);
    }

    private int probe(final int len, final int key)
    {
        final int[] k = keys[len];
        if (k == null || counts[len] == 0)
        {
            return -1;
        }
        final int[] v = vals[len];
        final int msk = k.length - 1;
        int i = hash(key) & msk;
        while (true)
        {
            final int s = v[i];
            if (s < 0)
            {
                return -1;
            }
            if (k[i] == key)
            {
                return s;
            }
            i = (i + 1) & msk;
        }
    }

    /** Longest-prefix match: the slot of the best route for {@code dst}, or -1. Allocation-free. */
    int lookup(final int dst)
    {
        long ls = lengths;
        while (ls != 0)
        {
            final int len = 63 - Long.numberOfLeadingZeros(ls);
            ls &= ~(1L << len);
            final int m = len == 0 ? 0 : -1 << (32 - len);
            final int s = probe(len, dst & m);
            if (s >= 0)
            {
                return oddCount == 0 ? s : betterOdd(dst, s);
            }
        }
        return oddCount == 0 ? -1 : betterOdd(dst, -1);
    }

    private int betterOdd(final int dst, final int best)
    {
        int b = best;
        for (int i = 0; i < oddCount; i++)
        {
            final int s = odd[i];
            if ((dst & mask[s]) == addr[s] && (b < 0 || Integer.compareUnsigned(mask[s], mask[b]) > 0))
            {
                b = s;
            }
        }
        return b;
    }

    /** Stores a new route (the prefix must not be present); returns its slot. */
    int add(final int a, final int m, final int g, final int p)
    {
        final int s = allocate();
        addr[s] = a;
        mask[s] = m;
        gw[s] = g;
        port[s] = p;
        used[s] = true;
        size++;
        final int len = prefixLength(m);
        if (len < 0)
        {
            if (oddCount == odd.length)
            {
                odd = Arrays.copyOf(odd, Math.max(4, oddCount * 2));
            }
            odd[oddCount++] = s;
        }
        else
        {
            insertIndex(len, a, s);
        }
        return s;
    }

    void remove(final int s)
    {
        final int len = prefixLength(mask[s]);
        if (len < 0)
        {
            for (int i = 0; i < oddCount; i++)
            {
                if (odd[i] == s)
                {
                    System.arraycopy(odd, i + 1, odd, i, oddCount - i - 1);
                    oddCount--;
                    break;
                }
            }
        }
        else
        {
            removeIndex(len, addr[s]);
        }
        used[s] = false;
        size--;
        if (freeCount == freeStack.length)
        {
            freeStack = Arrays.copyOf(freeStack, freeCount * 2);
        }
        freeStack[freeCount++] = s;
    }

    private int allocate()
    {
        if (freeCount > 0)
        {
            if (lowestFree)
            {
                int best = 0;
                for (int i = 1; i < freeCount; i++)
                {
                    if (freeStack[i] < freeStack[best])
                    {
                        best = i;
                    }
                }
                final int s = freeStack[best];
                freeStack[best] = freeStack[--freeCount];
                return s;
            }
            return freeStack[--freeCount];
        }
        if (slots == addr.length)
        {
            final int n = slots * 2;
            addr = Arrays.copyOf(addr, n);
            mask = Arrays.copyOf(mask, n);
            gw = Arrays.copyOf(gw, n);
            port = Arrays.copyOf(port, n);
            used = Arrays.copyOf(used, n);
        }
        return slots++;
    }

    private void insertIndex(final int len, final int key, final int slot)
    {
        if (keys[len] == null)
        {
            keys[len] = new int[8];
            vals[len] = new int[8];
            Arrays.fill(vals[len], -1);
        }
        if ((counts[len] + 1) * 2 > keys[len].length)
        {
            final int[] ok = keys[len];
            final int[] ov = vals[len];
            keys[len] = new int[ok.length * 2];
            vals[len] = new int[ok.length * 2];
            Arrays.fill(vals[len], -1);
            counts[len] = 0;
            for (int i = 0; i < ok.length; i++)
            {
                if (ov[i] >= 0)
                {
                    put(len, ok[i], ov[i]);
                }
            }
        }
        put(len, key, slot);
        lengths |= 1L << len;
    }

    private void put(final int len, final int key, final int slot)
    {
        final int[] k = keys[len];
        final int[] v = vals[len];
        final int msk = k.length - 1;
        int i = hash(key) & msk;
        while (v[i] >= 0)
        {
            i = (i + 1) & msk;
        }
        k[i] = key;
        v[i] = slot;
        counts[len]++;
    }

    private void removeIndex(final int len, final int key)
    {
        final int[] k = keys[len];
        final int[] v = vals[len];
        final int msk = k.length - 1;
        int i = hash(key) & msk;
        while (v[i] >= 0 && k[i] != key)
        {
            i = (i + 1) & msk;
        }
        if (v[i] < 0)
        {
            return;
        }
        v[i] = -1;
        counts[len]--;
        if (counts[len] == 0)
        {
            lengths &= ~(1L << len);
        }
        int gap = i;
        int j = (i + 1) & msk;
        while (v[j] >= 0)
        {
            final int home = hash(k[j]) & msk;
            final boolean movable = gap <= j ? (home <= gap || home > j) : (home <= gap && home > j);
            if (movable)
            {
                k[gap] = k[j];
                v[gap] = v[j];
                v[j] = -1;
                gap = j;
            }
            j = (j + 1) & msk;
        }
    }
}
