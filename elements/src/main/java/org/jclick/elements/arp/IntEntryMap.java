package org.jclick.elements.arp;

/**
 * An open-addressing map from an IPv4 address to a value, with linear probing and backward-shift deletion, so that
 * lookups neither allocate nor box. Insertions and deletions happen at setup or when the table changes.
 */
final class IntEntryMap<V>
{
    private int[] keys;
    private Object[] values;
    private int size;
    private int mask;

    IntEntryMap()
    {
        keys = new int[16];
        values = new Object[16];
        mask = 15;
    }

    private static int hash(final int key)
    {
        final int h = key * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    int size()
    {
        return size;
    }

    @SuppressWarnings("unchecked")
    V get(final int key)
    {
        int i = hash(key) & mask;
        while (true)
        {
            final Object v = values[i];
            if (v == null)
            {
                return null;
            }
            if (keys[i] == key)
            {
                return (V)v;
            }
            i = (i + 1) & mask;
        }
    }

    void put(final int key, final V value)
    {
        if ((size + 1) * 2 > keys.length)
        {
            grow();
        }
        int i = hash(key) & mask;
        while (values[i] != null)
        {
            if (keys[i] == key)
            {
                values[i] = value;
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        size++;
    }

    void remove(final int key)
    {
        int i = hash(key) & mask;
        while (true)
        {
            if (values[i] == null)
            {
                return;
            }
            if (keys[i] == key)
            {
                break;
            }
            i = (i + 1) & mask;
        }
        values[i] = null;
        size--;
        // shift later members of the cluster back into the gap
        int gap = i;
        int j = (i + 1) & mask;
        while (values[j] != null)
        {
            final int home = hash(keys[j]) & mask;
            final boolean movable = gap <= j ? (home <= gap || home > j) : (home <= gap && home > j);
            if (movable)
            {
                keys[gap] = keys[j];
                values[gap] = values[j];
                values[j] = null;
                gap = j;
            }
            j = (j + 1) & mask;
        }
    }

    void clear()
    {
        java.util.Arrays.fill(values, null);
        size = 0;
    }

    @SuppressWarnings("unchecked")
    private void grow()
    {
        final int[] oldKeys = keys;
        final Object[] oldValues = values;
        keys = new int[oldKeys.length * 2];
        values = new Object[oldKeys.length * 2];
        mask = keys.length - 1;
        size = 0;
        for (int i = 0; i < oldKeys.length; i++)
        {
            if (oldValues[i] != null)
            {
                put(oldKeys[i], (V)oldValues[i]);
            }
        }
    }
}
